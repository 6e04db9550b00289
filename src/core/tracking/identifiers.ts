import { err, ok, type Result, type S10Problem, s10Problem } from '../shared/index.ts';

/*
 * A parcel carries several identifiers: Silkline's own (shp_…, prc_…), the line's, the last-mile
 * carrier's, often a UPU S10 number. Each one, however a buyer or partner types it, must find the
 * same parcel, so lookups use one normal form.
 */

/**
 * The lookup form of an identifier: trimmed, upper case, without spaces. Labels print S10 numbers
 * as "RR 12345678 9 CN" and buyers paste them with non-breaking or zero-width spaces, so every
 * kind of white space goes; full-width letters and digits (typed with a Chinese input method)
 * become ASCII (NFKC). Hyphens are kept: some carriers' numbers differ only by them.
 */
export function normalizeIdentifier(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u200B-\u200D\uFEFF]+/gu, '')
    .toUpperCase();
}

/** Silkline's prefixed sortable ids (shared/ids.ts): prefix, "_", 26 Crockford base32 characters. */
const SILKLINE_ID = /^(ORD|SHP|PRC|LEG)_[0-9A-HJKMNP-TV-Z]{26}$/;
/** The S10 layout, before checking letters, digit and country: 2 letters, 9 digits, 2 letters. */
const S10_LIKE = /^[A-Z]{2}\d{9}[A-Z]{2}$/;

export type IdentifierClass =
  | { readonly kind: 's10'; readonly normalized: string }
  /** Laid out as S10 but failing it: a typo (check digit) or a number that only looks like one. */
  | { readonly kind: 's10-invalid'; readonly normalized: string; readonly problem: S10Problem }
  | {
      readonly kind: 'silkline';
      readonly normalized: string;
      readonly entity: 'order' | 'shipment' | 'parcel' | 'leg';
    }
  | { readonly kind: 'other'; readonly normalized: string };

const ENTITY = { ORD: 'order', SHP: 'shipment', PRC: 'parcel', LEG: 'leg' } as const;

export function classifyIdentifier(text: string): IdentifierClass {
  const normalized = normalizeIdentifier(text);
  const silkline = SILKLINE_ID.exec(normalized);
  if (silkline) {
    return { kind: 'silkline', normalized, entity: ENTITY[silkline[1] as keyof typeof ENTITY] };
  }
  if (S10_LIKE.test(normalized)) {
    const problem = s10Problem(normalized);
    return problem === null
      ? { kind: 's10', normalized }
      : { kind: 's10-invalid', normalized, problem };
  }
  return { kind: 'other', normalized };
}

/** Whose identifier it is, as the parcel's record keeps it. */
export type IdentifierRole = 'silkline' | 'line' | 'last-mile' | 's10' | 'partner';

export interface ParcelIdentifier {
  readonly role: IdentifierRole;
  readonly value: string;
  /** The partner that issued it, when one did. */
  readonly partnerId?: string;
}

/** Two parcels claiming one identifier: the second registration is refused, not silently merged. */
export interface IdentifierConflict {
  readonly key: string;
  readonly parcelId: string;
  readonly otherParcelId: string;
}

/**
 * Every identifier of every parcel, by lookup form: an in-memory index for the core's tests and
 * the simulator; the database keeps the same keys in a unique index.
 */
export class IdentifierIndex {
  private readonly byKey = new Map<string, string>();

  /** Registers a parcel's identifiers; all or nothing when one already belongs to another parcel. */
  add(
    parcelId: string,
    identifiers: readonly ParcelIdentifier[],
  ): Result<readonly string[], IdentifierConflict[]> {
    const keys = [...new Set(identifiers.map((i) => normalizeIdentifier(i.value)))].filter(
      (k) => k !== '',
    );
    const conflicts: IdentifierConflict[] = [];
    for (const key of keys) {
      const owner = this.byKey.get(key);
      if (owner !== undefined && owner !== parcelId) {
        conflicts.push({ key, parcelId, otherParcelId: owner });
      }
    }
    if (conflicts.length > 0) return err(conflicts);
    for (const key of keys) this.byKey.set(key, parcelId);
    return ok(keys);
  }

  find(text: string): string | undefined {
    return this.byKey.get(normalizeIdentifier(text));
  }
}

import {
  lookupCode,
  type MappingEntry,
  tableInForce,
  type TrackingMappings,
  type TrackingStatus,
} from '../core/tracking/index.ts';

/*
 * A partner's vocabulary read backwards: for a status and sub-status the simulator wants to
 * report, the partner's own code for it. Built from the partner's mapping table in force (then
 * the shared tables it uses, as lookupCode reads them), so the simulator speaks each partner's
 * language and only ever sends codes the integrator maps — except on purpose (unmappedCode).
 */

/** What a scan means, in preference order: [status, sub-status] pairs; '*' takes any sub-status. */
export type Wanted = readonly (readonly [TrackingStatus, string | null | '*'])[];

export interface PartnerCode {
  readonly code: string;
  readonly entry: MappingEntry;
}

export interface Vocabulary {
  /** The partner's code for the first wanted meaning it has a code for; undefined if none. */
  codeFor(wanted: Wanted): PartnerCode | undefined;
  /** Every code the partner's tables know. */
  readonly codes: ReadonlySet<string>;
}

const EMPTY: Vocabulary = { codeFor: () => undefined, codes: new Set() };

function buildVocabulary(tables: readonly (ReadonlyMap<string, MappingEntry> | undefined)[]) {
  // The first table that lists a code decides what it means (lookupCode's order).
  const meaning = new Map<string, MappingEntry>();
  for (const table of tables)
    for (const [code, entry] of table ?? []) if (!meaning.has(code)) meaning.set(code, entry);
  const exact = new Map<string, PartnerCode>();
  const anyOf = new Map<string, PartnerCode>();
  for (const [code, entry] of meaning) {
    const key = `${entry.status}/${entry.subStatus ?? ''}`;
    if (!exact.has(key)) exact.set(key, { code, entry });
    if (!anyOf.has(entry.status)) anyOf.set(entry.status, { code, entry });
  }
  const vocabulary: Vocabulary = {
    codes: new Set(meaning.keys()),
    codeFor(wanted) {
      for (const [status, sub] of wanted) {
        const found = sub === '*' ? anyOf.get(status) : exact.get(`${status}/${sub ?? ''}`);
        if (found) return found;
      }
      return undefined;
    },
  };
  return vocabulary;
}

/** Vocabularies per partner and table version, built once. */
export class Vocabularies {
  readonly mappings: TrackingMappings;
  private readonly cache = new Map<string, Vocabulary>();

  constructor(mappings: TrackingMappings) {
    this.mappings = mappings;
  }

  /** The partner's vocabulary at an instant (its table in force then, and the tables it uses). */
  of(partnerId: string, atMs: number): Vocabulary {
    const table = tableInForce(this.mappings.partners.get(partnerId), atMs);
    if (!table) return EMPTY;
    const key = `${partnerId}@${table.validFromMs}`;
    let v = this.cache.get(key);
    if (!v) {
      v = buildVocabulary([
        table.entries,
        ...table.uses.map((id) => tableInForce(this.mappings.shared.get(id), atMs)?.entries),
      ]);
      this.cache.set(key, v);
    }
    return v;
  }

  /**
   * A code the partner's tables do not map at `atMs`, in the partner's style (same length and
   * alphabet as its codes where possible), for the deliberate share of unmapped events.
   */
  unmappedCode(partnerId: string, atMs: number, draw: () => number): string {
    const known = this.of(partnerId, atMs).codes;
    const sample = [...known][0] ?? 'X1';
    const numeric = /^\d+$/.test(sample);
    for (let attempt = 0; attempt < 50; attempt++) {
      const n = Math.floor(draw() * 900) + 100;
      const code = numeric ? String(n * 10 + 9) : `${sample.slice(0, 1).toUpperCase()}Z${n}`;
      if (!lookupCode(this.mappings, partnerId, code, atMs).ok) return code;
    }
    return `SIM-UNMAPPED-${Math.floor(draw() * 1e6)}`;
  }
}

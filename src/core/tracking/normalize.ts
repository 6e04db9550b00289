import { z } from 'zod';
import { type CountryCode, isCountryCode } from '../shared/index.ts';
import { normalizeIdentifier } from './identifiers.ts';
import { lookupCode, type TrackingMappings, type UnmappedReason } from './mapping.ts';
import type { TrackingStatus } from './status.ts';

/*
 * A partner's event, as it arrives (webhook, batch file or polling adapter), becomes a normalized
 * event in Silkline's taxonomy, or an unmapped finding for operators when its code is not in the
 * partner's table, or an invalid event when it cannot be read. Partner text is kept as sent (the
 * page escapes it); nothing is guessed.
 */

/** The fields every partner sends, by any of the three paths (issue 6). */
export const partnerEventSchema = z.object({
  eventId: z.string().trim().min(1).max(200),
  trackingNumber: z.string().trim().min(1).max(100),
  code: z.string().trim().min(1).max(64),
  occurredAt: z.string().min(1).max(64),
  location: z
    .object({
      country: z.string().max(64).nullish(),
      city: z.string().max(200).nullish(),
    })
    .nullish(),
  description: z.string().max(2000).nullish(),
});
export type PartnerEventInput = z.input<typeof partnerEventSchema>;
type PartnerEvent = z.output<typeof partnerEventSchema>;

/**
 * A well-formed event read as partnerEventSchema reads it, without zod: every partner event goes
 * through here, and the schema's general machinery costs several times these few checks. Anything
 * else gives undefined, and the schema then says what is wrong. The limits are the schema's; a
 * property test (normalize.test.ts) holds the two to the same answer.
 */
export function readWellFormed(input: unknown): PartnerEvent | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const o = input as Record<string, unknown>;
  const eventId = trimmedWithin(o.eventId, 200);
  const trackingNumber = trimmedWithin(o.trackingNumber, 100);
  const code = trimmedWithin(o.code, 64);
  const occurredAt = o.occurredAt;
  if (eventId === undefined || trackingNumber === undefined || code === undefined) return undefined;
  if (typeof occurredAt !== 'string' || occurredAt.length < 1 || occurredAt.length > 64)
    return undefined;
  const description = o.description;
  if (!nullishOrWithin(description, 2000)) return undefined;
  const place = o.location;
  let location: PartnerEvent['location'];
  if (place === undefined || place === null) location = place;
  else {
    if (typeof place !== 'object' || Array.isArray(place)) return undefined;
    const { country, city } = place as Record<string, unknown>;
    if (!nullishOrWithin(country, 64) || !nullishOrWithin(city, 200)) return undefined;
    location = { country, city };
  }
  return { eventId, trackingNumber, code, occurredAt, location, description };
}

function trimmedWithin(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t.length >= 1 && t.length <= max ? t : undefined;
}

function nullishOrWithin(v: unknown, max: number): v is string | null | undefined {
  return v === undefined || v === null || (typeof v === 'string' && v.length <= max);
}

export interface EventTime {
  readonly utcMs: number;
  /** The offset the partner wrote, in minutes east of UTC: the event's local time for display. */
  readonly offsetMinutes: number;
  /** The text as sent. */
  readonly text: string;
}

export interface EventPlace {
  readonly country: CountryCode | null;
  readonly city: string | null;
}

export interface TrackingEvent {
  readonly partnerId: string;
  readonly eventId: string;
  /** The number as the partner sent it. */
  readonly trackingNumber: string;
  /** Its lookup form (identifiers.ts). */
  readonly trackingKey: string;
  readonly code: string;
  readonly status: TrackingStatus;
  readonly subStatus: string | null;
  readonly occurredAt: EventTime;
  readonly location: EventPlace;
  /** The partner's own words, unescaped. */
  readonly description: string;
  /** The table that mapped the code, and its version. */
  readonly mapping: { readonly table: string; readonly validFrom: string };
}

/** A code the partner's table does not know: shown to operators, kept for re-reading once mapped. */
export interface UnmappedFinding {
  readonly partnerId: string;
  readonly eventId: string;
  readonly trackingNumber: string;
  readonly trackingKey: string;
  readonly code: string;
  readonly reason: UnmappedReason;
  readonly occurredAt: EventTime;
  readonly location: EventPlace;
  readonly description: string;
}

export interface EventIssue {
  readonly field: string;
  readonly message: string;
}

export type NormalizeOutcome =
  | { readonly kind: 'event'; readonly event: TrackingEvent; readonly warnings: readonly string[] }
  | { readonly kind: 'unmapped'; readonly finding: UnmappedFinding }
  | { readonly kind: 'invalid'; readonly issues: readonly EventIssue[] };

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** UTC offsets in use run from −12:00 to +14:00. */
const MIN_OFFSET = -12 * 60;
const MAX_OFFSET = 14 * 60;

/**
 * An ISO 8601 instant that must carry its UTC offset ("Z", "+08:00", "+0800" or "+08"): a local
 * time without one cannot be placed on the timeline. Seconds and fractions are optional; the
 * fraction is cut to milliseconds. Returns the reason when the text is not such an instant.
 */
export function parseEventTime(text: string): EventTime | { error: string } {
  const m = INSTANT.exec(text.trim());
  if (!m) {
    return /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?$/.test(text.trim())
      ? { error: 'has no UTC offset (add Z or ±hh:mm): a local time alone is ambiguous' }
      : { error: 'is not an ISO 8601 instant such as 2026-03-01T10:15:00+08:00' };
  }
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  // Date.UTC reads years below 100 as 19xx; no partner event is that old.
  if (y < 1970) return { error: 'is before 1970' };
  if (mo < 1 || mo > 12 || d < 1 || new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) {
    return { error: `names a day that does not exist (${m[1]}-${m[2]}-${m[3]})` };
  }
  if (h > 23 || mi > 59 || s > 59) return { error: 'has an hour, minute or second out of range' };
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (om > 59) return { error: 'has an offset with more than 59 minutes' };
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
    if (offsetMinutes < MIN_OFFSET || offsetMinutes > MAX_OFFSET) {
      return { error: 'has an offset outside −12:00 … +14:00' };
    }
  }
  const utcMs = Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000;
  return { utcMs, offsetMinutes, text };
}

/** The event's wall-clock time where it happened, as ISO 8601 with its offset. */
export function localTimeText(time: Pick<EventTime, 'utcMs' | 'offsetMinutes'>): string {
  const local = new Date(time.utcMs + time.offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (time.offsetMinutes === 0) return `${local}Z`;
  const sign = time.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(time.offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

/**
 * A partner event (partnerId from the authenticated sender, never from the body) read with the
 * partner's mapping. A country that is not ISO 3166 is dropped with a warning rather than losing
 * the whole event (a delivery scan matters more than its country field).
 */
export function normalizeEvent(
  partnerId: string,
  input: PartnerEventInput,
  mappings: TrackingMappings,
): NormalizeOutcome {
  let e = readWellFormed(input);
  if (e === undefined) {
    const shape = partnerEventSchema.safeParse(input);
    if (!shape.success) {
      return {
        kind: 'invalid',
        issues: shape.error.issues.map((i) => ({
          field: i.path.map(String).join('.'),
          message: i.message,
        })),
      };
    }
    e = shape.data;
  }
  const time = parseEventTime(e.occurredAt);
  if ('error' in time) {
    return {
      kind: 'invalid',
      issues: [{ field: 'occurredAt', message: `"${e.occurredAt}" ${time.error}` }],
    };
  }
  const warnings: string[] = [];
  const countryText = e.location?.country?.trim().toUpperCase() ?? '';
  let country: CountryCode | null = null;
  if (countryText !== '') {
    if (isCountryCode(countryText)) country = countryText;
    else
      warnings.push(`location.country "${e.location?.country}" is not an ISO 3166 code; dropped`);
  }
  const city = e.location?.city?.trim() || null;
  const location: EventPlace = { country, city };
  const trackingKey = normalizeIdentifier(e.trackingNumber);
  const description = e.description ?? '';
  const found = lookupCode(mappings, partnerId, e.code, time.utcMs);
  if (!found.ok) {
    return {
      kind: 'unmapped',
      finding: {
        partnerId,
        eventId: e.eventId,
        trackingNumber: e.trackingNumber,
        trackingKey,
        code: e.code,
        reason: found.reason,
        occurredAt: time,
        location,
        description,
      },
    };
  }
  return {
    kind: 'event',
    event: {
      partnerId,
      eventId: e.eventId,
      trackingNumber: e.trackingNumber,
      trackingKey,
      code: e.code,
      status: found.entry.status,
      subStatus: found.entry.subStatus,
      occurredAt: time,
      location,
      description,
      mapping: { table: found.table, validFrom: found.validFrom },
    },
    warnings,
  };
}

/** The fields of an event that the store keeps as columns, from which it can be sent again. */
export type StoredEventFields = Pick<
  UnmappedFinding,
  'eventId' | 'trackingNumber' | 'code' | 'occurredAt' | 'location' | 'description'
>;

/**
 * The event as a partner would have sent it, given back from its stored fields: exact for every
 * event that rawIsRedundant accepted (for the others the store keeps what was sent).
 */
export function eventAsSent(e: StoredEventFields): PartnerEventInput {
  const location: { country?: string; city?: string } = {};
  if (e.location.country !== null) location.country = e.location.country;
  if (e.location.city !== null) location.city = e.location.city;
  return {
    eventId: e.eventId,
    trackingNumber: e.trackingNumber,
    code: e.code,
    occurredAt: e.occurredAt.text,
    location,
    description: e.description,
  };
}

const SENT_KEYS = new Set([
  'eventId',
  'trackingNumber',
  'code',
  'occurredAt',
  'location',
  'description',
]);

/**
 * Whether the stored fields give back `input` exactly as JSON (eventAsSent): then the event as
 * sent need not be stored beside them. Anything else — a field trimmed or upper-cased on the way
 * in, an absent location, a field Silkline does not read — keeps the input. Keys whose value is
 * undefined count as absent, as in JSON.
 */
export function rawIsRedundant(input: unknown, e: StoredEventFields): boolean {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const o = input as Record<string, unknown>;
  let present = 0;
  for (const key in o) {
    if (!Object.hasOwn(o, key) || o[key] === undefined) continue;
    if (!SENT_KEYS.has(key)) return false;
    present++;
  }
  if (present !== SENT_KEYS.size) return false;
  if (
    o.eventId !== e.eventId ||
    o.trackingNumber !== e.trackingNumber ||
    o.code !== e.code ||
    o.occurredAt !== e.occurredAt.text ||
    o.description !== e.description
  )
    return false;
  const place = o.location;
  if (typeof place !== 'object' || place === null || Array.isArray(place)) return false;
  const p = place as Record<string, unknown>;
  for (const key in p) {
    if (!Object.hasOwn(p, key) || p[key] === undefined) continue;
    if (key !== 'country' && key !== 'city') return false;
  }
  return (
    (p.country ?? null) === e.location.country &&
    (p.city ?? null) === e.location.city &&
    // A null sent is not an absent key in JSON.
    p.country !== null &&
    p.city !== null
  );
}

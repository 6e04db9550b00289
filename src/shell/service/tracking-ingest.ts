// Partner events in: validated and normalized with the partner's dated mapping (core), stored
// exactly once (unique (partner_id, event_id), INSERT … ON CONFLICT DO NOTHING), matched to a
// parcel by any of its identifiers or kept until one appears, and the touched parcels' tracking
// rebuilt (or, for a file, queued for a rebuild: tracking-rebuild-queue.ts) — one transaction and
// a handful of statements per chunk, whatever its size.
import { sql, type Transaction } from 'kysely';
import {
  normalizeEvent,
  type PartnerEventInput,
  rawIsRedundant,
  type TrackingEvent,
  type UnmappedReason,
} from '../../core/tracking/index.ts';
import { fnv1a32 } from '../../core/shared/index.ts';
import { arrayLiteral, msColumn } from '../db/pg-arrays.ts';
import { prepared } from '../db/prepared.ts';
import type { DB } from '../db/schema.ts';
import { trackingContext, type TrackingContext } from './tracking-context.ts';
import { rebuildParcels, type TrackingDeps } from './tracking-rebuild.ts';
import { queueRebuilds } from './tracking-rebuild-queue.ts';
import { withRetry } from './tracking-retry.ts';
import { parcelsOfShipments } from './tracking-shipments.ts';

export type EventSource = 'webhook' | 'batch' | 'poll';

/** One event as a partner sent it; partnerId is the authenticated sender's, never the body's. */
export interface IncomingEvent {
  readonly partnerId: string;
  readonly input: unknown;
}

export type EventResult = 'recorded' | 'duplicate' | 'unmatched' | 'unmapped' | 'invalid';

/**
 * What became of one event:
 *  - recorded: stored, matched to a parcel, its timeline rebuilt (a file's: queued for a rebuild
 *    a moment later, tracking-rebuild-queue.ts);
 *  - unmatched: stored and kept; it joins its parcel when one of the parcel's identifiers appears;
 *  - unmapped: stored, but the partner's code is in no mapping table: reported to operators
 *    (GET /v1/tracking/unmapped), never guessed, and left out of timelines;
 *  - duplicate: this partner's event id was already stored (or repeated in this delivery);
 *  - invalid: not stored; errors name each field and the reason.
 */
export interface EventOutcome {
  readonly result: EventResult;
  readonly eventId?: string;
  readonly code?: string;
  readonly unmappedReason?: UnmappedReason;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
  readonly warnings?: readonly string[];
}

interface Row {
  readonly index: number;
  readonly partnerId: string;
  readonly eventId: string;
  readonly trackingNumber: string;
  readonly trackingKey: string;
  readonly code: string;
  readonly status: string | null;
  readonly subStatus: string | null;
  readonly unmappedReason: UnmappedReason | null;
  readonly mappingTable: string | null;
  readonly mappingValidFrom: string | null;
  /** Epoch milliseconds (wholeMs). */
  readonly occurredAtMs: number;
  readonly offsetMinutes: number;
  readonly occurredText: string;
  readonly country: string | null;
  readonly city: string | null;
  readonly description: string;
  /** The event as received, as JSON; null when the columns give it back (core rawIsRedundant). */
  readonly raw: string | null;
  /** The normalized event (null: unmapped). */
  readonly event: TrackingEvent | null;
}

/**
 * Identifiers are matched under advisory locks on hash buckets of their lookup form: an event for
 * a number not yet known and the registration of that number serialise on the bucket, so the event
 * is either matched by the registration or finds the identifier itself, never neither.
 */
const IDENTIFIER_LOCK_SPACE = 0x5_11_7a;
const IDENTIFIER_BUCKETS = 256;

export function identifierBucket(key: string): number {
  return fnv1a32(key) % IDENTIFIER_BUCKETS;
}

export async function lockIdentifierBuckets(
  trx: Transaction<DB>,
  keys: Iterable<string>,
): Promise<void> {
  const buckets = [...new Set([...keys].map(identifierBucket))].sort((a, b) => a - b);
  if (buckets.length === 0) return;
  // In ascending order (the array's): two lockers never wait on each other crosswise.
  await prepared(sql`select pg_advisory_xact_lock(${IDENTIFIER_LOCK_SPACE}::int, b)
    from unnest(${buckets}::int[]) as b`).execute(trx);
}

/**
 * Identifiers found, per store: an identifier never changes parcel (the table's key, never
 * updated), so a found one is kept; one not found is asked again each time.
 */
const MAX_CACHED_IDENTIFIERS = 500_000;

/** What an identifier finds: a parcel, and for a consignment-level one its whole shipment. */
interface Owner {
  readonly parcelId: string;
  readonly shipmentId: string | null;
}
const identifierCaches = new WeakMap<object, Map<string, Owner>>();

/** Identifier lookups this process sent to the store (for benchmarks and tests). */
export const identifierStats = {
  /** Statements. */
  lookups: 0,
  /** Identifiers asked for. */
  asked: 0,
};

/**
 * Remembers identifiers a committed registration stored, so that the first events of its parcels
 * need no lookup in this process. Call only once the registration has committed: an identifier
 * is never given to another parcel after that, but a rolled-back one never existed.
 */
export function rememberIdentifiers(
  deps: TrackingDeps,
  rows: readonly { identifier: string; parcelId: string; shipmentId: string | null }[],
): void {
  const cache = identifierCache(deps, rows.length);
  for (const r of rows) cache.set(r.identifier, { parcelId: r.parcelId, shipmentId: r.shipmentId });
}

/** The process's identifiers for this store, with room for `adding` more (emptied when full). */
function identifierCache(deps: TrackingDeps, adding = 0): Map<string, Owner> {
  let cache = identifierCaches.get(deps.store);
  if (!cache) identifierCaches.set(deps.store, (cache = new Map()));
  if (cache.size + adding > MAX_CACHED_IDENTIFIERS) cache.clear();
  return cache;
}

async function ownersOf(deps: TrackingDeps, trx: Transaction<DB>, keys: readonly string[]) {
  const cache = identifierCache(deps);
  const owners = new Map<string, Owner>();
  const ask: string[] = [];
  for (const k of keys) {
    const p = cache.get(k);
    if (p === undefined) ask.push(k);
    else owners.set(k, p);
  }
  if (ask.length === 0) return owners;
  identifierStats.lookups++;
  identifierStats.asked += ask.length;
  const { rows } = await prepared(sql<{
    identifier: string;
    parcel_id: string;
    shipment_id: string | null;
  }>`
    select identifier, parcel_id, shipment_id from parcel_identifiers
    where identifier = any(${ask}::text[])`).execute(trx);
  // The same map, emptied first if these would not fit.
  const kept = identifierCache(deps, rows.length);
  for (const r of rows) {
    const owner = { parcelId: r.parcel_id, shipmentId: r.shipment_id };
    owners.set(r.identifier, owner);
    kept.set(r.identifier, owner);
  }
  return owners;
}

/** Validates and normalizes each event (core); the rows to store and the outcomes known so far. */
function prepare(
  ctx: TrackingContext,
  items: readonly IncomingEvent[],
): { rows: Row[]; outcomes: (EventOutcome | undefined)[] } {
  const outcomes: (EventOutcome | undefined)[] = new Array(items.length);
  const rows: Row[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const normalized = normalizeEvent(
      item.partnerId,
      item.input as PartnerEventInput,
      ctx.mappings,
    );
    if (normalized.kind === 'invalid') {
      outcomes[index] = {
        result: 'invalid',
        ...(eventIdOf(item.input) ? { eventId: eventIdOf(item.input)! } : {}),
        errors: normalized.issues.map((i) => ({
          field: i.field || '(event)',
          message: i.message,
        })),
      };
      return;
    }
    const e = normalized.kind === 'event' ? normalized.event : normalized.finding;
    const id = `${item.partnerId}\u0000${e.eventId}`;
    if (seen.has(id)) {
      outcomes[index] = { result: 'duplicate', eventId: e.eventId };
      return;
    }
    seen.add(id);
    rows.push({
      index,
      partnerId: item.partnerId,
      eventId: e.eventId,
      trackingNumber: e.trackingNumber,
      trackingKey: e.trackingKey,
      code: e.code,
      status: normalized.kind === 'event' ? normalized.event.status : null,
      subStatus: normalized.kind === 'event' ? normalized.event.subStatus : null,
      unmappedReason: normalized.kind === 'unmapped' ? normalized.finding.reason : null,
      mappingTable: normalized.kind === 'event' ? normalized.event.mapping.table : null,
      mappingValidFrom: normalized.kind === 'event' ? normalized.event.mapping.validFrom : null,
      occurredAtMs: e.occurredAt.utcMs,
      offsetMinutes: e.occurredAt.offsetMinutes,
      occurredText: e.occurredAt.text,
      country: e.location.country,
      city: e.location.city,
      description: e.description,
      raw: rawIsRedundant(item.input, e) ? null : JSON.stringify(item.input),
      event: normalized.kind === 'event' ? normalized.event : null,
    });
    if (normalized.kind === 'event' && normalized.warnings.length > 0)
      outcomes[index] = { result: 'recorded', eventId: e.eventId, warnings: normalized.warnings };
  });
  return { rows, outcomes };
}

function eventIdOf(input: unknown): string | undefined {
  const id = (input as { eventId?: unknown } | null)?.eventId;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

/**
 * Stores one chunk of events in one transaction and rebuilds the parcels they touched (a file's
 * chunk queues them for a drain instead). The outcomes are in the order of `items`.
 */
export async function ingestChunk(
  deps: TrackingDeps,
  items: readonly IncomingEvent[],
  source: EventSource,
): Promise<EventOutcome[]> {
  const ctx = await trackingContext(deps.planning.network);
  const { rows, outcomes } = prepare(ctx, items);
  if (rows.length > 0) {
    const recorded = await withRetry(deps, (trx, afterCommit) =>
      storeRows(deps, ctx, trx, rows, source, afterCommit),
    );
    for (const row of rows) {
      const stored = recorded.get(row.index);
      if (stored === undefined) {
        outcomes[row.index] = { result: 'duplicate', eventId: row.eventId };
      } else if (row.status === null) {
        outcomes[row.index] = {
          result: 'unmapped',
          eventId: row.eventId,
          code: row.code,
          unmappedReason: row.unmappedReason!,
        };
      } else if (stored === null) {
        outcomes[row.index] = { result: 'unmatched', eventId: row.eventId };
      } else {
        outcomes[row.index] ??= { result: 'recorded', eventId: row.eventId };
      }
    }
  }
  return outcomes as EventOutcome[];
}

/** Inserts the rows; returns, by item index, the parcel each recorded row matched (or null). */
async function storeRows(
  deps: TrackingDeps,
  ctx: TrackingContext,
  trx: Transaction<DB>,
  rows: readonly Row[],
  source: EventSource,
  afterCommit: (fn: () => void) => void,
): Promise<Map<number, string | null>> {
  const keys = [...new Set(rows.map((r) => r.trackingKey))];
  const owners = await ownersOf(deps, trx, keys);
  const unknown = keys.filter((k) => !owners.has(k));
  if (unknown.length > 0) {
    await lockIdentifierBuckets(trx, unknown);
    for (const [k, p] of await ownersOf(deps, trx, unknown)) owners.set(k, p);
  }
  // One order for every writer: concurrent chunks repeating each other's events wait, not deadlock.
  const sorted = [...rows].sort((a, b) =>
    a.partnerId < b.partnerId
      ? -1
      : a.partnerId > b.partnerId
        ? 1
        : a.eventId < b.eventId
          ? -1
          : a.eventId > b.eventId
            ? 1
            : 0,
  );
  const now = deps.clock.now().toISOString();
  // An array literal per column (pg-arrays.ts): the cheapest form for the server to read.
  const column = <T extends string | number | null>(f: (r: Row) => T) =>
    arrayLiteral(sorted.map(f));
  // One row back: a count, and the stored ids only when some rows were repeats (which ones, the
  // outcomes need); a chunk without repeats gets no row per event.
  const { rows: insertedRows } = await prepared(sql<{
    n: number;
    partners: string[] | null;
    events: string[] | null;
  }>`
    with stored as (
    insert into tracking_events (partner_id, event_id, source, tracking_number, tracking_key,
      parcel_id, shipment_id, code, status, sub_status, unmapped_reason, mapping_table,
      mapping_valid_from, occurred_at, occurred_offset_min, occurred_at_text, country, city,
      description, raw, received_at)
    select x.p, x.e, ${source}, x.tn, x.tk, x.pc, x.sh, x.cd, x.st, x.ss, x.ur, x.mt, x.mv,
      ${msColumn('x.oa')}, x.oo,
      x.ot, x.co, x.ci, x.de, x.r, ${now}::timestamptz
    from unnest(${column((r) => r.partnerId)}::text[], ${column((r) => r.eventId)}::text[],
      ${column((r) => r.trackingNumber)}::text[], ${column((r) => r.trackingKey)}::text[],
      ${column((r) => owners.get(r.trackingKey)?.parcelId ?? null)}::text[],
      ${column((r) => owners.get(r.trackingKey)?.shipmentId ?? null)}::text[],
      ${column((r) => r.code)}::text[],
      ${column((r) => r.status)}::text[], ${column((r) => r.subStatus)}::text[],
      ${column((r) => r.unmappedReason)}::text[], ${column((r) => r.mappingTable)}::text[],
      ${column((r) => r.mappingValidFrom)}::text[], ${column((r) => r.occurredAtMs)}::float8[],
      ${column((r) => r.offsetMinutes)}::smallint[], ${column((r) => r.occurredText)}::text[],
      ${column((r) => r.country)}::text[], ${column((r) => r.city)}::text[],
      ${column((r) => r.description)}::text[], ${column((r) => r.raw)}::text[])
      as x(p, e, tn, tk, pc, sh, cd, st, ss, ur, mt, mv, oa, oo, ot, co, ci, de, r)
    on conflict (partner_id, event_id) do nothing
    returning partner_id, event_id)
    select count(*)::int as n,
      case when count(*) < ${sorted.length}::int then array_agg(partner_id) end as partners,
      case when count(*) < ${sorted.length}::int then array_agg(event_id) end as events
    from stored`).execute(trx);
  const inserted = insertedRows[0]!;
  // Null: every row was stored.
  let insertedIds: Set<string> | null = null;
  if (inserted.n < sorted.length) {
    insertedIds = new Set();
    inserted.partners?.forEach((p, i) => insertedIds!.add(`${p}\u0000${inserted.events![i]}`));
  }
  const recorded = new Map<number, string | null>();
  const added = new Map<string, TrackingEvent[]>();
  const consignments = new Set<string>();
  for (const owner of owners.values()) if (owner.shipmentId) consignments.add(owner.shipmentId);
  const shipmentParcels =
    consignments.size > 0 ? await parcelsOfShipments(deps, trx, consignments) : null;
  for (const r of rows) {
    if (insertedIds !== null && !insertedIds.has(`${r.partnerId}\u0000${r.eventId}`)) continue;
    const owner = owners.get(r.trackingKey);
    recorded.set(r.index, owner?.parcelId ?? null);
    if (owner === undefined || r.event === null) continue;
    // A consignment's event is every parcel's of its shipment.
    const ofShipment = owner.shipmentId ? shipmentParcels?.get(owner.shipmentId) : undefined;
    const parcels = ofShipment && ofShipment.length > 0 ? ofShipment : [owner.parcelId];
    for (const parcel of parcels) {
      const list = added.get(parcel) ?? [];
      list.push(r.event);
      added.set(parcel, list);
    }
  }
  // A file's parcels wait for a pass (tracking-rebuild-queue.ts), which rebuilds a parcel once
  // for the several files that name it; a webhook's or a poll's are rebuilt here and now.
  if (source === 'batch') await queueRebuilds(deps, trx, added, afterCommit);
  else await rebuildParcels(deps, ctx, trx, [...added.keys()], { added, afterCommit });
  return recorded;
}

/** Chunks of this many events are stored and rebuilt in one transaction. */
export const INGEST_CHUNK = 2_000;

/**
 * Records partner events — the service's one way in (webhook, batch file, polling): in chunks of
 * INGEST_CHUNK, each in its own transaction. Outcomes in the order of `events`.
 */
export async function ingestEvents(
  deps: TrackingDeps,
  partnerId: string,
  events: readonly unknown[],
  source: EventSource,
): Promise<EventOutcome[]> {
  const out: EventOutcome[] = [];
  for (let i = 0; i < events.length; i += INGEST_CHUNK) {
    const chunk = events.slice(i, i + INGEST_CHUNK).map((input) => ({ partnerId, input }));
    out.push(...(await ingestChunk(deps, chunk, source)));
  }
  return out;
}

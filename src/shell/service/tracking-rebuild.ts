// Rebuilding parcels' tracking from their stored events, many parcels per statement: the timeline
// (core buildTimeline: a function of the set of distinct events, so order and repeats of arrival
// do not matter and the status never moves backwards), the ETA from the remaining legs, the
// exceptions, the legs' and shipment's lifecycle, and the seller's webhook events — all in the
// caller's transaction.
import { type RawBuilder, sql, type Transaction } from 'kysely';
import { type LegStatus, legTransition, shipmentStatus } from '../../core/orders/index.ts';
import type { CountryCode } from '../../core/shared/index.ts';
import {
  buildTimelineWithCursor,
  detectExceptions,
  eventAsSent,
  extendTimeline,
  etaForTimeline,
  type LegActivity,
  pointSampled,
  probabilityBy,
  quantileOf,
  type SampledDist,
  shiftSampled,
  type ShipmentEta,
  type Timeline,
  type TimelineCursor,
  type TrackingEvent,
  type TrackingException,
  type TrackingStatus,
} from '../../core/tracking/index.ts';
import { arrayLiteral, msColumn, wholeMs } from '../db/pg-arrays.ts';
import { prepared } from '../db/prepared.ts';
import type { DB } from '../db/schema.ts';
import type { AppDeps } from '../http/context.ts';
import { newDeliveryId } from '../webhooks/endpoints.ts';
import { eventMatches } from '../webhooks/events.ts';
import type { StoredLeg, TrackingContext } from './tracking-context.ts';
import { parcelsOfShipments } from './tracking-shipments.ts';
import { legObservationsInsert } from './tracking-history.ts';

export type TrackingDeps = Pick<
  AppDeps,
  | 'store'
  | 'queue'
  | 'clock'
  | 'ids'
  | 'planning'
  | 'trackingCacheParcels'
  | 'trackingRebuildDelayMs'
>;

/** Columns of tracking_events that make a normalized event again. */
export const EVENT_COLUMNS = sql.raw(
  'partner_id, event_id, tracking_number, tracking_key, code, status, sub_status, mapping_table, mapping_valid_from, occurred_at, occurred_offset_min, occurred_at_text, country, city, description',
);

export interface StoredEventRow {
  partner_id: string;
  event_id: string;
  tracking_number: string;
  tracking_key: string;
  code: string;
  status: string;
  sub_status: string | null;
  mapping_table: string | null;
  mapping_valid_from: string | null;
  occurred_at: Date;
  occurred_offset_min: number;
  occurred_at_text: string;
  country: string | null;
  city: string | null;
  description: string;
}

/** A stored (mapped) event as the core's normalized event. */
export function trackingEventOf(r: StoredEventRow): TrackingEvent {
  return {
    partnerId: r.partner_id,
    eventId: r.event_id,
    trackingNumber: r.tracking_number,
    trackingKey: r.tracking_key,
    code: r.code,
    status: r.status as TrackingStatus,
    subStatus: r.sub_status,
    occurredAt: {
      utcMs: new Date(r.occurred_at).getTime(),
      offsetMinutes: Number(r.occurred_offset_min),
      text: r.occurred_at_text,
    },
    location: { country: r.country as CountryCode | null, city: r.city },
    description: r.description,
    mapping: { table: r.mapping_table ?? '', validFrom: r.mapping_valid_from ?? '' },
  };
}

/** The event as its partner sent it: kept as JSON, or given back by the stored columns. */
export function eventAsSentOf(r: StoredEventRow & { raw: string | null }): unknown {
  return r.raw !== null ? (JSON.parse(r.raw) as unknown) : eventAsSent(trackingEventOf(r));
}

export interface LegRow {
  id: string;
  shipment_id: string;
  seq: number;
  partner_id: string;
  service_id: string;
  from_place: string;
  to_place: string;
  status: string;
}

export function storedLegOf(r: LegRow): StoredLeg {
  return {
    id: r.id,
    shipmentId: r.shipment_id,
    seq: r.seq,
    partnerId: r.partner_id,
    serviceId: r.service_id,
    fromPlace: r.from_place,
    toPlace: r.to_place,
    status: r.status,
  };
}

/**
 * The ETA of a timeline, as the core's etaForTimeline gives it from the legs' durations: arrival
 * = as-of + what is left of the current leg (started at its first event, or the previous leg's
 * last when earlier) + the later legs; the sums come from the context's cache (currentAndRest).
 * A finished shipment's is the core's own (delivered at, or none).
 */
export function etaOf(
  ctx: TrackingContext,
  legs: readonly StoredLeg[],
  timeline: Timeline,
  nowMs: number,
  promiseMs: number | null,
): ShipmentEta {
  // Without a promise, P(on time) is not meaningful: asked against the far future, it is 1.
  const promise = promiseMs ?? Number.MAX_SAFE_INTEGER;
  if (timeline.status.terminal) return etaForTimeline(timeline, new Map(), nowMs, promise);
  const currentSeq = timeline.currentLegSeq;
  const index = currentSeq === null ? -1 : legs.findIndex((l) => l.seq === currentSeq);
  const asOf = Math.max(nowMs, timeline.lastEventMs ?? nowMs);
  let arrival: SampledDist;
  if (index < 0) arrival = shiftSampled(ctx.remainingAfter(legs, -1) ?? pointSampled(0), asOf);
  else {
    // timeline.legs is sorted by seq: the current leg's activity, and the one before it.
    let activity: LegActivity | undefined;
    let previous: LegActivity | undefined;
    for (const l of timeline.legs) {
      if (l.seq < currentSeq!) previous = l;
      else if (l.seq === currentSeq) activity = l;
    }
    const startedAtMs = Math.min(activity!.firstEventMs, previous?.lastEventMs ?? Infinity);
    arrival = ctx.currentAndRest(legs, index, asOf - startedAtMs, asOf);
  }
  return {
    kind: 'estimate',
    p10Ms: quantileOf(arrival, 0.1),
    p50Ms: quantileOf(arrival, 0.5),
    p90Ms: quantileOf(arrival, 0.9),
    onTimeProbability: probabilityBy(arrival, promise),
    arrival,
  };
}

/** P(on time) to store: the estimate's, 1 or 0 once delivered, null without a promise. */
export function onTimeOf(eta: ShipmentEta, promiseMs: number | null): number | null {
  if (promiseMs === null) return null;
  if (eta.kind === 'estimate') return eta.onTimeProbability;
  if (eta.kind === 'delivered') return eta.onTime ? 1 : 0;
  return null;
}

/** What one rebuild of one parcel gives. */
export interface ParcelTracking {
  readonly timeline: Timeline;
  /** What extends the timeline with later events next time (core extendTimeline). */
  readonly cursor: TimelineCursor;
  readonly eta: ShipmentEta;
  readonly exceptions: readonly TrackingException[];
}

/** A parcel's previous timeline, and the events added since, to extend it rather than rebuild. */
export interface PriorTimeline {
  readonly timeline: Timeline;
  readonly cursor: TimelineCursor;
  readonly added: readonly TrackingEvent[];
}

export function computeParcelTracking(
  ctx: TrackingContext,
  legs: readonly StoredLeg[],
  events: readonly TrackingEvent[],
  nowMs: number,
  promiseMs: number | null,
  prior?: PriorTimeline,
): ParcelTracking {
  const { shipmentLegs, expectations } = ctx.legViewsOf(legs);
  // Events mostly come in time order: the new ones then only append to the timeline.
  const built =
    (prior && extendTimeline(shipmentLegs, prior.timeline, prior.cursor, prior.added, { nowMs })) ??
    buildTimelineWithCursor(shipmentLegs, events, { nowMs });
  const { timeline, cursor } = built;
  const eta = etaOf(ctx, legs, timeline, nowMs, promiseMs);
  const exceptions = detectExceptions({
    nowMs,
    timeline,
    legs: expectations,
    ...(eta.kind === 'estimate' && promiseMs !== null
      ? { onTimeProbability: eta.onTimeProbability }
      : {}),
  });
  return { timeline, cursor, eta, exceptions };
}

/** The lifecycle path a leg walks forward as tracking shows it moving (core/orders). */
const FORWARD: readonly LegStatus[] = ['booked', 'handed_over', 'in_progress', 'done'];

/**
 * The statuses from which the lifecycle (legTransition, one step at a time along FORWARD) reaches
 * each status tracking moves legs to: the guard of the leg update, so a leg only ever moves forward
 * and never from planned (booking's business) or out of a terminal status.
 */
const MOVES_FROM: Readonly<Record<'in_progress' | 'done', readonly LegStatus[]>> = {
  in_progress: reachableFrom('in_progress'),
  done: reachableFrom('done'),
};
function reachableFrom(target: LegStatus): LegStatus[] {
  const goal = FORWARD.indexOf(target);
  return FORWARD.slice(0, goal).filter((start) => {
    let at = FORWARD.indexOf(start);
    while (at < goal) {
      if (!legTransition(FORWARD[at]!, FORWARD[at + 1]!).ok) return false;
      at++;
    }
    return true;
  });
}

/**
 * Where tracking puts a leg: every leg is done once the parcel is delivered; legs before the
 * furthest leg with an event are done (the parcel has been handed on); that leg is in progress.
 * Loss does not fail a leg: lost parcels are found (the core's TERMINAL_EXITS), and the exception
 * says what to do.
 */
function legTarget(
  seq: number,
  currentLegSeq: number | null,
  delivered: boolean,
): 'in_progress' | 'done' | null {
  if (delivered) return 'done';
  if (currentLegSeq === null) return null;
  if (seq < currentLegSeq) return 'done';
  if (seq === currentLegSeq) return 'in_progress';
  return null;
}

interface StateRow {
  parcel_id: string;
  shipment_id: string;
  tenant_id: string;
  status: string;
  sub_status: string | null;
  current_leg_seq: number | null;
  /** The promised delivery, epoch ms (as a number: no date parsing per row). */
  promise_ms: string | number | null;
  version: string | number;
  tracking_number: string;
}

/** A parcel's tracking as its last rebuild stored it: what the next rebuild starts from. */
interface Prior {
  readonly parcelId: string;
  readonly shipmentId: string;
  readonly tenantId: string;
  readonly trackingNumber: string;
  readonly status: string;
  readonly subStatus: string | null;
  readonly currentLegSeq: number | null;
  readonly promiseMs: number | null;
  readonly version: number;
}

const priorOf = (r: StateRow): Prior => ({
  parcelId: r.parcel_id,
  shipmentId: r.shipment_id,
  tenantId: r.tenant_id,
  trackingNumber: r.tracking_number,
  status: r.status,
  subStatus: r.sub_status,
  currentLegSeq: r.current_leg_seq,
  promiseMs: r.promise_ms === null ? null : Number(r.promise_ms),
  version: Number(r.version),
});

interface SellerEvent {
  readonly tenantId: string;
  readonly type: string;
  readonly subjectId: string;
  readonly payload: object;
}

const iso = (ms: number | null | undefined): string | null => {
  const whole = wholeMs(ms);
  return whole === null ? null : new Date(whole).toISOString();
};

/** Locks the parcels' tracking rows (creating missing ones), in id order so writers never deadlock. */
async function lockStates(trx: Transaction<DB>, parcelIds: readonly string[], now: string) {
  const read = () =>
    prepared(sql<StateRow>`
      select s.parcel_id, s.shipment_id, s.tenant_id, s.status, s.sub_status, s.current_leg_seq,
        extract(epoch from s.promise_at) * 1000 as promise_ms, s.version, p.tracking_number
      from tracking_state s join parcels p on p.id = s.parcel_id
      where s.parcel_id = any(${parcelIds}::text[])
      order by s.parcel_id
      for update of s`).execute(trx);
  let rows = (await read()).rows;
  if (rows.length < parcelIds.length) {
    await prepared(sql`
      insert into tracking_state (parcel_id, shipment_id, tenant_id, updated_at)
      select p.id, p.shipment_id, p.tenant_id, ${now}::timestamptz
      from parcels p where p.id = any(${parcelIds}::text[])
      order by p.id
      on conflict (parcel_id) do nothing`).execute(trx);
    rows = (await read()).rows;
  }
  return rows;
}

type OpenExceptions = ReadonlyMap<string, { readonly kind: string; readonly notify: boolean }>;

/** No exception open: most parcels, most of the time, share this one (it is never changed). */
const NONE_OPEN: OpenExceptions = new Map();

/** The exceptions open once a rebuild's are: the same map when nothing opened or closed. */
function openAfter(open: OpenExceptions, exceptions: readonly TrackingException[]): OpenExceptions {
  if (exceptions.length === 0) return NONE_OPEN;
  if (exceptions.length === open.size && exceptions.every((x) => open.has(x.key))) return open;
  const next = new Map<string, { readonly kind: string; readonly notify: boolean }>();
  // Still open ones first, in their order, then the new ones (resolutions are listed that way).
  for (const [key, x] of open) if (exceptions.some((e) => e.key === key)) next.set(key, x);
  for (const x of exceptions)
    if (!next.has(x.key)) next.set(x.key, { kind: x.kind, notify: x.notifySeller });
  return next;
}

/**
 * What a process keeps of a parcel between rebuilds, valid while the parcel's tracking_state
 * version is the one it was made at: every change to a parcel's events, exceptions or stored
 * status goes through a rebuild, which bumps the version, so a copy at the stored version is what
 * is stored (another process's rebuild makes it stale, and it is read again). Legs are the
 * shipment's at the time.
 */
interface CachedParcel {
  readonly prior: Prior;
  readonly legs: readonly StoredLeg[];
  readonly events: readonly TrackingEvent[];
  readonly open: OpenExceptions;
  /** The timeline of `events` and its cursor (absent before the first rebuild). */
  readonly built?: { readonly timeline: Timeline; readonly cursor: TimelineCursor };
}

/**
 * Parcels cached per store, least recently rebuilt dropped first, unless the deployment sizes it
 * (AppDeps.trackingCacheParcels): 10 to 13 KiB each with their events (bench/tracking).
 */
export const DEFAULT_CACHED_PARCELS = 100_000;
const parcelCaches = new WeakMap<object, Map<string, CachedParcel>>();
/** Drops the parcels rebuilt longest ago, beyond the deployment's size (a Map iterates oldest first; a rebuild re-inserts its parcels). */
function keepNewest(deps: TrackingDeps, cache: Map<string, CachedParcel>): void {
  const limit = deps.trackingCacheParcels ?? DEFAULT_CACHED_PARCELS;
  for (const id of cache.keys()) {
    if (cache.size <= limit) break;
    cache.delete(id);
  }
}

function parcelCache(deps: TrackingDeps): Map<string, CachedParcel> {
  let cache = parcelCaches.get(deps.store);
  if (!cache) parcelCaches.set(deps.store, (cache = new Map()));
  return cache;
}

/**
 * Remembers parcels whose tracking rows were just made (version 0, no events): their first
 * events then need nothing read back. Safe before the making transaction commits: should it roll
 * back, nothing will ever ask for those parcel ids; should a row have existed already, its version
 * differs and the entry is not used.
 */
export function primeParcels(
  deps: TrackingDeps,
  parcels: readonly {
    readonly parcelId: string;
    readonly shipmentId: string;
    readonly tenantId: string;
    readonly trackingNumber: string;
    readonly promiseMs: number | null;
    readonly legs: readonly StoredLeg[];
  }[],
): void {
  const cache = parcelCache(deps);
  for (const p of parcels) {
    cache.set(p.parcelId, {
      prior: {
        parcelId: p.parcelId,
        shipmentId: p.shipmentId,
        tenantId: p.tenantId,
        trackingNumber: p.trackingNumber,
        status: 'pending',
        subStatus: null,
        currentLegSeq: null,
        promiseMs: p.promiseMs,
        version: 0,
      },
      legs: p.legs,
      events: [],
      open: NONE_OPEN,
    });
  }
  keepNewest(deps, cache);
}

/**
 * Drops parcels from this process's cache: their next rebuild reads them back from the store.
 * For parcels with stored events the cache may not hold (another process's, not yet rebuilt).
 */
export function forgetParcels(deps: TrackingDeps, parcelIds: Iterable<string>): void {
  const cache = parcelCache(deps);
  for (const id of parcelIds) cache.delete(id);
}

export interface RebuildOptions {
  /**
   * The events this transaction stored, by parcel: with them a parcel cached at its stored
   * version needs nothing read back. Without them, every parcel is read from the store.
   */
  readonly added?: ReadonlyMap<string, readonly TrackingEvent[]>;
  /** Registers work to do once the transaction has committed (the cache is filled then only). */
  readonly afterCommit?: (fn: () => void) => void;
}

/** What rebuilds did in this process (for benchmarks and operators' curiosity). */
export const rebuildStats = {
  /** Parcels rebuilt. */
  parcels: 0,
  /** … from the cache and stored optimistically. */
  fromCache: 0,
  /** … tried from the cache but rebuilt meanwhile by another transaction. */
  conflicts: 0,
  /** … read back from the store. */
  readBack: 0,
};

/** One parcel rebuilt: what to store, and what changed since the prior state. */
interface Rebuilt {
  readonly prior: Prior;
  readonly legs: readonly StoredLeg[];
  readonly events: readonly TrackingEvent[];
  readonly timeline: Timeline;
  readonly cursor: TimelineCursor;
  readonly eta: ShipmentEta;
  readonly exceptions: readonly TrackingException[];
  readonly open: OpenExceptions;
}

function rebuildOne(
  ctx: TrackingContext,
  prior: Prior,
  legs: readonly StoredLeg[],
  events: readonly TrackingEvent[],
  open: OpenExceptions,
  nowMs: number,
  from?: PriorTimeline,
): Rebuilt {
  const { timeline, cursor, eta, exceptions } = computeParcelTracking(
    ctx,
    legs,
    events,
    nowMs,
    prior.promiseMs,
    from,
  );
  return { prior, legs, events, timeline, cursor, eta, exceptions, open };
}

/** From a cached parcel: its timeline extended with the added events where they only append. */
function rebuildCached(
  ctx: TrackingContext,
  hit: CachedParcel,
  prior: Prior,
  added: readonly TrackingEvent[] | undefined,
  nowMs: number,
): Rebuilt {
  const more = added ?? [];
  const events = more.length > 0 ? [...hit.events, ...more] : hit.events;
  const from = hit.built ? { ...hit.built, added: more } : undefined;
  return rebuildOne(ctx, prior, hit.legs, events, hit.open, nowMs, from);
}

/**
 * Stores rebuilt parcels' states, each only if its row is still at the version it was rebuilt
 * from (optimistic: a row another transaction rebuilt meanwhile is left, and its parcel rebuilt
 * again under a lock). Returns the parcels stored.
 */
async function storeStates(
  trx: Transaction<DB>,
  rebuilt: readonly Rebuilt[],
  now: string,
): Promise<Set<string>> {
  if (rebuilt.length === 0) return new Set();
  // An array literal per column (db/pg-arrays.ts), the cheapest form for the server to read.
  const column = (f: (r: Rebuilt) => string | number | null) => arrayLiteral(rebuilt.map(f));
  const estimate = (r: Rebuilt, q: 'p10Ms' | 'p50Ms' | 'p90Ms') =>
    r.eta.kind === 'estimate' ? wholeMs(r.eta[q]) : null;
  // One row back: a count, and the parcels stored only when some were not (see storeRows).
  const { rows: result } = await prepared(sql<{ n: number; parcels: string[] | null }>`
    with stored as (
    update tracking_state s set
      status = u.s, sub_status = u.ss, status_since = ${msColumn('u.si')},
      progress_stage = u.pr, current_leg_seq = u.cl, last_event_at = ${msColumn('u.le')},
      event_count = u.n, eta_kind = u.ek, eta_p10 = ${msColumn('u.e10')},
      eta_p50 = ${msColumn('u.e50')}, eta_p90 = ${msColumn('u.e90')}, on_time_probability = u.ot,
      version = s.version + 1, updated_at = ${now}::timestamptz
    from unnest(${column((r) => r.prior.parcelId)}::text[],
      ${column((r) => r.prior.version)}::bigint[], ${column((r) => r.timeline.status.status)}::text[],
      ${column((r) => r.timeline.status.subStatus)}::text[],
      ${column((r) => wholeMs(r.timeline.status.sinceMs))}::float8[],
      ${column((r) => r.timeline.progressStage)}::int[],
      ${column((r) => r.timeline.currentLegSeq)}::int[],
      ${column((r) => wholeMs(r.timeline.lastEventMs))}::float8[],
      ${column((r) => r.timeline.entries.length)}::int[], ${column((r) => r.eta.kind)}::text[],
      ${column((r) => estimate(r, 'p10Ms'))}::float8[],
      ${column((r) => (r.eta.kind === 'delivered' ? wholeMs(r.eta.atMs) : estimate(r, 'p50Ms')))}::float8[],
      ${column((r) => estimate(r, 'p90Ms'))}::float8[],
      ${column((r) => onTimeOf(r.eta, r.prior.promiseMs))}::float8[])
      as u(p, v, s, ss, si, pr, cl, le, n, ek, e10, e50, e90, ot)
    where s.parcel_id = u.p and s.version = u.v
    returning s.parcel_id)
    select count(*)::int as n,
      case when count(*) < ${rebuilt.length}::int then array_agg(parcel_id) end as parcels
    from stored`).execute(trx);
  const { n, parcels } = result[0]!;
  return n === rebuilt.length
    ? new Set(rebuilt.map((r) => r.prior.parcelId))
    : new Set(parcels ?? []);
}

/**
 * Rebuilds the tracking of these parcels from every mapped event stored for them, in the
 * transaction that stored or matched their events. A parcel this process rebuilt last (cached at
 * the stored version) is rebuilt from the cache and the added events, and stored if its row is
 * still at that version; any other parcel — or one another transaction rebuilt meanwhile — has
 * its row locked first (in id order), then its events, legs and exceptions read, so a concurrent
 * transaction adding events to the same parcel waits and rebuilds with both.
 */
export async function rebuildParcels(
  deps: TrackingDeps,
  ctx: TrackingContext,
  trx: Transaction<DB>,
  parcelIds: readonly string[],
  options: RebuildOptions = {},
): Promise<void> {
  if (parcelIds.length === 0) return;
  const ids = [...new Set(parcelIds)].sort();
  const nowDate = deps.clock.now();
  const nowMs = nowDate.getTime();
  const now = nowDate.toISOString();
  const cache = parcelCache(deps);
  const added = options.added;

  // Optimistically, from the cache.
  const done: Rebuilt[] = [];
  if (added) {
    const tried: Rebuilt[] = [];
    for (const id of ids) {
      const hit = cache.get(id);
      if (hit) tried.push(rebuildCached(ctx, hit, hit.prior, added.get(id), nowMs));
    }
    const stored = await storeStates(trx, tried, now);
    for (const r of tried) if (stored.has(r.prior.parcelId)) done.push(r);
    rebuildStats.fromCache += done.length;
    rebuildStats.conflicts += tried.length - done.length;
  }

  // The rest under a lock, read from the store (the cache still serves at the locked version).
  const doneIds = new Set(done.map((r) => r.prior.parcelId));
  const rest = ids.filter((id) => !doneIds.has(id));
  if (rest.length > 0) {
    const states = (await lockStates(trx, rest, now)).map(priorOf);
    const known = new Map<string, CachedParcel>();
    const missed: Prior[] = [];
    for (const prior of states) {
      const hit = added ? cache.get(prior.parcelId) : undefined;
      if (hit && hit.prior.version === prior.version) known.set(prior.parcelId, hit);
      else missed.push(prior);
    }
    const legsByShipment = new Map<string, StoredLeg[]>();
    const eventsByParcel = new Map<string, TrackingEvent[]>();
    const openByParcel = new Map<string, Map<string, { kind: string; notify: boolean }>>();
    if (missed.length > 0) {
      const missedIds = missed.map((s) => s.parcelId);
      const shipmentIds = [...new Set(missed.map((s) => s.shipmentId))];
      // The consignment's events are stored under its first parcel: ask for every parcel of the
      // shipments (a single-parcel shipment's is the parcel itself).
      const ofShipments = await parcelsOfShipments(deps, trx, shipmentIds);
      const parcelIds = [...new Set([...missedIds, ...[...ofShipments.values()].flat()])];
      const [legRows, eventRows, openRows] = await Promise.all([
        prepared(sql<LegRow>`
          select id, shipment_id, seq, partner_id, service_id, from_place, to_place, status
          from legs where shipment_id = any(${shipmentIds}::text[]) and status <> 'cancelled'
          order by shipment_id, seq`).execute(trx),
        // A parcel's own events, and its shipment's consignment-level ones. Hazard: one plain
        // index condition on parcel_id; an OR with shipment_id (no index) scans the whole table
        // on PostgreSQL, and a subquery on parcels does on PGlite (which never analyzes).
        prepared(sql<StoredEventRow & { parcel_id: string; shipment_id: string | null }>`
          select parcel_id, shipment_id, ${EVENT_COLUMNS} from tracking_events
          where parcel_id = any(${parcelIds}::text[]) and status is not null
            and (parcel_id = any(${missedIds}::text[]) or shipment_id is not null)`).execute(trx),
        // Resolved ones are left out here, not in the statement (the hazard resolveExceptions names).
        prepared(sql<{
          parcel_id: string;
          key: string;
          kind: string;
          notify_seller: boolean;
          open: boolean;
        }>`
          select parcel_id, key, kind, notify_seller, resolved_at is null as open
          from tracking_exceptions where parcel_id = any(${missedIds}::text[])`).execute(trx),
      ]);
      for (const r of legRows.rows) {
        const list = legsByShipment.get(r.shipment_id) ?? [];
        list.push(storedLegOf(r));
        legsByShipment.set(r.shipment_id, list);
      }
      const missedOf = new Map<string, string[]>();
      for (const m of missed)
        missedOf.set(m.shipmentId, [...(missedOf.get(m.shipmentId) ?? []), m.parcelId]);
      const missedSet = new Set(missedIds);
      for (const r of eventRows.rows) {
        const event = trackingEventOf(r);
        const targets =
          r.shipment_id !== null && missedOf.has(r.shipment_id)
            ? missedOf.get(r.shipment_id)!
            : missedSet.has(r.parcel_id)
              ? [r.parcel_id]
              : [];
        for (const parcel of targets) {
          const list = eventsByParcel.get(parcel) ?? [];
          list.push(event);
          eventsByParcel.set(parcel, list);
        }
      }
      for (const r of openRows.rows) {
        if (!r.open) continue;
        const m = openByParcel.get(r.parcel_id) ?? new Map();
        m.set(r.key, { kind: r.kind, notify: r.notify_seller });
        openByParcel.set(r.parcel_id, m);
      }
    }
    rebuildStats.readBack += missed.length;
    const locked: Rebuilt[] = states.map((prior) => {
      const hit = known.get(prior.parcelId);
      return hit
        ? rebuildCached(ctx, hit, prior, added?.get(prior.parcelId), nowMs)
        : rebuildOne(
            ctx,
            prior,
            legsByShipment.get(prior.shipmentId) ?? [],
            eventsByParcel.get(prior.parcelId) ?? [],
            openByParcel.get(prior.parcelId) ?? NONE_OPEN,
            nowMs,
          );
    });
    await storeStates(trx, locked, now);
    done.push(...locked);
  }
  rebuildStats.parcels += done.length;
  await applyChanges(deps, trx, done, nowDate);

  const commit = () => {
    for (const r of done) {
      const status = r.timeline.status;
      const open = openAfter(r.open, r.exceptions);
      cache.delete(r.prior.parcelId);
      cache.set(r.prior.parcelId, {
        prior: {
          ...r.prior,
          status: status.status,
          subStatus: status.subStatus,
          currentLegSeq: r.timeline.currentLegSeq,
          version: r.prior.version + 1,
        },
        legs: r.legs,
        events: r.events,
        open,
        built: { timeline: r.timeline, cursor: r.cursor },
      });
    }
    keepNewest(deps, cache);
  };
  if (options.afterCommit) options.afterCommit(commit);
}

/**
 * What rebuilt parcels change besides their state: exceptions raised and resolved, legs moved
 * forward (and their shipments and orders), and the sellers' webhook events.
 */
async function applyChanges(
  deps: TrackingDeps,
  trx: Transaction<DB>,
  rebuilt: readonly Rebuilt[],
  nowDate: Date,
): Promise<void> {
  const now = nowDate.toISOString();
  const raised: object[] = [];
  const resolved = { parcel: [] as string[], key: [] as string[] };
  const legMoves = new Map<string, 'in_progress' | 'done'>();
  /** Shipments whose status may change: their first leg starts, or their parcel is delivered. */
  const deriveShipments = new Set<string>();
  const sellerEvents: SellerEvent[] = [];

  for (const { prior, legs, timeline, exceptions, open } of rebuilt) {
    const status = timeline.status;
    const base = {
      parcelId: prior.parcelId,
      shipmentId: prior.shipmentId,
      trackingNumber: prior.trackingNumber,
    };
    // Sellers hear of status changes (a sub-status alone, such as sorted → departed, is not one).
    if (status.status !== prior.status) {
      sellerEvents.push({
        tenantId: prior.tenantId,
        type: 'tracking.status_changed',
        subjectId: prior.parcelId,
        payload: {
          ...base,
          status: status.status,
          subStatus: status.subStatus,
          since: iso(status.sinceMs),
          previous: { status: prior.status, subStatus: prior.subStatus },
        },
      });
    }
    const current = new Set<string>();
    for (const x of exceptions) {
      current.add(x.key);
      if (open.has(x.key)) continue;
      raised.push({
        i: deps.ids.next('exc'),
        p: prior.parcelId,
        sh: prior.shipmentId,
        t: prior.tenantId,
        k: x.key,
        ki: x.kind,
        l: x.legSeq,
        pa: x.partnerId,
        a: x.suggestedAction,
        n: x.notifySeller,
        d: x.detail,
        s: iso(x.sinceMs) ?? now,
      });
      if (x.notifySeller)
        sellerEvents.push({
          tenantId: prior.tenantId,
          type: 'tracking.exception',
          subjectId: prior.parcelId,
          payload: {
            ...base,
            kind: x.kind,
            suggestedAction: x.suggestedAction,
            detail: x.detail,
            since: iso(x.sinceMs),
          },
        });
    }
    for (const [key, x] of open) {
      if (current.has(key)) continue;
      resolved.parcel.push(prior.parcelId);
      resolved.key.push(key);
      if (x.notify)
        sellerEvents.push({
          tenantId: prior.tenantId,
          type: 'tracking.exception_resolved',
          subjectId: prior.parcelId,
          payload: { ...base, kind: x.kind },
        });
    }
    // Legs move when where the parcel stands moves (the previous rebuild moved them to where it stood).
    const delivered = status.status === 'delivered';
    const wasDelivered = prior.status === 'delivered';
    if (delivered !== wasDelivered || timeline.currentLegSeq !== prior.currentLegSeq) {
      // The lifecycle derives in transit from the first leg under way and delivered from all legs
      // done: in between, legs moving on do not change the shipment.
      if (delivered !== wasDelivered || prior.currentLegSeq === null)
        deriveShipments.add(prior.shipmentId);
      for (const leg of legs) {
        const target = legTarget(leg.seq, timeline.currentLegSeq, delivered);
        if (target === null) continue;
        if (target === legTarget(leg.seq, prior.currentLegSeq, wasDelivered)) continue;
        // Two parcels of one shipment may both move a leg: the further status wins.
        if (legMoves.get(leg.id) !== 'done') legMoves.set(leg.id, target);
      }
    }
  }

  // The writes that depend on nothing read in this transaction go as one statement, a
  // data-modifying CTE each: each runs once and to completion whether or not it is read, and no
  // two touch the same row (a parcel's raised and resolved keys are disjoint). Up to four round
  // trips to the server become one.
  const writes: RawBuilder<unknown>[] = [];
  if (raised.length > 0)
    // A key raised again after it was resolved re-opens its record (the situation is back).
    writes.push(sql`raised as (
      insert into tracking_exceptions (id, parcel_id, shipment_id, tenant_id, key, kind, leg_seq,
        partner_id, suggested_action, notify_seller, detail, since, raised_at)
      select x.i, x.p, x.sh, x.t, x.k, x.ki, x.l, x.pa, x.a, x.n, x.d, x.s, ${now}::timestamptz
      from json_to_recordset(${JSON.stringify(raised)}::json) as x(i text, p text, sh text, t text,
        k text, ki text, l int, pa text, a text, n boolean, d text, s timestamptz)
      on conflict (parcel_id, key) do update set resolved_at = null, raised_at = excluded.raised_at,
        since = excluded.since, detail = excluded.detail, suggested_action = excluded.suggested_action
      where tracking_exceptions.resolved_at is not null)`);
  if (resolved.key.length > 0)
    writes.push(sql`resolved as (${resolveExceptions(now, resolved.parcel, resolved.key)})`);
  // The partners' measured history: how long the legs just completed took (tracking-history.ts).
  const observed = legObservationsInsert(deps, rebuilt, now);
  if (observed) writes.push(sql`observed as (${observed})`);
  // Legs move forward only from where the lifecycle allows (MOVES_FROM).
  const legIds = [...legMoves.keys()].sort();
  if (legIds.length > 0)
    writes.push(sql`moved as (
      update legs l set status = u.status, updated_at = ${now}::timestamptz
      from unnest(${legIds}::text[], ${legIds.map((id) => legMoves.get(id)!)}::text[])
        as u(id, status)
      where l.id = u.id and (
        (u.status = 'in_progress' and l.status = any(${MOVES_FROM.in_progress}::text[]))
        or (u.status = 'done' and l.status = any(${MOVES_FROM.done}::text[])))
      returning l.shipment_id)`);
  // The tenants that may hear of this (status changes, exceptions, shipments moving on): their
  // webhook endpoints are asked for at the same time as the writes run, on the same connection
  // (queued behind them, no round trip of its own).
  const tenants = new Set(sellerEvents.map((e) => e.tenantId));
  for (const r of rebuilt)
    if (deriveShipments.has(r.prior.shipmentId)) tenants.add(r.prior.tenantId);
  const endpoints = tenants.size > 0 ? endpointsOf(trx, [...tenants].sort()) : null;
  // Awaited below; a failure of the writes must not leave it unhandled meanwhile.
  endpoints?.catch(() => undefined);
  if (writes.length > 0) {
    const { rows: moved } = await prepared(sql<{ shipment_id: string }>`
      with ${sql.join(writes)}
      ${legIds.length > 0 ? sql`select shipment_id from moved` : sql`select null::text as shipment_id where false`}`).execute(
      trx,
    );
    const shipmentIds = [...new Set(moved.map((m) => m.shipment_id))]
      .filter((id) => deriveShipments.has(id))
      .sort();
    if (shipmentIds.length > 0)
      await deriveShipmentStatus(
        trx,
        shipmentIds,
        rebuilt.map((r) => r.prior),
        now,
        sellerEvents,
      );
  }
  if (endpoints) await recordSellerEvents(deps, trx, sellerEvents, await endpoints, nowDate);
}

/**
 * Resolves these parcels' exceptions by key (pairs at the same index); a row keeps the resolution
 * time it has. Hazard: a `resolved_at is null` condition lets the planner answer it from the
 * partial index of open exceptions — every open one of every parcel read and hashed, 1.4 ms a
 * webhook group with 500 open and growing with the table — instead of probing (parcel_id, key).
 */
export function resolveExceptions(
  now: string,
  parcels: readonly string[],
  keys: readonly string[],
): RawBuilder<unknown> {
  return sql`
    update tracking_exceptions x set resolved_at = coalesce(x.resolved_at, ${now}::timestamptz)
    from unnest(${parcels}::text[], ${keys}::text[]) as r(parcel_id, key)
    where x.parcel_id = r.parcel_id and x.key = r.key`;
}

interface Endpoint {
  readonly id: string;
  readonly tenant_id: string;
  readonly events: unknown;
}

/** The tenants' live webhook endpoints. */
async function endpointsOf(trx: Transaction<DB>, tenants: readonly string[]): Promise<Endpoint[]> {
  const { rows } = await prepared(sql<Endpoint>`
    select id, tenant_id, events from webhook_endpoints
    where tenant_id = any(${tenants}::text[]) and deleted_at is null`).execute(trx);
  return rows;
}

/**
 * Derives the status of each shipment whose legs just moved from all its legs (core
 * shipmentStatus), and moves its order along: booked → in transit → delivered. The shipments are
 * locked before their legs are read (a statement of its own: it sees the legs as other
 * transactions left them once their locks are released).
 */
async function deriveShipmentStatus(
  trx: Transaction<DB>,
  shipmentIds: readonly string[],
  parcels: readonly Prior[],
  now: string,
  sellerEvents: SellerEvent[],
): Promise<void> {
  // Sent together: the connection runs them in turn, so the legs are read by a statement that
  // starts once the locks are held, without a round trip between the two.
  const [{ rows: shipments }, { rows: legStatuses }] = await Promise.all([
    prepared(sql<{ id: string; status: string; order_id: string; tenant_id: string }>`
      select id, status, order_id, tenant_id from shipments where id = any(${shipmentIds}::text[])
      order by id for update`).execute(trx),
    prepared(sql<{ shipment_id: string; status: LegStatus }>`
      select shipment_id, status from legs where shipment_id = any(${shipmentIds}::text[])`).execute(
      trx,
    ),
  ]);
  const byShipment = listsBy(
    legStatuses,
    (l) => l.shipment_id,
    (l) => l.status,
  );
  // Listed once: a chunk rebuilds thousands of parcels of hundreds of shipments.
  const parcelsOf = listsBy(
    parcels,
    (p) => p.shipmentId,
    (p) => p.parcelId,
  );
  const shipmentUpdate = { id: [] as string[], status: [] as string[] };
  const orderUpdate = { id: [] as string[], status: [] as string[] };
  for (const shipment of shipments) {
    const derived = shipmentStatus(byShipment.get(shipment.id) ?? []);
    if (derived === shipment.status) continue;
    shipmentUpdate.id.push(shipment.id);
    shipmentUpdate.status.push(derived);
    sellerEvents.push({
      tenantId: shipment.tenant_id,
      type: `shipment.${derived}`,
      subjectId: shipment.id,
      payload: {
        shipmentId: shipment.id,
        orderId: shipment.order_id,
        status: derived,
        parcelIds: parcelsOf.get(shipment.id) ?? [],
      },
    });
    if (derived === 'in_transit' || derived === 'delivered') {
      orderUpdate.id.push(shipment.order_id);
      orderUpdate.status.push(derived);
    }
  }
  // One statement for both (data-modifying CTEs, as in applyChanges).
  const updates: RawBuilder<unknown>[] = [];
  if (shipmentUpdate.id.length > 0)
    updates.push(sql`shipped as (
      update shipments s set status = u.status, updated_at = ${now}::timestamptz
      from unnest(${shipmentUpdate.id}::text[], ${shipmentUpdate.status}::text[]) as u(id, status)
      where s.id = u.id)`);
  if (orderUpdate.id.length > 0)
    // Orders follow their shipment forward: booked → in transit → delivered.
    updates.push(sql`ordered as (
      update orders o set status = u.status, updated_at = ${now}::timestamptz
      from unnest(${orderUpdate.id}::text[], ${orderUpdate.status}::text[]) as u(id, status)
      where o.id = u.id and (
        (u.status = 'in_transit' and o.status in ('booking', 'booked'))
        or (u.status = 'delivered' and o.status in ('booking', 'booked', 'in_transit'))))`);
  if (updates.length > 0) await prepared(sql`with ${sql.join(updates)} select 1`).execute(trx);
}

/** Each item's value, listed under its key, in the items' order. */
function listsBy<T, V>(
  items: Iterable<T>,
  key: (item: T) => string,
  value: (item: T) => V,
): Map<string, V[]> {
  const lists = new Map<string, V[]>();
  for (const item of items) {
    const list = lists.get(key(item));
    if (list) list.push(value(item));
    else lists.set(key(item), [value(item)]);
  }
  return lists;
}

/**
 * The sellers' webhook events of a rebuild, as service/orders.ts recordEvent records one, in a few
 * statements for any number: each event with a pending delivery (and its job) per endpoint of its
 * tenant that subscribes. Tracking changes often, so an event no endpoint subscribes to is not
 * recorded (the parcel's tracking is its record); an endpoint made later gets what happens next.
 */
async function recordSellerEvents(
  deps: TrackingDeps,
  trx: Transaction<DB>,
  events: readonly SellerEvent[],
  endpoints: readonly Endpoint[],
  now: Date,
): Promise<void> {
  if (events.length === 0 || endpoints.length === 0) return;
  const rows: { i: string; t: string; ty: string; s: string; p: object }[] = [];
  const deliveries: { id: string; endpoint_id: string; event_id: string }[] = [];
  for (const e of events) {
    const targets = endpoints.filter(
      (w) => w.tenant_id === e.tenantId && eventMatches(w.events as string[] | null, e.type),
    );
    if (targets.length === 0) continue;
    const id = deps.ids.next('evt');
    rows.push({ i: id, t: e.tenantId, ty: e.type, s: e.subjectId, p: e.payload });
    for (const w of targets)
      deliveries.push({ id: newDeliveryId(deps.ids), endpoint_id: w.id, event_id: id });
  }
  if (rows.length === 0) return;
  await sql`
    insert into events (id, tenant_id, type, subject_id, payload, created_at)
    select x.i, x.t, x.ty, x.s, x.p, ${now.toISOString()}::timestamptz
    from json_to_recordset(${JSON.stringify(rows)}::json) as x(i text, t text, ty text, s text, p jsonb)`.execute(
    trx,
  );
  await trx
    .insertInto('webhook_deliveries')
    .values(
      deliveries.map((d) => ({
        ...d,
        state: 'pending' as const,
        next_attempt_at: now,
        created_at: now,
      })),
    )
    .execute();
  if (deps.queue)
    for (const d of deliveries)
      await deps.queue.enqueue(trx, 'deliver-webhook', { deliveryId: d.id });
}

import type { Activity, Network } from '../network/index.ts';
import type { TrackingEvent } from './normalize.ts';
import {
  applyStatusEvent,
  EXPIRE_AFTER_MS,
  INITIAL_STATUS_STATE,
  type StatusEffect,
  type StatusState,
  type StatusValue,
  statusTraits,
  type TrackingStatus,
} from './status.ts';

/*
 * One timeline across every hand-off. Partners deliver events at least once and in any order, so
 * the timeline is a function of the SET of distinct events: the same events in any order, sent any
 * number of times, give the same timeline and the same status (timeline.test.ts proves it with
 * fast-check).
 */

/** A leg's end, with what the timeline needs to match events to it. */
export interface LegPlace {
  /** A network location id, "buyer:CC[:postcode]" or a country code, as the plan wrote it. */
  readonly id: string;
  readonly country: string | null;
  readonly city: string | null;
}

export interface ShipmentLeg {
  readonly seq: number;
  readonly partnerId: string;
  readonly serviceId: string;
  /** The value-chain activities the leg covers; used to tell apart legs of one partner. */
  readonly activities?: readonly Activity[];
  readonly from: LegPlace;
  readonly to: LegPlace;
}

/** A plan's place id resolved against the network: a location, a buyer ("buyer:GB:SW1A 1AA") or a country. */
export function legPlaceOf(network: Network, placeId: string): LegPlace {
  const location = network.locations.get(placeId);
  if (location) return { id: placeId, country: location.country, city: location.city };
  const buyer = /^buyer:([A-Z]{2})(?::|$)/.exec(placeId);
  if (buyer) return { id: placeId, country: buyer[1]!, city: null };
  if (/^[A-Z]{2}$/.test(placeId)) return { id: placeId, country: placeId, city: null };
  return { id: placeId, country: null, city: null };
}

/**
 * Which activities report each status: when one partner runs several legs of a shipment (a
 * dedicated line doing pickup and last mile, say), the status says which leg an event belongs to.
 */
const ACTIVITIES_BY_STATUS: Readonly<Partial<Record<TrackingStatus, readonly Activity[]>>> = {
  info_received: ['pickup', 'warehouse-fulfilment'],
  picked_up: ['pickup'],
  at_hub: ['pickup', 'hub-handling', 'domestic-linehaul'],
  export_customs: ['export-clearance'],
  departed: ['international-linehaul'],
  in_transit: ['international-linehaul'],
  arrived_destination: ['international-linehaul', 'import-clearance'],
  import_customs: ['import-clearance'],
  at_destination_hub: ['last-mile', 'warehouse-fulfilment'],
  out_for_delivery: ['last-mile', 'warehouse-fulfilment'],
  delivery_failed: ['last-mile', 'warehouse-fulfilment'],
  available_for_pickup: ['last-mile', 'warehouse-fulfilment'],
  delivered: ['last-mile', 'warehouse-fulfilment'],
  returned_to_sender: ['returns-handling', 'last-mile'],
};

/**
 * The leg an event belongs to: the partner's only leg on the shipment; among several, the one
 * whose activities fit the status (2 points) and whose ends are in the event's country (1) and
 * city (1), the earliest on a tie. Null when the partner has no leg on the shipment: an event is
 * never pinned on another partner's leg.
 */
export function legOfEvent(legs: readonly ShipmentLeg[], event: TrackingEvent): number | null {
  let best: ShipmentLeg | null = null;
  let bestScore = -1;
  const fits = ACTIVITIES_BY_STATUS[event.status] ?? [];
  const city = event.location.city?.toLowerCase() ?? null;
  for (const leg of legs) {
    if (leg.partnerId !== event.partnerId) continue;
    let score = 0;
    if (leg.activities?.some((a) => fits.includes(a))) score += 2;
    const ends = [leg.from, leg.to];
    if (event.location.country !== null && ends.some((p) => p.country === event.location.country))
      score += 1;
    if (city !== null && ends.some((p) => p.city?.toLowerCase() === city)) score += 1;
    if (score > bestScore || (score === bestScore && best !== null && leg.seq < best.seq)) {
      best = leg;
      bestScore = score;
    }
  }
  return best?.seq ?? null;
}

/** An event id a partner sent twice with different content: one is kept, operators are told. */
export interface EventConflict {
  readonly partnerId: string;
  readonly eventId: string;
  readonly versions: number;
}

/** What identifies an event's content: the same scan re-sent under a new event id is the same scan. */
function contentKey(e: TrackingEvent): string {
  return JSON.stringify([
    e.partnerId,
    e.code,
    e.occurredAt.utcMs,
    e.location.country,
    e.location.city,
    e.description,
    e.status,
    e.subStatus,
  ]);
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Drops repeats: first by (partner, eventId), then by identical content under different event
 * ids. Which copy is kept never depends on arrival order: for one event id with differing
 * contents the smallest content key wins (and a conflict is reported); for one content the
 * smallest event id wins.
 */
export function dedupeEvents(events: readonly TrackingEvent[]): {
  events: TrackingEvent[];
  droppedSameId: number;
  droppedSameContent: number;
  conflicts: EventConflict[];
} {
  const { seen: _seen, ...rest } = dedupeWithKeys(events);
  return rest;
}

function dedupeWithKeys(events: readonly TrackingEvent[]): {
  events: TrackingEvent[];
  droppedSameId: number;
  droppedSameContent: number;
  conflicts: EventConflict[];
  /** Per distinct id, in order: the kept event, and every content seen under the id. */
  seen: { event: TrackingEvent; key: string; contents: Map<string, TrackingEvent> }[];
} {
  const byId = new Map<
    string,
    { event: TrackingEvent; key: string; contents: Map<string, TrackingEvent> }
  >();
  for (const e of events) {
    const id = idKey(e);
    const key = contentKey(e);
    const seen = byId.get(id);
    if (!seen) byId.set(id, { event: e, key, contents: new Map([[key, e]]) });
    else {
      if (!seen.contents.has(key)) seen.contents.set(key, e);
      if (key < seen.key) {
        seen.event = e;
        seen.key = key;
      }
    }
  }
  const byContent = new Map<string, TrackingEvent>();
  for (const { event, key } of byId.values()) {
    const kept = byContent.get(key);
    if (!kept || event.eventId < kept.eventId) byContent.set(key, event);
  }
  const conflicts = [...byId.values()]
    .filter((v) => v.contents.size > 1)
    .map((v) => ({
      partnerId: v.event.partnerId,
      eventId: v.event.eventId,
      versions: v.contents.size,
    }))
    .sort((a, b) => compareText(a.partnerId, b.partnerId) || compareText(a.eventId, b.eventId));
  return {
    events: [...byContent.values()],
    droppedSameId: events.length - byId.size,
    droppedSameContent: byId.size - byContent.size,
    conflicts,
    seen: [...byId.values()],
  };
}

/** Unstaged statuses (damage, delay, loss) sort after staged ones at the same instant. */
const UNSTAGED_ORDER = 1_000;

/**
 * Timeline order: occurredAt, then for events of the same instant (partners often stamp to the
 * minute) the progress order, then partner and event id so that the order is total.
 */
export function compareEvents(a: TrackingEvent, b: TrackingEvent): number {
  return (
    a.occurredAt.utcMs - b.occurredAt.utcMs ||
    (statusTraits(a).stage ?? UNSTAGED_ORDER) - (statusTraits(b).stage ?? UNSTAGED_ORDER) ||
    compareText(a.partnerId, b.partnerId) ||
    compareText(a.eventId, b.eventId)
  );
}

export interface TimelineEntry {
  readonly event: TrackingEvent;
  readonly legSeq: number | null;
  /** How the event moved the shipment's status (or why it did not). */
  readonly effect: StatusEffect;
}

export interface LegActivity {
  readonly seq: number;
  readonly firstEventMs: number;
  readonly lastEventMs: number;
  readonly events: number;
}

export interface ShipmentStatus extends StatusValue {
  /** When the shipment entered this status (null: pending, no event yet). */
  readonly sinceMs: number | null;
  readonly terminal: boolean;
}

export interface Timeline {
  readonly entries: readonly TimelineEntry[];
  readonly status: ShipmentStatus;
  readonly progressStage: number;
  /** The furthest leg with an event: a late scan of an earlier leg does not move it back. */
  readonly currentLegSeq: number | null;
  /** Legs that have events, by seq. */
  readonly legs: readonly LegActivity[];
  readonly lastEventMs: number | null;
  readonly conflicts: readonly EventConflict[];
}

export interface TimelineOptions {
  /** With nowMs, a shipment without events for expireAfterMs shows as expired. */
  readonly nowMs?: number;
  readonly expireAfterMs?: number;
}

/**
 * What extending a timeline with more events needs besides the timeline: the status state after
 * each of its entries and the identities of the events it has seen. Opaque to callers, who keep
 * it beside the timeline it came with.
 */
export interface TimelineCursor {
  /** The status state, and since when the status holds, after each entry. */
  readonly after: readonly { readonly state: StatusState; readonly sinceMs: number | null }[];
  /**
   * A 32-bit hash of every (partner, event id) seen, kept or dropped. Hashes, not the keys: a
   * service keeps a cursor per parcel in memory, and two hashes that collide only make
   * extendTimeline return null, so that the caller builds the timeline afresh (exactly). Arrays,
   * not sets: a parcel has tens of events, and each extension copies these.
   */
  readonly ids: readonly number[];
  /** A 32-bit hash of the content key of every event seen under a distinct id. */
  readonly contents: readonly number[];
}

const idKey = (e: TrackingEvent): string => `${e.partnerId}\u0000${e.eventId}`;

const FNV_PRIME = 0x01000193;
function mixText(h: number, text: string | null): number {
  if (text === null) return Math.imul(h ^ 0x1_0000, FNV_PRIME);
  // The length first: ("ab", "c") and ("a", "bc") differ.
  h = Math.imul(h ^ (text.length + 0x2_0000), FNV_PRIME);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}
function mixNumber(h: number, n: number): number {
  h = Math.imul(h ^ (n % 0x1_0000_0000), FNV_PRIME);
  return Math.imul(h ^ Math.floor(n / 0x1_0000_0000), FNV_PRIME);
}
/** idKey's hash, without making the key. */
function idHash(e: TrackingEvent): number {
  return mixText(mixText(0x811c9dc5, e.partnerId), e.eventId) | 0;
}
/** contentKey's hash: the same fields, without making the key. */
function contentHash(e: TrackingEvent): number {
  let h = mixText(0x811c9dc5, e.partnerId);
  h = mixText(h, e.code);
  h = mixNumber(h, e.occurredAt.utcMs);
  h = mixText(h, e.location.country);
  h = mixText(h, e.location.city);
  h = mixText(h, e.description);
  h = mixText(h, e.status);
  return mixText(h, e.subStatus) | 0;
}

/** The shipment's timeline and status from its legs and every event received for it. */
export function buildTimeline(
  legs: readonly ShipmentLeg[],
  events: readonly TrackingEvent[],
  options: TimelineOptions = {},
): Timeline {
  return buildTimelineWithCursor(legs, events, options).timeline;
}

/** buildTimeline, with the cursor that lets extendTimeline add events to it. */
export function buildTimelineWithCursor(
  legs: readonly ShipmentLeg[],
  events: readonly TrackingEvent[],
  options: TimelineOptions = {},
): { timeline: Timeline; cursor: TimelineCursor } {
  const { events: distinct, conflicts, seen } = dedupeWithKeys(events);
  distinct.sort(compareEvents);
  const run = applyEvents(legs, [], [], new Map(), distinct, new Map());
  const ids = seen.map((v) => idHash(v.event));
  const contents: number[] = [];
  for (const v of seen) for (const e of v.contents.values()) contents.push(contentHash(e));
  return finish(run, conflicts, ids, contents, options);
}

/**
 * The timeline of the prior events and `added`, from the prior timeline and its cursor, when the
 * added events repeat nothing seen (by id or content): the entries before the first added event
 * stay as they are, and the status is replayed from there on (most events come in time order, so
 * usually only the new ones are). The result equals buildTimeline of all the events
 * (timeline.test.ts checks it). Null when an added event repeats one seen: the caller builds the
 * timeline afresh (which copy of a repeat is kept depends on all of them). Legs must be those the
 * prior timeline was built with.
 */
export function extendTimeline(
  legs: readonly ShipmentLeg[],
  prior: Timeline,
  cursor: TimelineCursor,
  added: readonly TrackingEvent[],
  options: TimelineOptions = {},
): { timeline: Timeline; cursor: TimelineCursor } | null {
  // Usually one event: then there is nothing to dedupe among the added.
  const events = added.length === 1 ? [added[0]!] : dedupeWithKeys(added).events;
  if (events.length !== added.length) return null;
  // Every added event is then distinct, by id and by content.
  const fresh = { events, ids: events.map(idHash), contents: events.map(contentHash) };
  for (const id of fresh.ids) if (cursor.ids.includes(id)) return null;
  for (const key of fresh.contents) if (cursor.contents.includes(key)) return null;
  fresh.events.sort(compareEvents);
  const entries = prior.entries;
  // Where the first added event goes: after every entry that sorts before it.
  let keep = entries.length;
  if (fresh.events.length > 0)
    while (keep > 0 && compareEvents(entries[keep - 1]!.event, fresh.events[0]!) > 0) keep--;
  // The entries after it are replayed, merged with the added events in timeline order.
  const replay: TrackingEvent[] = [];
  const known = new Map<TrackingEvent, TimelineEntry>();
  for (let i = keep; i < entries.length; i++) {
    replay.push(entries[i]!.event);
    known.set(entries[i]!.event, entries[i]!);
  }
  const ordered = replay.length === 0 ? fresh.events : mergeOrdered(replay, fresh.events);
  const run = applyEvents(
    legs,
    entries.slice(0, keep),
    cursor.after.slice(0, keep),
    new Map(prior.legs.map((l) => [l.seq, l])),
    ordered,
    known,
  );
  return finish(
    run,
    prior.conflicts,
    fresh.ids.length === 0 ? cursor.ids : [...cursor.ids, ...fresh.ids],
    fresh.contents.length === 0 ? cursor.contents : [...cursor.contents, ...fresh.contents],
    options,
  );
}

/** Two lists each in timeline order, merged. */
function mergeOrdered(a: readonly TrackingEvent[], b: readonly TrackingEvent[]): TrackingEvent[] {
  const out: TrackingEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length)
    out.push(compareEvents(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

interface Run {
  readonly entries: TimelineEntry[];
  readonly after: { readonly state: StatusState; readonly sinceMs: number | null }[];
  readonly legActivity: Map<number, LegActivity>;
}

/**
 * Applies distinct events, in timeline order, after the given entries. An event with an entry in
 * `known` (replayed) keeps its leg, and is already counted in the leg activity.
 */
function applyEvents(
  legs: readonly ShipmentLeg[],
  entries: TimelineEntry[],
  after: { readonly state: StatusState; readonly sinceMs: number | null }[],
  legActivity: Map<number, LegActivity>,
  ordered: readonly TrackingEvent[],
  known: ReadonlyMap<TrackingEvent, TimelineEntry>,
): Run {
  let state = after.length > 0 ? after[after.length - 1]!.state : INITIAL_STATUS_STATE;
  let sinceMs = after.length > 0 ? after[after.length - 1]!.sinceMs : null;
  for (const event of ordered) {
    const applied = applyStatusEvent(state, event);
    if (
      applied.effect === 'advanced' ||
      applied.effect === 'exception' ||
      applied.effect === 'cleared'
    )
      sinceMs = event.occurredAt.utcMs;
    state = applied.state;
    after.push({ state, sinceMs });
    const was = known.get(event);
    const legSeq = was ? was.legSeq : legOfEvent(legs, event);
    entries.push({ event, legSeq, effect: applied.effect });
    if (legSeq !== null && was === undefined) {
      const at = event.occurredAt.utcMs;
      const seen = legActivity.get(legSeq);
      legActivity.set(legSeq, {
        seq: legSeq,
        firstEventMs: seen ? Math.min(seen.firstEventMs, at) : at,
        lastEventMs: seen ? Math.max(seen.lastEventMs, at) : at,
        events: (seen?.events ?? 0) + 1,
      });
    }
  }
  return { entries, after, legActivity };
}

function finish(
  run: Run,
  conflicts: readonly EventConflict[],
  ids: readonly number[],
  contents: readonly number[],
  options: TimelineOptions,
): { timeline: Timeline; cursor: TimelineCursor } {
  const { entries, after, legActivity } = run;
  const { state, sinceMs } = after.at(-1) ?? { state: INITIAL_STATUS_STATE, sinceMs: null };
  const legActivities = [...legActivity.values()].sort((a, b) => a.seq - b.seq);
  const lastEventMs =
    entries.length > 0 ? entries[entries.length - 1]!.event.occurredAt.utcMs : null;
  const terminal = statusTraits(state.current).terminal;
  let status: ShipmentStatus = { ...state.current, sinceMs, terminal };
  const expireAfterMs = options.expireAfterMs ?? EXPIRE_AFTER_MS;
  if (
    options.nowMs !== undefined &&
    lastEventMs !== null &&
    !terminal &&
    options.nowMs - lastEventMs > expireAfterMs
  ) {
    status = {
      status: 'expired',
      subStatus: 'no_updates',
      sinceMs: lastEventMs + expireAfterMs,
      terminal: false,
    };
  }
  return {
    timeline: {
      entries,
      status,
      progressStage: state.progressStage,
      currentLegSeq: legActivities.length > 0 ? legActivities[legActivities.length - 1]!.seq : null,
      legs: legActivities,
      lastEventMs,
      conflicts,
    },
    cursor: { after, ids, contents },
  };
}

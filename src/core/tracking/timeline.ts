import type { Activity, Network } from '../network/index.ts';
import { localTimeText, type TrackingEvent } from './normalize.ts';
import {
  applyStatusEvent,
  EXPIRE_AFTER_MS,
  INITIAL_STATUS_STATE,
  type StatusEffect,
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
  const byId = new Map<string, { event: TrackingEvent; key: string; contents: Set<string> }>();
  for (const e of events) {
    const id = JSON.stringify([e.partnerId, e.eventId]);
    const key = contentKey(e);
    const seen = byId.get(id);
    if (!seen) byId.set(id, { event: e, key, contents: new Set([key]) });
    else {
      seen.contents.add(key);
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
  /** Wall-clock time where it happened, with the partner's offset. */
  readonly localTime: string;
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

/** The shipment's timeline and status from its legs and every event received for it. */
export function buildTimeline(
  legs: readonly ShipmentLeg[],
  events: readonly TrackingEvent[],
  options: TimelineOptions = {},
): Timeline {
  const { events: distinct, conflicts } = dedupeEvents(events);
  distinct.sort(compareEvents);
  let state = INITIAL_STATUS_STATE;
  let sinceMs: number | null = null;
  const entries: TimelineEntry[] = [];
  const legActivity = new Map<number, LegActivity>();
  for (const event of distinct) {
    const applied = applyStatusEvent(state, event);
    if (
      applied.effect === 'advanced' ||
      applied.effect === 'exception' ||
      applied.effect === 'cleared'
    )
      sinceMs = event.occurredAt.utcMs;
    state = applied.state;
    const legSeq = legOfEvent(legs, event);
    entries.push({
      event,
      legSeq,
      effect: applied.effect,
      localTime: localTimeText(event.occurredAt),
    });
    if (legSeq !== null) {
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
  const legActivities = [...legActivity.values()].sort((a, b) => a.seq - b.seq);
  const lastEventMs = distinct.length > 0 ? distinct[distinct.length - 1]!.occurredAt.utcMs : null;
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
    entries,
    status,
    progressStage: state.progressStage,
    currentLegSeq: legActivities.length > 0 ? legActivities[legActivities.length - 1]!.seq : null,
    legs: legActivities,
    lastEventMs,
    conflicts,
  };
}

import {
  ACTIVITIES,
  type Activity,
  type Duration,
  durationQuantile,
  GATEWAY_KINDS,
  type Lane,
  type LocationKind,
  type Network,
  type Schedule,
  type Service,
  type TransportMode,
  WEEKDAYS,
} from '../core/network/index.ts';
import { localToInstant, toLocal, zoneOffsetMs } from '../core/shared/index.ts';
import {
  localTimeText,
  type TrackingMappings,
  type TrackingStatus,
} from '../core/tracking/index.ts';
import { type Random, streamFor } from './random.ts';
import { Vocabularies, type Wanted } from './vocabulary.ts';

/*
 * The partner simulator's pure model: given the legs of a booked shipment, the network and the
 * partners' code tables, a seed and a start instant, it samples what physically happens to the
 * parcel (departures on the service's schedule, transit from the lane's distribution, clearance
 * with inspection at the service's rate, customs holds and their release, failed delivery
 * attempts, damage and loss at the service's rates), writes it as each partner's own events
 * (its codes, the network's places, local times with the place's offset), and then decides how
 * those events reach Silkline: late, out of order, twice, or not at all, at configurable rates.
 * No I/O and no clock: the same inputs give the same output.
 */

/** A booked leg as the partner API shows it (GET /v1/partner/legs), with the number the partner tracks it by. */
export interface SimLeg {
  readonly legId: string;
  readonly shipmentId: string;
  readonly seq: number;
  readonly partnerId: string;
  readonly serviceId: string;
  /** An activity, or for a bundle the mode it was sold as (`express`, `dedicated-line`, …). */
  readonly activity: string;
  readonly from: string;
  readonly to: string;
  readonly destinationCountry: string | null;
  /** The buyer's city, as the partner's leg says (scans at the buyer's door name it). */
  readonly destinationCity?: string | null;
  readonly trackingNumber: string;
}

/** One event as a partner posts it to `POST /v1/partner/events`. */
export interface PartnerEventBody {
  readonly eventId: string;
  readonly trackingNumber: string;
  readonly code: string;
  /** ISO 8601 local time with the place's offset. */
  readonly occurredAt: string;
  readonly location: { readonly country: string; readonly city?: string };
  readonly description: string;
}

export interface SimEvent {
  readonly body: PartnerEventBody;
  readonly occurredAtMs: number;
  /** What the code means (null for the deliberately unmapped ones). */
  readonly status: TrackingStatus | null;
  readonly subStatus: string | null;
  readonly unmapped: boolean;
  /** Delivered, declared lost, returned: the end of the parcel's story. */
  readonly terminal: boolean;
}

/** How events reach Silkline; each rate is per event. */
export interface FaultRates {
  /** Sent again (same eventId and body) a little later. */
  readonly duplicate: number;
  /** Held back and sent after the next event of its leg. */
  readonly outOfOrder: number;
  /** Sent hours after it happened. */
  readonly late: number;
  /** Never sent (never a terminal event). */
  readonly drop: number;
  /** An extra event with a code the partner's table does not map (operators see it reported). */
  readonly unmapped: number;
}

export interface ModelOptions {
  readonly seed: number;
  readonly faults: FaultRates;
  /** Share of first delivery attempts that fail (no one home, business closed, …). */
  readonly failedDelivery: number;
  /** Share of deliveries refused by the buyer: the parcel goes back to the sender. */
  readonly refusedDelivery: number;
  /** Share of line-haul legs delayed (weather, capacity) by half a day to two days. */
  readonly delay: number;
  /** Import inspection rate inside bundles (express, lines, posts), which carry no clearance figures. */
  readonly bundleInspection: number;
  /** Share of lost parcels the partner declares lost (the rest just go silent). */
  readonly declareLoss: number;
}

export const DEFAULT_FAULTS: FaultRates = {
  duplicate: 0.05,
  outOfOrder: 0.05,
  late: 0.03,
  drop: 0.003,
  unmapped: 0.01,
};

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  seed: 1,
  faults: DEFAULT_FAULTS,
  failedDelivery: 0.08,
  refusedDelivery: 0.01,
  delay: 0.05,
  bundleInspection: 0.04,
  declareLoss: 0.6,
};

/** A leg as simulated: its physical timeline and the events its partner reports, in time order. */
export interface SimulatedLeg {
  readonly legId: string;
  readonly partnerId: string;
  readonly seq: number;
  readonly readyMs: number;
  readonly departsMs: number;
  readonly endMs: number;
  readonly inspected: boolean;
  readonly lost: boolean;
  readonly damaged: boolean;
  readonly failedAttempts: number;
  /** The parcel never reached this leg (lost or returned earlier). */
  readonly skipped: boolean;
  readonly events: readonly SimEvent[];
}

/** One sending of one event: what the driver posts, and when (simulated time). */
export interface Emission {
  readonly partnerId: string;
  readonly legId: string;
  readonly shipmentId: string;
  readonly sendAtMs: number;
  readonly occurredAtMs: number;
  readonly event: PartnerEventBody;
  readonly duplicate: boolean;
  readonly late: boolean;
  readonly outOfOrder: boolean;
  readonly unmapped: boolean;
}

export interface EmissionCounts {
  /** Distinct events generated (unmapped ones included, dropped ones included). */
  readonly events: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
  readonly late: number;
  readonly dropped: number;
  readonly unmapped: number;
}

export type ShipmentOutcome = 'delivered' | 'lost' | 'returned' | 'handed-over';

export interface SimulatedShipment {
  readonly shipmentId: string;
  readonly outcome: ShipmentOutcome;
  readonly legs: readonly SimulatedLeg[];
  /** Sorted by sendAtMs. */
  readonly emissions: readonly Emission[];
  readonly counts: EmissionCounts;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

interface Place {
  readonly id: string;
  readonly kind: LocationKind | null;
  readonly country: string;
  readonly city: string | null;
  readonly timeZone: string;
}

/** The network and the partners' vocabularies, with the lookups the model repeats. */
export class SimWorld {
  readonly network: Network;
  readonly vocabularies: Vocabularies;
  private readonly places = new Map<string, Place>();
  private readonly countryZones = new Map<string, string>();

  constructor(network: Network, mappings: TrackingMappings) {
    this.network = network;
    this.vocabularies = new Vocabularies(mappings);
    const sorted = [...network.locations.values()].sort((a, b) => a.id.localeCompare(b.id));
    for (const l of sorted)
      if (!this.countryZones.has(l.country)) this.countryZones.set(l.country, l.timezone);
  }

  /** A plan's place: a location, a buyer ("buyer:GB:SW1A 1AA") or a country. */
  place(id: string): Place {
    let p = this.places.get(id);
    if (p) return p;
    const location = this.network.locations.get(id);
    if (location) {
      p = {
        id,
        kind: location.kind,
        country: location.country,
        city: location.city,
        timeZone: location.timezone,
      };
    } else {
      const country = /^buyer:([A-Z]{2})(?::|$)/.exec(id)?.[1] ?? (/^[A-Z]{2}$/.test(id) ? id : '');
      p = { id, kind: null, country, city: null, timeZone: this.zoneOf(country) };
    }
    this.places.set(id, p);
    return p;
  }

  /** A country's time zone as the network knows it (its first location's), else UTC. */
  zoneOf(country: string): string {
    if (country === this.network.originCountry && !this.countryZones.has(country))
      return this.network.timezone;
    return this.countryZones.get(country) ?? 'UTC';
  }

  private locationsWhere(test: (p: Place) => boolean): Place[] {
    return [...this.network.locations.keys()]
      .sort()
      .map((id) => this.place(id))
      .filter(test);
  }

  /** The sorting hub serving a place: in its city, else in its country, else the place itself. */
  hubFor(at: Place): Place {
    const hubs = this.locationsWhere((p) => p.kind === 'hub' && p.country === at.country);
    return hubs.find((h) => h.city !== null && h.city === at.city) ?? hubs[0] ?? at;
  }

  /** A gateway of the transport's kind in a country, in `city` when there is one there. */
  gatewayIn(country: string, transport: TransportMode | null, city: string | null, rng: Random) {
    const kinds: readonly LocationKind[] =
      transport === 'sea'
        ? ['seaport']
        : transport === 'rail'
          ? ['rail-terminal']
          : transport === 'road'
            ? ['border-crossing', 'airport']
            : ['airport'];
    let candidates = this.locationsWhere(
      (p) => p.country === country && p.kind !== null && kinds.includes(p.kind),
    );
    if (candidates.length === 0)
      candidates = this.locationsWhere(
        (p) => p.country === country && p.kind !== null && GATEWAY_KINDS.includes(p.kind),
      );
    if (candidates.length === 0) return undefined;
    return candidates.find((c) => c.city !== null && c.city === city) ?? rng.pick(candidates);
  }
}

// ---------------------------------------------------------------------------------------------
// Time on the network: schedules, lanes, durations

/** The departure taken by goods ready at `readyMs`: the first cut-off at or after it. */
export function nextDepartureMs(schedule: Schedule, readyMs: number): number | undefined {
  const tz = schedule.timezone;
  const start = toLocal(readyMs, tz);
  for (let d = 0; d <= 14; d++) {
    const local = toLocal(localToInstant(start.year, start.month, start.day + d, 720, tz), tz);
    const weekday = WEEKDAYS[local.weekday]!;
    let best: { cutoff: number; departs: number } | undefined;
    for (const dep of schedule.departures) {
      if (!dep.weekdays.includes(weekday)) continue;
      const cutoff = localToInstant(local.year, local.month, local.day, dep.cutoff, tz);
      if (cutoff < readyMs) continue;
      // A departure listed earlier in the day than its cut-off leaves the next day.
      const departs = localToInstant(
        local.year,
        local.month,
        local.day + (dep.departs < dep.cutoff ? 1 : 0),
        dep.departs,
        tz,
      );
      if (!best || cutoff < best.cutoff) best = { cutoff, departs };
    }
    if (best) return best.departs;
  }
  return undefined;
}

function sampleMs(d: Duration, rng: Random): number {
  return Math.max(0, durationQuantile(d, rng.next())) * HOUR_MS;
}

function laneFor(service: Service, from: Place, to: Place): Lane | undefined {
  const at = (ends: readonly string[], p: Place) => ends.includes(p.id) || ends.includes(p.country);
  return (
    service.lanes.find((l) => at(l.from, from) && at(l.to, to)) ??
    service.lanes.find((l) => at(l.from, from)) ??
    service.lanes[0]
  );
}

/** Shares of a bundle's transit each activity takes (renormalised over the bundle's activities). */
const BUNDLE_SHARE: Readonly<Record<Activity, number>> = {
  pickup: 0.06,
  'hub-handling': 0.05,
  'domestic-linehaul': 0.06,
  'export-clearance': 0.05,
  'international-linehaul': 0.33,
  'import-clearance': 0.1,
  'last-mile': 0.35,
  'warehouse-fulfilment': 0.15,
  'returns-handling': 1,
};

/** The order goods meet activities in (a warehouse fulfils before the last mile delivers). */
const PHYSICAL_ORDER: readonly Activity[] = [
  'pickup',
  'hub-handling',
  'domestic-linehaul',
  'export-clearance',
  'international-linehaul',
  'import-clearance',
  'warehouse-fulfilment',
  'last-mile',
  'returns-handling',
];

function activitiesOf(leg: SimLeg, service: Service | undefined): Activity[] {
  if ((ACTIVITIES as readonly string[]).includes(leg.activity)) return [leg.activity as Activity];
  const acts = service?.activities ?? [];
  return PHYSICAL_ORDER.filter((a) => acts.includes(a));
}

// ---------------------------------------------------------------------------------------------
// Scans: what happens, as statuses, places and instants

interface Scan {
  atMs: number;
  readonly place: Place;
  readonly want: Wanted;
  /** Reported by partners that track only milestones. */
  readonly milestone?: boolean;
  /** Always reported (holds, failures, damage, loss). */
  readonly exception?: boolean;
  readonly terminal?: boolean;
}

const W = {
  pickupScheduled: [
    ['info_received', 'pickup_scheduled'],
    ['info_received', 'label_created'],
    ['info_received', 'pre_advice'],
    ['info_received', '*'],
  ],
  orderReceived: [
    ['info_received', 'label_created'],
    ['info_received', '*'],
  ],
  pickedUp: [
    ['picked_up', 'collected'],
    ['picked_up', '*'],
  ],
  hubArrived: [
    ['at_hub', 'arrived'],
    ['at_hub', 'processed'],
  ],
  hubProcessed: [
    ['at_hub', 'processed'],
    ['at_hub', 'consolidated'],
  ],
  hubDeparted: [
    ['at_hub', 'departed'],
    ['at_hub', 'consolidated'],
  ],
  atExportGateway: [
    ['at_hub', 'at_export_gateway'],
    ['at_hub', 'arrived'],
  ],
  exportPresented: [['export_customs', 'presented']],
  exportHeld: [['export_customs', 'held']],
  exportReleased: [['export_customs', 'released']],
  handedToCarrier: [
    ['departed', 'handed_to_carrier'],
    ['departed', 'left_export_office'],
  ],
  carrierDeparted: [
    ['departed', 'carrier_departed'],
    ['departed', '*'],
  ],
  enRoute: [
    ['in_transit', 'en_route'],
    ['in_transit', 'departed_transit'],
    ['in_transit', 'arrived_transit'],
    ['in_transit', '*'],
  ],
  borderCrossing: [
    ['in_transit', 'border_crossing'],
    ['in_transit', '*'],
  ],
  delayed: [
    ['delayed', 'capacity'],
    ['delayed', 'operational'],
    ['delayed', 'weather'],
    ['delayed', '*'],
  ],
  arrivedDestination: [
    ['arrived_destination', 'arrived'],
    ['arrived_destination', '*'],
  ],
  handedToBroker: [['arrived_destination', 'handed_to_broker']],
  importPresented: [
    ['import_customs', 'presented'],
    ['arrived_destination', 'awaiting_customs'],
  ],
  importHeld: [
    ['import_customs', 'held'],
    ['import_customs', 'information_required'],
  ],
  importInfoRequired: [
    ['import_customs', 'information_required'],
    ['import_customs', 'held'],
  ],
  importDutiesDue: [
    ['import_customs', 'duties_due'],
    ['import_customs', 'held'],
  ],
  importReleased: [['import_customs', 'released']],
  depotArrived: [
    ['at_destination_hub', 'arrived'],
    ['at_destination_hub', 'left_import_office'],
    ['at_destination_hub', 'at_delivery_office'],
    ['at_destination_hub', 'sorted'],
  ],
  depotSorted: [
    ['at_destination_hub', 'sorted'],
    ['at_destination_hub', 'at_delivery_office'],
  ],
  packed: [
    ['at_destination_hub', 'packed_at_warehouse'],
    ['at_destination_hub', '*'],
  ],
  shippedFromWarehouse: [
    ['at_destination_hub', 'departed'],
    ['at_destination_hub', 'packed_at_warehouse'],
  ],
  outForDelivery: [
    ['out_for_delivery', 'with_courier'],
    ['out_for_delivery', '*'],
  ],
  attemptFailed: [
    ['delivery_failed', 'no_one_home'],
    ['delivery_failed', 'business_closed'],
    ['delivery_failed', 'unspecified'],
    ['delivery_failed', '*'],
  ],
  refused: [['delivery_failed', 'refused']],
  availableForPickup: [
    ['available_for_pickup', 'at_pickup_point'],
    ['available_for_pickup', 'at_post_office'],
    ['available_for_pickup', 'at_locker'],
    ['available_for_pickup', '*'],
  ],
  delivered: [
    ['delivered', 'to_recipient'],
    ['delivered', 'signed'],
    ['delivered', 'to_neighbour'],
    ['delivered', 'to_safe_place'],
    ['delivered', '*'],
  ],
  collected: [
    ['delivered', 'collected'],
    ['delivered', '*'],
  ],
  returnStarted: [
    ['returned_to_sender', 'return_in_transit'],
    ['returned_to_sender', '*'],
  ],
  returned: [['returned_to_sender', 'returned']],
  damaged: [
    ['damaged', 'damaged'],
    ['damaged', '*'],
  ],
  lost: [
    ['lost', 'declared_lost'],
    ['lost', '*'],
  ],
} as const satisfies Record<string, Wanted>;

interface ActivitySpan {
  readonly activity: Activity;
  readonly startMs: number;
  readonly endMs: number;
  readonly from: Place;
  readonly to: Place;
  /** The leg's first activity (it reports the hand-over to this partner). */
  readonly first: boolean;
  /** The leg's last activity (it hands the parcel on). */
  readonly last: boolean;
  readonly readyMs: number;
  /** Import/export inspection: when the hold starts, and the kind of hold. */
  readonly hold: { readonly atMs: number; readonly want: Wanted } | null;
  readonly transport: TransportMode | null;
}

interface LegPlay {
  scans: Scan[];
  endMs: number;
  failedAttempts: number;
  outcome: 'delivered' | 'returned' | null;
}

function activityScans(span: ActivitySpan, options: ModelOptions, rng: Random, play: LegPlay) {
  const { startMs: a, endMs: b, from, to } = span;
  const at = (atMs: number, place: Place, want: Wanted, flags: Partial<Scan> = {}) =>
    play.scans.push({ atMs, place, want, ...flags });
  switch (span.activity) {
    case 'pickup':
      at(span.readyMs, from, W.pickupScheduled);
      at(a, from, W.pickedUp, { milestone: true });
      at(b, to, W.hubArrived);
      break;
    case 'hub-handling':
      if (span.first) at(a, from, W.hubArrived);
      at(a + (b - a) * 0.4, from, W.hubProcessed);
      at(b, to, W.hubDeparted);
      break;
    case 'domestic-linehaul':
      at(a, from, W.hubDeparted);
      at(b, to, W.atExportGateway);
      break;
    case 'export-clearance':
      at(a, from, W.exportPresented);
      if (span.hold) {
        at(span.hold.atMs, from, span.hold.want, { exception: true });
      }
      at(b, to, W.exportReleased);
      break;
    case 'international-linehaul': {
      if (span.first) at(span.readyMs, from, W.handedToCarrier);
      at(a, from, W.carrierDeparted, { milestone: true });
      const hops = b - a > 10 * 24 * HOUR_MS ? 3 : b - a > 36 * HOUR_MS ? 1 : 0;
      for (let i = 1; i <= hops; i++) {
        const when = a + ((b - a) * i) / (hops + 1);
        at(
          when,
          span.transport === 'rail' ? to : from,
          span.transport === 'rail' ? W.borderCrossing : W.enRoute,
        );
      }
      if (rng.chance(options.delay)) {
        // The delay is already inside the sampled transit: the partner says so midway.
        at(a + (b - a) * rng.between(0.3, 0.7), from, W.delayed, { exception: true });
      }
      at(b, to, W.arrivedDestination, { milestone: true });
      // A line-haul partner alone on its leg hands the parcel to the broker of the next one.
      if (span.first) at(b + rng.between(0.5, 3) * HOUR_MS, to, W.handedToBroker);
      break;
    }
    case 'import-clearance':
      at(a, from, W.importPresented);
      if (span.hold) at(span.hold.atMs, from, span.hold.want, { exception: true });
      at(b, to, W.importReleased);
      break;
    case 'warehouse-fulfilment':
      at(span.readyMs, from, W.orderReceived);
      at(a + (b - a) * 0.5, from, W.packed);
      if (span.last) at(b, to, W.shippedFromWarehouse);
      break;
    case 'returns-handling':
      at(a, from, W.returnStarted);
      at(b, to, W.returned, { terminal: true });
      play.outcome = 'returned';
      break;
    case 'last-mile': {
      at(a, from, W.depotArrived);
      at(a + (b - a) * 0.4, from, W.depotSorted);
      let attemptMs = b;
      for (let attempt = 1; ; attempt++) {
        const loaded = attemptMs - rng.between(2, 6) * HOUR_MS;
        at(Math.max(loaded, a + (b - a) * 0.45), from, W.outForDelivery);
        if (attempt === 1 && rng.chance(options.refusedDelivery)) {
          at(attemptMs, to, W.refused, { exception: true });
          at(attemptMs + rng.between(24, 72) * HOUR_MS, from, W.returnStarted, {
            exception: true,
            terminal: true,
          });
          play.outcome = 'returned';
          break;
        }
        const fails = attempt === 1 ? options.failedDelivery : 0.35;
        if (attempt <= 2 && rng.chance(fails)) {
          play.failedAttempts++;
          at(attemptMs, to, W.attemptFailed, { exception: true });
          if (attempt === 2) {
            // Second failure: the parcel waits at a pickup point until the buyer collects it.
            at(attemptMs + rng.between(2, 8) * HOUR_MS, from, W.availableForPickup, {
              exception: true,
            });
            at(attemptMs + rng.between(24, 96) * HOUR_MS, from, W.collected, {
              milestone: true,
              terminal: true,
            });
            play.outcome = 'delivered';
            break;
          }
          attemptMs += rng.between(20, 28) * HOUR_MS;
          continue;
        }
        at(attemptMs, to, W.delivered, { milestone: true, terminal: true });
        play.outcome = 'delivered';
        break;
      }
      break;
    }
  }
}

function holdFor(side: 'export' | 'import', rng: Random): Wanted {
  if (side === 'export') return W.exportHeld;
  const r = rng.next();
  return r < 0.7 ? W.importHeld : r < 0.9 ? W.importInfoRequired : W.importDutiesDue;
}

/** The physical timeline of one leg from `readyMs`, as scans (before the partner's codes). */
function playLeg(
  world: SimWorld,
  leg: SimLeg,
  service: Service,
  readyMs: number,
  options: ModelOptions,
  rng: Random,
) {
  const from = world.place(leg.from);
  const buyerDoor = world.place(leg.to);
  const to =
    buyerDoor.kind === null && leg.to.startsWith('buyer:') && leg.destinationCity
      ? { ...buyerDoor, city: leg.destinationCity }
      : buyerDoor;
  const acts = activitiesOf(leg, service);
  const bundle = acts.length > 1;
  let departsMs: number;
  if (service.schedule)
    departsMs = nextDepartureMs(service.schedule, readyMs) ?? readyMs + rng.between(1, 6) * HOUR_MS;
  else if (service.clearance) departsMs = readyMs;
  else departsMs = readyMs + rng.between(0.25, 2) * HOUR_MS;

  const lane = laneFor(service, from, to);
  const transitMs = lane ? sampleMs(lane.transit, rng) : 24 * HOUR_MS;
  // Clearance services: clearance time, plus the inspection delay for the inspected share.
  let clearanceMs = 0;
  let inspected = false;
  let inspectionMs = 0;
  if (service.clearance) {
    clearanceMs = sampleMs(service.clearance.clearanceTime, rng);
    inspected = rng.chance(service.clearance.inspectionRate);
    if (inspected) inspectionMs = sampleMs(service.clearance.inspectionDelay, rng);
  } else if (bundle && acts.includes('import-clearance')) {
    inspected = rng.chance(options.bundleInspection);
    if (inspected) inspectionMs = rng.between(24, 96) * HOUR_MS;
  }

  const shares = acts.map((a) => BUNDLE_SHARE[a]);
  const total = shares.reduce((s, x) => s + x, 0) || 1;
  const destination = leg.destinationCountry ?? to.country;
  const play: LegPlay = { scans: [], endMs: departsMs, failedAttempts: 0, outcome: null };
  let cursor = departsMs;
  let place = from;
  for (const [i, activity] of acts.entries()) {
    const last = i === acts.length - 1;
    let duration = (transitMs * shares[i]!) / total + (last ? clearanceMs : 0);
    const isClearance = activity === 'export-clearance' || activity === 'import-clearance';
    let hold: ActivitySpan['hold'] = null;
    const side = activity === 'export-clearance' ? 'export' : 'import';
    if (
      isClearance &&
      inspected &&
      (service.clearance ? service.clearance.side === side : side === 'import')
    ) {
      hold = {
        atMs: cursor + Math.max(duration, HOUR_MS) * rng.between(0.2, 0.6),
        want: holdFor(side, rng),
      };
      duration = Math.max(duration, HOUR_MS) + inspectionMs;
    }
    let start = place;
    let end: Place;
    if (last) end = to;
    else if (activity === 'pickup') end = world.hubFor(place);
    else if (activity === 'domestic-linehaul')
      end = world.gatewayIn(place.country, service.transport, place.city, rng) ?? place;
    else if (activity === 'international-linehaul')
      end = world.gatewayIn(destination, service.transport, null, rng) ?? world.place(destination);
    else end = place;
    if (activity === 'export-clearance' && !(start.kind && GATEWAY_KINDS.includes(start.kind))) {
      start = world.gatewayIn(place.country, service.transport, place.city, rng) ?? place;
      if (!last) end = start;
    }
    activityScans(
      {
        activity,
        startMs: cursor,
        endMs: cursor + duration,
        from: start,
        to: end,
        first: i === 0,
        last,
        readyMs,
        hold,
        transport: service.transport,
      },
      options,
      rng,
      play,
    );
    cursor += duration;
    place = end;
  }
  play.endMs = Math.max(cursor, ...play.scans.map((s) => s.atMs));
  return { play, departsMs, inspected };
}

// ---------------------------------------------------------------------------------------------
// Events: scans in the partner's own words

function initials(partnerId: string): string {
  return partnerId
    .split('-')
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();
}

function occurredAtText(atMs: number, timeZone: string): string {
  return localTimeText({
    utcMs: atMs,
    offsetMinutes: Math.round(zoneOffsetMs(atMs, timeZone) / MINUTE_MS),
  });
}

function describe(text: string, place: Place): string {
  const where = place.city ? `${place.city}, ${place.country}` : place.country;
  return where ? `${text} — ${where}` : text;
}

/**
 * The leg's scans in the partner's codes, in time order: scans the partner has no code for are
 * not reported; a `milestones` service reports its first and last scans, the milestones and the
 * exceptions; a `none` service reports nothing.
 */
function legEvents(
  world: SimWorld,
  leg: SimLeg,
  service: Service,
  scans: Scan[],
  options: ModelOptions,
  rng: Random,
): SimEvent[] {
  if (service.tracking === 'none') return [];
  // Whole minutes (partners stamp to the minute), strictly increasing: one order, whatever the reader.
  const ordered = scans
    .map((s, i) => ({ s, i }))
    .sort((x, y) => x.s.atMs - y.s.atMs || x.i - y.i)
    .map((x) => x.s);
  let last = -Infinity;
  for (const s of ordered) {
    s.atMs = Math.max(Math.floor(s.atMs / MINUTE_MS) * MINUTE_MS, last + MINUTE_MS);
    last = s.atMs;
  }
  const coded = ordered.flatMap((scan) => {
    const found = world.vocabularies.of(leg.partnerId, scan.atMs).codeFor(scan.want);
    return found ? [{ scan, found }] : [];
  });
  const kept =
    service.tracking === 'milestones'
      ? coded.filter(
          (c, i) =>
            i === 0 ||
            i === coded.length - 1 ||
            c.scan.milestone ||
            c.scan.exception ||
            c.scan.terminal,
        )
      : coded;
  const prefix = initials(leg.partnerId);
  const legTag = leg.legId.slice(-12).toUpperCase();
  const events: SimEvent[] = [];
  let n = 0;
  const push = (
    atMs: number,
    place: Place,
    code: string,
    text: string,
    meaning: { status: TrackingStatus | null; subStatus: string | null },
    flags: { unmapped: boolean; terminal: boolean },
  ) => {
    n++;
    events.push({
      body: {
        eventId: `${prefix}${legTag}${String(n).padStart(3, '0')}`,
        trackingNumber: leg.trackingNumber,
        code,
        occurredAt: occurredAtText(atMs, place.timeZone),
        location: place.city
          ? { country: place.country, city: place.city }
          : { country: place.country },
        description: describe(text, place),
      },
      occurredAtMs: atMs,
      status: meaning.status,
      subStatus: meaning.subStatus,
      ...flags,
    });
  };
  for (const [i, { scan, found }] of kept.entries()) {
    push(
      scan.atMs,
      scan.place,
      found.code,
      found.entry.description,
      { status: found.entry.status, subStatus: found.entry.subStatus },
      { unmapped: false, terminal: scan.terminal === true },
    );
    // The deliberate unmapped share: an internal code between two scans (never after the last).
    const next = kept[i + 1];
    if (next && next.scan.atMs - scan.atMs > MINUTE_MS && rng.chance(options.faults.unmapped)) {
      const atMs =
        scan.atMs +
        Math.floor(rng.between(1, (next.scan.atMs - scan.atMs) / MINUTE_MS)) * MINUTE_MS;
      const code = world.vocabularies.unmappedCode(leg.partnerId, atMs, () => rng.next());
      push(
        atMs,
        scan.place,
        code,
        'Status update',
        { status: null, subStatus: null },
        {
          unmapped: true,
          terminal: false,
        },
      );
    }
  }
  return events;
}

// ---------------------------------------------------------------------------------------------
// The shipment

/** Damage and loss at the service's rates, on the scans before they become events. */
function damageAndLoss(service: Service, play: LegPlay, options: ModelOptions, rng: Random) {
  const scans = play.scans.sort((x, y) => x.atMs - y.atMs);
  let damaged = false;
  let lost = false;
  if (scans.length >= 2 && rng.chance(service.damageRate)) {
    const k = 1 + Math.floor(rng.next() * (scans.length - 1));
    const before = scans[k - 1]!;
    scans.splice(k, 0, {
      atMs: before.atMs + (scans[k]!.atMs - before.atMs) / 2,
      place: before.place,
      want: W.damaged,
      exception: true,
    });
    damaged = true;
  }
  if (scans.length >= 2 && rng.chance(service.lossRate)) {
    // Lost after its first scan on this leg: what follows never happens.
    const k = 1 + Math.floor(rng.next() * (scans.length - 1));
    const lastSeen = scans[k - 1]!;
    scans.length = k;
    if (rng.chance(options.declareLoss))
      scans.push({
        atMs: lastSeen.atMs + rng.between(3, 14) * 24 * HOUR_MS,
        place: lastSeen.place,
        want: W.lost,
        exception: true,
        terminal: true,
      });
    play.outcome = null;
    lost = true;
  }
  return { damaged, lost };
}

/**
 * How the leg's events reach Silkline: each is sent shortly after it happened, or hours late;
 * some are held back until after the next one, some sent twice, a few never.
 */
function emissionsOf(leg: SimLeg, events: readonly SimEvent[], faults: FaultRates, rng: Random) {
  // A partner sends its events in the order they happened, minutes after each.
  const send: number[] = [];
  for (const [i, e] of events.entries())
    send.push(Math.max(e.occurredAtMs + rng.between(0.5, 15) * MINUTE_MS, send[i - 1] ?? 0));
  const late = events.map(() => false);
  const held = events.map(() => false);
  for (let i = 0; i < events.length; i++) {
    if (rng.chance(faults.late)) {
      send[i] = events[i]!.occurredAtMs + rng.between(2, 24) * HOUR_MS;
      late[i] = true;
    }
  }
  for (let i = events.length - 2; i >= 0; i--) {
    if (!late[i] && rng.chance(faults.outOfOrder)) {
      send[i] = Math.max(send[i]!, send[i + 1]! + rng.between(1, 60) * MINUTE_MS);
      held[i] = true;
    }
  }
  const out: Emission[] = [];
  let dropped = 0;
  let duplicates = 0;
  for (const [i, e] of events.entries()) {
    if (!e.terminal && !e.unmapped && rng.chance(faults.drop)) {
      dropped++;
      continue;
    }
    const base = {
      partnerId: leg.partnerId,
      legId: leg.legId,
      shipmentId: leg.shipmentId,
      occurredAtMs: e.occurredAtMs,
      event: e.body,
      late: late[i]!,
      outOfOrder: held[i]!,
      unmapped: e.unmapped,
    };
    out.push({ ...base, sendAtMs: Math.round(send[i]!), duplicate: false });
    if (rng.chance(faults.duplicate)) {
      duplicates++;
      out.push({
        ...base,
        sendAtMs: Math.round(send[i]! + rng.between(0, 3) * HOUR_MS),
        duplicate: true,
      });
    }
  }
  return {
    emissions: out,
    counts: {
      events: events.length,
      duplicates,
      outOfOrder: held.filter(Boolean).length,
      late: late.filter(Boolean).length,
      dropped,
      unmapped: events.filter((e) => e.unmapped).length,
    },
  };
}

/**
 * Simulates a booked shipment from `startMs` (when its first leg's partner gets it): each leg
 * starts when the previous one hands the parcel on; a parcel lost or returned stops there.
 * Deterministic: the same world, legs, start and options give the same result, whatever else
 * was simulated before.
 */
export function simulateShipment(
  world: SimWorld,
  legs: readonly SimLeg[],
  startMs: number,
  options: ModelOptions = DEFAULT_MODEL_OPTIONS,
): SimulatedShipment {
  const ordered = [...legs].sort((a, b) => a.seq - b.seq);
  const shipmentId = ordered[0]?.shipmentId ?? '';
  // Two streams: what happens to the parcel does not depend on how its events are sent.
  const rng = streamFor(options.seed, shipmentId);
  const sending = streamFor(options.seed, `${shipmentId}:sending`);
  const simulated: SimulatedLeg[] = [];
  const emissions: Emission[] = [];
  const counts = { events: 0, duplicates: 0, outOfOrder: 0, late: 0, dropped: 0, unmapped: 0 };
  let readyMs = Math.floor(startMs / MINUTE_MS) * MINUTE_MS;
  let outcome: ShipmentOutcome = 'handed-over';
  let stopped = false;
  for (const leg of ordered) {
    const service = world.network.services.get(leg.serviceId);
    if (stopped || !service) {
      // A service the network does not know: a day passes, nothing is reported.
      const endMs = stopped ? readyMs : readyMs + 24 * HOUR_MS;
      simulated.push({
        legId: leg.legId,
        partnerId: leg.partnerId,
        seq: leg.seq,
        readyMs,
        departsMs: readyMs,
        endMs,
        inspected: false,
        lost: false,
        damaged: false,
        failedAttempts: 0,
        skipped: stopped,
        events: [],
      });
      readyMs = endMs;
      continue;
    }
    const { play, departsMs, inspected } = playLeg(world, leg, service, readyMs, options, rng);
    const { damaged, lost } = damageAndLoss(service, play, options, rng);
    const events = legEvents(world, leg, service, play.scans, options, sending);
    const sent = emissionsOf(leg, events, options.faults, sending);
    emissions.push(...sent.emissions);
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += sent.counts[k];
    const endMs = Math.max(play.endMs, events.at(-1)?.occurredAtMs ?? play.endMs);
    simulated.push({
      legId: leg.legId,
      partnerId: leg.partnerId,
      seq: leg.seq,
      readyMs,
      departsMs,
      endMs,
      inspected,
      lost,
      damaged,
      failedAttempts: play.failedAttempts,
      skipped: false,
      events,
    });
    readyMs = Math.floor(endMs / MINUTE_MS) * MINUTE_MS;
    if (lost) {
      outcome = 'lost';
      stopped = true;
    } else if (play.outcome === 'returned') {
      outcome = 'returned';
      stopped = true;
    } else if (play.outcome === 'delivered') outcome = 'delivered';
  }
  emissions.sort((a, b) => a.sendAtMs - b.sendAtMs);
  return { shipmentId, outcome, legs: simulated, emissions, counts };
}

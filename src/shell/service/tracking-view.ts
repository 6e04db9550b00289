// Reading a parcel's tracking: found by any of its identifiers, its timeline built from its stored
// events at the time of asking (so the ETA and silences are as of now), its route as places,
// its open exceptions. The public view is a projection of it that keeps only what a buyer's page
// may show.
import { sql } from 'kysely';
import {
  describeStatus,
  localTimeText,
  normalizeIdentifier,
  type TrackingStatus,
} from '../../core/tracking/index.ts';
import type { Order } from '../../core/planning/index.ts';
import type { LegPlace } from '../../core/tracking/index.ts';
import { trackingContext, type TrackingContext } from './tracking-context.ts';
import { type EtaBasis, etaBasisOf, ensureLegHistory } from './tracking-history.ts';
import {
  computeParcelTracking,
  EVENT_COLUMNS,
  type LegRow,
  onTimeOf,
  type StoredEventRow,
  storedLegOf,
  trackingEventOf,
  type TrackingDeps,
} from './tracking-rebuild.ts';
import { parcelsOfShipments } from './tracking-shipments.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface PlaceView {
  readonly id: string | null;
  readonly name: string | null;
  readonly country: string | null;
  readonly city: string | null;
  /** Network locations only (hubs, gateways): never the buyer's address. */
  readonly coordinates: { readonly lat: number; readonly lon: number } | null;
}

function placeView(
  ctx: TrackingContext,
  place: LegPlace,
  destinationCity: string | null,
): PlaceView {
  const location = ctx.network.locations.get(place.id);
  if (location) {
    return {
      id: location.id,
      name: location.name,
      country: location.country,
      city: location.city,
      coordinates: location.coordinates
        ? { lat: location.coordinates.lat, lon: location.coordinates.lon }
        : null,
    };
  }
  // The buyer's end ("buyer:CC:postcode"): the country and the city, never the postcode.
  const buyer = place.id.startsWith('buyer:');
  const city = buyer ? destinationCity : place.city;
  return {
    id: buyer ? null : place.id,
    name: null,
    country: place.country,
    city,
    coordinates: cityPoint(ctx, place.country, city),
  };
}

/**
 * City-level coordinates for a place that is not a network location (the buyer's end): those of
 * a network location in the same city and country, if there is one (a gateway, a warehouse), so
 * the buyers' page can draw "Moscow" in Moscow. Never the buyer's address: nothing is geocoded.
 */
function cityPoint(
  ctx: TrackingContext,
  country: string | null,
  city: string | null,
): PlaceView['coordinates'] {
  if (!country || !city) return null;
  const wanted = city.trim().toLowerCase();
  const match = [...ctx.network.locations.values()]
    .filter(
      (l) => l.country === country && l.coordinates && l.city?.trim().toLowerCase() === wanted,
    )
    .sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  return match?.coordinates ? { lat: match.coordinates.lat, lon: match.coordinates.lon } : null;
}

export type EtaView =
  | {
      readonly kind: 'estimate';
      readonly earliest: string;
      readonly likely: string;
      readonly latest: string;
      readonly onTimeProbability: number | null;
      readonly promisedBy: string | null;
    }
  | { readonly kind: 'delivered'; readonly at: string; readonly onTime: boolean | null }
  | { readonly kind: 'none' };

/** The full view: a seller's own parcels, every parcel for operators. */
export interface TrackingView {
  readonly parcel: {
    readonly id: string;
    readonly trackingNumber: string;
    readonly s10: string | null;
    readonly seq: number;
    readonly shipmentId: string;
    readonly orderId: string;
    readonly orderRef: string;
  };
  readonly identifiers: readonly {
    readonly identifier: string;
    readonly kind: string;
    readonly partnerId: string | null;
  }[];
  readonly status: {
    readonly status: TrackingStatus | 'pending' | 'expired';
    readonly subStatus: string | null;
    readonly description: string;
    readonly since: string | null;
    readonly terminal: boolean;
  };
  readonly eta: EtaView;
  /**
   * How many of the remaining legs' times were blended with the partners' measured durations,
   * and with how many (null when there is no estimate). Not in the public view.
   */
  readonly etaBasis: EtaBasis | null;
  readonly destination: { readonly country: string | null; readonly city: string | null };
  readonly route: readonly {
    readonly seq: number;
    readonly activity: string;
    readonly partnerId: string;
    readonly partnerName: string | null;
    readonly serviceId: string;
    readonly status: string;
    readonly from: PlaceView;
    readonly to: PlaceView;
  }[];
  readonly currentLegSeq: number | null;
  readonly timeline: readonly {
    readonly at: string;
    readonly localTime: string;
    readonly status: string;
    readonly subStatus: string | null;
    readonly statusDescription: string;
    /** The partner's words as sent: escape them before showing them in a page. */
    readonly description: string;
    readonly location: { readonly country: string | null; readonly city: string | null };
    readonly legSeq: number | null;
    readonly partnerId: string;
    readonly code: string;
    readonly eventId: string;
    readonly effect: string;
  }[];
  readonly exceptions: readonly {
    readonly id: string;
    readonly kind: string;
    readonly suggestedAction: string;
    readonly detail: string;
    readonly legSeq: number | null;
    readonly partnerId: string | null;
    readonly since: string;
    readonly raisedAt: string;
  }[];
  /** Events stored for the parcel whose codes are not mapped (not in the timeline). */
  readonly unmappedEvents: number;
  readonly asOf: string;
}

/**
 * A parcel's tracking, found by any identifier; `tenantScope` limits it to one seller's parcels
 * (null: any parcel). Undefined when there is no such parcel (or it is not the seller's).
 */
export async function trackingView(
  deps: TrackingDeps,
  identifier: string,
  tenantScope: string | null = null,
): Promise<TrackingView | undefined> {
  const key = normalizeIdentifier(identifier);
  if (key === '') return undefined;
  const db = deps.store.db;
  const ctx = await trackingContext(deps.planning.network);
  await ensureLegHistory(deps);
  let q = db
    .selectFrom('parcel_identifiers as i')
    .innerJoin('parcels as p', 'p.id', 'i.parcel_id')
    .innerJoin('shipments as s', 's.id', 'p.shipment_id')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select([
      'p.id',
      'p.seq',
      'p.tracking_number',
      'p.s10',
      'p.shipment_id',
      'p.tenant_id',
      's.order_id',
      'o.external_id',
      sql<unknown>`o.request -> 'buyer'`.as('buyer'),
    ])
    .where('i.identifier', '=', key);
  if (tenantScope !== null) q = q.where('p.tenant_id', '=', tenantScope);
  const parcel = await q.executeTakeFirst();
  if (!parcel) return undefined;
  const shipmentParcels =
    (await parcelsOfShipments(deps, db, [parcel.shipment_id])).get(parcel.shipment_id) ?? [];
  const [legRows, eventRows, identifiers, exceptions, state, unmapped] = await Promise.all([
    sql<LegRow & { activity: string }>`
      select id, shipment_id, seq, activity, partner_id, service_id, from_place, to_place, status
      from legs where shipment_id = ${parcel.shipment_id} order by seq`.execute(db),
    // Its own events and its shipment's consignment-level ones (tracking-identifiers.ts), by the
    // index on parcel_id alone (tracking-rebuild.ts says why).
    sql<StoredEventRow>`
      select ${EVENT_COLUMNS} from tracking_events
      where parcel_id = any(${[parcel.id, ...shipmentParcels]}::text[]) and status is not null
        and (parcel_id = ${parcel.id} or shipment_id is not null)`.execute(db),
    db
      .selectFrom('parcel_identifiers')
      .select(['identifier', 'kind', 'partner_id'])
      .where('parcel_id', '=', parcel.id)
      .orderBy('identifier')
      .execute(),
    db
      .selectFrom('tracking_exceptions')
      .selectAll()
      .where('parcel_id', '=', parcel.id)
      .where('resolved_at', 'is', null)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('tracking_state')
      .select('promise_at')
      .where('parcel_id', '=', parcel.id)
      .executeTakeFirst(),
    db
      .selectFrom('tracking_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('parcel_id', '=', parcel.id)
      .where('status', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  const nowMs = deps.clock.now().getTime();
  const legs = legRows.rows.filter((l) => l.status !== 'cancelled');
  const stored = legs.map(storedLegOf);
  const promiseMs = state?.promise_at ? new Date(state.promise_at).getTime() : null;
  const { timeline, eta } = computeParcelTracking(
    ctx,
    stored,
    eventRows.rows.map(trackingEventOf),
    nowMs,
    promiseMs,
  );
  const buyer = (parcel.buyer ?? {}) as Partial<Order['buyer']>;
  const destinationCity = typeof buyer.city === 'string' ? buyer.city : null;
  const status = timeline.status;
  const onTime = onTimeOf(eta, promiseMs);
  return {
    parcel: {
      id: parcel.id,
      trackingNumber: parcel.tracking_number,
      s10: parcel.s10,
      seq: parcel.seq,
      shipmentId: parcel.shipment_id,
      orderId: parcel.order_id,
      orderRef: parcel.external_id,
    },
    identifiers: identifiers.map((i) => ({
      identifier: i.identifier,
      kind: i.kind,
      partnerId: i.partner_id,
    })),
    status: {
      status: status.status,
      subStatus: status.subStatus,
      description: describeStatus(status),
      since: iso(status.sinceMs),
      terminal: status.terminal,
    },
    eta:
      eta.kind === 'estimate'
        ? {
            kind: 'estimate',
            earliest: new Date(eta.p10Ms).toISOString(),
            likely: new Date(eta.p50Ms).toISOString(),
            latest: new Date(eta.p90Ms).toISOString(),
            onTimeProbability: onTime,
            promisedBy: iso(promiseMs),
          }
        : eta.kind === 'delivered'
          ? {
              kind: 'delivered',
              at: new Date(eta.atMs).toISOString(),
              onTime: onTime === null ? null : onTime === 1,
            }
          : { kind: 'none' },
    etaBasis: eta.kind === 'estimate' ? etaBasisOf(ctx, stored, timeline.currentLegSeq) : null,
    destination: {
      country: typeof buyer.country === 'string' ? buyer.country : null,
      city: destinationCity,
    },
    route: legs.map((l) => ({
      seq: l.seq,
      activity: l.activity,
      partnerId: l.partner_id,
      partnerName: ctx.network.partners.get(l.partner_id)?.name ?? null,
      serviceId: l.service_id,
      status: l.status,
      from: placeView(ctx, ctx.place(l.from_place), destinationCity),
      to: placeView(ctx, ctx.place(l.to_place), destinationCity),
    })),
    currentLegSeq: timeline.currentLegSeq,
    timeline: timeline.entries.map((e) => ({
      at: new Date(e.event.occurredAt.utcMs).toISOString(),
      localTime: localTimeText(e.event.occurredAt),
      status: e.event.status,
      subStatus: e.event.subStatus,
      statusDescription: describeStatus(e.event),
      description: e.event.description,
      location: { country: e.event.location.country, city: e.event.location.city },
      legSeq: e.legSeq,
      partnerId: e.event.partnerId,
      code: e.event.code,
      eventId: e.event.eventId,
      effect: e.effect,
    })),
    exceptions: exceptions.map((x) => ({
      id: x.id,
      kind: x.kind,
      suggestedAction: x.suggested_action,
      detail: x.detail,
      legSeq: x.leg_seq,
      partnerId: x.partner_id,
      since: new Date(x.since).toISOString(),
      raisedAt: new Date(x.raised_at).toISOString(),
    })),
    unmappedEvents: Number(unmapped.n),
    asOf: new Date(nowMs).toISOString(),
  };
}

/** What a buyer's tracking page may show: no names, addresses, contacts, ids or seller data. */
export interface PublicTrackingView {
  readonly trackingNumber: string;
  readonly status: TrackingView['status'];
  readonly eta: EtaView;
  readonly destination: { readonly country: string | null; readonly city: string | null };
  readonly route: readonly {
    readonly seq: number;
    readonly from: Omit<PlaceView, 'id'>;
    readonly to: Omit<PlaceView, 'id'>;
  }[];
  readonly currentLegSeq: number | null;
  readonly timeline: readonly {
    readonly at: string;
    readonly localTime: string;
    readonly status: string;
    readonly subStatus: string | null;
    readonly statusDescription: string;
    readonly description: string;
    readonly location: { readonly country: string | null; readonly city: string | null };
    readonly legSeq: number | null;
  }[];
  readonly asOf: string;
}

const publicPlace = ({ name, country, city, coordinates }: PlaceView) => ({
  name,
  country,
  city,
  coordinates,
});

/**
 * The buyer's view, built field by field from the full one (never by removing fields, so a field
 * added to the full view later does not leak): status, the timeline with the partners'
 * descriptions as sent and places at city level, the ETA range and P(on time), the route as
 * places and the destination country and city.
 */
export async function publicTrackingView(
  deps: TrackingDeps,
  identifier: string,
): Promise<PublicTrackingView | undefined> {
  const full = await trackingView(deps, identifier, null);
  if (!full) return undefined;
  return {
    trackingNumber: full.parcel.trackingNumber,
    status: { ...full.status },
    eta: full.eta,
    destination: { country: full.destination.country, city: full.destination.city },
    route: full.route.map((l) => ({
      seq: l.seq,
      from: publicPlace(l.from),
      to: publicPlace(l.to),
    })),
    currentLegSeq: full.currentLegSeq,
    timeline: full.timeline.map((e) => ({
      at: e.at,
      localTime: e.localTime,
      status: e.status,
      subStatus: e.subStatus,
      statusDescription: e.statusDescription,
      description: e.description,
      location: { country: e.location.country, city: e.location.city },
      legSeq: e.legSeq,
    })),
    asOf: full.asOf,
  };
}

/** Unmapped codes by partner, code and reason, most frequent first: what operators map next. */
export async function listUnmappedCodes(deps: TrackingDeps, limit = 200) {
  const { rows } = await sql<{
    partner_id: string;
    code: string;
    unmapped_reason: string;
    events: string;
    parcels: string;
    first_received: Date;
    last_received: Date;
    example: string;
  }>`
    select partner_id, code, unmapped_reason, count(*) as events,
      count(distinct parcel_id) as parcels, min(received_at) as first_received,
      max(received_at) as last_received, min(description) as example
    from tracking_events where status is null
    group by partner_id, code, unmapped_reason
    order by count(*) desc, partner_id, code
    limit ${limit}`.execute(deps.store.db);
  return rows.map((r) => ({
    partnerId: r.partner_id,
    code: r.code,
    reason: r.unmapped_reason,
    events: Number(r.events),
    parcels: Number(r.parcels),
    firstReceivedAt: new Date(r.first_received).toISOString(),
    lastReceivedAt: new Date(r.last_received).toISOString(),
    exampleDescription: r.example,
  }));
}

/** Tracking exceptions, newest first, with cursor pagination. */
export async function listTrackingExceptions(
  deps: TrackingDeps,
  query: {
    readonly state: 'open' | 'resolved' | 'all';
    readonly kind?: string | undefined;
    readonly cursor?: string | undefined;
    readonly limit: number;
  },
) {
  let q = deps.store.db
    .selectFrom('tracking_exceptions as x')
    .innerJoin('parcels as p', 'p.id', 'x.parcel_id')
    .select([
      'x.id',
      'x.parcel_id',
      'x.shipment_id',
      'x.tenant_id',
      'x.kind',
      'x.key',
      'x.leg_seq',
      'x.partner_id',
      'x.suggested_action',
      'x.notify_seller',
      'x.detail',
      'x.since',
      'x.raised_at',
      'x.resolved_at',
      'p.tracking_number',
    ])
    .orderBy('x.id', 'desc')
    .limit(query.limit + 1);
  if (query.state === 'open') q = q.where('x.resolved_at', 'is', null);
  if (query.state === 'resolved') q = q.where('x.resolved_at', 'is not', null);
  if (query.kind) q = q.where('x.kind', '=', query.kind);
  if (query.cursor) q = q.where('x.id', '<', query.cursor);
  const rows = await q.execute();
  const page = rows.slice(0, query.limit);
  return {
    data: page.map((x) => ({
      id: x.id,
      parcelId: x.parcel_id,
      trackingNumber: x.tracking_number,
      shipmentId: x.shipment_id,
      tenantId: x.tenant_id,
      kind: x.kind,
      key: x.key,
      legSeq: x.leg_seq,
      partnerId: x.partner_id,
      suggestedAction: x.suggested_action,
      sellerNotified: x.notify_seller,
      detail: x.detail,
      since: new Date(x.since).toISOString(),
      raisedAt: new Date(x.raised_at).toISOString(),
      resolvedAt: x.resolved_at ? new Date(x.resolved_at).toISOString() : null,
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}

// The partners' measured history on each store: legs recorded as parcels move past them, read back
// per lane, and blended into the ETA of parcels on the same lanes (the view, and the stored state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTimeline, measuredLegDurations, normalizeEvent } from '../../core/tracking/index.ts';
import { storeCases } from '../db/test-stores.ts';
import { openTestApp, orderBody, type TestApp, TEST_NOW } from '../http/test-app.ts';
import { bookOrder } from './booking.ts';
import { ingestEvents, trackingContext, trackingView } from './tracking.ts';
import { laneKeyOf, type StoredLeg, TrackingContext } from './tracking-context.ts';
import { refreshLegHistory } from './tracking-history.ts';
import { etaOf, storedLegOf } from './tracking-rebuild.ts';
import { type JourneyEvent, journeyEvents } from './tracking-testing.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Journeys start forty days before the test's now (the slow ones end twenty days later). */
const START = TEST_NOW.getTime() - 40 * DAY;
const SLOW_PARCELS = 10;
const SLOW_BY = 20 * DAY;

describe.each(storeCases())('the partners’ measured history on $name', (storeCase) => {
  let t: TestApp;
  let ctx: TrackingContext;
  const nowMs = TEST_NOW.getTime();
  let seller: { key: string; tenantId: string };
  const db = () => t.store.db;

  beforeAll(async () => {
    t = await openTestApp(storeCase, { clock: { now: () => new Date(nowMs) } });
    ctx = await trackingContext(t.deps.planning.network);
    seller = await t.key('acme-trading', 'seller');
  }, 90_000);
  afterAll(async () => t?.close());

  let orderSeq = 0;
  /** A booked order's legs (by seq) and its parcel. */
  async function booked() {
    const r = await t.request('POST', '/v1/orders', {
      key: seller.key,
      body: orderBody(`HIST-${++orderSeq}`),
    });
    expect(r.status).toBe(201);
    await bookOrder(t.deps, t.adapters, r.body.id);
    const shipment = await db()
      .selectFrom('shipments')
      .selectAll()
      .where('order_id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    const legRows = await db()
      .selectFrom('legs')
      .selectAll()
      .where('shipment_id', '=', shipment.id)
      .orderBy('seq')
      .execute();
    const parcel = await db()
      .selectFrom('parcels')
      .selectAll()
      .where('shipment_id', '=', shipment.id)
      .executeTakeFirstOrThrow();
    const legs: StoredLeg[] = legRows.map((l) => storedLegOf(l as never));
    const refs = new Map(legRows.map((l) => [l.seq, l.partner_ref ?? parcel.tracking_number]));
    return { legs, parcel, refs };
  }
  type Booked = Awaited<ReturnType<typeof booked>>;

  const journey = (b: Booked, prefix: string): JourneyEvent[] =>
    journeyEvents(ctx, b.legs, (leg) => b.refs.get(leg.seq)!, {
      startMs: START,
      stepMs: 4 * HOUR,
      eventIdPrefix: prefix,
    });

  async function ingestAll(events: readonly JourneyEvent[]) {
    for (const e of events) {
      const [outcome] = await ingestEvents(t.deps, e.partnerId, [e.event], 'webhook');
      expect(['recorded', 'duplicate']).toContain(outcome!.result);
    }
  }

  async function promiseOf(parcelId: string): Promise<number | null> {
    const s = await db()
      .selectFrom('tracking_state')
      .select('promise_at')
      .where('parcel_id', '=', parcelId)
      .executeTakeFirstOrThrow();
    return s.promise_at ? new Date(s.promise_at).getTime() : null;
  }

  const observationsOf = async (legIds: readonly string[]) =>
    db().selectFrom('leg_observations').selectAll().where('leg_id', 'in', legIds).execute();

  let first: Booked;

  it('with no history, gives the ETA of the network’s figures alone, as before', async () => {
    first = await booked();
    const view = (await trackingView(t.deps, first.parcel.id))!;
    expect(view.etaBasis).toEqual({
      networkLegs: first.legs.length,
      observedLegs: 0,
      observations: 0,
    });
    // A context that never heard of any history computes the same ETA, to the millisecond.
    const fresh = new TrackingContext(t.deps.planning.network, ctx.mappings);
    const timeline = buildTimeline(
      first.legs.map((l) => fresh.shipmentLeg(l)),
      [],
      { nowMs },
    );
    const promiseMs = await promiseOf(first.parcel.id);
    const network = etaOf(fresh, first.legs, timeline, nowMs, promiseMs);
    if (network.kind !== 'estimate') throw new Error('expected an estimate');
    expect(view.eta).toEqual({
      kind: 'estimate',
      earliest: new Date(network.p10Ms).toISOString(),
      likely: new Date(network.p50Ms).toISOString(),
      latest: new Date(network.p90Ms).toISOString(),
      onTimeProbability: promiseMs === null ? null : network.onTimeProbability,
      promisedBy: promiseMs === null ? null : new Date(promiseMs).toISOString(),
    });
  });

  it('records how long each leg took as the parcel moves past it, once per leg', async () => {
    const b = await booked();
    const events = journey(b, 'full');
    await ingestAll(events);
    // Again: duplicates rebuild nothing, and record nothing twice.
    await ingestAll(events);
    const rows = await observationsOf(b.legs.map((l) => l.id));
    const timeline = buildTimeline(
      b.legs.map((l) => ctx.shipmentLeg(l)),
      events.map((e) => {
        const n = normalizeEvent(e.partnerId, e.event, ctx.mappings);
        if (n.kind !== 'event') throw new Error('unmapped');
        return n.event;
      }),
    );
    expect(timeline.status.status).toBe('delivered');
    const expected = measuredLegDurations(timeline, b.legs);
    expect(expected.length).toBeGreaterThan(0);
    expect(
      rows
        .map((r) => ({
          leg: r.leg_id,
          lane: laneKeyOf({
            serviceId: r.service_id,
            fromPlace: r.from_place,
            toPlace: r.to_place,
          }),
          ms: Number(r.duration_ms),
          completedAt: new Date(r.completed_at).getTime(),
        }))
        .sort((x, y) => (x.leg < y.leg ? -1 : 1)),
    ).toEqual(
      expected
        .map((m) => {
          const leg = b.legs.find((l) => l.seq === m.seq)!;
          return {
            leg: leg.id,
            lane: laneKeyOf(leg),
            ms: m.durationMs,
            completedAt: m.completedAtMs,
          };
        })
        .sort((x, y) => (x.leg < y.leg ? -1 : 1)),
    );
    expect(rows.every((r) => r.partner_id === b.legs.find((l) => l.id === r.leg_id)!.partnerId));
  });

  it('moves a new parcel’s ETA later once parcels on its lane took much longer, and says so', async () => {
    await refreshLegHistory(t.deps);
    const before = (await trackingView(t.deps, first.parcel.id))!;
    if (before.eta.kind !== 'estimate') throw new Error('expected an estimate');

    // Parcels on the same chain whose first leg takes twenty days: its partner hands over to the
    // second leg's partner twenty days after its own first scan.
    const slowLegIds: string[] = [];
    for (let i = 0; i < SLOW_PARCELS; i++) {
      const b = await booked();
      expect(laneKeyOf(b.legs[0]!)).toBe(laneKeyOf(first.legs[0]!));
      const events = journey(b, `slow${i}`);
      const own = events.filter((e) => e.event.eventId.startsWith(`slow${i}-${b.legs[0]!.seq}-`));
      const handedTo = events
        .filter((e) => e.event.eventId.startsWith(`slow${i}-${b.legs[1]!.seq}-`))
        .map((e) => ({
          ...e,
          event: {
            ...e.event,
            occurredAt: new Date(Date.parse(e.event.occurredAt) + SLOW_BY).toISOString(),
          },
        }));
      await ingestAll([...own, ...handedTo]);
      slowLegIds.push(b.legs[0]!.id, b.legs[1]!.id);
    }
    // The first legs are complete and measured; the second legs are under way (not measured).
    const slow = await observationsOf(slowLegIds);
    expect(slow).toHaveLength(SLOW_PARCELS);
    for (const r of slow) expect(Number(r.duration_ms)).toBeGreaterThanOrEqual(SLOW_BY);

    // Until the history is read again, nothing changes; then the first leg leans on it.
    const stale = (await trackingView(t.deps, first.parcel.id))!;
    expect(stale.eta).toEqual(before.eta);
    const summary = await refreshLegHistory(t.deps);
    expect(summary.observations).toBeGreaterThanOrEqual(SLOW_PARCELS);
    const after = (await trackingView(t.deps, first.parcel.id))!;
    if (after.eta.kind !== 'estimate') throw new Error('expected an estimate');
    expect(Date.parse(after.eta.latest)).toBeGreaterThan(Date.parse(before.eta.latest) + 5 * DAY);
    expect(Date.parse(after.eta.likely)).toBeGreaterThanOrEqual(Date.parse(before.eta.likely));
    if (before.eta.onTimeProbability !== null)
      expect(after.eta.onTimeProbability!).toBeLessThan(before.eta.onTimeProbability);
    // The basis counts every observation on the parcel's lanes (the first leg's slow ones, and
    // those of the full journey before).
    const lanes = new Map<string, number>();
    for (const r of await db().selectFrom('leg_observations').selectAll().execute()) {
      const lane = laneKeyOf({
        serviceId: r.service_id,
        fromPlace: r.from_place,
        toPlace: r.to_place,
      });
      lanes.set(lane, (lanes.get(lane) ?? 0) + 1);
    }
    const onLanes = first.legs.map((l) => lanes.get(laneKeyOf(l)) ?? 0);
    expect(after.etaBasis).toEqual({
      networkLegs: onLanes.filter((n) => n === 0).length,
      observedLegs: onLanes.filter((n) => n > 0).length,
      observations: onLanes.reduce((a, b) => a + b, 0),
    });
    expect(onLanes[0]).toBeGreaterThanOrEqual(SLOW_PARCELS);
    // Existing fields are as they were; the public view does not show the basis.
    expect(Object.keys(after.eta).sort()).toEqual(Object.keys(before.eta).sort());
    const pub = await t.request('GET', `/v1/public/tracking/${first.parcel.tracking_number}`);
    expect(pub.status).toBe(200);
    expect(pub.body.etaBasis).toBeUndefined();
    const api = await t.request('GET', `/v1/tracking/${first.parcel.id}`, { key: seller.key });
    expect(api.body.etaBasis).toEqual(after.etaBasis);

    // The stored state (the ingest path's rebuild) leans on it too: the first scan of a new
    // parcel gives a later P90 than the network's figures alone.
    const next = await booked();
    const scan = journey(next, 'next').filter((e) =>
      e.event.eventId.startsWith(`next-${next.legs[0]!.seq}-`),
    )[0]!;
    const scannedAt = nowMs - HOUR;
    await ingestAll([
      { ...scan, event: { ...scan.event, occurredAt: new Date(scannedAt).toISOString() } },
    ]);
    const state = await db()
      .selectFrom('tracking_state')
      .selectAll()
      .where('parcel_id', '=', next.parcel.id)
      .executeTakeFirstOrThrow();
    const fresh = new TrackingContext(t.deps.planning.network, ctx.mappings);
    const n = normalizeEvent(
      scan.partnerId,
      { ...scan.event, occurredAt: new Date(scannedAt).toISOString() },
      ctx.mappings,
    );
    if (n.kind !== 'event') throw new Error('unmapped');
    const timeline = buildTimeline(
      next.legs.map((l) => fresh.shipmentLeg(l)),
      [n.event],
      { nowMs },
    );
    const network = etaOf(fresh, next.legs, timeline, nowMs, await promiseOf(next.parcel.id));
    if (network.kind !== 'estimate') throw new Error('expected an estimate');
    expect(new Date(state.eta_p90!).getTime()).toBeGreaterThan(network.p90Ms + 5 * DAY);
  });
});

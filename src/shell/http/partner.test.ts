// The partner's side: GET /v1/partner/legs, ack and refuse, on PGlite and (when
// SILKLINE_TEST_DATABASE_URL is set) PostgreSQL. The job queue runs without workers: booking jobs
// are enqueued as in production and run here by calling bookOrder, so every step is deterministic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeCases } from '../db/test-stores.ts';
import { bookOrder } from '../service/booking.ts';
import { openTestApp, orderBody, type TestApp } from './test-app.ts';

// The chain the demo network plans for orderBody (Shenzhen → Berlin, standard).
const LAST_MILE = { partner: 'europa-parcel', service: 'europa-domestic' };
const LINEHAUL = { partner: 'pearl-river-cargo', service: 'prc-szx-europe' };

interface Leg {
  id: string;
  shipmentId: string;
  activity: string;
  serviceId: string;
  status: string;
  partnerRef: string | null;
  acknowledgedAt: string | null;
  reason: string | null;
}

describe.each(storeCases())('partner legs on $name', (storeCase) => {
  let t: TestApp;
  let seller: string;
  let operator: string;
  let lastMile: string;
  let linehaul: string;
  const orders: string[] = [];

  beforeAll(async () => {
    t = await openTestApp(storeCase, { jobs: true });
    seller = (await t.key('partner-test-seller', 'seller')).key;
    operator = (await t.key('partner-test-ops', 'operator')).key;
    lastMile = (await t.key('europa', 'partner', LAST_MILE.partner)).key;
    linehaul = (await t.key('pearl-river', 'partner', LINEHAUL.partner)).key;
    for (const id of ['PL-1', 'PL-2', 'PL-3']) {
      const res = await t.request('POST', '/v1/orders', { key: seller, body: orderBody(id) });
      expect(res.status).toBe(201);
      orders.push(res.body.id);
      await bookOrder(t.deps, t.adapters, res.body.id);
    }
  }, 90_000);
  afterAll(async () => t?.close());

  const legsOf = async (key: string, query = '') => {
    const res = await t.request('GET', `/v1/partner/legs${query}`, { key });
    expect(res.status).toBe(200);
    return res.body as { data: Leg[]; nextCursor: string | null };
  };
  const shipmentsOf = async (orderId: string) =>
    (await t.request('GET', `/v1/shipments?orderId=${orderId}`, { key: seller })).body.data as {
      id: string;
      status: string;
      legs: Leg[];
    }[];

  it('shows a partner only its own legs, with the work and its price', async () => {
    const mine = await legsOf(lastMile);
    expect(mine.data).toHaveLength(3);
    const owned = await t.store.db
      .selectFrom('legs')
      .select('id')
      .where('partner_id', '=', LAST_MILE.partner)
      .orderBy('id', 'desc')
      .execute();
    expect(mine.data.map((l) => l.id)).toEqual(owned.map((l) => l.id));
    const leg = mine.data[0]!;
    expect(leg).toMatchObject({
      activity: 'last-mile',
      serviceId: LAST_MILE.service,
      status: 'booked',
      destinationCountry: 'DE',
      parcels: { count: 1, totalWeightG: 450 },
      cost: { amount: expect.any(Number), currency: 'CNY' },
      acknowledgedAt: null,
    });
    expect(leg.shipmentId).toMatch(/^shp_/);
    expect(leg.partnerRef).toEqual(expect.any(String));
    expect((leg as unknown as { parcels: { each: unknown[] } }).parcels.each[0]).toEqual({
      weightG: 450,
      dims: { lengthMm: 200, widthMm: 150, heightMm: 40 },
      goods: [],
    });
    // Nothing of the seller's: no tenant, no order, no seller order id.
    expect(JSON.stringify(mine)).not.toMatch(/ten_|ord_|PL-1/);

    const theirs = await legsOf(linehaul);
    expect(theirs.data).toHaveLength(3);
    expect(theirs.data.every((l) => l.serviceId === LINEHAUL.service)).toBe(true);
    expect(theirs.data.some((l) => mine.data.some((m) => m.id === l.id))).toBe(false);
  });

  it('filters by status and service and pages by cursor, newest first', async () => {
    const p1 = await legsOf(lastMile, '?limit=2');
    expect(p1.data).toHaveLength(2);
    expect(p1.nextCursor).toBe(p1.data[1]!.id);
    const p2 = await legsOf(lastMile, `?limit=2&cursor=${p1.nextCursor}`);
    expect(p2.data).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    expect(p2.data[0]!.id < p1.data[1]!.id).toBe(true);
    expect((await legsOf(lastMile, `?serviceId=${LAST_MILE.service}`)).data).toHaveLength(3);
    expect((await legsOf(lastMile, '?serviceId=other-service')).data).toHaveLength(0);
    expect((await legsOf(lastMile, '?status=booked')).data).toHaveLength(3);
    expect((await legsOf(lastMile, '?status=done')).data).toHaveLength(0);
    const bad = await t.request('GET', '/v1/partner/legs?status=lost', { key: lastMile });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('status');
  });

  it('is for partner keys only: 403 for sellers and operators, 401 without a key', async () => {
    const leg = (await legsOf(lastMile)).data[0]!;
    for (const key of [seller, operator]) {
      expect((await t.request('GET', '/v1/partner/legs', { key })).status).toBe(403);
      expect((await t.request('POST', `/v1/partner/legs/${leg.id}/ack`, { key })).status).toBe(403);
      const refuse = await t.request('POST', `/v1/partner/legs/${leg.id}/refuse`, {
        key,
        body: { reason: 'no' },
      });
      expect(refuse.status).toBe(403);
    }
    expect((await t.request('GET', '/v1/partner/legs')).status).toBe(401);
  });

  it("answers 404 for another partner's leg, and changes nothing", async () => {
    const leg = (await legsOf(lastMile)).data[0]!;
    const ack = await t.request('POST', `/v1/partner/legs/${leg.id}/ack`, { key: linehaul });
    expect(ack.status).toBe(404);
    const refuse = await t.request('POST', `/v1/partner/legs/${leg.id}/refuse`, {
      key: linehaul,
      body: { reason: 'not mine' },
    });
    expect(refuse.status).toBe(404);
    expect(JSON.stringify(refuse.body)).not.toContain(leg.id);
    const after = (await legsOf(lastMile)).data.find((l) => l.id === leg.id)!;
    expect(after).toMatchObject({ status: 'booked', acknowledgedAt: null });
  });

  it('acknowledges a booked leg (it stays booked) and a planned one (it becomes booked)', async () => {
    const [leg] = (await legsOf(linehaul)).data;
    const ack = await t.request('POST', `/v1/partner/legs/${leg!.id}/ack`, { key: linehaul });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: leg!.id, status: 'booked', partnerRef: leg!.partnerRef });
    expect(ack.body.acknowledgedAt).toEqual(expect.any(String));
    const again = await t.request('POST', `/v1/partner/legs/${leg!.id}/ack`, { key: linehaul });
    expect(again.status).toBe(200);
    expect(again.body.acknowledgedAt).toBe(ack.body.acknowledgedAt);
    const events = await t.store.db
      .selectFrom('events')
      .select('type')
      .where('subject_id', '=', leg!.id)
      .execute();
    expect(events.map((e) => e.type)).toEqual(['leg.acknowledged']);

    // A leg the booking job has not booked yet.
    const [other] = (await legsOf(linehaul)).data.slice(1);
    await t.store.db
      .updateTable('legs')
      .set({ status: 'planned', partner_ref: null })
      .where('id', '=', other!.id)
      .execute();
    const planned = await t.request('POST', `/v1/partner/legs/${other!.id}/ack`, {
      key: linehaul,
    });
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({ status: 'booked' });
    expect(planned.body.acknowledgedAt).toEqual(expect.any(String));
  });

  it('refuses a leg: it fails, the other legs are cancelled and the order is re-planned without the service', async () => {
    const orderId = orders[0]!;
    const [before] = await shipmentsOf(orderId);
    const leg = before!.legs.find((l) => l.serviceId === LAST_MILE.service)!;
    const jobsBefore = await t.deps.queue!.boss.findJobs('book-order', { data: { orderId } });
    const res = await t.request('POST', `/v1/partner/legs/${leg.id}/refuse`, {
      key: lastMile,
      body: { reason: 'no capacity this week' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: leg.id, status: 'failed' });
    expect(res.body.reason).toContain('no capacity this week');

    // In the same transaction: the old legs cancelled, the order re-planned, the booking job enqueued.
    const [old] = await shipmentsOf(orderId);
    expect(old!.id).toBe(before!.id);
    for (const l of old!.legs) {
      expect(l.status).toBe(l.id === leg.id ? 'failed' : 'cancelled');
    }
    const order = await t.request('GET', `/v1/orders/${orderId}`, { key: seller });
    expect(order.body.status).toBe('planned');
    expect(order.body.reason).toContain('no capacity this week');
    expect(order.body.plan.legs.map((l: { serviceId: string }) => l.serviceId)).not.toContain(
      LAST_MILE.service,
    );
    const events = await t.store.db
      .selectFrom('events')
      .select(['type', 'subject_id'])
      .where('subject_id', 'in', [orderId, leg.id])
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['leg.refused', 'order.replanned']),
    );
    const jobsAfter = await t.deps.queue!.boss.findJobs('book-order', { data: { orderId } });
    expect(jobsAfter.length).toBe(jobsBefore.length + 1);
    const releasing = await t.store.db
      .selectFrom('legs')
      .select('id')
      .where('shipment_id', '=', before!.id)
      .where('release_pending', '=', true)
      .execute();
    expect(releasing).toHaveLength(before!.legs.length - 1);

    // The booking job books the new plan on a new shipment and releases the superseded bookings.
    await bookOrder(t.deps, t.adapters, orderId);
    const shipments = await shipmentsOf(orderId);
    expect(shipments).toHaveLength(2);
    const fresh = shipments.find((s) => s.id !== before!.id)!;
    expect(fresh.status).toBe('booked');
    expect(fresh.legs.map((l) => l.serviceId)).not.toContain(LAST_MILE.service);
    expect(fresh.legs.every((l) => l.status === 'booked')).toBe(true);
    expect((await t.request('GET', `/v1/orders/${orderId}`, { key: seller })).body.status).toBe(
      'booked',
    );
    const stillPending = await t.store.db
      .selectFrom('legs')
      .select('id')
      .where('release_pending', '=', true)
      .execute();
    expect(stillPending).toEqual([]);
    // The refusing partner sees its leg failed; the new chain gave it no work.
    const mine = await legsOf(lastMile, `?status=failed`);
    expect(mine.data.map((l) => l.id)).toEqual([leg.id]);
  });

  it('answers 409 naming the status for a transition the leg cannot make', async () => {
    const [failed] = (await legsOf(lastMile, '?status=failed')).data;
    const again = await t.request('POST', `/v1/partner/legs/${failed!.id}/refuse`, {
      key: lastMile,
      body: { reason: 'again' },
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.detail).toContain('failed');
    const ackFailed = await t.request('POST', `/v1/partner/legs/${failed!.id}/ack`, {
      key: lastMile,
    });
    expect(ackFailed.status).toBe(409);

    const [cancelled] = (await legsOf(linehaul, '?status=cancelled')).data;
    const ackCancelled = await t.request('POST', `/v1/partner/legs/${cancelled!.id}/ack`, {
      key: linehaul,
    });
    expect(ackCancelled.status).toBe(409);
    expect(ackCancelled.body.detail).toContain('cancelled');

    // Goods handed over: too late to refuse.
    const [booked] = (await legsOf(linehaul, '?status=booked')).data;
    await t.store.db
      .updateTable('legs')
      .set({ status: 'handed_over' })
      .where('id', '=', booked!.id)
      .execute();
    const late = await t.request('POST', `/v1/partner/legs/${booked!.id}/refuse`, {
      key: linehaul,
      body: { reason: 'too late' },
    });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('handed_over');
    expect(late.body.errors).toEqual([{ field: 'status', message: 'the leg is handed_over' }]);
  });

  it('refuses a refusal without a reason (400 naming the field)', async () => {
    const [leg] = (await legsOf(lastMile, '?status=booked')).data;
    const res = await t.request('POST', `/v1/partner/legs/${leg!.id}/refuse`, {
      key: lastMile,
      body: { reason: '' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('reason');
    const extra = await t.request('POST', `/v1/partner/legs/${leg!.id}/refuse`, {
      key: lastMile,
      body: { reason: 'x', status: 'done' },
    });
    expect(extra.status).toBe(400);
  });
});

// Integration tests of the API in-process (Hono's app.request) on every store case: PGlite always,
// native PostgreSQL when SILKLINE_TEST_DATABASE_URL is set. One store (with the job queue and the
// book-order worker) is shared by the whole block: opening PGlite takes seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOrder } from '../../core/planning/index.ts';
import { storeCases } from '../db/test-stores.ts';
import { bookOrder } from '../service/booking.ts';
import { createOrder, parseOrder } from '../service/orders.ts';
import { eventually, openTestApp, orderBody, type TestApp, type TestResponse } from './test-app.ts';

const SLOW = 90_000;

function expectProblem(r: TestResponse, status: number): void {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
}

function fieldsOf(r: TestResponse): string[] {
  return ((r.body?.errors ?? []) as { field: string }[]).map((e) => e.field);
}

function expectNoLeak(r: TestResponse, secrets: readonly string[]): void {
  for (const s of secrets) expect(r.text, `response leaks ${s}`).not.toContain(s);
}

describe.each(storeCases())('the API on $name', (storeCase) => {
  let t: TestApp;
  let operator: string;
  let sellerA: { key: string; tenantId: string };
  let sellerB: { key: string; tenantId: string };
  let partner: string;

  beforeAll(async () => {
    t = await openTestApp(storeCase, { jobs: true, workers: true });
    operator = (await t.key('silkline-operators', 'operator')).key;
    sellerA = await t.key('seller-a', 'seller');
    sellerB = await t.key('seller-b', 'seller');
    partner = (await t.key('europa-parcel', 'partner', 'europa-parcel')).key;
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  }, SLOW);

  const countOrders = async (tenantId: string, externalId: string) =>
    Number(
      (
        await t.store.db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('tenant_id', '=', tenantId)
          .where('external_id', '=', externalId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const waitForStatus = (key: string, id: string, statuses: string[]) =>
    eventually(
      async () => {
        const r = await t.request('GET', `/v1/orders/${id}`, { key });
        return statuses.includes(r.body?.status) ? r : undefined;
      },
      60_000,
      `order ${id} to be ${statuses.join(' or ')}`,
    );

  describe('health, readiness and the OpenAPI document', () => {
    it('answers /healthz and /readyz without a key', async () => {
      expect((await t.request('GET', '/healthz')).body).toEqual({ ok: true });
      const ready = await t.request('GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ ok: true, store: t.store.kind, jobs: true });
    });

    it('serves an OpenAPI 3.1 document listing every /v1 route with its methods', async () => {
      const r = await t.request('GET', '/openapi.json');
      expect(r.status).toBe(200);
      const doc = r.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toMatch(/^3\.1\./);
      const expected: Record<string, string[]> = {
        '/v1/quotes': ['post'],
        '/v1/orders': ['get', 'post'],
        '/v1/orders/{id}': ['get'],
        '/v1/shipments': ['get'],
        '/v1/shipments/{id}': ['get'],
        '/v1/keys': ['post'],
      };
      for (const [path, methods] of Object.entries(expected))
        for (const m of methods) expect(doc.paths[path]?.[m], `${m} ${path}`).toBeDefined();
      // Every /v1 route the app answers is documented (routes added later included).
      const routes = t.app.routes.filter((x) => x.path.startsWith('/v1/') && x.method !== 'ALL');
      expect(routes.length).toBeGreaterThanOrEqual(7);
      for (const route of routes) {
        const path = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
        expect(
          doc.paths[path]?.[route.method.toLowerCase()],
          `${route.method} ${path}`,
        ).toBeDefined();
      }
      // Every route says how it is authenticated: an API key, except the partners' signed
      // webhook and what a buyer's tracking page reads (explicitly open).
      for (const path of Object.keys(doc.paths).filter((p) => p.startsWith('/v1/'))) {
        const expected = path.startsWith('/v1/public/')
          ? []
          : path === '/v1/partner/events'
            ? [{ partnerSignature: [] }]
            : [{ bearer: [] }];
        for (const op of Object.values(doc.paths[path]!))
          expect((op as { security?: unknown[] }).security, path).toEqual(expected);
      }
    });

    it('serves a browsable reference page', async () => {
      const r = await t.request('GET', '/docs');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.text).toMatch(/<html/i);
      expect(r.text).toContain('/openapi.json');
    });

    it('answers an unknown path with a problem', async () => {
      expectProblem(await t.request('GET', '/v1/nothing-here', { key: operator }), 404);
    });
  });

  describe('authentication and keys', () => {
    it('refuses a request without a key, with a bad key or a malformed header (401 problem)', async () => {
      for (const headers of [
        {},
        { authorization: 'Bearer sl_se_not-a-real-key' },
        { authorization: `Basic ${sellerA.key}` },
        { authorization: 'Bearer' },
      ]) {
        const r = await t.request('GET', '/v1/orders', { headers });
        expectProblem(r, 401);
      }
      // Authentication comes before validation: a bad body without a key is still 401.
      expectProblem(await t.request('POST', '/v1/orders', { body: { nonsense: true } }), 401);
    });

    it('refuses a revoked key', async () => {
      const k = await t.key('seller-revoked', 'seller');
      expect((await t.request('GET', '/v1/orders', { key: k.key })).status).toBe(200);
      await t.store.db
        .updateTable('api_keys')
        .set({ revoked_at: new Date() })
        .where('tenant_id', '=', k.tenantId)
        .execute();
      expectProblem(await t.request('GET', '/v1/orders', { key: k.key }), 401);
    });

    it('lets only operators create keys (403 for a seller or a partner)', async () => {
      for (const key of [sellerA.key, partner]) {
        const r = await t.request('POST', '/v1/keys', {
          key,
          body: { tenant: 'sneaky', role: 'operator' },
        });
        expectProblem(r, 403);
      }
      const tenants = await t.store.db
        .selectFrom('tenants')
        .select('id')
        .where('name', '=', 'sneaky')
        .execute();
      expect(tenants).toEqual([]);
    });

    it('lets an operator create a seller key that works at once', async () => {
      const r = await t.request('POST', '/v1/keys', {
        key: operator,
        body: { tenant: 'seller-d', role: 'seller' },
      });
      expect(r.status, r.text).toBe(201);
      expect(r.body).toEqual({
        key: expect.stringMatching(/^sl_se_/),
        keyId: expect.stringMatching(/^key_/),
        tenantId: expect.stringMatching(/^ten_/),
      });
      // Stored hashed: the key itself is nowhere in the store.
      const stored = await t.store.db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', r.body.keyId)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(r.body.key);
      const list = await t.request('GET', '/v1/orders', { key: r.body.key });
      expect(list.status).toBe(200);
      expect(list.body).toEqual({ data: [], nextCursor: null });
      const created = await t.request('POST', '/v1/orders', {
        key: r.body.key,
        body: orderBody('D-1'),
      });
      expect(created.status, created.text).toBe(201);
    });

    it('needs partnerId exactly for partner keys, naming the field', async () => {
      for (const body of [
        { tenant: 'partner-x', role: 'partner' },
        { tenant: 'seller-x', role: 'seller', partnerId: 'europa-parcel' },
        { tenant: 'partner-x', role: 'partner', partnerId: 'no-such-partner' },
      ]) {
        const r = await t.request('POST', '/v1/keys', { key: operator, body });
        expectProblem(r, 400);
        expect(fieldsOf(r)).toEqual(['partnerId']);
      }
      const ok = await t.request('POST', '/v1/keys', {
        key: operator,
        body: { tenant: 'pearl-river-cargo', role: 'partner', partnerId: 'pearl-river-cargo' },
      });
      expect(ok.status, ok.text).toBe(201);
      expect(ok.body.key).toMatch(/^sl_pa_/);
    });

    it('refuses a key for an existing tenant of another kind with a problem, not a crash', async () => {
      const r = await t.request('POST', '/v1/keys', {
        key: operator,
        body: { tenant: 'seller-a', role: 'operator' },
      });
      expectProblem(r, 409);
      expect(fieldsOf(r)).toEqual(['tenant']);
      const bad = await t.request('POST', '/v1/keys', {
        key: operator,
        body: { tenant: 'x', role: 'admin', tenantId: 'ten_x' },
      });
      expectProblem(bad, 400);
      expect(fieldsOf(bad).sort()).toEqual(['role', 'tenantId']);
    });
  });

  describe('orders', () => {
    it('creates a planned order with an integer price and plan legs, and returns it', async () => {
      const r = await t.request('POST', '/v1/orders', {
        key: sellerA.key,
        body: orderBody('A-PLAIN'),
      });
      expect(r.status, r.text).toBe(201);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      const o = r.body;
      expect(o.id).toMatch(/^ord_[0-9a-z]{26}$/);
      expect(o).toMatchObject({ externalId: 'A-PLAIN', status: 'planned', tier: 'standard' });
      expect(Number.isInteger(o.price.amount)).toBe(true);
      expect(o.price.amount).toBeGreaterThan(0);
      expect(o.price.currency).toMatch(/^[A-Z]{3}$/);
      expect(o.plan.legs.length).toBeGreaterThan(0);
      for (const leg of o.plan.legs) {
        expect(leg).toMatchObject({
          activity: expect.any(String),
          partnerId: expect.any(String),
          serviceId: expect.any(String),
        });
        expect(Number.isInteger(leg.cost.amount)).toBe(true);
      }
      expect(o.reason).toBeNull();
      const got = await t.request('GET', `/v1/orders/${o.id}`, { key: sellerA.key });
      expect(got.status).toBe(200);
      // The booking job may have moved it on meanwhile; everything else is as created.
      expect(['planned', 'booking', 'booked']).toContain(got.body.status);
      expect({ ...got.body, status: 'x', updatedAt: 'x' }).toEqual({
        ...o,
        status: 'x',
        updatedAt: 'x',
      });
    });

    it('stores an infeasible order with its status and reason, and books nothing for it', async () => {
      for (const [id, overrides] of [
        ['A-TOO-FAST', { deliverWithinDays: 1 }],
        ['A-TOO-HEAVY', { parcels: [{ ...orderBody('x').parcels[0]!, weightG: 900_000 }] }],
      ] as const) {
        const r = await t.request('POST', '/v1/orders', {
          key: sellerA.key,
          body: orderBody(id, overrides),
        });
        expect(r.status, r.text).toBe(201);
        expect(r.body).toMatchObject({ status: 'infeasible', price: null, plan: null });
        expect(r.body.reason).toEqual(expect.stringMatching(/\w/));
        const got = await t.request('GET', `/v1/orders/${r.body.id}`, { key: sellerA.key });
        expect(got.body).toMatchObject({ status: 'infeasible', reason: r.body.reason });
        const shipments = await t.request('GET', `/v1/shipments?orderId=${r.body.id}`, {
          key: sellerA.key,
        });
        expect(shipments.body.data).toEqual([]);
      }
    });

    it('rejects bad bodies with 400, naming each bad field, and stores nothing', async () => {
      const cases: [unknown, string[]][] = [
        // Fields no role may set.
        [{ ...orderBody('A-BAD-1'), price: { amount: 1, currency: 'CNY' } }, ['price']],
        [
          { ...orderBody('A-BAD-2'), tenantId: sellerB.tenantId, status: 'booked' },
          ['status', 'tenantId'],
        ],
        [
          orderBody('A-BAD-3', {
            tier: 'fastest',
            buyer: { postcode: '10115' },
            parcels: [{ ...orderBody('x').parcels[0]!, weightG: 0 }],
          }),
          ['buyer.country', 'parcels.0.weightG', 'tier'],
        ],
        [
          orderBody('A-BAD-4', { parcels: [{ ...orderBody('x').parcels[0]!, colour: 'red' }] }),
          ['parcels.0.colour'],
        ],
        [orderBody('A-BAD-5', { buyer: { country: 'XX' } }), ['buyer.country']],
        [orderBody('A-BAD-6', { parcels: [] }), ['parcels']],
        [[orderBody('A-BAD-7')], ['(body)']],
      ];
      for (const [body, fields] of cases) {
        const r = await t.request('POST', '/v1/orders', { key: sellerA.key, body });
        expectProblem(r, 400);
        expect(fieldsOf(r).sort(), JSON.stringify(body).slice(0, 80)).toEqual(fields);
        for (const e of r.body.errors) expect(e.message).toEqual(expect.stringMatching(/\w/));
      }
      const stored = await t.store.db
        .selectFrom('orders')
        .select('external_id')
        .where('external_id', 'like', 'A-BAD-%')
        .execute();
      expect(stored).toEqual([]);
    });

    it('answers malformed JSON and a wrong content type with a problem, not a crash', async () => {
      for (const [body, type, status] of [
        ['{"id": ', 'application/json', 400],
        ['', 'application/json', 400],
        [JSON.stringify(orderBody('A-TEXT')), 'text/plain', 415],
      ] as const) {
        const r = await t.request('POST', '/v1/orders', {
          key: sellerA.key,
          body,
          headers: { 'content-type': type },
        });
        expectProblem(r, status);
      }
      expect(await countOrders(sellerA.tenantId, 'A-TEXT')).toBe(0);
    });

    it('answers a body over the size limit with 413', async () => {
      const big = JSON.stringify(
        orderBody('A-BIG', { buyer: { country: 'DE', city: 'x'.repeat(300 * 1024) } }),
      );
      expectProblem(await t.request('POST', '/v1/orders', { key: sellerA.key, body: big }), 413);
      expectProblem(
        await t.request('POST', '/v1/orders', {
          key: sellerA.key,
          body: big,
          headers: { 'content-length': String(Buffer.byteLength(big)) },
        }),
        413,
      );
      expectProblem(await t.request('POST', '/v1/quotes', { key: sellerA.key, body: big }), 413);
      expect(await countOrders(sellerA.tenantId, 'A-BIG')).toBe(0);
    });

    it('refuses a second order with the same seller id (409)', async () => {
      const first = await t.request('POST', '/v1/orders', {
        key: sellerA.key,
        body: orderBody('A-DUP'),
      });
      expect(first.status).toBe(201);
      const second = await t.request('POST', '/v1/orders', {
        key: sellerA.key,
        body: orderBody('A-DUP', { tier: 'express' }),
      });
      expectProblem(second, 409);
      expect(await countOrders(sellerA.tenantId, 'A-DUP')).toBe(1);
    });

    it('lets only sellers create orders', async () => {
      expectProblem(
        await t.request('POST', '/v1/orders', { key: operator, body: orderBody('OP-1') }),
        403,
      );
    });

    it('quotes every tier with integer prices, valid until a stated time', async () => {
      const { id: _id, ...body } = orderBody('ignored');
      const r = await t.request('POST', '/v1/quotes', { key: sellerA.key, body });
      expect(r.status, r.text).toBe(200);
      expect(r.body.id).toMatch(/^qte_/);
      expect(Object.keys(r.body.tiers).sort()).toEqual(['economy', 'express', 'standard']);
      for (const q of Object.values(r.body.tiers) as {
        feasible: boolean;
        price: { amount: number };
      }[]) {
        if (q.feasible) expect(Number.isInteger(q.price.amount)).toBe(true);
      }
      expect(Date.parse(r.body.validUntil)).toBeGreaterThan(t.deps.clock.now().getTime());
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body, storing one order', async () => {
      const body = orderBody('A-IDEM-1');
      const headers = { 'idempotency-key': 'idem-1' };
      const first = await t.request('POST', '/v1/orders', { key: sellerA.key, body, headers });
      expect(first.status, first.text).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBe('false');
      const again = await t.request('POST', '/v1/orders', { key: sellerA.key, body, headers });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await countOrders(sellerA.tenantId, 'A-IDEM-1')).toBe(1);
    });

    it('refuses the same key with another body (422)', async () => {
      const headers = { 'idempotency-key': 'idem-2' };
      const first = await t.request('POST', '/v1/orders', {
        key: sellerA.key,
        body: orderBody('A-IDEM-2'),
        headers,
      });
      expect(first.status).toBe(201);
      const other = await t.request('POST', '/v1/orders', {
        key: sellerA.key,
        body: orderBody('A-IDEM-2B'),
        headers,
      });
      expectProblem(other, 422);
      expect(await countOrders(sellerA.tenantId, 'A-IDEM-2B')).toBe(0);
    });

    it('lets concurrent requests with one key make one order: the others get 409 or the replay', async () => {
      const body = orderBody('A-IDEM-3');
      const headers = { 'idempotency-key': 'idem-3' };
      const rs = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.request('POST', '/v1/orders', { key: sellerA.key, body, headers }),
        ),
      );
      const created = rs.filter(
        (r) => r.status === 201 && r.headers.get('idempotent-replayed') === 'false',
      );
      expect(created).toHaveLength(1);
      for (const r of rs) {
        if (r === created[0]) continue;
        if (r.status === 409) expectProblem(r, 409);
        else {
          expect(r.status).toBe(201);
          expect(r.headers.get('idempotent-replayed')).toBe('true');
          expect(r.body.id).toBe(created[0]!.body.id);
        }
      }
      expect(await countOrders(sellerA.tenantId, 'A-IDEM-3')).toBe(1);
      // Once the first is done, a retry is the replay.
      const retry = await t.request('POST', '/v1/orders', { key: sellerA.key, body, headers });
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body.id).toBe(created[0]!.body.id);
    });

    it('does not replay a failed request: the key stays free', async () => {
      const headers = { 'idempotency-key': 'idem-4' };
      const bad = await t.request('POST', '/v1/orders', {
        key: sellerA.key,
        body: orderBody('A-DUP'),
        headers,
      });
      expectProblem(bad, 409);
      const ok = await t.request('POST', '/v1/orders', {
        key: sellerA.key,
        body: orderBody('A-IDEM-4'),
        headers,
      });
      expect(ok.status, ok.text).toBe(201);
    });
  });

  describe('booking', () => {
    it(
      'books a planned order: a shipment whose legs are all booked with partner references',
      async () => {
        const created = await t.request('POST', '/v1/orders', {
          key: sellerA.key,
          body: orderBody('A-BOOK'),
        });
        const order = (await waitForStatus(sellerA.key, created.body.id, ['booked', 'failed']))
          .body;
        expect(order.status).toBe('booked');
        const list = await t.request('GET', `/v1/shipments?orderId=${order.id}`, {
          key: sellerA.key,
        });
        expect(list.body.data).toHaveLength(1);
        const shipment = list.body.data[0];
        expect(shipment).toMatchObject({ orderId: order.id, status: 'booked' });
        expect(shipment.id).toMatch(/^shp_[0-9a-z]{26}$/);
        const one = await t.request('GET', `/v1/shipments/${shipment.id}`, { key: sellerA.key });
        expect(one.body).toEqual(shipment);
        expect(shipment.legs.map((l: { serviceId: string }) => l.serviceId)).toEqual(
          order.plan.legs.map((l: { serviceId: string }) => l.serviceId),
        );
        for (const leg of shipment.legs) {
          expect(leg.id).toMatch(/^leg_/);
          expect(leg.status).toBe('booked');
          expect(leg.partnerRef).toEqual(expect.stringMatching(/\w/));
          expect(leg.cost.currency).toBe(shipment.cost.currency);
        }
        const sum = shipment.legs.reduce(
          (s: number, l: { cost: { amount: number } }) => s + l.cost.amount,
          0,
        );
        expect(shipment.cost).toEqual(order.plan.cost);
        expect(shipment.cost.amount).toBe(sum);
        const events = await t.store.db
          .selectFrom('events')
          .select('type')
          .where('subject_id', '=', order.id)
          .orderBy('id')
          .execute();
        expect(events.map((e) => e.type)).toEqual(['order.planned', 'order.booked']);
      },
      SLOW,
    );

    it(
      're-plans without a service its partner refuses: compensates, books the next best, says why',
      async () => {
        const body = orderBody('A-REFUSED');
        const order = parseOrder(t.deps, body);
        const plan = planOrder(order, t.deps.planning).plan!;
        // A service of the plan without which the order is still feasible.
        const refused = plan.legs
          .map((l) => l.serviceId)
          .reverse()
          .find(
            (s) =>
              planOrder(order, { ...t.deps.planning, excludedServices: new Set([s]) }).plan !==
              null,
          );
        expect(refused).toBeDefined();
        t.refuse.add(refused!);
        try {
          const created = await t.request('POST', '/v1/orders', { key: sellerA.key, body });
          expect(created.body.plan.legs.map((l: { serviceId: string }) => l.serviceId)).toContain(
            refused,
          );
          const done = (await waitForStatus(sellerA.key, created.body.id, ['booked', 'failed']))
            .body;
          expect(done.status, done.reason).toBe('booked');
          expect(done.reason).toContain('re-planned');
          expect(done.reason).toContain(refused);
          const services = done.plan.legs.map((l: { serviceId: string }) => l.serviceId);
          expect(services).not.toContain(refused);
          const list = await t.request('GET', `/v1/shipments?orderId=${done.id}`, {
            key: sellerA.key,
          });
          // Newest first: the re-planned shipment, then the cancelled one.
          const [second, first] = list.body.data;
          expect(list.body.data).toHaveLength(2);
          expect(first.status).toBe('cancelled');
          expect(first.legs.length).toBeGreaterThan(0);
          for (const leg of first.legs) {
            expect(leg.status).toBe('cancelled');
            expect(leg.reason).toContain(refused);
          }
          expect(second.status).toBe('booked');
          expect(second.legs.every((l: { status: string }) => l.status === 'booked')).toBe(true);
          expect(second.legs.map((l: { serviceId: string }) => l.serviceId)).toEqual(services);
          expect(second.cost).toEqual(done.plan.cost);
          const events = await t.store.db
            .selectFrom('events')
            .select(['type', 'payload'])
            .where('subject_id', '=', done.id)
            .orderBy('id')
            .execute();
          expect(events.map((e) => e.type)).toEqual([
            'order.planned',
            'order.replanned',
            'order.booked',
          ]);
          expect(JSON.stringify(events[1]!.payload)).toContain(refused);
        } finally {
          t.refuse.delete(refused!);
        }
      },
      SLOW,
    );

    /** Creates an order without its job, so the test runs the booking itself. */
    async function orderWithoutJob(externalId: string): Promise<string> {
      const noJobs = { ...t.deps, queue: null };
      const row = await t.store.db
        .transaction()
        .execute((trx) =>
          createOrder(noJobs, trx, sellerA.tenantId, parseOrder(noJobs, orderBody(externalId))),
        );
      expect(row.status).toBe('planned');
      return row.id;
    }

    async function footprint(orderId: string) {
      const shipments = await t.store.db
        .selectFrom('shipments')
        .select(['id', 'status'])
        .where('order_id', '=', orderId)
        .orderBy('id')
        .execute();
      const legs = await t.store.db
        .selectFrom('legs')
        .select(['id', 'status', 'partner_ref'])
        .where('shipment_id', 'in', shipments.map((s) => s.id).concat(['-']))
        .orderBy('id')
        .execute();
      const events = await t.store.db
        .selectFrom('events')
        .select('type')
        .where('subject_id', '=', orderId)
        .orderBy('id')
        .execute();
      const order = await t.store.db
        .selectFrom('orders')
        .select(['status', 'reason'])
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow();
      return { order, shipments, legs, events: events.map((e) => e.type) };
    }

    it(
      'is idempotent: running the booking job again duplicates nothing',
      async () => {
        const id = await orderWithoutJob('A-TWICE');
        await bookOrder(t.deps, t.adapters, id);
        const once = await footprint(id);
        expect(once.order.status).toBe('booked');
        expect(once.shipments).toHaveLength(1);
        expect(once.events).toEqual(['order.planned', 'order.booked']);
        await bookOrder(t.deps, t.adapters, id);
        expect(await footprint(id)).toEqual(once);
      },
      SLOW,
    );

    it(
      'is idempotent when two runs of the job overlap',
      async () => {
        const id = await orderWithoutJob('A-OVERLAP');
        await Promise.all([bookOrder(t.deps, t.adapters, id), bookOrder(t.deps, t.adapters, id)]);
        const f = await footprint(id);
        expect(f.order.status).toBe('booked');
        expect(f.shipments).toHaveLength(1);
        expect(new Set(f.legs.map((l) => l.status))).toEqual(new Set(['booked']));
        expect(f.events).toEqual(['order.planned', 'order.booked']);
      },
      SLOW,
    );

    it(
      'is idempotent when two runs overlap on a refusal: one re-plan, one new shipment',
      async () => {
        const id = await orderWithoutJob('A-OVERLAP-REFUSED');
        const order = parseOrder(t.deps, orderBody('A-OVERLAP-REFUSED'));
        const plan = planOrder(order, t.deps.planning).plan!;
        const refused = plan.legs
          .map((l) => l.serviceId)
          .reverse()
          .find(
            (s) =>
              planOrder(order, { ...t.deps.planning, excludedServices: new Set([s]) }).plan !==
              null,
          )!;
        t.refuse.add(refused);
        try {
          await Promise.all([bookOrder(t.deps, t.adapters, id), bookOrder(t.deps, t.adapters, id)]);
        } finally {
          t.refuse.delete(refused);
        }
        const f = await footprint(id);
        expect(f.order.status).toBe('booked');
        expect(f.shipments.map((s) => s.status)).toEqual(['cancelled', 'booked']);
        expect(f.events).toEqual(['order.planned', 'order.replanned', 'order.booked']);
      },
      SLOW,
    );
  });

  describe('the job backlog', () => {
    type Backlog = {
      pending: number;
      failed: number;
      queues: {
        name: string;
        created: number;
        retry: number;
        active: number;
        failed: number;
        oldestPendingSince: string | null;
        nextStartAfter: string | null;
      }[];
    };
    const backlog = async () => {
      const r = await t.request('GET', '/v1/jobs', { key: operator });
      expect(r.status, r.text).toBe(200);
      return r.body as Backlog;
    };
    const queue = (b: Backlog, name: string) => b.queues.find((q) => q.name === name)!;

    it('is for operators only', async () => {
      expectProblem(await t.request('GET', '/v1/jobs', { key: sellerA.key }), 403);
      expectProblem(await t.request('GET', '/v1/jobs', { key: partner }), 403);
      expectProblem(await t.request('GET', '/v1/jobs'), 401);
    });

    it(
      'counts waiting, retrying and failed jobs per queue, and forgets completed ones',
      async () => {
        const boss = t.deps.queue!.boss;
        const before = await backlog();
        expect(before.queues.map((q) => q.name)).toEqual([
          'book-order',
          'plan-batch',
          'deliver-webhook',
          'poll-partner-events',
          'tracking-sweep',
        ]);
        // A sweep scheduled in an hour waits; nobody works that queue in this app.
        await boss.send('tracking-sweep', {}, { startAfter: 3600 } as never);
        // A poll that fails once with retries left waits for its retry; one without is failed.
        const retrying = await boss.send('poll-partner-events', { partnerId: 'p-retry' }, {
          retryLimit: 3,
          retryDelay: 3600,
        } as never);
        const doomed = await boss.send('poll-partner-events', { partnerId: 'p-doomed' }, {
          retryLimit: 0,
        } as never);
        const fetched = await boss.fetch('poll-partner-events', { batchSize: 10 } as never);
        expect(fetched.map((j) => j.id).sort()).toEqual([retrying, doomed].sort());
        const held = await backlog();
        expect(queue(held, 'poll-partner-events').active).toBe(
          queue(before, 'poll-partner-events').active + 2,
        );
        await boss.fail('poll-partner-events', [retrying!, doomed!]);
        const after = await backlog();
        const sweep = queue(after, 'tracking-sweep');
        expect(sweep.created).toBe(queue(before, 'tracking-sweep').created + 1);
        expect(new Date(sweep.nextStartAfter!).getTime()).toBeGreaterThan(Date.now() + 3500_000);
        expect(sweep.oldestPendingSince).not.toBeNull();
        const poll = queue(after, 'poll-partner-events');
        expect(poll).toMatchObject({
          retry: queue(before, 'poll-partner-events').retry + 1,
          failed: queue(before, 'poll-partner-events').failed + 1,
          active: queue(before, 'poll-partner-events').active,
        });
        expect(after.pending).toBe(before.pending + 2);
        expect(after.failed).toBe(before.failed + 1);

        // A booked order's job, once completed, is no longer pending.
        const created = await t.request('POST', '/v1/orders', {
          key: sellerA.key,
          body: orderBody('A-BACKLOG'),
        });
        await waitForStatus(sellerA.key, created.body.id, ['booked']);
        const book = await eventually(async () => {
          const q = queue(await backlog(), 'book-order');
          return q.created + q.retry + q.active === 0 ? q : undefined;
        }, 30_000);
        expect(book.oldestPendingSince).toBeNull();
      },
      SLOW,
    );
  });

  describe('tenant isolation', () => {
    let orderA: TestResponse['body'];
    let shipmentA: TestResponse['body'];
    let secrets: string[];

    beforeAll(async () => {
      const created = await t.request('POST', '/v1/orders', {
        key: sellerA.key,
        body: orderBody('A-SECRET-ORDER'),
        headers: { 'idempotency-key': 'shared-key' },
      });
      orderA = (await waitForStatus(sellerA.key, created.body.id, ['booked'])).body;
      shipmentA = (
        await t.request('GET', `/v1/shipments?orderId=${orderA.id}`, { key: sellerA.key })
      ).body.data[0];
      const keyIds = await t.store.db
        .selectFrom('api_keys')
        .select('id')
        .where('tenant_id', '=', sellerA.tenantId)
        .execute();
      secrets = [
        sellerA.tenantId,
        'A-SECRET-ORDER',
        orderA.id,
        shipmentA.id,
        ...shipmentA.legs.flatMap((l: { id: string; partnerRef: string }) => [l.id, l.partnerRef]),
        ...keyIds.map((k) => k.id),
      ];
    }, SLOW);

    const actors = () =>
      [
        ['another seller', sellerB.key, 404],
        ['a partner', partner, 404],
        ['anonymous', undefined, 401],
      ] as const;

    it('hides single objects of another tenant: 404 like an unknown id, nothing leaked', async () => {
      const unknownOrder = `ord_${'0'.repeat(26)}`;
      const unknownShipment = `shp_${'0'.repeat(26)}`;
      for (const [who, key, status] of actors()) {
        for (const [path, unknown] of [
          [`/v1/orders/${orderA.id}`, `/v1/orders/${unknownOrder}`],
          [`/v1/shipments/${shipmentA.id}`, `/v1/shipments/${unknownShipment}`],
        ] as const) {
          const r = await t.request('GET', path, { key });
          expectProblem(r, status);
          expectNoLeak(r, secrets);
          const u = await t.request('GET', unknown, { key });
          expect(u.status, `${who} ${path}`).toBe(r.status);
          expect(u.text, `${who} ${path}`).toBe(r.text);
        }
      }
    });

    it('never lists another tenant’s orders or shipments', async () => {
      for (const [who, key] of actors()) {
        for (const path of [
          '/v1/orders',
          '/v1/orders?limit=200',
          `/v1/orders?status=booked`,
          `/v1/orders?cursor=ord_zzzzzzzzzzzzzzzzzzzzzzzzzz`,
          '/v1/shipments',
          `/v1/shipments?orderId=${orderA.id}`,
          `/v1/shipments?status=booked&limit=200`,
        ]) {
          const r = await t.request('GET', path, { key });
          expectNoLeak(r, secrets);
          if (r.status === 200) {
            for (const item of r.body.data) expect(item.id, `${who} ${path}`).not.toBe(orderA.id);
          } else expect([401, 403], `${who} ${path}`).toContain(r.status);
        }
      }
      // Another seller gets its own list: 200 without A's objects.
      const b = await t.request('GET', `/v1/shipments?orderId=${orderA.id}`, { key: sellerB.key });
      expect(b.body).toEqual({ data: [], nextCursor: null });
    });

    it('keeps quotes and order creation to the caller’s own tenant', async () => {
      const { id: _id, ...quoteBody } = orderBody('q');
      for (const [who, key] of actors()) {
        const q = await t.request('POST', '/v1/quotes', { key, body: quoteBody });
        expectNoLeak(q, secrets);
        if (who === 'another seller') expect(q.status).toBe(200);
        else expectProblem(q, who === 'anonymous' ? 401 : 403);
        // The same seller id and the same Idempotency-Key as seller A: no replay of A's order.
        const o = await t.request('POST', '/v1/orders', {
          key,
          body: orderBody('A-SECRET-ORDER'),
          headers: { 'idempotency-key': 'shared-key' },
        });
        expectNoLeak(
          o,
          secrets.filter((s) => s !== 'A-SECRET-ORDER'),
        );
        if (who === 'another seller') {
          expect(o.status, o.text).toBe(201);
          expect(o.headers.get('idempotent-replayed')).toBe('false');
          expect(o.body.id).not.toBe(orderA.id);
        } else {
          expectProblem(o, who === 'anonymous' ? 401 : 403);
          expect(o.text).not.toContain('A-SECRET-ORDER');
        }
      }
      expect(await countOrders(sellerA.tenantId, 'A-SECRET-ORDER')).toBe(1);
      expect(await countOrders(sellerB.tenantId, 'A-SECRET-ORDER')).toBe(1);
    });

    it('lets operators see every tenant’s objects', async () => {
      const o = await t.request('GET', `/v1/orders/${orderA.id}`, { key: operator });
      expect(o.status).toBe(200);
      expect(o.body.id).toBe(orderA.id);
      const s = await t.request('GET', `/v1/shipments/${shipmentA.id}`, { key: operator });
      expect(s.status).toBe(200);
      expect(s.body.id).toBe(shipmentA.id);
      const all = await t.request('GET', '/v1/orders?limit=200', { key: operator });
      const ids = all.body.data.map((x: { id: string }) => x.id);
      const ofB = await t.request('GET', '/v1/orders?limit=200', { key: sellerB.key });
      expect(ofB.body.data.length).toBeGreaterThan(0);
      expect(ids).toContain(orderA.id);
      for (const x of ofB.body.data) expect(ids).toContain(x.id);
      const shipments = await t.request('GET', `/v1/shipments?orderId=${orderA.id}`, {
        key: operator,
      });
      expect(shipments.body.data.map((x: { id: string }) => x.id)).toEqual([shipmentA.id]);
    });
  });

  describe('pagination', () => {
    it('walks 7 orders 3 at a time, each exactly once, newest id first; filters by status', async () => {
      const seller = await t.key('seller-pages', 'seller');
      const ids: string[] = [];
      const infeasible: string[] = [];
      for (let i = 1; i <= 7; i++) {
        const r = await t.request('POST', '/v1/orders', {
          key: seller.key,
          body: orderBody(`P-${i}`, i % 3 === 0 ? { deliverWithinDays: 1 } : {}),
        });
        expect(r.status, r.text).toBe(201);
        ids.push(r.body.id);
        if (i % 3 === 0) infeasible.push(r.body.id);
      }
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${cursor}` : '';
        const r = await t.request('GET', `/v1/orders?limit=3${q}`, { key: seller.key });
        expect(r.status).toBe(200);
        sizes.push(r.body.data.length);
        seen.push(...r.body.data.map((x: { id: string }) => x.id));
        cursor = r.body.nextCursor;
      } while (cursor && sizes.length < 10);
      expect(sizes).toEqual([3, 3, 1]);
      expect(seen).toEqual([...ids].sort().reverse());
      expect(seen).toEqual([...ids].reverse());
      const f = await t.request('GET', '/v1/orders?status=infeasible', { key: seller.key });
      expect(f.body.data.map((x: { id: string }) => x.id)).toEqual([...infeasible].reverse());
      expect(f.body.nextCursor).toBeNull();
      for (const bad of ['limit=0', 'limit=201', 'limit=x']) {
        const r = await t.request('GET', `/v1/orders?${bad}`, { key: seller.key });
        expectProblem(r, 400);
        expect(fieldsOf(r)).toEqual(['limit']);
      }
    });
  });
});

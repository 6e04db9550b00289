// Outbound webhooks on each store: the API, fan-out in the event's transaction, and delivery
// to a local receiver (127.0.0.1 only, under the development flag) with retries and signatures.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { storeCases } from '../db/test-stores.ts';
import { createApp } from '../http/app.ts';
import { eventually, openTestApp, orderBody, type TestApp } from '../http/test-app.ts';
import { createOrder, parseOrder, recordEvent } from '../service/orders.ts';
import { DEFAULT_WEBHOOK_CONFIG, type WebhookConfig } from './config.ts';
import { deliverWebhook, postWebhook, startWebhookWorker } from './deliver.ts';
import { verify } from './signature.ts';

/** Short backoff so retries happen within the test: 0.2 s, 0.4 s, 0.8 s; four attempts at most. */
const CONFIG: WebhookConfig = {
  ...DEFAULT_WEBHOOK_CONFIG,
  allowPrivate: true,
  maxAttempts: 4,
  backoffBaseSeconds: 0.2,
  timeoutMs: 3000,
};

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver on 127.0.0.1: /flaky/* fails the first two requests per path, /down/* always fails, /hang/* never answers, the rest accepts. */
async function startReceiver(): Promise<{ server: Server; base: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body });
      if (path.startsWith('/hang/')) return; // never answers
      const seen = received.filter((r) => r.path === path).length;
      const fail = path.startsWith('/down/') || (path.startsWith('/flaky/') && seen <= 2);
      res.writeHead(fail ? 500 : 204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}`, received };
}

describe.each(storeCases())('outbound webhooks on $name', (storeCase) => {
  let t: TestApp;
  let devApp: ReturnType<typeof createApp>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let seller: { key: string; tenantId: string };
  let other: { key: string; tenantId: string };
  let operator: { key: string; tenantId: string };
  let partner: { key: string; tenantId: string };

  /** The development app: the same deps, created under SILKLINE_WEBHOOKS_ALLOW_PRIVATE=1. */
  const devRequest = async (method: string, path: string, key: string, body?: unknown) => {
    const res = await devApp.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    vi.stubEnv('SILKLINE_WEBHOOKS_ALLOW_PRIVATE', '');
    t = await openTestApp(storeCase, { jobs: true });
    vi.stubEnv('SILKLINE_WEBHOOKS_ALLOW_PRIVATE', '1');
    devApp = createApp(t.deps);
    vi.unstubAllEnvs();
    await startWebhookWorker(t.deps, CONFIG);
    seller = await t.key('seller-a', 'seller');
    other = await t.key('seller-b', 'seller');
    operator = await t.key('ops', 'operator');
    partner = await t.key('carrier', 'partner', [...t.deps.planning.network.partners.keys()][0]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    receiver?.server.closeAllConnections();
    await new Promise((ok) => receiver?.server.close(ok));
  }, 120_000);

  it('manages endpoints: created with a secret shown once, listed, scoped per tenant, deleted', async () => {
    // Public hosts under .invalid: they never resolve, and this tenant records no events.
    const created = await t.request('POST', '/v1/webhooks', {
      key: other.key,
      body: { url: 'https://hooks.seller-b.invalid/silkline', events: ['order.*'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tenantId: other.tenantId,
      url: 'https://hooks.seller-b.invalid/silkline',
      events: ['order.*'],
      allowPrivate: false,
    });
    expect(created.body.id).toMatch(/^whk_[0-9a-z]{26}$/);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const id = created.body.id as string;

    const list = await t.request('GET', '/v1/webhooks', { key: other.key });
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(list.text).not.toContain(created.body.secret);

    // Another seller sees nothing of it; a partner key may not manage webhooks; no key is 401.
    expect((await t.request('GET', '/v1/webhooks', { key: seller.key })).body.data).toEqual([]);
    expect((await t.request('DELETE', `/v1/webhooks/${id}`, { key: seller.key })).status).toBe(404);
    const foreign = await t.request('GET', `/v1/webhooks/${id}/deliveries`, { key: seller.key });
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain(id);
    expect((await t.request('GET', '/v1/webhooks', { key: partner.key })).status).toBe(403);
    expect((await t.request('GET', '/v1/webhooks')).status).toBe(401);

    // Operators manage any seller's endpoints, naming the tenant.
    const byOperator = await t.request('POST', '/v1/webhooks', {
      key: operator.key,
      body: { url: 'https://ops-copy.seller-b.invalid/in', tenantId: other.tenantId },
    });
    expect(byOperator.status).toBe(201);
    expect(byOperator.body).toMatchObject({ tenantId: other.tenantId, events: null });
    const all = await t.request('GET', `/v1/webhooks?tenantId=${other.tenantId}`, {
      key: operator.key,
    });
    expect(all.body.data).toHaveLength(2);
    const deliveries = await t.request('GET', `/v1/webhooks/${id}/deliveries`, {
      key: operator.key,
    });
    expect(deliveries.status).toBe(200);
    expect(deliveries.body).toEqual({ data: [], nextCursor: null });

    expect((await t.request('DELETE', `/v1/webhooks/${id}`, { key: other.key })).status).toBe(204);
    expect(
      (await t.request('DELETE', `/v1/webhooks/${byOperator.body.id}`, { key: operator.key }))
        .status,
    ).toBe(204);
    expect((await t.request('DELETE', `/v1/webhooks/${id}`, { key: other.key })).status).toBe(404);
    expect((await t.request('GET', '/v1/webhooks', { key: other.key })).body.data).toEqual([]);

    const doc = await t.request('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/webhooks', '/v1/webhooks/{id}', '/v1/webhooks/{id}/deliveries']),
    );
  });

  it('refuses private, loopback, link-local, CGNAT and unspecified targets with a 400 naming the field', async () => {
    for (const url of [
      'http://localhost:8080/hook',
      'http://127.0.0.1/hook',
      'https://10.1.2.3/hook',
      'https://172.16.0.1/hook',
      'https://192.168.1.1/hook',
      'http://169.254.169.254/latest',
      'https://100.64.0.1/hook',
      'http://0.0.0.0/hook',
      'http://[::1]/hook',
      'http://[fd00::1]/hook',
      'http://[fe80::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'ftp://hooks.example.com/',
    ]) {
      const r = await t.request('POST', '/v1/webhooks', { key: seller.key, body: { url } });
      expect(r.status, url).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.errors, url).toEqual([{ field: 'url', message: expect.any(String) }]);
    }
    const events = await t.request('POST', '/v1/webhooks', {
      key: seller.key,
      body: { url: 'https://hooks.example.invalid/', events: ['order.planned', 'order.eaten'] },
    });
    expect(events.status).toBe(400);
    expect(events.body.errors).toEqual([{ field: 'events.1', message: expect.any(String) }]);
    const tenant = await t.request('POST', '/v1/webhooks', {
      key: seller.key,
      body: { url: 'https://hooks.example.invalid/', tenantId: other.tenantId },
    });
    expect(tenant.status).toBe(400);
    expect(tenant.body.errors[0].field).toBe('tenantId');
    const noTenant = await t.request('POST', '/v1/webhooks', {
      key: operator.key,
      body: { url: 'https://hooks.example.invalid/' },
    });
    expect(noTenant.status).toBe(400);
    expect(noTenant.body.errors[0].field).toBe('tenantId');
    expect((await t.request('GET', '/v1/webhooks', { key: seller.key })).body.data).toEqual([]);
  });

  it('delivers to a receiver that fails twice: delivered after 3 attempts, same event id, valid signatures', async () => {
    const created = await devRequest('POST', '/v1/webhooks', seller.key, {
      url: `${receiver.base}/flaky/a`,
      events: ['order.planned', 'order.infeasible'],
    });
    expect(created.status).toBe(201);
    expect(created.body.allowPrivate).toBe(true);
    const secret = created.body.secret as string;

    const order = await t.request('POST', '/v1/orders', {
      key: seller.key,
      body: orderBody('WH-1'),
    });
    expect(order.status).toBe(201);
    const event = await t.store.db
      .selectFrom('events')
      .selectAll()
      .where('subject_id', '=', order.body.id)
      .executeTakeFirstOrThrow();

    const delivery = await eventually(
      async () => {
        const r = await t.request('GET', `/v1/webhooks/${created.body.id}/deliveries`, {
          key: seller.key,
        });
        const d = r.body.data[0];
        return d && d.state !== 'pending' ? d : undefined;
      },
      15_000,
      'the delivery to finish',
    );
    expect(delivery).toMatchObject({
      eventId: event.id,
      eventType: 'order.planned',
      state: 'delivered',
      attempts: 3,
      lastStatus: 204,
      lastError: null,
    });
    const got = receiver.received.filter((r) => r.path === '/flaky/a');
    expect(got).toHaveLength(3);
    for (const r of got) {
      expect(r.headers['silkline-event-id']).toBe(event.id);
      expect(r.headers['content-type']).toBe('application/json');
      const body = JSON.parse(r.body);
      expect(body).toEqual({
        id: event.id,
        type: 'order.planned',
        createdAt: event.created_at.toISOString(),
        data: { orderId: order.body.id, externalId: 'WH-1' },
      });
      const header = String(r.headers['silkline-signature']);
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const ts = Number(/^t=(\d+)/.exec(header)![1]);
      expect(verify(secret, header, r.body, ts, 300)).toEqual({ ok: true, timestamp: ts });
      expect(verify(secret, header, r.body + ' ', ts, 300).ok).toBe(false);
    }
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
  }, 30_000);

  it('gives up after the attempt limit: failed, with the last status', async () => {
    const created = await devRequest('POST', '/v1/webhooks', operator.key, {
      url: `${receiver.base}/down/b`,
      tenantId: other.tenantId,
    });
    expect(created.status).toBe(201);
    await t.store.db.transaction().execute(async (trx) => {
      await recordEvent(t.deps, trx, other.tenantId, 'order.booked', 'ord_x', { orderId: 'ord_x' });
    });
    const delivery = await eventually(
      async () => {
        const d = await t.store.db
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('endpoint_id', '=', created.body.id)
          .executeTakeFirst();
        return d && d.state !== 'pending' ? d : undefined;
      },
      15_000,
      'the delivery to fail',
    );
    expect(delivery).toMatchObject({ state: 'failed', attempts: 4, last_status: 500 });
    expect(receiver.received.filter((r) => r.path === '/down/b')).toHaveLength(4);
  }, 30_000);

  it('checks resolved addresses when delivering: a name resolving to loopback is refused', async () => {
    // Written straight to the store, as if the name had resolved publicly when it was added.
    const port = new URL(receiver.base).port;
    await t.store.db
      .insertInto('webhook_endpoints')
      .values({
        id: t.deps.ids.next('whk'),
        tenant_id: other.tenantId,
        url: `http://localhost:${port}/rebound/c`,
        secret: 'whsec_x',
        allow_private: false,
        events: JSON.stringify(['order.failed']),
      })
      .execute();
    await t.store.db.transaction().execute(async (trx) => {
      await recordEvent(t.deps, trx, other.tenantId, 'order.failed', 'ord_y', { orderId: 'ord_y' });
    });
    const delivery = await eventually(
      async () => {
        const d = await t.store.db
          .selectFrom('webhook_deliveries as d')
          .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
          .selectAll('d')
          .where('w.url', 'like', '%/rebound/c')
          .executeTakeFirst();
        return d && d.state !== 'pending' ? d : undefined;
      },
      15_000,
      'the delivery to be refused',
    );
    expect(delivery.state).toBe('failed');
    expect(delivery.last_status).toBeNull();
    expect(delivery.last_error).toMatch(/^refused: localhost resolves to a loopback/);
    expect(receiver.received.filter((r) => r.path.startsWith('/rebound/'))).toEqual([]);
    // Allowed, the same name resolves (through the guarded lookup) and connects.
    const allowed = await postWebhook(`http://localhost:${port}/ok/lookup`, {}, '{}', {
      allowPrivate: true,
      timeoutMs: 3000,
    });
    expect(allowed).toEqual({ ok: true, status: 204 });
    // A receiver that never answers is cut off at the timeout.
    const hung = await postWebhook(`${receiver.base}/hang/x`, {}, '{}', {
      allowPrivate: true,
      timeoutMs: 300,
    });
    expect(hung).toEqual({ ok: false, status: null, error: 'timed out after 300 ms' });
  }, 30_000);

  it('needs the development flag in the delivering process too, not only on the endpoint', async () => {
    const created = await devRequest('POST', '/v1/webhooks', operator.key, {
      url: `${receiver.base}/flagless/d`,
      tenantId: other.tenantId,
      events: ['order.replanned'],
    });
    const noQueue = { ...t.deps, queue: null };
    const [deliveryId] = await t.store.db.transaction().execute(async (trx) => {
      const eventId = await recordEvent(noQueue, trx, other.tenantId, 'order.replanned', 'o', {});
      return trx
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('event_id', '=', eventId)
        .execute()
        .then((rows) => rows.map((r) => r.id));
    });
    expect(deliveryId).toBeDefined();
    const result = await deliverWebhook(noQueue, { ...CONFIG, allowPrivate: false }, deliveryId!);
    expect(result).toBe('failed');
    const row = await t.store.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', deliveryId!)
      .executeTakeFirstOrThrow();
    expect(row.last_error).toMatch(/^refused: 127\.0\.0\.1 is a loopback address/);
    expect(receiver.received.filter((r) => r.path === '/flagless/d')).toEqual([]);
    expect(created.status).toBe(201);
    // Only 'order.replanned' was subscribed: another event type makes no delivery for it.
    const endpoints = await t.store.db.transaction().execute(async (trx) => {
      const eventId = await recordEvent(noQueue, trx, other.tenantId, 'order.planned', 'o', {});
      return trx
        .selectFrom('webhook_deliveries')
        .select('endpoint_id')
        .where('event_id', '=', eventId)
        .execute();
    });
    expect(endpoints.map((e) => e.endpoint_id)).not.toContain(created.body.id);
  });

  it('records an order event, its pending delivery and the job in one transaction: rolled back, none exists', async () => {
    const created = await devRequest('POST', '/v1/webhooks', seller.key, {
      url: `${receiver.base}/ok/e`,
    });
    expect(created.status).toBe(201);
    const counts = async (db: typeof t.store.db, orderId: string) => {
      const events = await db
        .selectFrom('events')
        .select('id')
        .where('subject_id', '=', orderId)
        .execute();
      const deliveries = await db
        .selectFrom('webhook_deliveries')
        .select(['id', 'state'])
        .where('event_id', 'in', events.length ? events.map((e) => e.id) : ['none'])
        .where('endpoint_id', '=', created.body.id)
        .execute();
      const jobs = await sql<{ n: string }>`
        select count(*)::text as n from pgboss.job
        where name = 'deliver-webhook'
          and data->>'deliveryId' = any(${deliveries.map((d) => d.id)}::text[])`.execute(db);
      return { events, deliveries, jobs: Number(jobs.rows[0]!.n) };
    };

    let orderId = '';
    await expect(
      t.store.db.transaction().execute(async (trx) => {
        const row = await createOrder(
          t.deps,
          trx,
          seller.tenantId,
          parseOrder(t.deps, orderBody('WH-2')),
        );
        orderId = row.id;
        const inside = await counts(trx, orderId);
        expect(inside.events).toHaveLength(1);
        expect(inside.deliveries).toEqual([
          { id: expect.stringMatching(/^dlv_/), state: 'pending' },
        ]);
        expect(inside.jobs).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await counts(t.store.db, orderId);
    expect(after).toEqual({ events: [], deliveries: [], jobs: 0 });
    expect(
      await t.store.db
        .selectFrom('orders')
        .select('id')
        .where('id', '=', orderId)
        .executeTakeFirst(),
    ).toBeUndefined();

    // Committed, all three exist and the delivery goes out.
    const committed = await t.store.db
      .transaction()
      .execute(async (trx) =>
        createOrder(t.deps, trx, seller.tenantId, parseOrder(t.deps, orderBody('WH-3'))),
      );
    const c = await counts(t.store.db, committed.id);
    expect(c.events).toHaveLength(1);
    expect(c.deliveries).toHaveLength(1);
    await eventually(
      async () =>
        receiver.received.find(
          (r) => r.path === '/ok/e' && JSON.parse(r.body).data.orderId === committed.id,
        ),
      15_000,
      'the committed delivery',
    );
  }, 30_000);
});

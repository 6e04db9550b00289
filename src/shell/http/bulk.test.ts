// Bulk orders: POST /v1/orders/bulk (CSV and JSON Lines), the plan-batch job and GET
// /v1/batches/{id}, on PGlite and (when SILKLINE_TEST_DATABASE_URL is set) PostgreSQL.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeCases } from '../db/test-stores.ts';
import { MAX_BULK_ORDERS, planBatch } from '../service/batches.ts';
import { createApp } from './app.ts';
import { eventually, openTestApp, orderBody, type TestApp } from './test-app.ts';

const DEMO = readFileSync(new URL('../../../data/demo-orders.csv', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const HEADER = DEMO[0]!;
const COLUMNS = HEADER.split(',');
const DEMO_ROWS = DEMO.slice(1);

/** `count` demo rows with the order ids PREFIX-1…, as CSV lines (no header). */
function demoRows(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    DEMO_ROWS[i % DEMO_ROWS.length]!.replace(/^[^,]+/, `${prefix}-${i + 1}`),
  );
}

/** Replaces one field of a CSV line that has no quoted commas before it. */
function withField(line: string, column: string, value: string): string {
  const fields = line.split(',');
  fields[COLUMNS.indexOf(column)] = value;
  return fields.join(',');
}

const csv = (rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

describe.each(storeCases())('bulk orders on $name', (storeCase) => {
  let t: TestApp;
  let seller: string;
  let otherSeller: string;
  let operator: string;
  let partner: string;

  beforeAll(async () => {
    t = await openTestApp(storeCase);
    seller = (await t.key('bulk-seller', 'seller')).key;
    otherSeller = (await t.key('other-seller', 'seller')).key;
    operator = (await t.key('ops', 'operator')).key;
    partner = (await t.key('a-partner', 'partner', 'sz-pickup')).key;
  }, 60_000);
  afterAll(async () => t?.close());

  const upload = (body: string, contentType = 'text/csv', headers: Record<string, string> = {}) =>
    t.request('POST', '/v1/orders/bulk', {
      key: seller,
      body,
      headers: { 'content-type': contentType, ...headers },
    });
  const batchOrders = async (batchId: string) =>
    t.store.db
      .selectFrom('orders')
      .select(['external_id', 'status'])
      .where('batch_id', '=', batchId)
      .execute();

  it('accepts a CSV at once, then the job stores the good rows and names each bad row by line and field', async () => {
    const rows = demoRows('CSV', 200);
    // Lines are rows + 1 (line 1 is the header).
    rows[9] = withField(rows[9]!, 'weight_g', 'heavy'); // line 11
    rows[49] = withField(rows[49]!, 'destination_country', 'XX'); // line 51
    rows[119] = withField(rows[119]!, 'pickup_city', 'Atlantis'); // line 121
    const res = await upload(csv(rows));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', total: 200 });
    expect(res.body.batchId).toMatch(/^bat_[0-9a-z]{26}$/);
    expect(res.body.links.self).toBe(`/v1/batches/${res.body.batchId}`);
    expect(res.headers.get('location')).toBe(res.body.links.self);
    const id = res.body.batchId as string;

    const queued = await t.request('GET', `/v1/batches/${id}`, { key: seller });
    expect(queued.status).toBe(200);
    expect(queued.body).toMatchObject({ status: 'queued', total: 200, processed: 0, accepted: 0 });

    await planBatch(t.deps, id, { chunkRows: 64 });
    const done = await t.request('GET', `/v1/batches/${id}`, { key: seller });
    expect(done.body).toMatchObject({
      id,
      status: 'done',
      format: 'csv',
      total: 200,
      processed: 200,
      accepted: 197,
      rejected: 3,
      nextErrorsCursor: null,
    });
    expect(done.body.finishedAt).not.toBeNull();
    expect(done.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual(
      [
        [11, 'weight_g'],
        [51, 'destination_country'],
        [121, 'pickup_city'],
      ],
    );
    expect(done.body.errors[0].message).toContain('"heavy"');
    const orders = await batchOrders(id);
    expect(orders).toHaveLength(197);
    expect(new Set(orders.map((o) => o.external_id)).size).toBe(197);
    expect(orders.map((o) => o.external_id)).not.toContain('CSV-10');
    expect(orders.every((o) => o.status === 'planned' || o.status === 'infeasible')).toBe(true);
    expect(orders.filter((o) => o.status === 'planned').length).toBeGreaterThan(150);

    // The API lists a batch's orders with ?batchId=.
    const listed = await t.request('GET', `/v1/orders?batchId=${id}&limit=200`, { key: seller });
    expect(listed.body.data).toHaveLength(197);
    expect(listed.body.data.every((o: { batchId: string }) => o.batchId === id)).toBe(true);

    // Orders of the batch are ordinary orders of the seller.
    const one = await t.store.db
      .selectFrom('orders')
      .select('id')
      .where('external_id', '=', 'CSV-1')
      .executeTakeFirstOrThrow();
    const got = await t.request('GET', `/v1/orders/${one.id}`, { key: seller });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ externalId: 'CSV-1', batchId: id });

    // Paging through the errors.
    const p1 = await t.request('GET', `/v1/batches/${id}?errorsLimit=2`, { key: seller });
    expect(p1.body.errors.map((e: { line: number }) => e.line)).toEqual([11, 51]);
    expect(p1.body.nextErrorsCursor).toEqual(expect.any(String));
    const p2 = await t.request(
      'GET',
      `/v1/batches/${id}?errorsLimit=2&errorsCursor=${p1.body.nextErrorsCursor}`,
      { key: seller },
    );
    expect(p2.body.errors.map((e: { line: number }) => e.line)).toEqual([121]);
    expect(p2.body.nextErrorsCursor).toBeNull();
    const bad = await t.request('GET', `/v1/batches/${id}?errorsCursor=nope`, { key: seller });
    expect(bad.status).toBe(400);

    // Tenant scope: another seller gets 404, an operator sees it, a partner may not ask.
    expect((await t.request('GET', `/v1/batches/${id}`, { key: otherSeller })).status).toBe(404);
    expect((await t.request('GET', `/v1/batches/${id}`, { key: operator })).status).toBe(200);
    expect((await t.request('GET', `/v1/batches/${id}`, { key: partner })).status).toBe(403);
    expect((await t.request('GET', `/v1/batches/${id}`)).status).toBe(401);

    // Running the job again changes nothing.
    await planBatch(t.deps, id);
    expect((await batchOrders(id)).length).toBe(197);
    const again = await t.request('GET', `/v1/batches/${id}`, { key: seller });
    expect(again.body).toMatchObject({ accepted: 197, rejected: 3 });
  });

  it('accepts JSON Lines: bad JSON, a bad field and an existing seller id are rejected by line', async () => {
    const existing = await t.request('POST', '/v1/orders', {
      key: seller,
      body: orderBody('JL-EXISTING'),
    });
    expect(existing.status).toBe(201);
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify(orderBody(`JL-${i + 1}`)));
    lines[4] = '{"id": "JL-5", '; // line 5: not JSON
    lines[9] = JSON.stringify(
      orderBody('JL-10', {
        parcels: [{ ...orderBody('x').parcels[0], weightG: 0 }],
      }),
    ); // line 10
    lines.splice(15, 0, ''); // a blank line 16 is skipped: JL-16 moves to line 17
    lines.push(JSON.stringify(orderBody('JL-EXISTING'))); // line 22
    const res = await upload(lines.join('\n'), 'application/x-ndjson');
    expect(res.status).toBe(202);
    expect(res.body.total).toBe(21);
    const id = res.body.batchId as string;
    await planBatch(t.deps, id);
    const done = await t.request('GET', `/v1/batches/${id}`, { key: seller });
    expect(done.body).toMatchObject({ status: 'done', format: 'jsonl', total: 21 });
    expect(done.body).toMatchObject({ accepted: 18, rejected: 3 });
    expect(done.body.errors).toEqual([
      { line: 5, field: null, message: expect.stringContaining('not valid JSON') },
      { line: 10, field: 'parcels.0.weightG', message: expect.any(String) },
      { line: 22, field: 'id', message: expect.stringContaining('already exists') },
    ]);
    expect(await batchOrders(id)).toHaveLength(18);

    // application/jsonl is JSON Lines too.
    const alt = await upload(JSON.stringify(orderBody('JL-ALT')) + '\n', 'application/jsonl');
    expect(alt.status).toBe(202);
  });

  it('honours Idempotency-Key: the same key and body give the same batch, another body 422', async () => {
    const body = csv(demoRows('IDEM', 5));
    const first = await upload(body, 'text/csv', { 'idempotency-key': 'bulk-1' });
    const second = await upload(body, 'text/csv', { 'idempotency-key': 'bulk-1' });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.batchId).toBe(first.body.batchId);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const other = await upload(csv(demoRows('IDEM2', 5)), 'text/csv', {
      'idempotency-key': 'bulk-1',
    });
    expect(other.status).toBe(422);
    const batches = await t.store.db
      .selectFrom('batches')
      .select('id')
      .where('source', 'like', '%IDEM-1,%')
      .execute();
    expect(batches).toHaveLength(1);
  });

  it('refuses what is not an upload of orders, naming why', async () => {
    const noColumns = await upload('order_id,weight_g\nA,100\n');
    expect(noColumns.status).toBe(400);
    expect(noColumns.body.errors.map((e: { field: string }) => e.field)).toContain('pickup_city');
    expect((await upload(HEADER + '\n')).status).toBe(400);
    const wrongType = await upload('{}', 'application/json');
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers.get('content-type')).toContain('application/problem+json');
    const asOperator = await t.request('POST', '/v1/orders/bulk', {
      key: operator,
      body: csv(demoRows('OP', 1)),
      headers: { 'content-type': 'text/csv' },
    });
    expect(asOperator.status).toBe(403);
    expect((await t.request('POST', '/v1/orders/bulk', { body: 'x' })).status).toBe(401);
  });

  it('answers 413 above the byte limit and above the order limit', async () => {
    const small = createApp({ ...t.deps, maxBulkBytes: 2000 });
    const res = await small.request('/v1/orders/bulk', {
      method: 'POST',
      headers: { authorization: `Bearer ${seller}`, 'content-type': 'text/csv' },
      body: csv(demoRows('BIG', 100)),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    // The general body limit does not apply to uploads.
    const under = createApp({ ...t.deps, maxBodyBytes: 1000 });
    const ok = await under.request('/v1/orders/bulk', {
      method: 'POST',
      headers: { authorization: `Bearer ${seller}`, 'content-type': 'text/csv' },
      body: csv(demoRows('SMALLBODY', 30)),
    });
    expect(ok.status).toBe(202);
    const tooMany = await upload(
      [HEADER, ...Array.from({ length: MAX_BULK_ORDERS + 1 }, () => DEMO_ROWS[0]!)].join('\n'),
    );
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.detail).toContain(String(MAX_BULK_ORDERS));
  });

  it('resumes after a crash mid-batch without storing any row twice or losing one', async () => {
    const rows = demoRows('CRASH', 200);
    rows[130] = withField(rows[130]!, 'hs_code', '12'); // line 132, in the chunk that crashes
    const res = await upload(csv(rows));
    const id = res.body.batchId as string;
    // The job dies inside the third chunk's transaction (rows 100–149), before it commits.
    await expect(
      planBatch(t.deps, id, {
        chunkRows: 50,
        beforeCommit: ({ start }) => {
          if (start === 100) throw new Error('worker killed');
        },
      }),
    ).rejects.toThrow('worker killed');
    const mid = await t.request('GET', `/v1/batches/${id}`, { key: seller });
    expect(mid.body).toMatchObject({ status: 'running', processed: 100, accepted: 100 });
    expect(mid.body.errors).toEqual([]);
    expect(await batchOrders(id)).toHaveLength(100);

    // The retried job resumes at row 100 and stores each row once.
    await planBatch(t.deps, id, { chunkRows: 50 });
    const done = await t.request('GET', `/v1/batches/${id}`, { key: seller });
    expect(done.body).toMatchObject({
      status: 'done',
      total: 200,
      processed: 200,
      accepted: 199,
      rejected: 1,
    });
    expect(done.body.errors).toEqual([
      { line: 132, field: 'hs_code', message: expect.any(String) },
    ]);
    const orders = await batchOrders(id);
    expect(orders).toHaveLength(199);
    expect(new Set(orders.map((o) => o.external_id)).size).toBe(199);
  });

  it('lets two runners of one batch (a job retried while its first run still works) share it', async () => {
    const res = await upload(csv(demoRows('TWICE', 120)));
    const id = res.body.batchId as string;
    await Promise.all([
      planBatch(t.deps, id, { chunkRows: 20 }),
      planBatch(t.deps, id, { chunkRows: 30 }),
    ]);
    const done = await t.request('GET', `/v1/batches/${id}`, { key: seller });
    expect(done.body).toMatchObject({ status: 'done', processed: 120, accepted: 120, rejected: 0 });
    expect(await batchOrders(id)).toHaveLength(120);
  });
});

describe.each(storeCases())('the plan-batch job on $name', (storeCase) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(storeCase, { jobs: true });
    await t.deps.queue!.boss.work<{ batchId: string }>(
      'plan-batch',
      { batchSize: 1, pollingIntervalSeconds: 0.5 } as never,
      async (jobs) => {
        // One chunk of 10 rows per run: each run enqueues the next, as a long batch does.
        for (const job of jobs)
          await planBatch(t.deps, job.data.batchId, { chunkRows: 10, runMs: 0 });
      },
    );
  }, 60_000);
  afterAll(async () => t?.close());

  it('is enqueued with the upload, runs in bounded runs until done; each feasible order gets its booking job', async () => {
    const seller = (await t.key('job-seller', 'seller')).key;
    const res = await t.request('POST', '/v1/orders/bulk', {
      key: seller,
      body: csv(demoRows('JOB', 30)),
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(202);
    const id = res.body.batchId as string;
    const done = await eventually(
      async () => {
        const r = await t.request('GET', `/v1/batches/${id}`, { key: seller });
        return r.body.status === 'done' ? r.body : undefined;
      },
      30_000,
      'the batch to be done',
    );
    expect(done).toMatchObject({ total: 30, accepted: 30, rejected: 0 });
    const runs = await t.deps.queue!.boss.findJobs('plan-batch', { data: { batchId: id } });
    expect(runs.length).toBeGreaterThanOrEqual(3);
    const planned = await t.store.db
      .selectFrom('orders')
      .select('id')
      .where('batch_id', '=', id)
      .where('status', '=', 'planned')
      .execute();
    const jobs = await t.deps.queue!.boss.findJobs('book-order');
    const booked = new Set(jobs.map((j) => (j.data as { orderId: string }).orderId));
    expect(planned.every((o) => booked.has(o.id))).toBe(true);
  }, 40_000);
});

describe.each(storeCases())('a bulk upload of 100,000 orders on $name', (storeCase) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(storeCase);
  }, 60_000);
  afterAll(async () => t?.close());

  it('is accepted at once with 202: counted, stored and queued, not yet planned', async () => {
    const seller = (await t.key('big-seller', 'seller')).key;
    const body = csv(demoRows('BIG', MAX_BULK_ORDERS));
    const started = performance.now();
    const res = await t.request('POST', '/v1/orders/bulk', {
      key: seller,
      body,
      headers: { 'content-type': 'text/csv' },
    });
    const ms = performance.now() - started;
    expect(res.status).toBe(202);
    expect(res.body.total).toBe(MAX_BULK_ORDERS);
    // Planning 100,000 orders takes minutes; accepting them is storing ~9 MB (about a second on
    // PGlite, less on PostgreSQL; the bound leaves room for a loaded machine).
    expect(ms).toBeLessThan(10_000);
    const batch = await t.request('GET', `/v1/batches/${res.body.batchId}`, { key: seller });
    expect(batch.body).toMatchObject({ status: 'queued', total: MAX_BULK_ORDERS, processed: 0 });
  }, 30_000);
});

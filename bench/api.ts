// bench/api: the integrator service under load on loopback, on PGlite and on PostgreSQL in the same
// run. For each store, `silkline serve` runs as its own process on a fresh store and autocannon
// measures:
//   - POST /v1/quotes latency p50/p99 at a fixed concurrency (a quote plans all three tiers);
//   - orders accepted per second through single POST /v1/orders (a unique Idempotency-Key and a
//     unique order id per request, varied demo orders), with the booking jobs running alongside;
//   - rows accepted per second through one bulk upload (POST /v1/orders/bulk, a CSV of N rows)
//     from sending it until its batch is done (every row planned and stored).
// Before the bulk upload the booking backlog of the single orders is let drain (bounded). The
// booking jobs of the batch's orders start as soon as its first chunk commits and run alongside.
//   node bench/api.ts [--duration S] [--connections N] [--bulk-rows N] [--stores pglite,postgres]
// PostgreSQL: SILKLINE_BENCH_DATABASE_URL, else SILKLINE_TEST_DATABASE_URL, else DATABASE_URL names
// the server; a fresh database is created and dropped. Without one, that column says so.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  bulkBody,
  demoRows,
  dropDatabase,
  freshDatabase,
  jsonOrder,
  runCli,
  Server,
} from '../test/crash/supervisor.ts';
import { postgresVersion } from './postgres-version.ts';

interface Histogram {
  readonly p50: number;
  readonly p99: number;
  readonly average: number;
}
interface CannonResult {
  readonly duration: number;
  readonly latency: Histogram;
  readonly requests: { readonly total: number; readonly average: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly '2xx': number;
  readonly statusCodeStats: Record<string, { count: number }>;
}
interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest) => CannonRequest;
}
// autocannon ships no types: the part of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests: CannonRequest[];
  timeout?: number;
}) => Promise<CannonResult>;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'bulk-rows': { type: 'string', default: '10000' },
    stores: { type: 'string', default: 'pglite,postgres' },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const BULK_ROWS = Number(values['bulk-rows']);
const STORES = values.stores.split(',') as ('pglite' | 'postgres')[];
const PG_URL =
  process.env.SILKLINE_BENCH_DATABASE_URL ??
  process.env.SILKLINE_TEST_DATABASE_URL ??
  process.env.DATABASE_URL;
/** Bounded waits: the booking backlog between measurements, the bulk batch. */
const DRAIN_MS = 90_000;
const BULK_MS = 300_000;

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));
const log = (line: string) => process.stderr.write(`bench/api: ${line}\n`);
const rows = demoRows();
const RUN = Date.now().toString(36);

interface StoreFigures {
  readonly store: string;
  readonly skipped?: string;
  quotes?: { p50: number; p99: number; perSecond: number; non2xx: number };
  single?: { perSecond: number; p50: number; p99: number; accepted: number; non2xx: number };
  bulk?: {
    rows: number;
    accepted: number;
    rejected: number;
    perSecond: number;
    answeredMs: number;
    doneMs: number;
  };
  drains: string[];
}

async function get(base: string, key: string, path: string): Promise<Record<string, unknown>> {
  const res = await fetch(base + path, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Waits (bounded) until no order is waiting for its booking job; returns how long it took. */
async function drain(base: string, key: string): Promise<string> {
  const t = Date.now();
  while (Date.now() - t < DRAIN_MS) {
    const planned = await get(base, key, '/v1/orders?status=planned&limit=1');
    const booking = await get(base, key, '/v1/orders?status=booking&limit=1');
    if ((planned.data as unknown[]).length === 0 && (booking.data as unknown[]).length === 0)
      return `${((Date.now() - t) / 1000).toFixed(1)} s`;
    await sleep(500);
  }
  return `not drained in ${DRAIN_MS / 1000} s`;
}

async function measure(store: 'pglite' | 'postgres'): Promise<StoreFigures> {
  const label = store === 'pglite' ? 'PGlite' : 'PostgreSQL';
  if (store === 'postgres' && !PG_URL)
    return { store: label, skipped: 'no PostgreSQL (set SILKLINE_BENCH_DATABASE_URL)', drains: [] };
  const dir = mkdtempSync(join(os.tmpdir(), `silkline-bench-${store}-`));
  const env: NodeJS.ProcessEnv = { ...process.env, SILKLINE_DEMO_REFUSE: '' };
  delete env.DATABASE_URL;
  delete env.SILKLINE_DATA_DIR;
  let dbUrl: string | null = null;
  const server = new Server(['--port', '0', '--data', join(dir, 'data')], env, join(dir, 'log'));
  try {
    if (store === 'postgres') {
      dbUrl = await freshDatabase(PG_URL!);
      env.DATABASE_URL = dbUrl;
      const migrated = await runCli(['db', 'migrate'], env);
      if (migrated.code !== 0) throw new Error(`db migrate: ${migrated.stderr}`);
    }
    const created = await runCli(
      [
        'keys',
        'create',
        '--tenant',
        'bench-seller',
        '--role',
        'seller',
        '--data',
        join(dir, 'data'),
      ],
      env,
    );
    if (created.code !== 0) throw new Error(`keys create: ${created.stderr}`);
    const key = created.stdout.trim();
    const base = await server.start();
    log(`${label}: serving at ${base}`);
    const figures: StoreFigures = { store: label, drains: [] };
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    // Warm-up: the first plans of a process fill the planner's caches.
    let n = 0;
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${base}/v1/quotes`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(jsonOrder(rows[i]!, `warm-${i}`)),
      });
      await res.text();
    }

    // Quotes: latency at a fixed concurrency, varied demo orders.
    const quotes = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION,
      headers: auth,
      requests: [
        {
          method: 'POST',
          path: '/v1/quotes',
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify(jsonOrder(rows[n++ % rows.length]!, `Q-${n}`)),
          }),
        },
      ],
    });
    figures.quotes = {
      p50: quotes.latency.p50,
      p99: quotes.latency.p99,
      perSecond: quotes['2xx'] / quotes.duration,
      non2xx: quotes.non2xx + quotes.errors,
    };
    log(`${label}: quotes p50 ${quotes.latency.p50} ms, p99 ${quotes.latency.p99} ms`);

    // Single orders: each request a new order under a new Idempotency-Key.
    let o = 0;
    const single = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION,
      headers: auth,
      requests: [
        {
          method: 'POST',
          path: '/v1/orders',
          setupRequest: (req) => {
            const i = o++;
            return {
              ...req,
              headers: { ...req.headers, 'idempotency-key': `bench-${RUN}-${i}` },
              body: JSON.stringify(jsonOrder(rows[i % rows.length]!, `BA-${RUN}-${i}`)),
            };
          },
        },
      ],
    });
    figures.single = {
      perSecond: single['2xx'] / single.duration,
      p50: single.latency.p50,
      p99: single.latency.p99,
      accepted: single['2xx'],
      non2xx: single.non2xx + single.errors,
    };
    log(
      `${label}: single orders ${figures.single.perSecond.toFixed(0)}/s (${single['2xx']} accepted, ${figures.single.non2xx} not)`,
    );
    figures.drains.push(await drain(base, key));

    // Bulk: one CSV upload of BULK_ROWS rows, timed until its batch is done.
    const picked = Array.from({ length: BULK_ROWS }, (_, i) => rows[i % rows.length]!);
    const ids = picked.map((_, i) => `BK-${RUN}-${i}`);
    const body = bulkBody(picked, ids, 'csv');
    const sent = Date.now();
    const res = await fetch(`${base}/v1/orders/bulk`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'text/csv',
        'idempotency-key': `bench-bulk-${RUN}`,
      },
      body,
    });
    const answeredMs = Date.now() - sent;
    const accepted = (await res.json()) as { batchId?: string };
    if (res.status !== 202 || !accepted.batchId)
      throw new Error(`bulk upload answered ${res.status}: ${JSON.stringify(accepted)}`);
    let batch: Record<string, unknown> = {};
    while (Date.now() - sent < BULK_MS) {
      batch = await get(base, key, `/v1/batches/${accepted.batchId}?errorsLimit=1`);
      if (batch.status === 'done' || batch.status === 'failed') break;
      await sleep(200);
    }
    const doneMs = Date.now() - sent;
    if (batch.status !== 'done') throw new Error(`bulk batch: ${JSON.stringify(batch)}`);
    figures.bulk = {
      rows: BULK_ROWS,
      accepted: Number(batch.accepted),
      rejected: Number(batch.rejected),
      perSecond: Number(batch.accepted) / (doneMs / 1000),
      answeredMs,
      doneMs,
    };
    log(
      `${label}: bulk ${BULK_ROWS} rows: 202 in ${answeredMs} ms, done in ${doneMs} ms (${figures.bulk.perSecond.toFixed(0)} rows/s)`,
    );
    await server.stop();
    return figures;
  } finally {
    await server.kill();
    if (dbUrl) await dropDatabase(PG_URL!, dbUrl).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: StoreFigures[] = [];
for (const store of STORES) results.push(await measure(store));

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const cell = (f: StoreFigures, pick: (f: StoreFigures) => string | undefined) =>
  f.skipped ? '—' : (pick(f) ?? '—');
const table: [string, (f: StoreFigures) => string | undefined][] = [
  [
    `POST /v1/orders: orders accepted/s (${CONNECTIONS} connections, ${DURATION} s)`,
    (f) => f.single && `${int(f.single.perSecond)}`,
  ],
  ['  latency p50 / p99', (f) => f.single && `${f.single.p50} / ${f.single.p99} ms`],
  ['  accepted / not', (f) => f.single && `${int(f.single.accepted)} / ${int(f.single.non2xx)}`],
  [
    `POST /v1/orders/bulk (${int(BULK_ROWS)}-row CSV): rows accepted/s until done`,
    (f) => f.bulk && `${int(f.bulk.perSecond)}`,
  ],
  [
    '  202 after / batch done after',
    (f) => f.bulk && `${int(f.bulk.answeredMs)} ms / ${(f.bulk.doneMs / 1000).toFixed(1)} s`,
  ],
  ['  accepted / rejected', (f) => f.bulk && `${int(f.bulk.accepted)} / ${int(f.bulk.rejected)}`],
  [
    `POST /v1/quotes: latency p50 / p99 (${CONNECTIONS} connections, ${DURATION} s)`,
    (f) => f.quotes && `${f.quotes.p50} / ${f.quotes.p99} ms`,
  ],
  ['  quotes/s (3 tiers each)', (f) => f.quotes && `${int(f.quotes.perSecond)}`],
  ['booking backlog of the single orders drained in', (f) => f.drains.join('; ')],
];
const out = [
  `bench/api on ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()}, Node ${process.version}; ${await postgresVersion(PG_URL, STORES.includes('postgres'))}; autocannon in the same machine, loopback`,
  '',
  `| measurement | ${results.map((r) => r.store).join(' | ')} |`,
  `| --- | ${results.map(() => '---').join(' | ')} |`,
  ...table.map(([name, pick]) => `| ${name} | ${results.map((r) => cell(r, pick)).join(' | ')} |`),
  ...results.filter((r) => r.skipped).map((r) => `\n${r.store}: ${r.skipped}`),
];
process.stdout.write(out.join('\n') + '\n');

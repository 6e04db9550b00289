// The crash test's supervisor: runs `silkline serve` as a child process, kills it with SIGKILL at
// seeded random moments while clients post orders (and bulk batches) with idempotency keys and
// retry until acknowledged, restarts it on the same store each time, then lets the jobs finish in
// a final clean run and checks that every acknowledged order exists exactly once, every planned
// order was booked exactly once, and every batch is complete.
//
// Used by test/crash/crash.test.ts; also runs alone:
//   node test/crash/supervisor.ts [--store pglite|postgres] [--seed N] [--kills N] [--clients N]
// (PostgreSQL: SILKLINE_TEST_DATABASE_URL names the server; a fresh database is created and dropped.)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import pg from 'pg';
import { DEMO_ORDER_COLUMNS } from '../../scripts/demo-orders.ts';
import { openStore } from '../../src/shell/db/store.ts';
import { seededUnit } from '../../src/core/shared/index.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/silkline.js');
const DEMO_ORDERS = join(ROOT, 'data/demo-orders.csv');
const BULK_ROUTE = join(ROOT, 'src/shell/http/routes/bulk.ts');

/** Node 24 itself: the running one when it is 24, else the project's (bin/silkline.js would re-spawn, and a SIGKILL would miss the child). */
export function node24(): string {
  return Number(process.versions.node.split('.')[0]) >= 24
    ? process.execPath
    : join(ROOT, 'node_modules/.bin/node');
}

/** mulberry32: the seeded source of every random choice of a run. */
export const rng = seededUnit;

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

export interface CrashOptions {
  readonly store: 'pglite' | 'postgres';
  /** PostgreSQL server for the fresh database (store 'postgres'). */
  readonly adminUrl?: string | undefined;
  readonly seed: number;
  /** SIGKILLs while the clients post (one of them during start-up when startupKill). */
  readonly kills: number;
  /** Whether one kill lands while the server starts (before its banner). */
  readonly startupKill: boolean;
  /** Each kill comes this long after the server is ready (uniform, ms). */
  readonly upMs: readonly [number, number];
  /** Concurrent clients posting single orders. */
  readonly clients: number;
  /** Each client pauses this long between orders (uniform, ms), and all stop taking new ones after maxOrders. */
  readonly thinkMs: readonly [number, number];
  readonly maxOrders: number;
  /** Bulk batches: null to leave bulk out; otherwise rows per batch (uniform), the pause between uploads, the most batches. */
  readonly bulk: {
    readonly rows: readonly [number, number];
    readonly everyMs: number;
    readonly maxBatches: number;
  } | null;
  /** After the kills: the final clean run may take this long for every job to finish. */
  readonly settleMs: number;
  /** Progress lines (stderr when run alone). */
  readonly log: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<CrashOptions, 'store' | 'adminUrl' | 'log'> = {
  seed: 20261125,
  kills: 5,
  startupKill: true,
  upMs: [1500, 7000],
  clients: 6,
  thinkMs: [20, 200],
  maxOrders: 1500,
  bulk: { rows: [50, 250], everyMs: 3000, maxBatches: 12 },
  // A bound, not a wait: the loop ends once settled. A job failed k times for a missed heartbeat
  // waits up to 2^(k+1) s before its next try (pg-boss: retryDelay 2, backoff with jitter), after
  // about 25 s to notice the heartbeat; with the bookings still queued, that came to 84 s after
  // the load in one CI run, near the 120 s this was.
  settleMs: 300_000,
};

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface CrashReport {
  readonly store: string;
  readonly seed: number;
  readonly kills: {
    readonly atMs: number;
    readonly phase: 'start-up' | 'serving';
    readonly uptimeMs: number;
    readonly inFlight: number;
  }[];
  readonly starts: number;
  readonly requests: number;
  readonly retries: Record<string, number>;
  /** Acknowledged single orders, and how many of them were replays of a request that got no answer. */
  readonly ordersAcknowledged: number;
  readonly replayed: number;
  readonly bulk: 'covered' | 'not available';
  readonly batchesAcknowledged: number;
  readonly batchRows: number;
  readonly ordersInStore: number;
  readonly booked: number;
  readonly infeasible: number;
  readonly settleMs: number;
  readonly durationMs: number;
  readonly checks: Check[];
  readonly logFile: string;
}

// ---------------------------------------------------------------------------------------------
// Orders: rows of the demo orders (data/demo-orders.csv) under ids unique to the run.

type CsvRow = Record<string, string>;
const COLUMNS = DEMO_ORDER_COLUMNS;

export function demoRows(): CsvRow[] {
  return parse(readFileSync(DEMO_ORDERS, 'utf8'), { columns: true, skip_empty_lines: true });
}

/** A demo CSV row as the JSON order model of POST /v1/orders. */
export function jsonOrder(row: CsvRow, id: string): object {
  const weightG = Number(row.weight_g);
  const dims =
    row.length_mm && row.width_mm && row.height_mm
      ? {
          lengthMm: Number(row.length_mm),
          widthMm: Number(row.width_mm),
          heightMm: Number(row.height_mm),
        }
      : undefined;
  const goods = (row.goods_flags ?? '').split(';').filter(Boolean);
  return {
    id,
    buyer: {
      country: row.destination_country,
      ...(row.destination_postcode ? { postcode: row.destination_postcode } : {}),
    },
    ...(row.deliver_within_days ? { deliverWithinDays: Number(row.deliver_within_days) } : {}),
    parcels: [
      {
        pickup: row.pickup_city,
        weightG,
        ...(dims ? { dims } : {}),
        ...(goods.length ? { goods } : {}),
        items: [
          {
            description: row.description || 'goods',
            hsCode: row.hs_code,
            quantity: 1,
            unitValue: {
              amount: Math.round(Number(row.declared_value) * 100),
              currency: row.currency,
            },
            originCountry: 'CN',
            weightG,
          },
        ],
      },
    ],
  };
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** Rows as a CSV upload (the planner's contract) or as JSON Lines, each under its new id. */
export function bulkBody(
  rows: readonly CsvRow[],
  ids: readonly string[],
  format: 'csv' | 'jsonl',
): string {
  if (format === 'jsonl')
    return rows.map((r, i) => JSON.stringify(jsonOrder(r, ids[i]!))).join('\n') + '\n';
  const lines = [COLUMNS.join(',')];
  rows.forEach((r, i) =>
    lines.push(COLUMNS.map((c) => csvField(c === 'order_id' ? ids[i]! : (r[c] ?? ''))).join(',')),
  );
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// The server under test.

export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 90_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(node24(), [BIN, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`silkline ${args.join(' ')} took over ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', fail);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** Every server process still running: killed if the supervisor exits first (a test timeout). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export class Server {
  child: ChildProcess | null = null;
  base: string | null = null;
  startedAt = 0;
  readyAt = 0;
  starts = 0;
  /** Exits the supervisor did not cause: a server that dies by itself fails the test. */
  readonly unexpectedExits: string[] = [];
  private expectExit = false;
  private readonly args: string[];
  private readonly env: NodeJS.ProcessEnv;
  private readonly logFile: string;

  constructor(args: string[], env: NodeJS.ProcessEnv, logFile: string) {
    this.args = args;
    this.env = env;
    this.logFile = logFile;
  }

  /** Spawns `silkline serve`; resolves with its base URL once the banner is out. */
  spawn(): { ready: Promise<string>; exited: Promise<number | null> } {
    const n = ++this.starts;
    appendFileSync(this.logFile, `\n===== start ${n} at ${new Date().toISOString()}\n`);
    const child = spawn(node24(), [BIN, 'serve', ...this.args], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    this.startedAt = Date.now();
    this.readyAt = 0;
    this.expectExit = false;
    const exited = new Promise<number | null>((ok) =>
      child.on('exit', (code, signal) => {
        appendFileSync(this.logFile, `===== start ${n} exited: ${signal ?? code}\n`);
        if (!this.expectExit)
          this.unexpectedExits.push(`start ${n} exited by itself (${signal ?? code})`);
        live.delete(child);
        if (this.child === child) this.child = null;
        ok(signal ? null : code);
      }),
    );
    child.stderr!.on('data', (d) => appendFileSync(this.logFile, d));
    const ready = new Promise<string>((ok, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`start ${n}: no banner within 90 s`)), 90_000);
      child.stdout!.on('data', (d) => {
        appendFileSync(this.logFile, d);
        out += d;
        const m = /silkline serving (http:\/\/127\.0\.0\.1:\d+) /.exec(out);
        if (m && !this.readyAt) {
          clearTimeout(timer);
          this.readyAt = Date.now();
          this.base = m[1]!;
          ok(m[1]!);
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        fail(new Error(`start ${n}: exited (${code}) before it served; see ${this.logFile}`));
      });
    });
    ready.catch(() => undefined);
    return { ready, exited };
  }

  async start(): Promise<string> {
    return this.spawn().ready;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectExit = true;
    const gone = new Promise<void>((ok) => child.once('exit', () => ok()));
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM (graceful shutdown), SIGKILL after 30 s; the exit code, or null when it had to be killed. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return null;
    this.expectExit = true;
    const gone = new Promise<number | null>((ok) =>
      child.once('exit', (code, signal) => ok(signal ? null : code)),
    );
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await gone;
    clearTimeout(timer);
    return code;
  }
}

// ---------------------------------------------------------------------------------------------
// Clients: every request is retried with the same Idempotency-Key until it is acknowledged.

interface Ack {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly replayed: boolean;
}

class Client {
  requests = 0;
  inFlight = 0;
  readonly retries: Record<string, number> = {};
  private readonly server: Server;
  private readonly key: string;
  readonly random: () => number;

  constructor(server: Server, key: string, random: () => number) {
    this.server = server;
    this.key = key;
    this.random = random;
  }

  private retry(reason: string) {
    this.retries[reason] = (this.retries[reason] ?? 0) + 1;
  }

  /** Sends until a 2xx (retrying connection errors, timeouts, 5xx and 409 with backoff); throws on any other answer or after `deadline`. */
  async send(
    path: string,
    body: string,
    headers: Record<string, string>,
    deadline: number,
  ): Promise<Ack> {
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > deadline)
        throw new Error(`POST ${path} (${headers['idempotency-key']}) not acknowledged in time`);
      const base = this.server.base;
      if (base) {
        this.requests++;
        this.inFlight++;
        try {
          const res = await fetch(base + path, {
            method: 'POST',
            headers: { authorization: `Bearer ${this.key}`, ...headers },
            body,
            signal: AbortSignal.timeout(20_000),
          });
          const text = await res.text();
          if (res.status >= 200 && res.status < 300)
            return {
              status: res.status,
              body: JSON.parse(text) as Record<string, unknown>,
              replayed: res.headers.get('idempotent-replayed') === 'true',
            };
          if (res.status === 409 || res.status >= 500) this.retry(String(res.status));
          else throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 500)}`);
        } catch (e) {
          if ((e as Error).message.startsWith(`POST ${path} answered`)) throw e;
          this.retry((e as Error).name === 'TimeoutError' ? 'timeout' : 'connection');
        } finally {
          this.inFlight--;
        }
      }
      await sleep(Math.min(1000, 20 * 2 ** Math.min(attempt, 6)) * (0.5 + this.random()));
    }
  }

  async get(path: string): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const res = await fetch(this.server.base + path, {
          headers: { authorization: `Bearer ${this.key}` },
          signal: AbortSignal.timeout(30_000),
        });
        if (res.ok) return (await res.json()) as Record<string, unknown>;
        if (res.status < 500)
          throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
      } catch (e) {
        if ((e as Error).message.startsWith('GET ')) throw e;
      }
      await sleep(250);
    }
    throw new Error(`GET ${path} kept failing`);
  }

  /** Every item of a cursor-paginated list. */
  async all(path: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10_000; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const body = await this.get(
        `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...(body.data as Record<string, unknown>[]));
      cursor = body.nextCursor as string | null;
      if (!cursor) return items;
    }
    throw new Error(`${path}: too many pages`);
  }
}

// ---------------------------------------------------------------------------------------------

export async function freshDatabase(adminUrl: string): Promise<string> {
  const name = `silkline_crash_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(adminUrl: string, dbUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${new URL(dbUrl).pathname.slice(1)} with (force)`);
  } finally {
    await admin.end();
  }
}

function check(checks: Check[], name: string, ok: boolean, detail: string) {
  checks.push({ name, ok, detail });
}

const ACTIVE_ORDER = new Set(['received', 'planned', 'booking']);
/** The queues the load fills, whose every job the final checks expect completed. */
const SETTLED_QUEUES = new Set(['book-order', 'plan-batch']);

/** Runs one crash scenario on one store and reports what happened and every check. */
export async function runCrash(options: CrashOptions): Promise<CrashReport> {
  const t0 = Date.now();
  const log = options.log;
  const random = rng(options.seed);
  const dir = mkdtempSync(join(tmpdir(), `silkline-crash-${options.store}-`));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const env: NodeJS.ProcessEnv = { ...process.env, SILKLINE_DEMO_REFUSE: '' };
  delete env.DATABASE_URL;
  delete env.SILKLINE_DATA_DIR;
  let dbUrl: string | null = null;
  if (options.store === 'postgres') {
    if (!options.adminUrl) throw new Error('the PostgreSQL case needs adminUrl');
    dbUrl = await freshDatabase(options.adminUrl);
    env.DATABASE_URL = dbUrl;
    const migrated = await runCli(['db', 'migrate'], env);
    if (migrated.code !== 0) throw new Error(`db migrate failed: ${migrated.stderr}`);
  }
  const server = new Server(['--port', '0', '--data', dataDir], env, logFile);
  let passed = false;
  try {
    const createKey = async (tenant: string, role: 'seller' | 'operator') => {
      const run = await runCli(
        ['keys', 'create', '--tenant', tenant, '--role', role, '--data', dataDir],
        env,
      );
      if (run.code !== 0) throw new Error(`keys create failed: ${run.stderr}`);
      return run.stdout.trim();
    };
    const key = await createKey('crash-seller', 'seller');
    const operatorKey = await createKey('crash-operators', 'operator');
    log(`${options.store}: seller and operator keys created; data in ${dir}`);

    await server.start();
    const rows = demoRows();
    const probe = new Client(server, key, random);
    const operator = new Client(server, operatorKey, random);

    // Bulk is covered when its route is there and answers (415 to an upload that is neither CSV nor JSON Lines).
    let bulkOn = false;
    if (options.bulk) {
      try {
        const res = await fetch(`${server.base}/v1/orders/bulk`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
          body: 'x',
        });
        bulkOn = res.status === 415 || res.status === 400;
        await res.text();
      } catch {
        bulkOn = false;
      }
      log(
        `${options.store}: bulk ${bulkOn ? 'available' : `not available (${BULK_ROUTE} not served)`}`,
      );
    }

    // --- load, with kills ---------------------------------------------------------------------
    let loading = true;
    const loadDeadline = () => Date.now() + 150_000;
    const acked = new Map<
      string,
      { n: number; body: string; orderId: string; status: string; replayed: boolean }
    >();
    const batches = new Map<
      string,
      { b: number; body: string; type: string; ids: string[]; replayed: boolean }
    >();
    const failures: string[] = [];
    let next = 0;
    const clients: Client[] = [];
    const orderClient = async (c: number) => {
      const client = new Client(server, key, rng(options.seed * 31 + c));
      clients.push(client);
      while (loading && next < options.maxOrders) {
        const n = next++;
        const externalId = `S${options.seed}-${n}`;
        const body = JSON.stringify(jsonOrder(rows[n % rows.length]!, externalId));
        try {
          const ack = await client.send(
            '/v1/orders',
            body,
            { 'content-type': 'application/json', 'idempotency-key': `single-${n}` },
            loadDeadline(),
          );
          acked.set(externalId, {
            n,
            body,
            orderId: String(ack.body.id),
            status: String(ack.body.status),
            replayed: ack.replayed,
          });
          await sleep(
            options.thinkMs[0] + client.random() * (options.thinkMs[1] - options.thinkMs[0]),
          );
        } catch (e) {
          failures.push((e as Error).message);
          return;
        }
      }
    };
    let batchNo = 0;
    let batchRows = 0;
    const bulkClient = async () => {
      const client = new Client(server, key, rng(options.seed * 37));
      clients.push(client);
      const bulk = options.bulk!;
      while (loading && batchNo < bulk.maxBatches) {
        const b = batchNo++;
        const count = Math.round(bulk.rows[0] + random() * (bulk.rows[1] - bulk.rows[0]));
        const start = Math.floor(random() * rows.length);
        const picked = Array.from({ length: count }, (_, i) => rows[(start + i) % rows.length]!);
        const ids = picked.map((_, i) => `B${options.seed}-${b}-${i}`);
        const format = b % 2 === 0 ? 'csv' : 'jsonl';
        const body = bulkBody(picked, ids, format);
        const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
        try {
          const ack = await client.send(
            '/v1/orders/bulk',
            body,
            { 'content-type': type, 'idempotency-key': `bulk-${b}` },
            loadDeadline(),
          );
          batches.set(String(ack.body.batchId), { b, body, type, ids, replayed: ack.replayed });
          batchRows += count;
        } catch (e) {
          failures.push((e as Error).message);
          return;
        }
        const pause = Date.now() + bulk.everyMs;
        while (loading && Date.now() < pause) await sleep(100);
      }
    };
    const running = [
      ...Array.from({ length: options.clients }, (_, c) => orderClient(c)),
      ...(bulkOn ? [bulkClient()] : []),
    ];

    const kills: CrashReport['kills'] = [];
    const inFlight = () => clients.reduce((s, c) => s + c.inFlight, 0);
    // One kill (when startupKill) lands while the server starts again after the kill before it:
    // between its spawn and its banner, at a random point of the quickest start-up seen so far.
    const startupKillAt =
      options.startupKill && options.kills > 1
        ? 1 + Math.floor(random() * (options.kills - 1))
        : -1;
    let startupMs = server.readyAt - server.startedAt;
    for (let k = 0; k < options.kills; k++) {
      // A server that died by itself (recorded as a failure) is started again so the run goes on.
      if (k !== startupKillAt && !server.child) await server.start();
      if (k === startupKillAt) {
        const started = server.spawn();
        await sleep((0.2 + 0.6 * random()) * startupMs);
        const phase = server.readyAt ? 'serving' : 'start-up';
        kills.push({
          atMs: Date.now() - t0,
          phase,
          uptimeMs: Date.now() - server.startedAt,
          inFlight: inFlight(),
        });
        await server.kill();
        await started.exited;
        log(
          `${options.store}: kill ${k + 1} during ${phase}, ${kills.at(-1)!.uptimeMs} ms after spawn (the quickest start-up took ${startupMs} ms)`,
        );
      } else {
        const up = options.upMs[0] + random() * (options.upMs[1] - options.upMs[0]);
        await sleep(Math.max(0, server.readyAt + up - Date.now()));
        kills.push({
          atMs: Date.now() - t0,
          phase: 'serving',
          uptimeMs: Date.now() - server.startedAt,
          inFlight: inFlight(),
        });
        await server.kill();
        log(
          `${options.store}: kill ${k + 1} after ${Math.round(up)} ms up; ${acked.size} orders, ${batches.size} batches acknowledged; ${kills.at(-1)!.inFlight} requests in flight`,
        );
      }
      await sleep(random() * 300);
      // The next kill lands during the start-up: that iteration spawns the server itself.
      if (k + 1 === startupKillAt) continue;
      await server.start();
      startupMs = Math.min(startupMs, server.readyAt - server.startedAt);
    }
    // The last run serves load a little longer, then the clients finish their current request.
    await sleep(2000);
    loading = false;
    await Promise.all(running);
    const requests = clients.reduce((s, c) => s + c.requests, 0);
    const retries: Record<string, number> = {};
    for (const c of clients)
      for (const [r, n] of Object.entries(c.retries)) retries[r] = (retries[r] ?? 0) + n;
    log(
      `${options.store}: load over: ${acked.size} orders and ${batches.size} batches (${batchRows} rows) acknowledged, ${requests} requests, retries ${JSON.stringify(retries)}`,
    );

    // --- replays: the same requests again, after the crashes, answer as the first time ---------
    const replayProblems: string[] = [];
    const sample = [...acked.entries()].filter(() => random() < 0.25).slice(0, 40);
    for (const [externalId, a] of sample) {
      const again = await probe.send(
        '/v1/orders',
        a.body,
        { 'content-type': 'application/json', 'idempotency-key': `single-${a.n}` },
        Date.now() + 60_000,
      );
      if (!again.replayed || again.body.id !== a.orderId)
        replayProblems.push(
          `${externalId}: replayed ${again.replayed}, id ${String(again.body.id)}`,
        );
    }
    for (const [batchId, sent] of batches) {
      const again = await probe.send(
        '/v1/orders/bulk',
        sent.body,
        { 'content-type': sent.type, 'idempotency-key': `bulk-${sent.b}` },
        Date.now() + 60_000,
      );
      if (!again.replayed || again.body.batchId !== batchId)
        replayProblems.push(
          `bulk-${sent.b}: replayed ${again.replayed}, ${String(again.body.batchId)}`,
        );
    }

    // --- the final clean run: let every job finish -------------------------------------------
    const settleStart = Date.now();
    let orders: Record<string, unknown>[] = [];
    let batchViews = new Map<string, Record<string, unknown>>();
    for (;;) {
      batchViews = new Map();
      for (const id of batches.keys()) batchViews.set(id, await probe.get(`/v1/batches/${id}`));
      const openBatches = [...batchViews.values()].filter(
        (b) => b.status === 'queued' || b.status === 'running',
      ).length;
      orders = await probe.all('/v1/orders');
      const active = orders.filter((o) => ACTIVE_ORDER.has(String(o.status))).length;
      // An order can be booked while its job is not done: a SIGKILL after the booking committed
      // leaves the job to be failed for its missed heartbeat and retried (it then finds the order
      // booked and completes). The checks below need every job finished, so wait for the queue too.
      const backlog = await operator.get('/v1/jobs');
      const jobsPending = ((backlog.queues ?? []) as Record<string, number | string>[])
        .filter((q) => SETTLED_QUEUES.has(String(q.name)))
        .reduce((n, q) => n + Number(q.created) + Number(q.retry) + Number(q.active), 0);
      if (active === 0 && openBatches === 0 && jobsPending === 0) break;
      if (Date.now() - settleStart > options.settleMs) {
        log(
          `${options.store}: not settled after ${options.settleMs} ms: ${active} orders, ${openBatches} batches, ${jobsPending} jobs open`,
        );
        break;
      }
      await sleep(1000);
    }
    const settleMs = Date.now() - settleStart;
    log(`${options.store}: settled in ${settleMs} ms; checking`);
    const shipments = await probe.all('/v1/shipments');

    // --- checks through the API ---------------------------------------------------------------
    const checks: Check[] = [];
    check(
      checks,
      'the server never died by itself and every restart took over the store (and its lock)',
      server.unexpectedExits.length === 0,
      server.unexpectedExits.join('; ') || `${server.starts} starts`,
    );
    check(
      checks,
      'a repeated request (same key, same body) replays the first answer after the crashes',
      replayProblems.length === 0,
      replayProblems.slice(0, 5).join('; ') || `${sample.length} orders, ${batches.size} batches`,
    );
    check(
      checks,
      'every client request was acknowledged',
      failures.length === 0,
      failures.slice(0, 5).join('; ') || `${acked.size} orders, ${batches.size} batches`,
    );

    const byExternal = new Map<string, Record<string, unknown>[]>();
    for (const o of orders) {
      const list = byExternal.get(String(o.externalId)) ?? [];
      list.push(o);
      byExternal.set(String(o.externalId), list);
    }
    const dupes = [...byExternal.entries()].filter(([, l]) => l.length > 1);
    check(
      checks,
      'no order is stored twice (by externalId)',
      dupes.length === 0,
      dupes.length
        ? `duplicates: ${dupes
            .slice(0, 5)
            .map(([e, l]) => `${e}×${l.length}`)
            .join(', ')}`
        : `${orders.length} orders, all distinct`,
    );

    const lost: string[] = [];
    const wrongId: string[] = [];
    for (const [externalId, a] of acked) {
      const found = byExternal.get(externalId);
      if (!found) lost.push(externalId);
      else if (found[0]!.id !== a.orderId)
        wrongId.push(`${externalId}: acked ${a.orderId}, stored ${String(found[0]!.id)}`);
    }
    check(
      checks,
      'every acknowledged order exists, with the id it was acknowledged with',
      lost.length === 0 && wrongId.length === 0,
      lost.length || wrongId.length
        ? `lost ${lost.slice(0, 5).join(', ')}; ${wrongId.slice(0, 3).join('; ')}`
        : `${acked.size} of ${acked.size}`,
    );

    const batchIds = new Set(batches.keys());
    const singles = orders.filter((o) => o.batchId === null || o.batchId === undefined);
    const unacked = singles.filter((o) => !acked.has(String(o.externalId)));
    const strays = orders.filter((o) => o.batchId && !batchIds.has(String(o.batchId)));
    check(
      checks,
      'no order exists that was not acknowledged',
      unacked.length === 0 && strays.length === 0,
      unacked.length || strays.length
        ? `${unacked.length} single orders not acknowledged (${unacked
            .slice(0, 3)
            .map((o) => String(o.externalId))
            .join(', ')}), ${strays.length} of unacknowledged batches`
        : `${singles.length} single orders = ${acked.size} acknowledged`,
    );

    // Batches: done, accepted + rejected = total = rows sent, their orders stored once each.
    const batchProblems: string[] = [];
    let batchAccepted = 0;
    for (const [id, sent] of batches) {
      const v = batchViews.get(id)!;
      const mine = orders.filter((o) => o.batchId === id);
      const ids = new Set(mine.map((o) => String(o.externalId)));
      batchAccepted += Number(v.accepted);
      if (v.status !== 'done') batchProblems.push(`${id} is ${String(v.status)}`);
      if (Number(v.accepted) + Number(v.rejected) !== Number(v.total))
        batchProblems.push(
          `${id}: accepted ${String(v.accepted)} + rejected ${String(v.rejected)} ≠ total ${String(v.total)}`,
        );
      if (Number(v.total) !== sent.ids.length)
        batchProblems.push(`${id}: total ${String(v.total)}, sent ${sent.ids.length} rows`);
      if (mine.length !== Number(v.accepted))
        batchProblems.push(`${id}: ${mine.length} orders stored, ${String(v.accepted)} accepted`);
      if (ids.size !== mine.length) batchProblems.push(`${id}: an order stored twice`);
      const foreign = [...ids].filter((e) => !sent.ids.includes(e));
      if (foreign.length)
        batchProblems.push(`${id}: orders not in the upload: ${foreign.slice(0, 3).join(', ')}`);
      if (Number(v.rejected) > 0)
        batchProblems.push(
          `${id}: ${String(v.rejected)} rows rejected: ${JSON.stringify((v.errors as unknown[]).slice(0, 2))}`,
        );
    }
    if (batches.size > 0)
      check(
        checks,
        'every acknowledged batch is done, accepted + rejected = total, its orders stored once',
        batchProblems.length === 0,
        batchProblems.slice(0, 5).join('; ') ||
          `${batches.size} batches, ${batchRows} rows, ${batchAccepted} orders`,
      );

    check(
      checks,
      'orders stored = acknowledged single orders + batch orders accepted',
      orders.length === acked.size + batchAccepted,
      `${orders.length} stored, ${acked.size} + ${batchAccepted} expected`,
    );

    // Booking: every feasible order booked, with exactly one live shipment whose legs are each booked once.
    const statusCount: Record<string, number> = {};
    for (const o of orders)
      statusCount[String(o.status)] = (statusCount[String(o.status)] ?? 0) + 1;
    const notDone = orders.filter((o) => o.status !== 'booked' && o.status !== 'infeasible');
    check(
      checks,
      'every planned order reached booked (the rest infeasible)',
      notDone.length === 0,
      `statuses ${JSON.stringify(statusCount)}${
        notDone.length
          ? `; e.g. ${notDone
              .slice(0, 3)
              .map((o) => `${String(o.id)} ${String(o.status)} ${String(o.reason)}`)
              .join('; ')}`
          : ''
      }`,
    );

    const shipmentsByOrder = new Map<string, Record<string, unknown>[]>();
    for (const s of shipments) {
      const list = shipmentsByOrder.get(String(s.orderId)) ?? [];
      list.push(s);
      shipmentsByOrder.set(String(s.orderId), list);
    }
    const shipmentProblems: string[] = [];
    let legsBooked = 0;
    for (const o of orders) {
      const all = shipmentsByOrder.get(String(o.id)) ?? [];
      const live = all.filter((s) => s.status !== 'cancelled');
      if (o.status === 'infeasible') {
        if (all.length)
          shipmentProblems.push(`${String(o.id)} is infeasible with ${all.length} shipments`);
        continue;
      }
      if (live.length !== 1) {
        shipmentProblems.push(`${String(o.id)} has ${live.length} live shipments`);
        continue;
      }
      const legs = live[0]!.legs as { seq: number; status: string; activity: string }[];
      const planLegs = ((o.plan as { legs?: unknown[] } | null)?.legs ?? []).length;
      const seqs = new Set(legs.map((l) => l.seq));
      if (seqs.size !== legs.length) shipmentProblems.push(`${String(o.id)}: a leg twice`);
      if (legs.length !== planLegs)
        shipmentProblems.push(`${String(o.id)}: ${legs.length} legs for a plan of ${planLegs}`);
      if (legs.some((l) => l.status !== 'booked'))
        shipmentProblems.push(`${String(o.id)}: legs ${legs.map((l) => l.status).join(',')}`);
      if (live[0]!.status !== 'booked')
        shipmentProblems.push(`${String(o.id)}: shipment ${String(live[0]!.status)}`);
      legsBooked += legs.length;
    }
    const orphanShipments = [...shipmentsByOrder.keys()].filter(
      (id) => !orders.some((o) => o.id === id),
    );
    if (orphanShipments.length)
      shipmentProblems.push(`${orphanShipments.length} shipments of unknown orders`);
    const cancelled = shipments.filter((s) => s.status === 'cancelled').length;
    check(
      checks,
      'each booked order has exactly one live shipment, its legs each booked once, as planned',
      shipmentProblems.length === 0,
      shipmentProblems.slice(0, 5).join('; ') ||
        `${shipments.length - cancelled} shipments, ${legsBooked} legs booked, ${cancelled} cancelled shipments`,
    );

    // --- checks in the store itself, after a clean shutdown ----------------------------------
    const exitCode = await server.stop();
    check(
      checks,
      'the final run shuts down cleanly on SIGTERM (exit 0 within 30 s)',
      exitCode === 0,
      `exit ${exitCode}`,
    );
    const store = await openStore(
      dbUrl ? { databaseUrl: dbUrl, migrate: false } : { dataDir, migrate: false },
    );
    try {
      const q = async <R>(text: string) => (await sql<R>`${sql.raw(text)}`.execute(store.db)).rows;
      const [counts] = await q<{ orders: number; distinct_ext: number; keys: number }>(
        `select (select count(*)::int from orders) as orders,
                (select count(distinct (tenant_id, external_id))::int from orders) as distinct_ext,
                (select count(*)::int from idempotency_keys) as keys`,
      );
      check(
        checks,
        'store: order rows = distinct external ids = orders seen through the API',
        counts!.orders === counts!.distinct_ext && counts!.orders === orders.length,
        JSON.stringify(counts),
      );
      check(
        checks,
        'store: one idempotency record per acknowledged request',
        counts!.keys === acked.size + batches.size,
        `${counts!.keys} records, ${acked.size + batches.size} acknowledged requests`,
      );
      const dupLegs = await q<{ n: number }>(
        `select count(*)::int as n from (select shipment_id, seq from legs group by 1, 2 having count(*) > 1) d`,
      );
      const multiShip = await q<{ n: number }>(
        `select count(*)::int as n from (select order_id from shipments where status <> 'cancelled' group by 1 having count(*) > 1) d`,
      );
      check(
        checks,
        'store: no duplicate legs, no order with two live shipments',
        dupLegs[0]!.n === 0 && multiShip[0]!.n === 0,
        `${dupLegs[0]!.n} duplicate legs, ${multiShip[0]!.n} orders with several live shipments`,
      );
      const events = await q<{ type: string; subjects: number; events: number }>(
        `select type, count(distinct subject_id)::int as subjects, count(*)::int as events from events group by type order by type`,
      );
      const twice = events.filter((e) => e.subjects !== e.events && e.type.startsWith('order.'));
      const bookedEvents = events.find((e) => e.type === 'order.booked')?.events ?? 0;
      check(
        checks,
        'store: each order event recorded once per order (booking had its effect once)',
        twice.length === 0 && bookedEvents === (statusCount.booked ?? 0),
        JSON.stringify(events),
      );
      const jobs = await q<{ name: string; state: string; n: number; orders: number }>(
        `select name, state, count(*)::int as n, count(distinct data->>'orderId')::int as orders from pgboss.job where name in ('book-order', 'plan-batch') group by 1, 2 order by 1, 2`,
      );
      const book = jobs.filter((j) => j.name === 'book-order');
      const bookTotal = book.reduce((s, j) => s + j.n, 0);
      const feasible = orders.filter((o) => o.status !== 'infeasible').length;
      const unfinished = jobs.filter((j) => j.state !== 'completed');
      check(
        checks,
        'store: one book-order job per feasible order, every job completed (none lost, none failed)',
        bookTotal === feasible && unfinished.length === 0 && book.every((j) => j.n === j.orders),
        `${JSON.stringify(jobs)}; ${feasible} feasible orders`,
      );
    } finally {
      await store.close();
    }

    passed = checks.every((c) => c.ok);
    return {
      store: options.store === 'pglite' ? 'PGlite' : 'PostgreSQL',
      seed: options.seed,
      kills,
      starts: server.starts,
      requests,
      retries,
      ordersAcknowledged: acked.size,
      replayed:
        [...acked.values()].filter((a) => a.replayed).length +
        [...batches.values()].filter((b) => b.replayed).length,
      bulk: bulkOn ? 'covered' : 'not available',
      batchesAcknowledged: batches.size,
      batchRows,
      ordersInStore: orders.length,
      booked: statusCount.booked ?? 0,
      infeasible: statusCount.infeasible ?? 0,
      settleMs,
      durationMs: Date.now() - t0,
      checks,
      logFile,
    };
  } finally {
    await server.kill();
    if (dbUrl && options.adminUrl)
      await dropDatabase(options.adminUrl, dbUrl).catch(() => undefined);
    if (passed && !process.env.SILKLINE_CRASH_KEEP) rmSync(dir, { recursive: true, force: true });
    else log(`${options.store}: kept ${dir} (server.log, data) for a look`);
  }
}

export function formatReport(r: CrashReport): string {
  const lines = [
    `crash test on ${r.store} (seed ${r.seed}): ${r.kills.length} SIGKILLs (${r.kills.map((k) => `${k.phase} ${(k.uptimeMs / 1000).toFixed(1)} s, ${k.inFlight} in flight`).join('; ')}), ${r.starts} starts`,
    `  ${r.ordersAcknowledged} single orders acknowledged (${r.replayed} answers were replays), bulk ${r.bulk}: ${r.batchesAcknowledged} batches, ${r.batchRows} rows; ${r.requests} requests, retries ${JSON.stringify(r.retries)}`,
    `  ${r.ordersInStore} orders stored: ${r.booked} booked, ${r.infeasible} infeasible; jobs settled ${(r.settleMs / 1000).toFixed(1)} s after the load; ${(r.durationMs / 1000).toFixed(1)} s in all`,
    ...r.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      store: { type: 'string', default: 'pglite' },
      seed: { type: 'string' },
      kills: { type: 'string' },
      clients: { type: 'string' },
      'no-bulk': { type: 'boolean' },
    },
  });
  const store = values.store === 'postgres' ? 'postgres' : 'pglite';
  const report = await runCrash({
    ...DEFAULT_OPTIONS,
    store,
    adminUrl: process.env.SILKLINE_TEST_DATABASE_URL,
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    ...(values.kills ? { kills: Number(values.kills) } : {}),
    ...(values.clients ? { clients: Number(values.clients) } : {}),
    ...(values['no-bulk'] ? { bulk: null } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(formatReport(report) + '\n');
  process.exitCode = report.checks.every((c) => c.ok) ? 0 : 1;
}

import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createKey, type Role } from '../auth/keys.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { openStore } from '../db/store.ts';
import { createApp } from '../http/app.ts';
import { demoOrderBody } from '../http/demo-order.ts';
import { startQueue } from '../jobs/queue.ts';
import { startDemoSimulation, type DemoSimulation } from '../server/demo-simulator.ts';
import { startRuntime, systemClock } from '../server/runtime.ts';
import { acceleratedClock, createIdSource } from '../../core/shared/index.ts';
import { getRandomValues } from 'node:crypto';
import { type CliIo, UsageError } from './io.ts';
import * as input from './inputs.ts';

export interface StoreOptions {
  data?: string | undefined;
}

/** Where the embedded database lives: --data, else $SILKLINE_DATA_DIR, else .silkline/data in the working directory. */
export function dataDirOf(io: CliIo, opts: StoreOptions): string {
  return resolve(io.cwd, opts.data ?? io.env.SILKLINE_DATA_DIR ?? '.silkline/data');
}

/** A whole number from the environment, within bounds; absent or blank: undefined. */
function wholeNumberEnv(
  io: CliIo,
  name: string,
  min: number,
  max: number,
  unit: string,
): number | undefined {
  const text = io.env[name];
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(
      `${name}: must be a whole number from ${min} to ${max} (${unit}), not "${text}"`,
    );
  return n;
}

/**
 * How many parcels' tracking a process keeps between events: $SILKLINE_TRACKING_CACHE_PARCELS
 * (10 to 13 KiB each; size it to the parcels in flight), else the service's default.
 */
export function trackingCacheOf(io: CliIo): number | undefined {
  return wholeNumberEnv(io, 'SILKLINE_TRACKING_CACHE_PARCELS', 1_000, 10_000_000, 'parcels');
}

/**
 * How often a process rebuilds the tracking of parcels that partner files name while it imports
 * them: $SILKLINE_TRACKING_REBUILD_DELAY_MS (milliseconds), else the service's default.
 */
export function trackingRebuildDelayOf(io: CliIo): number | undefined {
  return wholeNumberEnv(io, 'SILKLINE_TRACKING_REBUILD_DELAY_MS', 0, 600_000, 'milliseconds');
}

function storeLabel(io: CliIo, dataDir: string): string {
  return io.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${dataDir}`;
}

/**
 * Resolves when SIGINT or SIGTERM arrives. The handlers stay installed: a second signal (Ctrl-C
 * reaches both this process and the launcher that forwards it) must not kill the shutdown midway.
 */
function untilSignal(): Promise<string> {
  return new Promise((done) => {
    let first = true;
    const on = (s: string) => {
      if (first) done(s);
      first = false;
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export async function serveCommand(
  io: CliIo,
  opts: StoreOptions & {
    port?: string | undefined;
    demo?: boolean | undefined;
    network?: string | undefined;
    speed?: string | undefined;
    'no-simulator'?: boolean | undefined;
  },
): Promise<number> {
  const port = opts.port === undefined ? 8080 : input.wholeNumber('port', opts.port, 0, 65535, '');
  if (!opts.demo && (opts.speed !== undefined || opts['no-simulator']))
    throw new UsageError('--speed and --no-simulator belong to the demo: add --demo');
  // The demo runs on an accelerated clock (default an hour per second), the same for the integrator
  // and its simulated partners, so ETAs and "no scan for too long" are judged in simulated time.
  const speed = !opts.demo
    ? 1
    : opts.speed === undefined
      ? 3600
      : input.wholeNumber('speed', opts.speed, 1, 10_000_000, '');
  const dataDir = dataDirOf(io, opts);
  const trackingCacheParcels = trackingCacheOf(io);
  const trackingRebuildDelayMs = trackingRebuildDelayOf(io);
  let runtime;
  try {
    runtime = await startRuntime({
      databaseUrl: io.env.DATABASE_URL,
      dataDir,
      trackingCacheParcels,
      trackingRebuildDelayMs,
      networkDir: opts.network ? resolve(io.cwd, opts.network) : undefined,
      jobs: true,
      workers: true,
      migrate: !io.env.DATABASE_URL,
      clock: speed === 1 ? undefined : acceleratedClock({ speed, realNowMs: Date.now }),
    });
  } catch (e) {
    if (e instanceof DataDirLockedError) throw new UsageError(e.message);
    throw e;
  }
  const app = createApp(runtime.deps);
  const server = serve({ fetch: app.fetch, port, hostname: io.env.SILKLINE_HOST ?? '127.0.0.1' });
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  let demo: DemoSimulation | undefined;
  const base = `http://127.0.0.1:${actualPort}`;
  io.stdout(
    `silkline serving ${base} on ${storeLabel(io, dataDir)}; network ${runtime.deps.planning.network.id}\n`,
  );
  io.stdout(
    `  OpenAPI: ${base}/openapi.json   reference: ${base}/docs   health: ${base}/healthz\n`,
  );
  if (opts.demo) {
    const seller = await createKey(runtime.deps.store.db, runtime.deps.ids, {
      tenant: 'demo-seller',
      role: 'seller',
    });
    const operator = await createKey(runtime.deps.store.db, runtime.deps.ids, {
      tenant: 'silkline-operators',
      role: 'operator',
    });
    io.stdout(
      `\nDemo keys (shown once):\n  seller   ${seller.key}\n  operator ${operator.key}\n\nTry:\n`,
    );
    const order = JSON.stringify(demoOrderBody('DEMO-1'));
    io.stdout(
      `  curl -s ${base}/v1/quotes -H 'authorization: Bearer ${seller.key}' -H 'content-type: application/json' -d '${order}'\n`,
    );
    io.stdout(
      `  curl -s ${base}/v1/orders -H 'authorization: Bearer ${seller.key}' -H 'content-type: application/json' -H 'idempotency-key: demo-1' -d '${order}'\n`,
    );
    io.stdout(`  curl -s ${base}/v1/orders -H 'authorization: Bearer ${seller.key}'\n\n`);
    demo = await startDemoSimulation({
      base,
      deps: runtime.deps,
      sellerKey: seller.key,
      operatorKey: operator.key,
      speed,
      simulator: !opts['no-simulator'],
      log: (line) => io.stderr(`${line}\n`),
    });
    io.stdout(demo.lines);
  }
  const signal = await untilSignal();
  io.stdout(`silkline: ${signal}: finishing in-flight work…\n`);
  await demo?.stop();
  await new Promise<void>((ok) => server.close(() => ok()));
  await runtime.stop();
  return 0;
}

export async function workerCommand(
  io: CliIo,
  opts: { network?: string | undefined },
): Promise<number> {
  if (!io.env.DATABASE_URL)
    throw new UsageError(
      'silkline worker runs against PostgreSQL: set DATABASE_URL (PGlite serves one process: use silkline serve)',
    );
  const runtime = await startRuntime({
    databaseUrl: io.env.DATABASE_URL,
    networkDir: opts.network ? resolve(io.cwd, opts.network) : undefined,
    jobs: true,
    workers: true,
    migrate: false,
    trackingCacheParcels: trackingCacheOf(io),
    trackingRebuildDelayMs: trackingRebuildDelayOf(io),
  });
  io.stdout(`silkline worker running on PostgreSQL\n`);
  await untilSignal();
  await runtime.stop();
  return 0;
}

export async function keysCreateCommand(
  io: CliIo,
  opts: StoreOptions & {
    tenant?: string | undefined;
    role?: string | undefined;
    partner?: string | undefined;
  },
): Promise<number> {
  if (!opts.tenant) throw new UsageError('--tenant NAME is required');
  const roles = ['operator', 'seller', 'partner'];
  if (!opts.role || !roles.includes(opts.role))
    throw new UsageError(`--role must be one of ${roles.join(', ')}`);
  if ((opts.role === 'partner') !== (opts.partner !== undefined))
    throw new UsageError('--partner ID is required for a partner key, and only for it');
  const dataDir = dataDirOf(io, opts);
  let store;
  try {
    store = await openStore({
      databaseUrl: io.env.DATABASE_URL,
      dataDir,
      migrate: !io.env.DATABASE_URL,
    });
  } catch (e) {
    if (e instanceof DataDirLockedError) throw new UsageError(e.message);
    throw e;
  }
  try {
    const created = await createKey(
      store.db,
      createIdSource(systemClock, (b) => getRandomValues(b)),
      { tenant: opts.tenant, role: opts.role as Role, partnerId: opts.partner },
    );
    io.stdout(`${created.key}\n`);
    io.stderr(
      `created key ${created.keyId} (${opts.role}) for tenant ${opts.tenant} (${created.tenantId}) on ${storeLabel(io, dataDir)}; it is not shown again\n`,
    );
    return 0;
  } catch (e) {
    throw new UsageError((e as Error).message);
  } finally {
    await store.close();
  }
}

export async function dbMigrateCommand(io: CliIo): Promise<number> {
  if (!io.env.DATABASE_URL)
    throw new UsageError(
      'silkline db migrate applies migrations to PostgreSQL: set DATABASE_URL (PGlite migrates itself on start)',
    );
  const store = await openStore({ databaseUrl: io.env.DATABASE_URL, migrate: true });
  try {
    const queue = await startQueue(store);
    await queue.stop();
    io.stdout('migrations applied; the job queue schema is in place\n');
    return 0;
  } finally {
    await store.close();
  }
}

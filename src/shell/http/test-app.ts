// Test helper: the API in-process on one store case, with a fixed clock, seeded ids, the demo
// network (loaded once per test file) and, optionally, the job queue and the book-order worker
// started as src/shell/server/runtime.ts starts them.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { type Clock, createIdSource, fixedClock, seededBytes } from '../../core/shared/index.ts';
import { createKey, type Role } from '../auth/keys.ts';
import type { Store } from '../db/store.ts';
import type { StoreCase } from '../db/test-stores.ts';
import { type Queue, startQueue } from '../jobs/queue.ts';
import type { AdapterRegistry } from '../partners/adapter.ts';
import { builtinAdapter } from '../partners/builtin/adapter.ts';
import { loadPlanning } from '../server/runtime.ts';
import { bookOrder } from '../service/booking.ts';
import { queuedRebuilder } from '../service/tracking.ts';
import { createApp } from './app.ts';
import { demoOrderBody } from './demo-order.ts';
import type { AppDeps, AppEnv } from './context.ts';

/** The instant every test app lives at: inside the demo network's dated rate cards. */
export const TEST_NOW = new Date('2026-11-25T02:00:00Z');

let planning: Promise<AppDeps['planning']> | undefined;
/** The demo network, loaded once per test file. */
export function demoPlanning(): Promise<AppDeps['planning']> {
  return (planning ??= loadPlanning(undefined));
}

/** Deterministic bytes (the core's seeded mulberry32), so ids are the same from run to run. */
export const seededRandom = seededBytes;

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body (undefined when it is not JSON). */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  /** An API key, sent as a bearer token. */
  readonly key?: string | undefined;
  /** An object is sent as JSON; a string as is. */
  readonly body?: unknown;
  readonly headers?: Record<string, string> | undefined;
}

export interface TestApp {
  readonly deps: AppDeps;
  readonly app: OpenAPIHono<AppEnv>;
  readonly store: Store;
  /** Services the built-in adapter refuses from now on (the set is read at each booking). */
  readonly refuse: Set<string>;
  readonly adapters: AdapterRegistry;
  /** Creates a key as `silkline keys create` does, straight in the store. */
  key(tenant: string, role: Role, partnerId?: string): Promise<{ key: string; tenantId: string }>;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Start the job queue: orders then get their book-order job enqueued. */
  readonly jobs?: boolean;
  /** Also run the book-order worker (needs jobs). */
  readonly workers?: boolean;
  readonly clock?: Clock;
  readonly seed?: number;
  readonly maxBodyBytes?: number;
}

export async function openTestApp(
  storeCase: StoreCase,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const [store, plan] = await Promise.all([storeCase.open(), demoPlanning()]);
  let queue: Queue | null = null;
  try {
    if (options.jobs || options.workers) queue = await startQueue(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  const clock = options.clock ?? fixedClock(TEST_NOW);
  const deps: AppDeps = {
    store,
    queue,
    planning: plan,
    clock,
    ids: createIdSource(clock, seededRandom(options.seed ?? 42)),
    maxBodyBytes: options.maxBodyBytes ?? 256 * 1024,
    maxBulkBytes: 64 * 1024 * 1024,
  };
  const refuse = new Set<string>();
  const builtin = builtinAdapter({ refuse });
  const adapters: AdapterRegistry = () => builtin;
  if (queue && options.workers) {
    await queue.boss.work<{ orderId: string }>(
      'book-order',
      { batchSize: 1, pollingIntervalSeconds: 0.5 } as never,
      async (jobs) => {
        for (const job of jobs) await bookOrder(deps, adapters, job.data.orderId);
      },
    );
  }
  const app = createApp(deps);
  return {
    deps,
    app,
    store,
    refuse,
    adapters,
    async key(tenant, role, partnerId) {
      const k = await createKey(store.db, deps.ids, { tenant, role, partnerId });
      return { key: k.key, tenantId: k.tenantId };
    },
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.key !== undefined) headers.authorization = `Bearer ${opts.key}`;
      let body: string | undefined;
      if (opts.body !== undefined) {
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await app.request(path, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, text, body: parsed };
    },
    async close() {
      // A pass over the tracking rebuild queue under way ends before the store closes.
      await queuedRebuilder(deps).stop();
      if (queue) await queue.stop();
      await store.close();
    },
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A valid order body for the demo network (DE, one parcel from Shenzhen). */
export const orderBody = demoOrderBody;

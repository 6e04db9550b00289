import { getRandomValues } from 'node:crypto';
import { loadNetwork } from '../../core/network/index.ts';
import { PlanningIndex } from '../../core/planning/index.ts';
import { type Clock, createIdSource, formatInputIssue } from '../../core/shared/index.ts';
import { keepStatistics } from '../db/statistics.ts';
import { openStore, type Store } from '../db/store.ts';
import { DEMO_NETWORK_DIR, readNetworkDir } from '../files/network-dir.ts';
import { loadRestrictedGoods } from '../files/customs-reference.ts';
import { loadShippedCustomsRules } from '../files/customs-rules.ts';
import { readPlanningFiles } from '../files/planning-files.ts';
import type { AppDeps } from '../http/context.ts';
import { type Queue, startQueue } from '../jobs/queue.ts';
import type { AdapterRegistry } from '../partners/adapter.ts';
import { builtinAdapter } from '../partners/builtin/adapter.ts';
import { planBatch } from '../service/batches.ts';
import { bookOrder } from '../service/booking.ts';
import { queuedRebuilder, startTrackingWorkers } from '../service/tracking.ts';
import { webhookConfigFromEnv } from '../webhooks/config.ts';
import { startWebhookWorker } from '../webhooks/deliver.ts';

export const systemClock: Clock = { now: () => new Date() };

export interface RuntimeOptions {
  readonly databaseUrl?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly networkDir?: string | undefined;
  /** Start the job queue (and, with workers, process jobs). */
  readonly jobs: boolean;
  readonly workers: boolean;
  readonly migrate: boolean;
  readonly clock?: Clock | undefined;
  readonly adapters?: AdapterRegistry | undefined;
  /** Parcels whose tracking the process keeps (AppDeps.trackingCacheParcels). */
  readonly trackingCacheParcels?: number | undefined;
  /** How often file imports' parcels are rebuilt (AppDeps.trackingRebuildDelayMs). */
  readonly trackingRebuildDelayMs?: number | undefined;
}

export interface Runtime {
  readonly deps: AppDeps;
  stop(): Promise<void>;
}

export async function loadPlanning(networkDir: string | undefined): Promise<AppDeps['planning']> {
  const dir = networkDir ?? DEMO_NETWORK_DIR;
  const loaded = loadNetwork(await readNetworkDir(dir));
  if (!loaded.ok)
    throw new Error(
      `network ${dir} has errors:\n${loaded.error.map((i) => '  ' + formatInputIssue(i)).join('\n')}`,
    );
  const extra = await readPlanningFiles(dir, loaded.value);
  if (!extra.ok)
    throw new Error(
      `network ${dir} planning files have errors:\n${extra.issues.map((i) => '  ' + formatInputIssue(i)).join('\n')}`,
    );
  return {
    network: loaded.value,
    index: new PlanningIndex(loaded.value),
    policy: extra.policy,
    stock: extra.stock,
    customs: { rules: await loadShippedCustomsRules(), restricted: await loadRestrictedGoods() },
  };
}

/** Opens the store, loads the network, starts the queue and its workers: what `serve` and `worker` run. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const planning = await loadPlanning(options.networkDir);
  const store: Store = await openStore({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    migrate: options.migrate,
  });
  let queue: Queue | null = null;
  try {
    if (options.jobs) queue = await startQueue(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  const clock = options.clock ?? systemClock;
  const deps: AppDeps = {
    store,
    queue,
    planning,
    clock,
    wallClock: systemClock,
    ids: createIdSource(clock, (bytes) => getRandomValues(bytes)),
    maxBodyBytes: 256 * 1024,
    maxBulkBytes: 64 * 1024 * 1024,
    trackingCacheParcels: options.trackingCacheParcels,
    trackingRebuildDelayMs: options.trackingRebuildDelayMs,
  };
  const builtin = builtinAdapter({
    refuse: new Set((process.env.SILKLINE_DEMO_REFUSE ?? '').split(',').filter(Boolean)),
  });
  const adapters: AdapterRegistry = options.adapters ?? (() => builtin);
  if (queue && options.workers) {
    // A poll takes up to 10 jobs and, while polls come back full, the next poll follows at once
    // (one job per poll would book at most 2 orders/s); each job completes or fails on its own.
    await queue.boss.work<{ orderId: string }>(
      'book-order',
      {
        batchSize: 10,
        burstWhenBatchFull: true,
        perJobResults: true,
        pollingIntervalSeconds: 0.5,
      } as never,
      (async (jobs: { id: string; data: { orderId: string } }[]) => {
        const results = [];
        for (const job of jobs) {
          try {
            await bookOrder(deps, adapters, job.data.orderId);
            results.push({ id: job.id, status: 'completed' as const });
          } catch (e) {
            process.stderr.write(`silkline jobs: book-order ${job.data.orderId}: ${String(e)}\n`);
            results.push({ id: job.id, status: 'failed' as const, output: { error: String(e) } });
          }
        }
        return results;
      }) as never,
    );
  }
  if (queue && options.workers) {
    // Outbound webhooks; SILKLINE_WEBHOOKS_ALLOW_PRIVATE=1 lets development servers deliver to private addresses.
    await startWebhookWorker(deps, webhookConfigFromEnv(process.env));
  }
  if (queue && options.workers) {
    // Bulk uploads: each batch planned and stored chunk by chunk, resumable after a crash.
    await queue.boss.work<{ batchId: string }>(
      'plan-batch',
      { batchSize: 1, pollingIntervalSeconds: 0.5 } as never,
      async (jobs) => {
        for (const job of jobs) await planBatch(deps, job.data.batchId);
      },
    );
  }
  // PGlite has no autovacuum: its tables are analyzed here as autovacuum would.
  const stopStatistics = keepStatistics(store, (e) =>
    process.stderr.write(`silkline store: analyze: ${(e as Error).message ?? String(e)}\n`),
  );
  // Tracking: polling partners with a tracking API, and the sweep of silent parcels.
  const stopTracking =
    queue && options.workers ? await startTrackingWorkers(deps, adapters) : () => {};
  return {
    deps,
    async stop() {
      stopTracking();
      // A pass under way ends first; what is still queued waits for the next process.
      await queuedRebuilder(deps).stop();
      // Finish or release in-flight jobs, and an analysis under way, before the store closes.
      if (queue) await queue.stop();
      await stopStatistics();
      await store.close();
    },
  };
}

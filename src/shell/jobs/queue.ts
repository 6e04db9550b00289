import { PgBoss } from 'pg-boss';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Store, transactionExecutor } from '../db/store.ts';

/** The job kinds Silkline runs, and what each carries. */
export interface JobPayloads {
  'book-order': { orderId: string; tenantId: string };
  'plan-batch': { batchId: string; tenantId: string };
  'deliver-webhook': { deliveryId: string };
  /** Polls one partner's tracking API (service/tracking-jobs.ts). */
  'poll-partner-events': { partnerId: string };
  /** Rebuilds open parcels nobody has touched for a while: silences, ETA drift, expiry. */
  'tracking-sweep': Record<string, never>;
}
export type JobName = keyof JobPayloads;
export const JOB_NAMES: readonly JobName[] = [
  'book-order',
  'plan-batch',
  'deliver-webhook',
  'poll-partner-events',
  'tracking-sweep',
];

export interface Queue {
  readonly boss: PgBoss;
  /** Enqueues inside the caller's transaction: the job exists exactly when the state change that causes it commits. */
  enqueue<N extends JobName>(
    trx: Transaction<DB>,
    name: N,
    data: JobPayloads[N],
    options?: { singletonKey?: string; startAfterSeconds?: number },
  ): Promise<void>;
  stop(): Promise<void>;
}

/** A running job's worker proves it is alive this often (seconds); a job without a heartbeat for longer is retried. */
export const JOB_HEARTBEAT_SECONDS = 20;
/** How often pg-boss looks for expired jobs and missed heartbeats (seconds). */
export const JOB_SUPERVISE_SECONDS = 5;

export async function startQueue(
  store: Store,
  options: { schedule?: boolean } = {},
): Promise<Queue> {
  const boss = new PgBoss({
    ...store.queueConnection,
    schema: 'pgboss',
    // Workers scale out on PostgreSQL; on PGlite one process does everything.
    supervise: true,
    // How soon a job whose worker died (crash, SIGKILL) is failed and retried: a missed heartbeat
    // is noticed on the next supervision pass.
    superviseIntervalSeconds: JOB_SUPERVISE_SECONDS,
    schedule: options.schedule ?? false,
  } as ConstructorParameters<typeof PgBoss>[0]);
  boss.on('error', (e: unknown) =>
    process.stderr.write(`silkline jobs: ${(e as Error).message ?? String(e)}\n`),
  );
  await boss.start();
  for (const name of JOB_NAMES) {
    // Retries with backoff. A live worker refreshes its job's heartbeat (every half interval); a
    // job whose worker died (crash, SIGKILL) misses it and is failed and retried within
    // JOB_HEARTBEAT_SECONDS + JOB_SUPERVISE_SECONDS, rather than after its 300 s lease.
    const policy = {
      retryLimit: 8,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: 300,
      heartbeatSeconds: JOB_HEARTBEAT_SECONDS,
    };
    await boss.createQueue(name, policy as never).catch(() => undefined);
    // A queue made by an earlier version keeps its old policy otherwise.
    await boss.updateQueue(name, policy as never).catch(() => undefined);
  }
  return {
    boss,
    async enqueue(trx, name, data, opts = {}) {
      await boss.send(
        name,
        data as object,
        {
          db: transactionExecutor(trx),
          ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
          ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
        } as never,
      );
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 20_000 } as never);
    },
  };
}

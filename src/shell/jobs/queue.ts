import { PgBoss } from 'pg-boss';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Store, transactionExecutor } from '../db/store.ts';

/** The job kinds Silkline runs, and what each carries. */
export interface JobPayloads {
  'book-order': { orderId: string; tenantId: string };
  'plan-batch': { batchId: string; tenantId: string };
  'deliver-webhook': { deliveryId: string };
}
export type JobName = keyof JobPayloads;
export const JOB_NAMES: readonly JobName[] = ['book-order', 'plan-batch', 'deliver-webhook'];

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

export async function startQueue(
  store: Store,
  options: { schedule?: boolean } = {},
): Promise<Queue> {
  const boss = new PgBoss({
    ...store.queueConnection,
    schema: 'pgboss',
    // Workers scale out on PostgreSQL; on PGlite one process does everything.
    supervise: true,
    schedule: options.schedule ?? false,
  } as ConstructorParameters<typeof PgBoss>[0]);
  boss.on('error', (e: unknown) =>
    process.stderr.write(`silkline jobs: ${(e as Error).message ?? String(e)}\n`),
  );
  await boss.start();
  for (const name of JOB_NAMES) {
    // Retries with backoff; a job whose worker dies is retried after its lease expires.
    await boss
      .createQueue(name, {
        retryLimit: 8,
        retryDelay: 2,
        retryBackoff: true,
        expireInSeconds: 300,
      } as never)
      .catch(() => undefined);
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

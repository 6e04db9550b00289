// What the job queue still has to do, read from pg-boss's own table: an operator's first look
// when orders stay in "booking" or webhooks are late, and how a supervisor knows the work is done.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { JOB_NAMES, type JobName } from './queue.ts';

export interface QueueBacklog {
  readonly name: JobName;
  /** Waiting for their first run (some may be scheduled for later). */
  readonly created: number;
  /** Failed at least once (an error, or a worker that died) and waiting for their next try. */
  readonly retry: number;
  /** Held by a worker now. */
  readonly active: number;
  /** Out of retries: they need an operator. */
  readonly failed: number;
  /** When the oldest job still to run or running was created; null when there is none. */
  readonly oldestPendingSince: Date | null;
  /** The earliest time a waiting job may start; null when none waits. */
  readonly nextStartAfter: Date | null;
}

export interface JobBacklog {
  readonly queues: readonly QueueBacklog[];
  /** Jobs created, retrying or active, over every queue: zero when the queue has caught up. */
  readonly pending: number;
  readonly failed: number;
}

const PENDING_STATES = ['created', 'retry', 'active'] as const;

/** The backlog of every Silkline queue. Completed and cancelled jobs are not read. */
export async function jobBacklog(db: Kysely<DB>): Promise<JobBacklog> {
  // A store whose queue never started has no pgboss schema yet: nothing is pending.
  const exists = await sql<{
    table: string | null;
  }>`select to_regclass('pgboss.job')::text as table`
    .execute(db)
    .then((r) => r.rows[0]?.table ?? null);
  const rows =
    exists === null
      ? []
      : (
          await sql<{
            name: string;
            state: string;
            n: number;
            oldest: Date | null;
            next_start: Date | null;
          }>`
            select name, state::text as state, count(*)::int as n, min(created_on) as oldest,
                   min(start_after) as next_start
              from pgboss.job
             where state in ('created', 'retry', 'active', 'failed')
               and name in (${sql.join(JOB_NAMES)})
             group by name, state`.execute(db)
        ).rows;
  const queues = JOB_NAMES.map((name): QueueBacklog => {
    const mine = rows.filter((r) => r.name === name);
    const count = (state: string) => mine.find((r) => r.state === state)?.n ?? 0;
    const pending = mine.filter((r) => (PENDING_STATES as readonly string[]).includes(r.state));
    const earliest = (dates: (Date | null)[]) =>
      dates.reduce<Date | null>((a, d) => (d && (!a || d < a) ? d : a), null);
    return {
      name,
      created: count('created'),
      retry: count('retry'),
      active: count('active'),
      failed: count('failed'),
      oldestPendingSince: earliest(pending.map((r) => r.oldest)),
      nextStartAfter: earliest(
        mine.filter((r) => r.state === 'created' || r.state === 'retry').map((r) => r.next_start),
      ),
    };
  });
  return {
    queues,
    pending: queues.reduce((s, q) => s + q.created + q.retry + q.active, 0),
    failed: queues.reduce((s, q) => s + q.failed, 0),
  };
}

// The planner's statistics on PGlite. PostgreSQL's autovacuum analyzes a table once enough of it
// has changed; PGlite runs no background workers, so a PGlite store would never be analyzed, and
// its planner would guess every table's contents from its size — taking, for instance, a hundred
// shipments' legs for half the table (bench/tracking, 300,000 lines on PGlite: 8,612 events/s
// batched without statistics, 9,242 with them). `serve` and `worker` on PGlite do here what
// autovacuum would.
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';
import type { Store } from './store.ts';

/** PostgreSQL's defaults for autovacuum_analyze_threshold and autovacuum_analyze_scale_factor. */
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE_FACTOR = 0.1;
/** How often PGlite's tables are looked at (autovacuum's default naptime). */
export const STATISTICS_CHECK_MS = 60_000;

/**
 * Analyzes each table whose rows changed since its last analysis exceed autovacuum's rule
 * (50 + 10 % of its rows), as autovacuum does; returns their names. Works on both stores.
 */
export async function analyzeChangedTables(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ schemaname: string; relname: string }>`
    select s.schemaname, s.relname
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.n_mod_since_analyze > ${ANALYZE_THRESHOLD} + ${ANALYZE_SCALE_FACTOR} * greatest(c.reltuples, 0)
    order by s.schemaname, s.relname`.execute(db);
  for (const r of rows) await sql`analyze ${sql.id(r.schemaname, r.relname)}`.execute(db);
  return rows.map((r) => r.relname);
}

/**
 * On PGlite, analyzes changed tables now and every `everyMs` until stopped (a timer that does not
 * keep the process alive); nothing on PostgreSQL, whose autovacuum does it. A failure is reported
 * and tried again next time. Stopping waits for an analysis under way, so the store can close.
 */
export function keepStatistics(
  store: Store,
  report: (e: unknown) => void,
  everyMs: number = STATISTICS_CHECK_MS,
): () => Promise<void> {
  if (store.kind !== 'pglite') return async () => {};
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= analyzeChangedTables(store.db)
      .then(() => undefined, report)
      .finally(() => (running = null));
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeChangedTables, keepStatistics } from './statistics.ts';
import type { Store } from './store.ts';
import { storeCases } from './test-stores.ts';

/** Inserts tenants on one connection and makes the server publish its change counts now. */
async function addTenants(store: Store, prefix: string, n: number): Promise<void> {
  await store.db.connection().execute(async (c) => {
    await sql`insert into tenants (id, name, kind)
      select ${prefix} || g, ${prefix} || g, 'seller' from generate_series(1, ${n}::int) g`.execute(
      c,
    );
    // Counts are published when a session goes idle, at most once a second unless forced.
    await sql`select pg_stat_force_next_flush()`.execute(c);
    await sql`select 1`.execute(c);
  });
}

const estimatedRows = async (store: Store, table: string) =>
  Number(
    (
      await sql<{
        n: number;
      }>`select reltuples as n from pg_class where relname = ${table}`.execute(store.db)
    ).rows[0]!.n,
  );

describe.each(storeCases())('planner statistics on $name', ({ name, open }) => {
  let store: Store;
  afterAll(async () => store?.close());

  it('analyzes a table once its changes pass autovacuum’s rule, and not again until they do', async () => {
    store = await open();
    // Autovacuum off for the table on PostgreSQL: only what is tested here analyzes it.
    await sql`alter table tenants set (autovacuum_enabled = false)`.execute(store.db);
    await addTenants(store, 'ten_a', 40);
    // 40 changed rows: under the threshold of 50 (+ 10 % of none).
    expect(await analyzeChangedTables(store.db)).not.toContain('tenants');
    await addTenants(store, 'ten_b', 160);
    expect(await analyzeChangedTables(store.db)).toContain('tenants');
    expect(await estimatedRows(store, 'tenants')).toBe(200);
    expect(await analyzeChangedTables(store.db)).not.toContain('tenants');
    // Now 200 rows: 50 + 20 changes are needed.
    await addTenants(store, 'ten_c', 60);
    expect(await analyzeChangedTables(store.db)).not.toContain('tenants');
    await addTenants(store, 'ten_d', 11);
    expect(await analyzeChangedTables(store.db)).toContain('tenants');
    expect(await estimatedRows(store, 'tenants')).toBe(271);
  });

  it(`is kept by keepStatistics ${name === 'PGlite' ? 'from the start' : 'not at all (autovacuum’s work)'}`, async () => {
    await addTenants(store, 'ten_e', 300);
    const reported: unknown[] = [];
    const stop = keepStatistics(store, (e) => reported.push(e), 3_600_000);
    await stop();
    expect(reported).toEqual([]);
    expect(await estimatedRows(store, 'tenants')).toBe(name === 'PGlite' ? 571 : 271);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError } from './lock.ts';
import { openStore, type Store } from './store.ts';
import { dropPostgres, freshPostgres, storeCases } from './test-stores.ts';

describe.each(storeCases())('the store on $name', ({ open }) => {
  let store: Store;
  afterAll(async () => store?.close());

  it('migrates and round-trips money, timestamps and JSON', async () => {
    store = await open();
    await store.db
      .insertInto('tenants')
      .values({ id: 'ten_a', name: 'Seller A', kind: 'seller' })
      .execute();
    const t = await store.db
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', 'ten_a')
      .executeTakeFirstOrThrow();
    expect(t.name).toBe('Seller A');
    expect(t.created_at).toBeInstanceOf(Date);
    const r = await sql<{ n: string }>`select (9007199254740991::bigint)::text as n`.execute(
      store.db,
    );
    expect(r.rows[0]!.n).toBe('9007199254740991');
  });

  it('rolls back a failed transaction completely', async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('tenants')
          .values({ id: 'ten_b', name: 'Seller B', kind: 'seller' })
          .execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(
      await store.db
        .selectFrom('tenants')
        .select('id')
        .where('id', '=', 'ten_b')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('serialises concurrent transactions without losing updates', async () => {
    await store.db
      .insertInto('tenants')
      .values({ id: 'ten_c', name: '0', kind: 'seller' })
      .execute();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.db
          .transaction()
          .setIsolationLevel('serializable')
          .execute(async (trx) => {
            const row = await trx
              .selectFrom('tenants')
              .select('name')
              .where('id', '=', 'ten_c')
              .forUpdate()
              .executeTakeFirstOrThrow();
            await trx
              .updateTable('tenants')
              .set({ name: String(Number(row.name) + 1) })
              .where('id', '=', 'ten_c')
              .execute();
          })
          .catch(async () => {
            // PostgreSQL may refuse a serializable transaction; retry once serially.
            await store.db.transaction().execute(async (trx) => {
              const row = await trx
                .selectFrom('tenants')
                .select('name')
                .where('id', '=', 'ten_c')
                .forUpdate()
                .executeTakeFirstOrThrow();
              await trx
                .updateTable('tenants')
                .set({ name: String(Number(row.name) + 1) })
                .where('id', '=', 'ten_c')
                .execute();
            });
          }),
      ),
    );
    const row = await store.db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', 'ten_c')
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('20');
  });

  it('updates a few hundred rows by key with index probes, not a scan of the whole table', async () => {
    // The shape of the tracking rebuild's state update, on a table of the size where the server's
    // default random_page_cost chose to hash a sequential scan (SESSION_SETTINGS).
    await sql`create table keyed_probe (id text primary key, v int not null)`.execute(store.db);
    await sql`insert into keyed_probe select 'k' || g, 0 from generate_series(1, 30000) g`.execute(
      store.db,
    );
    const ids = Array.from({ length: 250 }, (_, i) => `k${1 + i * 97}`);
    const plan = await sql<{ 'QUERY PLAN': string }>`
      explain update keyed_probe t set v = u.v
      from unnest(${ids}::text[], ${ids.map((_, i) => i)}::int[]) as u(id, v)
      where t.id = u.id`.execute(store.db);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('Index Scan using keyed_probe_pkey');
    expect(text).not.toContain('Seq Scan on keyed_probe');
    // Every connection of the pool has the setting, not only the first.
    const shown = await Promise.all(
      Array.from({ length: 4 }, () =>
        store.db
          .connection()
          .execute((c) =>
            sql<{ v: string }>`select current_setting('random_page_cost') as v`.execute(c),
          ),
      ),
    );
    expect(shown.map((r) => r.rows[0]!.v)).toEqual(['1.1', '1.1', '1.1', '1.1']);
  });
});

/** Runs `fn` on a fresh database of the test server (its URL, and the server's), then drops it. */
async function onFreshDatabase(fn: (url: string, admin: string) => Promise<void>): Promise<void> {
  const admin = process.env.SILKLINE_TEST_DATABASE_URL!;
  const url = await freshPostgres(admin);
  try {
    await fn(url, admin);
  } finally {
    await dropPostgres(admin, url);
  }
}

describe.runIf(process.env.SILKLINE_TEST_DATABASE_URL)('a DATABASE_URL with options', () => {
  it("keeps its own settings over the store's", () =>
    onFreshDatabase(async (fresh) => {
      const url = new URL(fresh);
      url.searchParams.set('options', '-c random_page_cost=3.5');
      const store = await openStore({ databaseUrl: url.toString() });
      try {
        const r = await sql<{
          v: string;
        }>`select current_setting('random_page_cost') as v`.execute(store.db);
        expect(r.rows[0]!.v).toBe('3.5');
      } finally {
        await store.close();
      }
    }));
});

describe.runIf(process.env.SILKLINE_TEST_DATABASE_URL)('a connection the server ends', () => {
  it('is reported and replaced, and the process goes on', () =>
    onFreshDatabase(async (url, admin) => {
      const store = await openStore({ databaseUrl: url });
      const written: string[] = [];
      const write = process.stderr.write;
      try {
        const pid = async () =>
          (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db)).rows[0]!
            .pid;
        const idle = await pid();
        process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof write;
        const killer = new pg.Client({ connectionString: admin });
        await killer.connect();
        await killer.query('select pg_terminate_backend($1)', [idle]).finally(() => killer.end());
        for (let i = 0; i < 100 && written.length === 0; i++)
          await new Promise((ok) => setTimeout(ok, 20));
        process.stderr.write = write;
        expect(written.join('')).toMatch(/^silkline db: an idle connection was lost: /);
        expect(await pid()).not.toBe(idle);
      } finally {
        process.stderr.write = write;
        await store.close();
      }
    }));
});

describe.runIf(process.env.SILKLINE_TEST_DATABASE_URL)('closing a store on PostgreSQL', () => {
  // A database dropped (tests) or a server stopped right after close() would otherwise meet
  // connections still closing, which end with errors nobody hears.
  it('has closed every connection when it resolves', () =>
    onFreshDatabase(async (url, admin) => {
      const watcher = new pg.Client({ connectionString: admin });
      await watcher.connect();
      const left: number[] = [];
      try {
        for (let round = 0; round < 8; round++) {
          const store = await openStore({ databaseUrl: url });
          await Promise.all(
            Array.from({ length: 8 }, () => sql`select pg_sleep(0.02)`.execute(store.db)),
          );
          await store.close();
          const r = await watcher.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where datname = $1',
            [new URL(url).pathname.slice(1)],
          );
          left.push(r.rows[0]!.n);
        }
      } finally {
        await watcher.end();
      }
      expect(left).toEqual(left.map(() => 0));
    }));
});

describe('the PGlite data directory', () => {
  it('refuses a second opener while the first holds it, and recovers from a dead holder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'silkline-lock-'));
    try {
      const first = await openStore({ dataDir: dir });
      await expect(openStore({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      await first.close();
      // A lock left by a process that no longer exists (pid far beyond the kernel's range) is taken over.
      writeFileSync(join(dir, 'silkline.lock'), '99999999');
      const second = await openStore({ dataDir: dir });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

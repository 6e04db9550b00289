import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError } from './lock.ts';
import { openStore, type Store } from './store.ts';
import { storeCases } from './test-stores.ts';

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

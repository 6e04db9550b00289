// The stores integration tests run on: embedded PGlite always, native PostgreSQL when
// SILKLINE_TEST_DATABASE_URL names a server (.ci/run starts one). Each case gets a fresh database.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from './store.ts';

export interface StoreCase {
  readonly name: string;
  open(): Promise<Store>;
}

/** A fresh, empty database on the test server: created under a random name, migrated. */
async function freshPostgres(url: string): Promise<string> {
  const name = `silkline_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function storeCases(): StoreCase[] {
  const cases: StoreCase[] = [{ name: 'PGlite', open: () => openStore({}) }];
  const url = process.env.SILKLINE_TEST_DATABASE_URL;
  if (url) {
    cases.push({
      name: 'PostgreSQL',
      open: async () => {
        const dbUrl = await freshPostgres(url);
        const store = await openStore({ databaseUrl: dbUrl, migrate: true });
        return {
          ...store,
          close: async () => {
            await store.close();
            await dropPostgres(url, dbUrl);
          },
        };
      },
    });
  }
  return cases;
}

async function dropPostgres(adminUrl: string, dbUrl: string): Promise<void> {
  const name = new URL(dbUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

export { dropPostgres, freshPostgres };

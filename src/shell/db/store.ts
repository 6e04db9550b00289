import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { lockDataDir } from './lock.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { PglitePool } from './pglite-pool.ts';
import { preparingPool } from './prepared.ts';
import type { DB } from './schema.ts';

/** What pg-boss needs to run SQL: on the store's connection, or inside a caller's transaction. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<unknown>;
}

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<DB>;
  /** For the job queue: an executor (PGlite) or a connection string (PostgreSQL, pg-boss keeps its own pool). */
  readonly queueConnection: { readonly db: SqlExecutor } | { readonly connectionString: string };
  close(): Promise<void>;
}

export interface StoreConfig {
  /** Native PostgreSQL when set (the same SQL and migrations). */
  readonly databaseUrl?: string | undefined;
  /** PGlite's data directory; in memory when absent (tests). */
  readonly dataDir?: string | undefined;
  /** Apply pending migrations on open (always done for PGlite by `serve`; `db migrate` for PostgreSQL). */
  readonly migrate?: boolean | undefined;
}

/** An executor that runs pg-boss's SQL inside a Kysely transaction: jobs enqueued with the state change that causes them. */
export function transactionExecutor(trx: Transaction<DB>): SqlExecutor {
  return {
    async executeSql(text, values) {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows };
    },
  };
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Planner settings for every session of the store. random_page_cost: the server's default (4)
 * prices a page read as a disk seek, so a statement that updates a few hundred rows by their key
 * (the tracking state, shipments) was planned as a sequential scan of the whole table hashed
 * against the keys whenever the table held fewer than about a hundred thousand rows — 30 ms a
 * statement instead of 3 (docs/benchmarks.md). Silkline's tables are read from memory or SSD,
 * for which 1.1 is the usual setting. A DATABASE_URL with its own `options` parameter replaces
 * this (the server's and the database's settings apply then).
 */
export const SESSION_SETTINGS: Readonly<Record<string, string>> = { random_page_cost: '1.1' };

const sessionOptions = Object.entries(SESSION_SETTINGS)
  .map(([name, value]) => `-c ${name}=${value}`)
  .join(' ');

/** How long closing a PostgreSQL store waits for its connections to close. */
const CLOSE_WAIT_MS = 5_000;

export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.databaseUrl) {
    // The URL's parameters, `options` among them, take precedence over these (pg's rule).
    const pool = preparingPool(
      new pg.Pool({
        connectionString: config.databaseUrl,
        max: 10,
        options: sessionOptions,
      }),
    );
    // An idle connection the server ends (a restart, an administrator) is reported and replaced
    // by the pool; unheard, the pool's 'error' event would end the process.
    pool.on('error', (e) =>
      process.stderr.write(`silkline db: an idle connection was lost: ${e.message}\n`),
    );
    // Hazard: the pool's end resolves once it has asked its connections to close, not when they
    // have; a database dropped or a server stopped meanwhile ends them with an error instead.
    const open = new Set<pg.Client>();
    pool.on('connect', (client) => {
      open.add(client);
      client.once('end', () => open.delete(client));
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    if (config.migrate) await migrateToLatest(db);
    return {
      kind: 'postgres',
      db,
      queueConnection: { connectionString: config.databaseUrl },
      close: async () => {
        const closing = [...open].map((c) => new Promise((ok) => c.once('end', ok)));
        await db.destroy();
        // A server that no longer answers would hold the close for TCP's timeout: bounded.
        let bound: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          Promise.all(closing),
          new Promise((ok) => (bound = setTimeout(ok, CLOSE_WAIT_MS))),
        ]);
        clearTimeout(bound);
      },
    };
  }
  let unlock = () => {};
  if (config.dataDir) {
    mkdirSync(config.dataDir, { recursive: true });
    unlock = lockDataDir(config.dataDir);
  }
  try {
    const lite = await PGlite.create(config.dataDir ? { dataDir: config.dataDir } : {});
    for (const [name, value] of Object.entries(SESSION_SETTINGS))
      await lite.query('select set_config($1, $2, false)', [name, value]);
    const pool = new PglitePool(lite);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    if (config.migrate ?? true) await migrateToLatest(db);
    return {
      kind: 'pglite',
      db,
      queueConnection: { db: { executeSql: (text, values) => pool.executeSql(text, values) } },
      close: async () => {
        await db.destroy();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}

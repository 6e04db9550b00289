import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * PGlite as a one-connection pool for Kysely's Postgres driver. PGlite has a single connection, so
 * the pool hands it out to one holder at a time: a transaction keeps it from BEGIN to COMMIT and
 * everyone else (queries, the job queue's polling) waits. That is what serialises transactions.
 */
export class PglitePool implements PostgresPool {
  readonly options = {};
  private readonly db: PGlite;
  private tail: Promise<void> = Promise.resolve();

  constructor(db: PGlite) {
    this.db = db;
  }

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => turn);
    await before;
    let released = false;
    const db = this.db;
    return {
      async query<R>(
        sql: string,
        parameters: ReadonlyArray<unknown>,
      ): Promise<PostgresQueryResult<R>> {
        // Without parameters, text may hold several statements (migrations): exec runs them all.
        const result =
          parameters.length === 0
            ? ((await db.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 })
            : await db.query<R>(sql, [...parameters]);
        const command = (
          sql.trimStart().split(/\s/, 1)[0] ?? ''
        ).toUpperCase() as PostgresQueryResult<R>['command'];
        return {
          command,
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows as R[],
        };
      },
      release() {
        if (released) return;
        released = true;
        release();
      },
    } as PostgresPoolClient;
  }

  /**
   * Runs SQL on the connection in its turn, for pg-boss: one statement's result as `{rows}`, or
   * (text with several statements, no parameters) every statement's, as pg does.
   */
  async executeSql(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: unknown[] } | { rows: unknown[] }[]> {
    const client = await this.connect();
    try {
      if (values && values.length > 0) return { rows: (await this.db.query(text, values)).rows };
      const results = (await this.db.exec(text)).map((r) => ({ rows: r.rows }));
      return results.length === 1 ? results[0]! : results;
    } finally {
      client.release();
    }
  }

  async end(): Promise<void> {
    const client = await this.connect();
    try {
      await this.db.close();
    } finally {
      client.release();
    }
  }
}

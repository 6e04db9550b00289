// Named prepared statements for the statements a hot path runs over and over (tracking's writes):
// the server parses and plans such a statement once per connection instead of on every call. A
// statement opts in by ending with PREPARED_MARK (`prepared(sql…)`); node-postgres then prepares
// it under a name made from its text, once per connection, and binds it each time after.
// Everything else goes through unnamed, as before.
import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type pg from 'pg';

export const PREPARED_MARK = '/* prepared */';

/**
 * The statement, marked to be prepared once per connection on PostgreSQL (PGlite runs it as it
 * is). Only for statements whose text is one of a few shapes: each distinct text is a prepared
 * statement on every connection for the connection's life.
 */
export function prepared<T>(statement: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${statement} ${sql.raw(PREPARED_MARK)}`;
}

/**
 * A pg pool whose clients prepare the marked statements. Hazard: node-postgres refuses a name
 * reused with other text, so a name is a hash of the whole text; the texts seen are few (marked
 * statements only), so their names are kept.
 */
export function preparingPool(pool: pg.Pool): pg.Pool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined) {
      name = `silkline_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  // Each new connection's query is wrapped once ('connect' is emitted once per connection).
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: (...args: unknown[]) => unknown }).query = (
      text: unknown,
      values?: unknown,
      ...rest: unknown[]
    ) =>
      typeof text === 'string' && text.endsWith(PREPARED_MARK) && Array.isArray(values)
        ? query({ name: nameOf(text), text, values }, ...rest)
        : query(text, values, ...rest);
  });
  return pool;
}

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARED_MARK, prepared } from './prepared.ts';
import type { Store } from './store.ts';
import { storeCases } from './test-stores.ts';

async function probeTable(store: Store): Promise<void> {
  await sql`create table prepared_probe (id text primary key, v int not null)`.execute(store.db);
  await sql`insert into prepared_probe select 'k' || g, g from generate_series(1, 30000) g`.execute(
    store.db,
  );
}

const marked = (ids: readonly string[]) =>
  prepared(sql<{ id: string; v: number }>`
    select t.id, t.v from prepared_probe t join unnest(${ids}::text[]) as u(id) on t.id = u.id
    order by t.v`);

describe.each(storeCases())('prepared statements on $name', ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    await probeTable(store);
  });
  afterAll(async () => store?.close());

  it('answers each call with its own parameters, however often the statement runs', async () => {
    // More than five runs: after five, the server may switch the statement to a generic plan.
    for (let run = 0; run < 12; run++) {
      const ids = Array.from(
        { length: 3 + run * 20 },
        (_, i) => `k${1 + ((i * 7919 + run) % 30000)}`,
      );
      const { rows } = await marked(ids).execute(store.db);
      const expected = [...new Set(ids)]
        .map((id) => Number(id.slice(1)))
        .sort((a, b) => a - b)
        .map((v) => ({ id: `k${v}`, v }));
      expect(rows).toEqual(expected);
    }
  });

  it('ends the text with the mark, and only there', () => {
    const text = marked(['k1']).compile(store.db).sql;
    expect(text.endsWith(PREPARED_MARK)).toBe(true);
    expect(text.indexOf(PREPARED_MARK)).toBe(text.length - PREPARED_MARK.length);
  });
});

const postgres = storeCases().find((c) => c.name === 'PostgreSQL');
describe.runIf(postgres)('prepared statements on the PostgreSQL connection', () => {
  let store: Store;
  beforeAll(async () => {
    store = await postgres!.open();
    await probeTable(store);
  });
  afterAll(async () => store?.close());

  it('is prepared once per connection, and an unmarked statement is not', async () => {
    await store.db.connection().execute(async (c) => {
      for (let i = 0; i < 3; i++) await marked([`k${i + 1}`]).execute(c);
      await sql`select ${1}::int as one`.execute(c);
      const { rows } = await sql<{ name: string; statement: string }>`
          select name, statement from pg_prepared_statements`.execute(c);
      const ours = rows.filter((r) => r.name.startsWith('silkline_'));
      expect(ours).toHaveLength(1);
      expect(ours[0]!.statement.endsWith(PREPARED_MARK)).toBe(true);
      expect(rows.some((r) => r.statement.includes('as one'))).toBe(false);
    });
  });

  it('keeps probing the index by key once the plan is generic', async () => {
    await store.db.connection().execute(async (c) => {
      const ids = Array.from({ length: 250 }, (_, i) => `k${1 + i * 97}`);
      for (let i = 0; i < 8; i++) await marked(ids).execute(c);
      const { rows: statements } = await sql<{ name: string; generic_plans: string }>`
          select name, generic_plans from pg_prepared_statements
          where name like 'silkline_%'`.execute(c);
      expect(Number(statements[0]!.generic_plans)).toBeGreaterThan(0);
      // EXPLAIN EXECUTE takes its arguments as literals, not bound parameters.
      const literal = sql.lit(`{${ids.join(',')}}`);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain execute ${sql.raw(
        statements[0]!.name,
      )}(${literal})`.execute(c);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('prepared_probe_pkey');
      expect(plan).not.toContain('Seq Scan on prepared_probe');
    });
  });
});

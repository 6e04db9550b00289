import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './store.ts';
import { arrayLiteral } from './pg-arrays.ts';
import { storeCases } from './test-stores.ts';

describe('arrayLiteral', () => {
  it('quotes every element and escapes quotes and backslashes', () => {
    expect(arrayLiteral(['a', 'b c', null, '', 'NULL', 'x"y', 'p\\q', '{,}'])).toBe(
      '{"a","b c",null,"","NULL","x\\"y","p\\\\q","{,}"}',
    );
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral([1, -2.5, true, null])).toBe('{1,-2.5,true,null}');
  });

  it('quotes control characters as they are (an array literal has no \\n escape)', () => {
    expect(arrayLiteral(['a\nb', 'c"d', null])).toBe('{"a\nb","c\\"d",NULL}');
    expect(arrayLiteral([Number.NaN, 1])).toBe('{"NaN","1"}');
  });
});

describe.each(storeCases())('arrayLiteral read back by $name', (storeCase) => {
  let store: Store;
  beforeAll(async () => {
    store = await storeCase.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('gives back every string as it was, nulls as nulls', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.string({ unit: 'binary' }).map((s) => s.replace(/\u0000/g, ''))), {
          maxLength: 20,
        }),
        async (values) => {
          const { rows } = await sql<{ v: string | null }>`
              select v from unnest(${arrayLiteral(values)}::text[]) with ordinality as u(v, n)
              order by n`.execute(store.db);
          expect(rows.map((r) => r.v)).toEqual(values);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives back numbers, NaN and nulls in number columns', async () => {
    const values = [1.5, -2, null, Number.NaN, 1e-7, 123456789.25];
    const { rows } = await sql<{ v: number | null }>`
        select v from unnest(${arrayLiteral(values)}::float8[]) with ordinality as u(v, n)
        order by n`.execute(store.db);
    expect(rows.map((r) => (r.v === null ? null : Number(r.v)))).toEqual(values);
  });
});

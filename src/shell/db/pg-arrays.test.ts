import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './store.ts';
import { arrayLiteral } from './pg-arrays.ts';
import { storeCases } from './test-stores.ts';

describe('arrayLiteral', () => {
  it('quotes every element and escapes quotes and backslashes', () => {
    expect(arrayLiteral(['a', 'b c', null, '', 'NULL', 'x"y', 'p\\q', '{,}'])).toBe(
      '{"a","b c",NULL,"","NULL","x\\"y","p\\\\q","{,}"}',
    );
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral([1, -2, true])).toBe('{"1","-2","true"}');
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
});

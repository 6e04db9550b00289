import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { Network } from '../../core/network/index.ts';
import {
  ORDER_CSV_COLUMNS,
  type OrderDefaults,
  orderFromCsvRow,
  orderFromJson,
  type OrderResult,
} from '../../core/planning/index.ts';

export interface OrderRow {
  readonly line: number;
  readonly result: OrderResult;
}

/**
 * Orders from a file, one at a time and in file order, so that 100,000 orders plan in flat memory:
 * CSV (the planner's column contract) and JSON Lines are streamed; a `.json` file holds an array
 * of orders (or {"orders": [...]}).
 */
export async function* readOrders(
  path: string,
  network: Network,
  defaults: OrderDefaults,
): AsyncGenerator<OrderRow> {
  if (/\.csv$/i.test(path)) yield* csvOrders(path, network, defaults);
  else if (/\.jsonl$/i.test(path)) yield* jsonLinesOrders(path, network, defaults);
  else if (/\.json$/i.test(path)) {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      yield {
        line: 1,
        result: {
          ok: false,
          issues: [{ line: null, message: `not valid JSON: ${(e as Error).message}` }],
        },
      };
      return;
    }
    const list = Array.isArray(value) ? value : (value as { orders?: unknown })?.orders;
    if (!Array.isArray(list)) {
      yield {
        line: 1,
        result: {
          ok: false,
          issues: [{ line: null, message: 'expected an array of orders or {"orders": [...]}' }],
        },
      };
      return;
    }
    for (let i = 0; i < list.length; i++) {
      const r = orderFromJson(list[i], i + 1, network, defaults);
      yield {
        line: i + 1,
        result: r.ok
          ? r
          : {
              ok: false,
              issues: r.issues.map((x) => ({
                ...x,
                line: null,
                field: `orders[${i}]${x.field ? '.' + x.field : ''}`,
              })),
            },
      };
    }
  } else {
    yield {
      line: 0,
      result: {
        ok: false,
        issues: [{ line: null, message: 'orders file must end in .csv, .json or .jsonl' }],
      },
    };
  }
}

async function* csvOrders(
  path: string,
  network: Network,
  defaults: OrderDefaults,
): AsyncGenerator<OrderRow> {
  const parser = createReadStream(path).pipe(
    parse({ info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }),
  );
  let header: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!header) {
        header = record.map((h) => h.trim().toLowerCase());
        const missing = ORDER_CSV_COLUMNS.filter((c) => !header!.includes(c));
        if (missing.length > 0) {
          yield {
            line: info.lines,
            result: {
              ok: false,
              issues: [{ line: info.lines, message: `missing column(s): ${missing.join(', ')}` }],
            },
          };
          return;
        }
        continue;
      }
      if (record.length !== header.length) {
        yield {
          line: info.lines,
          result: {
            ok: false,
            issues: [
              {
                line: info.lines,
                message: `expected ${header.length} fields, found ${record.length}`,
              },
            ],
          },
        };
        continue;
      }
      const fields: Record<string, string> = {};
      header.forEach((h, i) => (fields[h] = record[i] ?? ''));
      yield { line: info.lines, result: orderFromCsvRow(fields, info.lines, network, defaults) };
    }
  } catch (e) {
    yield {
      line: (e as { lines?: number }).lines ?? 0,
      result: {
        ok: false,
        issues: [
          {
            line: (e as { lines?: number }).lines ?? null,
            message: `not readable as CSV: ${(e as Error).message}`,
          },
        ],
      },
    };
  }
}

async function* jsonLinesOrders(
  path: string,
  network: Network,
  defaults: OrderDefaults,
): AsyncGenerator<OrderRow> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield {
        line: n,
        result: {
          ok: false,
          issues: [{ line: n, message: `not valid JSON: ${(e as Error).message}` }],
        },
      };
      continue;
    }
    yield { line: n, result: orderFromJson(value, n, network, defaults) };
  }
}

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
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
  if (/\.csv$/i.test(path)) yield* csvOrders(createReadStream(path), network, defaults);
  else if (/\.jsonl$/i.test(path))
    yield* jsonLinesOrders(createReadStream(path), network, defaults);
  else if (/\.json$/i.test(path)) {
    // A file that cannot be read is the caller's to report (not "not valid JSON").
    const text = await readFile(path, 'utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
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

/**
 * Orders from an upload held in memory (a bulk batch): CSV with the planner's column contract, or
 * JSON Lines; line numbers as for a file.
 */
export function ordersFromText(
  format: 'csv' | 'jsonl',
  text: string,
  network: Network,
  defaults: OrderDefaults,
): AsyncGenerator<OrderRow> {
  return format === 'csv'
    ? csvOrders(Readable.from([text]), network, defaults)
    : jsonLinesOrders(Readable.from([text]), network, defaults);
}

async function* csvOrders(
  input: Readable,
  network: Network,
  defaults: OrderDefaults,
): AsyncGenerator<OrderRow> {
  const parser = input.pipe(
    parse({ info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }),
  );
  // pipe() does not pass on the file's errors: without this a missing file is an unhandled error
  // and the parser never ends.
  input.on('error', (e) => parser.destroy(e));
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
    // The file could not be read (missing, a directory…): the caller reports it.
    if ((e as NodeJS.ErrnoException).syscall !== undefined) throw e;
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
  input: Readable,
  network: Network,
  defaults: OrderDefaults,
): AsyncGenerator<OrderRow> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    // A byte order mark may start the first line.
    const text = n === 1 ? line.replace(/^\uFEFF/, '') : line;
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

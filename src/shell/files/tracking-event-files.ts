// Partner event files (batch uploads and `silkline events import`): CSV with a header, or JSON
// Lines, read as a stream so a file of any size is handled in flat memory. Each record keeps its
// line number for the errors.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

export type EventFileFormat = 'csv' | 'jsonl';

/** CSV columns (any case; `event_id` or `eventId`): the fields of a partner event. */
export const EVENT_CSV_COLUMNS = [
  'eventId',
  'trackingNumber',
  'code',
  'occurredAt',
  'country',
  'city',
  'description',
] as const;
const REQUIRED = ['eventid', 'trackingnumber', 'code', 'occurredat'];

export type EventRecord =
  | { readonly line: number; readonly input: unknown }
  | { readonly line: number; readonly error: { readonly field: string; readonly message: string } };

/** The format from a Content-Type (CSV or any usual JSON Lines name). */
export function eventFormatOfContentType(
  contentType: string | undefined,
): EventFileFormat | undefined {
  const essence = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (essence === 'text/csv') return 'csv';
  if (
    [
      'application/x-ndjson',
      'application/jsonl',
      'application/x-jsonlines',
      'application/jsonlines',
    ].includes(essence)
  )
    return 'jsonl';
  return undefined;
}

/** The format from a file name: .csv, or .jsonl / .ndjson. */
export function eventFormatOfPath(path: string): EventFileFormat | undefined {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(path)) return 'jsonl';
  return undefined;
}

/**
 * One copy of each text that partners repeat on every line — codes, countries, cities, the words
 * that go with a code — however many events keep it (a service keeps its parcels' events in
 * memory: bench/tracking). Bounded: started afresh when full.
 */
const SHARED_TEXTS = new Map<string, string>();
const MAX_SHARED_TEXTS = 20_000;
const MAX_SHARED_LENGTH = 200;
function shared<T extends string | undefined>(text: T): T {
  if (text === undefined || text.length > MAX_SHARED_LENGTH) return text;
  const known = SHARED_TEXTS.get(text);
  if (known !== undefined) return known as T;
  if (SHARED_TEXTS.size >= MAX_SHARED_TEXTS) SHARED_TEXTS.clear();
  SHARED_TEXTS.set(text, text);
  return text;
}

const columnKey = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[_\s-]/g, '');

export function readEventRecords(
  format: EventFileFormat,
  input: Readable,
): AsyncGenerator<EventRecord> {
  return format === 'csv' ? csvRecords(input) : jsonLinesRecords(input);
}

async function* csvRecords(input: Readable): AsyncGenerator<EventRecord> {
  const parser = input.pipe(
    parse({ info: true, relax_column_count: true, skip_empty_lines: true, bom: true }),
  );
  input.on('error', (e) => parser.destroy(e));
  let header: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!header) {
        header = record.map(columnKey);
        const missing = REQUIRED.filter((c) => !header!.includes(c));
        if (missing.length > 0) {
          yield {
            line: info.lines,
            error: {
              field: '(header)',
              message: `missing column(s) ${missing
                .map((m) => EVENT_CSV_COLUMNS.find((c) => c.toLowerCase() === m))
                .join(', ')}; the columns are ${EVENT_CSV_COLUMNS.join(', ')}`,
            },
          };
          return;
        }
        continue;
      }
      if (record.length !== header.length) {
        yield {
          line: info.lines,
          error: {
            field: '(row)',
            message: `expected ${header.length} fields, found ${record.length}`,
          },
        };
        continue;
      }
      const f: Record<string, string> = {};
      header.forEach((h, i) => (f[h] = record[i] ?? ''));
      const opt = (v: string | undefined) =>
        v === undefined || v.trim() === '' ? undefined : shared(v);
      yield {
        line: info.lines,
        input: {
          eventId: f.eventid,
          trackingNumber: f.trackingnumber,
          code: shared(f.code),
          occurredAt: f.occurredat,
          location: { country: opt(f.country), city: opt(f.city) },
          description: shared(f.description ?? ''),
        },
      };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).syscall !== undefined) throw e;
    yield {
      line: (e as { lines?: number }).lines ?? 0,
      error: { field: '(file)', message: `not readable as CSV: ${(e as Error).message}` },
    };
  }
}

async function* jsonLinesRecords(input: Readable): AsyncGenerator<EventRecord> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    const text = n === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    try {
      yield { line: n, input: JSON.parse(text) as unknown };
    } catch (e) {
      yield {
        line: n,
        error: { field: '(line)', message: `not valid JSON: ${(e as Error).message}` },
      };
    }
  }
}

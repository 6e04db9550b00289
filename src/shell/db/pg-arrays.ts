// PostgreSQL array literals for bulk statements (`unnest($1::text[], $2::timestamptz[], …)`).
// The server parses an array a column at a time at about half the cost of json_to_recordset
// over the same rows (measured on PostgreSQL 15: 10.5 vs 24.8 µs a row for the tracking events'
// nineteen columns), and the literal is built here without node-postgres's per-element
// conversion. Instants go in such columns as epoch milliseconds (wholeMs, msColumn).

import { sql } from 'kysely';

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/**
 * The text of a one-dimensional array literal: every element quoted (so commas, braces, blanks
 * and the word NULL stay text), `"` and `\` escaped, null as NULL. Cast it to the column's array
 * type in the statement (`$1::text[]`, `$2::smallint[]`, `$3::timestamptz[]`).
 */
export function arrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  // JSON's escaping of strings is the array literal's (`\"`, `\\`) unless an element needs a
  // control-character or surrogate escape (`\n`, `\u0001`, …), which an array literal would read
  // as a plain letter; and JSON's bare null is NULL. One native pass, instead of a rope of
  // thousands of pieces: this literal carries every row of a bulk statement.
  if (values.every(jsonSafe)) {
    const json = JSON.stringify(values);
    if (!JSON_CONTROL_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  }
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) {
      out += 'NULL';
      continue;
    }
    const text = typeof v === 'string' ? v : String(v);
    out += '"';
    out += NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, '\\$&') : text;
    out += '"';
  }
  return out + '}';
}

/**
 * A backslash escape other than `\"` and `\\`: it may also match an escaped backslash followed by
 * one of these letters, which only sends the array the slow way.
 */
const JSON_CONTROL_ESCAPE = /\\[bfnrtu]/;

/** Elements JSON writes as the array literal would: strings, null, finite numbers, booleans. */
const jsonSafe = (v: string | number | boolean | null): boolean =>
  typeof v === 'string' ||
  v === null ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

/**
 * An instant for a bulk statement as epoch milliseconds, whole as a Date keeps them (truncated):
 * the server turns them into timestamps (msColumn) for a fraction of what formatting ISO text
 * here and parsing it there costs; exact for every millisecond of these years.
 */
export const wholeMs = (ms: number | null | undefined): number | null =>
  ms === null || ms === undefined || !Number.isFinite(ms) ? null : Math.trunc(ms);

/** The timestamp of a float8 column of epoch milliseconds (wholeMs); null stays null. */
export const msColumn = (column: string) => sql.raw(`to_timestamp(${column} / 1000::float8)`);

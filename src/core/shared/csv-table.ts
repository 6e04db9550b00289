import { parse } from 'csv-parse/sync';

/** A problem with one place in an input file; `line` is 1-based, null when it concerns the whole file. */
export interface InputIssue {
  readonly file?: string | undefined;
  readonly line: number | null;
  readonly field?: string | undefined;
  readonly message: string;
}

export interface CsvRow {
  readonly line: number;
  readonly fields: Readonly<Record<string, string>>;
}

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
  /** Rows whose field count did not match the header: reported, not parsed. */
  readonly issues: readonly InputIssue[];
}

/**
 * Reads CSV text into rows keyed by lower-cased, trimmed header names. A row with the wrong
 * number of fields becomes an issue for its line while the other rows are kept; a file that
 * cannot be tokenised at all (an unclosed quote) is a single issue.
 */
export function parseCsvTable(
  text: string,
): { ok: true; table: CsvTable } | { ok: false; issue: InputIssue } {
  let records: { record: string[]; info: { lines: number } }[];
  const body = text.replace(/^\uFEFF/, '');
  try {
    records = parse(body, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    // csv-parse reports where it stopped (the end of the file for an unclosed quote); the line
    // where the quote was opened is the one to fix.
    const lines =
      (e as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED'
        ? lineOfUnclosedQuote(body)
        : (e as { lines?: number }).lines;
    return {
      ok: false,
      issue: {
        line: typeof lines === 'number' ? lines : null,
        message: `not readable as CSV: ${(e as Error).message}`,
      },
    };
  }
  const first = records[0];
  if (!first)
    return {
      ok: false,
      issue: { line: null, message: 'the file is empty: expected a header row' },
    };
  const header = first.record.map((h) => h.trim().toLowerCase());
  const rows: CsvRow[] = [];
  const issues: InputIssue[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.every((f) => f === '')) continue;
    if (record.length !== header.length) {
      issues.push({
        line: info.lines,
        message: `expected ${header.length} fields (${header.join(',')}), found ${record.length}`,
      });
      continue;
    }
    const fields: Record<string, string> = {};
    header.forEach((h, i) => (fields[h] = record[i] ?? ''));
    rows.push({ line: info.lines, fields });
  }
  return { ok: true, table: { header, rows, issues } };
}

/** The 1-based line where a quoted field opens and is never closed, if any. */
function lineOfUnclosedQuote(text: string): number | undefined {
  let line = 1;
  let openedAt: number | undefined;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (openedAt !== undefined) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else openedAt = undefined;
      } else if (ch === '\n') line++;
      continue;
    }
    if (ch === '\n') {
      line++;
      fieldStart = true;
    } else if (ch === ',') fieldStart = true;
    else if (ch === '"' && fieldStart) openedAt = line;
    else if (ch !== ' ' && ch !== '\t' && ch !== '\r') fieldStart = false;
  }
  return openedAt;
}

/** Formats one CSV field, quoting only when needed. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) || value !== value.trim()
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

export function formatInputIssue(issue: InputIssue): string {
  const where = [issue.file, issue.line !== null ? String(issue.line) : undefined]
    .filter(Boolean)
    .join(':');
  const field = issue.field ? `${issue.field}: ` : '';
  return `${where ? where + ': ' : ''}${field}${issue.message}`;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, formatInputIssue, parseCsvTable } from './index.ts';

function table(text: string) {
  const parsed = parseCsvTable(text);
  if (!parsed.ok) throw new Error(`expected a table, got ${parsed.issue.message}`);
  return parsed.table;
}

describe('parseCsvTable', () => {
  it('keys rows by trimmed, lower-cased header names and numbers lines from 1', () => {
    const t = table('\uFEFF Destination ,FROM_G\nUS , 0\n\nDE,500\n');
    expect(t.header).toEqual(['destination', 'from_g']);
    expect(t.rows).toEqual([
      { line: 2, fields: { destination: 'US', from_g: '0' } },
      { line: 4, fields: { destination: 'DE', from_g: '500' } },
    ]);
    expect(t.issues).toEqual([]);
  });

  it('handles CRLF line ends and rows of blank fields', () => {
    const t = table('a,b\r\n1,2\r\n,\r\n3,4\r\n');
    expect(t.rows.map((r) => [r.line, r.fields.a])).toEqual([
      [2, '1'],
      [4, '3'],
    ]);
  });

  it('keeps quoted commas, quotes and spaces', () => {
    const t = table('zone,note\n"a,b","say ""hi"""\n" pad ",x\n');
    expect(t.rows.map((r) => r.fields.zone)).toEqual(['a,b', ' pad ']);
    expect(t.rows[0]!.fields.note).toBe('say "hi"');
  });

  it('reports a row with the wrong field count by line and keeps the other rows', () => {
    const t = table('a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n');
    expect(t.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(t.issues.map((i) => i.line)).toEqual([3, 5]);
    expect(t.issues[0]!.message).toMatch(/expected 3 fields .* found 2/);
  });

  it('reports an unclosed quote as one issue at the line where the quote opens', () => {
    const parsed = parseCsvTable('a,b\n1,2\n3,"4\n5,6\n7,8\n');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issue.line).toBe(3);
    expect(parsed.issue.message).toMatch(/not readable as CSV.*quote/i);
  });

  it('reports an empty file', () => {
    for (const text of ['', '\n\n', '\uFEFF']) {
      const parsed = parseCsvTable(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok)
        expect(parsed.issue).toMatchObject({ line: null, message: expect.stringMatching(/empty/) });
    }
  });

  it('reads back any value written with csvField (property)', () => {
    const value = fc.string({
      unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\n', '\r\n', '-', 'é', '\t'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), (values) => {
        const text = `key,${values.map((_, i) => `v${i}`).join(',')}\nrow,${values.map(csvField).join(',')}\n`;
        const t = table(text);
        expect(t.issues).toEqual([]);
        const row = t.rows[0]!;
        values.forEach((v, i) => expect(row.fields[`v${i}`]).toBe(v));
      }),
    );
  });
});

describe('formatInputIssue', () => {
  it('writes file:line: field: message', () => {
    expect(formatInputIssue({ file: 'us.csv', line: 4, field: 'to_g', message: 'bad' })).toBe(
      'us.csv:4: to_g: bad',
    );
    expect(formatInputIssue({ line: null, message: 'the file is empty' })).toBe(
      'the file is empty',
    );
    expect(formatInputIssue({ line: 2, message: 'x' })).toBe('2: x');
  });
});

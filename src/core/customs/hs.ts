import { isCountryCode, parseCsvTable, SilklineError } from '../shared/index.ts';

/*
 * The Harmonized System (HS 2022) and the national extensions a declaration may carry. The
 * nomenclature is text handed in by the shell (data/reference/hs2022.csv, from UN Comtrade); this
 * file parses it, refuses Comtrade's pseudo-codes, and checks codes against it. Only the US tariff
 * (HTS, 10 digits) is held as a table; EU CN, UK and Chinese extensions are checked on their HS
 * 6-digit prefix only, and the check says so.
 */

export type HsLevel = 2 | 4 | 6;

export interface HsEntry {
  readonly code: string;
  readonly description: string;
  readonly level: HsLevel;
  /** The chapter of a heading, the heading of a subheading; null for a chapter. */
  readonly parent: string | null;
  /** The HS section, a Roman numeral (I … XXI). */
  readonly section: string;
}

export interface HsNomenclature {
  readonly entries: ReadonlyMap<string, HsEntry>;
  /** Section numeral → its name (empty when no sections file was given). */
  readonly sections: ReadonlyMap<string, string>;
  /** Code → its children's codes in nomenclature order (chapters under '' ). */
  readonly children: ReadonlyMap<string, readonly string[]>;
}

/**
 * UN Comtrade's codes for "commodities not specified according to kind" and the grand total: they
 * appear in the source file but classify nothing, so they are never HS codes.
 */
export const HS_PSEUDO_CODES: ReadonlySet<string> = new Set(['99', '9999', '999999', 'TOTAL']);

function isPseudoCode(code: string): boolean {
  return HS_PSEUDO_CODES.has(code.toUpperCase());
}

function invalidData(file: string, line: number | null, message: string): SilklineError {
  return new SilklineError(
    'customs-reference-invalid',
    `${file}${line !== null ? `:${line}` : ''}: ${message}`,
    { file, line },
  );
}

function requireColumns(file: string, header: readonly string[], columns: readonly string[]): void {
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw invalidData(
      file,
      1,
      `missing column(s) ${missing.join(', ')} (header: ${header.join(',')})`,
    );
}

/**
 * Parses the HS 2022 nomenclature (columns section,hscode,description,parent,level) and, optionally,
 * its sections (section,name). Pseudo-code rows are dropped. A malformed file is a broken shipped
 * file, not user input: it throws, naming the file, line and reason.
 */
export function parseHsNomenclature(hsCsv: string, sectionsCsv?: string): HsNomenclature {
  const file = 'hs2022.csv';
  const parsed = parseCsvTable(hsCsv);
  if (!parsed.ok) throw invalidData(file, parsed.issue.line, parsed.issue.message);
  const { table } = parsed;
  requireColumns(file, table.header, ['section', 'hscode', 'description', 'parent', 'level']);
  const first = table.issues[0];
  if (first) throw invalidData(file, first.line, first.message);

  const entries = new Map<string, HsEntry>();
  const children = new Map<string, string[]>();
  const lineOf = new Map<string, number>();
  for (const { line, fields } of table.rows) {
    const code = fields.hscode!;
    const section = fields.section!;
    if (isPseudoCode(code) || section.toUpperCase() === 'TOTAL') continue;
    const level = Number(fields.level);
    if (level !== 2 && level !== 4 && level !== 6)
      throw invalidData(file, line, `level "${fields.level}" is not 2, 4 or 6`);
    if (!new RegExp(`^\\d{${level}}$`).test(code))
      throw invalidData(file, line, `code "${code}" is not ${level} digits (its level)`);
    if (entries.has(code)) throw invalidData(file, line, `code ${code} appears twice`);
    const rawParent = fields.parent!;
    const parent = level === 2 ? null : rawParent;
    if (parent !== null && parent !== code.slice(0, level - 2))
      throw invalidData(
        file,
        line,
        `parent "${rawParent}" of ${code} should be ${code.slice(0, level - 2)}`,
      );
    const description = fields.description!.replace(/\s+/g, ' ').trim();
    if (description === '') throw invalidData(file, line, `code ${code} has no description`);
    entries.set(code, { code, description, level, parent, section });
    lineOf.set(code, line);
    const siblings = children.get(parent ?? '') ?? [];
    siblings.push(code);
    children.set(parent ?? '', siblings);
  }
  for (const entry of entries.values()) {
    if (entry.parent !== null && !entries.has(entry.parent))
      throw invalidData(
        file,
        lineOf.get(entry.code) ?? null,
        `parent ${entry.parent} of ${entry.code} is not in the file`,
      );
  }
  if (entries.size === 0) throw invalidData(file, null, 'no HS codes in the file');

  const sections = new Map<string, string>();
  if (sectionsCsv !== undefined) {
    const sfile = 'hs2022-sections.csv';
    const s = parseCsvTable(sectionsCsv);
    if (!s.ok) throw invalidData(sfile, s.issue.line, s.issue.message);
    requireColumns(sfile, s.table.header, ['section', 'name']);
    for (const { fields } of s.table.rows)
      sections.set(fields.section!, fields.name!.replace(/\s+/g, ' ').trim());
  }
  return { entries, sections, children };
}

// ---------------------------------------------------------------------------------------------
// The US Harmonized Tariff Schedule, 10-digit statistical lines.

export interface UsHtsLine {
  readonly hts10: string;
  readonly description: string;
  /** The rate as the HTS writes it ("Free", "6.8%", "1¢/kg"); from the 8-digit parent when blank; null when unknown. */
  readonly rateText: string | null;
  readonly ch99Refs: readonly string[];
}

export interface UsHtsTable {
  readonly lines: ReadonlyMap<string, UsHtsLine>;
}

// Windows-1252 puts printable characters at 0x80–0x9F where Latin-1 has control codes; the
// source was UTF-8 read as Windows-1252 and written back as UTF-8, so undoing it needs this table.
const CP1252_HIGH: Readonly<Record<number, number>> = {
  0x20ac: 0x80,
  0x201a: 0x82,
  0x0192: 0x83,
  0x201e: 0x84,
  0x2026: 0x85,
  0x2020: 0x86,
  0x2021: 0x87,
  0x02c6: 0x88,
  0x2030: 0x89,
  0x0160: 0x8a,
  0x2039: 0x8b,
  0x0152: 0x8c,
  0x017d: 0x8e,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2013: 0x96,
  0x2014: 0x97,
  0x02dc: 0x98,
  0x2122: 0x99,
  0x0161: 0x9a,
  0x203a: 0x9b,
  0x0153: 0x9c,
  0x017e: 0x9e,
  0x0178: 0x9f,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Undoes UTF-8 text that was read as Windows-1252 and re-encoded ("Â¢" → "¢", "Î±" → "α",
 * "mÂ²" → "m²"). Text that is not such mojibake (it does not decode as UTF-8 once mapped back to
 * bytes) is returned unchanged, so a genuine "é" survives.
 */
export function repairMojibake(text: string): string {
  if (/^[\u0000-\u007f]*$/.test(text)) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const b = c < 0x100 ? c : CP1252_HIGH[c];
    if (b === undefined) return text;
    bytes[i] = b;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    return text;
  }
}

/**
 * Parses the US HTS 10-digit table (hts10,base_rate,base_rate_raw,ch99_refs,n_ch99_refs,description;
 * a UTF-8 byte-order mark is allowed). A blank rate means the rate is written on the 8-digit line:
 * it is taken from a line of the same 8 digits that carries one, and stays null when the table
 * holds none (most blank lines: the source keeps only 10-digit lines).
 */
export function parseUsHtsTable(csvText: string): UsHtsTable {
  const file = 'us-hts10.csv';
  const parsed = parseCsvTable(csvText);
  if (!parsed.ok) throw invalidData(file, parsed.issue.line, parsed.issue.message);
  const { table } = parsed;
  requireColumns(file, table.header, ['hts10', 'base_rate_raw', 'ch99_refs', 'description']);
  const first = table.issues[0];
  if (first) throw invalidData(file, first.line, first.message);

  const raw = new Map<string, { description: string; rate: string | null; refs: string[] }>();
  const rateOf8 = new Map<string, string>();
  for (const { line, fields } of table.rows) {
    const hts10 = fields.hts10!;
    if (!/^\d{10}$/.test(hts10)) throw invalidData(file, line, `"${hts10}" is not 10 digits`);
    if (raw.has(hts10)) throw invalidData(file, line, `line ${hts10} appears twice`);
    const rateText = repairMojibake(fields.base_rate_raw!).replace(/\s+/g, ' ').trim();
    const rate = rateText === '' ? null : rateText;
    const refs = fields
      .ch99_refs!.split(/[;,\s]+/)
      .map((r) => r.trim())
      .filter((r) => r !== '');
    raw.set(hts10, {
      description: repairMojibake(fields.description!).replace(/\s+/g, ' ').trim(),
      rate,
      refs,
    });
    if (rate !== null && !rateOf8.has(hts10.slice(0, 8))) rateOf8.set(hts10.slice(0, 8), rate);
  }
  const lines = new Map<string, UsHtsLine>();
  for (const [hts10, r] of raw)
    lines.set(hts10, {
      hts10,
      description: r.description,
      rateText: r.rate ?? rateOf8.get(hts10.slice(0, 8)) ?? null,
      ch99Refs: r.refs,
    });
  return { lines };
}

const hts8Index = new WeakMap<UsHtsTable, ReadonlyMap<string, readonly string[]>>();

/** The table's 10-digit lines under one 8-digit subheading, in code order. */
export function usHtsLinesUnder(table: UsHtsTable, hts8: string): readonly string[] {
  let index = hts8Index.get(table);
  if (!index) {
    const built = new Map<string, string[]>();
    for (const code of [...table.lines.keys()].sort()) {
      const list = built.get(code.slice(0, 8)) ?? [];
      list.push(code);
      built.set(code.slice(0, 8), list);
    }
    index = built;
    hts8Index.set(table, index);
  }
  return index.get(hts8) ?? [];
}

// ---------------------------------------------------------------------------------------------
// Checking a code.

export type NationalSystem = 'US-HTS' | 'EU-CN' | 'UK' | 'CN';

export type HsCheck =
  | {
      readonly ok: true;
      readonly code: string;
      /** The 6-digit HS subheading. */
      readonly subheading: string;
      /** Chapter → heading → subheading. */
      readonly path: readonly HsEntry[];
      readonly national: {
        readonly system: NationalSystem;
        readonly code: string;
        readonly description: string | null;
        readonly verified: boolean;
      } | null;
      readonly notes: readonly string[];
    }
  | {
      readonly ok: false;
      readonly code: string;
      readonly reason: 'format' | 'pseudo-code' | 'unknown-subheading' | 'unknown-national-line';
      readonly message: string;
    };

/** Member states of the EU customs union whose declarations use the Combined Nomenclature. */
export const EU_CN_COUNTRIES: ReadonlySet<string> = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '),
);

/** The national nomenclature a destination (or China, the origin) declares in; null when none is modelled. */
export function nationalSystemFor(country: string): NationalSystem | null {
  if (country === 'US') return 'US-HTS';
  if (country === 'GB') return 'UK';
  if (country === 'CN') return 'CN';
  if (EU_CN_COUNTRIES.has(country)) return 'EU-CN';
  return null;
}

/** "6109100012" → "6109.10.00.12"; "610910" → "6109.10"; other lengths as given. */
export function formatHsCode(code: string): string {
  if (!/^\d{4,}$/.test(code)) return code;
  const parts = [code.slice(0, 4)];
  for (let i = 4; i < code.length; i += 2) parts.push(code.slice(i, i + 2));
  return parts.join('.');
}

/** Strips the dots and spaces people write inside codes ("6109.10.00 12" → "6109100012"). */
export function normalizeHsCode(code: string): string {
  return code.trim().replace(/[.\s]/g, '');
}

function listCodes(codes: readonly string[], max = 8): string {
  const shown = codes.slice(0, max).join(', ');
  return codes.length > max ? `${shown} … (${codes.length} in all)` : shown;
}

function short(description: string, max = 90): string {
  return description.length > max ? `${description.slice(0, max - 1)}…` : description;
}

type Refusal = Extract<HsCheck, { ok: false }>;

const refuse = (code: string, reason: Refusal['reason'], message: string): Refusal => ({
  ok: false,
  code,
  reason,
  message,
});

/**
 * Checks a classification for a declaration: a 6-digit HS 2022 subheading, optionally extended by
 * the national digits of the country's tariff (8-digit EU CN, 10-digit US HTS, UK commodity code or
 * Chinese code; 8 or 10 digits where a national system is known). `country` is an ISO 3166 alpha-2
 * code; with `usHts`, US lines are verified against the table. Refusals name the code and why.
 */
export function checkHsCode(
  nom: HsNomenclature,
  code: string,
  opts: { country?: string | undefined; usHts?: UsHtsTable | undefined } = {},
): HsCheck {
  const given = code.trim();
  const n = normalizeHsCode(given);
  const country = opts.country?.toUpperCase();
  if (country !== undefined && !isCountryCode(country))
    throw new SilklineError(
      'invalid-country',
      `"${opts.country}" is not an ISO 3166-1 alpha-2 country code`,
    );

  if (n === '') return refuse(n, 'format', 'no HS code given: a 6-digit subheading is needed');
  if (isPseudoCode(n) || /^999999(\d{2}){0,2}$/.test(n))
    return refuse(
      n,
      'pseudo-code',
      `"${given}" is a UN Comtrade pseudo-code (commodities not specified according to kind, or a total), not an HS classification`,
    );
  if (!/^\d+$/.test(n))
    return refuse(
      n,
      'format',
      `"${given}" is not an HS code: only digits are allowed (dots and spaces between them are ignored)`,
    );
  if (n.length === 2 || n.length === 4) {
    const entry = nom.entries.get(n);
    const kind = n.length === 2 ? 'chapter' : 'heading';
    const below = nom.children.get(n) ?? [];
    const subheadings =
      n.length === 4 ? below : below.flatMap((heading) => nom.children.get(heading) ?? []);
    return refuse(
      n,
      'format',
      entry
        ? `"${given}" is an HS ${kind} (${short(entry.description)}), not a classification for a declaration: a 6-digit subheading is needed` +
            (n.length === 4 ? `: one of ${listCodes(subheadings)}` : '')
        : `"${given}" has ${n.length} digits: a declaration needs a 6-digit HS subheading (and ${n} is not an HS 2022 ${kind} either)`,
    );
  }
  if (n.length !== 6 && n.length !== 8 && n.length !== 10) {
    // A spreadsheet that stored the code as a number drops its leading zero (010121 → 10121).
    const padded = `0${n}`;
    const hint =
      n.length % 2 === 1 && nom.entries.get(padded.slice(0, 6))?.level === 6
        ? `; a leading zero may have been lost (e.g. by a spreadsheet): did you mean ${padded}?`
        : '';
    return refuse(
      n,
      'format',
      `"${given}" has ${n.length} digits: an HS subheading has 6, a national tariff line 8 or 10${hint}`,
    );
  }

  const subheading = n.slice(0, 6);
  const sub = nom.entries.get(subheading);
  if (!sub || sub.level !== 6) {
    const chapter = n.slice(0, 2);
    const heading = nom.entries.get(n.slice(0, 4));
    let why: string;
    if (chapter === '98' || chapter === '99' || chapter === '77')
      why = `chapter ${chapter} is reserved (for national use or future use), not part of the HS`;
    else if (heading)
      why = `heading ${heading.code} (${short(heading.description, 60)}) has ${listCodes(nom.children.get(heading.code) ?? [])}`;
    else if (!nom.entries.has(chapter)) why = `there is no HS chapter ${chapter}`;
    else why = `there is no heading ${n.slice(0, 4)} in chapter ${chapter}`;
    return refuse(
      n,
      'unknown-subheading',
      `${n.length === 6 ? '' : `"${given}": `}${subheading} is not an HS 2022 subheading; ${why}`,
    );
  }
  const heading = nom.entries.get(sub.parent!)!;
  const chapter = nom.entries.get(heading.parent!)!;
  const path = [chapter, heading, sub];
  const system = country !== undefined ? nationalSystemFor(country) : null;
  const notes: string[] = [];
  const okCheck = (national: Extract<HsCheck, { ok: true }>['national']): HsCheck => ({
    ok: true,
    code: n,
    subheading,
    path,
    national,
    notes,
  });

  if (n.length === 6) {
    if (system === 'US-HTS')
      notes.push(
        `a US entry needs the 10-digit HTS statistical number${
          opts.usHts
            ? `: ${listCodes(
                [...opts.usHts.lines.keys()].filter((k) => k.startsWith(subheading)).sort(),
              )}`
            : ''
        }`,
      );
    else if (system === 'EU-CN')
      notes.push(
        'an EU import declaration needs the 8-digit CN code (10-digit TARIC); the 6-digit HS subheading suffices for low-value (H7) declarations',
      );
    else if (system === 'UK')
      notes.push('a UK import declaration needs the 10-digit commodity code');
    else if (system === 'CN')
      notes.push("China's export declaration needs the 10-digit commodity code");
    return okCheck(null);
  }

  const extension = n.slice(6);
  if (system === null) {
    notes.push(
      country === undefined
        ? `the national digits ${extension} were not checked: no country was given`
        : `no national tariff is held for ${country}: the digits ${extension} after the HS subheading were not checked`,
    );
    return okCheck(null);
  }
  if (system === 'US-HTS') {
    if (!opts.usHts) {
      notes.push('the US HTS line could not be checked: no HTS table was given');
      return okCheck({ system, code: n, description: null, verified: false });
    }
    if (n.length === 10) {
      const line = opts.usHts.lines.get(n);
      if (!line) {
        const siblings = usHtsLinesUnder(opts.usHts, n.slice(0, 8));
        return refuse(
          n,
          'unknown-national-line',
          `"${given}" is not a line of the US HTS table; ` +
            (siblings.length > 0
              ? `the lines under ${formatHsCode(n.slice(0, 8))} are ${listCodes(siblings)}`
              : `nor does any line start with ${formatHsCode(n.slice(0, 8))}`),
        );
      }
      return okCheck({ system, code: n, description: line.description, verified: true });
    }
    const lines = usHtsLinesUnder(opts.usHts, n);
    if (lines.length === 0)
      return refuse(
        n,
        'unknown-national-line',
        `"${given}": no line of the US HTS table starts with ${formatHsCode(n)}`,
      );
    notes.push(
      `${formatHsCode(n)} is an 8-digit HTS subheading; a US entry needs the 10-digit statistical number: ${listCodes(lines)}`,
    );
    return okCheck({ system, code: n, description: null, verified: true });
  }
  const what: Record<Exclude<NationalSystem, 'US-HTS'>, string> = {
    'EU-CN':
      n.length === 8
        ? 'the EU Combined Nomenclature is not held: the CN code'
        : 'EU tariffs (CN, TARIC) are not held: the 10-digit TARIC code',
    UK:
      n.length === 8
        ? 'the UK tariff is not held: the 8-digit (export) commodity code'
        : 'the UK tariff is not held: the commodity code',
    CN:
      n.length === 8
        ? "China's tariff is not held: the 8-digit tariff line"
        : "China's tariff is not held: the commodity code",
  };
  notes.push(
    `${what[system]} ${formatHsCode(n)} could not be checked; only its HS subheading ${formatHsCode(subheading)} was`,
  );
  if (system === 'UK' && n.length === 8)
    notes.push('a UK import declaration needs the 10-digit commodity code');
  if (system === 'CN' && n.length === 8)
    notes.push("China's export declaration needs the 10-digit commodity code");
  return okCheck({ system, code: n, description: null, verified: false });
}

/** "61 Apparel … › 6109 T-shirts … › 610910 T-shirts …", for people. */
export function describeHsPath(path: readonly HsEntry[]): string {
  return path.map((e) => `${e.code} ${e.description}`).join(' › ');
}

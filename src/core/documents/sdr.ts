import {
  add,
  compare,
  type CurrencyCode,
  currencyMinorDigits,
  type Exact,
  exactFromInteger,
  type InputIssue,
  isCurrencyCode,
  type Money,
  mul,
  parseCsvTable,
  parseDecimal,
  roundHalfUp,
} from '../shared/index.ts';
import { twoDecimals } from './format.ts';

/*
 * The IMF's Special Drawing Right (ISO 4217 XDR) in a parcel's currency, by date. The UPU's limit
 * between the CN 22 and the CN 23 declaration is written in SDR; a post converts at a dated rate.
 * Rates are data (data/customs/sdr-rates.csv), one row per date and currency, as the IMF publishes
 * them: either "SDR per currency unit" or "currency units per SDR" (both exact decimals).
 */

export const SDR_BASES = ['sdr-per-unit', 'units-per-sdr'] as const;
export type SdrBasis = (typeof SDR_BASES)[number];

export interface SdrRate {
  /** The IMF's valuation date, YYYY-MM-DD. */
  readonly date: string;
  readonly currency: CurrencyCode;
  readonly basis: SdrBasis;
  /** The figure as published ("0.731435"). */
  readonly rateText: string;
  /** SDR per one major unit of the currency, exact. */
  readonly sdrPerUnit: Exact;
  readonly source: string;
  readonly line: number;
}

export interface SdrRateTable {
  /** Per currency, sorted by date ascending. */
  readonly byCurrency: ReadonlyMap<string, readonly SdrRate[]>;
}

export const SDR_RATE_COLUMNS = ['date', 'currency', 'basis', 'rate', 'source'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Reads the SDR rate file; every bad row is an issue with its line (nothing is half-loaded). */
export function parseSdrRates(
  text: string,
  file = 'sdr-rates.csv',
): { ok: true; table: SdrRateTable } | { ok: false; issues: InputIssue[] } {
  const parsed = parseCsvTable(text);
  if (!parsed.ok) return { ok: false, issues: [{ ...parsed.issue, file }] };
  const issues: InputIssue[] = parsed.table.issues.map((i) => ({ ...i, file }));
  const missing = SDR_RATE_COLUMNS.filter((c) => !parsed.table.header.includes(c));
  if (missing.length > 0)
    return {
      ok: false,
      issues: [{ file, line: 1, message: `missing column(s): ${missing.join(', ')}` }],
    };
  const byCurrency = new Map<string, SdrRate[]>();
  for (const row of parsed.table.rows) {
    const f = row.fields;
    const fail = (field: string, message: string) =>
      issues.push({ file, line: row.line, field, message });
    const date = f.date ?? '';
    const currency = (f.currency ?? '').toUpperCase();
    const basis = f.basis as SdrBasis;
    const rate = parseDecimal(f.rate ?? '');
    if (!isCalendarDate(date)) fail('date', `"${date}" is not a date YYYY-MM-DD`);
    if (!isCurrencyCode(currency))
      fail('currency', `"${f.currency}" is not an ISO 4217 currency with minor units`);
    if (!SDR_BASES.includes(basis)) fail('basis', `"${f.basis}" is not ${SDR_BASES.join(' or ')}`);
    if (!rate || rate.n <= 0n) fail('rate', `"${f.rate}" is not a positive decimal`);
    if (!f.source?.trim()) fail('source', 'every rate names its source');
    if (!isCalendarDate(date) || !isCurrencyCode(currency) || !SDR_BASES.includes(basis) || !rate)
      continue;
    if (rate.n <= 0n || !f.source?.trim()) continue;
    const list = byCurrency.get(currency) ?? [];
    if (list.some((r) => r.date === date)) {
      fail('date', `a second ${currency} rate for ${date}`);
      continue;
    }
    list.push({
      date,
      currency,
      basis,
      rateText: f.rate!.trim(),
      sdrPerUnit: basis === 'sdr-per-unit' ? rate : { n: rate.d, d: rate.n },
      source: f.source.trim(),
      line: row.line,
    });
    byCurrency.set(currency, list);
  }
  if (issues.length > 0) return { ok: false, issues };
  for (const list of byCurrency.values()) list.sort((a, b) => a.date.localeCompare(b.date));
  return { ok: true, table: { byCurrency } };
}

/** A rate older than this many days before the date it serves is used, with a warning. */
export const SDR_RATE_STALE_DAYS = 31;

export type SdrLookup =
  | { readonly ok: true; readonly rate: SdrRate; readonly warning: string | null }
  | { readonly ok: false; readonly message: string };

function daysBetween(from: string, to: string): number {
  const ms = (t: string) => {
    const [y, m, d] = t.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

/** The newest rate of a currency on or before a date (a customs declaration uses the rate in force). */
export function sdrRateOn(table: SdrRateTable, currency: string, date: string): SdrLookup {
  const list = table.byCurrency.get(currency);
  if (!list || list.length === 0)
    return { ok: false, message: `no SDR rate for ${currency} in the SDR rate table` };
  let found: SdrRate | undefined;
  for (const r of list) if (r.date <= date) found = r;
  if (!found)
    return {
      ok: false,
      message: `no SDR rate for ${currency} on or before ${date} (the first is of ${list[0]!.date})`,
    };
  const age = daysBetween(found.date, date);
  return {
    ok: true,
    rate: found,
    warning:
      age > SDR_RATE_STALE_DAYS
        ? `the newest SDR rate for ${currency} is of ${found.date}, ${age} days before ${date}: add newer IMF rates to the SDR rate table`
        : null,
  };
}

/** An amount in minor units as exact SDR at a rate of its currency. */
export function toSdr(money: Money, rate: SdrRate): Exact {
  const digits = currencyMinorDigits(money.currency) ?? 2;
  const major: Exact = { n: BigInt(money.amount), d: 10n ** BigInt(digits) };
  return mul(major, rate.sdrPerUnit);
}

/** Exact SDR into major units of a currency at its rate. */
export function fromSdr(sdr: Exact, rate: SdrRate): Exact {
  return { n: sdr.n * rate.sdrPerUnit.d, d: sdr.d * rate.sdrPerUnit.n };
}

export function sumExact(values: readonly Exact[]): Exact {
  return values.reduce(add, exactFromInteger(0));
}

/** The UPU limit: contents worth up to SDR 300 are declared on a CN 22, above it on a CN 23. */
export const CN22_LIMIT_SDR = 300;

export type CustomsForm = 'CN22' | 'CN23';

export interface FormChoice {
  readonly form: CustomsForm;
  readonly sdrValue: Exact;
  /** "SDR 6.58" (rounded for reading; the choice is made on the exact value). */
  readonly sdrText: string;
  /** "1 USD = 0.731435 SDR (IMF, 2025-12-22)". */
  readonly rateText: string;
  /** Why this form: "contents SDR 6.58 ≤ SDR 300: CN 22". */
  readonly reason: string;
  readonly rate: SdrRate;
  readonly warning: string | null;
}

/** "1 USD = 0.731435 SDR" or "1 SDR = 9.72772 CNY", as the IMF published it, with its date. */
export function sdrRateText(rate: SdrRate): string {
  const figure =
    rate.basis === 'sdr-per-unit'
      ? `1 ${rate.currency} = ${rate.rateText} SDR`
      : `1 SDR = ${rate.rateText} ${rate.currency}`;
  return `${figure} (IMF, ${rate.date})`;
}

/** Two decimals, or six where two would read as the limit itself while the value is not (300.0003). */
function sdrFigure(sdr: Exact): string {
  const short = twoDecimals(sdr);
  const limit = exactFromInteger(CN22_LIMIT_SDR);
  if (short !== `${CN22_LIMIT_SDR}.00` || compare(sdr, limit) === 0) return short;
  const millionths = roundHalfUp({ n: sdr.n * 1_000_000n, d: sdr.d }).toString();
  return `${millionths.slice(0, -6)}.${millionths.slice(-6)}`;
}

/** CN 22 or CN 23 for contents of a value, at the SDR rate in force on a date. */
export function customsFormFor(
  value: Money,
  date: string,
  table: SdrRateTable,
): { ok: true; choice: FormChoice } | { ok: false; message: string } {
  const found = sdrRateOn(table, value.currency, date);
  if (!found.ok) return found;
  const sdr = toSdr(value, found.rate);
  const form: CustomsForm = compare(sdr, exactFromInteger(CN22_LIMIT_SDR)) <= 0 ? 'CN22' : 'CN23';
  const sdrText = `SDR ${sdrFigure(sdr)}`;
  return {
    ok: true,
    choice: {
      form,
      sdrValue: sdr,
      sdrText,
      rateText: sdrRateText(found.rate),
      reason:
        form === 'CN22'
          ? `contents ${sdrText} ≤ SDR ${CN22_LIMIT_SDR}: CN 22`
          : `contents ${sdrText} > SDR ${CN22_LIMIT_SDR}: CN 23`,
      rate: found.rate,
      warning: found.warning,
    },
  };
}

import { EU_CN_COUNTRIES, type SellerRegistrations } from '../customs/index.ts';
import {
  compare,
  type CurrencyCode,
  currencyMinorDigits,
  type Exact,
  type InputIssue,
  isCountryCode,
  isCurrencyCode,
  type Money,
  parseCsvTable,
  parseDecimal,
} from '../shared/index.ts';
import { twoDecimals } from './format.ts';
import { fromSdr, type SdrRateTable, sdrRateOn, sumExact, toSdr } from './sdr.ts';

/*
 * The importer's reference on customs papers (the CN 22/23 "importer's reference", the invoice's
 * tax registration): the seller's registration that moved the import tax to the point of sale
 * (IOSS, UK VAT, ARN, VOEC). Each scheme covers goods up to a ceiling, per consignment or per item;
 * above it the number must not be quoted (the tax is then due at import). The schemes are dated
 * data: data/customs/importer-references.csv.
 */

export const IMPORTER_REGISTRATIONS = ['ioss', 'ukVat', 'auArn', 'noVoec'] as const;
export type ImporterRegistration = (typeof IMPORTER_REGISTRATIONS)[number];

export interface ImporterReferenceRule {
  readonly registration: ImporterRegistration;
  /** As printed: "IOSS", "UK VAT". */
  readonly label: string;
  readonly destinations: ReadonlySet<string>;
  /** Major units of `currency`. */
  readonly ceiling: Exact;
  readonly ceilingText: string;
  readonly currency: CurrencyCode;
  readonly per: 'consignment' | 'item';
  /** `le`: up to and including the ceiling; `lt`: strictly below it. */
  readonly bound: 'le' | 'lt';
  readonly validFrom: string;
  /** Exclusive; null = open. */
  readonly validTo: string | null;
  readonly source: string;
}

export const IMPORTER_REFERENCE_COLUMNS = [
  'registration',
  'label',
  'destinations',
  'ceiling',
  'currency',
  'per',
  'bound',
  'valid_from',
  'valid_to',
  'source',
] as const;

/** Reads the schemes file; `EU` in `destinations` stands for every member state. */
export function parseImporterReferences(
  text: string,
  file = 'importer-references.csv',
): { ok: true; rules: ImporterReferenceRule[] } | { ok: false; issues: InputIssue[] } {
  const parsed = parseCsvTable(text);
  if (!parsed.ok) return { ok: false, issues: [{ ...parsed.issue, file }] };
  const missing = IMPORTER_REFERENCE_COLUMNS.filter((c) => !parsed.table.header.includes(c));
  if (missing.length > 0)
    return {
      ok: false,
      issues: [{ file, line: 1, message: `missing column(s): ${missing.join(', ')}` }],
    };
  const issues: InputIssue[] = parsed.table.issues.map((i) => ({ ...i, file }));
  const rules: ImporterReferenceRule[] = [];
  const date = /^\d{4}-\d{2}-\d{2}$/;
  for (const row of parsed.table.rows) {
    const f = row.fields as Record<(typeof IMPORTER_REFERENCE_COLUMNS)[number], string>;
    const before = issues.length;
    const fail = (field: string, message: string) =>
      issues.push({ file, line: row.line, field, message });
    const registration = f.registration as ImporterRegistration;
    if (!IMPORTER_REGISTRATIONS.includes(registration))
      fail('registration', `"${f.registration}" is not ${IMPORTER_REGISTRATIONS.join(', ')}`);
    const destinations = new Set<string>();
    for (const d of f.destinations.split(/\s+/).filter(Boolean)) {
      if (d === 'EU') for (const m of EU_CN_COUNTRIES) destinations.add(m);
      else if (isCountryCode(d)) destinations.add(d);
      else fail('destinations', `"${d}" is not an ISO 3166 country code or EU`);
    }
    if (destinations.size === 0) fail('destinations', 'names no destination');
    const ceiling = parseDecimal(f.ceiling);
    if (!ceiling || ceiling.n <= 0n) fail('ceiling', `"${f.ceiling}" is not a positive decimal`);
    if (!isCurrencyCode(f.currency)) fail('currency', `"${f.currency}" is not an ISO 4217 code`);
    if (f.per !== 'consignment' && f.per !== 'item')
      fail('per', `"${f.per}" is not consignment or item`);
    if (f.bound !== 'le' && f.bound !== 'lt') fail('bound', `"${f.bound}" is not le or lt`);
    if (!date.test(f.valid_from)) fail('valid_from', `"${f.valid_from}" is not YYYY-MM-DD`);
    if (f.valid_to !== '' && !date.test(f.valid_to))
      fail('valid_to', `"${f.valid_to}" is not YYYY-MM-DD or empty`);
    if (!f.source.trim()) fail('source', 'every scheme names its source');
    if (!f.label.trim()) fail('label', 'every scheme has a printed label');
    if (issues.length > before) continue;
    rules.push({
      registration,
      label: f.label.trim(),
      destinations,
      ceiling: ceiling!,
      ceilingText: f.ceiling.trim(),
      currency: f.currency as CurrencyCode,
      per: f.per as 'consignment' | 'item',
      bound: f.bound as 'le' | 'lt',
      validFrom: f.valid_from,
      validTo: f.valid_to === '' ? null : f.valid_to,
      source: f.source.trim(),
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rules };
}

export interface ImporterReference {
  readonly label: string;
  readonly number: string;
  /** Why it applies: "IOSS: consignment 8.99 USD = 7.65 EUR ≤ 150 EUR". */
  readonly reason: string;
}

export interface ImporterReferenceOutcome {
  readonly reference: ImporterReference | null;
  /** Why a registration the seller holds is not quoted (over the ceiling, no rate). */
  readonly warnings: readonly string[];
}

/** Goods of a consignment, as the schemes measure them. */
export interface ConsignmentGoods {
  /** The consignment's intrinsic value (goods only, no transport), per currency. */
  readonly values: readonly Money[];
  /** Each item line's unit value (the per-item schemes test one unit). */
  readonly unitValues: readonly Money[];
}

/** A value in a scheme's currency: as is when it is already in it, else through SDR cross rates of the date. */
function inCurrency(
  values: readonly Money[],
  currency: CurrencyCode,
  date: string,
  sdr: SdrRateTable,
): { ok: true; value: Exact } | { ok: false; message: string } {
  if (values.every((v) => v.currency === currency))
    return { ok: true, value: sumExact(values.map(majorOf)) };
  const inSdr: Exact[] = [];
  for (const v of values) {
    const r = sdrRateOn(sdr, v.currency, date);
    if (!r.ok) return r;
    inSdr.push(toSdr(v, r.rate));
  }
  const target = sdrRateOn(sdr, currency, date);
  if (!target.ok) return target;
  return { ok: true, value: fromSdr(sumExact(inSdr), target.rate) };
}

/** Minor units to exact major units. */
function majorOf(m: Money): Exact {
  return { n: BigInt(m.amount), d: 10n ** BigInt(currencyMinorDigits(m.currency) ?? 2) };
}

/**
 * The registration to quote for a consignment to a destination on a date, or none (with the reason
 * when the seller holds one that does not apply).
 */
export function importerReferenceFor(
  destination: string,
  date: string,
  registrations: SellerRegistrations,
  goods: ConsignmentGoods,
  rules: readonly ImporterReferenceRule[],
  sdr: SdrRateTable,
): ImporterReferenceOutcome {
  const warnings: string[] = [];
  for (const rule of rules) {
    if (!rule.destinations.has(destination)) continue;
    if (date < rule.validFrom || (rule.validTo !== null && date >= rule.validTo)) continue;
    const number = registrations[rule.registration];
    if (!number) continue;
    const measured =
      rule.per === 'consignment'
        ? [inCurrency(goods.values, rule.currency, date, sdr)]
        : goods.unitValues.map((v) => inCurrency([v], rule.currency, date, sdr));
    const failed = measured.find((m) => !m.ok);
    if (failed && !failed.ok) {
      warnings.push(`${rule.label} ${number} not quoted: ${failed.message}`);
      continue;
    }
    const values = measured.map((m) => (m as { ok: true; value: Exact }).value);
    const worst = values.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
    const c = compare(worst, rule.ceiling);
    const within = rule.bound === 'le' ? c <= 0 : c < 0;
    const what = rule.per === 'consignment' ? 'consignment' : 'dearest item';
    const measuredText = `${what} ${twoDecimals(worst)} ${rule.currency}`;
    const boundText = `${rule.bound === 'le' ? '≤' : '<'} ${rule.ceilingText} ${rule.currency}`;
    if (!within) {
      warnings.push(
        `${rule.label} ${number} not quoted: ${measuredText} is not ${boundText} (the import tax is due at import)`,
      );
      continue;
    }
    return {
      reference: {
        label: rule.label,
        number,
        reason: `${rule.label}: ${measuredText} ${boundText}`,
      },
      warnings,
    };
  }
  return { reference: null, warnings };
}

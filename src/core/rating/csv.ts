import {
  type CountryCode,
  type CsvRow,
  csvField,
  type CurrencyCode,
  currencyMinorDigits,
  type Exact,
  err,
  formatDecimal,
  type InputIssue,
  isCountryCode,
  isCurrencyCode,
  majorTextToExactMinor,
  ok,
  parseCsvTable,
  type Result,
} from '../shared/index.ts';
import type { DestinationRates, RateCard, StepRates, WeightBand, ZoneRule } from './types.ts';
import { normalizePostcode } from './zones.ts';

export const BANDED_COLUMNS = [
  'destination',
  'from_g',
  'to_g',
  'item_fee',
  'per_kg',
  'currency',
] as const;
export const STEP_COLUMNS = [
  'destination',
  'first_g',
  'first_price',
  'step_g',
  'step_price',
  'max_g',
  'currency',
] as const;
export const STEP_OPTIONAL_COLUMNS = ['over_max_per_kg'] as const;
export const ZONE_COLUMNS = ['zone', 'country', 'postcode_prefix'] as const;

/** No parcel service carries more than a tonne in one piece: heavier figures are typing errors. */
export const MAX_CARD_WEIGHT_G = 1_000_000;

class RowReader {
  readonly issues: InputIssue[] = [];
  private readonly row: CsvRow;
  constructor(row: CsvRow) {
    this.row = row;
  }
  fail(field: string, message: string): undefined {
    this.issues.push({ line: this.row.line, field, message });
    return undefined;
  }
  text(field: string): string {
    return this.row.fields[field] ?? '';
  }
  grams(field: string, opts: { blank?: 'allowed'; min?: number } = {}): number | null | undefined {
    const raw = this.text(field);
    if (raw === '') return opts.blank ? null : this.fail(field, 'is empty; expected whole grams');
    if (!/^\d+$/.test(raw)) return this.fail(field, `"${raw}" is not a whole number of grams`);
    const value = Number(raw);
    if (value > MAX_CARD_WEIGHT_G)
      return this.fail(field, `${value} g is beyond any parcel (over ${MAX_CARD_WEIGHT_G} g)`);
    if (opts.min !== undefined && value < opts.min)
      return this.fail(field, `must be at least ${opts.min} g, got ${value}`);
    return value;
  }
  amount(
    field: string,
    currency: CurrencyCode | undefined,
    opts: { blank?: 'allowed' } = {},
  ): Exact | null | undefined {
    const raw = this.text(field);
    if (raw === '')
      return opts.blank ? null : this.fail(field, 'is empty; expected a price such as 12.50');
    if (!currency) return undefined;
    const value = majorTextToExactMinor(raw, currency);
    if (!value)
      return this.fail(
        field,
        `"${raw}" is not a plain decimal price (write 12.50, no currency sign or exponent)`,
      );
    if (value.n < 0n) return this.fail(field, `must not be negative, got ${raw}`);
    return value;
  }
  currency(): CurrencyCode | undefined {
    const raw = this.text('currency').toUpperCase();
    if (!isCurrencyCode(raw))
      return this.fail('currency', `"${this.text('currency')}" is not an ISO 4217 currency code`);
    return raw;
  }
}

function missingColumns(header: readonly string[], required: readonly string[]): string[] {
  return required.filter((c) => !header.includes(c));
}

export interface ImportCardOptions {
  readonly id: string;
  /** When given, `destination` names a zone of this table; otherwise it is an ISO 3166 country code. */
  readonly zones?: readonly ZoneRule[] | null | undefined;
}

function checkBands(destination: string, bands: WeightBand[], issues: InputIssue[]): WeightBand[] {
  bands.sort((a, b) => a.fromG - b.fromG || (a.toG ?? Infinity) - (b.toG ?? Infinity));
  const first = bands[0]!;
  if (first.fromG !== 0) {
    issues.push({
      line: first.line ?? null,
      field: 'from_g',
      message: `${destination}: bands must start at 0 g (the first covers above ${first.fromG} g), so parcels up to ${first.fromG} g have no rate`,
    });
  }
  for (let i = 1; i < bands.length; i++) {
    const prev = bands[i - 1]!;
    const band = bands[i]!;
    const range = (b: WeightBand) => `(${b.fromG}, ${b.toG ?? '∞'}] g at line ${b.line}`;
    if (prev.toG === null) {
      issues.push({
        line: band.line ?? null,
        field: 'from_g',
        message: `${destination}: the open band ${range(prev)} (blank to_g) must be the last, but ${range(band)} follows it`,
      });
    } else if (band.fromG < prev.toG) {
      issues.push({
        line: band.line ?? null,
        field: 'from_g',
        message: `${destination}: band ${range(band)} overlaps ${range(prev)}`,
      });
    } else if (band.fromG > prev.toG) {
      issues.push({
        line: band.line ?? null,
        field: 'from_g',
        message: `${destination}: gap between ${prev.toG} g and ${band.fromG} g (after ${range(prev)}): weights in it have no rate`,
      });
    }
  }
  return bands;
}

/**
 * Reads a rate card from CSV: the banded shape (`destination,from_g,to_g,item_fee,per_kg,currency`;
 * a blank `to_g` on the last band prices every heavier weight) or the step shape
 * (`destination,first_g,first_price,step_g,step_price,max_g,currency[,over_max_per_kg]`).
 * Prices are in major units of the row's currency. Every bad row is reported with its line; no
 * partial card is returned.
 */
export function importRateCardCsv(
  text: string,
  options: ImportCardOptions,
): Result<RateCard, InputIssue[]> {
  const parsed = parseCsvTable(text);
  if (!parsed.ok) return err([parsed.issue]);
  const { header, rows } = parsed.table;
  const issues: InputIssue[] = [...parsed.table.issues];
  const shape: 'banded' | 'step' | undefined = header.includes('from_g')
    ? 'banded'
    : header.includes('first_g')
      ? 'step'
      : undefined;
  if (!shape) {
    return err([
      {
        line: 1,
        message: `unknown rate card shape: the header needs either ${BANDED_COLUMNS.join(',')} or ${STEP_COLUMNS.join(',')}; found ${header.join(',')}`,
      },
    ]);
  }
  const missing = missingColumns(header, shape === 'banded' ? BANDED_COLUMNS : STEP_COLUMNS);
  if (missing.length > 0) {
    return err([{ line: 1, message: `a ${shape} card needs the column(s) ${missing.join(', ')}` }]);
  }
  const zoneNames = options.zones ? new Set(options.zones.map((z) => z.zone)) : null;
  let cardCurrency: CurrencyCode | undefined;
  let cardCurrencyLine = 0;
  const bandsByDestination = new Map<string, WeightBand[]>();
  const steps = new Map<string, StepRates>();

  for (const row of rows) {
    const r = new RowReader(row);
    const destinationRaw = r.text('destination');
    let destination: string | undefined;
    if (destinationRaw === '') r.fail('destination', 'is empty');
    else if (zoneNames) {
      if (zoneNames.has(destinationRaw)) destination = destinationRaw;
      else
        r.fail(
          'destination',
          `"${destinationRaw}" is not a zone of the card's zone table (${[...zoneNames].join(', ')})`,
        );
    } else if (isCountryCode(destinationRaw.toUpperCase()))
      destination = destinationRaw.toUpperCase();
    else r.fail('destination', `"${destinationRaw}" is not an ISO 3166-1 alpha-2 country code`);

    const currency = r.currency();
    if (currency && cardCurrency && currency !== cardCurrency) {
      r.fail(
        'currency',
        `${currency} differs from the card's currency ${cardCurrency} (line ${cardCurrencyLine}); a card has one currency`,
      );
    }
    if (!cardCurrency && currency) {
      cardCurrency = currency;
      cardCurrencyLine = row.line;
    }

    if (shape === 'banded') {
      const fromG = r.grams('from_g');
      const toG = r.grams('to_g', { blank: 'allowed' });
      const itemFee = r.amount('item_fee', currency);
      const perKg = r.amount('per_kg', currency);
      if (typeof fromG === 'number' && typeof toG === 'number' && toG <= fromG) {
        r.fail('to_g', `${toG} g must be above from_g ${fromG} g`);
      }
      if (
        r.issues.length === 0 &&
        destination &&
        fromG != null &&
        toG !== undefined &&
        itemFee &&
        perKg
      ) {
        const list = bandsByDestination.get(destination) ?? [];
        list.push({ fromG, toG, itemFee, perKg, line: row.line });
        bandsByDestination.set(destination, list);
      }
    } else {
      const firstG = r.grams('first_g', { min: 1 });
      const firstPrice = r.amount('first_price', currency);
      const stepG = r.grams('step_g', { min: 1 });
      const stepPrice = r.amount('step_price', currency);
      const maxG = r.grams('max_g', { min: 1 });
      const overMaxPerKg = header.includes('over_max_per_kg')
        ? r.amount('over_max_per_kg', currency, { blank: 'allowed' })
        : null;
      if (typeof firstG === 'number' && typeof maxG === 'number' && maxG < firstG) {
        r.fail('max_g', `${maxG} g is below first_g ${firstG} g`);
      }
      if (destination && steps.has(destination)) {
        r.fail(
          'destination',
          `${destination} already has a row at line ${steps.get(destination)!.line}; a step card has one row per destination`,
        );
      }
      if (
        r.issues.length === 0 &&
        destination &&
        firstG &&
        firstPrice &&
        stepG &&
        stepPrice &&
        maxG &&
        overMaxPerKg !== undefined
      ) {
        steps.set(destination, {
          kind: 'step',
          firstG,
          firstPrice,
          stepG,
          stepPrice,
          maxG,
          overMaxPerKg,
          line: row.line,
        });
      }
    }
    issues.push(...r.issues);
  }

  const rates = new Map<string, DestinationRates>();
  for (const [destination, bands] of bandsByDestination) {
    rates.set(destination, { kind: 'banded', bands: checkBands(destination, bands, issues) });
  }
  for (const [destination, step] of steps) rates.set(destination, step);
  if (rows.length === 0) issues.push({ line: null, message: 'the card has no rows' });
  if (issues.length > 0 || !cardCurrency) return err(issues);
  return ok({ id: options.id, currency: cardCurrency, shape, rates, zones: options.zones ?? null });
}

/** Reads a zone table: `zone,country,postcode_prefix` (blank prefix = the whole country). */
export function importZonesCsv(text: string): Result<ZoneRule[], InputIssue[]> {
  const parsed = parseCsvTable(text);
  if (!parsed.ok) return err([parsed.issue]);
  const { header, rows } = parsed.table;
  const missing = missingColumns(header, ZONE_COLUMNS.slice(0, 2));
  if (missing.length > 0)
    return err([{ line: 1, message: `a zone table needs the column(s) ${missing.join(', ')}` }]);
  const issues: InputIssue[] = [...parsed.table.issues];
  const zones: ZoneRule[] = [];
  const seen = new Map<string, { zone: string; line: number }>();
  for (const row of rows) {
    const zone = row.fields.zone ?? '';
    const country = (row.fields.country ?? '').toUpperCase();
    const prefix = normalizePostcode(row.fields.postcode_prefix ?? '');
    if (zone === '') issues.push({ line: row.line, field: 'zone', message: 'is empty' });
    if (!isCountryCode(country)) {
      issues.push({
        line: row.line,
        field: 'country',
        message: `"${row.fields.country}" is not an ISO 3166-1 alpha-2 country code`,
      });
      continue;
    }
    const key = `${country}:${prefix}`;
    const before = seen.get(key);
    if (before && before.zone !== zone) {
      issues.push({
        line: row.line,
        field: 'postcode_prefix',
        message: `${country} ${prefix || '(whole country)'} is already in zone ${before.zone} at line ${before.line}`,
      });
      continue;
    }
    seen.set(key, { zone, line: row.line });
    if (zone !== '') zones.push({ zone, country: country as CountryCode, postcodePrefix: prefix });
  }
  return issues.length > 0 ? err(issues) : ok(zones);
}

function major(value: Exact, currency: CurrencyCode): string {
  const digits = BigInt(currencyMinorDigits(currency) ?? 2);
  return formatDecimal({ n: value.n, d: value.d * 10n ** digits }, 18);
}

/** Writes a card back in the CSV shape it was read from; importing the result prices identically. */
export function exportRateCardCsv(card: RateCard): string {
  const lines: string[] = [];
  const keys = [...card.rates.keys()].sort();
  if (card.shape === 'banded') {
    lines.push(BANDED_COLUMNS.join(','));
    for (const key of keys) {
      const rates = card.rates.get(key)!;
      if (rates.kind !== 'banded') continue;
      for (const b of rates.bands) {
        lines.push(
          [
            csvField(key),
            b.fromG,
            b.toG ?? '',
            major(b.itemFee, card.currency),
            major(b.perKg, card.currency),
            card.currency,
          ].join(','),
        );
      }
    }
  } else {
    lines.push([...STEP_COLUMNS, ...STEP_OPTIONAL_COLUMNS].join(','));
    for (const key of keys) {
      const s = card.rates.get(key)!;
      if (s.kind !== 'step') continue;
      lines.push(
        [
          csvField(key),
          s.firstG,
          major(s.firstPrice, card.currency),
          s.stepG,
          major(s.stepPrice, card.currency),
          s.maxG,
          card.currency,
          s.overMaxPerKg ? major(s.overMaxPerKg, card.currency) : '',
        ].join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}

export function exportZonesCsv(zones: readonly ZoneRule[]): string {
  return (
    [
      ZONE_COLUMNS.join(','),
      ...zones.map((z) => [csvField(z.zone), z.country, z.postcodePrefix].join(',')),
    ].join('\n') + '\n'
  );
}

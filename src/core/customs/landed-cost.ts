import {
  add,
  compare,
  type CountryCode,
  currencyMinorDigits,
  type CurrencyCode,
  err,
  type Exact,
  formatDecimal,
  formatMajor,
  isCountryCode,
  isCurrencyCode,
  type Money,
  mul,
  ok,
  parseDateOrInstant,
  type Result,
  roundToMinorUnits,
  ZERO,
  zoneOffsetMs,
} from '../shared/index.ts';
import type {
  Amount,
  Basis,
  Compute,
  CustomsRules,
  DestinationRules,
  Group,
  Rate,
  Rule,
  Tariff,
  TariffRow,
} from './customs-rules.ts';
import { checkHsCode, formatHsCode, normalizeHsCode } from './hs.ts';
import {
  CHANNELS,
  type Channel,
  type PostalDutyMethod,
  REGISTRATIONS,
  type RegistrationKey,
} from './rules-schema.ts';
import { usDutyCents } from './us-duty-rate.ts';

/*
 * Landed cost: the duties, taxes and fees a consignment meets at its destination's border on its
 * import date, each line naming the dated rule that produced it. Pure and fast: the rules come
 * precompiled (customs-rules.ts); a call converts the input to the destination currency at the
 * dated rate (exactly), evaluates each group of alternative rules in order (the first in force whose
 * conditions hold applies) and rounds each line once, at roundToMinorUnits. Amounts in and out are
 * integer minor units.
 */

export type Incoterm = 'DDP' | 'DAP';
export type Payer = 'seller' | 'buyer';

/** Integer minor units of an ISO 4217 currency (checked by the engine). */
export interface MoneyInput {
  readonly amount: number;
  readonly currency: string;
}

export interface LandedCostItem {
  /** 6-digit HS subheading or a national line (8-digit EU CN, 10-digit US HTS …). */
  readonly hsCode: string;
  readonly description: string;
  readonly quantity: number;
  /** Value of one unit (the price paid), integer minor units. */
  readonly unitValue: MoneyInput;
  readonly originCountry: string | null | undefined;
  /** Net weight of the item line (all its units), grams. */
  readonly weightG: number;
}

/** The seller's registrations; a registration counts when it is a non-empty string or true. */
export type Registrations = Partial<Record<RegistrationKey, string | boolean | null | undefined>>;

export interface LandedCostInput {
  readonly destination: string;
  /** ISO 3166-2 (e.g. "CA-ON", "BR-SP"), where a tax depends on it. */
  readonly destinationRegion?: string | null | undefined;
  /** A date (local midnight at the destination) or an ISO 8601 instant with offset, or epoch ms. */
  readonly importDate: string | number;
  readonly incoterm: Incoterm;
  /** 'freight' is a commercial (B2B) import: no low-value relief applies. Default 'courier'. */
  readonly channel?: Channel | undefined;
  readonly items: readonly LandedCostItem[];
  /** Transport to the buyer, as charged; part of CIF values. */
  readonly shipping: MoneyInput;
  readonly insurance?: MoneyInput | null | undefined;
  readonly registrations?: Registrations | null | undefined;
  /** The country the consignment is shipped from (default CN). */
  readonly shipFromCountry?: string | undefined;
  /** A bona fide gift (person to person). */
  readonly gift?: boolean | undefined;
  /** Gross weight of the consignment; the items' weights summed when absent. */
  readonly grossWeightG?: number | undefined;
  /** US postal items during the 2025–26 transition: the method the qualified party elects. */
  readonly postalDutyMethod?: PostalDutyMethod | undefined;
}

export interface LandedCostLine {
  readonly kind: 'duty' | 'tax' | 'fee';
  readonly name: string;
  /** Minor units of the destination's currency. */
  readonly amount: Money;
  readonly payer: Payer;
  readonly rule: string;
  readonly source: string;
  readonly group: string;
  readonly collectedAt: 'sale' | 'import';
  /** The item line (0-based) the line is for; null for a consignment line. */
  readonly item: number | null;
}

export interface LandedCostUnknown {
  readonly rule: string | null;
  readonly item: number | null;
  readonly message: string;
}

export interface LandedCostAlternative {
  readonly rule: string;
  readonly name: string;
  readonly amount: Money;
  /** The rule applied instead. */
  readonly instead: string;
}

export interface AppliedRule {
  readonly id: string;
  readonly name: string;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly source: string;
}

export interface LandedCost {
  readonly destination: CountryCode;
  readonly regime: string;
  readonly currency: CurrencyCode;
  /** The import date at the destination (YYYY-MM-DD): the day the rules and the exchange rate are taken for. */
  readonly importDate: string;
  readonly incoterm: Incoterm;
  readonly channel: Channel;
  /** The consignment's values in the destination currency at the dated rate. */
  readonly valuation: {
    readonly goods: Money;
    readonly shipping: Money;
    readonly insurance: Money;
    readonly cif: Money;
    readonly grossWeightG: number;
  };
  readonly lines: readonly LandedCostLine[];
  readonly totals: { readonly seller: Money; readonly buyer: Money; readonly total: Money };
  /** Duty, tax and state charges collected at the border (what the integrator advances under DDP). */
  readonly collectedAtImport: Money;
  readonly warnings: readonly string[];
  /** What could not be computed: the totals leave it out, never count it as zero. */
  readonly unknowns: readonly LandedCostUnknown[];
  readonly rulesApplied: readonly AppliedRule[];
  readonly alternatives: readonly LandedCostAlternative[];
  /** DAP with charges due at the door: a known cause of refused parcels. */
  readonly refusalRisk: boolean;
}

export type LandedCostFailure =
  | { readonly tag: 'no-rule-for-destination'; readonly field: string; readonly message: string }
  | { readonly tag: 'no-rule-in-force'; readonly field: string; readonly message: string }
  | { readonly tag: 'no-fx-rate'; readonly field: string; readonly message: string }
  | { readonly tag: 'unknown-hs-code'; readonly field: string; readonly message: string }
  | { readonly tag: 'missing-origin-country'; readonly field: string; readonly message: string }
  | { readonly tag: 'unknown-currency'; readonly field: string; readonly message: string }
  | { readonly tag: 'bad-input'; readonly field: string; readonly message: string };

/** Failures that mean the input is wrong (exit 2, HTTP 400); the others mean "cannot be done". */
export function isBadInputFailure(f: LandedCostFailure): boolean {
  return (
    f.tag === 'bad-input' ||
    f.tag === 'unknown-hs-code' ||
    f.tag === 'missing-origin-country' ||
    f.tag === 'unknown-currency'
  );
}

// ---------------------------------------------------------------------------------------------
// Exact helpers.

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  // Most terms fit in 53 bits: Euclid on doubles is exact there and far cheaper than on bigints.
  if (a <= SAFE && b <= SAFE) {
    let x = Number(a);
    let y = Number(b);
    while (y !== 0) [x, y] = [y, x % y];
    return BigInt(x);
  }
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Reduces a fraction: the products of FX rates, shares and rates would otherwise grow without end. */
function norm(x: Exact): Exact {
  if (x.d === 1n) return x;
  const g = gcd(x.n, x.d);
  return g > 1n ? { n: x.n / g, d: x.d / g } : x;
}

const sub = (a: Exact, b: Exact): Exact => add(a, { n: -b.n, d: b.d });
const max = (a: Exact, b: Exact): Exact => (compare(a, b) >= 0 ? a : b);
/** A rate as a percentage for line names ("12", "25.5"); rates are decimals, so this terminates. */
const pct = (rate: Exact): string => {
  try {
    return formatDecimal(mul(rate, { n: 100n, d: 1n }), 6);
  } catch {
    return (Number((rate.n * 10000n) / rate.d) / 100).toString();
  }
};

// ---------------------------------------------------------------------------------------------
// Per-call state.

interface Item {
  readonly index: number;
  readonly hs: string;
  readonly description: string;
  readonly quantity: number;
  readonly origin: string;
  readonly weightG: number;
  /** Exact minor units of the destination currency. */
  readonly goods: Exact;
  readonly shipping: Exact;
  readonly insurance: Exact;
}

interface Part {
  readonly name: string;
  readonly exact: Exact;
  readonly item: number | null;
  readonly source?: string;
}

interface Computed {
  readonly parts: Part[];
  readonly unknowns: LandedCostUnknown[];
  readonly warnings: string[];
}

interface Call {
  readonly rules: CustomsRules;
  readonly dest: DestinationRules;
  readonly input: LandedCostInput;
  readonly atMs: number;
  /** The calendar day of import at the destination (customs exchange rates are per day). */
  readonly day: Day;
  readonly currency: CurrencyCode;
  readonly channel: Channel;
  readonly items: readonly Item[];
  readonly shipping: Exact;
  readonly insurance: Exact;
  readonly weightG: number;
  readonly registrations: ReadonlySet<RegistrationKey>;
  readonly postalDutyMethod: PostalDutyMethod;
  readonly factors: Map<string, Exact>;
  readonly bases: Map<Basis, Exact>;
  /** Rule amounts (thresholds, fixed fees) converted to the destination currency, per call. */
  readonly amounts: Map<Amount, Exact>;
  readonly lines: LandedCostLine[];
  /** Rounded amounts per group so far, for bases (VAT on CIF + duty) and fee conditions. */
  readonly groupTotals: Map<string, Exact>;
  importCharges: Exact;
}

type Fail = LandedCostFailure;
const fail = (tag: Fail['tag'], field: string, message: string): Result<never, Fail> =>
  err({ tag, field, message } as Fail);

const inForce = (r: { fromMs: number; toMs: number | null }, at: number): boolean =>
  r.fromMs <= at && (r.toMs === null || at < r.toMs);

function perUnitAt(rules: CustomsRules, currency: string, at: number): Exact | undefined {
  if (currency === rules.fx.base) return { n: 1n, d: 1n };
  const list = rules.fx.byCurrency.get(currency);
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.validFromMs <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const r = list[found]!;
  return r.validToMs === null || at < r.validToMs ? r.perUnit : undefined;
}

/** The exact factor turning minor units of `from` into minor units of `to` at an instant. */
export function customsFxFactor(
  rules: CustomsRules,
  from: string,
  to: string,
  atMs: number,
): Exact | undefined {
  if (from === to) return { n: 1n, d: 1n };
  const f = perUnitAt(rules, from, atMs);
  const t = perUnitAt(rules, to, atMs);
  if (!f || !t) return undefined;
  const fd = BigInt(currencyMinorDigits(from) ?? 2);
  const td = BigInt(currencyMinorDigits(to) ?? 2);
  return norm({ n: f.n * t.d * 10n ** td, d: f.d * t.n * 10n ** fd });
}

function factor(call: Call, currency: string): Exact {
  let f = call.factors.get(currency);
  if (!f) {
    // Customs exchange rates are published per calendar day: the destination's day of import.
    f = customsFxFactor(call.rules, currency, call.currency, call.day.utcMs);
    // Amounts in rule files are checked at load; a currency without a rate at this date is a data gap.
    if (!f) throw new MissingFx(currency);
    call.factors.set(currency, f);
  }
  return f;
}

class MissingFx extends Error {
  readonly currency: string;
  constructor(currency: string) {
    super(currency);
    this.currency = currency;
  }
}

/** An amount of a rule (major units) in exact minor units of the destination currency. */
function toDest(call: Call, a: Amount): Exact {
  let v = call.amounts.get(a);
  if (!v) {
    const digits = BigInt(currencyMinorDigits(a.currency) ?? 2);
    v = norm(mul({ n: a.major.n * 10n ** digits, d: a.major.d }, factor(call, a.currency)));
    call.amounts.set(a, v);
  }
  return v;
}

function itemBasis(b: Basis, it: Item): Exact {
  let v = mul(b.goodsFactor, it.goods);
  if (b.shipping) v = add(v, it.shipping);
  if (b.insurance) v = add(v, it.insurance);
  return norm(v);
}

function consignmentBasis(b: Basis, items: readonly Item[]): Exact {
  let v: Exact = ZERO;
  for (const it of items) v = add(v, itemBasis(b, it));
  return norm(v);
}

/** The consignment's value on a basis, computed once per call (rules share a few bases). */
function callBasis(call: Call, b: Basis): Exact {
  let v = call.bases.get(b);
  if (!v) {
    v = consignmentBasis(b, call.items);
    call.bases.set(b, v);
  }
  return v;
}

function money(call: Call, x: Exact): Money {
  // Rounding is exact on any fraction: no reduction needed first.
  return roundToMinorUnits(x, call.currency);
}

function fmt(m: Money): string {
  return `${m.currency} ${formatMajor(m)}`;
}

function fmtExact(call: Call, x: Exact): string {
  return fmt(money(call, x));
}

interface Day {
  /** YYYY-MM-DD at the destination. */
  readonly text: string;
  /** UTC midnight of that date: the unit rule dates are compiled to. */
  readonly utcMs: number;
}

// ---------------------------------------------------------------------------------------------
// Conditions.

function matches(call: Call, rule: Rule): boolean {
  const w = rule.when;
  const input = call.input;
  if (w.channel && !w.channel.has(call.channel)) return false;
  if (w.incoterm && w.incoterm !== input.incoterm) return false;
  if (w.destinations && !w.destinations.has(call.dest.country)) return false;
  if (w.registration && !call.registrations.has(w.registration)) return false;
  if (w.withoutRegistration && call.registrations.has(w.withoutRegistration)) return false;
  if (w.gift !== null && (input.gift ?? false) !== w.gift) return false;
  if (w.postalDutyMethod && w.postalDutyMethod !== call.postalDutyMethod) return false;
  if (w.shipFrom && !w.shipFrom.has(input.shipFromCountry ?? 'CN')) return false;
  if (w.originsAllIn && !call.items.every((i) => w.originsAllIn!.has(i.origin))) return false;
  if (w.originsAnyIn && !call.items.some((i) => w.originsAnyIn!.has(i.origin))) return false;
  if (w.originsNoneIn && call.items.some((i) => w.originsNoneIn!.has(i.origin))) return false;
  if (w.anyHsPrefix && !call.items.some((i) => w.anyHsPrefix!.some((p) => i.hs.startsWith(p))))
    return false;
  if (w.importCharges && call.importCharges.n <= 0n) return false;
  if (w.weight) {
    if (w.weight.atMostG !== null && call.weightG > w.weight.atMostG) return false;
    if (w.weight.aboveG !== null && call.weightG <= w.weight.aboveG) return false;
  }
  if (w.value) {
    const { basis, atMost, above, per } = w.value;
    // Per consignment: the total. Per line or unit: the largest one decides both bounds (every one
    // within atMost; one above `above`).
    let v: Exact;
    if (per === 'consignment') v = callBasis(call, basis);
    else {
      v = ZERO;
      for (const it of call.items) {
        const line = itemBasis(basis, it);
        const each = per === 'unit' ? norm({ n: line.n, d: line.d * BigInt(it.quantity) }) : line;
        if (compare(each, v) > 0) v = each;
      }
    }
    if (atMost && compare(v, toDest(call, atMost)) > 0) return false;
    if (above && compare(v, toDest(call, above)) <= 0) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Components: each turns a rule and the consignment into parts (amounts before rounding), unknowns
// and warnings, with no side effects (so a `compareWith` alternative can be computed too).

function resolveRate(
  call: Call,
  rate: Rate,
): { rate: Exact; text: string; source: string | null } | undefined {
  if ('fixed' in rate) return { rate: rate.fixed, text: rate.text, source: null };
  const region = call.input.destinationRegion
    ? call.dest.regions.get(call.input.destinationRegion)
    : undefined;
  for (const params of [region?.params, call.dest.params]) {
    const p = params?.get(rate.param)?.find((v) => inForce(v, call.atMs));
    if (p) return { rate: p.rate, text: p.text, source: p.source };
  }
  return undefined;
}

function tariffRow(tariff: Tariff, it: Item, at: number): TariffRow | undefined {
  for (const r of tariff.rows) {
    if (!inForce(r, at)) continue;
    if (r.origins && !r.origins.has(it.origin)) continue;
    if (it.hs.startsWith(r.hs)) return r;
  }
  return undefined;
}

/** The HTS lines an item's code stands for: itself when 10 digits, else the lines under it. */
function htsLinesOf(call: Call, it: Item): readonly string[] {
  const hts = call.rules.usHts;
  if (!hts) return [];
  if (it.hs.length === 10) return hts.table.lines.has(it.hs) ? [it.hs] : [];
  return hts.under.get(it.hs) ?? [];
}

/** The one HTS line an item stands for (itself, or all lines under its code when they agree). */
function usHtsLineOf(
  call: Call,
  it: Item,
):
  | { ok: true; code: string; rateText: string | null; refs: readonly string[]; lines: number }
  | { ok: false; reason: string } {
  const hts = call.rules.usHts!;
  const lines = htsLinesOf(call, it);
  if (lines.length === 0)
    return { ok: false, reason: `HS ${formatHsCode(it.hs)} has no line in the US HTS table` };
  const first = hts.table.lines.get(lines[0]!)!;
  for (const code of lines.slice(1)) {
    const l = hts.table.lines.get(code)!;
    if (l.rateText !== first.rateText || l.ch99Refs.join(';') !== first.ch99Refs.join(';'))
      return {
        ok: false,
        reason: `the HTS lines under ${formatHsCode(it.hs)} differ in rate or Chapter 99 references (e.g. ${formatHsCode(first.hts10)} "${first.rateText ?? 'none'}", ${formatHsCode(l.hts10)} "${l.rateText ?? 'none'}"): give the 10-digit HTS number`,
      };
  }
  return {
    ok: true,
    code: lines.length === 1 ? first.hts10 : it.hs,
    rateText: first.rateText,
    refs: first.ch99Refs,
    lines: lines.length,
  };
}

function computeUsTariff(
  call: Call,
  rule: Rule,
  c: Extract<Compute, { kind: 'tariff' }>,
  out: Computed,
): void {
  const hts = call.rules.usHts;
  const fallback = c.fallback ? call.dest.tariffs.get(c.fallback) : undefined;
  for (const it of call.items) {
    const label = `${formatHsCode(it.hs)} (${it.description})`;
    if (!hts) {
      out.unknowns.push({
        rule: rule.id,
        item: it.index,
        message: `no US HTS table is loaded: duty on ${label} unknown`,
      });
      continue;
    }
    const line = usHtsLineOf(call, it);
    if (!line.ok) {
      out.unknowns.push({
        rule: rule.id,
        item: it.index,
        message: `US duty on ${label} unknown: ${line.reason}`,
      });
      continue;
    }
    if (it.hs.length < 10)
      out.warnings.push(
        line.lines === 1
          ? `HS ${formatHsCode(it.hs)} is not a 10-digit HTS number: its only HTS line, ${formatHsCode(line.code)}, is used`
          : `HS ${formatHsCode(it.hs)} is not a 10-digit HTS number: all ${line.lines} HTS lines under it carry the rate "${line.rateText ?? 'none'}", which is used`,
      );
    if (line.rateText === null) {
      const row = fallback ? tariffRow(fallback, it, call.atMs) : undefined;
      if (!row) {
        out.unknowns.push({
          rule: rule.id,
          item: it.index,
          message: `no duty rate known for HS ${formatHsCode(it.hs)} in the US HTS table (its line and 8-digit subheading carry none)`,
        });
        continue;
      }
      out.parts.push({
        name: `${rule.name} ${label}: ${pct(row.rate)}% [HTS ${formatHsCode(row.hs)}, ${fallback!.name}]`,
        exact: mul(row.rate, itemBasis(c.basis, it)),
        item: it.index,
        source: row.source,
      });
      continue;
    }
    const parsed = hts.rates.get(line.rateText)!;
    const usd = factor(call, 'USD');
    // The HTS computes in US cents: the value goes to USD, the duty comes back.
    const valueCents = norm(mul(itemBasis(c.basis, it), { n: usd.d, d: usd.n }));
    const duty = usDutyCents(parsed, { valueCents, quantity: it.quantity, weightG: it.weightG });
    if (!duty.ok) {
      out.unknowns.push({
        rule: rule.id,
        item: it.index,
        message: `US duty on ${label} unknown: ${duty.reason}`,
      });
      continue;
    }
    if (parsed.kind === 'duty' && parsed.specific.some((s) => s.unit === 'pair'))
      out.warnings.push(
        `the HTS rate of ${label} is per pair: the quantity ${it.quantity} is counted as pairs`,
      );
    out.parts.push({
      name: `${rule.name} ${label}: ${line.rateText}`,
      exact: mul(duty.cents, usd),
      item: it.index,
    });
  }
}

function computeTariff(
  call: Call,
  rule: Rule,
  c: Extract<Compute, { kind: 'tariff' }>,
  out: Computed,
): void {
  if (c.tariff === 'us-hts') return computeUsTariff(call, rule, c, out);
  const tariff = call.dest.tariffs.get(c.tariff)!;
  for (const it of call.items) {
    const row = tariffRow(tariff, it, call.atMs);
    if (!row) {
      out.unknowns.push({
        rule: rule.id,
        item: it.index,
        message: `no duty rate known for HS ${it.hs} in ${tariff.name} (${it.description})`,
      });
      continue;
    }
    out.parts.push({
      name: `${rule.name} ${formatHsCode(it.hs)} (${it.description}) ${pct(row.rate)}% of ${c.basis.label}${row.hs === '' ? '' : ` [HS ${row.hs}…]`}${row.origins ? ` [preference for origin ${it.origin}]` : ''}`,
      exact: mul(row.rate, itemBasis(c.basis, it)),
      item: it.index,
      source: row.source,
    });
  }
}

function computeChapter99(
  call: Call,
  rule: Rule,
  c: Extract<Compute, { kind: 'chapter99' }>,
  out: Computed,
): void {
  for (const it of call.items) {
    if (!c.origins.has(it.origin)) continue;
    const label = `${formatHsCode(it.hs)} (${it.description})`;
    const line = call.rules.usHts
      ? usHtsLineOf(call, it)
      : { ok: false as const, reason: 'no US HTS table is loaded' };
    if (!line.ok) {
      out.unknowns.push({
        rule: rule.id,
        item: it.index,
        message: `${rule.name} on ${label} unknown: ${line.reason}`,
      });
      continue;
    }
    if (line.refs.length === 0) {
      // The table leaves both the rate and the Chapter 99 references blank on most lines whose rate
      // sits on the 8-digit subheading: no reference there is missing data, not "no duty".
      if (line.rateText === null)
        out.unknowns.push({
          rule: rule.id,
          item: it.index,
          message: `${rule.name} on ${label} unknown: the HTS table lists neither a rate nor Chapter 99 references for ${formatHsCode(line.code)} (most goods of China bear 7.5 % or 25 %)`,
        });
      else
        out.warnings.push(
          `no ${rule.name} heading is listed for HTS ${formatHsCode(line.code)} (${it.description}) in the table: none charged`,
        );
      continue;
    }
    let best: (typeof c.table)[number] | undefined;
    let exclusionOnly: string | undefined;
    for (const ref of line.refs) {
      const held = c.table.filter((r) => r.heading === ref);
      if (held.length === 0) {
        if (/^9903\.(88|91)\./.test(ref))
          out.unknowns.push({
            rule: rule.id,
            item: it.index,
            message: `${rule.name}: heading ${ref} listed for HTS ${formatHsCode(line.code)} is not held; its duty on ${label} is unknown`,
          });
        else
          out.warnings.push(
            `Chapter 99 measure ${ref} listed for HTS ${formatHsCode(line.code)} (${it.description}) is not included`,
          );
        continue;
      }
      const row = held.find((r) => inForce(r, call.atMs));
      if (!row) continue;
      if (row.exclusion) {
        exclusionOnly = ref;
        out.warnings.push(
          `${row.name} (${ref}) is listed for HTS ${formatHsCode(line.code)}: if ${it.description} matches the exclusion's description, no ${rule.name} duty applies (charged here if a list heading applies)`,
        );
        continue;
      }
      // A later action on the same goods replaces the earlier list rate; they do not stack.
      if (!best || compare(row.rate, best.rate) > 0) best = row;
    }
    if (!best && exclusionOnly)
      out.unknowns.push({
        rule: rule.id,
        item: it.index,
        message: `${rule.name} on ${label} unknown: only the exclusion heading ${exclusionOnly} is listed for HTS ${formatHsCode(line.code)}, not the list it excludes from (goods not matching the exclusion bear 7.5 % or 25 %)`,
      });
    if (best)
      out.parts.push({
        name: `${best.name} (${best.heading}) ${label}: ${pct(best.rate)}%`,
        exact: mul(best.rate, itemBasis(c.basis, it)),
        item: it.index,
        source: best.source,
      });
  }
}

function originRate(
  table: Extract<Compute, { kind: 'origin-rate' }>['table'],
  origin: string,
  at: number,
) {
  return table.find((r) => r.origins.has(origin) && inForce(r, at));
}

function compute(call: Call, rule: Rule): Computed {
  const out: Computed = { parts: [], unknowns: [], warnings: [] };
  const c = rule.compute;
  switch (c.kind) {
    case 'exemption':
    case 'warning':
      if (c.kind === 'warning') out.warnings.push(c.message);
      return out;
    case 'unknown':
      out.unknowns.push({ rule: rule.id, item: null, message: c.message });
      return out;
    case 'tariff':
      computeTariff(call, rule, c, out);
      return out;
    case 'chapter99':
      computeChapter99(call, rule, c, out);
      return out;
    case 'origin-rate':
      for (const it of call.items) {
        const row = originRate(c.table, it.origin, call.atMs);
        if (!row) {
          out.unknowns.push({
            rule: rule.id,
            item: it.index,
            message: `${rule.name}: no rate held for origin ${it.origin} (${it.description})`,
          });
          continue;
        }
        out.parts.push({
          name: `${rule.name} ${formatHsCode(it.hs)} (${it.description}), origin ${it.origin}: ${pct(row.rate)}%`,
          exact: mul(row.rate, itemBasis(c.basis, it)),
          item: it.index,
          source: row.source,
        });
      }
      return out;
    case 'origin-level-specific': {
      let highest: Exact | undefined;
      for (const it of call.items) {
        const row = originRate(c.table, it.origin, call.atMs);
        if (!row) {
          out.unknowns.push({
            rule: rule.id,
            item: it.index,
            message: `${rule.name}: no rate held for origin ${it.origin}, so the level of the specific duty is unknown`,
          });
          return out;
        }
        if (!highest || compare(row.rate, highest) > 0) highest = row.rate;
      }
      const level = c.levels.find(
        (l) =>
          (l.rateBelow === null || compare(highest!, l.rateBelow) < 0) &&
          (l.rateAtMost === null || compare(highest!, l.rateAtMost) <= 0),
      );
      if (!level) {
        out.unknowns.push({
          rule: rule.id,
          item: null,
          message: `${rule.name}: no level for an origin rate of ${pct(highest!)}%`,
        });
        return out;
      }
      out.parts.push({
        name: `${rule.name}: ${level.amount.text} per item (origin rate ${pct(highest!)}%)`,
        exact: toDest(call, level.amount),
        item: null,
      });
      return out;
    }
    case 'flat-per-subheading': {
      const subheadings = new Set(call.items.map((i) => i.hs.slice(0, c.digits)));
      out.parts.push({
        name: `${rule.name}: ${subheadings.size} × ${c.amount.text} (${[...subheadings].map(formatHsCode).join(', ')})`,
        exact: mul({ n: BigInt(subheadings.size), d: 1n }, toDest(call, c.amount)),
        item: null,
      });
      return out;
    }
    case 'excess': {
      const v = callBasis(call, c.basis);
      const excessValue = max(ZERO, sub(v, toDest(call, c.threshold)));
      const excessKg: Exact = {
        n: BigInt(Math.max(0, call.weightG - c.weightThresholdG)),
        d: 1000n,
      };
      const byValue = mul(c.rate, excessValue);
      const byWeight = mul(excessKg, toDest(call, c.minimumPerKg));
      out.parts.push({
        name: `${rule.name}: ${pct(c.rate)}% of ${c.basis.label} over ${c.threshold.text}, at least ${c.minimumPerKg.text}/kg over ${c.weightThresholdG / 1000} kg`,
        exact: max(byValue, byWeight),
        item: null,
      });
      return out;
    }
    case 'banded': {
      const v = callBasis(call, c.basis);
      const band = c.bands.find(
        (b) => b.atMost === null || compare(v, toDest(call, b.atMost)) <= 0,
      )!;
      let amount = mul(band.rate, v);
      if (band.deduction) amount = max(ZERO, sub(amount, toDest(call, band.deduction)));
      out.parts.push({
        name: `${rule.name}: ${pct(band.rate)}% of ${c.basis.label}${band.deduction ? ` less ${band.deduction.text}` : ''}${band.atMost ? ` (value ≤ ${band.atMost.text})` : ''}`,
        exact: amount,
        item: null,
      });
      return out;
    }
    case 'ad-valorem': {
      const rate = resolveRate(call, c.rate);
      if (!rate) {
        out.unknowns.push({
          rule: rule.id,
          item: null,
          message: `${rule.name}: no rate "${'param' in c.rate ? c.rate.param : ''}" in force for ${call.dest.country}`,
        });
        return out;
      }
      const items = c.origins ? call.items.filter((i) => c.origins!.has(i.origin)) : call.items;
      if (c.per === 'consignment') {
        if (items.length > 0)
          out.parts.push({
            name: `${rule.name} ${pct(rate.rate)}% of ${c.basis.label}`,
            exact: mul(rate.rate, consignmentBasis(c.basis, items)),
            item: null,
          });
      } else
        for (const it of items)
          out.parts.push({
            name: `${rule.name} ${formatHsCode(it.hs)} (${it.description}): ${pct(rate.rate)}%`,
            exact: mul(rate.rate, itemBasis(c.basis, it)),
            item: it.index,
          });
      return out;
    }
    case 'tax': {
      const rate = resolveRate(call, c.rate);
      if (!rate) {
        out.unknowns.push({
          rule: rule.id,
          item: null,
          message: `${rule.name}: no rate "${'param' in c.rate ? c.rate.param : ''}" in force for ${call.dest.country}${call.input.destinationRegion ? ` (${call.input.destinationRegion})` : ''}`,
        });
        return out;
      }
      let base = callBasis(call, c.basis);
      for (const g of c.plusGroups) base = add(base, call.groupTotals.get(g) ?? ZERO);
      const amount = c.grossUp
        ? mul(base, { n: rate.rate.n * rate.rate.d, d: rate.rate.d * (rate.rate.d - rate.rate.n) })
        : mul(rate.rate, base);
      const plus = c.plusGroups.filter((g) => call.groupTotals.has(g));
      out.parts.push({
        name: `${rule.name} ${pct(rate.rate)}% of ${c.basis.label}${plus.length > 0 ? ` + ${plus.join(' + ')}` : ''} (${fmtExact(call, base)})${c.grossUp ? ', tax included in its base' : ''}`,
        exact: amount,
        item: null,
        ...(rate.source ? { source: `${rule.source}; rate: ${rate.source}` } : {}),
      });
      return out;
    }
    case 'fixed':
      out.parts.push({
        name: `${rule.name} (${c.amount.text})`,
        exact: toDest(call, c.amount),
        item: null,
      });
      return out;
    case 'charges-percent': {
      let amount = mul(c.rate, call.importCharges);
      if (c.minimum) amount = max(amount, toDest(call, c.minimum));
      if (c.maximum) {
        const m = toDest(call, c.maximum);
        if (compare(amount, m) > 0) amount = m;
      }
      out.parts.push({
        name: `${rule.name}: ${pct(c.rate)}% of ${fmtExact(call, call.importCharges)} collected at import${c.minimum ? `, at least ${c.minimum.text}` : ''}${c.maximum ? `, at most ${c.maximum.text}` : ''}`,
        exact: amount,
        item: null,
      });
      return out;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Input checks.

const hsChecks = new WeakMap<CustomsRules, Map<string, string | null>>();

/** Null when the code is acceptable for the destination, else the reason. Cached per rules. */
function hsProblem(rules: CustomsRules, code: string, country: string): string | null {
  let cache = hsChecks.get(rules);
  if (!cache) hsChecks.set(rules, (cache = new Map()));
  const key = `${country}|${code}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let problem: string | null = null;
  if (rules.nomenclature) {
    // The US table is passed for national lines only: for a 6-digit code the check would list them all.
    const check = checkHsCode(rules.nomenclature, code, {
      country,
      usHts: code.length >= 8 ? (rules.usHts?.table ?? undefined) : undefined,
    });
    if (!check.ok) problem = check.message;
  } else if (!/^\d{6}(\d{2}){0,2}$/.test(code))
    problem = `"${code}" is not an HS code of 6, 8 or 10 digits`;
  if (cache.size > 50_000) cache.clear();
  cache.set(key, problem);
  return problem;
}

const days = new Map<string, Day | null>();
const offsets = new Map<string, number>();
const QUARTER_HOUR_MS = 900_000;
const DAY_MS = 86_400_000;

/**
 * The destination's day of an instant (the planner passes epoch ms). Zone offsets change only on
 * quarter hours, so the offset is looked up once per zone and quarter hour, not per instant.
 */
function dayOfInstant(atMs: number, zone: string): Day {
  const bucket = Math.floor(atMs / QUARTER_HOUR_MS);
  const key = `${zone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = zoneOffsetMs(bucket * QUARTER_HOUR_MS, zone);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  const utcMs = Math.floor((atMs + offset) / DAY_MS) * DAY_MS;
  return { text: new Date(utcMs).toISOString().slice(0, 10), utcMs };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The calendar day of import at the destination. A date names its day itself (and is checked to
 * exist); an instant's day comes from the destination's zone. Cached per zone and text.
 */
function importDay(input: string | number, zone: string): Day | undefined {
  const key = `${zone}|${input}`;
  const hit = days.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let day: Day | null = null;
  if (typeof input === 'number') {
    if (Number.isFinite(input)) return dayOfInstant(input, zone);
  } else {
    const text = input.trim();
    const date = ISO_DATE.exec(text);
    if (date) {
      const utcMs = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
      // 2026-02-30 does not exist: Date.UTC would roll it over to March.
      if (new Date(utcMs).toISOString().slice(0, 10) === text) day = { text, utcMs };
    } else {
      const atMs = parseDateOrInstant(text, zone);
      if (atMs !== undefined) day = dayOfInstant(atMs, zone);
    }
  }
  if (days.size > 100_000) days.clear();
  days.set(key, day);
  return day ?? undefined;
}

function checkMoney(m: MoneyInput | null | undefined, field: string): Result<never, Fail> | null {
  if (!m || typeof m !== 'object')
    return fail(
      'bad-input',
      field,
      `${field} is required: {amount, currency} in integer minor units`,
    );
  if (typeof m.currency !== 'string' || !isCurrencyCode(m.currency))
    return fail(
      'unknown-currency',
      `${field}.currency`,
      `"${String(m.currency)}" is not an ISO 4217 currency code`,
    );
  if (!Number.isSafeInteger(m.amount) || m.amount < 0)
    return fail(
      'bad-input',
      `${field}.amount`,
      `${String(m.amount)} is not a whole, non-negative number of minor units`,
    );
  return null;
}

// ---------------------------------------------------------------------------------------------

function payerOf(rule: Rule, incoterm: Incoterm): Payer {
  if (rule.payer) return rule.payer;
  if (rule.collectedAt === 'sale') return 'seller';
  return incoterm === 'DDP' ? 'seller' : 'buyer';
}

/**
 * The duties, taxes and fees of a consignment at its destination on its import date, each line
 * naming its rule; or a tagged failure for bad input or a case no rule covers.
 */
export function landedCost(
  rules: CustomsRules,
  input: LandedCostInput,
): Result<LandedCost, LandedCostFailure> {
  try {
    return evaluate(rules, input);
  } catch (e) {
    if (e instanceof MissingFx)
      return fail(
        'no-fx-rate',
        'importDate',
        `no customs exchange rate for ${e.currency} on ${String(input.importDate)} in fx-rates.csv`,
      );
    throw e;
  }
}

function evaluate(
  rules: CustomsRules,
  input: LandedCostInput,
): Result<LandedCost, LandedCostFailure> {
  const country =
    typeof input.destination === 'string' ? input.destination.trim().toUpperCase() : '';
  if (!isCountryCode(country))
    return fail(
      'bad-input',
      'destination',
      `"${String(input.destination)}" is not an ISO 3166-1 alpha-2 country code`,
    );
  const dest = rules.destinations.get(country);
  if (!dest) return fail('no-rule-for-destination', 'destination', `no rule known for ${country}`);
  const day = importDay(input.importDate, dest.timeZone);
  if (day === undefined)
    return fail(
      'bad-input',
      'importDate',
      `"${String(input.importDate)}" is not a date (2026-07-01) or an ISO 8601 instant with offset`,
    );
  // Rules are in force per calendar day at the destination (rule dates are compiled to day numbers).
  const atMs = day.utcMs;
  if (!inForce(dest.coverage, atMs))
    return fail(
      'no-rule-in-force',
      'importDate',
      `no rule known for ${country} on ${day.text}: the ${dest.regimeName} rules held run from ${dest.coverage.from}${dest.coverage.to ? ` until ${dest.coverage.to}` : ''}`,
    );
  const currency = dest.currencies.find((c) => inForce(c, atMs))?.value;
  if (!currency)
    return fail(
      'no-rule-in-force',
      'importDate',
      `no currency known for ${country} on ${day.text}`,
    );
  if (input.incoterm !== 'DDP' && input.incoterm !== 'DAP')
    return fail('bad-input', 'incoterm', `"${String(input.incoterm)}" is not DDP or DAP`);
  const channel = input.channel ?? 'courier';
  if (!(CHANNELS as readonly string[]).includes(channel))
    return fail(
      'bad-input',
      'channel',
      `"${String(channel)}" is not one of ${CHANNELS.join(', ')}`,
    );
  const region = input.destinationRegion ?? null;
  if (region !== null && (typeof region !== 'string' || !region.startsWith(`${country}-`)))
    return fail(
      'bad-input',
      'destinationRegion',
      `"${String(region)}" is not a subdivision of ${country} (e.g. ${country}-…)`,
    );
  const shipFrom = input.shipFromCountry ?? 'CN';
  if (!isCountryCode(shipFrom))
    return fail(
      'bad-input',
      'shipFromCountry',
      `"${String(shipFrom)}" is not an ISO 3166-1 alpha-2 country code`,
    );
  if (!Array.isArray(input.items) || input.items.length === 0)
    return fail('bad-input', 'items', 'at least one item is needed');
  for (const [field, m] of [
    ['shipping', input.shipping],
    ['insurance', input.insurance ?? { amount: 0, currency }],
  ] as const) {
    const bad = checkMoney(m, field);
    if (bad) return bad;
  }
  const registrations = new Set<RegistrationKey>();
  for (const key of REGISTRATIONS) {
    const v = input.registrations?.[key];
    if (v === true || (typeof v === 'string' && v.trim() !== '')) registrations.add(key);
  }

  const call: Call = {
    rules,
    dest,
    input,
    atMs,
    day,
    currency,
    channel,
    items: [],
    shipping: ZERO,
    insurance: ZERO,
    weightG: 0,
    registrations,
    postalDutyMethod: input.postalDutyMethod ?? 'ad-valorem',
    factors: new Map(),
    bases: new Map(),
    amounts: new Map(),
    lines: [],
    groupTotals: new Map(),
    importCharges: ZERO,
  };

  // Items, converted to the destination currency at the dated rate.
  const raw: { goods: Exact; it: Omit<Item, 'goods' | 'shipping' | 'insurance'> }[] = [];
  let totalGoods: Exact = ZERO;
  let weightG = 0;
  for (let i = 0; i < input.items.length; i++) {
    const it = input.items[i]!;
    const field = `items[${i}]`;
    if (!it || typeof it !== 'object') return fail('bad-input', field, 'an item is an object');
    if (!Number.isSafeInteger(it.quantity) || it.quantity < 1)
      return fail(
        'bad-input',
        `${field}.quantity`,
        `${String(it.quantity)} is not a whole number of at least 1`,
      );
    if (!Number.isSafeInteger(it.weightG) || it.weightG < 0)
      return fail(
        'bad-input',
        `${field}.weightG`,
        `${String(it.weightG)} is not a whole, non-negative number of grams`,
      );
    const badValue = checkMoney(it.unitValue, `${field}.unitValue`);
    if (badValue) return badValue;
    const origin =
      typeof it.originCountry === 'string' ? it.originCountry.trim().toUpperCase() : '';
    if (origin === '')
      return fail(
        'missing-origin-country',
        `${field}.originCountry`,
        'the country of origin is required: duty depends on it',
      );
    if (!isCountryCode(origin))
      return fail(
        'bad-input',
        `${field}.originCountry`,
        `"${String(it.originCountry)}" is not an ISO 3166-1 alpha-2 country code`,
      );
    const hs = normalizeHsCode(typeof it.hsCode === 'string' ? it.hsCode : '');
    const problem = hsProblem(rules, hs, country);
    if (problem) return fail('unknown-hs-code', `${field}.hsCode`, problem);
    const goods = norm(
      mul(
        { n: BigInt(it.quantity) * BigInt(it.unitValue.amount), d: 1n },
        factor(call, it.unitValue.currency),
      ),
    );
    totalGoods = add(totalGoods, goods);
    weightG += it.weightG;
    raw.push({
      goods,
      it: {
        index: i,
        hs,
        description:
          typeof it.description === 'string' && it.description.trim() !== ''
            ? it.description.trim()
            : `HS ${hs}`,
        quantity: it.quantity,
        origin,
        weightG: it.weightG,
      },
    });
  }
  if (input.grossWeightG !== undefined) {
    if (!Number.isSafeInteger(input.grossWeightG) || input.grossWeightG < 0)
      return fail(
        'bad-input',
        'grossWeightG',
        `${String(input.grossWeightG)} is not a whole, non-negative number of grams`,
      );
    weightG = input.grossWeightG;
  }
  const shipping = norm(
    mul({ n: BigInt(input.shipping.amount), d: 1n }, factor(call, input.shipping.currency)),
  );
  const insurance = input.insurance
    ? norm(
        mul({ n: BigInt(input.insurance.amount), d: 1n }, factor(call, input.insurance.currency)),
      )
    : ZERO;
  totalGoods = norm(totalGoods);
  // Transport and insurance are shared among the item lines by value (equally when all are free).
  const items: Item[] = raw.map(({ goods, it }) => {
    const share: Exact =
      totalGoods.n === 0n
        ? { n: 1n, d: BigInt(raw.length) }
        : norm({ n: goods.n * totalGoods.d, d: goods.d * totalGoods.n });
    return {
      ...it,
      goods,
      shipping: norm(mul(shipping, share)),
      insurance: norm(mul(insurance, share)),
    };
  });
  const ready: Call = { ...call, items, shipping, insurance, weightG };

  const warnings: string[] = [];
  const unknowns: LandedCostUnknown[] = [];
  const applied: AppliedRule[] = [];
  const alternatives: LandedCostAlternative[] = [];
  const covered = new Map<string, Rule>();

  if (dest.regions.size > 0 || dest.regionMissingWarning) {
    const r = region ? dest.regions.get(region) : undefined;
    if (r) warnings.push(...r.warnings);
    if (!region && dest.regionMissingWarning) warnings.push(dest.regionMissingWarning);
  }

  const push = (rule: Rule, kind: Group['kind'], group: string, part: Part) => {
    const amount = money(ready, part.exact);
    const line: LandedCostLine = {
      kind,
      name: part.name,
      amount,
      payer: payerOf(rule, input.incoterm),
      rule: rule.id,
      source: part.source ?? rule.source,
      group,
      collectedAt: rule.collectedAt,
      item: part.item,
    };
    ready.lines.push(line);
    const exact: Exact = { n: BigInt(amount.amount), d: 1n };
    ready.groupTotals.set(group, add(ready.groupTotals.get(group) ?? ZERO, exact));
    // What the border collects (duty, tax, state charges): the base of advance and collection fees.
    // Fees with a fixed payer (the integrator's, a carrier's) are charged for that service instead.
    if (rule.collectedAt === 'import' && rule.payer === null)
      ready.importCharges = add(ready.importCharges, exact);
  };

  for (const group of dest.groups) {
    if (covered.has(group.id)) continue;
    let chosen: Rule | undefined;
    for (const rule of group.rules) {
      if (inForce(rule, atMs) && matches(ready, rule)) {
        chosen = rule;
        break;
      }
    }
    if (!chosen) {
      if (group.required)
        unknowns.push({
          rule: null,
          item: null,
          message: `no rule of "${group.name}" (${dest.regimeName}) applies to this consignment on ${day.text}`,
        });
      continue;
    }
    const rule = chosen;
    applied.push({
      id: rule.id,
      name: rule.name,
      validFrom: rule.validFrom,
      validTo: rule.validTo,
      source: rule.source,
    });
    if (rule.requireRegistration && !registrations.has(rule.requireRegistration.registration))
      warnings.push(rule.requireRegistration.message);
    warnings.push(...rule.warnings);
    if (rule.compute.kind === 'exemption') {
      for (const g of rule.compute.covers) {
        const target = dest.groupsById.get(g);
        if (!target || covered.has(g)) continue;
        covered.set(g, rule);
        push(rule, target.kind, g, {
          name: `${target.name}: none — ${rule.name}`,
          exact: ZERO,
          item: null,
        });
      }
      continue;
    }
    const result = compute(ready, rule);
    for (const part of result.parts) push(rule, group.kind, group.id, part);
    unknowns.push(...result.unknowns);
    warnings.push(...result.warnings);
    if (rule.compareWith) {
      const other = dest.rulesById.get(rule.compareWith);
      if (other && inForce(other, atMs)) {
        const alt = compute(ready, other);
        if (alt.unknowns.length === 0) {
          let total: Exact = ZERO;
          for (const p of alt.parts)
            total = add(total, { n: BigInt(money(ready, p.exact).amount), d: 1n });
          const charged = result.parts.reduce((s, p) => s + money(ready, p.exact).amount, 0);
          const altMoney = money(ready, total);
          alternatives.push({
            rule: other.id,
            name: other.name,
            amount: altMoney,
            instead: rule.id,
          });
          warnings.push(
            `${rule.name} charged ${fmt({ amount: charged, currency })} (rule ${rule.id}); the alternative ${other.name} would charge ${fmt(altMoney)} (rule ${other.id}): the method is elected by the party that clears the item`,
          );
        }
      }
    }
  }

  let seller = 0;
  let buyer = 0;
  for (const l of ready.lines) {
    if (l.payer === 'seller') seller += l.amount.amount;
    else buyer += l.amount.amount;
  }
  const collectedAtImport = Number(ready.importCharges.n);
  const refusalRisk = input.incoterm === 'DAP' && buyer > 0;
  if (refusalRisk)
    warnings.push(
      `DAP: the buyer is asked for ${fmt({ amount: buyer, currency })} at the door; charges due on delivery are a known cause of refused parcels`,
    );
  for (const u of unknowns) warnings.push(u.message);
  const cif = add(add(totalGoods, shipping), insurance);
  return ok({
    destination: dest.country,
    regime: dest.regime,
    currency,
    importDate: day.text,
    incoterm: input.incoterm,
    channel,
    valuation: {
      goods: money(ready, totalGoods),
      shipping: money(ready, shipping),
      insurance: money(ready, insurance),
      cif: money(ready, cif),
      grossWeightG: weightG,
    },
    lines: ready.lines,
    totals: {
      seller: { amount: seller, currency },
      buyer: { amount: buyer, currency },
      total: { amount: seller + buyer, currency },
    },
    collectedAtImport: { amount: collectedAtImport, currency },
    warnings: [...new Set(warnings)],
    unknowns,
    rulesApplied: applied,
    alternatives,
    refusalRisk,
  });
}

/** The contract of `silkline landed-cost --json` and `POST /v1/landed-cost`: exactly these keys. */
export interface LandedCostContract {
  readonly lines: readonly {
    readonly kind: 'duty' | 'tax' | 'fee';
    readonly name: string;
    readonly amount: { readonly amount: number; readonly currency: string };
    readonly payer: Payer;
    readonly rule: string;
    readonly source: string;
  }[];
  readonly totals: {
    readonly seller: { readonly amount: number; readonly currency: string };
    readonly buyer: { readonly amount: number; readonly currency: string };
  };
  readonly warnings: readonly string[];
}

export function landedCostContract(lc: LandedCost): LandedCostContract {
  return {
    lines: lc.lines.map((l) => ({
      kind: l.kind,
      name: l.name,
      amount: { amount: l.amount.amount, currency: l.amount.currency },
      payer: l.payer,
      rule: l.rule,
      source: l.source,
    })),
    totals: {
      seller: { amount: lc.totals.seller.amount, currency: lc.totals.seller.currency },
      buyer: { amount: lc.totals.buyer.amount, currency: lc.totals.buyer.currency },
    },
    warnings: [...lc.warnings],
  };
}

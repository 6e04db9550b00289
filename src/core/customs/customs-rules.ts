import type { FxRate, FxTable } from '../rating/index.ts';
import { readYaml, schemaIssues, type SourceFile, type YamlSource } from '../network/index.ts';
import {
  type CountryCode,
  type CurrencyCode,
  type Exact,
  type InputIssue,
  err,
  isCountryCode,
  isCurrencyCode,
  isTimeZone,
  ok,
  parseCsvTable,
  parseDateOrInstant,
  parseDecimal,
  type Result,
} from '../shared/index.ts';
import type { HsNomenclature, UsHtsTable } from './hs.ts';
import {
  type AmountFile,
  type BasisFile,
  type Channel,
  type ComputeFile,
  type PostalDutyMethod,
  type RegimeFile,
  regimeFileSchema,
  type RegistrationKey,
  type RuleFile,
} from './rules-schema.ts';
import { parseUsDutyRate, type UsDutyRate } from './us-duty-rate.ts';

/*
 * Customs rule files → one precompiled, immutable `CustomsRules`: per destination country its
 * groups of alternative rules with dates as day numbers (UTC midnight of the date, compared with
 * the calendar day of import at the destination: `…Ms` fields below are such days), its dated
 * parameters, tariffs and currencies; a dated FX index; and, when given, the HS nomenclature and the
 * US HTS table (rate texts parsed once). The engine (landed-cost.ts) only looks things up.
 */

export const FX_FILE = 'fx-rates.csv';
export const FEES_REGIME = 'fees';

/** What a threshold or fixed amount says, exact, in major units of its currency. */
export interface Amount {
  readonly major: Exact;
  readonly currency: CurrencyCode;
  readonly text: string;
}

export interface Basis {
  readonly goodsFactor: Exact;
  readonly shipping: boolean;
  readonly insurance: boolean;
  readonly label: string;
}

export interface Dated<T> {
  readonly value: T;
  readonly fromMs: number;
  readonly toMs: number | null;
}

export interface DatedParam {
  readonly rate: Exact;
  readonly text: string;
  readonly fromMs: number;
  readonly toMs: number | null;
  readonly source: string;
}

export type Rate = { readonly fixed: Exact; readonly text: string } | { readonly param: string };

export interface When {
  readonly channel: ReadonlySet<Channel> | null;
  readonly incoterm: 'DDP' | 'DAP' | null;
  readonly destinations: ReadonlySet<string> | null;
  readonly value: {
    readonly basis: Basis;
    readonly atMost: Amount | null;
    readonly above: Amount | null;
    readonly per: 'consignment' | 'line' | 'unit';
  } | null;
  readonly weight: { readonly atMostG: number | null; readonly aboveG: number | null } | null;
  readonly registration: RegistrationKey | null;
  readonly withoutRegistration: RegistrationKey | null;
  readonly originsAllIn: ReadonlySet<string> | null;
  readonly originsAnyIn: ReadonlySet<string> | null;
  readonly originsNoneIn: ReadonlySet<string> | null;
  readonly shipFrom: ReadonlySet<string> | null;
  readonly gift: boolean | null;
  readonly importCharges: boolean;
  readonly anyHsPrefix: readonly string[] | null;
  readonly postalDutyMethod: PostalDutyMethod | null;
}

export interface TariffRow {
  readonly hs: string;
  readonly rate: Exact;
  readonly rateText: string;
  readonly origins: ReadonlySet<string> | null;
  readonly fromMs: number;
  readonly toMs: number | null;
  readonly source: string;
}

export interface Tariff {
  readonly id: string;
  readonly name: string;
  readonly approximate: boolean;
  /** Longest prefix first, so the first row in force that matches is the most specific. */
  readonly rows: readonly TariffRow[];
}

export interface OriginRateRow {
  readonly origins: ReadonlySet<string>;
  readonly rate: Exact;
  readonly rateText: string;
  readonly fromMs: number;
  readonly toMs: number | null;
  readonly source: string;
}

export interface Chapter99Row {
  readonly heading: string;
  readonly name: string;
  readonly rate: Exact;
  readonly rateText: string;
  readonly exclusion: boolean;
  readonly fromMs: number;
  readonly toMs: number | null;
  readonly source: string;
}

export type Compute =
  | { readonly kind: 'exemption'; readonly covers: readonly string[] }
  | {
      readonly kind: 'tariff';
      readonly tariff: string;
      readonly basis: Basis;
      readonly fallback: string | null;
    }
  | {
      readonly kind: 'chapter99';
      readonly table: readonly Chapter99Row[];
      readonly basis: Basis;
      readonly origins: ReadonlySet<string>;
    }
  | {
      readonly kind: 'origin-rate';
      readonly table: readonly OriginRateRow[];
      readonly tableId: string;
      readonly basis: Basis;
    }
  | {
      readonly kind: 'origin-level-specific';
      readonly table: readonly OriginRateRow[];
      readonly tableId: string;
      readonly levels: readonly {
        readonly rateBelow: Exact | null;
        readonly rateAtMost: Exact | null;
        readonly amount: Amount;
      }[];
    }
  | { readonly kind: 'flat-per-subheading'; readonly amount: Amount; readonly digits: number }
  | {
      readonly kind: 'excess';
      readonly basis: Basis;
      readonly threshold: Amount;
      readonly rate: Exact;
      readonly weightThresholdG: number;
      readonly minimumPerKg: Amount;
    }
  | {
      readonly kind: 'banded';
      readonly basis: Basis;
      readonly bands: readonly {
        readonly atMost: Amount | null;
        readonly rate: Exact;
        readonly rateText: string;
        readonly deduction: Amount | null;
      }[];
    }
  | {
      readonly kind: 'ad-valorem';
      readonly basis: Basis;
      readonly rate: Rate;
      readonly per: 'line' | 'consignment';
      readonly origins: ReadonlySet<string> | null;
    }
  | {
      readonly kind: 'tax';
      readonly rate: Rate;
      readonly basis: Basis;
      readonly plusGroups: readonly string[];
      readonly grossUp: boolean;
    }
  | { readonly kind: 'fixed'; readonly amount: Amount }
  | {
      readonly kind: 'charges-percent';
      readonly rate: Exact;
      readonly rateText: string;
      readonly minimum: Amount | null;
      readonly maximum: Amount | null;
    }
  | { readonly kind: 'unknown'; readonly message: string }
  | { readonly kind: 'warning'; readonly message: string };

export interface Rule {
  readonly id: string;
  readonly regime: string;
  readonly group: string;
  readonly name: string;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly fromMs: number;
  readonly toMs: number | null;
  /** The source text, with "(secondary)" / "(approximation)" when so marked. */
  readonly source: string;
  readonly collectedAt: 'sale' | 'import';
  readonly payer: 'seller' | 'buyer' | null;
  readonly when: When;
  readonly compute: Compute;
  readonly requireRegistration: {
    readonly registration: RegistrationKey;
    readonly message: string;
  } | null;
  readonly warnings: readonly string[];
  readonly compareWith: string | null;
}

export interface Group {
  readonly id: string;
  readonly kind: 'duty' | 'tax' | 'fee';
  readonly name: string;
  readonly required: boolean;
  /** Tried in order: the first in force whose conditions hold applies. */
  readonly rules: readonly Rule[];
}

export interface Region {
  readonly name: string;
  readonly params: ReadonlyMap<string, readonly DatedParam[]>;
  readonly warnings: readonly string[];
}

export interface DestinationRules {
  readonly country: CountryCode;
  readonly regime: string;
  readonly regimeName: string;
  readonly timeZone: string;
  readonly currencies: readonly Dated<CurrencyCode>[];
  readonly params: ReadonlyMap<string, readonly DatedParam[]>;
  readonly regions: ReadonlyMap<string, Region>;
  readonly regionMissingWarning: string | null;
  readonly groups: readonly Group[];
  readonly groupsById: ReadonlyMap<string, Group>;
  readonly rulesById: ReadonlyMap<string, Rule>;
  readonly tariffs: ReadonlyMap<string, Tariff>;
  /** The span the regime's own rules cover (fees excluded): an import date outside it has no rule. */
  readonly coverage: {
    readonly fromMs: number;
    readonly toMs: number | null;
    readonly from: string;
    readonly to: string | null;
  };
}

export interface FxIndex {
  readonly base: CurrencyCode;
  /** Per currency, its rates sorted by start. */
  readonly byCurrency: ReadonlyMap<string, readonly FxRate[]>;
}

export interface UsHtsIndex {
  readonly table: UsHtsTable;
  /** Parsed once per distinct rate text. */
  readonly rates: ReadonlyMap<string, UsDutyRate>;
  /** 6- and 8-digit prefix → the 10-digit lines under it. */
  readonly under: ReadonlyMap<string, readonly string[]>;
}

export interface CustomsReference {
  readonly nomenclature?: HsNomenclature | undefined;
  readonly usHts?: UsHtsTable | undefined;
}

export interface CustomsRules {
  readonly destinations: ReadonlyMap<string, DestinationRules>;
  readonly fx: FxIndex;
  /** The same rates as rating's FxTable (for fxFactor and the naive baseline). */
  readonly fxTable: FxTable;
  readonly nomenclature: HsNomenclature | null;
  readonly usHts: UsHtsIndex | null;
  /** Regime ids and their files, for summaries. */
  readonly regimes: readonly {
    readonly id: string;
    readonly name: string;
    readonly file: string;
  }[];
}

// ---------------------------------------------------------------------------------------------

const PRESETS: Record<string, Basis> = {
  intrinsic: {
    goodsFactor: { n: 1n, d: 1n },
    shipping: false,
    insurance: false,
    label: 'intrinsic',
  },
  cif: { goodsFactor: { n: 1n, d: 1n }, shipping: true, insurance: true, label: 'CIF' },
  'goods+shipping': {
    goodsFactor: { n: 1n, d: 1n },
    shipping: true,
    insurance: false,
    label: 'goods + shipping',
  },
};

function basisOf(b: BasisFile): Basis {
  if (typeof b === 'string') return PRESETS[b]!;
  const parts = [
    `${b.goodsFactor} × goods`,
    ...(b.shipping ? ['shipping'] : []),
    ...(b.insurance ? ['insurance'] : []),
  ];
  return {
    goodsFactor: parseDecimal(b.goodsFactor)!,
    shipping: b.shipping,
    insurance: b.insurance,
    label: parts.join(' + '),
  };
}

const dec = (text: string): Exact => parseDecimal(text)!;
const setOf = (xs: readonly string[] | undefined): ReadonlySet<string> | null =>
  xs ? new Set(xs) : null;

interface Ctx {
  readonly file: string;
  readonly yaml: YamlSource;
  readonly issues: InputIssue[];
}

function issue(ctx: Ctx, path: (string | number)[], message: string): void {
  ctx.issues.push({
    file: ctx.file,
    line: ctx.yaml.lineOf(path),
    field: path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join(''),
    message,
  });
}

function checkAmount(ctx: Ctx, path: (string | number)[], a: AmountFile | undefined | null): void {
  if (a && !isCurrencyCode(a.currency))
    issue(ctx, [...path, 'currency'], `"${a.currency}" is not an ISO 4217 currency code`);
}

const amountOf = (a: AmountFile): Amount => ({
  major: dec(a.amount),
  currency: a.currency as CurrencyCode,
  text: `${a.currency} ${a.amount}`,
});

/**
 * A rule date as its day number: UTC midnight of the calendar date. Rules change at local midnight
 * at the destination, so comparing the destination's calendar day of import with these is the same
 * as comparing instants, without time-zone arithmetic on every quote.
 */
function dayOf(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  // Dates were checked by the schema and checkRegime before compiling.
  if (!m) throw new Error(`unreadable date ${text}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** Validates one regime file beyond its schema: references, codes, dates. */
function checkRegime(ctx: Ctx, f: RegimeFile): void {
  if (!isTimeZone(f.timezone)) issue(ctx, ['timezone'], `"${f.timezone}" is not an IANA time zone`);
  const sources = new Set(Object.keys(f.sources));
  const needSource = (path: (string | number)[], key: string) => {
    if (!sources.has(key))
      issue(ctx, path, `source "${key}" is not in the file's sources (${[...sources].join(', ')})`);
  };
  const dates = (path: (string | number)[], from: string, to: string | null | undefined) => {
    for (const [k, d] of [
      ['validFrom', from],
      ['validTo', to],
    ] as const) {
      if (d && parseDateOrInstant(d, 'UTC') === undefined)
        issue(ctx, [...path, k], `"${d}" is not a calendar date`);
    }
    if (to && from >= to)
      issue(ctx, [...path, 'validTo'], `validTo ${to} is not after validFrom ${from}`);
  };
  const countries = (path: (string | number)[], list: readonly string[] | undefined) =>
    list?.forEach((c, i) => {
      if (!isCountryCode(c)) issue(ctx, [...path, i], `"${c}" is not an ISO 3166-1 country code`);
    });

  const paramNames = new Set<string>();
  if (f.destinations !== 'all') {
    f.destinations.forEach((d, i) => {
      const p: (string | number)[] = ['destinations', i];
      if (!isCountryCode(d.country))
        issue(ctx, [...p, 'country'], `"${d.country}" is not an ISO 3166-1 country code`);
      if (typeof d.currency === 'string') {
        if (!isCurrencyCode(d.currency))
          issue(ctx, [...p, 'currency'], `"${d.currency}" is not an ISO 4217 currency code`);
      } else
        d.currency.forEach((c, j) => {
          if (!isCurrencyCode(c.code))
            issue(
              ctx,
              [...p, 'currency', j, 'code'],
              `"${c.code}" is not an ISO 4217 currency code`,
            );
          dates([...p, 'currency', j], c.validFrom, c.validTo);
        });
      if (d.timezone !== undefined && !isTimeZone(d.timezone))
        issue(ctx, [...p, 'timezone'], `"${d.timezone}" is not an IANA time zone`);
      const checkParams = (pp: (string | number)[], params: typeof d.params) => {
        for (const [name, values] of Object.entries(params)) {
          paramNames.add(name);
          values.forEach((v, j) => {
            needSource([...pp, name, j, 'source'], v.source);
            dates([...pp, name, j], v.validFrom, v.validTo);
          });
        }
      };
      checkParams([...p, 'params'], d.params);
      for (const [code, region] of Object.entries(d.regions)) {
        if (!code.startsWith(`${d.country}-`))
          issue(
            ctx,
            [...p, 'regions', code],
            `region ${code} is not a subdivision of ${d.country}`,
          );
        checkParams([...p, 'regions', code, 'params'], region.params);
      }
    });
  }

  const groups = new Set(f.groups.map((g) => g.id));
  for (const [tid, t] of Object.entries(f.tariffs))
    t.rows.forEach((r, i) => {
      needSource(['tariffs', tid, 'rows', i, 'source'], r.source);
      dates(['tariffs', tid, 'rows', i], r.validFrom, r.validTo);
      countries(['tariffs', tid, 'rows', i, 'origins'], r.origins);
    });
  for (const [tid, rows] of Object.entries(f.originRates))
    rows.forEach((r, i) => {
      needSource(['originRates', tid, i, 'source'], r.source);
      dates(['originRates', tid, i], r.validFrom, r.validTo);
      countries(['originRates', tid, i, 'origins'], r.origins);
    });
  for (const [tid, rows] of Object.entries(f.chapter99))
    rows.forEach((r, i) => {
      needSource(['chapter99', tid, i, 'source'], r.source);
      dates(['chapter99', tid, i], r.validFrom, r.validTo);
    });

  const ruleIds = new Set<string>();
  f.rules.forEach((r, i) => {
    const p: (string | number)[] = ['rules', i];
    if (ruleIds.has(r.id)) issue(ctx, [...p, 'id'], `rule id "${r.id}" appears twice`);
    ruleIds.add(r.id);
    if (!groups.has(r.group))
      issue(
        ctx,
        [...p, 'group'],
        `group "${r.group}" is not declared in groups (${[...groups].join(', ')})`,
      );
    needSource([...p, 'source'], r.source);
    dates(p, r.validFrom, r.validTo);
    const w = r.when;
    for (const k of [
      'destinations',
      'originsAllIn',
      'originsAnyIn',
      'originsNoneIn',
      'shipFrom',
    ] as const)
      countries([...p, 'when', k], w[k]);
    if (w.destinations && f.destinations !== 'all') {
      const held = new Set(f.destinations.map((d) => d.country));
      w.destinations.forEach((c, j) => {
        if (!held.has(c))
          issue(ctx, [...p, 'when', 'destinations', j], `${c} is not a destination of this file`);
      });
    }
    if (w.value) {
      checkAmount(ctx, [...p, 'when', 'value', 'atMost'], w.value.atMost);
      checkAmount(ctx, [...p, 'when', 'value', 'above'], w.value.above);
      if (!w.value.atMost && !w.value.above)
        issue(ctx, [...p, 'when', 'value'], 'a value condition needs atMost, above or both');
    }
    checkCompute(ctx, f, [...p, 'compute'], r.compute, groups, paramNames);
    if (
      r.compareWith !== undefined &&
      !f.rules.some((o) => o.id === r.compareWith && o.group === r.group)
    )
      issue(
        ctx,
        [...p, 'compareWith'],
        `"${r.compareWith}" is not a rule of group ${r.group} in this file`,
      );
    if (f.destinations === 'all' && hasParam(r.compute))
      issue(
        ctx,
        [...p, 'compute', 'rate'],
        'fees.yaml rules apply to every destination: a fixed rate is needed, not a {param}',
      );
  });
}

function hasParam(c: ComputeFile): boolean {
  return (c.kind === 'ad-valorem' || c.kind === 'tax') && typeof c.rate !== 'string';
}

function checkCompute(
  ctx: Ctx,
  f: RegimeFile,
  p: (string | number)[],
  c: ComputeFile,
  groups: ReadonlySet<string>,
  params: ReadonlySet<string>,
): void {
  switch (c.kind) {
    case 'exemption':
      c.covers.forEach((g, i) => {
        if (!groups.has(g))
          issue(ctx, [...p, 'covers', i], `group "${g}" is not declared in groups`);
      });
      return;
    case 'tariff':
      if (c.tariff !== 'us-hts' && !Object.hasOwn(f.tariffs, c.tariff))
        issue(
          ctx,
          [...p, 'tariff'],
          `tariff "${c.tariff}" is not in the file's tariffs (nor "us-hts")`,
        );
      if (c.fallback !== undefined && !Object.hasOwn(f.tariffs, c.fallback))
        issue(ctx, [...p, 'fallback'], `tariff "${c.fallback}" is not in the file's tariffs`);
      return;
    case 'chapter99':
      if (!Object.hasOwn(f.chapter99, c.table))
        issue(ctx, [...p, 'table'], `"${c.table}" is not in the file's chapter99 tables`);
      return;
    case 'origin-rate':
    case 'origin-level-specific':
      if (!Object.hasOwn(f.originRates, c.table))
        issue(ctx, [...p, 'table'], `"${c.table}" is not in the file's originRates`);
      if (c.kind === 'origin-level-specific')
        c.levels.forEach((l, i) => checkAmount(ctx, [...p, 'levels', i, 'amount'], l.amount));
      return;
    case 'flat-per-subheading':
    case 'fixed':
      checkAmount(ctx, [...p, 'amount'], c.amount);
      return;
    case 'excess':
      checkAmount(ctx, [...p, 'threshold'], c.threshold);
      checkAmount(ctx, [...p, 'minimumPerKg'], c.minimumPerKg);
      return;
    case 'banded':
      c.bands.forEach((b, i) => {
        checkAmount(ctx, [...p, 'bands', i, 'atMost'], b.atMost);
        checkAmount(ctx, [...p, 'bands', i, 'deduction'], b.deduction);
      });
      if (c.bands[c.bands.length - 1]!.atMost !== null)
        issue(
          ctx,
          [...p, 'bands'],
          'the last band must be open (atMost: null) so every value falls in a band',
        );
      return;
    case 'ad-valorem':
    case 'tax':
      if (typeof c.rate !== 'string' && f.destinations !== 'all' && !params.has(c.rate.param))
        issue(
          ctx,
          [...p, 'rate', 'param'],
          `parameter "${c.rate.param}" is not defined by any destination or region`,
        );
      if (c.kind === 'tax')
        c.base.plusGroups.forEach((g, i) => {
          if (!groups.has(g))
            issue(ctx, [...p, 'base', 'plusGroups', i], `group "${g}" is not declared in groups`);
        });
      return;
    case 'charges-percent':
      checkAmount(ctx, [...p, 'minimum'], c.minimum);
      checkAmount(ctx, [...p, 'maximum'], c.maximum);
      return;
    case 'unknown':
    case 'warning':
      return;
  }
}

function compileWhen(w: RuleFile['when']): When {
  return {
    channel: w.channel ? new Set(w.channel) : null,
    incoterm: w.incoterm ?? null,
    destinations: setOf(w.destinations),
    value: w.value
      ? {
          basis: basisOf(w.value.basis),
          atMost: w.value.atMost ? amountOf(w.value.atMost) : null,
          above: w.value.above ? amountOf(w.value.above) : null,
          per: w.value.per,
        }
      : null,
    weight: w.weight
      ? { atMostG: w.weight.atMostG ?? null, aboveG: w.weight.aboveG ?? null }
      : null,
    registration: w.registration ?? null,
    withoutRegistration: w.withoutRegistration ?? null,
    originsAllIn: setOf(w.originsAllIn),
    originsAnyIn: setOf(w.originsAnyIn),
    originsNoneIn: setOf(w.originsNoneIn),
    shipFrom: setOf(w.shipFrom),
    gift: w.gift ?? null,
    importCharges: w.importCharges === 'positive',
    anyHsPrefix: w.anyHsPrefix ?? null,
    postalDutyMethod: w.postalDutyMethod ?? null,
  };
}

function rateOf(r: string | { param: string }): Rate {
  return typeof r === 'string' ? { fixed: dec(r), text: r } : { param: r.param };
}

function sourceText(
  f: RegimeFile,
  key: string,
  marks: { secondary?: boolean; approximate?: boolean },
): string {
  const base = f.sources[key] ?? key;
  const tags = [
    ...(marks.secondary ? ['secondary'] : []),
    ...(marks.approximate ? ['approximation'] : []),
  ];
  return tags.length > 0 ? `${base} (${tags.join(', ')})` : base;
}

function compileCompute(f: RegimeFile, c: ComputeFile): Compute {
  const originRows = (table: string): OriginRateRow[] =>
    (f.originRates[table] ?? []).map((r) => ({
      origins: new Set(r.origins),
      rate: dec(r.rate),
      rateText: r.rate,
      fromMs: dayOf(r.validFrom),
      toMs: r.validTo ? dayOf(r.validTo) : null,
      source: sourceText(f, r.source, { secondary: r.secondary }),
    }));
  switch (c.kind) {
    case 'exemption':
      return { kind: 'exemption', covers: c.covers };
    case 'tariff':
      return {
        kind: 'tariff',
        tariff: c.tariff,
        basis: basisOf(c.basis),
        fallback: c.fallback ?? null,
      };
    case 'chapter99':
      return {
        kind: 'chapter99',
        basis: basisOf(c.basis),
        origins: new Set(c.origins),
        table: (f.chapter99[c.table] ?? []).map((r) => ({
          heading: r.heading,
          name: r.name,
          rate: dec(r.rate),
          rateText: r.rate,
          exclusion: r.exclusion,
          fromMs: dayOf(r.validFrom),
          toMs: r.validTo ? dayOf(r.validTo) : null,
          source: sourceText(f, r.source, { secondary: r.secondary }),
        })),
      };
    case 'origin-rate':
      return {
        kind: 'origin-rate',
        table: originRows(c.table),
        tableId: c.table,
        basis: basisOf(c.basis),
      };
    case 'origin-level-specific':
      return {
        kind: 'origin-level-specific',
        table: originRows(c.table),
        tableId: c.table,
        levels: c.levels.map((l) => ({
          rateBelow: l.rateBelow ? dec(l.rateBelow) : null,
          rateAtMost: l.rateAtMost ? dec(l.rateAtMost) : null,
          amount: amountOf(l.amount),
        })),
      };
    case 'flat-per-subheading':
      return { kind: 'flat-per-subheading', amount: amountOf(c.amount), digits: c.digits };
    case 'excess':
      return {
        kind: 'excess',
        basis: basisOf(c.basis),
        threshold: amountOf(c.threshold),
        rate: dec(c.rate),
        weightThresholdG: c.weightThresholdG,
        minimumPerKg: amountOf(c.minimumPerKg),
      };
    case 'banded':
      return {
        kind: 'banded',
        basis: basisOf(c.basis),
        bands: c.bands.map((b) => ({
          atMost: b.atMost ? amountOf(b.atMost) : null,
          rate: dec(b.rate),
          rateText: b.rate,
          deduction: b.deduction ? amountOf(b.deduction) : null,
        })),
      };
    case 'ad-valorem':
      return {
        kind: 'ad-valorem',
        basis: basisOf(c.basis),
        rate: rateOf(c.rate),
        per: c.per,
        origins: setOf(c.origins),
      };
    case 'tax':
      return {
        kind: 'tax',
        rate: rateOf(c.rate),
        basis: basisOf(c.base.basis),
        plusGroups: c.base.plusGroups,
        grossUp: c.grossUp,
      };
    case 'fixed':
      return { kind: 'fixed', amount: amountOf(c.amount) };
    case 'charges-percent':
      return {
        kind: 'charges-percent',
        rate: dec(c.rate),
        rateText: c.rate,
        minimum: c.minimum ? amountOf(c.minimum) : null,
        maximum: c.maximum ? amountOf(c.maximum) : null,
      };
    case 'unknown':
      return { kind: 'unknown', message: c.message };
    case 'warning':
      return { kind: 'warning', message: c.message };
  }
}

function compileRule(f: RegimeFile, r: RuleFile): Rule {
  return {
    id: r.id,
    regime: f.regime,
    group: r.group,
    name: r.name,
    validFrom: r.validFrom,
    validTo: r.validTo,
    fromMs: dayOf(r.validFrom),
    toMs: r.validTo ? dayOf(r.validTo) : null,
    source: sourceText(f, r.source, { secondary: r.secondary, approximate: r.approximate }),
    collectedAt: r.collectedAt,
    payer: r.payer ?? null,
    when: compileWhen(r.when),
    compute: compileCompute(f, r.compute),
    requireRegistration: r.requireRegistration ?? null,
    warnings: r.warnings,
    compareWith: r.compareWith ?? null,
  };
}

function compileParams(
  f: RegimeFile,
  params: Readonly<
    Record<
      string,
      readonly {
        value: string;
        validFrom: string;
        validTo: string | null;
        source: string;
        secondary: boolean;
      }[]
    >
  >,
): Map<string, DatedParam[]> {
  const out = new Map<string, DatedParam[]>();
  for (const [name, values] of Object.entries(params))
    out.set(
      name,
      values
        .map((v) => ({
          rate: dec(v.value),
          text: v.value,
          fromMs: dayOf(v.validFrom),
          toMs: v.validTo ? dayOf(v.validTo) : null,
          source: sourceText(f, v.source, { secondary: v.secondary }),
        }))
        .sort((a, b) => a.fromMs - b.fromMs),
    );
  return out;
}

function compileTariffs(f: RegimeFile): Map<string, Tariff> {
  const out = new Map<string, Tariff>();
  for (const [id, t] of Object.entries(f.tariffs)) {
    const rows = t.rows
      .map((r) => ({
        hs: r.hs,
        rate: dec(r.rate),
        rateText: r.rate,
        origins: setOf(r.origins),
        fromMs: dayOf(r.validFrom),
        toMs: r.validTo ? dayOf(r.validTo) : null,
        source: sourceText(f, r.source, { approximate: t.approximate }),
      }))
      // Preferential (origin) rows before general ones, then the longest prefix first.
      .sort(
        (a, b) =>
          Number(b.origins !== null) - Number(a.origins !== null) || b.hs.length - a.hs.length,
      );
    out.set(id, { id, name: t.name, approximate: t.approximate, rows });
  }
  return out;
}

function parseFx(file: SourceFile, issues: InputIssue[]): FxRate[] {
  const parsed = parseCsvTable(file.text);
  if (!parsed.ok) {
    issues.push({ ...parsed.issue, file: file.path });
    return [];
  }
  const { table } = parsed;
  const need = ['currency', 'usd_per_unit', 'valid_from', 'valid_to'];
  const missing = need.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    issues.push({
      file: file.path,
      line: 1,
      message: `missing column(s) ${missing.join(', ')}; expected ${need.join(',')}`,
    });
    return [];
  }
  for (const i of table.issues) issues.push({ ...i, file: file.path });
  const rates: FxRate[] = [];
  for (const { line, fields } of table.rows) {
    const fail = (field: string, message: string) =>
      issues.push({ file: file.path, line, field, message });
    const currency = fields.currency!;
    const per = parseDecimal(fields.usd_per_unit!);
    const from = /^\d{4}-\d{2}-\d{2}$/.test(fields.valid_from!)
      ? parseDateOrInstant(fields.valid_from!, 'UTC')
      : undefined;
    const toText = fields.valid_to!;
    const to =
      toText === ''
        ? null
        : /^\d{4}-\d{2}-\d{2}$/.test(toText)
          ? parseDateOrInstant(toText, 'UTC')
          : undefined;
    if (!isCurrencyCode(currency))
      fail('currency', `"${currency}" is not an ISO 4217 currency code`);
    if (!per || per.n <= 0n)
      fail('usd_per_unit', `"${fields.usd_per_unit}" is not a positive decimal`);
    if (from === undefined) fail('valid_from', `"${fields.valid_from}" is not a date YYYY-MM-DD`);
    if (to === undefined) fail('valid_to', `"${toText}" is not a date YYYY-MM-DD or empty (open)`);
    if (isCurrencyCode(currency) && per && per.n > 0n && from !== undefined && to !== undefined) {
      if (to !== null && to <= from) fail('valid_to', `valid_to ${toText} is not after valid_from`);
      else rates.push({ currency, perUnit: per, validFromMs: from, validToMs: to });
    }
  }
  return rates;
}

function fxIndexOf(rates: readonly FxRate[]): FxIndex {
  const by = new Map<string, FxRate[]>();
  for (const r of rates) {
    const list = by.get(r.currency) ?? [];
    list.push(r);
    by.set(r.currency, list);
  }
  for (const list of by.values()) list.sort((a, b) => a.validFromMs - b.validFromMs);
  return { base: 'USD' as CurrencyCode, byCurrency: by };
}

function usHtsIndexOf(table: UsHtsTable): UsHtsIndex {
  const rates = new Map<string, UsDutyRate>();
  const under = new Map<string, string[]>();
  for (const [code, line] of table.lines) {
    if (line.rateText !== null && !rates.has(line.rateText))
      rates.set(line.rateText, parseUsDutyRate(line.rateText));
    for (const len of [6, 8]) {
      const list = under.get(code.slice(0, len)) ?? [];
      list.push(code);
      under.set(code.slice(0, len), list);
    }
  }
  for (const list of under.values()) list.sort();
  return { table, rates, under };
}

/**
 * Reads the customs directory (every regime YAML and fx-rates.csv) into precompiled rules, or every
 * problem with its file, line, field and reason. All or nothing.
 */
export function loadCustomsRules(
  files: readonly SourceFile[],
  reference: CustomsReference = {},
): Result<CustomsRules, InputIssue[]> {
  const issues: InputIssue[] = [];
  const regimes: { file: string; f: RegimeFile }[] = [];
  let fxRates: FxRate[] | null = null;
  for (const file of files) {
    if (file.path.endsWith(FX_FILE)) {
      fxRates = parseFx(file, issues);
      continue;
    }
    if (!/\.ya?ml$/i.test(file.path)) continue;
    const read = readYaml(file);
    if (!read.ok) {
      issues.push(...read.issues);
      continue;
    }
    const parsed = regimeFileSchema.safeParse(read.source.value);
    if (!parsed.success) {
      issues.push(...schemaIssues(read.source, parsed.error));
      continue;
    }
    const ctx: Ctx = { file: file.path, yaml: read.source, issues };
    const before = issues.length;
    checkRegime(ctx, parsed.data);
    if (parsed.data.destinations === 'all' && parsed.data.regime !== FEES_REGIME)
      issue(ctx, ['destinations'], `"all" is only for the ${FEES_REGIME} regime (fees.yaml)`);
    if (issues.length === before) regimes.push({ file: file.path, f: parsed.data });
  }
  if (fxRates === null)
    issues.push({
      file: FX_FILE,
      line: null,
      message: `${FX_FILE} is missing from the customs directory`,
    });
  if (regimes.length === 0 && issues.length === 0)
    issues.push({ line: null, message: 'no regime files (*.yaml) in the customs directory' });

  // Across files: unique regimes, rule ids and destinations; fees rules name groups of fees.yaml.
  const ruleIds = new Map<string, string>();
  const destinationOf = new Map<string, string>();
  const regimeIds = new Map<string, string>();
  for (const { file, f } of regimes) {
    if (regimeIds.has(f.regime))
      issues.push({
        file,
        line: null,
        field: 'regime',
        message: `regime "${f.regime}" is also defined in ${regimeIds.get(f.regime)}`,
      });
    regimeIds.set(f.regime, file);
    for (const r of f.rules) {
      const other = ruleIds.get(r.id);
      if (other && other !== file)
        issues.push({
          file,
          line: null,
          field: 'rules',
          message: `rule id "${r.id}" is also used in ${other}`,
        });
      ruleIds.set(r.id, file);
    }
    if (f.destinations !== 'all')
      for (const d of f.destinations) {
        const other = destinationOf.get(d.country);
        if (other)
          issues.push({
            file,
            line: null,
            field: 'destinations',
            message: `${d.country} is also a destination of ${other}`,
          });
        destinationOf.set(d.country, file);
      }
  }
  if (issues.length > 0) return err(issues);

  const fees = regimes.find((r) => r.f.destinations === 'all')?.f ?? null;
  const destinations = new Map<string, DestinationRules>();
  for (const { f } of regimes) {
    if (f.destinations === 'all') continue;
    for (const d of f.destinations) {
      const zone = d.timezone ?? f.timezone;
      const own = f.rules.filter(
        (r) => !r.when.destinations || r.when.destinations.includes(d.country),
      );
      const compiled = own.map((r) => compileRule(f, r));
      const feeRules = fees ? fees.rules.map((r) => compileRule(fees, r)) : [];
      const groupDefs = [
        ...f.groups,
        ...(fees ? fees.groups.filter((g) => !f.groups.some((o) => o.id === g.id)) : []),
      ];
      const groups: Group[] = groupDefs.map((g) => ({
        id: g.id,
        kind: g.kind,
        name: g.name,
        required: g.required,
        rules: [...compiled, ...feeRules].filter((r) => r.group === g.id),
      }));
      const froms = compiled.map((r) => r.fromMs);
      const tos = compiled.map((r) => r.toMs);
      const fromMs = Math.min(...froms);
      const toMs = tos.includes(null) ? null : Math.max(...(tos as number[]));
      const fromRule = compiled.find((r) => r.fromMs === fromMs)!;
      const toRule = toMs === null ? null : compiled.find((r) => r.toMs === toMs)!;
      const regions = new Map<string, Region>();
      for (const [code, region] of Object.entries(d.regions))
        regions.set(code, {
          name: region.name,
          params: compileParams(f, region.params),
          warnings: region.warnings,
        });
      destinations.set(d.country, {
        country: d.country as CountryCode,
        regime: f.regime,
        regimeName: f.name,
        timeZone: zone,
        currencies:
          typeof d.currency === 'string'
            ? [{ value: d.currency as CurrencyCode, fromMs: -Infinity, toMs: null }]
            : d.currency.map((c) => ({
                value: c.code as CurrencyCode,
                fromMs: dayOf(c.validFrom),
                toMs: c.validTo ? dayOf(c.validTo) : null,
              })),
        params: compileParams(f, d.params),
        regions,
        regionMissingWarning: d.regionMissingWarning ?? null,
        groups,
        groupsById: new Map(groups.map((g) => [g.id, g])),
        rulesById: new Map([...compiled, ...feeRules].map((r) => [r.id, r])),
        tariffs: compileTariffs(f),
        coverage: { fromMs, toMs, from: fromRule.validFrom, to: toRule?.validTo ?? null },
      });
    }
  }
  const rates = fxRates ?? [];
  return ok({
    destinations,
    fx: fxIndexOf(rates),
    fxTable: { base: 'USD' as CurrencyCode, rates },
    nomenclature: reference.nomenclature ?? null,
    usHts: reference.usHts ? usHtsIndexOf(reference.usHts) : null,
    regimes: regimes.map(({ file, f }) => ({ id: f.regime, name: f.name, file })),
  });
}

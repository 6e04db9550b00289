import { add, type Exact, mul, mulInt, parseDecimal, ZERO } from '../shared/index.ts';

/*
 * The general (column 1) rate text of a US HTS line, as the tariff writes it: "Free", "6.8%",
 * "1¢/kg", "2.2¢/kg + 5%", "$1.35/doz.", "37.5¢/kg + 14.9%", "62¢/pr. + 13.7%", "25¢ each", … A
 * rate is an ad valorem part plus specific parts, each per a unit. Units a parcel's data can measure
 * (kg, pieces, dozens, pairs, gross, thousands, metric tons) are computed; the others (liters, proof
 * liters, barrels, m², kg of some content, jewels, degrees …) make an explicit unknown, never zero.
 */

export type UsDutyUnit =
  | 'kg'
  | 't'
  | 'each'
  | 'pair'
  | 'doz'
  | 'gross'
  | 'thousand'
  | 'liter'
  | 'proof-liter'
  | 'bbl'
  | 'm2'
  | 'other';

export interface UsSpecificDuty {
  /** US cents per unit (exact). */
  readonly centsPerUnit: Exact;
  readonly unit: UsDutyUnit;
  /** The unit as written ("kg", "doz.", "kg on drained weight"). */
  readonly unitText: string;
}

export type UsDutyRate =
  | { readonly kind: 'free'; readonly text: string }
  | {
      readonly kind: 'duty';
      readonly text: string;
      /** A fraction: 0.068 for "6.8%"; null when the rate has no ad valorem part. */
      readonly adValorem: Exact | null;
      readonly specific: readonly UsSpecificDuty[];
    }
  | { readonly kind: 'unknown'; readonly text: string; readonly reason: string };

const UNIT_WORDS: ReadonlyArray<readonly [RegExp, UsDutyUnit]> = [
  [/^kg$/, 'kg'],
  [/^t$/, 't'],
  [/^(each|no\.?|article|head)$/, 'each'],
  [/^(pr\.?|pair|prs\.?)$/, 'pair'],
  [/^doz\.?$/, 'doz'],
  [/^gross$/, 'gross'],
  [/^(1,?000|thousand)$/, 'thousand'],
  [/^(liter|litre)$/, 'liter'],
  [/^pf\.? ?liter$/, 'proof-liter'],
  [/^bbl$/, 'bbl'],
  [/^(m2|m²)$/, 'm2'],
];

function unitOf(text: string): UsDutyUnit {
  const t = text.trim().toLowerCase();
  for (const [pattern, unit] of UNIT_WORDS) if (pattern.test(t)) return unit;
  return 'other';
}

const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;
const CENTS = /^(\d+(?:\.\d+)?)\s*¢\s*(?:\/\s*(.+)|(each))$/;
const DOLLARS = /^\$\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(.+)|(each))$/;

/** Parses an HTS rate text; never throws: what it cannot read comes back as `unknown` with the reason. */
export function parseUsDutyRate(raw: string): UsDutyRate {
  // The source file carries "¢" as its UTF-8 bytes read as Windows-1252; accept either.
  const text = raw.replace(/Â¢/g, '¢').replace(/\s+/g, ' ').trim();
  if (text === '') return { kind: 'unknown', text, reason: 'the HTS line has no rate' };
  if (/^free$/i.test(text)) return { kind: 'free', text };
  let adValorem: Exact | null = null;
  const specific: UsSpecificDuty[] = [];
  for (const term of text.split('+').map((t) => t.trim())) {
    const pct = PERCENT.exec(term);
    if (pct) {
      if (adValorem !== null)
        return { kind: 'unknown', text, reason: `two ad valorem parts in "${text}"` };
      const value = parseDecimal(pct[1]!)!;
      adValorem = { n: value.n, d: value.d * 100n };
      continue;
    }
    const cents = CENTS.exec(term);
    const dollars = cents ? null : DOLLARS.exec(term);
    const m = cents ?? dollars;
    if (m) {
      const amount = parseDecimal(m[1]!)!;
      const unitText = (m[2] ?? m[3] ?? '').trim();
      specific.push({
        centsPerUnit: dollars ? mulInt(amount, 100n) : amount,
        unit: unitOf(unitText),
        unitText,
      });
      continue;
    }
    return {
      kind: 'unknown',
      text,
      reason:
        term === text
          ? `"${text}" is not a rate the engine can compute (a rate by reference or condition)`
          : `the part "${term}" of "${text}" is not a rate the engine can compute`,
    };
  }
  return { kind: 'duty', text, adValorem, specific };
}

export interface UsDutyBase {
  /** The item line's value for duty, in US cents (exact). */
  readonly valueCents: Exact;
  readonly quantity: number;
  /** The item line's net weight in grams. */
  readonly weightG: number;
}

/**
 * The duty of one item line in US cents (exact), or why it cannot be computed from a parcel's data
 * (a unit the data does not measure). "pr." rates count the item's quantity as pairs.
 */
export function usDutyCents(
  rate: UsDutyRate,
  base: UsDutyBase,
): { ok: true; cents: Exact } | { ok: false; reason: string } {
  if (rate.kind === 'free') return { ok: true, cents: ZERO };
  if (rate.kind === 'unknown') return { ok: false, reason: rate.reason };
  let cents = rate.adValorem ? mul(rate.adValorem, base.valueCents) : ZERO;
  const q = BigInt(base.quantity);
  const g = BigInt(base.weightG);
  for (const s of rate.specific) {
    let units: Exact;
    switch (s.unit) {
      case 'kg':
        units = { n: g, d: 1000n };
        break;
      case 't':
        units = { n: g, d: 1_000_000n };
        break;
      case 'each':
      case 'pair':
        units = { n: q, d: 1n };
        break;
      case 'doz':
        units = { n: q, d: 12n };
        break;
      case 'gross':
        units = { n: q, d: 144n };
        break;
      case 'thousand':
        units = { n: q, d: 1000n };
        break;
      default:
        return {
          ok: false,
          reason: `the rate "${rate.text}" is per ${s.unitText || s.unit}, which the item's data (value, quantity, weight) does not measure`,
        };
    }
    cents = add(cents, mul(s.centsPerUnit, units));
  }
  return { ok: true, cents };
}

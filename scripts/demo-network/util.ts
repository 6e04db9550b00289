// Shared helpers of the demo-network generator: a seeded PRNG, money formatting, CSV and YAML
// writers, duration and schedule shorthands. Everything here is pure and deterministic.
import { Document, isScalar, visit } from 'yaml';
import type { z } from 'zod';
import type {
  locationSchema,
  networkFileSchema,
  partnerFileSchema,
} from '../../src/core/network/schema.ts';
import { seededUnit } from '../../src/core/shared/index.ts';

export type PartnerInput = z.input<typeof partnerFileSchema>;
export type ServiceInput = PartnerInput['services'][number];
export type LaneInput = ServiceInput['lanes'][number];
export type DurationInput = LaneInput['transit'];
export type ScheduleInput = NonNullable<ServiceInput['schedule']>;
export type SurchargeInput = NonNullable<ServiceInput['pricing']['surcharges']>[number];
export type LocationInput = z.input<typeof locationSchema>;
export type NetworkInput = z.input<typeof networkFileSchema>;

/** The date every 2026 card, FX rate and fuel schedule starts from. */
export const VALID_FROM = '2026-01-01';

/** mulberry32: a tiny deterministic PRNG, so "random" variation is the same on every run. */
export const prng = seededUnit;

/** A stable seed from a text (FNV-1a), so each partner's variation does not depend on generation order. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A factor in [1 - spread, 1 + spread], fixed for a key. */
export function jitter(key: string, spread: number): number {
  const r = prng(seedOf(key))();
  return 1 - spread + 2 * spread * r;
}

const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'CLP']);

/** Minor-unit digits used on the demo cards (0 for JPY, KRW and CLP; 2 otherwise). */
export function digitsOf(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : 2;
}

/** A price written in major units with the currency's digits: 12.5 CNY → "12.50", 512.3 JPY → "512". */
export function money(value: number, currency: string): string {
  if (!(value >= 0)) throw new Error(`negative or invalid price ${value} ${currency}`);
  return value.toFixed(digitsOf(currency));
}

/** A decimal string with up to `digits` digits, trailing zeros trimmed (for fractions and rates). */
export function decimal(value: number, digits = 4): string {
  const text = value.toFixed(digits);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

export function csv(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

export interface Band {
  /** Exclusive lower edge in grams. */
  readonly fromG: number;
  /** Inclusive upper edge in grams; null = open-ended. */
  readonly toG: number | null;
  readonly itemFee: number;
  readonly perKg: number;
}

/** A banded card: destination,from_g,to_g,item_fee,per_kg,currency. */
export function bandedCsv(currency: string, rows: ReadonlyMap<string, readonly Band[]>): string {
  const out: (string | number)[][] = [];
  for (const [destination, bands] of rows) {
    for (const b of bands) {
      out.push([
        destination,
        b.fromG,
        b.toG ?? '',
        money(b.itemFee, currency),
        money(b.perKg, currency),
        currency,
      ]);
    }
  }
  return csv(['destination', 'from_g', 'to_g', 'item_fee', 'per_kg', 'currency'], out);
}

export interface StepRow {
  readonly firstG: number;
  readonly firstPrice: number;
  readonly stepG: number;
  readonly stepPrice: number;
  readonly maxG: number;
  readonly overMaxPerKg: number | null;
}

/** A step card: destination,first_g,first_price,step_g,step_price,max_g,currency,over_max_per_kg. */
export function stepCsv(currency: string, rows: ReadonlyMap<string, StepRow>): string {
  const out: (string | number)[][] = [];
  for (const [destination, s] of rows) {
    out.push([
      destination,
      s.firstG,
      money(s.firstPrice, currency),
      s.stepG,
      money(s.stepPrice, currency),
      s.maxG,
      currency,
      s.overMaxPerKg === null ? '' : money(s.overMaxPerKg, currency),
    ]);
  }
  return csv(
    [
      'destination',
      'first_g',
      'first_price',
      'step_g',
      'step_price',
      'max_g',
      'currency',
      'over_max_per_kg',
    ],
    out,
  );
}

/** A zone table: zone,country,postcode_prefix. */
export function zonesCsv(
  rows: readonly (readonly [zone: string, country: string, prefix: string])[],
): string {
  return csv(['zone', 'country', 'postcode_prefix'], rows);
}

/** A YAML file with a header comment (one `# ` line per entry). */
export function yamlFile(header: readonly string[], value: unknown): string {
  const comment = header.map((l) => (l === '' ? '#' : `# ${l}`)).join('\n');
  const doc = new Document(value, { aliasDuplicateObjects: false });
  // Short lists of plain values and small maps of numbers read best on one line.
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
    Map(_, node) {
      const small =
        node.items.length <= 5 &&
        node.items.every((p) => isScalar(p.value) && typeof p.value.value !== 'string');
      if (small) node.flow = true;
    },
  });
  return `${comment}\n${doc.toString({ lineWidth: 0 })}`;
}

export const days = (min: number, p50: number, p90: number, max: number): DurationInput => ({
  minDays: min,
  p50Days: p50,
  p90Days: p90,
  maxDays: max,
});

export const hours = (min: number, p50: number, p90: number, max: number): DurationInput => ({
  minHours: min,
  p50Hours: p50,
  p90Hours: p90,
  maxHours: max,
});

/** Scales a days-duration (for a slower or faster lane of the same service). */
export function scaleDays(d: DurationInput, factor: number, plus = 0): DurationInput {
  if (!('minDays' in d)) throw new Error('scaleDays needs a days duration');
  const r = (x: number) => Math.round((x * factor + plus) * 10) / 10;
  return days(r(d.minDays), r(d.p50Days), r(d.p90Days), r(d.maxDays));
}

/** Scales an hours-duration (e.g. the faster clearance of an AEO trader). */
export function scaleHours(d: DurationInput, factor: number): DurationInput {
  if (!('minHours' in d)) throw new Error('scaleHours needs an hours duration');
  const r = (x: number) => Math.round(x * factor * 10) / 10;
  return hours(r(d.minHours), r(d.p50Hours), r(d.p90Hours), r(d.maxHours));
}

export const WEEKDAYS_MON_FRI = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
export const WEEKDAYS_MON_SAT = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type Weekday = (typeof EVERY_DAY)[number];

/** The accumulating output: file path (relative to the network directory) → text. */
export class Output {
  readonly files = new Map<string, string>();
  /** Partner id → name and kind, for the README. */
  readonly partners = new Map<string, { name: string; kind: string }>();
  add(path: string, text: string): string {
    if (this.files.has(path)) throw new Error(`generated twice: ${path}`);
    this.files.set(path, text);
    return path;
  }
}

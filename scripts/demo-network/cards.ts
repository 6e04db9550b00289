// Rate-card builders: every card of the demo network is one of these shapes, filled from the base
// figures of countries.ts with a small fixed per-partner variation (util.jitter).
import type { ItemPerKg } from './countries.ts';
import { type Band, bandedCsv, jitter, type Output, stepCsv, type StepRow } from './util.ts';

export interface BandShape {
  /** Upper edges in grams; the last may be null (open-ended). */
  readonly edges: readonly (number | null)[];
  readonly itemFactor: readonly number[];
  readonly perKgFactor: readonly number[];
}

/** Posts: one item fee + per kg up to 2 kg, with a lighter first band. */
export const POSTAL_SHAPE: BandShape = {
  edges: [150, 2000],
  itemFactor: [1, 1],
  perKgFactor: [1.04, 1],
};

/** Dedicated lines publish six or so bands; per-kg falls and item fee rises with weight. */
export const DEDICATED_SHAPE: BandShape = {
  edges: [100, 200, 450, 700, 2000, 30000],
  itemFactor: [0.95, 0.97, 1, 1.02, 1.08, 1.25],
  perKgFactor: [1.12, 1.06, 1, 0.98, 0.95, 0.9],
};

/** Air consolidation (per parcel handed to the airline's consolidator), open-ended. */
export const AIR_SHAPE: BandShape = {
  edges: [1000, 10000, null],
  itemFactor: [1, 1.5, 3],
  perKgFactor: [1.08, 1, 0.93],
};

/** Last mile: weight breaks at 0.5, 2, 10 and 30 kg. */
export const LAST_MILE_SHAPE: BandShape = {
  edges: [500, 2000, 10000, 30000],
  itemFactor: [1, 1.12, 1.5, 2.4],
  perKgFactor: [1, 1, 0.9, 0.8],
};

/** One open band: item fee + per kg at any weight. */
export const FLAT_SHAPE: BandShape = { edges: [null], itemFactor: [1], perKgFactor: [1] };

/** Bands of a shape around a base, each figure scaled by `scale` and rounded to the currency. */
export function bands(base: ItemPerKg, shape: BandShape, scale = 1): Band[] {
  let from = 0;
  return shape.edges.map((to, i) => {
    const band: Band = {
      fromG: from,
      toG: to,
      itemFee: base.item * scale * shape.itemFactor[i]!,
      perKg: base.perKg * scale * shape.perKgFactor[i]!,
    };
    from = to ?? from;
    return band;
  });
}

/** A banded card: one row set per destination key, varied per `key` (partner/service) by ±spread. */
export function bandedCard(
  out: Output,
  path: string,
  currency: string,
  rows: readonly (readonly [destination: string, base: ItemPerKg])[],
  shape: BandShape,
  opts: { key?: string; spread?: number; scale?: number } = {},
): string {
  const map = new Map<string, Band[]>();
  for (const [destination, base] of rows) {
    const f = opts.key ? jitter(`${opts.key}|${destination}`, opts.spread ?? 0.06) : 1;
    map.set(destination, bands(base, shape, f * (opts.scale ?? 1)));
  }
  return out.add(path, bandedCsv(currency, map));
}

/** A per-parcel card (clearance): one open band with the fee and per_kg 0. */
export function perParcelCard(
  out: Output,
  path: string,
  currency: string,
  rows: readonly (readonly [destination: string, fee: number])[],
): string {
  return bandedCard(
    out,
    path,
    currency,
    rows.map(([d, fee]) => [d, { item: fee, perKg: 0 }] as const),
    FLAT_SHAPE,
  );
}

export function stepCard(
  out: Output,
  path: string,
  currency: string,
  rows: ReadonlyMap<string, StepRow>,
): string {
  return out.add(path, stepCsv(currency, rows));
}

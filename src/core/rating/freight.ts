import { add, type Exact, mul, mulInt } from '../shared/index.ts';
import type { BandedRates, DestinationRates, StepRates, WeightBand } from './types.ts';

const PER_KG_TO_PER_G = 1000n;

/** The band whose (fromG, toG] holds the weight; bands are sorted and contiguous (checked on import). */
export function findBand(bands: readonly WeightBand[], weightG: number): WeightBand | undefined {
  let lo = 0;
  let hi = bands.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const band = bands[mid]!;
    if (weightG <= band.fromG) hi = mid - 1;
    else if (band.toG !== null && weightG > band.toG) lo = mid + 1;
    else return band;
  }
  return undefined;
}

/** Item fee plus the band's per-kg rate times the whole chargeable weight (not only the part inside the band). */
function bandedFreight(rates: BandedRates, weightG: number): Exact | undefined {
  const band = findBand(rates.bands, weightG);
  if (!band) return undefined;
  return add(band.itemFee, {
    n: band.perKg.n * BigInt(weightG),
    d: band.perKg.d * PER_KG_TO_PER_G,
  });
}

/** First weight, then whole steps (a started step is a full step), then per kg of the whole weight past maxG. */
function stepFreight(rates: StepRates, weightG: number): Exact | undefined {
  if (weightG <= rates.firstG) return rates.firstPrice;
  if (weightG <= rates.maxG) {
    const steps = BigInt(Math.ceil((weightG - rates.firstG) / rates.stepG));
    return add(rates.firstPrice, mulInt(rates.stepPrice, steps));
  }
  if (rates.overMaxPerKg === null) return undefined;
  return mul(rates.overMaxPerKg, { n: BigInt(weightG), d: PER_KG_TO_PER_G });
}

/** Exact freight in minor units of the card currency, or undefined when the weight is beyond the card. */
export function freightFor(rates: DestinationRates, weightG: number): Exact | undefined {
  return rates.kind === 'banded' ? bandedFreight(rates, weightG) : stepFreight(rates, weightG);
}

/** The heaviest weight the rates price, or null if they are open-ended. */
export function maxWeightOf(rates: DestinationRates): number | null {
  if (rates.kind === 'step') return rates.overMaxPerKg === null ? rates.maxG : null;
  const last = rates.bands[rates.bands.length - 1];
  return last ? last.toG : 0;
}

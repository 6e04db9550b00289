import type { ChargeableWeight, ChargeableWeightPolicy, Dimensions } from './types.ts';

/**
 * Volumetric weight in grams: L×W×H in cm³ / divisor gives kg, and mm³ / divisor gives grams
 * directly (1 cm³ = 1000 mm³, 1 kg = 1000 g). Rounded up to the next whole gram.
 */
export function volumetricWeightG(dims: Dimensions, divisor: number): number {
  const volumeMm3 = dims.lengthMm * dims.widthMm * dims.heightMm;
  return Math.ceil(volumeMm3 / divisor);
}

export function chargeableWeight(
  policy: ChargeableWeightPolicy,
  actualG: number,
  dims: Dimensions | undefined,
): ChargeableWeight {
  const volumetricG = dims ? volumetricWeightG(dims, policy.divisor) : null;
  let basis = actualG;
  if (volumetricG !== null) {
    if (policy.rule === 'max') basis = Math.max(actualG, volumetricG);
    else if (policy.rule === 'volumetric-if-double' && volumetricG >= 2 * actualG)
      basis = volumetricG;
  }
  basis = Math.max(basis, policy.minimumG);
  const step = policy.roundUpToG;
  const chargeableG = step > 1 ? Math.ceil(basis / step) * step : Math.ceil(basis);
  return { actualG, volumetricG, chargeableG };
}

export * from './types.ts';
export { chargeableWeight, volumetricWeightG } from './chargeable-weight.ts';
export { findBand, freightFor, maxWeightOf } from './freight.ts';
export { fxFactor } from './fx.ts';
export { cardInForce, priceParcel } from './price.ts';
export { normalizePostcode, rateKeyFor } from './zones.ts';
export {
  BANDED_COLUMNS,
  exportRateCardCsv,
  exportZonesCsv,
  importRateCardCsv,
  importZonesCsv,
  MAX_CARD_WEIGHT_G,
  STEP_COLUMNS,
  ZONE_COLUMNS,
} from './csv.ts';

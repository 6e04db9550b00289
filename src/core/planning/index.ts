export * from './types.ts';
export {
  BORDER_NOT_ESTIMATED,
  borderChannelOf,
  type BorderContext,
  checkGoods,
  type GoodsCheck,
  OrderBorder,
  type PlanBorder,
} from './border.ts';
export { PlanningIndex } from './network-index.ts';
export {
  planOrder,
  planOf,
  prepareSearch,
  deadlineFor,
  warehousesWithStock,
  type PlanContext,
} from './planner.ts';
export {
  searchChains,
  enumerateChains,
  bestOf,
  chainBefore,
  type Chain,
  type SearchInput,
  type StartNode,
} from './search.ts';
export { OrderRater, describeRatingFailure } from './order-rating.ts';
export { DEFAULT_POLICY, DEFAULT_POLICY_FILE, policyFileSchema, policyFromFile } from './policy.ts';
export { importStockCsv } from './stock.ts';
export {
  ORDER_CSV_COLUMNS,
  orderFromCsvRow,
  orderFromJson,
  orderJsonSchema,
  parseGoodsFlags,
  pickupLocationFor,
  type OrderDefaults,
  type OrderResult,
} from './order-input.ts';
export { BUYER, DELIVERED, REQUIRED, STOCK_STAGE, nextStageOf } from './stages.ts';
export * as distribution from './distribution.ts';
export { nextDeparture, type DepartureSlot } from './schedule.ts';

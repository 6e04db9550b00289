import type { Activity, Lane, Location, Network, Service } from '../network/index.ts';
import { normalizePostcode } from '../rating/index.ts';
import type { Buyer } from './types.ts';

/**
 * The value chain as stages: stage k means the first k REQUIRED activities are done. Domestic
 * line-haul only moves goods between origin-country places, so it is optional. Goods in stock at an
 * overseas warehouse start at STOCK_STAGE and join the chain through warehouse fulfilment.
 */
export const REQUIRED: readonly Activity[] = [
  'pickup',
  'hub-handling',
  'export-clearance',
  'international-linehaul',
  'import-clearance',
  'last-mile',
];
export const DELIVERED = REQUIRED.length;
export const STOCK_STAGE = 100;
/** The pseudo-location of the buyer's address. */
export const BUYER = '@buyer';

export interface Step {
  readonly service: Service;
  readonly lane: Lane;
  readonly from: string;
  readonly to: string;
  readonly nextStage: number;
  /** The country whose rates price the step: the target's, or the buyer's. */
  readonly rateCountry: string;
  readonly toBuyer: boolean;
  /** `to|nextStage`: the state the step leads to, as the planner's maps key it. */
  readonly toKey: string;
  /** Steps with the same price key cost the same: one service, one rated country, to the buyer or not. */
  readonly priceKey: string;
}

/** The stage a service leads to from `stage`, or undefined if it does not fit there. */
export function nextStageOf(service: Service, stage: number): number | undefined {
  const acts = service.activities;
  if (acts.includes('returns-handling')) return undefined;
  if (stage === STOCK_STAGE) {
    if (!acts.includes('warehouse-fulfilment')) return undefined;
    return acts.includes('last-mile') ? DELIVERED : DELIVERED - 1;
  }
  if (acts.includes('warehouse-fulfilment')) return undefined;
  const required = acts.filter((a) => a !== 'domestic-linehaul');
  // A bundle that picks up and carries on past the hub does its own handling there.
  if (required.includes('pickup') && !required.includes('hub-handling') && required.length > 1) {
    required.splice(required.indexOf('pickup') + 1, 0, 'hub-handling');
  }
  if (required.length === 0) {
    // Pure domestic line-haul: goods move inside the origin country between pickup and line-haul.
    return stage >= 1 && stage <= 3 ? stage : undefined;
  }
  for (let i = 0; i < required.length; i++)
    if (REQUIRED[stage + i] !== required[i]) return undefined;
  return stage + required.length;
}

export function endpointCovers(endpoint: string, location: Location): boolean {
  return endpoint === location.id || endpoint === location.country;
}

function buyerCovered(network: Network, endpoint: string, buyer: Buyer): boolean {
  if (endpoint === buyer.country) return true;
  const loc = network.locations.get(endpoint);
  if (!loc || loc.kind !== 'delivery-zone' || loc.country !== buyer.country) return false;
  if (loc.postcodePrefixes.length === 0) return true;
  const postcode = buyer.postcode ? normalizePostcode(buyer.postcode) : '';
  return loc.postcodePrefixes.some((p) => postcode.startsWith(normalizePostcode(p)));
}

/** Every way a service can move goods on from `at` at `stage` (each lane and target once). */
export function stepsOf(
  network: Network,
  service: Service,
  at: Location,
  stage: number,
  buyer: Buyer,
): Step[] {
  const nextStage = nextStageOf(service, stage);
  if (nextStage === undefined) return [];
  const steps: Step[] = [];
  const seen = new Set<string>();
  for (const lane of service.lanes) {
    if (!lane.from.some((e) => endpointCovers(e, at))) continue;
    for (const endpoint of lane.to) {
      let to: string | undefined;
      let rateCountry: string;
      if (nextStage === DELIVERED) {
        if (!buyerCovered(network, endpoint, buyer)) continue;
        to = BUYER;
        rateCountry = buyer.country;
      } else {
        const target = network.locations.get(endpoint);
        if (target) {
          to = target.id;
          rateCountry = target.country;
        } else if (endpoint === at.country) {
          // A country endpoint on a service that does not deliver: performed where the goods are.
          to = at.id;
          rateCountry = at.country;
        } else continue;
        if (to === at.id && nextStage === stage) continue;
      }
      const key = `${to}|${nextStage}`;
      if (seen.has(key)) continue;
      seen.add(key);
      steps.push({
        service,
        lane,
        from: at.id,
        to,
        nextStage,
        rateCountry,
        toBuyer: to === BUYER,
        toKey: `${to}|${nextStage}`,
        priceKey: `${service.id}|${rateCountry}|${to === BUYER ? 'b' : ''}`,
      });
    }
  }
  return steps;
}

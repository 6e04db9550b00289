import type { Network, Service } from '../network/index.ts';
import { fxFactor, priceParcel, type RatingFailure } from '../rating/index.ts';
import { type CountryCode, mul, roundHalfUp, compare } from '../shared/index.ts';
import { borderChannelOf, type OrderBorder } from './border.ts';
import type { Step } from './stages.ts';
import type { OrderParcel, Rejection } from './types.ts';

export function describeRatingFailure(f: RatingFailure): string {
  switch (f.tag) {
    case 'no-card-in-force':
      return `no rate card in force at ${f.at}`;
    case 'no-rate-for-destination':
      return `no rate for ${f.country}${f.postcode ? ` ${f.postcode}` : ''} in ${f.cardId}`;
    case 'over-max-weight':
      return `chargeable ${f.chargeableG} g is over the card's ${f.maxG} g`;
    case 'no-fx-rate':
      return `no FX rate ${f.from}→${f.to} at ${f.at}`;
  }
}

const sidesCache = new WeakMap<OrderParcel, [number, number, number] | undefined>();

/** A parcel's sides, longest first. */
function sides(p: OrderParcel): [number, number, number] | undefined {
  if (sidesCache.has(p)) return sidesCache.get(p);
  let out: [number, number, number] | undefined;
  if (p.dims) {
    const s = [p.dims.lengthMm, p.dims.widthMm, p.dims.heightMm].sort((a, b) => b - a);
    out = [s[0]!, s[1]!, s[2]!];
  }
  sidesCache.set(p, out);
  return out;
}

/** Why a service cannot carry a parcel at all (goods, weight, size, value), or undefined. */
export function restrictionRejection(
  network: Network,
  service: Service,
  parcel: OrderParcel,
  atMs: number,
): Omit<Rejection, 'activity'> | undefined {
  const r = service.restrictions;
  const base = { serviceId: service.id, partnerId: service.partnerId };
  const refused = parcel.goods.filter((g) => r.refusedGoods.includes(g));
  if (refused.length > 0)
    return { ...base, rule: 'goods-refused', detail: `refuses ${refused.join(', ')}` };
  if (r.maxWeightG !== null && parcel.weightG > r.maxWeightG) {
    return {
      ...base,
      rule: 'over-max-weight',
      detail: `${parcel.weightG} g is over its ${r.maxWeightG} g limit`,
    };
  }
  const s = sides(parcel);
  if (s) {
    if (r.maxLongestSideMm !== null && s[0] > r.maxLongestSideMm) {
      return {
        ...base,
        rule: 'over-max-size',
        detail: `longest side ${s[0]} mm is over its ${r.maxLongestSideMm} mm`,
      };
    }
    const girth = s[0] + 2 * (s[1] + s[2]);
    if (r.maxLengthPlusGirthMm !== null && girth > r.maxLengthPlusGirthMm) {
      return {
        ...base,
        rule: 'over-max-size',
        detail: `length + girth ${girth} mm is over its ${r.maxLengthPlusGirthMm} mm`,
      };
    }
  }
  if (r.maxDeclaredValue) {
    const factor = fxFactor(
      network.fx,
      parcel.declaredValue.currency,
      r.maxDeclaredValue.currency,
      atMs,
    );
    if (factor.ok) {
      const value = mul({ n: BigInt(parcel.declaredValue.amount), d: 1n }, factor.value);
      if (compare(value, r.maxDeclaredValue.amount) > 0) {
        return {
          ...base,
          rule: 'over-max-declared-value',
          detail: `declared value is over its ${roundHalfUp(r.maxDeclaredValue.amount)} ${r.maxDeclaredValue.currency} minor-unit limit`,
        };
      }
    }
  }
  return undefined;
}

export type StepRating =
  /** cost: the logistics price; border: the duties, taxes and fees the step brings (import clearance). */
  | { readonly ok: true; readonly cost: number; readonly border: number }
  | { readonly ok: false; readonly rejection: Omit<Rejection, 'activity'> };

/** Prices a step for a group of parcels in the network's base currency, memoised per order. */
export class OrderRater {
  /** Per parcel group, per step object (steps are shared by the network index, so identity is a key). */
  private readonly memo = new Map<string, Map<Step, StepRating>>();
  private readonly byPrice = new Map<string, Map<string, StepRating>>();
  private readonly network: Network;
  private readonly atMs: number;
  private readonly at: Date;
  private readonly postcode: string | undefined;
  private readonly border: OrderBorder | undefined;
  constructor(
    network: Network,
    atMs: number,
    buyerPostcode: string | undefined,
    border?: OrderBorder | undefined,
  ) {
    this.network = network;
    this.atMs = atMs;
    this.at = new Date(atMs);
    this.postcode = buyerPostcode;
    this.border = border;
  }

  /** The border cost a service brings to a chain (its import clearance's channel), in base minor units. */
  borderCost(service: Step['service']): number {
    if (!this.border) return 0;
    const channel = borderChannelOf(this.network, service);
    return channel ? this.border.searchCost(channel) : 0;
  }

  rate(step: Step, parcels: readonly OrderParcel[], groupKey: string): StepRating {
    let byStep = this.memo.get(groupKey);
    if (!byStep) this.memo.set(groupKey, (byStep = new Map()));
    const hit = byStep.get(step);
    if (hit) return hit;
    // Steps of one service to one country (from several places, or along several lanes) cost the same.
    let byPrice = this.byPrice.get(groupKey);
    if (!byPrice) this.byPrice.set(groupKey, (byPrice = new Map()));
    const same = byPrice.get(step.priceKey);
    if (same) {
      byStep.set(step, same);
      return same;
    }
    let total = 0;
    let result: StepRating | undefined;
    for (const parcel of parcels) {
      const refused = restrictionRejection(this.network, step.service, parcel, this.atMs);
      if (refused) {
        result = { ok: false, rejection: refused };
        break;
      }
      const quote = priceParcel(
        step.service.pricing,
        {
          weightG: parcel.weightG,
          dims: parcel.dims,
          goods: parcel.goods,
          destination: {
            country: step.rateCountry as CountryCode,
            postcode: step.toBuyer ? this.postcode : undefined,
          },
        },
        { at: this.at, currency: this.network.baseCurrency, fx: this.network.fx },
      );
      if (!quote.ok) {
        result = {
          ok: false,
          rejection: {
            serviceId: step.service.id,
            partnerId: step.service.partnerId,
            rule: 'no-rate',
            detail: describeRatingFailure(quote.error),
          },
        };
        break;
      }
      total += quote.value.total.amount;
    }
    result ??= { ok: true, cost: total, border: this.borderCost(step.service) };
    byStep.set(step, result);
    byPrice.set(step.priceKey, result);
    return result;
  }
}

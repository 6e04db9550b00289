import type { Activity, Incoterm, Mode, Service, TrackingLevel } from '../network/index.ts';
import type { Dimensions, GoodsFlag, RatingFailure } from '../rating/index.ts';
import type { SellerRegistrations } from '../customs/index.ts';
import type { CountryCode, CurrencyCode, Exact, Money } from '../shared/index.ts';
import type { PlanBorder } from './border.ts';

export const TIERS = ['economy', 'standard', 'express'] as const;
export type Tier = (typeof TIERS)[number];

export interface OrderItem {
  readonly description: string;
  readonly hsCode: string;
  readonly quantity: number;
  readonly unitValue: Money;
  readonly originCountry: CountryCode;
  /** Net weight of the whole item line (all its units), grams. */
  readonly weightG: number;
  readonly sku: string | null;
  readonly goods: readonly GoodsFlag[];
}

export interface OrderParcel {
  readonly weightG: number;
  readonly dims: Dimensions | undefined;
  readonly goods: readonly GoodsFlag[];
  /** Declared value of the parcel's contents. */
  readonly declaredValue: Money;
  readonly items: readonly OrderItem[];
  /** The supplier-region location the parcel is picked up from. */
  readonly pickupLocation: string;
}

export type DeliveryRequirement =
  | { readonly kind: 'tier'; readonly tier: Tier }
  | { readonly kind: 'within'; readonly days: number; readonly tier: Tier };

export interface Buyer {
  readonly country: CountryCode;
  readonly postcode: string | undefined;
  readonly city: string | undefined;
  /** ISO 3166-2 subdivision, where the destination's tax depends on it (Canadian HST, Brazilian ICMS). */
  readonly region?: string | undefined;
  /** For labels and customs papers only: never shown on tracking pages. */
  readonly name?: string | undefined;
  readonly addressLines?: readonly string[] | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
}

/** How the buyer paid: China's 9610 export filing lists the payment beside the order and the waybill. */
export interface OrderPayment {
  /** The payment enterprise (e.g. a licensed cross-border payment institution). */
  readonly provider: string;
  readonly transactionId: string;
  readonly paidAtMs: number | undefined;
}

export interface Order {
  readonly id: string;
  readonly parcels: readonly OrderParcel[];
  readonly buyer: Buyer;
  readonly requirement: DeliveryRequirement;
  readonly incoterm: Incoterm;
  readonly orderedAtMs: number;
  readonly payment?: OrderPayment | undefined;
  /** The seller's registrations (IOSS, UK VAT, ARN, …): taxes they cover are collected at sale. */
  readonly registrations?: SellerRegistrations | undefined;
  /** The marketplace or shop the order was sold on. */
  readonly platform?: string | undefined;
}

export interface TierPolicy {
  readonly withinDays: number;
  /** The chain must arrive within withinDays with at least this probability. */
  readonly confidence: number;
  /** Margin on plan cost, a fraction ("0.15"), with a minimum in the policy currency's minor units. */
  readonly marginRate: Exact;
  readonly marginMinimum: Exact;
}

export interface PlanningPolicy {
  readonly currency: CurrencyCode;
  readonly tiers: Readonly<Record<Tier, TierPolicy>>;
  /** For "deliver within N days": the confidence the chain must reach. */
  readonly withinConfidence: number;
  /** At most this many Pareto alternatives (cost against P90) per order, the plan included. */
  readonly alternativesBudget: number;
}

/** Units of stock per warehouse location and SKU. */
export type StockTable = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Capacity already taken on a departure (service id + departure instant), in kg and parcels. */
export interface CapacityUse {
  usedKg(serviceId: string, departsMs: number): number;
  usedParcels(serviceId: string, departsMs: number): number;
}

export interface DaysSummary {
  readonly p50: number;
  readonly p90: number;
}

export interface PlannedLeg {
  readonly activity: string;
  readonly activities: readonly Activity[];
  readonly partnerId: string;
  readonly serviceId: string;
  readonly from: string;
  readonly to: string;
  readonly cost: Money;
  /** The leg's own time: wait for its departure plus its transit or processing, in days. */
  readonly days: DaysSummary;
  readonly tracking: TrackingLevel;
  /** The departure taken when goods are ready at their median time, if the service keeps a schedule. */
  readonly departure: {
    readonly cutoff: string;
    readonly departs: string;
    readonly timezone: string;
  } | null;
}

export interface Plan {
  readonly legs: readonly PlannedLeg[];
  /** Logistics: the legs' costs. */
  readonly cost: Money;
  /** Duties, taxes and fees at the border of this chain's channel, at its own import date. */
  readonly border: PlanBorder;
  /** Logistics plus the border's total (seller's and buyer's): what chains are compared on. */
  readonly totalCost: Money;
  /** From the order time to delivery, in days. */
  readonly days: DaysSummary;
  readonly onTimeProbability: number;
  readonly lossProbability: number;
  /** Share of the chain's expected time covered by full scan events. */
  readonly trackingVisibility: number;
  readonly deadline: string;
  /** The mode when every leg is one partner's bundle of that mode, else 'value-chain'. */
  readonly kind: Mode | 'value-chain';
  readonly startsFrom: 'supplier' | 'warehouse-stock';
}

export type Infeasible = { readonly feasible: false; readonly reason: string };

export interface Rejection {
  readonly activity: string;
  readonly serviceId: string;
  readonly partnerId: string;
  readonly rule:
    | 'goods-refused'
    | 'over-max-weight'
    | 'over-max-size'
    | 'over-max-declared-value'
    | 'no-rate'
    | 'no-departure'
    | 'capacity-full';
  readonly detail: string;
}

export interface LegExplanation {
  readonly activity: string;
  readonly chosen: {
    readonly serviceId: string;
    readonly partnerId: string;
    readonly cost: Money;
    readonly days: DaysSummary;
  };
  readonly why: string;
  readonly runnerUp: {
    readonly serviceId: string;
    readonly partnerId: string;
    readonly costDifference: Money;
    readonly p90Difference: number;
  } | null;
  readonly rejected: readonly Rejection[];
}

export const BASELINE_MODES = ['postal', 'express', 'dedicatedLine', 'overseasWarehouse'] as const;
export type BaselineName = (typeof BASELINE_MODES)[number];

export interface Saving {
  /** On the total landed cost (logistics plus duties, taxes and fees). */
  readonly cost: Money;
  readonly logisticsCost: Money;
  readonly p90Days: number;
}

export interface Quote {
  readonly tier: Tier;
  readonly planCost: Money;
  readonly margin: Money;
  readonly price: Money;
  /** Duties, taxes and fees: what the seller pays (in the price) and what the buyer pays at the door. */
  readonly dutiesAndTaxes:
    | { readonly status: 'not-estimated'; readonly note: string }
    | {
        readonly status: 'estimated';
        /** Borne by the seller and included in the price (DDP, or taxes collected at sale). */
        readonly amount: Money;
        /** Paid by the buyer on delivery (DAP). */
        readonly buyerOnDelivery: Money;
        readonly importDate: string;
        readonly warnings: readonly string[];
      }
    | { readonly status: 'unknown'; readonly reason: string };
}

export interface ReturnPlan {
  readonly feasible: true;
  readonly legs: readonly PlannedLeg[];
  readonly cost: Money;
  readonly days: DaysSummary;
  readonly to: string;
}

export interface OrderPlan {
  readonly orderId: string;
  readonly feasible: boolean;
  readonly tier: Tier;
  readonly requirement: { readonly withinDays: number; readonly confidence: number };
  readonly plan: Plan | null;
  readonly alternatives: readonly Plan[];
  readonly baselines: Readonly<Record<BaselineName, Plan | Infeasible>>;
  readonly savings: Readonly<Partial<Record<BaselineName, Saving>>>;
  readonly returnPlan: ReturnPlan | Infeasible;
  /** Returns through the baseline's own partner(s): today's modes often take none. null where the baseline is infeasible. */
  readonly baselineReturns: Readonly<Record<BaselineName, ReturnPlan | Infeasible | null>>;
  readonly explanation: readonly LegExplanation[];
  readonly quote: Quote | null;
  readonly reasons: readonly string[];
}

/** A rated service for one order, shared by every chain that uses it. */
export interface RatedService {
  readonly service: Service;
  readonly cost: Money | null;
  readonly rejection: Rejection | null;
  readonly ratingFailure: RatingFailure | null;
}

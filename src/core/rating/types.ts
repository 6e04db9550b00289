import type { CountryCode, CurrencyCode, Exact, Money } from '../shared/index.ts';

/** Goods that carriers refuse or surcharge. Battery flags follow UN3481 (in/with equipment, Section II). */
export const GOODS_FLAGS = [
  'battery-in-equipment',
  'battery-with-equipment',
  'liquid',
  'powder',
  'magnet',
  'cosmetics',
] as const;
export type GoodsFlag = (typeof GOODS_FLAGS)[number];

export interface Dimensions {
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

export interface Destination {
  readonly country: CountryCode;
  readonly postcode?: string | undefined;
}

/** What rating needs to know of a parcel. Weight in grams, sides in millimetres. */
export interface ParcelToRate {
  readonly weightG: number;
  readonly dims?: Dimensions | undefined;
  readonly goods: readonly GoodsFlag[];
  readonly destination: Destination;
}

/**
 * - `max`: the greater of actual and volumetric weight (express, most lines);
 * - `volumetric-if-double`: volumetric only when it is at least twice the actual weight;
 * - `actual`: actual weight only (posts, many dedicated lines).
 */
export const CHARGEABLE_WEIGHT_RULES = ['max', 'volumetric-if-double', 'actual'] as const;
export type ChargeableWeightRule = (typeof CHARGEABLE_WEIGHT_RULES)[number];

export interface ChargeableWeightPolicy {
  readonly rule: ChargeableWeightRule;
  /** cm³ per kg: 5000 for express, 6000 for air cargo, 8000 or 9000 on some lines. */
  readonly divisor: number;
  /** Chargeable weight is rounded up to a multiple of this (1 = by the gram, 500 = next half kilo). */
  readonly roundUpToG: number;
  readonly minimumG: number;
}

export interface ChargeableWeight {
  readonly actualG: number;
  /** null when the parcel has no dimensions. */
  readonly volumetricG: number | null;
  readonly chargeableG: number;
}

/** Amounts on cards are exact minor units of the card's currency (a per-kg rate may carry fractions of a cent). */
export interface WeightBand {
  /** Exclusive lower edge: the band covers weights above this. */
  readonly fromG: number;
  /** Inclusive upper edge; null for the open band that prices everything beyond the last edge. */
  readonly toG: number | null;
  readonly itemFee: Exact;
  readonly perKg: Exact;
  readonly line?: number | undefined;
}

export interface BandedRates {
  readonly kind: 'banded';
  readonly bands: readonly WeightBand[];
}

export interface StepRates {
  readonly kind: 'step';
  readonly firstG: number;
  readonly firstPrice: Exact;
  readonly stepG: number;
  readonly stepPrice: Exact;
  readonly maxG: number;
  /** Express cards price heavy parcels per kg of the whole weight beyond the last step; null if the card stops at maxG. */
  readonly overMaxPerKg: Exact | null;
  readonly line?: number | undefined;
}

export type DestinationRates = BandedRates | StepRates;

/** A country, or a postcode prefix within it, belongs to a zone. An empty prefix means the whole country. */
export interface ZoneRule {
  readonly zone: string;
  readonly country: CountryCode;
  readonly postcodePrefix: string;
}

export interface RateCard {
  readonly id: string;
  readonly currency: CurrencyCode;
  readonly shape: 'banded' | 'step';
  /** Keyed by zone name when the card has a zone table, by ISO country code otherwise. */
  readonly rates: ReadonlyMap<string, DestinationRates>;
  readonly zones: readonly ZoneRule[] | null;
}

/** A card is in force from `validFrom` (inclusive) until `validTo` (exclusive), both UTC instants in ms. */
export interface DatedRateCard {
  readonly card: RateCard;
  readonly validFromMs: number;
  readonly validToMs: number | null;
}

export interface DatedRate {
  readonly validFromMs: number;
  /** A fraction: 0.125 is 12.5 %. */
  readonly rate: Exact;
}

export type Surcharge =
  | {
      readonly kind: 'fuel';
      readonly name: string;
      /** Sorted by validFromMs; the last one that has started is in force. */
      readonly schedule: readonly DatedRate[];
    }
  | {
      readonly kind: 'remote-area';
      readonly name: string;
      readonly areas: readonly {
        readonly country: CountryCode;
        readonly postcodePrefixes: readonly string[];
      }[];
      readonly fee: Exact;
      readonly perKg: Exact;
    }
  | {
      readonly kind: 'special-cargo';
      readonly name: string;
      readonly goods: readonly GoodsFlag[];
      readonly fee: Exact;
      readonly perKg: Exact;
    }
  | {
      readonly kind: 'oversize';
      readonly name: string;
      readonly longestSideOverMm: number | null;
      /** Length plus girth: longest side + 2 × each of the other two. */
      readonly lengthPlusGirthOverMm: number | null;
      readonly actualWeightOverG: number | null;
      readonly fee: Exact;
    };

/** Everything needed to price a parcel on one service. Surcharge amounts are in the currency of the card in force. */
export interface ServicePricing {
  readonly chargeableWeight: ChargeableWeightPolicy;
  readonly cards: readonly DatedRateCard[];
  readonly surcharges: readonly Surcharge[];
  /** Freight never below this, in minor units of the card's currency. */
  readonly minimumCharge: Exact | null;
}

export interface FxRate {
  readonly currency: CurrencyCode;
  /** How many units of the base currency one unit of `currency` buys (major units). */
  readonly perUnit: Exact;
  readonly validFromMs: number;
  readonly validToMs: number | null;
}

export interface FxTable {
  readonly base: CurrencyCode;
  readonly rates: readonly FxRate[];
}

export const CHARGE_KINDS = [
  'freight',
  'fuel',
  'remote-area',
  'special-cargo',
  'oversize',
] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];

export interface ChargeLine {
  readonly kind: ChargeKind;
  readonly name: string;
  readonly amount: Money;
}

export interface RateQuote {
  /** Always the sum of the lines. */
  readonly total: Money;
  readonly lines: readonly ChargeLine[];
  readonly weight: ChargeableWeight;
  /** The zone (or country) whose rates applied. */
  readonly rateKey: string;
  readonly cardId: string;
  readonly cardCurrency: CurrencyCode;
  /** Units of the quote currency per unit of the card currency, when they differ. */
  readonly fxRate: string | null;
}

export type RatingFailure =
  | { readonly tag: 'no-card-in-force'; readonly at: string }
  | {
      readonly tag: 'no-rate-for-destination';
      readonly cardId: string;
      readonly country: string;
      readonly postcode: string | null;
    }
  | {
      readonly tag: 'over-max-weight';
      readonly cardId: string;
      readonly rateKey: string;
      readonly maxG: number;
      readonly chargeableG: number;
    }
  | { readonly tag: 'no-fx-rate'; readonly from: string; readonly to: string; readonly at: string };

export interface RatingContext {
  /** The shipping instant: picks the card, fuel rate and FX rate in force. */
  readonly at: Date;
  /** Currency of the quote; the card's own currency when absent. */
  readonly currency?: CurrencyCode | undefined;
  readonly fx?: FxTable | undefined;
}

import type { CountryCode, CurrencyCode, Exact, InputIssue } from '../shared/index.ts';
import type { FxTable, GoodsFlag, ServicePricing } from '../rating/index.ts';

export const LOCATION_KINDS = [
  'supplier-region',
  'hub',
  'airport',
  'seaport',
  'rail-terminal',
  'border-crossing',
  'overseas-warehouse',
  'border-warehouse',
  'returns-point',
  'delivery-zone',
] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** Gateways are where goods cross a border; their side follows from their country. */
export const GATEWAY_KINDS: readonly LocationKind[] = [
  'airport',
  'seaport',
  'rail-terminal',
  'border-crossing',
];

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

export interface Location {
  readonly id: string;
  readonly kind: LocationKind;
  readonly name: string;
  readonly country: CountryCode;
  readonly city: string | null;
  readonly timezone: string;
  readonly iata: string | null;
  readonly unlocode: string | null;
  /** For delivery zones: the postcode prefixes they cover (empty = the whole country). */
  readonly postcodePrefixes: readonly string[];
  readonly coordinates: GeoPoint | null;
}

/** The activities of the paper's value chain, in the order goods meet them. */
export const ACTIVITIES = [
  'pickup',
  'domestic-linehaul',
  'hub-handling',
  'export-clearance',
  'international-linehaul',
  'import-clearance',
  'last-mile',
  'warehouse-fulfilment',
  'returns-handling',
] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** The four modes sellers buy today, each a bundle from one partner. */
export const MODES = [
  'postal',
  'express',
  'dedicated-line',
  'overseas-warehouse',
  'border-warehouse',
] as const;
export type Mode = (typeof MODES)[number];

export const TRANSPORT_MODES = ['air', 'sea', 'rail', 'road'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

export const TRACKING_LEVELS = ['none', 'milestones', 'full'] as const;
export type TrackingLevel = (typeof TRACKING_LEVELS)[number];

export const INCOTERMS = ['DDP', 'DAP'] as const;
export type Incoterm = (typeof INCOTERMS)[number];

export const PARTNER_KINDS = [
  'postal-operator',
  'express-integrator',
  'dedicated-line-operator',
  'pickup-fleet',
  'trucking',
  'airline',
  'ocean-carrier',
  'rail-operator',
  'freight-forwarder',
  'customs-broker',
  'last-mile-carrier',
  'warehouse-operator',
  'returns-operator',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/**
 * A duration distribution in hours. Operators give quantiles (min, median, P90, max: the CDF is
 * piecewise linear through them) or a histogram of days; both are exact descriptions, not one number.
 */
export type Duration =
  | {
      readonly kind: 'quantiles';
      readonly minH: number;
      readonly p50H: number;
      readonly p90H: number;
      readonly maxH: number;
    }
  | {
      readonly kind: 'histogram';
      /** Sorted by hours; probabilities sum to 1. */
      readonly points: readonly { readonly hours: number; readonly probability: number }[];
    };

/** A lane: goods from any of `from` to any of `to` take `transit`. Endpoints are location ids or ISO countries. */
export interface Lane {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly transit: Duration;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock time, minutes after midnight. */
export type MinuteOfDay = number;

export interface Departure {
  readonly weekdays: readonly Weekday[];
  /** Goods handed over after the cut-off wait for the next departure. */
  readonly cutoff: MinuteOfDay;
  readonly departs: MinuteOfDay;
  readonly capacityKg: number | null;
  readonly capacityParcels: number | null;
}

export interface Schedule {
  readonly timezone: string;
  readonly departures: readonly Departure[];
}

export interface Restrictions {
  readonly maxWeightG: number | null;
  readonly maxLongestSideMm: number | null;
  /** Longest side + 2 × (the other two). */
  readonly maxLengthPlusGirthMm: number | null;
  readonly maxDeclaredValue: { readonly amount: Exact; readonly currency: CurrencyCode } | null;
  readonly refusedGoods: readonly GoodsFlag[];
}

export interface Clearance {
  readonly side: 'export' | 'import';
  readonly aeo: boolean;
  /** Share of consignments physically inspected, in [0, 1]. */
  readonly inspectionRate: number;
  readonly clearanceTime: Duration;
  /** Extra time when inspected. */
  readonly inspectionDelay: Duration;
  /** Whether the AEO-trader figures (inspection rate, clearance time) replaced the standard ones. */
  readonly aeoTraderApplied: boolean;
}

/** Who files the consolidated export declarations as exporter of record (the integrator). */
export interface ExporterOfRecord {
  readonly name: string;
  /** China Customs AEO (advanced certification): export brokers' AEO-trader figures apply. */
  readonly aeo: boolean;
  readonly customsCode: string | null;
}

export interface Warehouse {
  readonly location: string;
  readonly storagePerCubicMetreDay: { readonly amount: Exact; readonly currency: CurrencyCode };
}

export interface Service {
  readonly id: string;
  readonly partnerId: string;
  readonly name: string;
  readonly activities: readonly Activity[];
  /** Set on the bundles that today's modes sell. */
  readonly mode: Mode | null;
  readonly transport: TransportMode | null;
  readonly lanes: readonly Lane[];
  readonly pricing: ServicePricing;
  readonly schedule: Schedule | null;
  readonly restrictions: Restrictions;
  readonly lossRate: number;
  readonly damageRate: number;
  readonly tracking: TrackingLevel;
  readonly clearance: Clearance | null;
  readonly incoterms: readonly Incoterm[];
  readonly warehouse: Warehouse | null;
  /** Where each kind of figure comes from, as the operator noted it. */
  readonly sources: Readonly<Record<string, string>>;
}

export interface Partner {
  readonly id: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly country: CountryCode;
  readonly aeo: boolean;
  readonly services: readonly Service[];
}

export interface Network {
  readonly id: string;
  readonly name: string;
  readonly originCountry: CountryCode;
  readonly baseCurrency: CurrencyCode;
  readonly timezone: string;
  readonly exporterOfRecord: ExporterOfRecord | null;
  readonly locations: ReadonlyMap<string, Location>;
  readonly partners: ReadonlyMap<string, Partner>;
  readonly services: ReadonlyMap<string, Service>;
  readonly fx: FxTable;
}

/** A network source file as the shell read it: its path relative to the network directory and its text. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export type NetworkIssue = InputIssue;

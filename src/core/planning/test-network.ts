// Builders of small in-memory networks for the planner's tests (not used by the product).
import type {
  Activity,
  Duration,
  Location,
  Mode,
  Network,
  Partner,
  Schedule,
  Service,
  TrackingLevel,
} from '../network/index.ts';
import type { GoodsFlag, RateCard, ServicePricing } from '../rating/index.ts';
import type { CountryCode, CurrencyCode } from '../shared/index.ts';
import type { Order, OrderParcel, Tier } from './types.ts';

const CNY = 'CNY' as CurrencyCode;

export function location(
  id: string,
  kind: Location['kind'],
  country: string,
  timezone: string,
): Location {
  return {
    id,
    kind,
    name: id,
    country: country as CountryCode,
    city: null,
    timezone,
    iata: null,
    unlocode: null,
    postcodePrefixes: [],
    coordinates: null,
  };
}

/** A card charging a flat fee (CNY, major units) per parcel to each destination country. */
export function flatCard(id: string, feeYuan: number, countries: readonly string[]): RateCard {
  const rates = new Map(
    countries.map((c) => [
      c,
      {
        kind: 'banded' as const,
        bands: [
          {
            fromG: 0,
            toG: null,
            itemFee: { n: BigInt(Math.round(feeYuan * 100)), d: 1n },
            perKg: { n: 0n, d: 1n },
          },
        ],
      },
    ]),
  );
  return { id, currency: CNY, shape: 'banded', rates, zones: null };
}

export function flatPricing(card: RateCard): ServicePricing {
  return {
    chargeableWeight: { rule: 'actual', divisor: 6000, roundUpToG: 1, minimumG: 0 },
    cards: [{ card, validFromMs: 0, validToMs: null }],
    surcharges: [],
    minimumCharge: null,
  };
}

export const days = (minD: number, p50: number, p90: number, maxD: number): Duration => ({
  kind: 'quantiles',
  minH: minD * 24,
  p50H: p50 * 24,
  p90H: p90 * 24,
  maxH: maxD * 24,
});

export interface ServiceSpec {
  readonly id: string;
  readonly partnerId: string;
  readonly activities: readonly Activity[];
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly feeYuan: number;
  readonly transit: Duration;
  readonly mode?: Mode | null;
  readonly refused?: readonly GoodsFlag[];
  readonly maxWeightG?: number | null;
  readonly lossRate?: number;
  readonly tracking?: TrackingLevel;
  readonly schedule?: Schedule | null;
  readonly rateCountries: readonly string[];
}

export function service(spec: ServiceSpec): Service {
  return {
    id: spec.id,
    partnerId: spec.partnerId,
    name: spec.id,
    activities: spec.activities,
    mode: spec.mode ?? null,
    transport: spec.activities.includes('international-linehaul') ? 'air' : null,
    lanes: [{ from: spec.from, to: spec.to, transit: spec.transit }],
    pricing: flatPricing(flatCard(`card-${spec.id}`, spec.feeYuan, spec.rateCountries)),
    schedule: spec.schedule ?? null,
    restrictions: {
      maxWeightG: spec.maxWeightG ?? null,
      maxLongestSideMm: null,
      maxLengthPlusGirthMm: null,
      maxDeclaredValue: null,
      refusedGoods: spec.refused ?? [],
    },
    lossRate: spec.lossRate ?? 0.001,
    damageRate: 0,
    tracking: spec.tracking ?? 'full',
    clearance: null,
    incoterms: ['DDP', 'DAP'],
    warehouse: null,
    sources: {},
  };
}

export function network(locations: readonly Location[], services: readonly Service[]): Network {
  const partners = new Map<string, Partner>();
  for (const s of services) {
    const p = partners.get(s.partnerId);
    partners.set(s.partnerId, {
      id: s.partnerId,
      name: s.partnerId,
      kind: 'freight-forwarder',
      country: 'CN' as CountryCode,
      aeo: false,
      services: [...(p?.services ?? []), s],
    });
  }
  return {
    id: 'test',
    name: 'test',
    originCountry: 'CN' as CountryCode,
    baseCurrency: CNY,
    timezone: 'Asia/Shanghai',
    exporterOfRecord: null,
    locations: new Map(locations.map((l) => [l.id, l])),
    partners,
    services: new Map(services.map((s) => [s.id, s])),
    fx: { base: CNY, rates: [] },
  };
}

export function parcel(
  pickup: string,
  goods: readonly GoodsFlag[] = [],
  weightG = 500,
): OrderParcel {
  return {
    weightG,
    dims: undefined,
    goods,
    declaredValue: { amount: 5000, currency: CNY },
    items: [],
    pickupLocation: pickup,
  };
}

export function order(
  id: string,
  parcels: readonly OrderParcel[],
  country: string,
  withinDays: number | null,
  tier: Tier = 'standard',
  orderedAt = '2026-11-25T02:00:00Z',
): Order {
  return {
    id,
    parcels,
    buyer: { country: country as CountryCode, postcode: undefined, city: undefined },
    requirement:
      withinDays === null ? { kind: 'tier', tier } : { kind: 'within', days: withinDays, tier },
    incoterm: 'DDP',
    orderedAtMs: Date.parse(orderedAt),
  };
}

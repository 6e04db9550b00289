import type { Activity, LocationKind, Mode, Network, PartnerKind } from './types.ts';

export interface NetworkSummary {
  readonly id: string;
  readonly name: string;
  readonly originCountry: string;
  readonly baseCurrency: string;
  readonly locations: number;
  readonly locationsByKind: Partial<Record<LocationKind, number>>;
  readonly partners: number;
  readonly partnersByKind: Partial<Record<PartnerKind, number>>;
  readonly services: number;
  readonly servicesByActivity: Partial<Record<Activity, number>>;
  readonly servicesByMode: Partial<Record<Mode, number>>;
  /** Countries some service delivers to (last mile, or a bundle's destination). */
  readonly destinationCountries: readonly string[];
  readonly rateCards: number;
}

const bump = <K extends string>(counts: Partial<Record<K, number>>, key: K) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export function summarizeNetwork(network: Network): NetworkSummary {
  const locationsByKind: Partial<Record<LocationKind, number>> = {};
  for (const loc of network.locations.values()) bump(locationsByKind, loc.kind);
  const partnersByKind: Partial<Record<PartnerKind, number>> = {};
  for (const p of network.partners.values()) bump(partnersByKind, p.kind);
  const servicesByActivity: Partial<Record<Activity, number>> = {};
  const servicesByMode: Partial<Record<Mode, number>> = {};
  const destinations = new Set<string>();
  const cards = new Set<string>();
  for (const s of network.services.values()) {
    for (const a of s.activities) bump(servicesByActivity, a);
    if (s.mode) bump(servicesByMode, s.mode);
    for (const c of s.pricing.cards) cards.add(c.card.id);
    if (s.activities.includes('last-mile')) {
      for (const lane of s.lanes) {
        for (const to of lane.to) {
          const country = network.locations.get(to)?.country ?? to;
          if (country !== network.originCountry) destinations.add(country);
        }
      }
    }
  }
  return {
    id: network.id,
    name: network.name,
    originCountry: network.originCountry,
    baseCurrency: network.baseCurrency,
    locations: network.locations.size,
    locationsByKind,
    partners: network.partners.size,
    partnersByKind,
    services: network.services.size,
    servicesByActivity,
    servicesByMode,
    destinationCountries: [...destinations].sort(),
    rateCards: cards.size,
  };
}

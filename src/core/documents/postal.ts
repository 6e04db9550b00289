import type { Network, Service } from '../network/index.ts';
import type { PlannedLeg } from '../planning/index.ts';
import { type CountryCode, formatS10, isCountryCode } from '../shared/index.ts';
import type { DocumentLeg } from './types.ts';

/*
 * Postal items: a shipment whose chain includes a leg carried by a designated postal operator (a
 * partner of kind postal-operator, or a service sold in the postal mode). Its parcels are postal
 * items: they get an S10 identifier issued for that post's country, a CN 22 or CN 23 declaration,
 * and the S10 is their tracking number.
 */

/** The postal leg of a chain and the post that accepts the items. */
export interface PostalCarriage {
  readonly leg: DocumentLeg;
  /** The designated operator, as the forms name it. */
  readonly operatorName: string;
  /** The country of the post that issues the S10 identifiers. */
  readonly country: CountryCode;
}

/** The shipment's postal leg, or null when no post carries it (no S10, no CN 22/23). */
export function postalCarriage(legs: readonly DocumentLeg[]): PostalCarriage | null {
  for (const leg of legs) {
    const postal = leg.partnerKind === 'postal-operator' || leg.mode === 'postal';
    if (postal && leg.partnerCountry)
      return { leg, operatorName: leg.partnerName, country: leg.partnerCountry };
  }
  return null;
}

/**
 * UPU S10 service indicators (first letter; the post assigns the second): E = EMS, C = parcel post,
 * L = letter-post items tracked but not registered (the ePacket-type tracked small packet),
 * U = other letter-post items carrying a barcode. Letter post stops at 2 kg (the UPU small-packet
 * limit); heavier items are parcels.
 */
export const LETTER_POST_MAX_G = 2000;

/**
 * The second letter this integrator uses with each first letter. In production a post allocates
 * its customer a prefix and a range; this stands for that agreement.
 */
export const S10_SECOND_LETTER = 'X';

export interface S10Indicator {
  /** Two letters, e.g. "LX". */
  readonly code: string;
  readonly meaning: string;
}

/** The S10 service indicator of a postal item on a carriage, by the UPU list (see LETTER_POST_MAX_G). */
export function s10IndicatorFor(carriage: PostalCarriage, weightG: number): S10Indicator {
  const leg = carriage.leg;
  let letter: string;
  let meaning: string;
  if (leg.mode === 'express') {
    letter = 'E';
    meaning = 'EMS';
  } else if (weightG > LETTER_POST_MAX_G) {
    letter = 'C';
    meaning = 'parcel post';
  } else if (leg.tracking === 'full') {
    letter = 'L';
    meaning = 'tracked small packet (letter post, up to 2 kg)';
  } else {
    letter = 'U';
    meaning = 'small packet (letter post, up to 2 kg)';
  }
  return { code: `${letter}${S10_SECOND_LETTER}`, meaning };
}

/** The S10 identifier of a postal item from a serial the store allocated (unique, never reused). */
export function s10For(carriage: PostalCarriage, weightG: number, serial: number): string {
  return formatS10(s10IndicatorFor(carriage, weightG).code, serial, carriage.country);
}

/** What the indicator letters of an S10 identifier mean, for a label ("LX…SG"). */
export function s10Meaning(s10: string): string {
  switch (s10[0]) {
    case 'E':
      return 'EMS';
    case 'C':
      return 'parcel post';
    case 'L':
      return 'tracked small packet';
    case 'U':
      return 'small packet';
    case 'R':
      return 'registered';
    case 'V':
      return 'insured';
    default:
      return 'postal item';
  }
}

/** A stored leg (its service and partner ids) with what the network says of them. */
export interface StoredLeg {
  readonly seq: number;
  readonly serviceId: string;
  readonly partnerId: string;
  readonly from: string;
  readonly to: string;
  readonly cost: DocumentLeg['cost'];
  readonly departsAtMs: number | null;
}

function fromService(leg: StoredLeg, service: Service | undefined, network: Network): DocumentLeg {
  const partner = network.partners.get(leg.partnerId);
  return {
    seq: leg.seq,
    serviceId: leg.serviceId,
    serviceName: service?.name ?? leg.serviceId,
    partnerId: leg.partnerId,
    partnerName: partner?.name ?? leg.partnerId,
    partnerKind: partner?.kind ?? null,
    partnerCountry: partner && isCountryCode(partner.country) ? partner.country : null,
    mode: service?.mode ?? null,
    activities: service?.activities ?? [],
    tracking: service?.tracking ?? null,
    from: leg.from,
    to: leg.to,
    fromName: network.locations.get(leg.from)?.name ?? leg.from,
    toName: network.locations.get(leg.to)?.name ?? leg.to,
    cost: leg.cost,
    departsAtMs: leg.departsAtMs,
  };
}

/** Stored legs with their network facts (a service no longer in the network keeps its ids as names). */
export function documentLegs(legs: readonly StoredLeg[], network: Network): DocumentLeg[] {
  return [...legs]
    .sort((a, b) => a.seq - b.seq)
    .map((l) => fromService(l, network.services.get(l.serviceId), network));
}

/** A plan's legs as the shipment will store them (seq = place in the plan), for parcels made with the shipment. */
export function plannedDocumentLegs(legs: readonly PlannedLeg[], network: Network): DocumentLeg[] {
  return documentLegs(
    legs.map((l, seq) => ({
      seq,
      serviceId: l.serviceId,
      partnerId: l.partnerId,
      from: l.from,
      to: l.to,
      cost: l.cost,
      departsAtMs: l.departure ? Date.parse(l.departure.departs) : null,
    })),
    network,
  );
}

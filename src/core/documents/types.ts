import type { SellerProfile } from '../customs/index.ts';
import type { Activity, Mode, PartnerKind, TrackingLevel } from '../network/index.ts';
import type { Order } from '../planning/index.ts';
import type { CountryCode, Money } from '../shared/index.ts';

/** A party as printed: its name and its address lines, top to bottom, ready for a box. */
export interface DocParty {
  readonly name: string;
  /** Street lines, the town line (postcode and city in the destination's order), the region, the country in capitals. */
  readonly lines: readonly string[];
  readonly city: string;
  readonly postcode: string | null;
  readonly country: CountryCode;
  /** English short name of the country ("Germany"). */
  readonly countryName: string;
  readonly phone: string | null;
  readonly email: string | null;
}

/** A stored parcel of a shipment (table `parcels`): one per order parcel, in the order's sequence. */
export interface ParcelRecord {
  readonly id: string;
  /** 0-based place among the shipment's parcels, the order's parcel of the same index. */
  readonly seq: number;
  readonly weightG: number;
  /** The S10 identifier for a postal item, else the Silkline parcel id. */
  readonly trackingNumber: string;
  readonly s10: string | null;
}

/** A leg of the shipment with what the network says of its service and partner. */
export interface DocumentLeg {
  readonly seq: number;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly partnerId: string;
  readonly partnerName: string;
  /** null when the service is no longer in the loaded network (names then fall back to ids). */
  readonly partnerKind: PartnerKind | null;
  readonly partnerCountry: CountryCode | null;
  readonly mode: Mode | null;
  readonly activities: readonly Activity[];
  readonly tracking: TrackingLevel | null;
  readonly from: string;
  readonly to: string;
  /** The network's names of the places ("Shenzhen supplier region"), or the labels as stored. */
  readonly fromName: string;
  readonly toName: string;
  readonly cost: Money;
  /** The scheduled departure the plan took, if the service keeps a schedule. */
  readonly departsAtMs: number | null;
}

/** Everything the documents of one shipment are made from; the shell reads it from the store. */
export interface ShipmentFacts {
  readonly shipmentId: string;
  readonly orderId: string;
  /** The seller's own order id. */
  readonly orderRef: string;
  readonly order: Order;
  /** In sequence. */
  readonly legs: readonly DocumentLeg[];
  /** In sequence, one per order parcel. */
  readonly parcels: readonly ParcelRecord[];
  /** null while the seller has set no profile: then no document can name the shipper. */
  readonly seller: SellerProfile | null;
  /** When the shipment was created: the documents' date of issue (stable from one request to the next). */
  readonly issuedAtMs: number;
  /** The origin network's time zone: the date of issue is the local date there. */
  readonly timezone: string;
}

export type DocumentProblemCode =
  | 'no-seller-profile'
  | 'consignee-incomplete'
  | 'parcels-missing'
  | 'not-postal'
  | 'no-such-form'
  | 'no-sdr-rate'
  | 'no-such-parcel';

/** Why a document cannot be made: an expected failure, returned (the shell maps it to a problem). */
export interface DocumentProblem {
  readonly code: DocumentProblemCode;
  readonly message: string;
  /** Field-level reasons (the order's buyer fields a label needs, …). */
  readonly fields?: readonly { readonly field: string; readonly message: string }[];
}

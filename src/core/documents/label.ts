import type { Incoterm } from '../network/index.ts';
import type { CustomsDeclarations } from './customs-declaration.ts';
import { kgText } from './format.ts';
import { s10Meaning } from './postal.ts';
import type { PreparedShipment } from './shipment.ts';
import type { DocParty, DocumentProblem } from './types.ts';

/** A 4 × 6 inch shipping label of one parcel. */
export interface ShippingLabel {
  readonly parcelId: string;
  readonly n: number;
  readonly count: number;
  /** The number every scan reads: the S10 for a postal item, else the Silkline parcel id. */
  readonly trackingNumber: string;
  /** What the Code 128 barcode encodes (the tracking number itself). */
  readonly barcode: { readonly symbology: 'code128'; readonly text: string };
  readonly s10: string | null;
  /** "L — tracked small packet" for a postal item. */
  readonly s10Service: string | null;
  readonly carrierText: string;
  readonly chainText: string;
  readonly sender: DocParty;
  readonly addressee: DocParty;
  /** "CN → DE". */
  readonly routeText: string;
  readonly weightText: string;
  readonly parcelText: string;
  readonly incoterm: Incoterm;
  /** "CN 22 attached", "CN 23 attached" or "Commercial invoice attached". */
  readonly customsText: string;
  readonly orderRef: string;
  readonly shipmentId: string;
  readonly issuedOn: string;
}

/** The labels of every parcel, in order; postal items name the customs form they carry. */
export function buildLabels(
  s: PreparedShipment,
  customs: CustomsDeclarations | null,
): ShippingLabel[] {
  const count = s.parcels.length;
  return s.parcels.map((p) => {
    const declaration = customs?.declarations.find((d) => d.parcelN === p.n);
    const s10 = p.record.s10;
    return {
      parcelId: p.record.id,
      n: p.n,
      count,
      trackingNumber: p.record.trackingNumber,
      barcode: { symbology: 'code128', text: p.record.trackingNumber },
      s10,
      s10Service: s10 ? `${s10[0]} — ${s10Meaning(s10)}` : null,
      carrierText: s.carriageText,
      chainText: s.chainText,
      sender: s.shipper,
      addressee: s.consignee,
      routeText: `${s.shipper.country} → ${s.consignee.country}`,
      weightText: kgText(p.record.weightG),
      parcelText: `Parcel ${p.n} of ${count}`,
      incoterm: s.facts.order.incoterm,
      customsText: declaration
        ? `${declaration.form === 'CN22' ? 'CN 22' : 'CN 23'} attached`
        : 'Commercial invoice attached',
      orderRef: s.facts.orderRef,
      shipmentId: s.facts.shipmentId,
      issuedOn: s.issuedOn,
    };
  });
}

/** The label of parcel n (1-based), or why there is none. */
export function labelOf(
  labels: readonly ShippingLabel[],
  n: number,
): { ok: true; value: ShippingLabel } | { ok: false; error: DocumentProblem } {
  const label = labels.find((l) => l.n === n);
  if (label) return { ok: true, value: label };
  return {
    ok: false,
    error: {
      code: 'no-such-parcel',
      message: `the shipment has ${labels.length} parcel(s): label-1 … label-${labels.length}; there is no parcel ${n}`,
    },
  };
}

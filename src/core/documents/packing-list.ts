import { kgText } from './format.ts';
import { type ItemLine, itemLine, type PreparedShipment } from './shipment.ts';
import type { DocParty } from './types.ts';

export interface PackedParcel {
  readonly n: number;
  readonly count: number;
  readonly parcelId: string;
  readonly trackingNumber: string;
  readonly s10: string | null;
  /** "200 × 150 × 40 mm", or null when the order gave no dimensions. */
  readonly dimsText: string | null;
  readonly grossWeightG: number;
  readonly grossWeightText: string;
  readonly lines: readonly ItemLine[];
  readonly quantity: number;
  readonly netWeightText: string;
}

export interface PackingList {
  readonly kind: 'packing-list';
  readonly title: string;
  readonly issuedOn: string;
  readonly shipmentId: string;
  readonly orderRef: string;
  readonly shipper: DocParty;
  readonly consignee: DocParty;
  readonly carriageText: string;
  readonly parcels: readonly PackedParcel[];
  readonly totals: {
    readonly parcels: number;
    readonly quantity: number;
    readonly grossWeightG: number;
    readonly grossWeightText: string;
    readonly netWeightG: number;
    readonly netWeightText: string;
  };
}

export function buildPackingList(s: PreparedShipment): PackingList {
  const count = s.parcels.length;
  let no = 0;
  const parcels: PackedParcel[] = s.parcels.map((p) => {
    const lines = p.parcel.items.map((item) => itemLine(item, ++no, p.n));
    const dims = p.parcel.dims;
    return {
      n: p.n,
      count,
      parcelId: p.record.id,
      trackingNumber: p.record.trackingNumber,
      s10: p.record.s10,
      dimsText: dims ? `${dims.lengthMm} × ${dims.widthMm} × ${dims.heightMm} mm` : null,
      grossWeightG: p.record.weightG,
      grossWeightText: kgText(p.record.weightG),
      lines,
      quantity: lines.reduce((sum, l) => sum + l.quantity, 0),
      netWeightText: kgText(lines.reduce((sum, l) => sum + l.netWeightG, 0)),
    };
  });
  const grossWeightG = parcels.reduce((sum, p) => sum + p.grossWeightG, 0);
  const netWeightG = parcels.reduce(
    (sum, p) => sum + p.lines.reduce((s2, l) => s2 + l.netWeightG, 0),
    0,
  );
  return {
    kind: 'packing-list',
    title: 'Packing list',
    issuedOn: s.issuedOn,
    shipmentId: s.facts.shipmentId,
    orderRef: s.facts.orderRef,
    shipper: s.shipper,
    consignee: s.consignee,
    carriageText: s.carriageText,
    parcels,
    totals: {
      parcels: count,
      quantity: parcels.reduce((sum, p) => sum + p.quantity, 0),
      grossWeightG,
      grossWeightText: kgText(grossWeightG),
      netWeightG,
      netWeightText: kgText(netWeightG),
    },
  };
}

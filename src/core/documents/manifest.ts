import type { Incoterm } from '../network/index.ts';
import { csvField, formatMajor, type Money } from '../shared/index.ts';
import { kgText, localDateTimeText, moneyText } from './format.ts';
import { type MoneyTotal, totalsByCurrency } from './shipment.ts';
import type { ShipmentFacts } from './types.ts';

/*
 * The manifest of one line-haul departure (a service and its departure instant): every parcel
 * booked on it and its declaration, one row per item line. It goes to the carrier and to customs,
 * so it names no seller and no seller's order: shipment and parcel ids, tracking numbers, the
 * consignee's town and country, weights, goods, HS codes and values.
 */

export interface ManifestService {
  readonly id: string;
  readonly name: string;
  readonly partnerId: string;
  readonly partnerName: string;
  /** The schedule's zone, for the local departure time. */
  readonly timezone: string;
}

export interface ManifestInput {
  readonly service: ManifestService;
  readonly departsAtMs: number;
  readonly generatedAtMs: number;
  /** The shipments booked on the departure (any order: rows are sorted by shipment and parcel). */
  readonly shipments: readonly Pick<ShipmentFacts, 'shipmentId' | 'order' | 'parcels'>[];
}

export interface ManifestRow {
  readonly shipmentId: string;
  readonly parcelId: string;
  readonly trackingNumber: string;
  readonly s10: string | null;
  /** "1/2". */
  readonly parcelText: string;
  readonly consigneeCity: string;
  readonly consigneePostcode: string;
  readonly consigneeCountry: string;
  readonly grossWeightG: number;
  readonly incoterm: Incoterm;
  /** The item line's number within its parcel (1-based). */
  readonly item: number;
  readonly description: string;
  readonly hsCode: string;
  readonly originCountry: string;
  readonly quantity: number;
  readonly netWeightG: number;
  readonly value: Money;
  readonly valueText: string;
}

export interface ManifestParcel {
  readonly shipmentId: string;
  readonly parcelId: string;
  readonly trackingNumber: string;
  readonly s10: string | null;
  readonly parcelText: string;
  readonly consigneeText: string;
  readonly grossWeightText: string;
  readonly rows: readonly ManifestRow[];
}

export interface Manifest {
  readonly kind: 'manifest';
  readonly title: string;
  readonly serviceText: string;
  readonly carrierText: string;
  readonly departsAtIso: string;
  readonly departsText: string;
  readonly generatedText: string;
  readonly parcels: readonly ManifestParcel[];
  readonly rows: readonly ManifestRow[];
  readonly totals: {
    readonly shipments: number;
    readonly parcels: number;
    readonly lines: number;
    readonly grossWeightG: number;
    readonly grossWeightText: string;
    readonly values: readonly MoneyTotal[];
  };
  /** RFC 4180 text (CRLF line ends), one row per item line, the header first. */
  readonly csv: string;
}

export const MANIFEST_CSV_COLUMNS = [
  'service_id',
  'departs_at',
  'shipment_id',
  'parcel_id',
  'tracking_number',
  's10',
  'parcel',
  'consignee_city',
  'consignee_postcode',
  'consignee_country',
  'gross_weight_g',
  'incoterm',
  'item',
  'description',
  'hs_code',
  'origin_country',
  'quantity',
  'net_weight_g',
  'value',
  'currency',
] as const;

/**
 * A CSV field: quoted when it holds a comma, a quote or a line break. Free text that starts like a
 * spreadsheet formula (= + - @, tab, CR) gets a leading apostrophe, so opening the manifest in a
 * spreadsheet cannot run a seller's text as a formula.
 */
export function csvCell(value: string, freeText = false): string {
  return csvField(freeText && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

export function buildManifest(input: ManifestInput): Manifest {
  const departsAtIso = new Date(input.departsAtMs).toISOString();
  const shipments = [...input.shipments].sort((a, b) => a.shipmentId.localeCompare(b.shipmentId));
  const parcels: ManifestParcel[] = [];
  for (const s of shipments) {
    const buyer = s.order.buyer;
    const records = [...s.parcels].sort((a, b) => a.seq - b.seq);
    for (const record of records) {
      const parcel = s.order.parcels[record.seq];
      if (!parcel) continue;
      const parcelText = `${record.seq + 1}/${records.length}`;
      const rows = parcel.items.map((item, j): ManifestRow => {
        const value = {
          amount: item.unitValue.amount * item.quantity,
          currency: item.unitValue.currency,
        };
        return {
          shipmentId: s.shipmentId,
          parcelId: record.id,
          trackingNumber: record.trackingNumber,
          s10: record.s10,
          parcelText,
          consigneeCity: buyer.city ?? '',
          consigneePostcode: buyer.postcode ?? '',
          consigneeCountry: buyer.country,
          grossWeightG: record.weightG,
          incoterm: s.order.incoterm,
          item: j + 1,
          description: item.description,
          hsCode: item.hsCode,
          originCountry: item.originCountry,
          quantity: item.quantity,
          netWeightG: item.weightG,
          value,
          valueText: moneyText(value),
        };
      });
      parcels.push({
        shipmentId: s.shipmentId,
        parcelId: record.id,
        trackingNumber: record.trackingNumber,
        s10: record.s10,
        parcelText,
        consigneeText: [buyer.postcode, buyer.city, buyer.country].filter(Boolean).join(' '),
        grossWeightText: kgText(record.weightG),
        rows,
      });
    }
  }
  const rows = parcels.flatMap((p) => p.rows);
  const grossWeightG = parcels.reduce((sum, p) => sum + (p.rows[0]?.grossWeightG ?? 0), 0);
  const lines = [MANIFEST_CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      [
        csvCell(input.service.id),
        departsAtIso,
        r.shipmentId,
        r.parcelId,
        r.trackingNumber,
        r.s10 ?? '',
        r.parcelText,
        csvCell(r.consigneeCity, true),
        csvCell(r.consigneePostcode, true),
        r.consigneeCountry,
        String(r.grossWeightG),
        r.incoterm,
        String(r.item),
        csvCell(r.description, true),
        r.hsCode,
        r.originCountry,
        String(r.quantity),
        String(r.netWeightG),
        formatMajor(r.value),
        r.value.currency,
      ].join(','),
    );
  }
  return {
    kind: 'manifest',
    title: 'Line-haul manifest',
    serviceText: `${input.service.name} (${input.service.id})`,
    carrierText: `${input.service.partnerName} (${input.service.partnerId})`,
    departsAtIso,
    departsText: localDateTimeText(input.departsAtMs, input.service.timezone),
    generatedText: localDateTimeText(input.generatedAtMs, input.service.timezone),
    parcels,
    rows,
    totals: {
      shipments: new Set(parcels.map((p) => p.shipmentId)).size,
      parcels: parcels.length,
      lines: rows.length,
      grossWeightG,
      grossWeightText: kgText(grossWeightG),
      values: totalsByCurrency(rows.map((r) => r.value)),
    },
    csv: lines.join('\r\n') + '\r\n',
  };
}

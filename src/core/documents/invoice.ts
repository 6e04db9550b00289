import type { Incoterm } from '../network/index.ts';
import { kgText } from './format.ts';
import {
  type ImporterReference,
  importerReferenceFor,
  type ImporterReferenceRule,
} from './importer-reference.ts';
import type { SdrRateTable } from './sdr.ts';
import {
  type ItemLine,
  itemLines,
  type MoneyTotal,
  type PreparedShipment,
  totalsByCurrency,
  weightWarnings,
} from './shipment.ts';
import type { DocParty } from './types.ts';

/** The dated data documents read: SDR rates and the importer-reference schemes. */
export interface DocumentRules {
  readonly sdr: SdrRateTable;
  readonly importerReferences: readonly ImporterReferenceRule[];
}

export interface LabelledValue {
  readonly label: string;
  readonly value: string;
}

export interface CommercialInvoice {
  readonly kind: 'invoice';
  readonly title: string;
  /** The shipment id: one invoice per shipment, and CN 23s quote it. */
  readonly invoiceNumber: string;
  readonly issuedOn: string;
  readonly shipmentId: string;
  readonly orderRef: string;
  readonly exporter: DocParty;
  /** China customs code, unified social credit code, EORI, AEO status: the ones the seller has. */
  readonly exporterIds: readonly LabelledValue[];
  readonly consignee: DocParty;
  readonly incoterm: Incoterm;
  readonly incotermText: string;
  readonly reasonForExport: string;
  readonly importerReference: ImporterReference | null;
  /** Invoice no., date, order, terms, payment, platform, carriage: the header's fields in order. */
  readonly details: readonly LabelledValue[];
  readonly lines: readonly ItemLine[];
  readonly totals: readonly MoneyTotal[];
  readonly parcelCount: number;
  readonly grossWeightG: number;
  readonly grossWeightText: string;
  readonly netWeightG: number;
  readonly netWeightText: string;
  readonly declaration: string;
  readonly signatory: string;
  readonly warnings: readonly string[];
}

export const INCOTERM_TEXT: Readonly<Record<Incoterm, string>> = {
  DDP: 'DDP, delivered duty paid: import duties and taxes are paid by the seller',
  DAP: 'DAP, delivered at place: import duties and taxes are paid by the consignee',
};

export function exporterIds(s: PreparedShipment): LabelledValue[] {
  const ids: LabelledValue[] = [];
  const e = s.seller.exporter;
  if (e.customsCode) ids.push({ label: 'China customs code', value: e.customsCode });
  if (e.creditCode) ids.push({ label: 'Unified social credit code', value: e.creditCode });
  if (s.seller.registrations.eori) ids.push({ label: 'EORI', value: s.seller.registrations.eori });
  if (e.aeo) ids.push({ label: 'AEO', value: 'China Customs advanced certified enterprise' });
  return ids;
}

/** The importer's reference to quote for this shipment (a consignment), with the reasons for any not quoted. */
export function shipmentImporterReference(s: PreparedShipment, rules: DocumentRules) {
  return importerReferenceFor(
    s.consignee.country,
    s.issuedOn,
    s.seller.registrations,
    s.goods,
    rules.importerReferences,
    rules.sdr,
  );
}

export const INVOICE_DECLARATION =
  'I declare that the information on this invoice is true and correct, and that the contents of this shipment are as stated above.';

export function buildCommercialInvoice(
  s: PreparedShipment,
  rules: DocumentRules,
): CommercialInvoice {
  const facts = s.facts;
  const lines = itemLines(s.parcels);
  const reference = shipmentImporterReference(s, rules);
  const grossWeightG = s.parcels.reduce((sum, p) => sum + p.record.weightG, 0);
  const netWeightG = lines.reduce((sum, l) => sum + l.netWeightG, 0);
  const payment = facts.order.payment;
  const details: LabelledValue[] = [
    { label: 'Invoice no.', value: facts.shipmentId },
    { label: 'Date', value: s.issuedOn },
    { label: 'Order', value: facts.orderRef },
    { label: 'Terms of delivery', value: INCOTERM_TEXT[facts.order.incoterm] },
    { label: 'Reason for export', value: 'Sale of goods' },
    ...(payment
      ? [{ label: 'Payment', value: `${payment.provider}, transaction ${payment.transactionId}` }]
      : []),
    ...(facts.order.platform ? [{ label: 'Sold on', value: facts.order.platform }] : []),
    { label: 'Carriage', value: s.carriageText },
    ...(reference.reference
      ? [
          {
            label: `Importer's reference (${reference.reference.label})`,
            value: reference.reference.number,
          },
        ]
      : []),
  ];
  return {
    kind: 'invoice',
    title: 'Commercial invoice',
    invoiceNumber: facts.shipmentId,
    issuedOn: s.issuedOn,
    shipmentId: facts.shipmentId,
    orderRef: facts.orderRef,
    exporter: s.shipper,
    exporterIds: exporterIds(s),
    consignee: s.consignee,
    incoterm: facts.order.incoterm,
    incotermText: INCOTERM_TEXT[facts.order.incoterm],
    reasonForExport: 'Sale of goods',
    importerReference: reference.reference,
    details,
    lines,
    totals: totalsByCurrency(lines.map((l) => l.value)),
    parcelCount: s.parcels.length,
    grossWeightG,
    grossWeightText: kgText(grossWeightG),
    netWeightG,
    netWeightText: kgText(netWeightG),
    declaration: INVOICE_DECLARATION,
    signatory: s.shipper.name,
    warnings: [...reference.warnings, ...weightWarnings(s.parcels)],
  };
}

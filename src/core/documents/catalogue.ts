import {
  buildCustomsDeclarations,
  type CustomsDeclaration,
  type CustomsDeclarations,
  declarationsOnForm,
} from './customs-declaration.ts';
import { buildCommercialInvoice, type CommercialInvoice, type DocumentRules } from './invoice.ts';
import { buildLabels, labelOf, type ShippingLabel } from './label.ts';
import { buildPackingList, type PackingList } from './packing-list.ts';
import { type PreparedShipment, prepareShipment } from './shipment.ts';
import type { DocumentProblem, ShipmentFacts } from './types.ts';

/** The documents a shipment can have, by the names the API and the CLI use. */
export const DOCUMENT_KINDS = ['invoice', 'packing-list', 'cn22', 'cn23', 'label'] as const;

export type DocumentRequest =
  | { readonly kind: 'invoice' }
  | { readonly kind: 'packing-list' }
  | { readonly kind: 'cn22' }
  | { readonly kind: 'cn23' }
  /** All parcels' labels (parcel null) or parcel n's (1-based). */
  | { readonly kind: 'label'; readonly parcel: number | null };

/** "invoice", "cn23", "label", "label-2" → a request; anything else → null. */
export function parseDocumentKind(text: string): DocumentRequest | null {
  if (text === 'invoice' || text === 'packing-list' || text === 'cn22' || text === 'cn23')
    return { kind: text };
  if (text === 'label') return { kind: 'label', parcel: null };
  const m = /^label-([1-9]\d{0,3})$/.exec(text);
  return m ? { kind: 'label', parcel: Number(m[1]) } : null;
}

export type ShipmentDocument =
  | { readonly kind: 'invoice'; readonly invoice: CommercialInvoice }
  | { readonly kind: 'packing-list'; readonly packingList: PackingList }
  | { readonly kind: 'customs'; readonly declarations: readonly CustomsDeclaration[] }
  | { readonly kind: 'labels'; readonly labels: readonly ShippingLabel[] };

type Outcome<T> = { ok: true; value: T } | { ok: false; error: DocumentProblem };

function customsOf(s: PreparedShipment, rules: DocumentRules): CustomsDeclarations | null {
  const built = buildCustomsDeclarations(s, rules);
  return built.ok ? built.value : null;
}

/** One document of a shipment, built from its facts, or why it cannot be made. */
export function shipmentDocument(
  facts: ShipmentFacts,
  rules: DocumentRules,
  request: DocumentRequest,
): Outcome<ShipmentDocument> {
  const prepared = prepareShipment(facts);
  if (!prepared.ok) return prepared;
  const s = prepared.value;
  switch (request.kind) {
    case 'invoice':
      return { ok: true, value: { kind: 'invoice', invoice: buildCommercialInvoice(s, rules) } };
    case 'packing-list':
      return { ok: true, value: { kind: 'packing-list', packingList: buildPackingList(s) } };
    case 'cn22':
    case 'cn23': {
      const built = buildCustomsDeclarations(s, rules);
      if (!built.ok) return built;
      const on = declarationsOnForm(built.value, request.kind === 'cn22' ? 'CN22' : 'CN23');
      if (!on.ok) return on;
      return { ok: true, value: { kind: 'customs', declarations: on.value } };
    }
    case 'label': {
      const labels = buildLabels(s, customsOf(s, rules));
      if (request.parcel === null) return { ok: true, value: { kind: 'labels', labels } };
      const one = labelOf(labels, request.parcel);
      if (!one.ok) return one;
      return { ok: true, value: { kind: 'labels', labels: [one.value] } };
    }
  }
}

export interface CatalogueEntry {
  /** The kind to ask for: "invoice", "cn22", "label", "label-1". */
  readonly kind: string;
  readonly title: string;
  /** The file the CLI writes. */
  readonly fileName: string;
}

export interface DocumentCatalogue {
  readonly available: readonly CatalogueEntry[];
  readonly unavailable: readonly { readonly kind: string; readonly reason: string }[];
  readonly warnings: readonly string[];
}

/** Which documents the shipment has, and why the others do not apply. */
export function documentCatalogue(
  facts: ShipmentFacts,
  rules: DocumentRules,
): Outcome<DocumentCatalogue> {
  const prepared = prepareShipment(facts);
  if (!prepared.ok) return prepared;
  const s = prepared.value;
  const available: CatalogueEntry[] = [
    { kind: 'invoice', title: 'Commercial invoice', fileName: 'invoice.pdf' },
    { kind: 'packing-list', title: 'Packing list', fileName: 'packing-list.pdf' },
  ];
  const unavailable: { kind: string; reason: string }[] = [];
  const warnings: string[] = [...buildCommercialInvoice(s, rules).warnings];
  const customs = buildCustomsDeclarations(s, rules);
  if (customs.ok) {
    for (const form of ['CN22', 'CN23'] as const) {
      const on = declarationsOnForm(customs.value, form);
      const kind = form.toLowerCase();
      if (on.ok)
        available.push({
          kind,
          title: `Customs declaration ${form === 'CN22' ? 'CN 22' : 'CN 23'} (parcel${on.value.length > 1 ? 's' : ''} ${on.value.map((d) => d.parcelN).join(', ')})`,
          fileName: `${kind}.pdf`,
        });
      else unavailable.push({ kind, reason: on.error.message });
    }
    for (const w of customs.value.warnings) if (!warnings.includes(w)) warnings.push(w);
  } else {
    unavailable.push({ kind: 'cn22', reason: customs.error.message });
    unavailable.push({ kind: 'cn23', reason: customs.error.message });
  }
  const count = s.parcels.length;
  available.push({
    kind: 'label',
    title: `Shipping labels, 4 × 6 in (all ${count} parcel${count > 1 ? 's' : ''})`,
    fileName: 'labels.pdf',
  });
  for (const p of s.parcels)
    available.push({
      kind: `label-${p.n}`,
      title: `Shipping label, parcel ${p.n} of ${count} (${p.record.trackingNumber})`,
      fileName: `label-${p.n}.pdf`,
    });
  return { ok: true, value: { available, unavailable, warnings } };
}

import type { Manifest, ShipmentDocument } from '../../core/documents/index.ts';
import { renderCustomsDeclarations } from './customs-declaration.ts';
import { renderInvoice, renderPackingList } from './invoice.ts';
import { renderLabels } from './label.ts';
import { renderManifest } from './manifest.ts';

/** One shipment document as PDF bytes; `createdAtMs` is written as the PDF's creation date. */
export function renderShipmentDocument(
  doc: ShipmentDocument,
  createdAtMs: number,
): Promise<Buffer> {
  switch (doc.kind) {
    case 'invoice':
      return renderInvoice(doc.invoice, createdAtMs);
    case 'packing-list':
      return renderPackingList(doc.packingList, createdAtMs);
    case 'customs':
      return renderCustomsDeclarations(doc.declarations, createdAtMs);
    case 'labels':
      return renderLabels(doc.labels, createdAtMs);
  }
}

export function renderManifestPdf(m: Manifest, createdAtMs: number): Promise<Buffer> {
  return renderManifest(m, createdAtMs);
}

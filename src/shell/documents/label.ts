import type { ShippingLabel } from '../../core/documents/index.ts';
import { LABEL_4X6, Pdf } from './pdf.ts';

/** An S10 identifier as people read it: "LX 123 456 785 SG"; other numbers as they are. */
export function readableTrackingNumber(t: string): string {
  const m = /^([A-Z]{2})(\d{3})(\d{3})(\d{3})([A-Z]{2})$/.exec(t);
  return m ? m.slice(1).join(' ') : t;
}

function drawLabel(pdf: Pdf, l: ShippingLabel): void {
  const W = LABEL_4X6[0];
  const m = 8;
  const inner = W - 2 * m;
  // Top band: the big letter (S10 service indicator, or the destination country), the carriage.
  pdf.fill({ x: m, y: m, w: 54, h: 54 }, '#000000');
  pdf.text(
    l.s10 ? l.s10[0]! : l.addressee.country,
    { x: m, y: m + 9, w: 54, h: 40 },
    {
      size: 30,
      minSize: 18,
      bold: true,
      align: 'center',
      oneLine: true,
      color: '#ffffff',
    },
  );
  const right = { x: m + 60, w: inner - 60 };
  pdf.text(
    l.carrierText,
    { x: right.x, y: m, w: right.w, h: 20 },
    { size: 7.5, minSize: 5.5, bold: true },
  );
  pdf.text(
    `${l.routeText}   ${l.incoterm}`,
    { x: right.x, y: m + 21, w: right.w, h: 15 },
    {
      size: 12,
      minSize: 8,
      bold: true,
      oneLine: true,
    },
  );
  pdf.text(
    `${l.parcelText}  ·  ${l.weightText}  ·  ${l.customsText}`,
    { x: right.x, y: m + 38, w: right.w, h: 14 },
    {
      size: 8,
      minSize: 5.5,
      oneLine: true,
    },
  );

  // From.
  const from = pdf.frame({ x: m, y: 68, w: inner, h: 62 }, 'FROM (sender)');
  pdf.text(
    l.sender.name,
    { ...from, h: 10 },
    { size: 7.5, minSize: 5.5, bold: true, oneLine: true },
  );
  pdf.text(
    l.sender.lines.join('\n'),
    { x: from.x, y: from.y + 10, w: from.w, h: from.h - 10 },
    {
      size: 6.5,
      minSize: 4.5,
    },
  );

  // To: the largest text on the label.
  const to = pdf.frame({ x: m, y: 134, w: inner, h: 122 }, 'TO (addressee)');
  const nameH = pdf.text(l.addressee.name, { ...to, h: 30 }, { size: 13, minSize: 8, bold: true });
  const contact = l.addressee.phone ? `Tel. ${l.addressee.phone}` : '';
  const linesTop = to.y + nameH + 2;
  pdf.text(
    l.addressee.lines.join('\n'),
    { x: to.x, y: linesTop, w: to.w, h: to.y + to.h - linesTop - (contact ? 10 : 0) },
    {
      size: 11,
      minSize: 6.5,
    },
  );
  if (contact)
    pdf.text(
      contact,
      { x: to.x, y: to.y + to.h - 9, w: to.w, h: 9 },
      { size: 7, minSize: 5, oneLine: true },
    );

  // The chain of partners.
  pdf.text(`Route: ${l.chainText}`, { x: m, y: 260, w: inner, h: 16 }, { size: 6.5, minSize: 4.5 });

  // The barcode of the tracking number.
  const code = pdf.frame(
    { x: m, y: 280, w: inner, h: 96 },
    l.s10 ? `S10 item identifier (UPU), ${l.s10Service}` : 'Tracking number (Code 128)',
  );
  pdf.code128(l.barcode.text, { x: m, y: code.y + 2, w: inner, h: 60 });
  pdf.text(
    readableTrackingNumber(l.trackingNumber),
    { x: code.x, y: code.y + 65, w: code.w, h: 15 },
    {
      size: 12,
      minSize: 7,
      bold: true,
      align: 'center',
      oneLine: true,
    },
  );

  // Footer: the ids, the date.
  const footer = [
    `Parcel ${l.parcelId}`,
    `Shipment ${l.shipmentId}  ·  Order ${l.orderRef}  ·  ${l.issuedOn}`,
  ].join('\n');
  pdf.text(footer, { x: m, y: 380, w: inner, h: 24 }, { size: 6.5, minSize: 4.5 });
  pdf.transliterationNote({ x: m, y: 406, w: inner, h: 18 });
}

/** 4 × 6 inch labels, one page per parcel. */
export function renderLabels(
  labels: readonly ShippingLabel[],
  createdAtMs: number,
): Promise<Buffer> {
  const pdf = new Pdf(LABEL_4X6, {
    title: `Shipping label${labels.length > 1 ? 's' : ''} ${labels[0]?.shipmentId ?? ''}`,
    createdAtMs,
  });
  labels.forEach((l, i) => {
    if (i > 0) pdf.addPage();
    // The transliteration note is per page: reset so each label says it for itself.
    pdf.transliterated = false;
    drawLabel(pdf, l);
  });
  return pdf.finish();
}

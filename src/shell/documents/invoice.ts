import type { CommercialInvoice, DocParty, PackingList } from '../../core/documents/index.ts';
import { A4, type Box, Pdf, table } from './pdf.ts';

const [W, H] = A4;
const M = 36;
const INNER = W - 2 * M;
const BOTTOM = H - 40;

function partyBox(
  pdf: Pdf,
  box: Box,
  caption: string,
  p: DocParty,
  extra: readonly string[] = [],
): void {
  const inner = pdf.frame(box, caption);
  const contact = [p.phone ? `Tel. ${p.phone}` : '', p.email ?? ''].filter(Boolean).join('   ');
  const text = [...p.lines, contact, ...extra].filter(Boolean).join('\n');
  const nameH = pdf.text(p.name, { ...inner, h: 24 }, { size: 9, minSize: 7, bold: true });
  const top = inner.y + nameH + 2;
  pdf.text(
    text,
    { x: inner.x, y: top, w: inner.w, h: inner.y + inner.h - top },
    { size: 8, minSize: 5.5 },
  );
}

function heading(pdf: Pdf, title: string, right: readonly string[]): void {
  pdf.text(
    title,
    { x: M, y: M, w: INNER / 2, h: 22 },
    { size: 17, bold: true, oneLine: true, minSize: 12 },
  );
  pdf.text(
    right.join('\n'),
    { x: M + INNER / 2, y: M, w: INNER / 2, h: 34 },
    {
      size: 8.5,
      minSize: 6,
      align: 'right',
    },
  );
}

/** Label–value rows in two columns; returns the y below them. */
function details(pdf: Pdf, y: number, rows: readonly { label: string; value: string }[]): number {
  const colW = INNER / 2 - 6;
  let left = y;
  let right = y;
  rows.forEach((r, i) => {
    const x = i % 2 === 0 ? M : M + INNER / 2 + 6;
    const at = i % 2 === 0 ? left : right;
    pdf.text(
      r.label,
      { x, y: at, w: 110, h: 10 },
      { size: 7.5, bold: true, oneLine: true, minSize: 5.5 },
    );
    const h = Math.min(30, pdf.measure(r.value, colW - 112, { size: 7.5 }));
    pdf.text(r.value, { x: x + 112, y: at, w: colW - 112, h: h + 1 }, { size: 7.5, minSize: 5.5 });
    const next = at + Math.max(11, h + 3);
    if (i % 2 === 0) left = next;
    else right = next;
  });
  return Math.max(left, right) + 4;
}

function continued(pdf: Pdf, title: string): number {
  pdf.text(title, { x: M, y: M, w: INNER, h: 14 }, { size: 10, bold: true, oneLine: true });
  return M + 20;
}

export function renderInvoice(inv: CommercialInvoice, createdAtMs: number): Promise<Buffer> {
  const pdf = new Pdf(A4, { title: `Commercial invoice ${inv.invoiceNumber}`, createdAtMs });
  heading(pdf, 'COMMERCIAL INVOICE', [
    `Invoice no. ${inv.invoiceNumber}`,
    `Date ${inv.issuedOn}`,
    `Order ${inv.orderRef}`,
  ]);
  const half = INNER / 2 - 3;
  partyBox(
    pdf,
    { x: M, y: 80, w: half, h: 118 },
    'Exporter / shipper',
    inv.exporter,
    inv.exporterIds.map((i) => `${i.label}: ${i.value}`),
  );
  partyBox(pdf, { x: M + half + 6, y: 80, w: half, h: 118 }, 'Consignee / importer', inv.consignee);
  let y = details(
    pdf,
    206,
    inv.details.filter(
      (d) => d.label !== 'Invoice no.' && d.label !== 'Date' && d.label !== 'Order',
    ),
  );
  const rows = inv.lines.map((l) => [
    String(l.no),
    l.sku ? `${l.description} (SKU ${l.sku})` : l.description,
    l.hsCode,
    l.originCountry,
    String(l.quantity),
    l.unitValueText,
    l.valueText,
    l.netWeightText,
    String(l.parcelN),
  ]);
  y = table(
    pdf,
    { x: M, y: y + 4, w: INNER, bottom: BOTTOM },
    [
      { header: 'No.', share: 4 },
      { header: 'Description of goods', share: 30 },
      { header: 'HS code', share: 10 },
      { header: 'Origin', share: 6 },
      { header: 'Qty', share: 5, align: 'right' },
      { header: 'Unit value', share: 12, align: 'right' },
      { header: 'Value', share: 12, align: 'right' },
      { header: 'Net weight', share: 11, align: 'right' },
      { header: 'Parcel', share: 6, align: 'right' },
    ],
    rows,
    {
      size: 7.5,
      continue: () => continued(pdf, `Commercial invoice ${inv.invoiceNumber} (continued)`),
    },
  );
  const totals = [
    ...inv.totals.map((t) => ['Total value of goods (transport not included)', t.text]),
    ['Parcels', String(inv.parcelCount)],
    ['Total gross weight', inv.grossWeightText],
    ['Total net weight', inv.netWeightText],
  ];
  const closing = totals.length * 12 + 80;
  if (y + closing > BOTTOM) {
    pdf.addPage();
    y = continued(pdf, `Commercial invoice ${inv.invoiceNumber} (continued)`);
  }
  y += 6;
  for (const [label, value] of totals) {
    pdf.text(
      label!,
      { x: M + INNER / 2 - 60, y, w: INNER / 2 - 40, h: 11 },
      { size: 8.5, bold: true, oneLine: true, minSize: 6 },
    );
    pdf.text(
      value!,
      { x: M + INNER - 100, y, w: 100, h: 11 },
      { size: 8.5, bold: true, align: 'right', oneLine: true, minSize: 6 },
    );
    y += 12;
  }
  y += 8;
  pdf.text(inv.declaration, { x: M, y, w: INNER, h: 22 }, { size: 7.5, minSize: 6 });
  y += 24;
  pdf.text(
    `Signed ${inv.issuedOn} for ${inv.signatory}`,
    { x: M, y, w: INNER, h: 12 },
    { size: 8.5, bold: true, oneLine: true, minSize: 6 },
  );
  pdf.transliterationNote({ x: M, y: H - 30, w: INNER, h: 14 });
  return pdf.finish();
}

export function renderPackingList(list: PackingList, createdAtMs: number): Promise<Buffer> {
  const pdf = new Pdf(A4, { title: `Packing list ${list.shipmentId}`, createdAtMs });
  heading(pdf, 'PACKING LIST', [
    `Shipment ${list.shipmentId}`,
    `Date ${list.issuedOn}`,
    `Order ${list.orderRef}`,
  ]);
  const half = INNER / 2 - 3;
  partyBox(pdf, { x: M, y: 80, w: half, h: 100 }, 'Shipper', list.shipper);
  partyBox(pdf, { x: M + half + 6, y: 80, w: half, h: 100 }, 'Consignee', list.consignee);
  let y = details(pdf, 188, [{ label: 'Carriage', value: list.carriageText }]);
  const rows: string[][] = [];
  const bands = new Set<number>();
  for (const p of list.parcels) {
    bands.add(rows.length);
    rows.push([
      `Parcel ${p.n} of ${p.count}`,
      [
        p.trackingNumber !== p.parcelId ? `${p.trackingNumber} (parcel ${p.parcelId})` : p.parcelId,
        p.dimsText,
      ]
        .filter(Boolean)
        .join('  ·  '),
      '',
      String(p.quantity),
      `${p.grossWeightText} gross`,
    ]);
    for (const l of p.lines)
      rows.push([
        String(l.no),
        l.description,
        l.sku ?? '',
        String(l.quantity),
        `${l.netWeightText} net`,
      ]);
  }
  y = table(
    pdf,
    { x: M, y: y + 4, w: INNER, bottom: BOTTOM },
    [
      { header: 'No.', share: 12 },
      { header: 'Contents', share: 48 },
      { header: 'SKU', share: 14 },
      { header: 'Qty', share: 8, align: 'right' },
      { header: 'Weight', share: 18, align: 'right' },
    ],
    rows,
    {
      size: 7.5,
      bandRows: bands,
      continue: () => continued(pdf, `Packing list ${list.shipmentId} (continued)`),
    },
  );
  if (y + 60 > BOTTOM) {
    pdf.addPage();
    y = continued(pdf, `Packing list ${list.shipmentId} (continued)`);
  }
  y += 8;
  const t = list.totals;
  for (const [label, value] of [
    ['Parcels', String(t.parcels)],
    ['Items (quantity)', String(t.quantity)],
    ['Total gross weight', t.grossWeightText],
    ['Total net weight', t.netWeightText],
  ] as const) {
    pdf.text(
      label,
      { x: M + INNER / 2, y, w: INNER / 2 - 110, h: 11 },
      { size: 8.5, bold: true, oneLine: true },
    );
    pdf.text(
      value,
      { x: M + INNER - 100, y, w: 100, h: 11 },
      { size: 8.5, bold: true, align: 'right', oneLine: true },
    );
    y += 12;
  }
  pdf.transliterationNote({ x: M, y: H - 30, w: INNER, h: 14 });
  return pdf.finish();
}

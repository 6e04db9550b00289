import { kgText, type Manifest } from '../../core/documents/index.ts';
import { A4, Pdf, table } from './pdf.ts';
import { readableTrackingNumber } from './label.ts';

/** The manifest of a departure on A4 landscape: a band per parcel, a row per item line. */
export function renderManifest(m: Manifest, createdAtMs: number): Promise<Buffer> {
  const size: [number, number] = [A4[1], A4[0]];
  const [W, H] = size;
  const M = 30;
  const inner = W - 2 * M;
  const pdf = new Pdf(size, { title: `Manifest ${m.serviceText} ${m.departsAtIso}`, createdAtMs });
  pdf.text(
    'LINE-HAUL MANIFEST',
    { x: M, y: M, w: inner / 2, h: 20 },
    { size: 15, bold: true, oneLine: true },
  );
  const header = [
    `Service: ${m.serviceText}`,
    `Carrier: ${m.carrierText}`,
    `Departs: ${m.departsText}`,
    `Generated: ${m.generatedText}`,
  ];
  pdf.text(header.join('\n'), { x: M, y: M + 24, w: inner / 2, h: 48 }, { size: 8.5, minSize: 6 });
  const t = m.totals;
  const totals = [
    `Shipments: ${t.shipments}   Parcels: ${t.parcels}   Item lines: ${t.lines}`,
    `Total gross weight: ${t.grossWeightText}`,
    `Total declared value: ${t.values.map((v) => v.text).join(' + ') || '0'}`,
  ];
  pdf.text(
    totals.join('\n'),
    { x: M + inner / 2, y: M + 24, w: inner / 2, h: 48 },
    {
      size: 8.5,
      minSize: 6,
      bold: true,
      align: 'right',
    },
  );
  const rows: string[][] = [];
  const bands = new Set<number>();
  for (const p of m.parcels) {
    bands.add(rows.length);
    rows.push([
      `${readableTrackingNumber(p.trackingNumber)}${p.trackingNumber !== p.parcelId ? `\n${p.parcelId}` : ''}\n${p.shipmentId} · ${p.parcelText}`,
      p.consigneeText,
      p.grossWeightText,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    for (const r of p.rows)
      rows.push([
        '',
        '',
        '',
        String(r.item),
        r.description,
        r.hsCode,
        r.originCountry,
        String(r.quantity),
        kgText(r.netWeightG),
        r.valueText,
      ]);
  }
  table(
    pdf,
    { x: M, y: M + 80, w: inner, bottom: H - 30 },
    [
      { header: 'Tracking number / parcel / shipment', share: 22 },
      { header: 'Consignee', share: 12 },
      { header: 'Gross', share: 7, align: 'right' },
      { header: 'Item', share: 4, align: 'right' },
      { header: 'Description', share: 22 },
      { header: 'HS code', share: 8 },
      { header: 'Origin', share: 5 },
      { header: 'Qty', share: 4, align: 'right' },
      { header: 'Net', share: 7, align: 'right' },
      { header: 'Value', share: 9, align: 'right' },
    ],
    rows,
    {
      size: 7,
      bandRows: bands,
      continue: () => {
        pdf.text(
          `Manifest ${m.serviceText}, departs ${m.departsText} (continued)`,
          { x: M, y: M, w: inner, h: 14 },
          {
            size: 9,
            bold: true,
            oneLine: true,
            minSize: 6,
          },
        );
        return M + 20;
      },
    },
  );
  pdf.transliterationNote({ x: M, y: H - 22, w: inner, h: 14 });
  return pdf.finish();
}

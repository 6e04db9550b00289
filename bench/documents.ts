// bench/documents: renders each shipment document (from the documents area's test fixtures) and a
// 40-parcel manifest N times and prints the time per PDF: the first render (cold: fonts parsed,
// layout tables loaded) and the median and P90 of the rest.
//   node bench/documents.ts [--runs N]
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  buildManifest,
  type DocumentRequest,
  shipmentDocument,
  type ShipmentFacts,
} from '../src/core/documents/index.ts';
import {
  CHAIN_LEGS,
  facts,
  item,
  order,
  orderParcel,
  records,
  testRules,
  usd,
} from '../src/core/documents/test-fixtures.ts';
import { renderManifestPdf, renderShipmentDocument } from '../src/shell/documents/render.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const RUNS = Number(values.runs);
const rules = testRules();

const goods = order([
  orderParcel(
    [
      item({ description: 'silicone phone case', quantity: 3, unitValue: usd(250), weightG: 120 }),
      item({ description: 'USB-C charger 20 W', hsCode: '850440', unitValue: usd(1999) }),
    ],
    800,
  ),
]);
const chain = facts({ order: goods, legs: CHAIN_LEGS });
const postal = facts({ order: goods, parcels: records(goods, ['LX123456785SG']) });
const dear = order([orderParcel([item({ unitValue: usd(50000) })], 1500)]);
const postalDear = facts({ order: dear, parcels: records(dear, ['LX000000080SG']) });

const cases: [string, ShipmentFacts, DocumentRequest][] = [
  ['invoice', chain, { kind: 'invoice' }],
  ['packing-list', chain, { kind: 'packing-list' }],
  ['cn22', postal, { kind: 'cn22' }],
  ['cn23', postalDear, { kind: 'cn23' }],
  ['label (1 parcel)', postal, { kind: 'label', parcel: 1 }],
];

async function time(
  render: () => Promise<Buffer>,
): Promise<{ first: number; times: number[]; bytes: number }> {
  let t = performance.now();
  const pdf = await render();
  const first = performance.now() - t;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    await render();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { first, times, bytes: pdf.length };
}

const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log(
  `bench/documents: ${RUNS} renders each after a first one; ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`,
);
for (const [name, f, request] of cases) {
  const doc = shipmentDocument(f, rules, request);
  if (!doc.ok) throw new Error(doc.error.message);
  const r = await time(() => renderShipmentDocument(doc.value, 0));
  console.log(
    `${name.padEnd(18)} first ${r.first.toFixed(0).padStart(5)} ms   median ${q(r.times, 0.5).toFixed(1).padStart(6)} ms   p90 ${q(r.times, 0.9).toFixed(1).padStart(6)} ms   ${(r.bytes / 1024).toFixed(0)} KB`,
  );
}
const shipments = Array.from({ length: 40 }, (_, i) => ({
  shipmentId: `shp_${String(i).padStart(26, '0')}`,
  order: goods,
  parcels: records(goods),
}));
const manifest = buildManifest({
  service: {
    id: 'prc-szx-europe',
    name: 'Shenzhen–Europe air',
    partnerId: 'prc',
    partnerName: 'Pearl River Cargo',
    timezone: 'Asia/Shanghai',
  },
  departsAtMs: Date.parse('2025-12-23T14:00:00Z'),
  generatedAtMs: 0,
  shipments,
});
const m = await time(() => renderManifestPdf(manifest, 0));
console.log(
  `${'manifest (40 pcl)'.padEnd(18)} first ${m.first.toFixed(0).padStart(5)} ms   median ${q(m.times, 0.5).toFixed(1).padStart(6)} ms   p90 ${q(m.times, 0.9).toFixed(1).padStart(6)} ms   ${(m.bytes / 1024).toFixed(0)} KB`,
);

// Baseline, same run: the floor of the PDF library itself — a 4 × 6 page with the label's amount of
// text in a built-in font, no embedded font, no barcode — so the figures above read as overhead on it.
const PDFDocument = (await import('pdfkit')).default;
const floor = await time(
  () =>
    new Promise<Buffer>((resolve) => {
      const doc = new PDFDocument({ size: [288, 432], margin: 12 });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.font('Helvetica').fontSize(9);
      for (let i = 0; i < 24; i++)
        doc.text(`Line ${i}: silicone phone case, 3 × 2.50 USD, HS 392690`);
      doc.end();
    }),
);
console.log(
  `${'baseline: pdfkit'.padEnd(18)} first ${floor.first.toFixed(0).padStart(5)} ms   median ${q(floor.times, 0.5).toFixed(1).padStart(6)} ms   p90 ${q(floor.times, 0.9).toFixed(1).padStart(6)} ms   ${(floor.bytes / 1024).toFixed(0)} KB   (a page of plain text, built-in font)`,
);

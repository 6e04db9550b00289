import { type CustomsDeclaration, kgText } from '../../core/documents/index.ts';
import { readableTrackingNumber } from './label.ts';
import { A4, type Box, type Column, LABEL_4X6, Pdf, table } from './pdf.ts';

const kg = (g: number) => kgText(g).replace(' kg', '');

const CONTENT_COLUMNS: readonly Column[] = [
  { header: 'Quantity and detailed description of contents', share: 40 },
  { header: 'Net weight (kg)', share: 13, align: 'right' },
  { header: 'Value', share: 16, align: 'right' },
  { header: 'HS tariff number', share: 16 },
  { header: 'Country of origin of goods', share: 15 },
];

function contentRows(d: CustomsDeclaration): string[][] {
  return d.lines.map((l) => [
    `${l.quantity} × ${l.description}`,
    kg(l.netWeightG),
    l.valueText,
    l.hsCode,
    l.originCountry,
  ]);
}

function categories(
  pdf: Pdf,
  d: CustomsDeclaration,
  box: Box,
  columns: number,
  size: number,
): void {
  const colW = box.w / columns;
  d.categories.forEach((c, i) => {
    const x = box.x + (i % columns) * colW;
    const y = box.y + Math.floor(i / columns) * (size + 4);
    pdf.checkbox(x, y, c.label, c.checked, size, size);
  });
}

function sdrNote(d: CustomsDeclaration): string {
  return `Form by value: ${d.choice.reason} (${d.choice.rateText}).`;
}

/** A CN 22 on a 4 × 6 inch page (it travels on the item beside the label). */
function drawCn22(pdf: Pdf, d: CustomsDeclaration): void {
  const W = LABEL_4X6[0];
  const H = LABEL_4X6[1];
  const m = 8;
  const inner = W - 2 * m;
  pdf.text(
    'CUSTOMS DECLARATION',
    { x: m, y: m, w: 180, h: 14 },
    { size: 11, bold: true, oneLine: true },
  );
  pdf.text(
    'CN 22',
    { x: W - m - 80, y: m - 2, w: 80, h: 20 },
    { size: 17, bold: true, align: 'right', oneLine: true },
  );
  pdf.text(
    `Designated operator: ${d.designatedOperator}   ·   May be opened officially`,
    { x: m, y: m + 16, w: inner, h: 9 },
    {
      size: 6.5,
      minSize: 5,
      oneLine: true,
    },
  );
  pdf.text(
    `Item no. ${readableTrackingNumber(d.itemNumber)}   ·   parcel ${d.parcelN} of ${d.parcelCount}`,
    { x: m, y: m + 26, w: inner, h: 11 },
    {
      size: 8.5,
      minSize: 6,
      bold: true,
      oneLine: true,
    },
  );
  const half = inner / 2 - 2;
  const from = pdf.frame({ x: m, y: 48, w: half, h: 62 }, 'From');
  pdf.text([d.sender.name, ...d.sender.lines].join('\n'), from, { size: 6, minSize: 4.5 });
  const to = pdf.frame({ x: m + half + 4, y: 48, w: half, h: 62 }, 'To');
  pdf.text([d.addressee.name, ...d.addressee.lines].join('\n'), to, { size: 6, minSize: 4.5 });
  const ref = pdf.frame(
    { x: m, y: 114, w: inner, h: 24 },
    "Importer's reference (tax code / VAT no. / IOSS), importer's telephone / e-mail",
  );
  const importer = [
    d.importerReference ? `${d.importerReference.label} ${d.importerReference.number}` : 'none',
    d.importerContact ?? '',
  ]
    .filter(Boolean)
    .join('   ·   ');
  pdf.text(importer, ref, { size: 7, minSize: 5, oneLine: true });
  const cat = pdf.frame({ x: m, y: 142, w: inner, h: 36 }, 'Category of item');
  categories(pdf, d, cat, 3, 6.5);

  const totalsTop = 330;
  let y = table(
    pdf,
    { x: m, y: 182, w: inner, bottom: totalsTop - 4 },
    CONTENT_COLUMNS,
    contentRows(d),
    {
      size: 6.5,
      continue: () => {
        pdf.text(
          `CN 22 (continued), item no. ${readableTrackingNumber(d.itemNumber)}`,
          { x: m, y: m, w: inner, h: 12 },
          {
            size: 8,
            bold: true,
            oneLine: true,
          },
        );
        return m + 16;
      },
    },
  );
  y = Math.max(y + 2, totalsTop);
  const third = inner / 2;
  const gross = pdf.frame({ x: m, y, w: third, h: 24 }, 'Total gross weight (kg)');
  pdf.text(kg(d.totalGrossWeightG), gross, { size: 8.5, bold: true, oneLine: true, minSize: 6 });
  const value = pdf.frame({ x: m + third, y, w: third, h: 24 }, 'Total value and currency');
  pdf.text(d.totalValueText, value, { size: 8.5, bold: true, oneLine: true, minSize: 6 });
  y += 26;
  pdf.text(sdrNote(d), { x: m, y, w: inner, h: 10 }, { size: 5.5, minSize: 4.5 });
  y += 11;
  pdf.text(d.statement, { x: m, y, w: inner, h: 26 }, { size: 5.5, minSize: 4.5 });
  y += 27;
  pdf.text(
    `Date and sender's signature: ${d.signedOn}   ${d.signatory}`,
    { x: m, y, w: inner, h: 10 },
    {
      size: 7,
      minSize: 5,
      bold: true,
      oneLine: true,
    },
  );
  pdf.transliterationNote({ x: m, y: H - 16, w: inner, h: 12 });
}

/** A CN 23 on A4, one (or more) pages per postal item. */
function drawCn23(pdf: Pdf, d: CustomsDeclaration): void {
  const [W, H] = A4;
  const m = 28;
  const inner = W - 2 * m;
  const half = inner / 2 - 3;
  pdf.text(
    `Designated operator: ${d.designatedOperator}`,
    { x: m, y: m, w: half, h: 12 },
    {
      size: 9,
      minSize: 6,
      bold: true,
      oneLine: true,
    },
  );
  pdf.text('May be opened officially', { x: m, y: m + 13, w: half, h: 10 }, { size: 7 });
  pdf.text(
    'CUSTOMS DECLARATION',
    { x: m + half, y: m, w: half, h: 14 },
    { size: 12, bold: true, align: 'right', oneLine: true },
  );
  pdf.text(
    'CN 23',
    { x: m + half, y: m + 14, w: half, h: 22 },
    { size: 20, bold: true, align: 'right', oneLine: true },
  );

  const item = pdf.frame({ x: m + half + 6, y: 70, w: half, h: 66 }, 'No. of item (barcode)');
  pdf.code128(d.itemNumber, { x: item.x, y: item.y, w: item.w, h: 34 }, 1.6);
  pdf.text(
    readableTrackingNumber(d.itemNumber),
    { x: item.x, y: item.y + 37, w: item.w, h: 13 },
    {
      size: 10,
      bold: true,
      align: 'center',
      oneLine: true,
      minSize: 6,
    },
  );
  pdf.text(
    `Parcel ${d.parcelN} of ${d.parcelCount}`,
    { x: m, y: 56, w: half, h: 10 },
    { size: 7.5 },
  );

  const from = pdf.frame({ x: m, y: 70, w: half, h: 104 }, 'From (sender)');
  pdf.text(
    [d.sender.name, ...d.sender.lines, d.sender.phone ? `Tel. ${d.sender.phone}` : '']
      .filter(Boolean)
      .join('\n'),
    from,
    {
      size: 8,
      minSize: 5.5,
    },
  );
  const ref = pdf.frame(
    { x: m + half + 6, y: 140, w: half, h: 34 },
    "Sender's customs reference (if any)",
  );
  pdf.text(d.senderCustomsReference ?? 'none', ref, { size: 8, oneLine: true, minSize: 6 });

  const to = pdf.frame({ x: m, y: 178, w: half, h: 104 }, 'To (addressee)');
  pdf.text([d.addressee.name, ...d.addressee.lines].join('\n'), to, { size: 8.5, minSize: 5.5 });
  const imp = pdf.frame(
    { x: m + half + 6, y: 178, w: half, h: 50 },
    "Importer's reference (if any) (tax code / VAT no. / IOSS / importer code)",
  );
  pdf.text(
    d.importerReference ? `${d.importerReference.label} ${d.importerReference.number}` : 'none',
    imp,
    { size: 9, bold: true, oneLine: true, minSize: 6 },
  );
  const contact = pdf.frame(
    { x: m + half + 6, y: 232, w: half, h: 50 },
    "Importer's telephone / fax / e-mail (if known)",
  );
  pdf.text(d.importerContact ?? 'not known', contact, { size: 8, minSize: 5.5 });

  const columns: readonly Column[] = [
    { header: 'Detailed description of contents', share: 38 },
    { header: 'Quantity', share: 9, align: 'right' },
    { header: 'Net weight (kg)', share: 11, align: 'right' },
    { header: 'Value', share: 14, align: 'right' },
    { header: 'HS tariff number', share: 14 },
    { header: 'Country of origin of goods', share: 14 },
  ];
  const rows = d.lines.map((l) => [
    l.description,
    String(l.quantity),
    kg(l.netWeightG),
    l.valueText,
    l.hsCode,
    l.originCountry,
  ]);
  const footerTop = H - 300;
  let y = table(pdf, { x: m, y: 290, w: inner, bottom: footerTop - 4 }, columns, rows, {
    size: 8,
    continue: () => {
      pdf.text(
        `CN 23 (continued), item no. ${readableTrackingNumber(d.itemNumber)}`,
        { x: m, y: m, w: inner, h: 14 },
        {
          size: 10,
          bold: true,
          oneLine: true,
        },
      );
      return m + 20;
    },
  });
  y = Math.max(y + 4, footerTop);
  const third = inner / 3;
  const gross = pdf.frame({ x: m, y, w: third, h: 30 }, 'Total gross weight (kg)');
  pdf.text(kg(d.totalGrossWeightG), gross, { size: 10, bold: true, oneLine: true, minSize: 6 });
  const total = pdf.frame({ x: m + third, y, w: third, h: 30 }, 'Total value');
  pdf.text(d.totalValueText, total, { size: 10, bold: true, oneLine: true, minSize: 6 });
  const postal = pdf.frame({ x: m + 2 * third, y, w: third, h: 30 }, 'Postal charges / Fees');
  pdf.text(d.postalChargesText ?? '', postal, { size: 10, bold: true, oneLine: true, minSize: 6 });
  y += 34;
  const cat = pdf.frame({ x: m, y, w: half, h: 48 }, 'Category of item');
  categories(pdf, d, cat, 2, 7.5);
  const expl = pdf.frame(
    { x: m + half + 6, y, w: half, h: 48 },
    'Explanation / Comments (e.g. goods subject to quarantine, sanitary/phytosanitary inspection)',
  );
  pdf.text([d.explanation, d.comments].filter(Boolean).join('\n') || 'none', expl, {
    size: 7.5,
    minSize: 5.5,
  });
  y += 52;
  const fourth = inner / 4;
  const boxes: [string, string][] = [
    ['Licence: No(s). of licence(s)', d.licenceNumbers],
    ['Certificate: No(s). of certificate(s)', d.certificateNumbers],
    ['Invoice: No. of invoice', d.invoiceNumber],
    ['Office of origin / Date of posting', `${d.officeOfOrigin}, ${d.dateOfPosting}`],
  ];
  boxes.forEach(([caption, value], i) => {
    const b = pdf.frame({ x: m + i * fourth, y, w: fourth, h: 36 }, caption);
    // The invoice number is one token: shrunk onto one line rather than broken.
    pdf.text(value, b, { size: 7, minSize: 4.5, oneLine: i === 2 });
  });
  y += 40;
  pdf.text(sdrNote(d), { x: m, y, w: inner, h: 10 }, { size: 6.5, minSize: 5 });
  y += 12;
  pdf.text(d.statement, { x: m, y, w: inner, h: 24 }, { size: 7, minSize: 5.5 });
  y += 26;
  pdf.text(
    `Date and sender's signature: ${d.signedOn}   ${d.signatory}`,
    { x: m, y, w: inner, h: 12 },
    {
      size: 9,
      minSize: 6,
      bold: true,
      oneLine: true,
    },
  );
  pdf.transliterationNote({ x: m, y: H - 22, w: inner, h: 14 });
}

/** CN 22s (4 × 6 in) or CN 23s (A4), one per postal item. */
export function renderCustomsDeclarations(
  declarations: readonly CustomsDeclaration[],
  createdAtMs: number,
): Promise<Buffer> {
  const cn22 = declarations[0]?.form === 'CN22';
  const pdf = new Pdf(cn22 ? LABEL_4X6 : A4, {
    title: `Customs declaration ${cn22 ? 'CN 22' : 'CN 23'} ${declarations[0]?.invoiceNumber ?? ''}`,
    createdAtMs,
  });
  declarations.forEach((d, i) => {
    if (i > 0) pdf.addPage();
    pdf.transliterated = false;
    if (d.form === 'CN22') drawCn22(pdf, d);
    else drawCn23(pdf, d);
  });
  return pdf.finish();
}

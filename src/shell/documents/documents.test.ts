// The document PDFs from the core's models: each renders (its first page is neither blank nor a
// black slab), carries its key fields as text, keeps long text inside its boxes, draws only glyphs
// the embedded font has, and its barcodes scan back to the tracking numbers.
import * as fontkit from 'fontkit';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  buildManifest,
  type DocumentRequest,
  shipmentDocument,
  type ShipmentFacts,
} from '../../core/documents/index.ts';
import {
  CHAIN_LEGS,
  facts,
  item,
  order,
  orderParcel,
  records,
  SELLER,
  testRules,
  usd,
} from '../../core/documents/test-fixtures.ts';
import type { CountryCode } from '../../core/shared/index.ts';
import { isPrintable, PRINTABLE_RANGES, printable } from './fonts.ts';
import { renderManifestPdf, renderShipmentDocument } from './render.ts';
import { darkShare, decodeCode128, pageCount, pageToPng, pdfText, pdfWords } from './test-pdf.ts';

const rules = testRules();

async function render(f: ShipmentFacts, request: DocumentRequest): Promise<Buffer> {
  const doc = shipmentDocument(f, rules, request);
  if (!doc.ok) throw new Error(doc.error.message);
  return renderShipmentDocument(doc.value, f.issuedAtMs);
}

/** A first page with ink on it, but not a black slab. */
function expectRendered(pdf: Buffer): void {
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const share = darkShare(pageToPng(pdf, 1, 72));
  expect(share).toBeGreaterThan(0.005);
  expect(share).toBeLessThan(0.35);
}

const twoParcels = order([
  orderParcel(
    [
      item({ description: 'silicone phone case', quantity: 3, unitValue: usd(250), weightG: 120 }),
      item({
        description: 'USB-C charger 20 W',
        hsCode: '850440',
        unitValue: usd(1999),
        sku: 'CHG-20W',
      }),
    ],
    800,
  ),
  orderParcel(
    [
      item({
        description: 'screen protector',
        hsCode: '700719',
        quantity: 2,
        unitValue: usd(745),
        weightG: 50,
      }),
    ],
    450,
  ),
]);
const chain = facts({ order: twoParcels, legs: CHAIN_LEGS });
const postalOrder = order([orderParcel([item()], 300)]);
const postal = facts({ order: postalOrder, parcels: records(postalOrder, ['LX123456785SG']) });

describe('document PDFs', () => {
  it('commercial invoice: renders, with the parties, HS codes and totals', async () => {
    const pdf = await render(chain, { kind: 'invoice' });
    expectRendered(pdf);
    const text = pdfText(pdf);
    for (const s of [
      'COMMERCIAL INVOICE',
      'Shenzhen Bright Gadgets Co., Ltd.',
      'Erika Mustermann',
      'Invalidenstraße 117',
      '392690',
      '850440',
      '700719',
      '42.39 USD',
      '1.250 kg',
      'IM1560000123',
      'DAP, delivered at place',
    ])
      expect(text).toContain(s);
  });

  it('packing list: renders each parcel with its contents and weights', async () => {
    const pdf = await render(chain, { kind: 'packing-list' });
    expectRendered(pdf);
    const text = pdfText(pdf);
    for (const s of [
      'PACKING LIST',
      'Parcel 1 of 2',
      'Parcel 2 of 2',
      'CHG-20W',
      '0.800 kg gross',
      '1.250 kg',
    ])
      expect(text).toContain(s);
  });

  it('CN 22: renders the UPU fields on a 4 × 6 page', async () => {
    const pdf = await render(postal, { kind: 'cn22' });
    expectRendered(pdf);
    const text = pdfText(pdf);
    for (const s of [
      'CUSTOMS DECLARATION',
      'CN 22',
      'Merlion Post',
      'LX 123 456 785 SG',
      'IOSS IM1560000123',
      'Sale of goods',
      '392690',
      '8.99 USD',
      '0.300',
      'SDR 6.58',
      'certify that the particulars',
      '2025-12-22',
    ])
      expect(text).toContain(s);
  });

  it('CN 23: renders the UPU fields on A4, and its item barcode scans', async () => {
    const dear = order([
      orderParcel(
        [
          item({ unitValue: usd(50000) }),
          item({ description: 'drone', hsCode: '880621', unitValue: usd(12000) }),
        ],
        1500,
      ),
    ]);
    const f = facts({ order: dear, parcels: records(dear, ['LX000000080SG']) });
    const pdf = await render(f, { kind: 'cn23' });
    expectRendered(pdf);
    const text = pdfText(pdf);
    for (const s of [
      'CN 23',
      '880621',
      '620.00 USD',
      'Postal charges / Fees',
      '42.89 CNY',
      'shp_01kb0000000000000000000001',
    ])
      expect(text).toContain(s);
    // The item number's box: the right half of the page, from y 70 to 136 pt (200 dpi: × 200/72).
    const png = pageToPng(pdf, 1, 200);
    const px = (pt: number) => Math.round((pt * 200) / 72);
    expect(decodeCode128(png, { x: px(300), y: px(70), w: px(290), h: px(66) })).toBe(
      'LX000000080SG',
    );
  });

  it('labels: one 4 × 6 page per parcel whose Code 128 scans back to its tracking number', async () => {
    const pdf = await render(chain, { kind: 'label', parcel: null });
    expect(pageCount(pdf)).toBe(2);
    expectRendered(pdf);
    expect(decodeCode128(pageToPng(pdf, 1))).toBe('prc_01kb0000000000000000000000');
    expect(decodeCode128(pageToPng(pdf, 2))).toBe('prc_01kb0000000000000000000001');
    const one = await render(postal, { kind: 'label', parcel: 1 });
    expect(pageCount(one)).toBe(1);
    expect(decodeCode128(pageToPng(one))).toBe('LX123456785SG');
    const text = pdfText(one);
    for (const s of [
      'LX 123 456 785 SG',
      'CN → DE',
      'Parcel 1 of 1',
      '0.300 kg',
      'CN 22 attached',
      'GERMANY',
    ])
      expect(text).toContain(s);
  });

  it('manifest: renders a band per parcel and a row per item line', async () => {
    const m = buildManifest({
      service: {
        id: 'prc-szx-europe',
        name: 'Shenzhen–Europe air consolidation',
        partnerId: 'pearl-river-cargo',
        partnerName: 'Pearl River Cargo',
        timezone: 'Asia/Shanghai',
      },
      departsAtMs: Date.parse('2025-12-23T14:00:00Z'),
      generatedAtMs: Date.parse('2025-12-23T01:00:00Z'),
      shipments: [
        { shipmentId: 'shp_a', order: twoParcels, parcels: records(twoParcels) },
        {
          shipmentId: 'shp_b',
          order: postalOrder,
          parcels: records(postalOrder, ['LX123456785SG']),
        },
      ],
    });
    const pdf = await renderManifestPdf(m, 0);
    expectRendered(pdf);
    const text = pdfText(pdf);
    for (const s of [
      'LINE-HAUL MANIFEST',
      'prc-szx-europe',
      '2025-12-23 22:00 Asia/Shanghai',
      'LX 123 456 785 SG',
      '850440',
      '51.38 USD',
      'Parcels: 3',
    ])
      expect(text).toContain(s);
  });
});

describe('text that must fit and be drawable', () => {
  const longBuyer = order(twoParcels.parcels, {
    buyer: {
      country: 'DE' as CountryCode,
      postcode: '10115',
      city: 'Berlin',
      name: 'Erika Mustermann-Lüdenscheidt von und zu Hohenzollern-Sigmaringen-Hechingen',
      addressLines: [
        'Invalidenstraße 117, Hinterhaus, 3. Obergeschoss links, bei Familie Schmidt-Oberweißbach klingeln',
        'c/o Müller & Söhne Import-Export GmbH & Co. KG, Wareneingang Tor 4',
        'Postfach 12 34 56',
      ],
      phone: '+49 30 1234567',
    },
  });
  const chinese = {
    ...SELLER,
    party: { ...SELLER.party, name: '深圳市光明电子有限公司', addressLines: ['南山区科苑路9号'] },
  };

  it('keeps a long address inside the label’s TO box and on its page', async () => {
    const pdf = await render(facts({ order: longBuyer, legs: CHAIN_LEGS }), {
      kind: 'label',
      parcel: 1,
    });
    const words = pdfWords(pdf);
    for (const w of words) {
      expect(w.xMin).toBeGreaterThanOrEqual(0);
      expect(w.xMax).toBeLessThanOrEqual(288.5);
      expect(w.yMax).toBeLessThanOrEqual(432.5);
    }
    // The TO frame runs from y 134 to 256 and x 8 to 280.
    const address = words.filter((w) =>
      ['Obergeschoss', 'Wareneingang', 'Postfach', 'GERMANY'].includes(w.text),
    );
    expect(address.length).toBeGreaterThan(0);
    for (const w of address) {
      expect(w.yMin).toBeGreaterThan(134);
      expect(w.yMax).toBeLessThan(256);
      expect(w.xMax).toBeLessThan(280);
    }
    expect(decodeCode128(pageToPng(pdf))).toBe('prc_01kb0000000000000000000000');
  });

  it('transliterates Chinese names the font cannot draw, and says so', async () => {
    const f = facts({
      order: postalOrder,
      parcels: records(postalOrder, ['LX123456785SG']),
      seller: chinese,
    });
    for (const request of [
      { kind: 'invoice' },
      { kind: 'cn22' },
      { kind: 'label', parcel: 1 },
    ] as const) {
      const text = pdfText(await render(f, request));
      expect(text).toContain('Shen Zhen Shi Guang Ming Dian Zi You Xian Gong Si');
      expect(text).toMatch(/transliterated\s+to\s+Latin\s+letters/);
      // Nothing outside what the font draws reached the PDF.
      for (const ch of text.replace(/\s/g, '')) expect(isPrintable(ch.codePointAt(0)!)).toBe(true);
    }
    // A document with nothing to transliterate carries no such note.
    expect(pdfText(await render(postal, { kind: 'invoice' }))).not.toMatch(/transliterated/);
  });

  it('printable(): keeps what the font has, transliterates the rest, drops control characters', () => {
    expect(printable('Müller Straße, Москва')).toEqual({
      text: 'Müller Straße, Москва',
      transliterated: false,
    });
    expect(printable('深圳市Bright')).toEqual({
      text: 'Shen Zhen Shi Bright',
      transliterated: true,
    });
    expect(printable('서울 Gangnam').text).toBe('Seo Ul Gangnam');
    expect(printable('الرياض').transliterated).toBe(true);
    expect(printable('a\u0000b\tc\nd')).toEqual({ text: 'a b c\nd', transliterated: false });
  });

  it('only counts as printable what both embedded fonts draw', () => {
    const require = createRequire(import.meta.url);
    for (const file of [
      'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
      'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
    ]) {
      const font = fontkit.openSync(require.resolve(file)) as fontkit.Font;
      for (const [from, to] of PRINTABLE_RANGES)
        for (let cp = from; cp <= to; cp++) {
          if (/\p{Cn}/u.test(String.fromCodePoint(cp))) continue;
          if (!font.hasGlyphForCodePoint(cp)) throw new Error(`${file} lacks U+${cp.toString(16)}`);
        }
    }
  });
});

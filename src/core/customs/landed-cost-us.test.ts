// US landed cost: worked examples computed by hand, at and around USD 800 and USD 100 (gifts) and
// each rule change date: 2 May 2025 (China), 29 Aug 2025 (all countries), the IEEPA rates and their
// end on 20 Feb 2026, the Section 122 window 24 Feb – 24 Jul 2026, the postal transition.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { landedCost } from './landed-cost.ts';
import { item, quoteWith, shippedRules, summary, type QuoteInput } from './landed-cost-testing.ts';

const root = new URL('../../../', import.meta.url);
const rules = shippedRules({
  read: (p) => readFileSync(new URL(p, root), 'utf8'),
  list: (d) => readdirSync(new URL(`${d}/`, root)),
});
const quote = (input: QuoteInput) => quoteWith(rules, input);
const duties = (input: QuoteInput) => summary(quote(input)).filter((l) => l.includes(' duty '));

// HTS 7117.19.90.00 imitation jewellery: general rate 11 %, Section 301 List 4A (9903.88.15).
const jewellery = (cents: number, more = {}) =>
  item('7117199000', cents, 'USD', { description: 'necklace', ...more });
const us = (importDate: string, items: QuoteInput['items'], more: Partial<QuoteInput> = {}) =>
  ({ destination: 'US', importDate, items, ...more }) as QuoteInput;

describe('US: Section 321 de minimis until its suspension', () => {
  it('USD 800.00 is free of every duty; USD 800.01 pays them all (1 Apr 2025, China)', () => {
    const relief = [
      'us-de-minimis-800 duty buyer 0',
      'us-de-minimis-800 duty buyer 0',
      'us-de-minimis-800 duty buyer 0',
      'us-de-minimis-800 duty buyer 0',
    ];
    expect(summary(quote(us('2025-04-01', [jewellery(80000)])))).toEqual(relief);
    // 11 % × 800.01 = 88.0011 → 88.00; Section 301 7.5 % = 60.00075 → 60.00;
    // IEEPA 20 % (4 Mar – 9 Apr 2025) = 160.002 → 160.00;
    // courier fee max(2.5 % × 308.00 = 7.70, USD 5) = 7.70
    expect(summary(quote(us('2025-04-01', [jewellery(80001)])))).toEqual([
      'us-hts-duty duty buyer 8800',
      'us-section-301 duty buyer 6000',
      'us-ieepa duty buyer 16000',
      'courier-dap-disbursement fee buyer 770',
    ]);
  });

  it('goods of China lose it on 2 May 2025; other origins on 29 Aug 2025', () => {
    expect(duties(us('2025-05-01', [jewellery(10000)]))[0]).toBe('us-de-minimis-800 duty buyer 0');
    // 2 May 2025: 11.00 + 7.50 + IEEPA 145 % (10 Apr – 13 May 2025) = 145.00
    expect(duties(us('2025-05-02', [jewellery(10000)]))).toEqual([
      'us-hts-duty duty buyer 1100',
      'us-section-301 duty buyer 750',
      'us-ieepa duty buyer 14500',
    ]);
    const vietnam = [jewellery(10000, { originCountry: 'VN' })];
    expect(duties(us('2025-05-02', vietnam))[0]).toBe('us-de-minimis-800-not-cn duty buyer 0');
    expect(duties(us('2025-08-28', vietnam))[0]).toBe('us-de-minimis-800-not-cn duty buyer 0');
    const after = quote(us('2025-08-29', vietnam));
    // duty 11 % = 11.00; no Section 301 (not of China); the IEEPA rate of Vietnam is not held:
    // an explicit unknown, not a zero
    expect(summary(after).filter((l) => l.includes(' duty '))).toEqual([
      'us-hts-duty duty buyer 1100',
    ]);
    expect(after.unknowns.map((u) => u.message)).toEqual([
      'IEEPA duty: no rate held for origin VN (necklace)',
    ]);
  });
});

describe('US: postal items in the transition (29 Aug 2025 – 20 Feb 2026)', () => {
  const postal = (importDate: string, more: Partial<QuoteInput> = {}) =>
    us(importDate, [jewellery(1200, { quantity: 3 })], { channel: 'postal', ...more });

  it('ad valorem by default, with the specific alternative stated', () => {
    const lc = quote(postal('2025-09-15'));
    // goods 3 × 12.00 = 36.00: 11 % = 3.96; 301 7.5 % = 2.70; IEEPA 30 % = 10.80
    expect(summary(lc)).toEqual([
      'us-hts-duty duty buyer 396',
      'us-section-301 duty buyer 270',
      'us-ieepa-postal-ad-valorem duty buyer 1080',
    ]);
    // the origin's rate (30 %) is above 25 %: the specific method would charge USD 200 per item
    expect(lc.alternatives).toEqual([
      {
        rule: 'us-ieepa-postal-specific',
        name: 'IEEPA postal duty, specific per item',
        amount: { amount: 20000, currency: 'USD' },
        instead: 'us-ieepa-postal-ad-valorem',
      },
    ]);
    expect(lc.warnings.join('\n')).toMatch(
      /would charge USD 200\.00 \(rule us-ieepa-postal-specific\)/,
    );
    expect(lc.warnings.join('\n')).toMatch(/postal operator's fee/);
  });

  it('the specific method when elected: USD 200 at a 30 % rate, USD 160 from 10 Nov 2025 (20 %)', () => {
    const lc = quote(postal('2025-09-15', { postalDutyMethod: 'specific' }));
    expect(summary(lc)[2]).toBe('us-ieepa-postal-specific duty buyer 20000');
    expect(lc.alternatives[0]!.amount.amount).toBe(1080);
    expect(summary(quote(postal('2025-11-10', { postalDutyMethod: 'specific' })))[2]).toBe(
      'us-ieepa-postal-specific duty buyer 16000',
    );
    // before 29 Aug 2025, goods of China by post: the May–Aug methodology is not modelled
    const may = quote(postal('2025-06-01'));
    expect(may.unknowns[0]!.rule).toBe('us-ieepa-cn-postal-2025');
  });
});

describe('US: the end of IEEPA duties and the Section 122 window', () => {
  const goods = [jewellery(1200, { quantity: 3 })]; // USD 36.00
  it('IEEPA 20 % until 19 Feb 2026; none from 20 Feb; Section 122 10 % from 24 Feb to 23 Jul', () => {
    // 11 % = 3.96; 301 7.5 % = 2.70; IEEPA 20 % = 7.20; Section 122 10 % = 3.60
    expect(duties(us('2026-02-19', goods))).toEqual([
      'us-hts-duty duty buyer 396',
      'us-section-301 duty buyer 270',
      'us-ieepa duty buyer 720',
    ]);
    const none = ['us-hts-duty duty buyer 396', 'us-section-301 duty buyer 270'];
    expect(duties(us('2026-02-20', goods))).toEqual(none);
    expect(duties(us('2026-02-23', goods))).toEqual(none);
    const window = [...none, 'us-section-122 duty buyer 360'];
    expect(duties(us('2026-02-24', goods))).toEqual(window);
    expect(duties(us('2026-07-23', goods))).toEqual(window);
    expect(duties(us('2026-07-24', goods))).toEqual(none);
    // postal items are included in the surcharge
    expect(duties(us('2026-03-01', goods, { channel: 'postal' }))).toEqual(window);
  });
});

describe('US: gifts, formal entries, HTS rates', () => {
  it('a bona fide gift up to USD 100.00 is exempt; USD 100.01 is not', () => {
    expect(duties(us('2026-03-01', [jewellery(10000)], { gift: true }))).toEqual(
      Array(4).fill('us-gift-100 duty buyer 0'),
    );
    // 11 % × 100.01 = 11.0011 → 11.00; 7.5 % = 7.50075 → 7.50; 10 % = 10.001 → 10.00
    expect(duties(us('2026-03-01', [jewellery(10001)], { gift: true }))).toEqual([
      'us-hts-duty duty buyer 1100',
      'us-section-301 duty buyer 750',
      'us-section-122 duty buyer 1000',
    ]);
    // not flagged as a gift: no relief at USD 100
    expect(duties(us('2026-03-01', [jewellery(10000)]))[0]).toBe('us-hts-duty duty buyer 1100');
  });

  it('warns that a formal entry is needed above USD 2,500, and that the MPF is not included', () => {
    const at = quote(us('2026-03-01', [jewellery(250000)]));
    expect(at.warnings.join('\n')).not.toMatch(/a formal entry is required/);
    expect(at.warnings.join('\n')).toMatch(/merchandise processing fee \(MPF\)/);
    expect(quote(us('2026-03-01', [jewellery(250001)])).warnings.join('\n')).toMatch(
      /above USD 2,500: a formal entry is required/,
    );
  });

  it('computes specific rates from weight: 46.3¢/kg + 14.9 % on 2 kg worth USD 50', () => {
    const lc = quote(
      us('2026-03-01', [
        item('0402999000', 5000, 'USD', { description: 'milk powder', weightG: 2000 }),
      ]),
    );
    // 46.3 × 2 = 92.6¢ + 14.9 % × 5000¢ = 745¢ → 837.6 → 838; 301 List 4A 7.5 % = 3.75; 122 10 % = 5.00
    expect(duties(us('2026-03-01', [item('0402999000', 5000, 'USD', { weightG: 2000 })]))).toEqual([
      'us-hts-duty duty buyer 838',
      'us-section-301 duty buyer 375',
      'us-section-122 duty buyer 500',
    ]);
    expect(lc.lines[0]!.name).toMatch(/46\.3¢\/kg \+ 14\.9%/);
  });

  it('converts other currencies at the dated rate: CNY 252.00 is USD 36.00 at 7.00 (2026 Q2)', () => {
    const lc = quote(us('2026-05-01', [item('7117199000', 25200, 'CNY')]));
    // CNY 1 = USD 0.142857 (6 digits): 252 × 0.142857 = USD 35.999964; 11 % = 3.95999… → 3.96
    expect(lc.lines[0]).toMatchObject({
      rule: 'us-hts-duty',
      amount: { amount: 396, currency: 'USD' },
    });
  });

  it('takes the rate of a shorter code when all HTS lines under it agree, else says it is unknown', () => {
    const phone = quote(us('2026-03-01', [item('851713', 50000, 'USD', { description: 'phone' })]));
    expect(phone.lines[0]).toMatchObject({ rule: 'us-hts-duty', amount: { amount: 0 } });
    expect(phone.warnings.join('\n')).toMatch(
      /8517\.13 is not a 10-digit HTS number: its only HTS line, 8517\.13\.00\.00, is used/,
    );
    const mixed = quote(
      us('2026-03-01', [item('711719', 5000, 'USD', { description: 'earrings' })]),
    );
    expect(mixed.lines.filter((l) => l.rule === 'us-hts-duty')).toEqual([]);
    expect(mixed.unknowns[0]!.message).toMatch(/differ in rate .*give the 10-digit HTS number/);
  });

  it('uses the held general rate where the HTS table has none, and says Section 301 is unknown there', () => {
    const lc = quote(
      us('2026-03-01', [item('6109100012', 2000, 'USD', { description: 'T-shirt' })]),
    );
    // 16.5 % × 20.00 = 3.30 (HTS 6109.10.00, held beside the table); 122: 10 % = 2.00
    expect(summary(lc).filter((l) => l.includes(' duty '))).toEqual([
      'us-hts-duty duty buyer 330',
      'us-section-122 duty buyer 200',
    ]);
    expect(lc.unknowns.map((u) => u.rule)).toEqual(['us-section-301']);
    expect(lc.unknowns[0]!.message).toMatch(/lists neither a rate nor Chapter 99 references/);
  });

  it('names a Section 301 heading it does not hold instead of charging nothing', () => {
    const lc = quote(us('2026-03-01', [item('2931909010', 2000, 'USD')]));
    expect(lc.unknowns.some((u) => /heading 9903\.88\.04 .* is not held/.test(u.message))).toBe(
      true,
    );
  });

  it('refuses a 10-digit code that is not an HTS line', () => {
    const r = landedCost(rules, {
      ...us('2026-03-01', [item('7117199099', 2000, 'USD')]),
      incoterm: 'DDP',
      shipping: { amount: 0, currency: 'USD' },
    });
    expect(r.ok ? null : r.error.tag).toBe('unknown-hs-code');
    expect(r.ok ? null : r.error.field).toBe('items[0].hsCode');
  });
});

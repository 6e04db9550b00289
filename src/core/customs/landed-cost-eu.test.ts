// EU landed cost: worked examples computed by hand, at and around each threshold and each rule
// change date. Rates: data/customs/fx-rates.csv (2026 Q1: EUR = USD 1.17, PLN = USD 0.277251).
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
const tshirt = (cents: number, currency = 'EUR', more = {}) =>
  item('610910', cents, currency, { description: 'T-shirt', ...more });

describe('EU: the EUR 150 relief and IOSS', () => {
  it('EUR 150.00 without IOSS, DAP by courier: no duty, VAT at import, the courier fee', () => {
    const lc = quote({
      destination: 'DE',
      importDate: '2026-03-01',
      items: [tshirt(15000)],
      shipping: { amount: 1000, currency: 'EUR' },
    });
    // duty: relief (intrinsic 150.00 ≤ 150) → 0
    // VAT: 19 % × (150.00 + 10.00) = 30.40
    // courier fee: max(2.5 % × 30.40 = 0.76, USD 5.00 = 5 / 1.17 EUR = 4.2735…) → 4.27
    expect(summary(lc)).toEqual([
      'eu-duty-relief-150 duty buyer 0',
      'eu-vat-import tax buyer 3040',
      'courier-dap-disbursement fee buyer 427',
    ]);
    expect(lc.totals).toMatchObject({ seller: { amount: 0 }, buyer: { amount: 3467 } });
    expect(lc.refusalRisk).toBe(true);
    expect(lc.warnings.join('\n')).toMatch(/no IOSS number/);
    expect(lc.warnings.join('\n')).toMatch(/known cause of refused parcels/);
  });

  it('EUR 150.01: duty from the tariff on CIF, VAT on CIF + duty', () => {
    const lc = quote({
      destination: 'DE',
      importDate: '2026-03-01',
      items: [tshirt(15001)],
      shipping: { amount: 1000, currency: 'EUR' },
    });
    // duty: 12 % × (150.01 + 10.00) = 19.2012 → 19.20
    // VAT: 19 % × (160.01 + 19.20) = 34.0499 → 34.05
    // fee: max(2.5 % × 53.25 = 1.33, 4.27) → 4.27
    expect(summary(lc)).toEqual([
      'eu-duty-tariff duty buyer 1920',
      'eu-vat-import tax buyer 3405',
      'courier-dap-disbursement fee buyer 427',
    ]);
    expect(lc.lines[0]!.source).toMatch(/approximation/);
  });

  it('IOSS up to EUR 150: VAT charged at sale (seller) whatever the incoterm; above: at import', () => {
    const ioss = { ioss: 'IM2760000001' };
    const at150 = quote({
      destination: 'DE',
      importDate: '2026-03-01',
      items: [tshirt(15000)],
      shipping: { amount: 1000, currency: 'EUR' },
      registrations: ioss,
    });
    // VAT at sale: 19 % × 160.00 = 30.40, paid by the seller; nothing is due at the door.
    expect(summary(at150)).toEqual([
      'eu-duty-relief-150 duty buyer 0',
      'eu-vat-ioss tax seller 3040',
    ]);
    expect(at150.refusalRisk).toBe(false);
    const over = quote({
      destination: 'DE',
      importDate: '2026-03-01',
      incoterm: 'DDP',
      items: [tshirt(15001)],
      shipping: { amount: 1000, currency: 'EUR' },
      registrations: ioss,
    });
    // DDP: duty 19.20 and VAT 34.05 as above, paid by the seller; the integrator's fee
    // max(2 % × 53.25 = 1.065, USD 1.00 = 0.8547) → 1.07
    expect(summary(over)).toEqual([
      'eu-duty-tariff duty seller 1920',
      'eu-vat-import tax seller 3405',
      'integrator-ddp-disbursement fee seller 107',
    ]);
    expect(over.totals.buyer.amount).toBe(0);
    expect(over.warnings.join('\n')).toMatch(/IOSS cannot be used/);
  });

  it('compares the threshold exactly after conversion: USD 175.50 is EUR 150.00 at 1.17', () => {
    const at = quote({
      destination: 'DE',
      importDate: '2026-03-01',
      items: [tshirt(17550, 'USD')],
    });
    expect(at.lines[0]!.rule).toBe('eu-duty-relief-150');
    expect(at.valuation.goods).toEqual({ amount: 15000, currency: 'EUR' });
    const above = quote({
      destination: 'DE',
      importDate: '2026-03-01',
      items: [tshirt(17551, 'USD')],
    });
    // 175.51 / 1.17 = 150.00855 EUR; duty 12 % = 18.001 → 18.00
    expect(above.lines[0]).toMatchObject({ rule: 'eu-duty-tariff', amount: { amount: 1800 } });
  });

  it('freight (a commercial import) gets no relief', () => {
    const lc = quote({
      destination: 'DE',
      importDate: '2026-03-01',
      channel: 'freight',
      incoterm: 'DDP',
      items: [tshirt(10000)],
    });
    // duty 12 % × 100 = 12.00; VAT 19 % × 112 = 21.28; fee max(2 % × 33.28, 0.85) = 0.67 → 0.85
    expect(summary(lc)).toEqual([
      'eu-duty-tariff duty seller 1200',
      'eu-vat-import tax seller 2128',
      'integrator-ddp-disbursement fee seller 85',
    ]);
  });

  it('converts to the member state currency: USD 100 to Poland, VAT 23 % in PLN', () => {
    const lc = quote({
      destination: 'PL',
      importDate: '2026-03-01',
      items: [tshirt(10000, 'USD')],
    });
    // 100 USD / 0.277251 = PLN 360.684…; VAT 23 % = 82.957… → PLN 82.96
    // fee: max(2.5 % × 82.96, USD 5 = PLN 18.034…) → 18.03
    expect(summary(lc)).toEqual([
      'eu-duty-relief-150 duty buyer 0',
      'eu-vat-import tax buyer 8296',
      'courier-dap-disbursement fee buyer 1803',
    ]);
    expect(lc.currency).toBe('PLN');
  });

  it('says when no duty rate is known for a code instead of charging zero', () => {
    const lc = quote({
      destination: 'FR',
      importDate: '2026-03-01',
      items: [item('848180', 20000, 'EUR', { description: 'tap' })],
    });
    expect(lc.lines.some((l) => l.rule === 'eu-duty-tariff')).toBe(false);
    expect(lc.unknowns.map((u) => u.message)).toEqual([
      'no duty rate known for HS 848180 in the EU Common Customs Tariff (approximation) (tap)',
    ]);
    expect(lc.warnings).toContain(lc.unknowns[0]!.message);
  });
});

describe('EU: the flat EUR 3 per subheading from 1 Jul 2026 until 1 Jul 2028', () => {
  // The reference's example: a silk blouse and two wool blouses are two subheadings (6206.10 and
  // 6206.20): EUR 6. Goods 40 + 2 × 30 = 100, shipping 5.
  const blouses: QuoteInput = {
    destination: 'DE',
    importDate: '',
    incoterm: 'DDP',
    registrations: { ioss: 'IM2760000001' },
    items: [
      item('620610', 4000, 'EUR', { description: 'silk blouse' }),
      item('620620', 3000, 'EUR', { description: 'wool blouse', quantity: 2 }),
    ],
    shipping: { amount: 500, currency: 'EUR' },
  };

  it('30 Jun 2026: relief; 1 Jul 2026: 2 × EUR 3 = EUR 6, in the VAT base', () => {
    const before = quote({ ...blouses, importDate: '2026-06-30' });
    // VAT at sale: 19 % × 105 = 19.95
    expect(summary(before)).toEqual([
      'eu-duty-relief-150 duty seller 0',
      'eu-vat-ioss tax seller 1995',
    ]);
    const after = quote({ ...blouses, importDate: '2026-07-01' });
    // duty 6.00 (at import: advanced by the integrator); VAT 19 % × (105 + 6) = 21.09;
    // integrator fee max(2 % × 6.00, USD 1 = 0.85) → 0.85
    expect(summary(after)).toEqual([
      'eu-duty-flat-3 duty seller 600',
      'eu-vat-ioss tax seller 2109',
      'integrator-ddp-disbursement fee seller 85',
    ]);
    expect(after.lines[0]!.name).toMatch(/2 × EUR 3\.00 \(6206\.10, 6206\.20\)/);
  });

  it('an instant is read at the destination: 30 Jun 2026 23:30 in Berlin is before 1 Jul', () => {
    const lc = quote({ ...blouses, importDate: '2026-06-30T23:30:00+02:00' });
    expect(lc.lines[0]!.rule).toBe('eu-duty-relief-150');
    expect(quote({ ...blouses, importDate: '2026-06-30T22:00:00Z' }).lines[0]!.rule).toBe(
      'eu-duty-flat-3',
    );
  });

  it('1 Jul 2028: the flat duty ends; the tariff applies to low-value consignments', () => {
    expect(quote({ ...blouses, importDate: '2028-06-30' }).lines[0]!.rule).toBe('eu-duty-flat-3');
    const lc = quote({ ...blouses, importDate: '2028-07-01' });
    // shipping shared by value: silk 40 + 2 = 42, wool 60 + 3 = 63; 12 % → 5.04 and 7.56
    expect(summary(lc).slice(0, 2)).toEqual([
      'eu-duty-tariff duty seller 504',
      'eu-duty-tariff duty seller 756',
    ]);
  });
});

describe('EU: member states', () => {
  it('Italy: EUR 2 per consignment up to EUR 150 from 1 Jan 2026', () => {
    const input: QuoteInput = {
      destination: 'IT',
      importDate: '2025-12-31',
      registrations: { ioss: 'IM3800000001' },
      items: [tshirt(10000)],
    };
    // VAT at sale 22 % × 100 = 22.00
    expect(summary(quote(input))).toEqual([
      'eu-duty-relief-150 duty buyer 0',
      'eu-vat-ioss tax seller 2200',
    ]);
    const lc = quote({ ...input, importDate: '2026-01-01' });
    // + EUR 2.00 at import (DAP: the buyer), + the courier's fee max(2.5 % × 2, 4.27) = 4.27
    expect(summary(lc)).toEqual([
      'eu-duty-relief-150 duty buyer 0',
      'eu-vat-ioss tax seller 2200',
      'it-parcel-contribution fee buyer 200',
      'courier-dap-disbursement fee buyer 427',
    ]);
    // above EUR 150: no Italian charge
    expect(
      summary(quote({ ...input, importDate: '2026-01-01', items: [tshirt(15001)] })).some((l) =>
        l.startsWith('it-'),
      ),
    ).toBe(false);
  });

  it('Romania: RON 25 per parcel from 1 Jan 2026 (secondary); VAT 19 % → 21 % on 1 Aug 2025', () => {
    const ron = (cents: number) => item('610910', cents, 'RON', { description: 'T-shirt' });
    const base: QuoteInput = {
      destination: 'RO',
      importDate: '2025-07-31',
      items: [ron(50000)],
      shipping: { amount: 2000, currency: 'RON' },
      channel: 'postal',
    };
    // 500 + 20 = 520 RON; VAT 19 % = 98.80, then 21 % = 109.20
    expect(summary(quote(base))).toEqual([
      'eu-duty-relief-150 duty buyer 0',
      'eu-vat-import tax buyer 9880',
    ]);
    expect(summary(quote({ ...base, importDate: '2025-08-01' }))[1]).toBe(
      'eu-vat-import tax buyer 10920',
    );
    const lc = quote({ ...base, importDate: '2026-01-01' });
    expect(summary(lc)).toEqual([
      'eu-duty-relief-150 duty buyer 0',
      'eu-vat-import tax buyer 10920',
      'ro-parcel-fee fee buyer 2500',
    ]);
    expect(lc.lines[2]!.source).toMatch(/secondary/);
    // EUR 150 = 763.50 RON at 2026 Q1: RON 764 is above, so no parcel charge
    expect(
      summary(quote({ ...base, importDate: '2026-01-01', items: [ron(76400)] })).join(),
    ).not.toMatch(/ro-parcel-fee/);
  });

  it('VAT rate changes: FI 24 → 25.5 % (1 Sep 2024), EE 22 → 24 % (1 Jul 2025), SK 20 → 23 % (1 Jan 2025)', () => {
    const vat = (destination: string, importDate: string) =>
      quote({ destination, importDate, items: [tshirt(10000)] }).lines.find(
        (l) => l.rule === 'eu-vat-import',
      )!.amount.amount;
    expect([vat('FI', '2024-08-31'), vat('FI', '2024-09-01')]).toEqual([2400, 2550]);
    expect([vat('EE', '2025-06-30'), vat('EE', '2025-07-01')]).toEqual([2200, 2400]);
    expect([vat('SK', '2024-12-31'), vat('SK', '2025-01-01')]).toEqual([2000, 2300]);
    expect([vat('DE', '2026-03-01'), vat('HU', '2026-03-01') > 0, vat('LU', '2023-06-01')]).toEqual(
      [1900, true, 1600],
    );
  });

  it('Bulgaria pays in BGN until 2025 and in EUR from 1 Jan 2026', () => {
    const before = quote({ destination: 'BG', importDate: '2025-12-31', items: [tshirt(10000)] });
    // EUR 100 = 1.16 / 0.593098 BGN = 195.5829 BGN; VAT 20 % = 39.1166 → 39.12
    expect(before.currency).toBe('BGN');
    expect(before.lines[1]).toMatchObject({
      rule: 'eu-vat-import',
      amount: { amount: 3912, currency: 'BGN' },
    });
    const after = quote({ destination: 'BG', importDate: '2026-01-01', items: [tshirt(10000)] });
    expect(after.lines[1]).toMatchObject({ amount: { amount: 2000, currency: 'EUR' } });
  });
});

describe('EU: failures', () => {
  it('a date before the rules held is "no rule known", not a zero', () => {
    const r = landedCost(rules, {
      destination: 'DE',
      importDate: '2021-06-30',
      incoterm: 'DAP',
      items: [tshirt(1000)],
      shipping: { amount: 0, currency: 'EUR' },
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toEqual({
        tag: 'no-rule-in-force',
        field: 'importDate',
        message:
          'no rule known for DE on 2021-06-30: the European Union rules held run from 2021-07-01',
      });
  });
});

// Landed cost for the UK, Canada, Australia, Japan, South Korea, Russia, Brazil, Mexico and Saudi
// Arabia: worked examples computed by hand at and around each threshold and rule change date.
// Rates: data/customs/fx-rates.csv, 2026 Q1 (USD per unit): EUR 1.17, GBP 1.34, CAD 0.724638,
// AUD 0.66, JPY 0.00645161, KRW 0.000689655, RUB 0.0125, BRL 0.185185, MXN 0.0546448, SAR 0.266667.
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
const tshirt = (cents: number, currency: string, more = {}) =>
  item('610910', cents, currency, { description: 'T-shirt', ...more });

describe('United Kingdom: GBP 135', () => {
  const uk = (cents: number, more: Partial<QuoteInput> = {}): QuoteInput => ({
    destination: 'GB',
    importDate: '2026-03-01',
    channel: 'postal',
    items: [tshirt(cents, 'GBP')],
    shipping: { amount: 500, currency: 'GBP' },
    ...more,
  });

  it('GBP 135.00: no duty, VAT 20 % charged at sale by the seller', () => {
    const lc = quote(uk(13500, { registrations: { ukVat: 'GB123456789' } }));
    // VAT 20 % × (135.00 + 5.00) = 28.00, seller, even under DAP
    expect(summary(lc)).toEqual([
      'uk-duty-relief-135 duty buyer 0',
      'uk-vat-at-sale tax seller 2800',
    ]);
    expect(lc.refusalRisk).toBe(false);
    expect(lc.warnings).toEqual([]);
    expect(quote(uk(13500)).warnings.join('\n')).toMatch(/no UK VAT number/);
  });

  it('GBP 135.01: duty and import VAT, and Royal Mail’s fee at the door', () => {
    // duty 12 % × 140.01 = 16.8012 → 16.80; VAT 20 % × (140.01 + 16.80) = 31.362 → 31.36; fee GBP 8
    expect(summary(quote(uk(13501)))).toEqual([
      'uk-duty-tariff duty buyer 1680',
      'uk-import-vat tax buyer 3136',
      'uk-royal-mail-fee fee buyer 800',
    ]);
    // by courier: the courier's fee max(2.5 % × 48.16, USD 5 = GBP 3.7313) = 3.73
    expect(summary(quote(uk(13501, { channel: 'courier' })))[2]).toBe(
      'courier-dap-disbursement fee buyer 373',
    );
  });
});

describe('Canada: CAD 20, CUSMA CAD 40 and 150, GST/HST by province', () => {
  const ca = (cents: number, more: Partial<QuoteInput> = {}): QuoteInput => ({
    destination: 'CA',
    destinationRegion: 'CA-ON',
    importDate: '2026-03-01',
    channel: 'postal',
    items: [tshirt(cents, 'CAD')],
    ...more,
  });
  const fromUs = {
    channel: 'courier' as const,
    shipFromCountry: 'US',
  };
  const usGoods = (cents: number) => [tshirt(cents, 'CAD', { originCountry: 'US' })];

  it('postal: CAD 20.00 free; CAD 20.01 duty, HST 13 % (Ontario) and Canada Post’s fee', () => {
    expect(summary(quote(ca(2000)))).toEqual([
      'ca-postal-20 duty buyer 0',
      'ca-postal-20 tax buyer 0',
    ]);
    // duty 18 % × 20.01 = 3.6018 → 3.60; HST 13 % × (20.01 + 3.60) = 3.0693 → 3.07; fee 9.95
    expect(summary(quote(ca(2001)))).toEqual([
      'ca-duty-tariff duty buyer 360',
      'ca-gst-hst tax buyer 307',
      'ca-canada-post-handling fee buyer 995',
    ]);
  });

  it('courier from the US with US goods: free to CAD 40, taxed to CAD 150, duty (CUSMA 0 %) above', () => {
    const q = (cents: number) => summary(quote(ca(cents, { ...fromUs, items: usGoods(cents) })));
    expect(q(4000)).toEqual([
      'ca-courier-cusma-40 duty buyer 0',
      'ca-courier-cusma-40 tax buyer 0',
    ]);
    // 40.01: duty-free, HST 13 % × 40.01 = 5.2013 → 5.20; fee max(2.5 % × 5.20, USD 5 = CAD 6.90) = 6.90
    expect(q(4001)).toEqual([
      'ca-courier-cusma-150 duty buyer 0',
      'ca-gst-hst tax buyer 520',
      'courier-dap-disbursement fee buyer 690',
    ]);
    // 150.00: HST 19.50; 150.01: the tariff with the CUSMA preference (0 %), HST 19.5013 → 19.50
    expect(q(15000)).toEqual([
      'ca-courier-cusma-150 duty buyer 0',
      'ca-gst-hst tax buyer 1950',
      'courier-dap-disbursement fee buyer 690',
    ]);
    expect(q(15001)).toEqual([
      'ca-duty-tariff duty buyer 0',
      'ca-gst-hst tax buyer 1950',
      'courier-dap-disbursement fee buyer 690',
    ]);
  });

  it('courier from China: CAD 20 only', () => {
    const q = (cents: number) => summary(quote(ca(cents, { channel: 'courier' })));
    expect(q(2000)).toEqual(['ca-courier-20 duty buyer 0', 'ca-courier-20 tax buyer 0']);
    expect(q(2001).slice(0, 2)).toEqual([
      'ca-duty-tariff duty buyer 360',
      'ca-gst-hst tax buyer 307',
    ]);
    // CAD 40 from the US but goods of China: no CUSMA relief
    const mixed = quote(ca(4000, { ...fromUs }));
    expect(summary(mixed)[0]).toBe('ca-duty-tariff duty buyer 720');
  });

  it('Nova Scotia HST 15 % until 31 Mar 2025, 14 % from 1 Apr 2025', () => {
    const ns = (importDate: string) =>
      summary(
        quote(
          ca(10000, {
            destinationRegion: 'CA-NS',
            importDate,
            channel: 'courier',
            incoterm: 'DDP',
          }),
        ),
      ).slice(0, 2);
    // duty 18.00; HST 15 % × 118.00 = 17.70, then 14 % × 118.00 = 16.52
    expect(ns('2025-03-31')).toEqual([
      'ca-duty-tariff duty seller 1800',
      'ca-gst-hst tax seller 1770',
    ]);
    expect(ns('2025-04-01')).toEqual([
      'ca-duty-tariff duty seller 1800',
      'ca-gst-hst tax seller 1652',
    ]);
  });

  it('GST 5 % with a warning in Quebec and when no province is given', () => {
    const qc = quote(ca(10000, { destinationRegion: 'CA-QC' }));
    // 18.00 + GST 5 % × 118.00 = 5.90
    expect(summary(qc)[1]).toBe('ca-gst-hst tax buyer 590');
    expect(qc.warnings[0]).toMatch(/Quebec: only the 5 % GST/);
    const none = quote({ ...ca(10000), destinationRegion: undefined });
    expect(summary(none)[1]).toBe('ca-gst-hst tax buyer 590');
    expect(none.warnings[0]).toMatch(/no province given/);
  });
});

describe('Australia: AUD 1,000', () => {
  const au = (cents: number, more: Partial<QuoteInput> = {}): QuoteInput => ({
    destination: 'AU',
    importDate: '2026-03-01',
    incoterm: 'DDP',
    registrations: { auArn: '300000000123' },
    items: [tshirt(cents, 'AUD')],
    shipping: { amount: 2000, currency: 'AUD' },
    ...more,
  });

  it('AUD 1,000.00: no duty, GST 10 % at sale; AUD 1,000.01: duty and GST at the border', () => {
    // GST 10 % × (1000.00 + 20.00) = 102.00 at sale
    expect(summary(quote(au(100000)))).toEqual([
      'au-duty-relief-1000 duty seller 0',
      'au-gst-at-sale tax seller 10200',
    ]);
    // goods of China: ChAFTA 0 %; GST 10 % × 1020.01 = 102.001 → 102.00; fee max(2 % × 102, USD 1 = AUD 1.52) = 2.04
    expect(summary(quote(au(100001)))).toEqual([
      'au-duty-tariff duty seller 0',
      'au-gst-import tax seller 10200',
      'integrator-ddp-disbursement fee seller 204',
    ]);
    // goods of Vietnam: 5 % × 1000.01 = 50.0005 → 50.00; GST 10 % × (1020.01 + 50.00) = 107.001 → 107.00;
    // fee 2 % × 157.00 = 3.14
    expect(
      summary(quote(au(100001, { items: [tshirt(100001, 'AUD', { originCountry: 'VN' })] }))),
    ).toEqual([
      'au-duty-tariff duty seller 5000',
      'au-gst-import tax seller 10700',
      'integrator-ddp-disbursement fee seller 314',
    ]);
  });

  it('without an ARN the GST is still the vendor’s at sale, with a warning', () => {
    const lc = quote(au(5000, { registrations: undefined, incoterm: 'DAP' }));
    // 10 % × (50.00 + 20.00) = 7.00, seller
    expect(summary(lc)).toEqual([
      'au-duty-relief-1000 duty buyer 0',
      'au-gst-at-sale tax seller 700',
    ]);
    expect(lc.warnings[0]).toMatch(
      /no ARN\/GST registration: GST on low-value goods is the vendor's liability/,
    );
  });

  it('alcohol is excepted from the concession: an explicit unknown', () => {
    const lc = quote(au(5000, { items: [item('220421', 5000, 'AUD', { description: 'wine' })] }));
    expect(lc.unknowns.map((u) => u.rule)).toContain('au-alcohol-tobacco');
  });
});

describe('Japan: JPY 10,000 of taxable value, personal imports at 60 %', () => {
  const jp = (cents: number, more: Partial<QuoteInput> = {}): QuoteInput => ({
    destination: 'JP',
    importDate: '2026-03-01',
    items: [tshirt(cents, 'JPY')],
    shipping: { amount: 1000, currency: 'JPY' },
    ...more,
  });

  it('0.6 × 15,000 + 1,000 = 10,000: exempt; 0.6 × 15,002 + 1,000 = 10,001.2: duty and tax', () => {
    expect(summary(quote(jp(15000)))).toEqual([
      'jp-exempt-10000-personal duty buyer 0',
      'jp-exempt-10000-personal tax buyer 0',
    ]);
    // duty 10 % × 10,001.2 = 1,000.12 → 1,000; tax 10 % × (10,001.2 + 1,000) = 1,100.12 → 1,100;
    // fee max(2.5 % × 2,100, USD 5 = JPY 775.0003) → 775
    expect(summary(quote(jp(15002)))).toEqual([
      'jp-duty-personal duty buyer 1000',
      'jp-consumption-tax-personal tax buyer 1100',
      'courier-dap-disbursement fee buyer 775',
    ]);
  });

  it('commercial imports are valued at CIF', () => {
    const freight = (yen: number) =>
      summary(quote(jp(yen, { channel: 'freight', shipping: { amount: 0, currency: 'JPY' } })));
    expect(freight(10000)[0]).toBe('jp-exempt-10000 duty buyer 0');
    // 10 % × 10,001 = 1,000.1 → 1,000
    expect(freight(10001)[0]).toBe('jp-duty duty buyer 1000');
  });

  it('from 1 Apr 2028 consumption tax is due below JPY 10,000 (the FY2026 reform)', () => {
    expect(summary(quote(jp(15000, { importDate: '2028-03-31' })))[1]).toBe(
      'jp-exempt-10000-personal tax buyer 0',
    );
    const lc = quote(jp(15000, { importDate: '2028-04-01' }));
    // duty still exempt; tax 10 % × 10,000 = 1,000
    expect(summary(lc).slice(0, 2)).toEqual([
      'jp-duty-exempt-10000-personal-2028 duty buyer 0',
      'jp-consumption-tax-personal tax buyer 1000',
    ]);
  });
});

describe('South Korea: list clearance up to USD 150 (USD 200 from the US)', () => {
  const kr = (cents: number, more: Partial<QuoteInput> = {}): QuoteInput => ({
    destination: 'KR',
    importDate: '2026-03-01',
    items: [tshirt(cents, 'USD')],
    shipping: { amount: 1000, currency: 'USD' },
    ...more,
  });

  it('USD 150.00 free; USD 150.01 pays duty on CIF and VAT on CIF + duty', () => {
    expect(summary(quote(kr(15000)))).toEqual([
      'kr-list-clearance-150 duty buyer 0',
      'kr-list-clearance-150 tax buyer 0',
    ]);
    // CIF USD 160.01 / 0.000689655 = KRW 232,014.56; duty 13 % = 30,161.89 → 30,162;
    // VAT 10 % × (232,014.56 + 30,162) = 26,217.66 → 26,218; fee max(2.5 % × 56,380, USD 5 = KRW 7,250) = 7,250
    expect(summary(quote(kr(15001)))).toEqual([
      'kr-duty-tariff duty buyer 30162',
      'kr-vat tax buyer 26218',
      'courier-dap-disbursement fee buyer 7250',
    ]);
    expect(quote(kr(15001)).warnings.join('\n')).toMatch(/personal customs clearance code/);
  });

  it('shipped from the US: USD 200', () => {
    expect(summary(quote(kr(20000, { shipFromCountry: 'US' })))[0]).toBe(
      'kr-list-clearance-us-200 duty buyer 0',
    );
    expect(summary(quote(kr(20001, { shipFromCountry: 'US' })))[0]).toMatch(
      /^kr-duty-tariff duty buyer/,
    );
  });
});

describe('Russia (EAEU): EUR 200 and 31 kg per parcel', () => {
  const ru = (cents: number, weightG: number, more: Partial<QuoteInput> = {}): QuoteInput => ({
    destination: 'RU',
    importDate: '2026-03-01',
    items: [tshirt(cents, 'EUR', { weightG })],
    ...more,
  });
  const payment = (cents: number, weightG: number) => summary(quote(ru(cents, weightG)))[0];

  it('free at EUR 200.00 and 31 kg; 15 % of the excess value, at least EUR 2 per kg of excess weight', () => {
    // EUR 1 = 1.17 / 0.0125 = RUB 93.60
    expect(payment(20000, 31000)).toBe('ru-free-200-31kg duty buyer 0');
    // EUR 200.01: 15 % × 0.01 = EUR 0.0015 = RUB 0.1404 → 0.14
    expect(payment(20001, 31000)).toBe('ru-excess-15 duty buyer 14');
    // 31.001 kg: EUR 2 × 0.001 = EUR 0.002 = RUB 0.1872 → 0.19
    expect(payment(10000, 31001)).toBe('ru-excess-15 duty buyer 19');
    // EUR 300, 31 kg: 15 % × 100 = EUR 15 = RUB 1,404.00
    expect(payment(30000, 31000)).toBe('ru-excess-15 duty buyer 140400');
    // EUR 100, 35 kg: EUR 2 × 4 = EUR 8 = RUB 748.80
    expect(payment(10000, 35000)).toBe('ru-excess-15 duty buyer 74880');
    // EUR 300, 40 kg: max(EUR 15, EUR 18) = EUR 18 = RUB 1,684.80
    expect(payment(30000, 40000)).toBe('ru-excess-15 duty buyer 168480');
  });

  it('the parcel’s gross weight counts when given', () => {
    const lc = quote(ru(10000, 1000, { grossWeightG: 35000 }));
    expect(summary(lc)[0]).toBe('ru-excess-15 duty buyer 74880');
  });

  it('a freight import is an explicit unknown', () => {
    const lc = quote(ru(10000, 1000, { channel: 'freight' }));
    expect(lc.lines).toEqual([]);
    expect(lc.unknowns[0]!.rule).toBe('ru-commercial');
  });
});

describe('Brazil: Remessa Conforme and ICMS', () => {
  const br = (cents: number, more: Partial<QuoteInput> = {}): QuoteInput => ({
    destination: 'BR',
    importDate: '2026-03-01',
    registrations: { brRemessaConforme: true },
    items: [tshirt(cents, 'USD')],
    ...more,
  });

  it('certified, USD 50.00: 20 %; USD 50.01: 60 % less USD 20; both collected at sale', () => {
    // USD 50 = 50 / 0.185185 = BRL 270.0003; II 20 % = 54.00; ICMS 17 % "por dentro":
    // (270.0003 + 54.00) × 17 / 83 = 66.3606 → 66.36
    expect(summary(quote(br(5000)))).toEqual([
      'br-rc-import-tax duty seller 5400',
      'br-rc-icms tax seller 6636',
    ]);
    // USD 50.01 = BRL 270.0543; II 60 % − USD 20 (BRL 108.0001) = 54.0325 → 54.03;
    // ICMS (270.0543 + 54.03) × 17 / 83 = 66.3792 → 66.38
    expect(summary(quote(br(5001)))).toEqual([
      'br-rc-import-tax duty seller 5403',
      'br-rc-icms tax seller 6638',
    ]);
    expect(quote(br(5001)).refusalRisk).toBe(false);
  });

  it('not certified: 60 % and ICMS at import, and the Correios fee by post', () => {
    const lc = quote(br(10000, { registrations: undefined, channel: 'postal' }));
    // USD 100 = BRL 540.0005; II 60 % = 324.00; ICMS (540.0005 + 324.00) × 17 / 83 = 176.96; fee BRL 15
    expect(summary(lc)).toEqual([
      'br-import-tax duty buyer 32400',
      'br-icms tax buyer 17696',
      'br-correios-fee fee buyer 1500',
    ]);
  });

  it('above USD 3,000 and before 1 Aug 2024: unknown / no rule', () => {
    const lc = quote(br(300001));
    expect(lc.lines).toEqual([]);
    expect(lc.unknowns.map((u) => u.rule)).toEqual(['br-formal-import', null]);
    const r = landedCost(rules, {
      ...br(1000),
      importDate: '2024-07-31',
      incoterm: 'DAP',
      shipping: { amount: 0, currency: 'USD' },
    });
    expect(r.ok ? null : r.error.tag).toBe('no-rule-in-force');
  });
});

describe('Mexico: the courier regime since 15 Aug 2025', () => {
  const mx = (cents: number, more: Partial<QuoteInput> = {}): QuoteInput => ({
    destination: 'MX',
    importDate: '2026-03-01',
    items: [tshirt(cents, 'USD')],
    ...more,
  });
  const usmca = (cents: number) =>
    summary(
      quote(
        mx(cents, {
          shipFromCountry: 'US',
          items: [tshirt(cents, 'USD', { originCountry: 'US' })],
        }),
      ),
    )[0];

  it('USMCA: up to USD 50 exempt, to USD 117 17 %, above 19 %', () => {
    // USD 1 = MXN 1 / 0.0546448 = 18.3000…
    expect(usmca(5000)).toBe('mx-usmca-exempt-50 duty buyer 0');
    // 50.01 → MXN 915.1831; 17 % = 155.58
    expect(usmca(5001)).toBe('mx-usmca-global duty buyer 15558');
    // 117.00 → MXN 2,141.1003; 17 % = 363.99
    expect(usmca(11700)).toBe('mx-usmca-global duty buyer 36399');
    // 117.01 → MXN 2,141.2833; 19 % = 406.84
    expect(usmca(11701)).toBe('mx-usmca-global duty buyer 40684');
  });

  it('goods of China: 33.5 % up to USD 2,500; above, a formal import (unknown)', () => {
    // USD 100 = MXN 1,830.0015; 33.5 % = 613.05; integrator fee max(2 % × 613.05, USD 1 = 18.30) = 18.30
    expect(summary(quote(mx(10000, { incoterm: 'DDP' })))).toEqual([
      'mx-global-33-5 duty seller 61305',
      'integrator-ddp-disbursement fee seller 1830',
    ]);
    expect(summary(quote(mx(250000)))[0]).toMatch(/^mx-global-33-5 duty buyer/);
    expect(quote(mx(250001)).unknowns[0]!.rule).toBe('mx-over-2500');
  });

  it('15 Aug 2025 starts the regime; postal items and other origins are unknown', () => {
    const r = landedCost(rules, {
      ...mx(1000),
      importDate: '2025-08-14',
      incoterm: 'DAP',
      shipping: { amount: 0, currency: 'USD' },
    });
    expect(r.ok ? null : r.error.message).toBe(
      'no rule known for MX on 2025-08-14: the Mexico rules held run from 2025-08-15',
    );
    expect(summary(quote(mx(1000, { importDate: '2025-08-15' })))[0]).toMatch(/^mx-global-33-5/);
    expect(quote(mx(1000, { channel: 'postal' })).unknowns[0]!.rule).toBe('mx-not-courier');
    expect(
      quote(mx(1000, { items: [tshirt(1000, 'USD', { originCountry: 'DE' })] })).unknowns[0]!.rule,
    ).toBe('mx-other-origins');
  });
});

describe('Saudi Arabia: SAR 1,000 of goods plus shipping', () => {
  const sa = (cents: number): QuoteInput => ({
    destination: 'SA',
    importDate: '2026-03-01',
    items: [tshirt(cents, 'SAR')],
    shipping: { amount: 5000, currency: 'SAR' },
  });

  it('SAR 950.00 + 50.00 = 1,000: no duty, VAT 15 %; SAR 950.01: duty 5 % and VAT', () => {
    // VAT 15 % × 1,000.00 = 150.00; fee max(2.5 % × 150, USD 5 = SAR 18.75) = 18.75
    expect(summary(quote(sa(95000)))).toEqual([
      'sa-duty-exempt-1000 duty buyer 0',
      'sa-vat tax buyer 15000',
      'courier-dap-disbursement fee buyer 1875',
    ]);
    // duty 5 % × 1,000.01 = 50.0005 → 50.00; VAT 15 % × (1,000.01 + 50.00) = 157.5015 → 157.50
    expect(summary(quote(sa(95001)))).toEqual([
      'sa-duty-tariff duty buyer 5000',
      'sa-vat tax buyer 15750',
      'courier-dap-disbursement fee buyer 1875',
    ]);
  });
});

// The landed-cost engine across regimes: bad input and "cannot be done" as tagged failures, and
// properties over random consignments (totals, rules in force, payers, monotone duties).
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fxFactor } from '../rating/index.ts';
import { asCurrencyCode, compare } from '../shared/index.ts';
import {
  customsFxFactor,
  landedCost,
  landedCostContract,
  type LandedCostInput,
  type LandedCostItem,
} from './landed-cost.ts';
import { landedCostInputSchema } from './landed-cost-input.ts';
import { item, quoteWith, shippedRules } from './landed-cost-testing.ts';

const root = new URL('../../../', import.meta.url);
const rules = shippedRules({
  read: (p) => readFileSync(new URL(p, root), 'utf8'),
  list: (d) => readdirSync(new URL(`${d}/`, root)),
});

const base: LandedCostInput = {
  destination: 'DE',
  importDate: '2026-03-01',
  incoterm: 'DAP',
  items: [item('610910', 2000, 'EUR')],
  shipping: { amount: 500, currency: 'EUR' },
};
const failure = (input: Partial<LandedCostInput>) => {
  const r = landedCost(rules, { ...base, ...input });
  return r.ok ? 'ok' : `${r.error.tag} ${r.error.field}: ${r.error.message}`;
};

describe('landedCost: failures are values that name the field and the reason', () => {
  it('a destination with no rules, a date outside every rule', () => {
    expect(failure({ destination: 'NZ' })).toBe(
      'no-rule-for-destination destination: no rule known for NZ',
    );
    expect(failure({ destination: 'ZZ' })).toMatch(
      /^bad-input destination: "ZZ" is not an ISO 3166/,
    );
    expect(
      failure({
        destination: 'US',
        importDate: '2016-03-09',
        items: [item('7117199000', 100, 'USD')],
      }),
    ).toBe(
      'no-rule-in-force importDate: no rule known for US on 2016-03-09: the United States rules held run from 2016-03-10',
    );
    expect(failure({ importDate: '2026-02-30' })).toMatch(
      /^bad-input importDate: "2026-02-30" is not a date/,
    );
  });

  it('unknown HS codes, missing origins, unknown currencies, missing rates', () => {
    expect(failure({ items: [item('999999', 100, 'EUR')] })).toMatch(
      /^unknown-hs-code items\[0\]\.hsCode: "999999" is a UN Comtrade pseudo-code/,
    );
    expect(failure({ items: [item('610999', 100, 'EUR')] })).toMatch(
      /^unknown-hs-code .*610999 is not an HS 2022 subheading/,
    );
    expect(failure({ items: [{ ...item('610910', 100, 'EUR'), originCountry: null }] })).toBe(
      'missing-origin-country items[0].originCountry: the country of origin is required: duty depends on it',
    );
    expect(failure({ items: [item('610910', 100, 'ABC')] })).toBe(
      'unknown-currency items[0].unitValue.currency: "ABC" is not an ISO 4217 currency code',
    );
    expect(failure({ shipping: { amount: 100, currency: 'EURO' } })).toMatch(
      /^unknown-currency shipping\.currency/,
    );
    expect(failure({ items: [{ ...item('610910', 100, 'EUR'), quantity: 0 }] })).toMatch(
      /^bad-input items\[0\]\.quantity/,
    );
    expect(failure({ items: [item('610910', -5, 'EUR')] })).toMatch(
      /^bad-input items\[0\]\.unitValue\.amount/,
    );
    expect(failure({ items: [] })).toBe('bad-input items: at least one item is needed');
    // the customs rates held start in July 2021
    expect(
      failure({
        destination: 'US',
        importDate: '2020-01-01',
        items: [item('7117199000', 100, 'CNY')],
      }),
    ).toBe('no-fx-rate importDate: no customs exchange rate for CNY on 2020-01-01 in fx-rates.csv');
    expect(failure({ destination: 'CA', destinationRegion: 'US-NY' })).toMatch(
      /^bad-input destinationRegion: "US-NY" is not a subdivision of CA/,
    );
  });

  it('takes the import instant as epoch ms (the planner’s form) on the destination’s calendar', () => {
    const rule = (importDate: number) => {
      const r = landedCost(rules, { ...base, importDate, items: [item('610910', 2000, 'EUR')] });
      return r.ok ? `${r.value.importDate} ${r.value.lines[0]!.rule}` : r.error.message;
    };
    // 1 Jul 2026 00:00 in Berlin is 30 Jun 22:00 UTC (summer time, UTC+2)
    expect(rule(Date.parse('2026-06-30T21:59:59Z'))).toBe('2026-06-30 eu-duty-relief-150');
    expect(rule(Date.parse('2026-06-30T22:00:00Z'))).toBe('2026-07-01 eu-duty-flat-3');
    // and in winter (UTC+1): 1 Jan 2026 00:30 in Rome is 31 Dec 23:30 UTC
    const it = (importDate: number) => {
      const r = landedCost(rules, { ...base, destination: 'IT', importDate });
      return r.ok
        ? r.value.lines.map((l) => l.rule).includes('it-parcel-contribution')
        : r.error.message;
    };
    expect(it(Date.parse('2025-12-31T22:59:00Z'))).toBe(false);
    expect(it(Date.parse('2025-12-31T23:30:00Z'))).toBe(true);
  });

  it('the CLI/API contract has exactly the issue’s keys', () => {
    const lc = quoteWith(rules, base);
    const contract = landedCostContract(lc);
    expect(Object.keys(contract)).toEqual(['lines', 'totals', 'warnings']);
    expect(Object.keys(contract.totals)).toEqual(['seller', 'buyer']);
    for (const l of contract.lines)
      expect(Object.keys(l)).toEqual(['kind', 'name', 'amount', 'payer', 'rule', 'source']);
  });

  it('the edge schema names each bad field', () => {
    const r = landedCostInputSchema.safeParse({
      destination: 'DE',
      importDate: 'tomorrow',
      incoterm: 'CIF',
      items: [
        {
          hsCode: '610910',
          description: 'x',
          quantity: 1.5,
          unitValue: { amount: 1, currency: 'EUR' },
          weightG: 1,
        },
      ],
      shipping: { amount: 0, currency: 'EUR' },
    });
    expect(r.success).toBe(false);
    if (!r.success)
      expect(r.error.issues.map((i) => i.path.join('.')).sort()).toEqual([
        'importDate',
        'incoterm',
        'items.0.originCountry',
        'items.0.quantity',
      ]);
  });
});

// ---------------------------------------------------------------------------------------------

const DESTINATIONS = [
  'US',
  'DE',
  'IT',
  'RO',
  'PL',
  'FI',
  'GB',
  'CA',
  'AU',
  'JP',
  'KR',
  'RU',
  'BR',
  'MX',
  'SA',
];
const CODES = [
  '610910',
  '640411',
  '851713',
  '9503000073',
  '7117199000',
  '4202923120',
  '8517130000',
  '330499',
  '420222',
];
const CURRENCIES = ['USD', 'EUR', 'CNY', 'GBP', 'JPY'];
const ORIGINS = ['CN', 'CN', 'CN', 'US', 'VN', 'DE', 'MX'];

const itemArb: fc.Arbitrary<LandedCostItem> = fc.record({
  hsCode: fc.constantFrom(...CODES),
  description: fc.constant('goods'),
  quantity: fc.integer({ min: 1, max: 5 }),
  unitValue: fc.record({
    amount: fc.integer({ min: 0, max: 400_000 }),
    currency: fc.constantFrom(...CURRENCIES),
  }),
  originCountry: fc.constantFrom(...ORIGINS),
  weightG: fc.integer({ min: 0, max: 40_000 }),
});

const dateArb = fc
  .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

const inputArb: fc.Arbitrary<LandedCostInput> = fc.record({
  destination: fc.constantFrom(...DESTINATIONS),
  importDate: dateArb,
  incoterm: fc.constantFrom('DDP' as const, 'DAP' as const),
  channel: fc.constantFrom('postal' as const, 'courier' as const, 'freight' as const),
  items: fc.array(itemArb, { minLength: 1, maxLength: 4 }),
  shipping: fc.record({
    amount: fc.integer({ min: 0, max: 10_000 }),
    currency: fc.constantFrom(...CURRENCIES),
  }),
  registrations: fc.record({
    ioss: fc.constantFrom(null, 'IM2760000001'),
    ukVat: fc.constantFrom(null, 'GB123456789'),
    auArn: fc.constantFrom(null, '300000000123'),
    brRemessaConforme: fc.boolean(),
  }),
  shipFromCountry: fc.constantFrom('CN', 'US'),
  gift: fc.boolean(),
  postalDutyMethod: fc.constantFrom('ad-valorem' as const, 'specific' as const),
});

describe('landedCost: properties over random consignments', () => {
  it('never throws; totals are the sums of the lines; every line names a rule in force; DDP leaves the buyer nothing', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = landedCost(rules, input);
        if (!r.ok) {
          expect(r.error.message.length).toBeGreaterThan(0);
          return;
        }
        const lc = r.value;
        const sum = (payer: string) =>
          lc.lines.filter((l) => l.payer === payer).reduce((s, l) => s + l.amount.amount, 0);
        expect(lc.totals.seller.amount).toBe(sum('seller'));
        expect(lc.totals.buyer.amount).toBe(sum('buyer'));
        const dest = rules.destinations.get(lc.destination)!;
        const at = Date.parse(`${lc.importDate}T00:00:00Z`); // rule dates are compiled to days
        const applied = new Set(lc.rulesApplied.map((a) => a.id));
        for (const l of lc.lines) {
          expect(Number.isSafeInteger(l.amount.amount) && l.amount.amount >= 0).toBe(true);
          expect(l.amount.currency).toBe(lc.currency);
          const rule = dest.rulesById.get(l.rule)!;
          expect(rule.fromMs <= at && (rule.toMs === null || at < rule.toMs), l.rule).toBe(true);
          expect(applied.has(l.rule)).toBe(true);
          if (l.collectedAt === 'sale') expect(l.payer).toBe('seller');
        }
        if (input.incoterm === 'DDP') expect(lc.totals.buyer.amount).toBe(0);
        expect(lc.refusalRisk).toBe(input.incoterm === 'DAP' && lc.totals.buyer.amount > 0);
        for (const u of lc.unknowns) expect(lc.warnings).toContain(u.message);
      }),
      { numRuns: 400 },
    );
  });

  const dutyOf = (input: LandedCostInput) => {
    const r = landedCost(rules, input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.lines.filter((l) => l.kind === 'duty').reduce((s, l) => s + l.amount.amount, 0);
  };

  it('duty is non-decreasing in value where the law says so (EU above EUR 150, US HTS, Russia, Mexico, Brazil)', () => {
    const cases: [string, (cents: number) => LandedCostInput][] = [
      ['EU tariff', (c) => ({ ...base, items: [item('610910', 15001 + c, 'EUR')] })],
      ['US', (c) => ({ ...base, destination: 'US', items: [item('7117199000', c, 'USD')] })],
      [
        'RU',
        (c) => ({
          ...base,
          destination: 'RU',
          items: [item('610910', c, 'EUR', { weightG: 32000 })],
        }),
      ],
      [
        'MX USMCA',
        (c) => ({
          ...base,
          destination: 'MX',
          shipFromCountry: 'US',
          items: [item('610910', c, 'USD', { originCountry: 'US' })],
        }),
      ],
      [
        'BR certified',
        (c) => ({
          ...base,
          destination: 'BR',
          registrations: { brRemessaConforme: true },
          items: [item('610910', c, 'USD')],
        }),
      ],
    ];
    for (const [name, make] of cases)
      fc.assert(
        // values (CIF) below USD 2,500: Mexico's regime ends there (above is an unknown, not a lower duty)
        fc.property(
          fc.integer({ min: 0, max: 190_000 }),
          fc.integer({ min: 0, max: 50_000 }),
          (a, d) => {
            expect(dutyOf(make(a + d)), name).toBeGreaterThanOrEqual(dutyOf(make(a)));
          },
        ),
        { numRuns: 150 },
      );
  });

  it('the Russian payment is non-decreasing in weight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        (w, d) => {
          const make = (g: number): LandedCostInput => ({
            ...base,
            destination: 'RU',
            items: [item('610910', 25000, 'EUR', { weightG: g })],
          });
          expect(dutyOf(make(w + d))).toBeGreaterThanOrEqual(dutyOf(make(w)));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('customs exchange rates', () => {
  it('the engine’s dated index agrees with rating’s fxFactor on the same table', () => {
    const currencies = ['USD', 'EUR', 'CNY', 'GBP', 'JPY', 'KRW', 'BRL', 'RON', 'BGN', 'HUF'];
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.constantFrom(...currencies),
        fc.integer({ min: Date.UTC(2021, 6, 1), max: Date.UTC(2027, 11, 31) }),
        (from, to, at) => {
          const mine = customsFxFactor(rules, from, to, at);
          const theirs = fxFactor(rules.fxTable, asCurrencyCode(from), asCurrencyCode(to), at);
          expect(mine !== undefined).toBe(theirs.ok);
          if (mine && theirs.ok) expect(compare(mine, theirs.value)).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asCurrencyCode,
  type CountryCode,
  type CurrencyCode,
  type Exact,
  majorTextToExactMinor,
  parseDecimal,
} from '../shared/index.ts';
import {
  type BandedRates,
  cardInForce,
  type ChargeableWeightPolicy,
  type DatedRateCard,
  fxFactor,
  type FxTable,
  GOODS_FLAGS,
  type ParcelToRate,
  priceParcel,
  type RateCard,
  type RatingContext,
  type ServicePricing,
  type Surcharge,
  type WeightBand,
} from './index.ts';

const CNY = asCurrencyCode('CNY');
const USD = asCurrencyCode('USD');
const JPY = asCurrencyCode('JPY');
const KWD = asCurrencyCode('KWD');
const EUR = asCurrencyCode('EUR');
const c = (code: string) => code as CountryCode;
const ms = (iso: string) => Date.parse(iso);
const dec = (text: string): Exact => parseDecimal(text)!;
const minor = (major: string, currency: CurrencyCode = CNY): Exact =>
  majorTextToExactMinor(major, currency)!;
const band = (fromG: number, toG: number | null, itemFee: string, perKg: string): WeightBand => ({
  fromG,
  toG,
  itemFee: minor(itemFee),
  perKg: minor(perKg),
});

// Same bands as the edge examples in freight.test.ts.
const EDGES: BandedRates = {
  kind: 'banded',
  bands: [
    band(0, 500, '15.00', '85.50'),
    band(500, 1000, '18.00', '80.25'),
    band(1000, 2000, '20.00', '78.125'),
    band(2000, null, '25.00', '76.30'),
  ],
};
// 0.00 + 12.345 CNY/kg: 1000 g is exactly 1234.5 fen.
const TIE: BandedRates = { kind: 'banded', bands: [band(0, null, '0.00', '12.345')] };

const cardWith = (
  id: string,
  rates: BandedRates,
  countries = ['US', 'GB', 'IS', 'DE'],
): RateCard => ({
  id,
  currency: CNY,
  shape: 'banded',
  rates: new Map(countries.map((k) => [k, rates])),
  zones: null,
});
const forever = (card: RateCard): DatedRateCard => ({
  card,
  validFromMs: ms('2025-01-01T00:00:00Z'),
  validToMs: null,
});
const BY_THE_GRAM: ChargeableWeightPolicy = {
  rule: 'actual',
  divisor: 6000,
  roundUpToG: 1,
  minimumG: 0,
};

function pricing(over: Partial<ServicePricing> = {}): ServicePricing {
  return {
    chargeableWeight: BY_THE_GRAM,
    cards: [forever(cardWith('edges', EDGES))],
    surcharges: [],
    minimumCharge: null,
    ...over,
  };
}
const parcel = (weightG: number, over: Partial<ParcelToRate> = {}): ParcelToRate => ({
  weightG,
  goods: [],
  destination: { country: c('US') },
  ...over,
});
const to = (country: string, postcode?: string) => ({
  destination: { country: c(country), postcode },
});

function quote(p: ServicePricing, x: ParcelToRate, ctx: RatingContext) {
  const q = priceParcel(p, x, ctx);
  if (!q.ok) throw new Error(`expected a quote, got ${JSON.stringify(q.error)}`);
  return q.value;
}
/** Lines as [kind, minor units], the shape hand-computed examples are easiest to read in. */
const linesOf = (p: ServicePricing, x: ParcelToRate, ctx: RatingContext) => {
  const q = quote(p, x, ctx);
  return q.lines.map((l) => [l.kind, l.amount.amount]);
};
const JUNE = { at: new Date('2026-06-01T00:00:00Z') };

const FUEL: Surcharge = {
  kind: 'fuel',
  name: 'Fuel',
  schedule: [
    { validFromMs: ms('2026-01-01T00:00:00Z'), rate: dec('0.10') },
    { validFromMs: ms('2026-03-01T00:00:00Z'), rate: dec('0.12') },
  ],
};

describe('fuel surcharge', () => {
  const p = pricing({ cards: [forever(cardWith('tie', TIE))], surcharges: [FUEL] });
  const at = (iso: string) => ({ at: new Date(iso) });

  it('is absent before the first dated rate', () => {
    expect(linesOf(p, parcel(1000), at('2025-12-31T23:59:59.999Z'))).toEqual([['freight', 1235]]);
  });

  it('applies the rate in force, as a percentage of the exact freight', () => {
    // freight exactly 1234.5 fen → 1235; 10 % of the exact freight = 123.45 → 123
    // (10 % of the rounded 1235 would be 123.5 → 124)
    expect(linesOf(p, parcel(1000), at('2026-01-01T00:00:00Z'))).toEqual([
      ['freight', 1235],
      ['fuel', 123],
    ]);
    expect(linesOf(p, parcel(1000), at('2026-02-28T23:59:59.999Z'))).toContainEqual(['fuel', 123]);
  });

  it('switches to the new rate at the change instant', () => {
    // 12 % × 1234.5 = 148.14 → 148
    expect(linesOf(p, parcel(1000), at('2026-03-01T00:00:00Z'))).toEqual([
      ['freight', 1235],
      ['fuel', 148],
    ]);
    expect(quote(p, parcel(1000), at('2026-09-01T00:00:00Z')).total.amount).toBe(1235 + 148);
  });
});

describe('remote-area surcharge', () => {
  const REMOTE: Surcharge = {
    kind: 'remote-area',
    name: 'Remote area',
    areas: [
      { country: c('GB'), postcodePrefixes: ['SW1A', 'IV'] },
      { country: c('IS'), postcodePrefixes: [] },
    ],
    fee: minor('20.00'),
    perKg: minor('1.50'),
  };
  const p = pricing({ surcharges: [REMOTE] });

  it.each([
    ['GB', 'SW1A 1AA', true],
    ['GB', 'sw1a 1aa', true],
    ['GB', 'SW1A-1AA', true],
    ['GB', 'IV2 3XY', true],
    ['GB', 'SW1 1AA', false], // SW11AA does not start with SW1A
    ['GB', 'EC1A 1BB', false],
    ['GB', undefined, false],
    ['IS', '101', true], // the whole country
    ['IS', undefined, true],
    ['US', 'SW1A 1AA', false],
  ])('%s %s → %s', (country, postcode, hit) => {
    // 1000 g: freight 9825; remote 20.00 + 1.50 × 1 kg = 21.50
    const expected = hit
      ? [
          ['freight', 9825],
          ['remote-area', 2150],
        ]
      : [['freight', 9825]];
    expect(linesOf(p, parcel(1000, to(country, postcode)), JUNE)).toEqual(expected);
  });

  it('charges per kg of the chargeable weight', () => {
    const halfKilo = pricing({
      surcharges: [REMOTE],
      chargeableWeight: { ...BY_THE_GRAM, roundUpToG: 500 },
    });
    // 1001 g → 1500 g chargeable: freight 20.00 + 78.125 × 1.5 = 137.1875; remote 20.00 + 1.50 × 1.5 = 22.25
    expect(linesOf(halfKilo, parcel(1001, to('GB', 'IV1 1AA')), JUNE)).toEqual([
      ['freight', 13719],
      ['remote-area', 2225],
    ]);
  });
});

describe('special-cargo surcharge', () => {
  const BATTERY: Surcharge = {
    kind: 'special-cargo',
    name: 'Batteries and liquids',
    goods: ['battery-in-equipment', 'liquid'],
    fee: minor('8.00'),
    perKg: minor('2.345'),
  };
  const MAGNET: Surcharge = {
    kind: 'special-cargo',
    name: 'Magnets',
    goods: ['magnet'],
    fee: minor('5.00'),
    perKg: minor('0'),
  };
  const p = pricing({ surcharges: [BATTERY, MAGNET] });

  it('applies when the parcel carries one of the listed goods', () => {
    // 1500 g: freight 20.00 + 78.125 × 1.5 = 137.1875 → 13719; battery 8.00 + 2.345 × 1.5 = 11.5175 → 1152
    expect(linesOf(p, parcel(1500, { goods: ['battery-in-equipment'] }), JUNE)).toEqual([
      ['freight', 13719],
      ['special-cargo', 1152],
    ]);
    expect(linesOf(p, parcel(1500, { goods: ['cosmetics'] }), JUNE)).toEqual([['freight', 13719]]);
    expect(linesOf(p, parcel(1500), JUNE)).toEqual([['freight', 13719]]);
  });

  it('applies each matching surcharge once, whatever the number of matching flags', () => {
    const q = quote(p, parcel(1500, { goods: ['liquid', 'battery-in-equipment', 'magnet'] }), JUNE);
    expect(q.lines.map((l) => [l.name, l.amount.amount])).toEqual([
      ['Freight', 13719],
      ['Batteries and liquids', 1152],
      ['Magnets', 500],
    ]);
    expect(q.total.amount).toBe(13719 + 1152 + 500);
  });
});

describe('oversize surcharge', () => {
  const OVERSIZE: Surcharge = {
    kind: 'oversize',
    name: 'Oversize',
    longestSideOverMm: 1200,
    lengthPlusGirthOverMm: 3000,
    actualWeightOverG: 30000,
    fee: minor('150.00'),
  };
  const p = pricing({ surcharges: [OVERSIZE] }); // rule actual: dimensions do not change the freight
  const oversize = (weightG: number, l?: number, w?: number, h?: number) =>
    quote(
      p,
      parcel(weightG, l === undefined ? {} : { dims: { lengthMm: l, widthMm: w!, heightMm: h! } }),
      JUNE,
    ).lines.some((x) => x.kind === 'oversize' && x.amount.amount === 15000);

  it('applies by the longest side', () => {
    expect(oversize(1000, 1201, 100, 100)).toBe(true);
    expect(oversize(1000, 100, 1201, 100)).toBe(true); // sides in any order
    expect(oversize(1000, 1200, 100, 100)).toBe(false); // 1200 + 2 × 200 = 1600 girth too
  });

  it('applies by length plus girth (longest + 2 × the other two)', () => {
    expect(oversize(1000, 1000, 600, 400)).toBe(false); // 1000 + 2 × (600 + 400) = 3000, not over
    expect(oversize(1000, 1000, 600, 401)).toBe(true); // 3002
    expect(oversize(1000, 401, 600, 1000)).toBe(true); // same box, other order
  });

  it('applies by actual weight', () => {
    expect(oversize(30000)).toBe(false);
    expect(oversize(30001)).toBe(true);
  });

  it('uses only the limits that are set', () => {
    const weightOnly = pricing({
      surcharges: [{ ...OVERSIZE, longestSideOverMm: null, lengthPlusGirthOverMm: null }],
    });
    expect(
      quote(
        weightOnly,
        parcel(1000, { dims: { lengthMm: 5000, widthMm: 5000, heightMm: 5000 } }),
        JUNE,
      ).lines,
    ).toHaveLength(1);
  });
});

describe('minimum charge', () => {
  const p = pricing({ minimumCharge: minor('20.00'), surcharges: [FUEL] });

  it('raises freight below the minimum, and fuel applies to the raised freight', () => {
    // 1 g: 15.0855 CNY < 20.00 → 2000; fuel 12 % × 2000 = 240
    expect(linesOf(p, parcel(1), JUNE)).toEqual([
      ['freight', 2000],
      ['fuel', 240],
    ]);
  });

  it('leaves freight above the minimum alone', () => {
    // 499 g: 57.6645 CNY → 5766; fuel 12 % × 5766.45 = 691.974 → 692
    expect(linesOf(p, parcel(499), JUNE)).toEqual([
      ['freight', 5766],
      ['fuel', 692],
    ]);
  });
});

describe('dated cards', () => {
  const h1 = cardWith('2026-H1', EDGES);
  const h2 = cardWith('2026-H2', { kind: 'banded', bands: [band(0, null, '10.00', '50.00')] });
  const cards: DatedRateCard[] = [
    { card: h1, validFromMs: ms('2026-01-01T00:00:00Z'), validToMs: ms('2026-07-01T00:00:00Z') },
    { card: h2, validFromMs: ms('2026-07-01T00:00:00Z'), validToMs: null },
  ];
  const p = pricing({ cards });
  const at = (iso: string) => ({ at: new Date(iso) });

  it('fails with no-card-in-force before the first card', () => {
    expect(priceParcel(p, parcel(500), at('2025-12-31T23:59:59.999Z'))).toEqual({
      ok: false,
      error: { tag: 'no-card-in-force', at: '2025-12-31T23:59:59.999Z' },
    });
  });

  it('uses the card whose window holds the instant; validTo is exclusive', () => {
    expect(quote(p, parcel(500), at('2026-01-01T00:00:00Z'))).toMatchObject({
      cardId: '2026-H1',
      total: { amount: 5775 },
    });
    expect(quote(p, parcel(500), at('2026-06-30T23:59:59.999Z')).cardId).toBe('2026-H1');
    // at validTo of H1 the next card applies: 10.00 + 50.00 × 0.5 = 35.00
    expect(quote(p, parcel(500), at('2026-07-01T00:00:00Z'))).toMatchObject({
      cardId: '2026-H2',
      total: { amount: 3500 },
    });
    expect(quote(p, parcel(500), at('2030-01-01T00:00:00Z')).cardId).toBe('2026-H2');
  });

  it('has no card in a gap between windows, and the later-starting card wins an overlap', () => {
    const gap = [cards[0]!, { ...cards[1]!, validFromMs: ms('2026-07-02T00:00:00Z') }];
    expect(cardInForce(gap, ms('2026-07-01T12:00:00Z'))).toBeUndefined();
    const overlap = [{ ...cards[0]!, validToMs: null }, cards[1]!];
    expect(cardInForce(overlap, ms('2026-08-01T00:00:00Z'))?.card.id).toBe('2026-H2');
    expect(cardInForce(overlap, ms('2026-03-01T00:00:00Z'))?.card.id).toBe('2026-H1');
    expect(cardInForce([], 0)).toBeUndefined();
  });
});

describe('FX conversion', () => {
  // base USD: one unit of each currency buys this many US dollars
  const FX: FxTable = {
    base: USD,
    rates: [
      {
        currency: CNY,
        perUnit: dec('0.1385'),
        validFromMs: ms('2026-01-01T00:00:00Z'),
        validToMs: ms('2026-07-01T00:00:00Z'),
      },
      {
        currency: CNY,
        perUnit: dec('0.14'),
        validFromMs: ms('2026-07-01T00:00:00Z'),
        validToMs: null,
      },
      {
        currency: JPY,
        perUnit: dec('0.0066'),
        validFromMs: ms('2026-01-01T00:00:00Z'),
        validToMs: null,
      },
      {
        currency: KWD,
        perUnit: dec('3.25'),
        validFromMs: ms('2026-01-01T00:00:00Z'),
        validToMs: null,
      },
    ],
  };
  const p = pricing();

  it('converts CNY to USD (2 digits)', () => {
    // 500 g = 57.75 CNY; × 0.1385 = 7.998375 USD = 799.8375 cents → 800
    const q = quote(p, parcel(500), { ...JUNE, currency: USD, fx: FX });
    expect(q.total).toEqual({ amount: 800, currency: 'USD' });
    expect(q.lines[0]!.amount).toEqual({ amount: 800, currency: 'USD' });
    expect(q.cardCurrency).toBe('CNY');
    expect(q.fxRate).toBe('0.1385');
  });

  it('converts CNY to JPY (0 digits) through the base', () => {
    // 7.998375 USD / 0.0066 = 1211.875 JPY → 1212
    expect(quote(p, parcel(500), { ...JUNE, currency: JPY, fx: FX }).total).toEqual({
      amount: 1212,
      currency: 'JPY',
    });
  });

  it('converts CNY to KWD (3 digits) through the base', () => {
    // 7.998375 USD / 3.25 = 2.461038461… KWD = 2461.04 fils → 2461
    expect(quote(p, parcel(500), { ...JUNE, currency: KWD, fx: FX }).total).toEqual({
      amount: 2461,
      currency: 'KWD',
    });
  });

  it('uses the dated rate in force and rounds the converted line half up', () => {
    // from 2026-07-01: 57.75 × 0.14 = 8.085 USD = 808.5 cents → 809
    const july = { at: new Date('2026-07-01T00:00:00Z'), fx: FX };
    expect(quote(p, parcel(500), { ...july, currency: USD }).total.amount).toBe(809);
    // 8.085 / 0.0066 = 1225 JPY exactly
    expect(quote(p, parcel(500), { ...july, currency: JPY }).total.amount).toBe(1225);
  });

  it('converts and rounds each line on its own', () => {
    // freight 5775 fen and fuel 12 % = 693 fen; in USD 799.8375 → 800 and 95.9805 → 96
    const q = quote(pricing({ surcharges: [FUEL] }), parcel(500), {
      ...JUNE,
      currency: USD,
      fx: FX,
    });
    expect(q.lines.map((l) => l.amount.amount)).toEqual([800, 96]);
    expect(q.total.amount).toBe(896);
  });

  it('gives the exact minor-unit factor', () => {
    const f = fxFactor(FX, CNY, JPY, ms('2026-06-01T00:00:00Z'));
    // 1 fen = 0.01 CNY = 0.001385 USD = 0.001385 / 0.0066 = 0.2098484… yen = 1385/6600
    expect(f.ok && f.value.n * 6600n === 1385n * f.value.d).toBe(true);
    expect(fxFactor(FX, CNY, CNY, 0)).toEqual({ ok: true, value: { n: 1n, d: 1n } });
  });

  it('fails with no-fx-rate when a currency has no rate in force or there is no table', () => {
    const error = { tag: 'no-fx-rate', from: 'CNY', to: 'EUR', at: '2026-06-01T00:00:00.000Z' };
    expect(priceParcel(p, parcel(500), { ...JUNE, currency: EUR, fx: FX })).toEqual({
      ok: false,
      error,
    });
    expect(priceParcel(p, parcel(500), { ...JUNE, currency: EUR })).toEqual({ ok: false, error });
    const expired: FxTable = { base: USD, rates: [FX.rates[0]!] };
    expect(
      priceParcel(p, parcel(500), {
        at: new Date('2026-07-01T00:00:00Z'),
        currency: USD,
        fx: expired,
      }),
    ).toMatchObject({
      ok: false,
      error: { tag: 'no-fx-rate', from: 'CNY', to: 'USD' },
    });
  });

  it('needs no table when the quote is in the card currency', () => {
    const q = quote(p, parcel(500), { ...JUNE, currency: CNY });
    expect(q.total).toEqual({ amount: 5775, currency: 'CNY' });
    expect(q.fxRate).toBeNull();
  });
});

describe('failures', () => {
  it('no-rate-for-destination names the card, country and postcode', () => {
    expect(priceParcel(pricing(), parcel(500, to('FR', '75001')), JUNE)).toEqual({
      ok: false,
      error: { tag: 'no-rate-for-destination', cardId: 'edges', country: 'FR', postcode: '75001' },
    });
    expect(priceParcel(pricing(), parcel(500, to('FR')), JUNE)).toMatchObject({
      ok: false,
      error: { postcode: null },
    });
  });

  it('over-max-weight reports the chargeable weight after rounding', () => {
    const closed = cardWith('closed', { kind: 'banded', bands: [band(0, 2000, '1.00', '1.00')] });
    const p = pricing({
      cards: [forever(closed)],
      chargeableWeight: { ...BY_THE_GRAM, roundUpToG: 500 },
    });
    expect(priceParcel(p, parcel(2001), JUNE)).toEqual({
      ok: false,
      error: {
        tag: 'over-max-weight',
        cardId: 'closed',
        rateKey: 'US',
        maxG: 2000,
        chargeableG: 2500,
      },
    });
  });
});

describe('priceParcel properties', () => {
  const surchargesArb = fc.subarray<Surcharge>([
    FUEL,
    {
      kind: 'remote-area',
      name: 'Remote',
      areas: [{ country: c('GB'), postcodePrefixes: ['IV', 'ZE'] }],
      fee: minor('20.00'),
      perKg: minor('1.555'),
    },
    {
      kind: 'special-cargo',
      name: 'Batteries',
      goods: ['battery-in-equipment'],
      fee: minor('8.005'),
      perKg: minor('2.345'),
    },
    {
      kind: 'oversize',
      name: 'Oversize',
      longestSideOverMm: 1200,
      lengthPlusGirthOverMm: 3000,
      actualWeightOverG: 30000,
      fee: minor('150.00'),
    },
  ]);
  // 0.000001 to 100 units of the base per unit: wide, but within what an amount can hold
  const rateArb = fc
    .tuple(fc.integer({ min: 1, max: 10 ** 6 }), fc.integer({ min: 4, max: 6 }))
    .map(([u, s]) => ({ n: BigInt(u), d: 10n ** BigInt(s) }));
  const ctxArb = fc.record({
    at: fc
      .integer({ min: ms('2025-06-01T00:00:00Z'), max: ms('2027-01-01T00:00:00Z') })
      .map((t) => new Date(t)),
    currency: fc.constantFrom(CNY, USD, JPY, KWD),
    cny: rateArb,
    jpy: rateArb,
    kwd: rateArb,
  });
  const parcelArb = fc.record({
    weightG: fc.integer({ min: 1, max: 40_000 }),
    dims: fc.option(
      fc.record({
        lengthMm: fc.integer({ min: 1, max: 1500 }),
        widthMm: fc.integer({ min: 1, max: 800 }),
        heightMm: fc.integer({ min: 1, max: 800 }),
      }),
      { nil: undefined },
    ),
    goods: fc.subarray([...GOODS_FLAGS]),
    destination: fc.constantFrom(
      to('US').destination,
      to('GB', 'IV2 3XY').destination,
      to('GB', 'SW1A 1AA').destination,
      to('IS').destination,
    ),
  });

  it('the total is always the sum of the lines, in the quote currency', () => {
    fc.assert(
      fc.property(
        surchargesArb,
        fc.option(fc.constantFrom(minor('20.00'), minor('99.995')), { nil: null }),
        fc.constantFrom<ChargeableWeightPolicy>(
          BY_THE_GRAM,
          { rule: 'max', divisor: 5000, roundUpToG: 500, minimumG: 100 },
          { rule: 'volumetric-if-double', divisor: 8000, roundUpToG: 100, minimumG: 0 },
        ),
        parcelArb,
        ctxArb,
        (surcharges, minimumCharge, chargeableWeight, x, ctx) => {
          const fx: FxTable = {
            base: USD,
            rates: [
              { currency: CNY, perUnit: ctx.cny, validFromMs: 0, validToMs: null },
              { currency: JPY, perUnit: ctx.jpy, validFromMs: 0, validToMs: null },
              { currency: KWD, perUnit: ctx.kwd, validFromMs: 0, validToMs: null },
            ],
          };
          const q = quote(pricing({ surcharges, minimumCharge, chargeableWeight }), x, {
            at: ctx.at,
            currency: ctx.currency,
            fx,
          });
          expect(q.total.currency).toBe(ctx.currency);
          expect(q.lines[0]!.kind).toBe('freight');
          let sum = 0;
          for (const line of q.lines) {
            expect(line.amount.currency).toBe(ctx.currency);
            expect(Number.isSafeInteger(line.amount.amount)).toBe(true);
            expect(line.amount.amount).toBeGreaterThanOrEqual(0);
            sum += line.amount.amount;
          }
          expect(q.total.amount).toBe(sum);
        },
      ),
      { numRuns: 300 },
    );
  });
});

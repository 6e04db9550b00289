import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asCurrencyCode,
  type CountryCode,
  type CurrencyCode,
  type Exact,
  majorTextToExactMinor,
} from '../shared/index.ts';
import {
  type BandedRates,
  type ChargeableWeightPolicy,
  type DestinationRates,
  findBand,
  freightFor,
  maxWeightOf,
  priceParcel,
  type RateCard,
  type ServicePricing,
  type StepRates,
  type WeightBand,
} from './index.ts';

const CNY = asCurrencyCode('CNY');
const JPY = asCurrencyCode('JPY');
const AT = new Date('2026-06-01T00:00:00Z');
const US = 'US' as CountryCode;

const minor = (major: string, currency: CurrencyCode = CNY): Exact =>
  majorTextToExactMinor(major, currency)!;
const band = (
  fromG: number,
  toG: number | null,
  itemFee: string,
  perKg: string,
  currency: CurrencyCode = CNY,
): WeightBand => ({
  fromG,
  toG,
  itemFee: minor(itemFee, currency),
  perKg: minor(perKg, currency),
});
const cardOf = (currency: CurrencyCode, rates: DestinationRates): RateCard => ({
  id: 'card',
  currency,
  shape: rates.kind,
  rates: new Map([['US', rates]]),
  zones: null,
});
const BY_THE_GRAM: ChargeableWeightPolicy = {
  rule: 'actual',
  divisor: 6000,
  roundUpToG: 1,
  minimumG: 0,
};
const pricingOf = (
  card: RateCard,
  chargeable: ChargeableWeightPolicy = BY_THE_GRAM,
): ServicePricing => ({
  chargeableWeight: chargeable,
  cards: [{ card, validFromMs: 0, validToMs: null }],
  surcharges: [],
  minimumCharge: null,
});
const parcel = (weightG: number) => ({ weightG, goods: [], destination: { country: US } });

/** The freight amount in minor units, or the failure tag. */
function freightMinor(pricing: ServicePricing, weightG: number): number | string {
  const q = priceParcel(pricing, parcel(weightG), { at: AT });
  if (!q.ok) return q.error.tag;
  expect(q.value.lines).toHaveLength(1);
  expect(q.value.total).toEqual(q.value.lines[0]!.amount);
  return q.value.lines[0]!.amount.amount;
}

// The banded card of the examples: item fee + per-kg rate × the whole chargeable weight.
const EDGES: BandedRates = {
  kind: 'banded',
  bands: [
    band(0, 500, '15.00', '85.50'),
    band(500, 1000, '18.00', '80.25'),
    band(1000, 2000, '20.00', '78.125'), // a per-kg rate with a fraction of a fen
    band(2000, null, '25.00', '76.30'),
  ],
};

describe('banded card: at and around every band edge', () => {
  const pricing = pricingOf(cardOf(CNY, EDGES));
  it.each([
    // weight, hand computation (CNY), fen after rounding half up
    [1, '15.00 + 85.50 × 0.001 = 15.0855 → 1508.55 fen', 1509],
    [499, '15.00 + 85.50 × 0.499 = 15.00 + 42.6645 = 57.6645', 5766],
    [500, '15.00 + 85.50 × 0.500 = 15.00 + 42.75 = 57.75', 5775],
    [501, '18.00 + 80.25 × 0.501 = 18.00 + 40.20525 = 58.20525 → 5820.525 fen', 5821],
    [999, '18.00 + 80.25 × 0.999 = 18.00 + 80.16975 = 98.16975', 9817],
    [1000, '18.00 + 80.25 × 1.000 = 98.25', 9825],
    [1001, '20.00 + 78.125 × 1.001 = 20.00 + 78.203125 = 98.203125 (cheaper than 1000 g)', 9820],
    [1999, '20.00 + 78.125 × 1.999 = 20.00 + 156.171875 = 176.171875', 17617],
    [2000, '20.00 + 78.125 × 2.000 = 176.25', 17625],
    [2001, '25.00 + 76.30 × 2.001 = 25.00 + 152.6763 = 177.6763', 17768],
    [30000, '25.00 + 76.30 × 30 = 2314.00 (open last band)', 231400],
  ])('%i g: %s → %i', (weightG, _work, expected) => {
    expect(freightMinor(pricing, weightG)).toBe(expected);
  });

  it('gives the exact freight before rounding', () => {
    expect(freightFor(EDGES, 501)).toSatisfy((e: Exact) => e.n * 1000n === 5820525n * e.d); // 5820.525 fen
    expect(freightFor(EDGES, 1001)).toSatisfy((e: Exact) => e.n * 10000n === 98203125n * e.d); // 9820.3125 fen
  });

  it('rounds fractions of a fen half up (away from zero), not to even', () => {
    const tie = pricingOf(
      cardOf(CNY, { kind: 'banded', bands: [band(0, null, '0.00', '12.345')] }),
    );
    expect(freightMinor(tie, 1000)).toBe(1235); // 12.345 CNY = 1234.5 fen → 1235 (banker's: 1234)
    expect(freightMinor(tie, 5000)).toBe(6173); // 61.725 CNY = 6172.5 fen → 6173 (banker's: 6172)
    expect(freightMinor(tie, 200)).toBe(247); // 2.469 CNY = 246.9 fen
    expect(freightMinor(tie, 40)).toBe(49); // 0.4938 CNY = 49.38 fen
    const tiny = pricingOf(
      cardOf(CNY, { kind: 'banded', bands: [band(0, null, '0.00', '0.025')] }),
    );
    expect(freightMinor(tiny, 1000)).toBe(3); // 0.025 CNY = 2.5 fen → 3 (banker's: 2)
    expect(freightMinor(tiny, 100)).toBe(0); // 0.25 fen → 0
  });

  it('prices a card in a currency without minor units', () => {
    const yen = pricingOf(
      cardOf(JPY, { kind: 'banded', bands: [band(0, null, '150', '1234.5', JPY)] }),
    );
    expect(freightMinor(yen, 1000)).toBe(1385); // 150 + 1234.5 = 1384.5 ¥ → 1385
    expect(freightMinor(yen, 400)).toBe(644); // 150 + 493.8 = 643.8 ¥
  });

  it('fails with over-max-weight beyond a closed last band', () => {
    const closed = pricingOf(cardOf(CNY, { kind: 'banded', bands: EDGES.bands.slice(0, 3) }));
    expect(freightMinor(closed, 2000)).toBe(17625);
    const q = priceParcel(closed, parcel(2001), { at: AT });
    expect(q).toEqual({
      ok: false,
      error: {
        tag: 'over-max-weight',
        cardId: 'card',
        rateKey: 'US',
        maxG: 2000,
        chargeableG: 2001,
      },
    });
  });

  it('finds the band (from, to] by weight', () => {
    const b = EDGES.bands;
    expect(findBand(b, 0)).toBeUndefined(); // no band covers 0 g
    expect(findBand(b, 1)).toBe(b[0]);
    expect(findBand(b, 500)).toBe(b[0]);
    expect(findBand(b, 501)).toBe(b[1]);
    expect(findBand(b, 1000)).toBe(b[1]);
    expect(findBand(b, 1001)).toBe(b[2]);
    expect(findBand(b, 2001)).toBe(b[3]);
    expect(findBand(b, 999_999)).toBe(b[3]);
    expect(findBand(b.slice(0, 3), 2001)).toBeUndefined();
    expect(findBand([], 1)).toBeUndefined();
    expect(maxWeightOf(EDGES)).toBeNull();
    expect(maxWeightOf({ kind: 'banded', bands: b.slice(0, 2) })).toBe(1000);
  });
});

// The step card of the examples: first 500 g 120.00, each started 500 g 35.50, up to 20 kg, then 48.00/kg.
const STEP: StepRates = {
  kind: 'step',
  firstG: 500,
  firstPrice: minor('120.00'),
  stepG: 500,
  stepPrice: minor('35.50'),
  maxG: 20000,
  overMaxPerKg: minor('48.00'),
};

describe('step card', () => {
  const byGram = pricingOf(cardOf(CNY, STEP));
  const byHalfKilo = pricingOf(cardOf(CNY, STEP), {
    rule: 'actual',
    divisor: 6000,
    roundUpToG: 500,
    minimumG: 0,
  });

  it.each([
    [1, '120.00 (first weight)', 12000],
    [500, '120.00', 12000],
    [501, '120.00 + 1 × 35.50 = 155.50', 15550],
    [1000, '120.00 + 1 × 35.50 = 155.50', 15550],
    [1001, '120.00 + 2 × 35.50 = 191.00', 19100],
    [19999, '120.00 + ⌈19499/500⌉ = 39 steps × 35.50 = 1504.50', 150450],
    [20000, '120.00 + 39 × 35.50 = 120.00 + 1384.50 = 1504.50', 150450],
    [20001, '48.00 × 20.001 kg = 960.048 → 96004.8 fen (by the gram)', 96005],
  ])('%i g by the gram: %s → %i', (weightG, _work, expected) => {
    expect(freightMinor(byGram, weightG)).toBe(expected);
  });

  it('prices the heavy parcel of the example with a round-up-to-500 g policy', () => {
    // 20001 g → chargeable 20500 g → 48.00 × 20.5 = 984.00 CNY
    expect(freightMinor(byHalfKilo, 20001)).toBe(98400);
    expect(freightMinor(byHalfKilo, 501)).toBe(15550); // 1000 g chargeable: still one step
    expect(freightMinor(byHalfKilo, 20000)).toBe(150450);
  });

  it('fails with over-max-weight past max_g when the card has no per-kg rate beyond it', () => {
    const capped = pricingOf(cardOf(CNY, { ...STEP, overMaxPerKg: null }));
    expect(freightMinor(capped, 20000)).toBe(150450);
    expect(priceParcel(capped, parcel(20001), { at: AT })).toEqual({
      ok: false,
      error: {
        tag: 'over-max-weight',
        cardId: 'card',
        rateKey: 'US',
        maxG: 20000,
        chargeableG: 20001,
      },
    });
    expect(maxWeightOf({ ...STEP, overMaxPerKg: null })).toBe(20000);
    expect(maxWeightOf(STEP)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Property: a banded card prices like a brute-force reference (linear scan, BigInt arithmetic).

const DIGITS: Record<string, number> = { CNY: 2, USD: 2, EUR: 2, JPY: 0, KWD: 3 };

/** A decimal in major units: units / 10^scale, up to 4 decimals. */
interface Dec {
  readonly units: bigint;
  readonly scale: number;
}
const decArb = fc.record({
  units: fc.bigInt({ min: 0n, max: 10n ** 8n }),
  scale: fc.integer({ min: 0, max: 4 }),
});
const toMinor = (d: Dec, currency: string): Exact => ({
  n: d.units * 10n ** BigInt(DIGITS[currency]!),
  d: 10n ** BigInt(d.scale),
});

interface RefBand {
  readonly from: number;
  readonly to: number | null;
  readonly fee: Dec;
  readonly perKg: Dec;
}

const refCardArb = fc
  .record({
    currency: fc.constantFrom('CNY', 'USD', 'EUR', 'JPY', 'KWD'),
    edges: fc.uniqueArray(fc.integer({ min: 1, max: 60_000 }), { minLength: 1, maxLength: 8 }),
    open: fc.boolean(),
    prices: fc.array(fc.tuple(decArb, decArb), { minLength: 9, maxLength: 9 }),
  })
  .map(({ currency, edges, open, prices }) => {
    const sorted = [...edges].sort((a, b) => a - b);
    const bands: RefBand[] = sorted.map((to, i) => ({
      from: i === 0 ? 0 : sorted[i - 1]!,
      to,
      fee: prices[i]![0],
      perKg: prices[i]![1],
    }));
    if (open)
      bands.push({
        from: sorted[sorted.length - 1]!,
        to: null,
        fee: prices[8]![0],
        perKg: prices[8]![1],
      });
    return { currency, bands };
  });

/** Reference price in minor units: linear scan for the band, exact fraction, round half up by hand. */
function referencePrice(
  bands: readonly RefBand[],
  currency: string,
  weightG: number,
): bigint | undefined {
  const b = bands.find((x) => weightG > x.from && (x.to === null || weightG <= x.to));
  if (!b) return undefined;
  // (fee + perKg × w / 1000) × 10^digits over a common denominator
  const feeDen = 10n ** BigInt(b.fee.scale);
  const rateDen = 10n ** BigInt(b.perKg.scale);
  const num =
    (b.fee.units * rateDen * 1000n + b.perKg.units * BigInt(weightG) * feeDen) *
    10n ** BigInt(DIGITS[currency]!);
  const den = feeDen * rateDen * 1000n;
  const whole = num / den;
  const rest = num - whole * den;
  return 2n * rest >= den ? whole + 1n : whole;
}

describe('banded card properties', () => {
  it('prices like a brute-force reference on random cards and weights', () => {
    fc.assert(
      fc.property(
        refCardArb,
        fc.integer({ min: 1, max: 70_000 }),
        fc.integer({ min: 0, max: 6 }),
        (ref, weight, nearEdge) => {
          const currency = asCurrencyCode(ref.currency);
          const bands: WeightBand[] = ref.bands.map((b) => ({
            fromG: b.from,
            toG: b.to,
            itemFee: toMinor(b.fee, ref.currency),
            perKg: toMinor(b.perKg, ref.currency),
          }));
          const pricing = pricingOf(cardOf(currency, { kind: 'banded', bands }));
          // half of the runs weigh exactly at, or one gram either side of, a band edge
          const edge = ref.bands[nearEdge % ref.bands.length]!.from;
          const weights = [weight, Math.max(1, edge - 1), Math.max(1, edge), edge + 1];
          for (const w of weights) {
            const expected = referencePrice(ref.bands, ref.currency, w);
            const got = freightMinor(pricing, w);
            if (expected === undefined) expect(got).toBe('over-max-weight');
            else expect(got).toBe(Number(expected));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  ceil,
  compare,
  divInt,
  type Exact,
  exactFromInteger,
  formatDecimal,
  mul,
  mulInt,
  parseDecimal,
  roundHalfUp,
  SilklineError,
} from './index.ts';

const ex = (n: bigint, d: bigint): Exact => ({ n, d });
/** Two rationals are the same number when their cross products agree. */
const same = (a: Exact, b: Exact): boolean => a.n * b.d === b.n * a.d;

/** Reference: floor division with a non-negative remainder, then compare twice the remainder with d. */
function referenceRoundHalfAwayFromZero(n: bigint, d: bigint): bigint {
  let floor = n / d;
  if (n % d !== 0n && n < 0n) floor -= 1n;
  const rem = n - floor * d; // 0 <= rem < d
  if (2n * rem > d) return floor + 1n;
  if (2n * rem < d) return floor;
  return n > 0n ? floor + 1n : floor; // a tie: away from zero
}

function referenceCeil(n: bigint, d: bigint): bigint {
  let floor = n / d;
  if (n % d !== 0n && n < 0n) floor -= 1n;
  return floor * d === n ? floor : floor + 1n;
}

const bigintArb = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });
const denominatorArb = fc.bigInt({ min: 1n, max: 10n ** 12n });
const rationalArb = fc.tuple(bigintArb, denominatorArb).map(([n, d]) => ex(n, d));

describe('parseDecimal', () => {
  it('reads plain decimals exactly', () => {
    expect(parseDecimal('12')).toEqual(ex(12n, 1n));
    expect(parseDecimal('12.5')).toEqual(ex(125n, 10n));
    expect(parseDecimal('-0.125')).toEqual(ex(-125n, 1000n));
    expect(parseDecimal(' 85.50 ')).toEqual(ex(8550n, 100n));
    expect(parseDecimal('007.10')).toEqual(ex(710n, 100n));
    // 0.1 + 0.2 is exactly 0.3 here, unlike binary floats.
    expect(same(add(parseDecimal('0.1')!, parseDecimal('0.2')!), parseDecimal('0.3')!)).toBe(true);
  });

  it.each([
    '1e3',
    '12,50',
    '',
    ' ',
    '+5',
    '.5',
    '5.',
    '1.2.3',
    '0x10',
    'NaN',
    'Infinity',
    '¥12',
    '12 50',
    '--1',
  ])('rejects %j', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });
});

describe('formatDecimal', () => {
  it('writes the shortest exact decimal', () => {
    expect(formatDecimal(ex(5775n, 100n))).toBe('57.75');
    expect(formatDecimal(ex(-5n, 100n))).toBe('-0.05');
    expect(formatDecimal(ex(1n, 8n))).toBe('0.125');
    expect(formatDecimal(ex(4200n, 100n))).toBe('42');
    expect(formatDecimal(ex(0n, 7n))).toBe('0');
  });

  it('throws for a value with no finite decimal form', () => {
    expect(() => formatDecimal(ex(1n, 3n))).toThrow(SilklineError);
    expect(() => formatDecimal(ex(1n, 1024n), 4)).toThrow(/no decimal form/);
  });

  it('round-trips with parseDecimal (property)', () => {
    fc.assert(
      fc.property(bigintArb, fc.integer({ min: 0, max: 12 }), (n, scale) => {
        const value = ex(n, 10n ** BigInt(scale));
        const text = formatDecimal(value);
        const back = parseDecimal(text);
        expect(back).toBeDefined();
        expect(same(back!, value)).toBe(true);
        // and the text is canonical: formatting again gives the same characters
        expect(formatDecimal(back!)).toBe(text);
      }),
    );
  });

  it('parses then formats canonical decimal text unchanged (property)', () => {
    const canonical = fc
      .tuple(
        fc.boolean(),
        fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9]\d{0,15}$/)),
        fc.oneof(fc.constant(''), fc.stringMatching(/^\d{0,7}[1-9]$/)),
      )
      .filter(([neg, whole, frac]) => !(neg && whole === '0' && frac === ''))
      .map(([neg, whole, frac]) => `${neg ? '-' : ''}${whole}${frac ? '.' + frac : ''}`);
    fc.assert(
      fc.property(canonical, (text) => {
        expect(formatDecimal(parseDecimal(text)!)).toBe(text);
      }),
    );
  });
});

describe('roundHalfUp (half away from zero)', () => {
  it('rounds hand-picked values', () => {
    expect(roundHalfUp(ex(12345n, 10n))).toBe(1235n); // 1234.5 → 1235 (banker's would give 1234)
    expect(roundHalfUp(ex(-12345n, 10n))).toBe(-1235n);
    expect(roundHalfUp(ex(25n, 10n))).toBe(3n); // 2.5 → 3
    expect(roundHalfUp(ex(-25n, 10n))).toBe(-3n);
    expect(roundHalfUp(ex(12344999n, 10000n))).toBe(1234n); // 1234.4999
    expect(roundHalfUp(ex(5820525n, 1000n))).toBe(5821n); // 5820.525
    expect(roundHalfUp(ex(-1n, 3n))).toBe(0n);
    expect(roundHalfUp(ex(7n, 1n))).toBe(7n);
  });

  it('matches a floor-and-remainder reference on random rationals (property)', () => {
    fc.assert(
      fc.property(bigintArb, denominatorArb, (n, d) => {
        expect(roundHalfUp(ex(n, d))).toBe(referenceRoundHalfAwayFromZero(n, d));
      }),
      { numRuns: 500 },
    );
  });

  it('matches the reference on exact ties (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (k, half) => {
          // (2k+1)/2 scaled by `half`: always exactly .5
          const value = ex((2n * k + 1n) * half, 2n * half);
          const expected = k >= 0n ? k + 1n : k;
          expect(roundHalfUp(value)).toBe(expected);
          expect(referenceRoundHalfAwayFromZero(value.n, value.d)).toBe(expected);
        },
      ),
    );
  });

  it('is odd: round(-x) = -round(x) (property)', () => {
    fc.assert(
      fc.property(rationalArb, (a) => {
        expect(roundHalfUp(ex(-a.n, a.d))).toBe(-roundHalfUp(a));
      }),
    );
  });
});

describe('ceil', () => {
  it('is the smallest integer not below the value', () => {
    expect(ceil(ex(16411572n, 10000n))).toBe(1642n);
    expect(ceil(ex(1642n, 1n))).toBe(1642n);
    expect(ceil(ex(-3n, 2n))).toBe(-1n);
    expect(ceil(ex(0n, 5n))).toBe(0n);
  });

  it('matches a reference (property)', () => {
    fc.assert(
      fc.property(bigintArb, denominatorArb, (n, d) => {
        expect(ceil(ex(n, d))).toBe(referenceCeil(n, d));
      }),
    );
  });
});

describe('arithmetic', () => {
  it('adds, multiplies and compares exactly (property)', () => {
    fc.assert(
      fc.property(rationalArb, rationalArb, fc.bigInt({ min: 1n, max: 1000n }), (a, b, k) => {
        const sum = add(a, b);
        expect(same(sum, ex(a.n * b.d + b.n * a.d, a.d * b.d))).toBe(true);
        expect(same(mul(a, b), ex(a.n * b.n, a.d * b.d))).toBe(true);
        expect(same(mulInt(a, k), ex(a.n * k, a.d))).toBe(true);
        expect(same(mulInt(divInt(a, k), k), a)).toBe(true);
        expect(compare(a, b)).toBe(-compare(b, a));
        expect(compare(a, a)).toBe(0);
        expect(compare(sum, a)).toBe(b.n > 0n ? 1 : b.n < 0n ? -1 : 0);
      }),
    );
  });

  it('refuses a non-positive divisor and a non-integer', () => {
    expect(() => divInt(ex(1n, 1n), 0n)).toThrow(SilklineError);
    expect(() => divInt(ex(1n, 1n), -2n)).toThrow(SilklineError);
    expect(exactFromInteger(42)).toEqual(ex(42n, 1n));
    expect(() => exactFromInteger(1.5)).toThrow(/safe integer/);
    expect(() => exactFromInteger(2 ** 53)).toThrow(SilklineError);
  });
});

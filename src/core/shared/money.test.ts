import { describe, expect, it } from 'vitest';
import {
  asCurrencyCode,
  currencyMinorDigits,
  type CurrencyCode,
  type Exact,
  formatMajor,
  isCurrencyCode,
  majorTextToExactMinor,
  roundToMinorUnits,
  SilklineError,
  sumMoney,
} from './index.ts';

const CNY = asCurrencyCode('CNY');
const JPY = asCurrencyCode('JPY');
const KWD = asCurrencyCode('KWD');
const USD = asCurrencyCode('USD');
const ex = (n: bigint, d: bigint): Exact => ({ n, d });

describe('ISO 4217 minor units', () => {
  it('knows the exponent of parcel currencies', () => {
    expect(currencyMinorDigits('CNY')).toBe(2);
    expect(currencyMinorDigits('USD')).toBe(2);
    expect(currencyMinorDigits('EUR')).toBe(2);
    expect(currencyMinorDigits('JPY')).toBe(0);
    expect(currencyMinorDigits('KRW')).toBe(0);
    expect(currencyMinorDigits('KWD')).toBe(3);
    expect(currencyMinorDigits('BHD')).toBe(3);
    expect(currencyMinorDigits('XOF')).toBe(0); // CFA franc: a real currency with an X code
  });

  it('rejects unknown, lower-case and malformed codes', () => {
    for (const code of ['ABC', 'cny', 'Cny', 'CN', 'CNYY', '', ' CNY', '123']) {
      expect(currencyMinorDigits(code), code).toBeUndefined();
      expect(isCurrencyCode(code), code).toBe(false);
    }
    expect(() => asCurrencyCode('ABC')).toThrow(SilklineError);
  });

  it('rejects ISO codes that have no minor unit (no currency, testing, precious metals, units of account)', () => {
    // ISO 4217 lists these with minor unit "N.A."; currency-codes 2.x reports them as 0 digits.
    for (const code of ['XXX', 'XTS', 'XAU', 'XAG', 'XPT', 'XPD', 'XDR', 'XBA', 'XSU', 'XUA']) {
      expect(isCurrencyCode(code), code).toBe(false);
    }
  });
});

describe('roundToMinorUnits: the one rounding boundary', () => {
  it('rounds half away from zero', () => {
    expect(roundToMinorUnits(ex(12345n, 10n), CNY)).toEqual({ amount: 1235, currency: 'CNY' }); // 1234.5
    expect(roundToMinorUnits(ex(-12345n, 10n), CNY).amount).toBe(-1235);
    expect(roundToMinorUnits(ex(79998375n, 100000n), USD).amount).toBe(800); // 799.98375
    expect(roundToMinorUnits(ex(12344999n, 10000n), CNY).amount).toBe(1234);
  });

  it('throws when the amount is beyond a safe integer', () => {
    expect(() => roundToMinorUnits(ex(2n ** 60n, 1n), CNY)).toThrow(/out of range/);
  });
});

describe('major ↔ minor units', () => {
  it('reads major-unit text into exact minor units of the currency', () => {
    expect(majorTextToExactMinor('33.33', CNY)).toEqual(ex(333300n, 100n)); // 3333 fen
    expect(majorTextToExactMinor('500', JPY)).toEqual(ex(500n, 1n));
    expect(majorTextToExactMinor('1.2345', KWD)).toEqual(ex(12345000n, 10000n)); // 1234.5 fils
    expect(majorTextToExactMinor('85.505', CNY)).toEqual(ex(85505n * 100n, 1000n)); // 8550.5 fen
    expect(majorTextToExactMinor('1e3', CNY)).toBeUndefined();
    expect(majorTextToExactMinor('12,50', CNY)).toBeUndefined();
  });

  it('formats minor units as major-unit text', () => {
    expect(formatMajor({ amount: 3333, currency: CNY })).toBe('33.33');
    expect(formatMajor({ amount: 5, currency: CNY })).toBe('0.05');
    expect(formatMajor({ amount: -5, currency: CNY })).toBe('-0.05');
    expect(formatMajor({ amount: 0, currency: CNY })).toBe('0.00');
    expect(formatMajor({ amount: 500, currency: JPY })).toBe('500');
    expect(formatMajor({ amount: 1234, currency: KWD })).toBe('1.234');
    expect(formatMajor({ amount: 7, currency: KWD })).toBe('0.007');
  });

  it('sums money of one currency and refuses to mix', () => {
    const items = [
      { amount: 5775, currency: CNY },
      { amount: 225, currency: CNY },
    ];
    expect(sumMoney(items, CNY)).toEqual({ amount: 6000, currency: 'CNY' });
    expect(sumMoney([], USD)).toEqual({ amount: 0, currency: 'USD' });
    expect(() => sumMoney([...items, { amount: 1, currency: 'USD' as CurrencyCode }], CNY)).toThrow(
      /currency-mismatch|cannot add/,
    );
  });
});

import currencyCodes from 'currency-codes';
import { type Exact, parseDecimal, roundHalfUp } from './exact.ts';
import { SilklineError } from './result.ts';

/** ISO 4217 alphabetic code, checked against the ISO list on the way in. */
export type CurrencyCode = string & { readonly __brand: 'CurrencyCode' };

/** Integer minor units (cents, fen, yen) of one currency. */
export interface Money {
  readonly amount: number;
  readonly currency: CurrencyCode;
}

const minorDigitsCache = new Map<string, number>();

/** ISO 4217 codes whose minor unit is "N.A.". */
const NO_MINOR_UNIT = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
]);

/** The ISO 4217 minor-unit exponent (2 for CNY and USD, 0 for JPY and KRW, 3 for KWD), or undefined for an unknown code. */
export function currencyMinorDigits(code: string): number | undefined {
  const cached = minorDigitsCache.get(code);
  if (cached !== undefined) return cached;
  if (!/^[A-Z]{3}$/.test(code)) return undefined;
  const entry = currencyCodes.code(code);
  if (!entry) return undefined;
  // Precious metals, bond-market units, SDR, test and "no currency" codes have no minor unit in
  // ISO 4217 ("N.A."), but currency-codes reports them as 0 digits; they are not parcel currencies.
  if (NO_MINOR_UNIT.has(code)) return undefined;
  if (typeof entry.digits !== 'number' || !Number.isInteger(entry.digits)) return undefined;
  minorDigitsCache.set(code, entry.digits);
  return entry.digits;
}

export function isCurrencyCode(code: string): code is CurrencyCode {
  return currencyMinorDigits(code) !== undefined;
}

export function asCurrencyCode(code: string): CurrencyCode {
  if (!isCurrencyCode(code))
    throw new SilklineError('unknown-currency', `unknown ISO 4217 currency "${code}"`);
  return code;
}

/**
 * THE rounding boundary for money: an exact amount in minor units becomes an integer,
 * half away from zero. Every charge line passes through here exactly once.
 */
export function roundToMinorUnits(exactMinor: Exact, currency: CurrencyCode): Money {
  const rounded = roundHalfUp(exactMinor);
  const amount = Number(rounded);
  if (!Number.isSafeInteger(amount)) {
    throw new SilklineError('amount-overflow', `amount ${rounded} ${currency} is out of range`);
  }
  return { amount, currency };
}

/** Major-unit decimal text ("33.33") to exact minor units; undefined if not a plain decimal. */
export function majorTextToExactMinor(text: string, currency: CurrencyCode): Exact | undefined {
  const value = parseDecimal(text);
  if (!value) return undefined;
  const digits = currencyMinorDigits(currency) ?? 2;
  return { n: value.n * 10n ** BigInt(digits), d: value.d };
}

/** Minor units to a major-unit decimal string: 3333 CNY → "33.33", 500 JPY → "500". */
export function formatMajor(money: Money): string {
  const digits = currencyMinorDigits(money.currency) ?? 2;
  const abs = Math.abs(money.amount)
    .toString()
    .padStart(digits + 1, '0');
  const text = digits > 0 ? `${abs.slice(0, -digits)}.${abs.slice(-digits)}` : abs;
  return money.amount < 0 ? `-${text}` : text;
}

export function sumMoney(items: readonly Money[], currency: CurrencyCode): Money {
  let total = 0;
  for (const m of items) {
    if (m.currency !== currency) {
      throw new SilklineError('currency-mismatch', `cannot add ${m.currency} to ${currency}`);
    }
    total += m.amount;
  }
  return { amount: total, currency };
}

import { SilklineError } from './result.ts';

/**
 * An exact non-float number: numerator over a positive denominator, both bigint.
 * Money is computed in `Exact` from the decimal figures of a card and rounded once,
 * at `roundHalfUp`, so no binary-float error ever reaches an amount.
 */
export interface Exact {
  readonly n: bigint;
  readonly d: bigint;
}

export const ZERO: Exact = { n: 0n, d: 1n };
export const ONE: Exact = { n: 1n, d: 1n };

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal such as `12`, `12.5`, `-0.125`; anything else (exponents, commas, blanks) is `undefined`. */
export function parseDecimal(text: string): Exact | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const [, sign, whole, frac = ''] = m;
  const n = BigInt(whole + frac) * (sign ? -1n : 1n);
  return { n, d: 10n ** BigInt(frac.length) };
}

export function exactFromInteger(value: number): Exact {
  if (!Number.isSafeInteger(value)) {
    throw new SilklineError('not-an-integer', `expected a safe integer, got ${value}`);
  }
  return { n: BigInt(value), d: 1n };
}

export const add = (a: Exact, b: Exact): Exact =>
  a.d === b.d ? { n: a.n + b.n, d: a.d } : { n: a.n * b.d + b.n * a.d, d: a.d * b.d };

export const mul = (a: Exact, b: Exact): Exact => ({ n: a.n * b.n, d: a.d * b.d });

export const mulInt = (a: Exact, k: bigint): Exact => ({ n: a.n * k, d: a.d });

export const divInt = (a: Exact, k: bigint): Exact => {
  if (k <= 0n) throw new SilklineError('division', `divisor must be positive, got ${k}`);
  return { n: a.n, d: a.d * k };
};

export const compare = (a: Exact, b: Exact): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};

export const isZero = (a: Exact): boolean => a.n === 0n;
export const isNegative = (a: Exact): boolean => a.n < 0n;

/** Round half away from zero to an integer: the project's one rounding rule for money. */
export function roundHalfUp(a: Exact): bigint {
  const sign = a.n < 0n ? -1n : 1n;
  const abs = a.n * sign;
  return (sign * (2n * abs + a.d)) / (2n * a.d);
}

/** Smallest integer ≥ a. */
export function ceil(a: Exact): bigint {
  const q = a.n / a.d;
  return a.n > 0n && q * a.d !== a.n ? q + 1n : q;
}

/** Writes the exact value as a plain decimal if it has a finite expansion within `maxScale` digits. */
export function formatDecimal(a: Exact, maxScale = 12): string {
  for (let scale = 0; scale <= maxScale; scale++) {
    const p = 10n ** BigInt(scale);
    if ((a.n * p) % a.d === 0n) {
      const scaled = (a.n * p) / a.d;
      const neg = scaled < 0n;
      const digits = (neg ? -scaled : scaled).toString().padStart(scale + 1, '0');
      const whole = digits.slice(0, digits.length - scale);
      const frac = digits.slice(digits.length - scale);
      return `${neg ? '-' : ''}${whole}${scale > 0 ? '.' + frac : ''}`;
    }
  }
  throw new SilklineError(
    'no-decimal-form',
    `${a.n}/${a.d} has no decimal form within ${maxScale} digits`,
  );
}

export const toNumber = (a: Exact): number => Number(a.n) / Number(a.d);

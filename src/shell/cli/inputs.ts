import { GOODS_FLAGS, type Dimensions, type GoodsFlag } from '../../core/rating/index.ts';
import {
  type CountryCode,
  type CurrencyCode,
  isCountryCode,
  isCurrencyCode,
  parseDateOrInstant,
} from '../../core/shared/index.ts';
import { UsageError } from './io.ts';

/** Edge checks for CLI options: each failure names the option and the reason. */

export const MAX_PARCEL_WEIGHT_G = 1_000_000;
export const MAX_SIDE_MM = 20_000;

export function wholeNumber(
  option: string,
  raw: string | undefined,
  min: number,
  max: number,
  unit: string,
): number {
  if (raw === undefined) throw new UsageError(`--${option} is required`);
  if (/^-\d+(\.\d+)?$/.test(raw.trim())) {
    throw new UsageError(
      `--${option}: ${raw.trim()} ${unit} is negative; expected a whole number from ${min} to ${max} ${unit}`,
    );
  }
  if (!/^\d+$/.test(raw.trim()))
    throw new UsageError(`--${option}: "${raw}" is not a whole number of ${unit}`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new UsageError(
      `--${option}: ${value} ${unit} is outside the accepted range ${min}–${max} ${unit}`,
    );
  }
  return value;
}

export function country(option: string, raw: string | undefined): CountryCode {
  if (raw === undefined)
    throw new UsageError(`--${option} is required (an ISO 3166-1 alpha-2 code such as US)`);
  const code = raw.trim().toUpperCase();
  if (!isCountryCode(code))
    throw new UsageError(`--${option}: "${raw}" is not an ISO 3166-1 alpha-2 country code`);
  return code;
}

export function currency(option: string, raw: string): CurrencyCode {
  const code = raw.trim().toUpperCase();
  if (!isCurrencyCode(code))
    throw new UsageError(`--${option}: "${raw}" is not an ISO 4217 currency code`);
  return code;
}

export function dimensions(option: string, raw: string | undefined): Dimensions | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+)\s*[x×*]\s*(\d+)\s*[x×*]\s*(\d+)\s*$/i.exec(raw);
  if (!m)
    throw new UsageError(
      `--${option}: "${raw}" is not LxWxH in whole millimetres, e.g. 300x200x100`,
    );
  const [l, w, h] = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (const side of [l, w, h]) {
    if (side < 1 || side > MAX_SIDE_MM) {
      throw new UsageError(
        `--${option}: a side of ${side} mm is outside the accepted range 1–${MAX_SIDE_MM} mm`,
      );
    }
  }
  return { lengthMm: l, widthMm: w, heightMm: h };
}

export function goods(option: string, raw: string | undefined): GoodsFlag[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(/[;,]/).map((g) => {
    const flag = g.trim().toLowerCase();
    if (!(GOODS_FLAGS as readonly string[]).includes(flag)) {
      throw new UsageError(
        `--${option}: "${g}" is not a goods flag; use ${GOODS_FLAGS.join(', ')}`,
      );
    }
    return flag as GoodsFlag;
  });
}

/**
 * A date means local midnight in `timeZone` (the network's, as dates in network files do); an
 * instant needs its offset, so the answer never depends on the machine's own time zone.
 */
export function instant(
  option: string,
  raw: string | undefined,
  fallback: Date,
  timeZone = 'UTC',
): Date {
  if (raw === undefined) return fallback;
  const ms = parseDateOrInstant(raw.trim(), timeZone);
  if (ms === undefined) {
    throw new UsageError(
      `--${option}: "${raw}" is not a date (2026-11-25) or an ISO 8601 instant with offset (2026-11-25T10:00+08:00)`,
    );
  }
  return new Date(ms);
}

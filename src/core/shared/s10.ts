import { isCountryCode } from './codes.ts';

/**
 * UPU S10 item identifiers: 2 letters (service indicator), an 8-digit serial, 1 check digit, and
 * the ISO 3166 country of the issuing post, e.g. "RR123456785CN".
 */
const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;
/** J, K, S, T and W are reserved by the UPU and never start a valid S10 identifier. */
const RESERVED_FIRST_LETTERS = new Set(['J', 'K', 'S', 'T', 'W']);
const S10_SHAPE = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;

/** The check digit of an 8-digit serial: C = 11 − (Σ wᵢdᵢ mod 11); 10 becomes 0 and 11 becomes 5. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError(`S10 serial must be 8 digits, got "${serial}"`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += S10_WEIGHTS[i]! * Number(serial[i]);
  const c = 11 - (sum % 11);
  return c === 10 ? 0 : c === 11 ? 5 : c;
}

export type S10Problem = 'shape' | 'reserved-service-indicator' | 'check-digit' | 'unknown-country';

/** Why a text is not a valid S10 identifier, or null when it is one (upper case, no spaces). */
export function s10Problem(id: string): S10Problem | null {
  const m = S10_SHAPE.exec(id);
  if (!m) return 'shape';
  if (RESERVED_FIRST_LETTERS.has(m[1]![0]!)) return 'reserved-service-indicator';
  if (s10CheckDigit(m[2]!) !== Number(m[3])) return 'check-digit';
  if (!isCountryCode(m[4]!)) return 'unknown-country';
  return null;
}

export function isS10(id: string): boolean {
  return s10Problem(id) === null;
}

/** Builds an S10 identifier from a service indicator, a serial number (0 … 99,999,999) and the issuing post's country. */
export function formatS10(serviceIndicator: string, serial: number, country: string): string {
  if (!/^[A-Z]{2}$/.test(serviceIndicator) || RESERVED_FIRST_LETTERS.has(serviceIndicator[0]!)) {
    throw new RangeError(`"${serviceIndicator}" is not a usable S10 service indicator`);
  }
  if (!Number.isInteger(serial) || serial < 0 || serial > 99_999_999) {
    throw new RangeError(`S10 serial must be an integer in 0 … 99,999,999, got ${serial}`);
  }
  if (!isCountryCode(country)) throw new RangeError(`"${country}" is not an ISO 3166 country`);
  const digits = String(serial).padStart(8, '0');
  return `${serviceIndicator}${digits}${s10CheckDigit(digits)}${country}`;
}

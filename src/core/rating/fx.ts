import {
  currencyMinorDigits,
  type CurrencyCode,
  type Exact,
  err,
  mul,
  ok,
  type Result,
} from '../shared/index.ts';
import type { FxTable } from './types.ts';

function perUnitAt(table: FxTable, currency: CurrencyCode, atMs: number): Exact | undefined {
  if (currency === table.base) return { n: 1n, d: 1n };
  let found: Exact | undefined;
  let foundFrom = -Infinity;
  for (const r of table.rates) {
    if (r.currency !== currency || r.validFromMs > atMs) continue;
    if (r.validToMs !== null && atMs >= r.validToMs) continue;
    if (r.validFromMs >= foundFrom) {
      found = r.perUnit;
      foundFrom = r.validFromMs;
    }
  }
  return found;
}

/**
 * The exact factor that turns minor units of `from` into minor units of `to` at an instant,
 * through the table's base currency and with each currency's minor-unit digits.
 */
export function fxFactor(
  table: FxTable,
  from: CurrencyCode,
  to: CurrencyCode,
  atMs: number,
): Result<Exact, { tag: 'no-fx-rate'; from: string; to: string; at: string }> {
  if (from === to) return ok({ n: 1n, d: 1n });
  const fromRate = perUnitAt(table, from, atMs);
  const toRate = perUnitAt(table, to, atMs);
  if (!fromRate || !toRate) {
    return err({ tag: 'no-fx-rate', from, to, at: new Date(atMs).toISOString() });
  }
  const fromDigits = BigInt(currencyMinorDigits(from) ?? 2);
  const toDigits = BigInt(currencyMinorDigits(to) ?? 2);
  // minor(from) / 10^fd × fromRate / toRate × 10^td
  const majorsPerMajor = mul(fromRate, { n: toRate.d, d: toRate.n });
  return ok(mul(majorsPerMajor, { n: 10n ** toDigits, d: 10n ** fromDigits }));
}

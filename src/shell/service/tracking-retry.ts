// Tracking's transactions run again when the database chose them as a deadlock's or a
// serialization failure's victim: writers of the same parcels may cross.
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { TrackingDeps } from './tracking-rebuild.ts';

const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

/**
 * Runs a transaction again after a deadlock or serialization failure (the database chose it).
 * `afterCommit` callbacks registered by the work run once its transaction has committed.
 */
export async function withRetry<T>(
  deps: TrackingDeps,
  work: (trx: Transaction<DB>, afterCommit: (fn: () => void) => void) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const committed: (() => void)[] = [];
    try {
      const result = await deps.store.db
        .transaction()
        .execute((trx) => work(trx, (fn) => committed.push(fn)));
      for (const fn of committed) fn();
      return result;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
      await new Promise((ok) => setTimeout(ok, 10 * attempt));
    }
  }
}

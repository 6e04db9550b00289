import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import { HttpProblem } from '../http/problem.ts';

export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Requests in flight in this process, by tenant and key: a retry that overtakes its original gets 409. */
const inFlight = new Set<string>();

export function requestHash(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method} ${path}\n${body}`).digest('hex');
}

/**
 * Runs a state-changing request at most once per (tenant, Idempotency-Key). The stored response
 * is written in the same transaction as the change, so after a crash either both exist or
 * neither does. The same key and body replays the first response; another body → 422; a retry
 * while the first is running → 409 (in this process by an in-flight set, across processes by a
 * transaction-scoped advisory lock on PostgreSQL).
 */
export async function idempotent(
  store: Store,
  tenantId: string,
  key: string | undefined,
  hash: string,
  run: (trx: Transaction<DB>) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!key) return { ...(await store.db.transaction().execute(run)), replayed: false };
  if (key.length > 200)
    throw new HttpProblem(400, 'Bad request', 'Idempotency-Key must be at most 200 characters');
  const flightKey = `${tenantId}\u0000${key}`;
  if (inFlight.has(flightKey))
    throw new HttpProblem(
      409,
      'Conflict',
      'a request with this Idempotency-Key is still being processed; retry later',
    );
  inFlight.add(flightKey);
  try {
    return await store.db.transaction().execute(async (trx) => {
      if (store.kind === 'postgres') {
        // PostgreSQL text cannot hold flightKey's NUL; tenant ids hold no space, so this names the pair.
        const lockName = `${tenantId} ${key}`;
        const got = await sql<{
          ok: boolean;
        }>`select pg_try_advisory_xact_lock(hashtextextended(${lockName}, 0)) as ok`.execute(trx);
        if (!got.rows[0]?.ok)
          throw new HttpProblem(
            409,
            'Conflict',
            'a request with this Idempotency-Key is still being processed; retry later',
          );
      }
      const previous = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'response_status', 'response_body'])
        .where('tenant_id', '=', tenantId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (previous) {
        if (previous.request_hash !== hash) {
          throw new HttpProblem(
            422,
            'Unprocessable content',
            'this Idempotency-Key was used with a different request body',
          );
        }
        return {
          status: previous.response_status ?? 200,
          body: previous.response_body,
          replayed: true,
        };
      }
      const response = await run(trx);
      await trx
        .insertInto('idempotency_keys')
        .values({
          tenant_id: tenantId,
          key,
          request_hash: hash,
          state: 'done',
          response_status: response.status,
          response_body: JSON.stringify(response.body),
        })
        .execute();
      return { ...response, replayed: false };
    });
  } finally {
    inFlight.delete(flightKey);
  }
}

// Fan-out: each recorded event becomes a pending delivery per endpoint of its tenant that
// subscribes to it, with its 'deliver-webhook' job, all in the caller's transaction.
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AppDeps } from '../http/context.ts';
import { newDeliveryId } from './endpoints.ts';
import { eventMatches } from './events.ts';

export async function createWebhookDeliveries(
  deps: Pick<AppDeps, 'ids' | 'clock' | 'queue'>,
  trx: Transaction<DB>,
  event: { readonly id: string; readonly tenantId: string; readonly type: string },
): Promise<string[]> {
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'events'])
    .where('tenant_id', '=', event.tenantId)
    .where('deleted_at', 'is', null)
    .execute();
  const targets = endpoints.filter((e) => eventMatches(e.events as string[] | null, event.type));
  if (targets.length === 0) return [];
  const now = deps.clock.now();
  const rows = targets.map((e) => ({
    id: newDeliveryId(deps.ids),
    endpoint_id: e.id,
    event_id: event.id,
    state: 'pending' as const,
    next_attempt_at: now,
    created_at: now,
  }));
  await trx.insertInto('webhook_deliveries').values(rows).execute();
  // Without a queue (API-only tests) the deliveries stay pending, as orders stay unbooked.
  if (deps.queue)
    for (const r of rows) await deps.queue.enqueue(trx, 'deliver-webhook', { deliveryId: r.id });
  return rows.map((r) => r.id);
}

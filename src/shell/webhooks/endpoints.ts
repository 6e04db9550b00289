// Webhook endpoints and their deliveries in the store: what the API routes call.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { IdSource } from '../../core/shared/index.ts';
import type { DB } from '../db/schema.ts';

/** Endpoints a tenant may have: each event fans out to every one of them. */
export const MAX_ENDPOINTS_PER_TENANT = 20;

/** A signing secret: `whsec_` and 32 random bytes, base64url. Shown once, kept to sign with. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Delivery ids: `dlv_` and the sortable part of a fresh id. */
export function newDeliveryId(ids: IdSource): string {
  return `dlv_${ids.next('whk').slice('whk_'.length)}`;
}

export interface EndpointRow {
  id: string;
  tenant_id: string;
  url: string;
  events: string[] | null;
  allow_private: boolean;
  created_at: Date;
}

export function endpointResource(row: EndpointRow) {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: row.url,
    events: row.events,
    allowPrivate: row.allow_private,
    createdAt: row.created_at.toISOString(),
  };
}

const ENDPOINT_COLUMNS = [
  'id',
  'tenant_id',
  'url',
  'events',
  'allow_private',
  'created_at',
] as const;

export async function countEndpoints(db: Kysely<DB>, tenantId: string): Promise<number> {
  const r = await db
    .selectFrom('webhook_endpoints')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertEndpoint(
  db: Kysely<DB>,
  ids: IdSource,
  input: {
    tenantId: string;
    url: string;
    events: readonly string[] | null;
    allowPrivate: boolean;
    now: Date;
  },
): Promise<EndpointRow & { secret: string }> {
  const id = ids.next('whk');
  const secret = newWebhookSecret();
  await db
    .insertInto('webhook_endpoints')
    .values({
      id,
      tenant_id: input.tenantId,
      url: input.url,
      secret,
      allow_private: input.allowPrivate,
      events: input.events === null ? null : JSON.stringify(input.events),
      created_at: input.now,
    })
    .execute();
  return {
    id,
    tenant_id: input.tenantId,
    url: input.url,
    events: input.events === null ? null : [...input.events],
    allow_private: input.allowPrivate,
    created_at: input.now,
    secret,
  };
}

/** A live (not deleted) endpoint; with a tenant scope, only that tenant's. */
export async function findEndpoint(
  db: Kysely<DB>,
  id: string,
  scope: string | null,
): Promise<EndpointRow | undefined> {
  let q = db
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null);
  if (scope !== null) q = q.where('tenant_id', '=', scope);
  return (await q.executeTakeFirst()) as EndpointRow | undefined;
}

export async function listEndpoints(
  db: Kysely<DB>,
  options: { tenantId: string | null; cursor?: string | undefined; limit: number },
): Promise<{ rows: EndpointRow[]; nextCursor: string | null }> {
  let q = db
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .where('deleted_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.tenantId !== null) q = q.where('tenant_id', '=', options.tenantId);
  if (options.cursor) q = q.where('id', '<', options.cursor);
  const rows = (await q.execute()) as EndpointRow[];
  const page = rows.slice(0, options.limit);
  return {
    rows: page,
    nextCursor: rows.length > options.limit ? page[page.length - 1]!.id : null,
  };
}

/**
 * Deletes an endpoint (softly: its deliveries stay on record). Its pending deliveries end as
 * failed, in the same transaction, so no job delivers to it afterwards. False when there is no
 * such live endpoint in scope.
 */
export async function deleteEndpoint(
  db: Kysely<DB>,
  id: string,
  scope: string | null,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let q = trx
      .updateTable('webhook_endpoints')
      .set({ deleted_at: now })
      .where('id', '=', id)
      .where('deleted_at', 'is', null);
    if (scope !== null) q = q.where('tenant_id', '=', scope);
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await trx
      .updateTable('webhook_deliveries')
      .set({ state: 'failed', last_error: 'endpoint deleted', next_attempt_at: null })
      .where('endpoint_id', '=', id)
      .where('state', '=', 'pending')
      .execute();
    return true;
  });
}

export async function listDeliveries(
  db: Kysely<DB>,
  endpointId: string,
  options: {
    cursor?: string | undefined;
    limit: number;
    state?: 'pending' | 'delivered' | 'failed' | undefined;
  },
) {
  let q = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.event_id',
      'e.type',
      'd.state',
      'd.attempts',
      'd.last_status',
      'd.last_error',
      'd.next_attempt_at',
      'd.delivered_at',
      'd.created_at',
    ])
    .where('d.endpoint_id', '=', endpointId)
    .orderBy('d.id', 'desc')
    .limit(options.limit + 1);
  if (options.cursor) q = q.where('d.id', '<', options.cursor);
  if (options.state) q = q.where('d.state', '=', options.state);
  const rows = await q.execute();
  const page = rows.slice(0, options.limit);
  return {
    data: page.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      eventType: r.type,
      state: r.state,
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastError: r.last_error,
      nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
      deliveredAt: r.delivered_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: rows.length > options.limit ? page[page.length - 1]!.id : null,
  };
}

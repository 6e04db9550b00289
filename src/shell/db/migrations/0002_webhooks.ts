// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

/** Webhooks: an endpoint's event filter and soft deletion; deliveries listed per endpoint. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table webhook_endpoints add column events jsonb;
    alter table webhook_endpoints add column deleted_at timestamptz;
    create index webhook_endpoints_tenant on webhook_endpoints (tenant_id, id) where deleted_at is null;
    alter table webhook_deliveries add column created_at timestamptz not null default now();
    create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, id);
    create index webhook_deliveries_event on webhook_deliveries (event_id);
  `.execute(db);
}

// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

/**
 * A seller's profile: its name and address for customs papers and labels, the registrations that
 * move tax collection to the point of sale (IOSS, UK VAT, ARN, …) and its exporter record (China
 * customs code, AEO). One row per seller tenant, replaced whole on each update.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table seller_profiles (
      tenant_id text primary key references tenants(id),
      profile jsonb not null,
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}

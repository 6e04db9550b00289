// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

/**
 * China export declarations: the data set the integrator files before departure (pre-clearance)
 * for a shipment whose chain clears export (9610 for a B2C order; 9710/9810 are built by the core
 * for B2B orders and warehouse replenishments). One row per shipment, made when it is booked and
 * rebuilt in place; `issues` lists every missing or invalid field of an incomplete one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table export_declarations (
      id text primary key,
      shipment_id text not null unique references shipments(id),
      mode text not null check (mode in ('9610', '9710', '9810')),
      status text not null check (status in ('complete', 'incomplete')),
      data jsonb not null,
      issues jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index export_declarations_status on export_declarations (status, id);
  `.execute(db);
}

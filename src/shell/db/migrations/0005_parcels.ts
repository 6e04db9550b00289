// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

/**
 * Parcels: one row per parcel of a shipment, made when the shipment is (or, for shipments made
 * before this migration, on their first document request). A parcel's tracking number is its
 * UPU S10 identifier when a post carries it, else its Silkline id; both are unique and indexed,
 * so tracking can find a parcel by any of its identifiers. S10 serials come from a sequence:
 * unique and never reused (a sequence hands out each value once, even when a transaction rolls
 * back), within the 8 digits the S10 allows.
 *
 * Legs gain the scheduled departure the plan took (departs_at), so a line-haul departure's
 * manifest is an indexed lookup by service and instant; existing open legs are filled from their
 * order's stored plan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence parcel_s10_serial as bigint minvalue 1 maxvalue 99999999 no cycle;
    create table parcels (
      id text primary key,
      shipment_id text not null references shipments(id),
      tenant_id text not null references tenants(id),
      seq integer not null,
      weight_g integer not null check (weight_g > 0),
      tracking_number text not null unique,
      s10 text unique,
      created_at timestamptz not null default now(),
      unique (shipment_id, seq)
    );
    create index parcels_tenant on parcels (tenant_id, id);
    alter table legs add column departs_at timestamptz;
    create index legs_departure on legs (service_id, departs_at) where departs_at is not null;
    update legs set departs_at = (o.plan -> 'plan' -> 'legs' -> legs.seq -> 'departure' ->> 'departs')::timestamptz
      from shipments s join orders o on o.id = s.order_id
      where s.id = legs.shipment_id
        and legs.status not in ('cancelled', 'failed')
        and jsonb_typeof(o.plan -> 'plan' -> 'legs' -> legs.seq -> 'departure') = 'object'
        and o.plan -> 'plan' -> 'legs' -> legs.seq ->> 'serviceId' = legs.service_id;
  `.execute(db);
}

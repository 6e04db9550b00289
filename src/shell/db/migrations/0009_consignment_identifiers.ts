// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

/**
 * Consignment-level identifiers (docs/tracking.md "Identifiers"): a shipment's id and each leg's
 * partner reference name the whole consignment, not one parcel, so an event reported under one
 * of them belongs to every parcel of the shipment. The identifier keeps the parcel it finds (the
 * shipment's first) and now also names its shipment; an event matched through it records the
 * shipment too, and each parcel's timeline reads it (through the first parcel's events).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table parcel_identifiers add column shipment_id text;
    alter table tracking_events add column shipment_id text;
    update parcel_identifiers i set shipment_id = p.shipment_id
      from parcels p
      where p.id = i.parcel_id
        and (i.kind in ('line', 'last-mile', 'other') or i.identifier = upper(p.shipment_id));
    update tracking_events e set shipment_id = i.shipment_id
      from parcel_identifiers i
      where e.parcel_id is not null and i.identifier = e.tracking_key
        and i.shipment_id is not null;
  `.execute(db);
}

// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

/**
 * The partners' measured history (docs/tracking.md "ETA"): how long each completed leg took,
 * recorded by the tracking rebuild that saw the parcel move past it (core measuredLegDurations),
 * once per leg (the first parcel of a shipment to complete it). Read per lane — service, from,
 * to — latest first (the index), and blended into the ETA's leg times.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table leg_observations (
      leg_id text primary key,
      partner_id text not null,
      service_id text not null,
      from_place text not null,
      to_place text not null,
      duration_ms bigint not null check (duration_ms >= 0),
      -- When the leg ended (the hand-over, or the delivery), on the partners' clocks.
      completed_at timestamptz not null,
      recorded_at timestamptz not null
    );
    create index leg_observations_lane
      on leg_observations (service_id, from_place, to_place, completed_at);
  `.execute(db);
}

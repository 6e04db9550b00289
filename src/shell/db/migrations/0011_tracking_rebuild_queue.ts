// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

/**
 * Parcels whose partner-file events are stored and whose tracking is still to be rebuilt
 * (service/tracking-rebuild-queue.ts): written in the transaction that stores the events, deleted
 * in the one that rebuilds the parcels, so a rebuild is never lost to a crash in between. A row
 * per storing transaction and share of its parcels (by a hash of the parcel id):
 *  - seq: the order of queueing, oldest rebuilt first;
 *  - batch: the storing transaction's id, by which the process that stored the events finds them
 *    in its memory (the parcels of another process's batch are read back from the store);
 *  - share: passes over different shares never claim the same parcel;
 *  - parcel_ids: its parcels (no foreign key: their events already reference them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tracking_rebuild_queue (
      seq bigint generated always as identity primary key,
      batch text not null,
      share smallint not null,
      parcel_ids text[] not null,
      queued_at timestamptz not null
    );
  `.execute(db);
}

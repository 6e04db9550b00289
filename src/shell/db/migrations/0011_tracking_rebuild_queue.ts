// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

/**
 * Parcels whose partner-file events are stored and whose tracking is still to be rebuilt
 * (service/tracking-rebuild-queue.ts): written in the transaction that stores the events, deleted
 * in the one that rebuilds the parcel, so a rebuild is never lost to a crash in between.
 *  - seq: the order of queueing, oldest rebuilt first;
 *  - batch: the storing transaction's id, by which the process that stored the events finds them
 *    in its memory (a row of another process's batch has its parcel read back from the store);
 *  - no foreign key: the parcel's events already reference it, and the check would cost a lookup
 *    per row on the hottest write path.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tracking_rebuild_queue (
      seq bigint generated always as identity primary key,
      parcel_id text not null,
      batch text not null,
      queued_at timestamptz not null
    );
    create index tracking_rebuild_queue_parcel on tracking_rebuild_queue (parcel_id);
  `.execute(db);
}

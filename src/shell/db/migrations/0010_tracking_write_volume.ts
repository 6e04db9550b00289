// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

/**
 * Less written per partner event (docs/tracking.md "Storage"):
 *  - legs, shipments and orders keep a fifth of each page free, as tracking_state does: tracking
 *    moves their status (a leg about twice per parcel and leg), and with room on the page the new
 *    row version stays there without a new entry in every index (a HOT update). Pages written
 *    before this migration keep no room until they are rewritten (VACUUM FULL, at the operator's
 *    choosing: it locks the table).
 *  - tracking_events.raw may be null: the event as sent is kept only when the stored columns do
 *    not give it back exactly (core `rawIsRedundant`), which for most partner events they do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table legs set (fillfactor = 80);
    alter table shipments set (fillfactor = 80);
    alter table orders set (fillfactor = 80);
    alter table tracking_events alter column raw drop not null;
  `.execute(db);
}

// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

/**
 * Bulk batches get a cursor (rows handled so far, advanced in the same transaction as each chunk's
 * orders, so a retried job resumes exactly where the last commit left it) and a table of per-row
 * errors (a batch of 100,000 rows may have many). Legs get the partner's acknowledgement and a
 * flag for bookings still to be released with their partner after a re-plan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table batches add column processed integer not null default 0;
    create table batch_errors (
      batch_id text not null references batches(id),
      line integer not null,
      n integer not null,
      field text,
      message text not null,
      primary key (batch_id, line, n)
    );
    alter table legs add column acknowledged_at timestamptz;
    alter table legs add column release_pending boolean not null default false;
    create index legs_release_pending on legs (shipment_id) where release_pending;
  `.execute(db);
}

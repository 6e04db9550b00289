// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

/**
 * Tracking (issue 6), docs/tracking.md "Service":
 *
 * - parcel_identifiers: every identifier of a parcel in its lookup form (Silkline's parcel id and
 *   tracking number, its S10, each leg's partner reference), unique, so any of them finds it.
 * - tracking_events: each partner event as received (raw) and as normalized; keyed by
 *   (partner_id, event_id), so an event delivered any number of times is recorded once. parcel_id
 *   stays null until an identifier matches (the partial index finds those waiting); status is
 *   null when the partner's code is unmapped (the partial index counts them for operators).
 * - tracking_state: per parcel, the status, ETA and counters the last rebuild of its timeline
 *   gave; its row is also what serialises two transactions adding events to one parcel, and its
 *   version (bumped by each rebuild) tells a process whether what it cached of the parcel is
 *   still what is stored.
 * - tracking_exceptions: raised by the core's rules under a stable key per parcel; closed (not
 *   deleted) when no longer raised.
 * - partner_secrets: the secrets partners sign webhooks with; after a rotation the superseded one
 *   is accepted for a grace period. partner_poll_cursors: where polling of a partner's API left off.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table parcel_identifiers (
      identifier text primary key,
      parcel_id text not null references parcels(id),
      kind text not null check (kind in ('silkline', 's10', 'line', 'last-mile', 'other')),
      partner_id text,
      created_at timestamptz not null default now()
    );
    create index parcel_identifiers_parcel on parcel_identifiers (parcel_id);

    create table tracking_events (
      partner_id text not null,
      event_id text not null,
      source text not null check (source in ('webhook', 'batch', 'poll')),
      tracking_number text not null,
      tracking_key text not null,
      -- No foreign key: every value comes from parcel_identifiers (which has one), and a check per
      -- row would cost each of the millions of inserts an index probe.
      parcel_id text,
      code text not null,
      status text,
      sub_status text,
      unmapped_reason text,
      mapping_table text,
      mapping_valid_from text,
      occurred_at timestamptz not null,
      occurred_offset_min smallint not null,
      occurred_at_text text not null,
      country text,
      city text,
      description text not null,
      -- The event as the partner sent it, as JSON text (a CSV row as the object of its columns).
      raw text not null,
      received_at timestamptz not null default now(),
      primary key (partner_id, event_id),
      check ((status is null) = (unmapped_reason is not null))
    );
    create index tracking_events_parcel on tracking_events (parcel_id) where parcel_id is not null;
    create index tracking_events_unmatched on tracking_events (tracking_key) where parcel_id is null;
    create index tracking_events_unmapped on tracking_events (partner_id, code) where status is null;

    create table tracking_state (
      parcel_id text primary key references parcels(id),
      shipment_id text not null references shipments(id),
      tenant_id text not null references tenants(id),
      status text not null default 'pending',
      sub_status text,
      status_since timestamptz,
      progress_stage integer not null default 0,
      current_leg_seq integer,
      last_event_at timestamptz,
      event_count integer not null default 0,
      promise_at timestamptz,
      eta_kind text,
      eta_p10 timestamptz,
      eta_p50 timestamptz,
      eta_p90 timestamptz,
      on_time_probability double precision,
      version bigint not null default 0,
      updated_at timestamptz not null default now()
    ) with (fillfactor = 80);
    -- Only columns that never change are indexed, and pages keep room: the row of a parcel is
    -- rewritten on every event, and these updates can then stay on the page (HOT).
    create index tracking_state_shipment on tracking_state (shipment_id);

    create table tracking_exceptions (
      id text primary key,
      parcel_id text not null references parcels(id),
      shipment_id text not null references shipments(id),
      tenant_id text not null references tenants(id),
      key text not null,
      kind text not null,
      leg_seq integer,
      partner_id text,
      suggested_action text not null,
      notify_seller boolean not null,
      detail text not null,
      since timestamptz not null,
      raised_at timestamptz not null,
      resolved_at timestamptz,
      unique (parcel_id, key)
    );
    create index tracking_exceptions_open on tracking_exceptions (id) where resolved_at is null;

    create table partner_secrets (
      id text primary key,
      partner_id text not null,
      secret text not null,
      created_at timestamptz not null,
      superseded_at timestamptz
    );
    create unique index partner_secrets_current on partner_secrets (partner_id)
      where superseded_at is null;
    create index partner_secrets_partner on partner_secrets (partner_id, created_at);

    create table partner_poll_cursors (
      partner_id text primary key,
      cursor text not null,
      polled_at timestamptz not null,
      last_error text
    );
  `.execute(db);
}

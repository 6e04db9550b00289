// Frozen: a released migration is never edited. Change the schema with a new, later migration.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tenants (
      id text primary key,
      name text not null unique,
      kind text not null check (kind in ('integrator', 'seller', 'partner')),
      created_at timestamptz not null default now()
    );
    create table api_keys (
      id text primary key,
      tenant_id text not null references tenants(id),
      role text not null check (role in ('operator', 'seller', 'partner')),
      partner_id text,
      key_hash text not null unique,
      prefix text not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      check ((role = 'partner') = (partner_id is not null))
    );
    create table idempotency_keys (
      tenant_id text not null references tenants(id),
      key text not null,
      request_hash text not null,
      state text not null check (state in ('running', 'done')),
      response_status integer,
      response_body jsonb,
      created_at timestamptz not null default now(),
      primary key (tenant_id, key)
    );
    create table quotes (
      id text primary key,
      tenant_id text not null references tenants(id),
      request jsonb not null,
      response jsonb not null,
      valid_until timestamptz not null,
      created_at timestamptz not null default now()
    );
    create table batches (
      id text primary key,
      tenant_id text not null references tenants(id),
      status text not null check (status in ('queued', 'running', 'done', 'failed')),
      format text not null check (format in ('csv', 'jsonl')),
      source text not null,
      total integer not null default 0,
      accepted integer not null default 0,
      rejected integer not null default 0,
      errors jsonb not null default '[]',
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create table orders (
      id text primary key,
      tenant_id text not null references tenants(id),
      external_id text not null,
      batch_id text references batches(id),
      status text not null check (status in ('received', 'planned', 'booking', 'booked', 'in_transit', 'delivered', 'infeasible', 'failed', 'cancelled')),
      tier text not null,
      request jsonb not null,
      plan jsonb,
      price_amount bigint,
      price_currency text,
      reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (tenant_id, external_id)
    );
    create index orders_tenant_created on orders (tenant_id, id);
    create table shipments (
      id text primary key,
      tenant_id text not null references tenants(id),
      order_id text not null references orders(id),
      status text not null,
      cost_amount bigint not null,
      cost_currency text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index shipments_tenant on shipments (tenant_id, id);
    create index shipments_order on shipments (order_id);
    create table legs (
      id text primary key,
      shipment_id text not null references shipments(id),
      tenant_id text not null references tenants(id),
      seq integer not null,
      activity text not null,
      partner_id text not null,
      service_id text not null,
      from_place text not null,
      to_place text not null,
      status text not null check (status in ('planned', 'booked', 'handed_over', 'in_progress', 'done', 'failed', 'cancelled')),
      cost_amount bigint not null,
      cost_currency text not null,
      partner_ref text,
      reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (shipment_id, seq)
    );
    create index legs_partner on legs (partner_id, id);
    create table events (
      id text primary key,
      tenant_id text not null references tenants(id),
      type text not null,
      subject_id text not null,
      payload jsonb not null,
      created_at timestamptz not null default now()
    );
    create index events_tenant on events (tenant_id, id);
    create table webhook_endpoints (
      id text primary key,
      tenant_id text not null references tenants(id),
      url text not null,
      secret text not null,
      allow_private boolean not null default false,
      created_at timestamptz not null default now()
    );
    create table webhook_deliveries (
      id text primary key,
      endpoint_id text not null references webhook_endpoints(id),
      event_id text not null references events(id),
      state text not null check (state in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      last_status integer,
      last_error text,
      next_attempt_at timestamptz,
      delivered_at timestamptz,
      unique (endpoint_id, event_id)
    );
  `.execute(db);
}

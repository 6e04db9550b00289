import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** The tables as Kysely sees them (src/shell/db/migrations is the source of truth). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Bigint = ColumnType<string | number, number | string, number | string>;

export interface TenantsTable {
  id: string;
  name: string;
  kind: 'integrator' | 'seller' | 'partner';
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  role: 'operator' | 'seller' | 'partner';
  partner_id: string | null;
  key_hash: string;
  prefix: string;
  created_at: Timestamp;
  revoked_at: Date | null;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  key: string;
  request_hash: string;
  state: 'running' | 'done';
  response_status: number | null;
  response_body: JSONColumnType<object> | null;
  created_at: Timestamp;
}

export interface QuotesTable {
  id: string;
  tenant_id: string;
  request: JSONColumnType<object>;
  response: JSONColumnType<object>;
  valid_until: Timestamp;
  created_at: Timestamp;
}

export interface BatchesTable {
  id: string;
  tenant_id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  format: 'csv' | 'jsonl';
  source: string;
  total: Generated<number>;
  accepted: Generated<number>;
  rejected: Generated<number>;
  /** Unused since migration 0002: per-row errors live in batch_errors. */
  errors: ColumnType<unknown, string | undefined, string>;
  /** Rows handled so far (accepted or rejected): the resume point of a retried plan-batch job. */
  processed: Generated<number>;
  created_at: Timestamp;
  finished_at: Date | null;
}

export interface BatchErrorsTable {
  batch_id: string;
  /** The row's line in the upload (CSV: the line its record ends on; JSON Lines: its line). */
  line: number;
  /** The place among its row's issues. */
  n: number;
  field: string | null;
  message: string;
}

export type OrderStatus =
  | 'received'
  | 'planned'
  | 'booking'
  | 'booked'
  | 'in_transit'
  | 'delivered'
  | 'infeasible'
  | 'failed'
  | 'cancelled';

export interface OrdersTable {
  id: string;
  tenant_id: string;
  external_id: string;
  batch_id: string | null;
  status: OrderStatus;
  tier: string;
  request: JSONColumnType<object>;
  plan: JSONColumnType<object> | null;
  price_amount: Bigint | null;
  price_currency: string | null;
  reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ShipmentsTable {
  id: string;
  tenant_id: string;
  order_id: string;
  status: string;
  cost_amount: Bigint;
  cost_currency: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LegsTable {
  id: string;
  shipment_id: string;
  tenant_id: string;
  seq: number;
  activity: string;
  partner_id: string;
  service_id: string;
  from_place: string;
  to_place: string;
  status: 'planned' | 'booked' | 'handed_over' | 'in_progress' | 'done' | 'failed' | 'cancelled';
  cost_amount: Bigint;
  cost_currency: string;
  partner_ref: string | null;
  reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When the leg's partner acknowledged it (POST /v1/partner/legs/{id}/ack). */
  acknowledged_at: Date | null;
  /** Cancelled here but still booked with the partner: the next book-order run releases it. */
  release_pending: Generated<boolean>;
}

export interface SellerProfilesTable {
  tenant_id: string;
  /** The validated profile body (sellerProfileSchema in core/customs). */
  profile: JSONColumnType<object>;
  updated_at: Timestamp;
}

export interface EventsTable {
  id: string;
  tenant_id: string;
  type: string;
  subject_id: string;
  payload: JSONColumnType<object>;
  created_at: Timestamp;
}

export interface WebhookEndpointsTable {
  id: string;
  tenant_id: string;
  url: string;
  secret: string;
  allow_private: boolean;
  created_at: Timestamp;
  /** 0002: the event types (or `family.*`, `*`) it receives; null means every event. */
  events: JSONColumnType<string[]> | null;
  /** 0002: set when deleted; deliveries are kept for the record. */
  deleted_at: Date | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  /** 0002 */
  created_at: Timestamp;
}

export interface DB {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  quotes: QuotesTable;
  batches: BatchesTable;
  batch_errors: BatchErrorsTable;
  orders: OrdersTable;
  shipments: ShipmentsTable;
  legs: LegsTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  seller_profiles: SellerProfilesTable;
}

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
  /** The issue's place among its row's issues. */
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
  /** 0005: the scheduled departure the plan took (manifests are per service and departure). */
  departs_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** 0005: a shipment's parcels; tracking_number is the S10 for a postal item, else the parcel id. */
export interface ParcelsTable {
  id: string;
  shipment_id: string;
  tenant_id: string;
  seq: number;
  weight_g: number;
  tracking_number: string;
  s10: string | null;
  created_at: Timestamp;
}

export interface SellerProfilesTable {
  tenant_id: string;
  /** The validated profile body (sellerProfileSchema in core/customs). */
  profile: JSONColumnType<object>;
  updated_at: Timestamp;
}

/** 0006: a shipment's China export declaration (core/customs export-declaration.ts). */
export interface ExportDeclarationsTable {
  id: string;
  shipment_id: string;
  mode: '9610' | '9710' | '9810';
  status: 'complete' | 'incomplete';
  data: JSONColumnType<object>;
  issues: JSONColumnType<object[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** 0007: every identifier of a parcel, in its lookup form (core/tracking normalizeIdentifier). */
export interface ParcelIdentifiersTable {
  identifier: string;
  parcel_id: string;
  kind: 'silkline' | 's10' | 'line' | 'last-mile' | 'other';
  partner_id: string | null;
  created_at: Timestamp;
  /** 0009: the shipment, when the identifier names the consignment (shipment id, leg reference). */
  shipment_id: string | null;
}

/** 0007: partner events as received and normalized; keyed by (partner_id, event_id). */
export interface TrackingEventsTable {
  partner_id: string;
  event_id: string;
  source: 'webhook' | 'batch' | 'poll';
  tracking_number: string;
  tracking_key: string;
  parcel_id: string | null;
  /** 0009: set when matched through a consignment-level identifier: every parcel of it reads the event. */
  shipment_id: string | null;
  code: string;
  /** Null when the partner's code is unmapped (unmapped_reason says why). */
  status: string | null;
  sub_status: string | null;
  unmapped_reason: string | null;
  mapping_table: string | null;
  mapping_valid_from: string | null;
  occurred_at: Timestamp;
  occurred_offset_min: number;
  occurred_at_text: string;
  country: string | null;
  city: string | null;
  description: string;
  /** The event as received, JSON text; null when the other columns give it back (0010). */
  raw: string | null;
  received_at: Timestamp;
}

/** 0007: a parcel's tracking summary, as the last rebuild of its timeline left it. */
export interface TrackingStateTable {
  parcel_id: string;
  shipment_id: string;
  tenant_id: string;
  status: Generated<string>;
  sub_status: string | null;
  status_since: Date | null;
  progress_stage: Generated<number>;
  current_leg_seq: number | null;
  last_event_at: Date | null;
  event_count: Generated<number>;
  promise_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  eta_kind: string | null;
  eta_p10: Date | null;
  eta_p50: Date | null;
  eta_p90: Date | null;
  on_time_probability: number | null;
  /** Bumped by every rebuild: a cached copy of the parcel's events is valid at its version only. */
  version: ColumnType<string | number, number | undefined, number>;
  updated_at: Timestamp;
}

/** 0007: exceptions raised on a parcel's tracking, by stable key; resolved when no longer raised. */
export interface TrackingExceptionsTable {
  id: string;
  parcel_id: string;
  shipment_id: string;
  tenant_id: string;
  key: string;
  kind: string;
  leg_seq: number | null;
  partner_id: string | null;
  suggested_action: string;
  notify_seller: boolean;
  detail: string;
  since: Timestamp;
  raised_at: Timestamp;
  resolved_at: Date | null;
}

/** 0007: webhook signing secrets of partners; a superseded one is accepted for a grace period. */
export interface PartnerSecretsTable {
  id: string;
  partner_id: string;
  secret: string;
  created_at: Timestamp;
  superseded_at: Date | null;
}

/** 0007: how far polling a partner's tracking API has read. */
export interface PartnerPollCursorsTable {
  partner_id: string;
  cursor: string;
  polled_at: Timestamp;
  last_error: string | null;
}

/** 0008: how long each completed leg took (the partners' measured history, per lane). */
export interface LegObservationsTable {
  leg_id: string;
  partner_id: string;
  service_id: string;
  from_place: string;
  to_place: string;
  /** bigint: read back as a string. */
  duration_ms: ColumnType<string | number, number, number>;
  completed_at: Timestamp;
  recorded_at: Timestamp;
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

/** 0011: parcels whose file events are stored and whose tracking is yet to be rebuilt, a row per storing transaction and share. */
export interface TrackingRebuildQueueTable {
  seq: ColumnType<string | number, never, never>;
  /** The storing transaction's id: its process keeps the events in memory under it. */
  batch: string;
  share: number;
  parcel_ids: string[];
  queued_at: Timestamp;
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
  parcels: ParcelsTable;
  export_declarations: ExportDeclarationsTable;
  parcel_identifiers: ParcelIdentifiersTable;
  tracking_events: TrackingEventsTable;
  tracking_state: TrackingStateTable;
  tracking_exceptions: TrackingExceptionsTable;
  partner_secrets: PartnerSecretsTable;
  partner_poll_cursors: PartnerPollCursorsTable;
  leg_observations: LegObservationsTable;
  tracking_rebuild_queue: TrackingRebuildQueueTable;
}

import { type Kysely, sql, type Transaction } from 'kysely';
import {
  type DocumentLeg,
  documentLegs,
  type ParcelRecord,
  postalCarriage,
  s10For,
} from '../../core/documents/index.ts';
import type { Network } from '../../core/network/index.ts';
import type { Order } from '../../core/planning/index.ts';
import type { Clock, CurrencyCode, IdSource } from '../../core/shared/index.ts';
import type { DB } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface ParcelDeps {
  readonly ids: IdSource;
  readonly clock: Clock;
}

/** The next S10 serial: a database sequence, so serials are unique across processes and never reused. */
async function nextS10Serial(db: Executor): Promise<number> {
  const { rows } = await sql<{
    n: string | number;
  }>`select nextval('parcel_s10_serial') as n`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * Stores the parcels of a shipment, one per order parcel: a postal item gets an S10 identifier
 * issued for its post's country (its tracking number), any other parcel is tracked by its id.
 * Parcels already stored for a place in the sequence are kept as they are (idempotent).
 */
export async function createParcels(
  deps: ParcelDeps,
  db: Executor,
  input: {
    readonly shipmentId: string;
    readonly tenantId: string;
    readonly order: Order;
    readonly legs: readonly DocumentLeg[];
  },
): Promise<void> {
  const postal = postalCarriage(input.legs);
  const existing = new Set(
    (
      await db
        .selectFrom('parcels')
        .select('seq')
        .where('shipment_id', '=', input.shipmentId)
        .execute()
    ).map((r) => r.seq),
  );
  for (const [seq, parcel] of input.order.parcels.entries()) {
    if (existing.has(seq)) continue;
    const id = deps.ids.next('prc');
    const s10 = postal ? s10For(postal, parcel.weightG, await nextS10Serial(db)) : null;
    await db
      .insertInto('parcels')
      .values({
        id,
        shipment_id: input.shipmentId,
        tenant_id: input.tenantId,
        seq,
        weight_g: parcel.weightG,
        tracking_number: s10 ?? id,
        s10,
        created_at: deps.clock.now(),
      })
      // A concurrent first request made this parcel meanwhile: its identifiers stand.
      .onConflict((oc) => oc.columns(['shipment_id', 'seq']).doNothing())
      .execute();
  }
}

export interface StoredShipment {
  readonly id: string;
  readonly tenantId: string;
  readonly orderId: string;
  readonly orderRef: string;
  readonly order: Order;
  readonly status: string;
  readonly createdAt: Date;
  readonly legs: readonly DocumentLeg[];
  /** Whether any leg is still in play (a shipment whose legs are all cancelled or failed is void). */
  readonly active: boolean;
}

/** Leg statuses of a shipment still in play. */
export const ACTIVE_LEG_STATUSES = [
  'planned',
  'booked',
  'handed_over',
  'in_progress',
  'done',
] as const;

/** A shipment with its order and its legs (as the network names them), or undefined. */
export async function loadShipment(
  db: Executor,
  network: Network,
  shipmentId: string,
  tenantScope: string | null,
): Promise<StoredShipment | undefined> {
  let q = db
    .selectFrom('shipments')
    .innerJoin('orders', 'orders.id', 'shipments.order_id')
    .select([
      'shipments.id',
      'shipments.tenant_id',
      'shipments.order_id',
      'shipments.status',
      'shipments.created_at',
      'orders.external_id',
      'orders.request',
    ])
    .where('shipments.id', '=', shipmentId);
  if (tenantScope) q = q.where('shipments.tenant_id', '=', tenantScope);
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const legs = await db
    .selectFrom('legs')
    .select([
      'seq',
      'service_id',
      'partner_id',
      'from_place',
      'to_place',
      'cost_amount',
      'cost_currency',
      'departs_at',
      'status',
    ])
    .where('shipment_id', '=', shipmentId)
    .orderBy('seq')
    .execute();
  return {
    id: row.id,
    tenantId: row.tenant_id,
    orderId: row.order_id,
    orderRef: row.external_id,
    order: row.request as unknown as Order,
    status: row.status,
    createdAt: new Date(row.created_at),
    active: legs.some((l) => (ACTIVE_LEG_STATUSES as readonly string[]).includes(l.status)),
    legs: documentLegs(
      legs.map((l) => ({
        seq: l.seq,
        serviceId: l.service_id,
        partnerId: l.partner_id,
        from: l.from_place,
        to: l.to_place,
        cost: { amount: Number(l.cost_amount), currency: l.cost_currency as CurrencyCode },
        departsAtMs: l.departs_at ? new Date(l.departs_at).getTime() : null,
      })),
      network,
    ),
  };
}

function recordOf(r: {
  id: string;
  seq: number;
  weight_g: number;
  tracking_number: string;
  s10: string | null;
}): ParcelRecord {
  return {
    id: r.id,
    seq: r.seq,
    weightG: r.weight_g,
    trackingNumber: r.tracking_number,
    s10: r.s10,
  };
}

/**
 * The shipment's parcels; a shipment made before parcels were stored gets them now, once: the
 * shipment row is locked while they are made, so two first requests make one set.
 */
export async function ensureParcels(
  deps: ParcelDeps,
  db: Kysely<DB>,
  shipment: StoredShipment,
): Promise<ParcelRecord[]> {
  const read = (ex: Executor) =>
    ex
      .selectFrom('parcels')
      .select(['id', 'seq', 'weight_g', 'tracking_number', 's10'])
      .where('shipment_id', '=', shipment.id)
      .orderBy('seq')
      .execute();
  const stored = await read(db);
  if (stored.length >= shipment.order.parcels.length) return stored.map(recordOf);
  return db.transaction().execute(async (trx) => {
    await trx
      .selectFrom('shipments')
      .select('id')
      .where('id', '=', shipment.id)
      .forUpdate()
      .execute();
    await createParcels(deps, trx, {
      shipmentId: shipment.id,
      tenantId: shipment.tenantId,
      order: shipment.order,
      legs: shipment.legs,
    });
    return (await read(trx)).map(recordOf);
  });
}

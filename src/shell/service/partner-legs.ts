import { sql, type Transaction } from 'kysely';
import { type LegStatus, legTransition } from '../../core/orders/index.ts';
import type { DB } from '../db/schema.ts';
import type { AppDeps } from '../http/context.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { refreshShipment, replanAfterRefusal } from './booking.ts';
import { recordEvent } from './orders.ts';

interface StoredParcel {
  readonly weightG?: number;
  readonly dims?: { lengthMm: number; widthMm: number; heightMm: number } | undefined;
  readonly goods?: readonly string[];
}

interface PartnerLegRow {
  id: string;
  shipment_id: string;
  seq: number;
  activity: string;
  service_id: string;
  from_place: string;
  to_place: string;
  status: LegStatus;
  cost_amount: string | number;
  cost_currency: string;
  partner_ref: string | null;
  reason: string | null;
  acknowledged_at: Date | null;
  created_at: Date;
  updated_at: Date;
  parcels: unknown;
  destination_country: string | null;
  destination_city: string | null;
}

/**
 * A leg as its partner sees it: the work (activity, from, to, the parcels' weights, sizes and
 * goods, the destination country and city — where a last-mile partner delivers, no more of the
 * buyer's address) and its price and state, without the seller's identity or order.
 */
export function partnerLegResource(row: PartnerLegRow) {
  const parcels = Array.isArray(row.parcels) ? (row.parcels as StoredParcel[]) : [];
  return {
    id: row.id,
    shipmentId: row.shipment_id,
    seq: row.seq,
    activity: row.activity,
    serviceId: row.service_id,
    from: row.from_place,
    to: row.to_place,
    destinationCountry: row.destination_country,
    destinationCity: row.destination_city,
    parcels: {
      count: parcels.length,
      totalWeightG: parcels.reduce((sum, p) => sum + (p.weightG ?? 0), 0),
      each: parcels.map((p) => ({
        weightG: p.weightG ?? 0,
        dims: p.dims ?? null,
        goods: [...(p.goods ?? [])],
      })),
    },
    cost: { amount: Number(row.cost_amount), currency: row.cost_currency },
    status: row.status,
    partnerRef: row.partner_ref,
    acknowledgedAt: row.acknowledged_at ? row.acknowledged_at.toISOString() : null,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function partnerLegs(db: AppDeps['store']['db'] | Transaction<DB>, partnerId: string) {
  return db
    .selectFrom('legs')
    .innerJoin('shipments', 'shipments.id', 'legs.shipment_id')
    .innerJoin('orders', 'orders.id', 'shipments.order_id')
    .select([
      'legs.id',
      'legs.shipment_id',
      'legs.seq',
      'legs.activity',
      'legs.service_id',
      'legs.from_place',
      'legs.to_place',
      'legs.status',
      'legs.cost_amount',
      'legs.cost_currency',
      'legs.partner_ref',
      'legs.reason',
      'legs.acknowledged_at',
      'legs.created_at',
      'legs.updated_at',
      sql<unknown>`orders.request -> 'parcels'`.as('parcels'),
      sql<string | null>`orders.request -> 'buyer' ->> 'country'`.as('destination_country'),
      sql<string | null>`orders.request -> 'buyer' ->> 'city'`.as('destination_city'),
    ])
    .where('legs.partner_id', '=', partnerId);
}

/** A partner's own legs, newest first, filtered by status and service, with cursor pagination. */
export async function listPartnerLegs(
  deps: AppDeps,
  partnerId: string,
  query: {
    readonly status?: LegStatus | undefined;
    readonly serviceId?: string | undefined;
    readonly cursor?: string | undefined;
    readonly limit: number;
  },
) {
  let q = partnerLegs(deps.store.db, partnerId)
    .orderBy('legs.id', 'desc')
    .limit(query.limit + 1);
  if (query.status) q = q.where('legs.status', '=', query.status);
  if (query.serviceId) q = q.where('legs.service_id', '=', query.serviceId);
  if (query.cursor) q = q.where('legs.id', '<', query.cursor);
  const rows = await q.execute();
  const page = rows.slice(0, query.limit);
  return {
    data: page.map((r) => partnerLegResource(r as PartnerLegRow)),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}

function invalidTransition(legId: string, status: LegStatus, action: string, allowed: string) {
  return new HttpProblem(
    409,
    'Invalid leg transition',
    `leg ${legId} is ${status}: it can be ${action} only while ${allowed}`,
    [{ field: 'status', message: `the leg is ${status}` }],
  );
}

/**
 * Locks the shipment and then the leg (the order every writer of a shipment's legs takes), for a
 * leg of this partner; 404 for anyone else's.
 */
async function lockPartnerLeg(trx: Transaction<DB>, partnerId: string, legId: string) {
  const found = await trx
    .selectFrom('legs')
    .innerJoin('shipments', 'shipments.id', 'legs.shipment_id')
    .select(['legs.shipment_id', 'shipments.order_id'])
    .where('legs.id', '=', legId)
    .where('legs.partner_id', '=', partnerId)
    .executeTakeFirst();
  if (!found) throw notFound('leg');
  return found;
}

/**
 * The partner acknowledges a leg: a booked leg stays booked and records when it was
 * acknowledged; a planned one becomes booked. Acknowledging again changes nothing; any other
 * status is a 409 naming it.
 */
export async function acknowledgeLeg(deps: AppDeps, partnerId: string, legId: string) {
  return deps.store.db.transaction().execute(async (trx) => {
    const { shipment_id: shipmentId } = await lockPartnerLeg(trx, partnerId, legId);
    await trx
      .selectFrom('shipments')
      .select('id')
      .where('id', '=', shipmentId)
      .forUpdate()
      .execute();
    const leg = await trx
      .selectFrom('legs')
      .select(['status', 'acknowledged_at', 'tenant_id', 'service_id'])
      .where('id', '=', legId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (leg.status !== 'booked' && !legTransition(leg.status, 'booked').ok)
      throw invalidTransition(legId, leg.status, 'acknowledged', 'planned or booked');
    if (leg.status === 'planned' || leg.acknowledged_at === null) {
      const now = deps.clock.now();
      await trx
        .updateTable('legs')
        .set({ status: 'booked', acknowledged_at: now, updated_at: now })
        .where('id', '=', legId)
        .execute();
      if (leg.status === 'planned') await refreshShipment(deps, trx, shipmentId);
      await recordEvent(deps, trx, leg.tenant_id, 'leg.acknowledged', legId, {
        legId,
        shipmentId,
        partnerId,
        serviceId: leg.service_id,
      });
    }
    return partnerLegResource(
      (await partnerLegs(trx, partnerId)
        .where('legs.id', '=', legId)
        .executeTakeFirstOrThrow()) as PartnerLegRow,
    );
  });
}

/**
 * The partner refuses a leg it was given (while it is planned or booked: before the goods reach
 * it). The leg fails with the partner's reason and the order is re-planned as after a refused
 * booking: the shipment's other legs are cancelled (those booked are released with their
 * partners by the next book-order run), the order is planned again without the refusing
 * service, and the book-order job is enqueued in the same transaction. If goods of the shipment
 * are already on their way, the leg fails and the shipment shows the exception instead.
 */
export async function refuseLeg(deps: AppDeps, partnerId: string, legId: string, reason: string) {
  return deps.store.db.transaction().execute(async (trx) => {
    const { shipment_id: shipmentId, order_id: orderId } = await lockPartnerLeg(
      trx,
      partnerId,
      legId,
    );
    // The lock order of every re-plan: order, shipment, legs.
    await trx.selectFrom('orders').select('id').where('id', '=', orderId).forUpdate().execute();
    await trx
      .selectFrom('shipments')
      .select('id')
      .where('id', '=', shipmentId)
      .forUpdate()
      .execute();
    const leg = await trx
      .selectFrom('legs')
      .select(['status', 'tenant_id', 'service_id'])
      .where('id', '=', legId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // Refusing is failing a leg that could still be cancelled: planned or booked.
    if (!legTransition(leg.status, 'failed').ok || !legTransition(leg.status, 'cancelled').ok)
      throw invalidTransition(legId, leg.status, 'refused', 'planned or booked');
    const why = `refused by partner ${partnerId}: ${reason}`;
    await recordEvent(deps, trx, leg.tenant_id, 'leg.refused', legId, {
      legId,
      shipmentId,
      orderId,
      partnerId,
      serviceId: leg.service_id,
      reason,
    });
    const outcome = await replanAfterRefusal(deps, trx, {
      orderId,
      shipmentId,
      serviceId: leg.service_id,
      reason: why,
      failLegId: legId,
      releaseLater: true,
    });
    if (outcome === null) {
      await trx
        .updateTable('legs')
        .set({ status: 'failed', reason: why, updated_at: deps.clock.now() })
        .where('id', '=', legId)
        .execute();
      await refreshShipment(deps, trx, shipmentId);
    } else if (deps.queue) {
      // Books the new plan and releases the superseded bookings (also when the order failed).
      await deps.queue.enqueue(
        trx,
        'book-order',
        { orderId, tenantId: leg.tenant_id },
        { singletonKey: orderId },
      );
    }
    return partnerLegResource(
      (await partnerLegs(trx, partnerId)
        .where('legs.id', '=', legId)
        .executeTakeFirstOrThrow()) as PartnerLegRow,
    );
  });
}

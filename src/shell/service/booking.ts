import { type LegStatus, shipmentStatus } from '../../core/orders/index.ts';
import { type Order, planOrder, type Plan } from '../../core/planning/index.ts';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AppDeps } from '../http/context.ts';
import type { AdapterRegistry } from '../partners/adapter.ts';
import { recordEvent, storedPlan } from './orders.ts';

/** A refused booking is re-planned at most this many times before the order fails. */
export const MAX_REPLANS = 3;

type StoredPlan = ReturnType<typeof storedPlan>;

async function createShipment(
  deps: AppDeps,
  trx: Transaction<DB>,
  orderId: string,
  tenantId: string,
  plan: Plan,
): Promise<string> {
  const shipmentId = deps.ids.next('shp');
  const now = deps.clock.now();
  await trx
    .insertInto('shipments')
    .values({
      id: shipmentId,
      tenant_id: tenantId,
      order_id: orderId,
      status: 'planned',
      cost_amount: plan.cost.amount,
      cost_currency: plan.cost.currency,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await trx
    .insertInto('legs')
    .values(
      plan.legs.map((l, seq) => ({
        id: deps.ids.next('leg'),
        shipment_id: shipmentId,
        tenant_id: tenantId,
        seq,
        activity: l.activity,
        partner_id: l.partnerId,
        service_id: l.serviceId,
        from_place: l.from,
        to_place: l.to,
        status: 'planned' as const,
        cost_amount: l.cost.amount,
        cost_currency: l.cost.currency,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  return shipmentId;
}

async function refreshShipment(
  deps: AppDeps,
  trx: Transaction<DB>,
  shipmentId: string,
): Promise<string> {
  const legs = await trx
    .selectFrom('legs')
    .select('status')
    .where('shipment_id', '=', shipmentId)
    .execute();
  const status = shipmentStatus(legs.map((l) => l.status as LegStatus));
  await trx
    .updateTable('shipments')
    .set({ status, updated_at: deps.clock.now() })
    .where('id', '=', shipmentId)
    .execute();
  return status;
}

/**
 * The booking job: turns an order's plan into a shipment with one leg per activity and books each
 * leg with its partner. Safe to run again after a crash at any point: it continues the open
 * shipment, and adapters book idempotently per leg. If a partner refuses, the legs already booked
 * are cancelled (compensation), the order is re-planned without the refusing service, and the
 * seller is told why; after MAX_REPLANS refusals the order fails.
 */
export async function bookOrder(
  deps: AppDeps,
  adapters: AdapterRegistry,
  orderId: string,
): Promise<void> {
  const db = deps.store.db;
  for (let round = 0; round <= MAX_REPLANS; round++) {
    const prepared = await db.transaction().execute(async (trx) => {
      const order = await trx
        .selectFrom('orders')
        .selectAll()
        .where('id', '=', orderId)
        .forUpdate()
        .executeTakeFirst();
      if (!order || (order.status !== 'planned' && order.status !== 'booking')) return null;
      let shipment = await trx
        .selectFrom('shipments')
        .select(['id'])
        .where('order_id', '=', orderId)
        .where('status', '!=', 'cancelled')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (!shipment) {
        const plan = (order.plan as unknown as StoredPlan).plan as Plan;
        shipment = { id: await createShipment(deps, trx, orderId, order.tenant_id, plan) };
        await trx
          .updateTable('orders')
          .set({ status: 'booking', updated_at: deps.clock.now() })
          .where('id', '=', orderId)
          .execute();
      }
      return { order, shipmentId: shipment.id };
    });
    if (!prepared) return;
    const { order, shipmentId } = prepared;
    const request = order.request as unknown as Order;
    const legs = await db
      .selectFrom('legs')
      .selectAll()
      .where('shipment_id', '=', shipmentId)
      .orderBy('seq')
      .execute();
    let refusal: { serviceId: string; reason: string } | null = null;
    for (const leg of legs) {
      if (leg.status !== 'planned') continue;
      const adapter = adapters(leg.partner_id);
      const result = await adapter.book({
        legId: leg.id,
        shipmentId,
        partnerId: leg.partner_id,
        serviceId: leg.service_id,
        activity: leg.activity,
        from: leg.from_place,
        to: leg.to_place,
        parcels: request.parcels.map((p) => ({ weightG: p.weightG, dims: p.dims })),
      });
      if (!result.ok) {
        if (!result.refused)
          throw new Error(`booking ${leg.id} with ${leg.partner_id} failed: ${result.reason}`);
        refusal = { serviceId: leg.service_id, reason: result.reason };
        break;
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('legs')
          .set({ status: 'booked', partner_ref: result.partnerRef, updated_at: deps.clock.now() })
          .where('id', '=', leg.id)
          .where('status', '=', 'planned')
          .execute();
        await refreshShipment(deps, trx, shipmentId);
      });
    }
    if (!refusal) {
      await db.transaction().execute(async (trx) => {
        const status = await refreshShipment(deps, trx, shipmentId);
        if (status !== 'booked') return;
        await trx
          .updateTable('orders')
          .set({ status: 'booked', updated_at: deps.clock.now() })
          .where('id', '=', orderId)
          .execute();
        await recordEvent(deps, trx, order.tenant_id, 'order.booked', orderId, {
          orderId,
          shipmentId,
        });
      });
      return;
    }
    // Compensation: release what was booked, then plan again without the refusing service.
    const booked = await db
      .selectFrom('legs')
      .select(['id', 'partner_id', 'partner_ref'])
      .where('shipment_id', '=', shipmentId)
      .where('status', '=', 'booked')
      .execute();
    for (const leg of booked) await adapters(leg.partner_id).cancel(leg.id, leg.partner_ref ?? '');
    const excluded = new Set<string>([
      ...((order.plan as unknown as { excluded?: string[] }).excluded ?? []),
      refusal.serviceId,
    ]);
    const replanned = planOrder(request, {
      index: deps.planning.index,
      policy: deps.planning.policy,
      stock: deps.planning.stock,
      excludedServices: excluded,
    });
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('legs')
        .set({ status: 'cancelled', reason: refusal.reason, updated_at: deps.clock.now() })
        .where('shipment_id', '=', shipmentId)
        .where('status', 'in', ['planned', 'booked'])
        .execute();
      await refreshShipment(deps, trx, shipmentId);
      const feasible = replanned.plan !== null && round < MAX_REPLANS;
      await trx
        .updateTable('orders')
        .set({
          status: feasible ? 'planned' : 'failed',
          plan: JSON.stringify({ ...storedPlan(replanned), excluded: [...excluded] }),
          price_amount: replanned.quote?.price.amount ?? null,
          price_currency: replanned.quote?.price.currency ?? null,
          reason: feasible
            ? `re-planned: ${refusal.reason}`
            : `booking failed: ${refusal.reason}; ${replanned.reasons.join('; ') || 'no further re-planning'}`,
          updated_at: deps.clock.now(),
        })
        .where('id', '=', orderId)
        .execute();
      await recordEvent(
        deps,
        trx,
        order.tenant_id,
        feasible ? 'order.replanned' : 'order.failed',
        orderId,
        { orderId, reason: refusal.reason },
      );
    });
    if (replanned.plan === null) return;
  }
}

import { plannedDocumentLegs } from '../../core/documents/index.ts';
import { type LegStatus, shipmentStatus } from '../../core/orders/index.ts';
import { type Order, planOrder, type Plan } from '../../core/planning/index.ts';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AppDeps } from '../http/context.ts';
import type { AdapterRegistry } from '../partners/adapter.ts';
import { planningContext, recordEvent, storedPlan, withSellerRegistrations } from './orders.ts';
import { createParcels } from './parcels.ts';
import { prepareExportDeclaration } from './export-declarations.ts';
import { registerShipmentIdentifiers } from './tracking-identifiers.ts';

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
        departs_at: l.departure?.departs ?? null,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  return shipmentId;
}

/** Stores a shipment's status as derived from its legs; returns it. */
export async function refreshShipment(
  deps: AppDeps,
  trx: Transaction<DB>,
  shipmentId: string,
): Promise<string> {
  // Locked first, the legs are then read as the last writer left them: no stale status overwrites a newer one.
  await trx.selectFrom('shipments').select('id').where('id', '=', shipmentId).forUpdate().execute();
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

/** Shipments still being booked (or just booked): the ones a re-plan supersedes and bookOrder continues. */
const OPEN_SHIPMENT = ['planned', 'booking', 'booked'];
/** Orders whose chain may still be re-planned. */
const REPLANNABLE_ORDER = ['planned', 'booking', 'booked'];

export interface Refusal {
  readonly orderId: string;
  readonly shipmentId: string;
  readonly serviceId: string;
  readonly reason: string;
  /** A partner refused this leg after its booking: it is marked failed (the others cancelled). */
  readonly failLegId?: string | undefined;
  /** Legs booked with their partner are left for the next book-order run to release (release_pending). */
  readonly releaseLater?: boolean | undefined;
}

/**
 * Re-plans an order after a refusal, in the caller's transaction: the shipment's planned and
 * booked legs are cancelled (compensation), the order is planned again without the refusing
 * service (and every service refused before), and the seller is told why by an event. After
 * MAX_REPLANS refused services, or when no chain is left, the order fails. Returns null (and
 * changes nothing) when the order or the shipment has moved on meanwhile.
 */
export async function replanAfterRefusal(
  deps: AppDeps,
  trx: Transaction<DB>,
  refusal: Refusal,
): Promise<{ readonly feasible: boolean } | null> {
  const { orderId, shipmentId, reason } = refusal;
  const order = await trx
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
  if (!order || !REPLANNABLE_ORDER.includes(order.status)) return null;
  const shipment = await trx
    .selectFrom('shipments')
    .select('status')
    .where('id', '=', shipmentId)
    .where('order_id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
  if (!shipment || !OPEN_SHIPMENT.includes(shipment.status)) return null;
  const now = deps.clock.now();
  if (refusal.failLegId) {
    await trx
      .updateTable('legs')
      .set({ status: 'failed', reason, updated_at: now })
      .where('id', '=', refusal.failLegId)
      .execute();
  }
  if (refusal.releaseLater) {
    await trx
      .updateTable('legs')
      .set({ release_pending: true })
      .where('shipment_id', '=', shipmentId)
      .where('status', '=', 'booked')
      .execute();
  }
  await trx
    .updateTable('legs')
    .set({ status: 'cancelled', reason, updated_at: now })
    .where('shipment_id', '=', shipmentId)
    .where('status', 'in', ['planned', 'booked'])
    .execute();
  const shipmentNow = await refreshShipment(deps, trx, shipmentId);
  await recordEvent(deps, trx, order.tenant_id, `shipment.${shipmentNow}`, shipmentId, {
    orderId,
    shipmentId,
    reason,
  });
  const request = order.request as unknown as Order;
  const excluded = new Set<string>([
    ...((order.plan as unknown as { excluded?: string[] } | null)?.excluded ?? []),
    refusal.serviceId,
  ]);
  const replanned = planOrder(await withSellerRegistrations(trx, order.tenant_id, request), {
    ...planningContext(deps),
    excludedServices: excluded,
  });
  const feasible = replanned.plan !== null && excluded.size <= MAX_REPLANS;
  await trx
    .updateTable('orders')
    .set({
      status: feasible ? 'planned' : 'failed',
      plan: JSON.stringify({ ...storedPlan(replanned), excluded: [...excluded] }),
      price_amount: replanned.quote?.price.amount ?? null,
      price_currency: replanned.quote?.price.currency ?? null,
      reason: feasible
        ? `re-planned: ${reason}`
        : `booking failed: ${reason}; ${replanned.reasons.join('; ') || 'no further re-planning'}`,
      updated_at: now,
    })
    .where('id', '=', orderId)
    .execute();
  await recordEvent(
    deps,
    trx,
    order.tenant_id,
    feasible ? 'order.replanned' : 'order.failed',
    orderId,
    {
      orderId,
      reason,
    },
  );
  return { feasible };
}

/**
 * Every booking transaction locks the order first (then the shipment, then legs): one lock order,
 * so overlapping runs of the job neither deadlock nor write from a stale read.
 */
async function lockOrder(trx: Transaction<DB>, orderId: string): Promise<void> {
  await trx.selectFrom('orders').select('id').where('id', '=', orderId).forUpdate().execute();
}

/** Cancels with their partners the legs a re-plan superseded while they were booked. */
async function releaseSuperseded(
  deps: AppDeps,
  adapters: AdapterRegistry,
  orderId: string,
): Promise<void> {
  const pending = await deps.store.db
    .selectFrom('legs')
    .innerJoin('shipments', 'shipments.id', 'legs.shipment_id')
    .select(['legs.id', 'legs.partner_id', 'legs.partner_ref'])
    .where('shipments.order_id', '=', orderId)
    .where('legs.release_pending', '=', true)
    .execute();
  for (const leg of pending) {
    await adapters(leg.partner_id).cancel(leg.id, leg.partner_ref ?? '');
    await deps.store.db
      .updateTable('legs')
      .set({ release_pending: false })
      .where('id', '=', leg.id)
      .execute();
  }
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
  await releaseSuperseded(deps, adapters, orderId);
  for (let round = 0; round <= MAX_REPLANS; round++) {
    // Run once a transaction below has committed (tracking then knows the parcels' numbers).
    const committed: (() => void)[] = [];
    const afterCommit = (fn: () => void) => committed.push(fn);
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
        .where('status', 'in', OPEN_SHIPMENT)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (!shipment) {
        const plan = (order.plan as unknown as StoredPlan).plan as Plan;
        shipment = { id: await createShipment(deps, trx, orderId, order.tenant_id, plan) };
        await createParcels(deps, trx, {
          shipmentId: shipment.id,
          tenantId: order.tenant_id,
          order: order.request as unknown as Order,
          legs: plannedDocumentLegs(plan.legs, deps.planning.network),
        });
        // Tracking: the parcels' numbers find them from now on (and events sent early join them).
        await registerShipmentIdentifiers(deps, trx, [shipment.id], { afterCommit });
        await trx
          .updateTable('orders')
          .set({ status: 'booking', updated_at: deps.clock.now() })
          .where('id', '=', orderId)
          .execute();
      }
      return { order, shipmentId: shipment.id };
    });
    for (const fn of committed.splice(0)) fn();
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
      const superseded = await db.transaction().execute(async (trx) => {
        await lockOrder(trx, orderId);
        const updated = await trx
          .updateTable('legs')
          .set({ status: 'booked', partner_ref: result.partnerRef, updated_at: deps.clock.now() })
          .where('id', '=', leg.id)
          .where('status', '=', 'planned')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) {
          // The leg changed meanwhile: its partner acknowledged it (keep the reference), or a
          // partner refused a leg of this shipment and the order was re-planned (release it).
          const current = await trx
            .selectFrom('legs')
            .select('status')
            .where('id', '=', leg.id)
            .executeTakeFirstOrThrow();
          if (current.status !== 'booked') return true;
          await trx
            .updateTable('legs')
            .set({ partner_ref: result.partnerRef })
            .where('id', '=', leg.id)
            .where('partner_ref', 'is', null)
            .execute();
        }
        await refreshShipment(deps, trx, shipmentId);
        // Tracking: the partner's reference for the leg finds the parcel.
        await registerShipmentIdentifiers(deps, trx, [shipmentId], {
          legsOnly: true,
          afterCommit,
        });
        return false;
      });
      for (const fn of committed.splice(0)) fn();
      if (superseded) {
        // Whoever re-planned enqueued the booking of the new plan.
        await adapter.cancel(leg.id, result.partnerRef);
        return;
      }
    }
    if (!refusal) {
      await db.transaction().execute(async (trx) => {
        await lockOrder(trx, orderId);
        const status = await refreshShipment(deps, trx, shipmentId);
        if (status !== 'booked') return;
        const updated = await trx
          .updateTable('orders')
          .set({ status: 'booked', updated_at: deps.clock.now() })
          .where('id', '=', orderId)
          .where('status', '=', 'booking')
          .executeTakeFirst();
        // Another run of this job (a retry overlapping a slow first run) got here first.
        if (Number(updated.numUpdatedRows) === 0) return;
        await recordEvent(deps, trx, order.tenant_id, 'order.booked', orderId, {
          orderId,
          shipmentId,
        });
        await recordEvent(deps, trx, order.tenant_id, 'shipment.booked', shipmentId, {
          orderId,
          shipmentId,
        });
        // Pre-clearance: China's export data set is filed before the goods leave.
        await prepareExportDeclaration(deps, trx, { orderId, shipmentId });
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
    const outcome = await db.transaction().execute((trx) =>
      replanAfterRefusal(deps, trx, {
        orderId,
        shipmentId,
        serviceId: refusal.serviceId,
        reason: refusal.reason,
      }),
    );
    if (!outcome?.feasible) return;
  }
}

import type { Kysely, Transaction } from 'kysely';
import {
  type Order,
  type OrderPlan,
  orderFromJson,
  type PlanContext,
  planOrder,
  type Plan,
  TIERS,
  type Tier,
} from '../../core/planning/index.ts';
import type { Incoterm } from '../../core/network/index.ts';
import type { DB, OrdersTable } from '../db/schema.ts';
import type { AppDeps } from '../http/context.ts';
import { HttpProblem } from '../http/problem.ts';
import { createWebhookDeliveries } from '../webhooks/deliveries.ts';
import { getSellerProfile } from './seller-profile.ts';

export interface OrderInput {
  readonly body: unknown;
  readonly tenantId: string;
  readonly batchId?: string | undefined;
}

/** Validates an order body (the planner's JSON order model) into an Order, or a 400 problem naming each field. */
/** What the planner needs from the service's dependencies (one place, so every caller plans alike). */
export function planningContext(deps: AppDeps): PlanContext {
  return {
    index: deps.planning.index,
    policy: deps.planning.policy,
    stock: deps.planning.stock,
    customs: deps.planning.customs,
  };
}

/** The order with the seller's tax registrations (IOSS, UK VAT, ARN, …) from its profile, if it has one. */
export async function withSellerRegistrations(
  db: Kysely<DB>,
  tenantId: string,
  order: Order,
): Promise<Order> {
  if (order.registrations) return order;
  const profile = await getSellerProfile(db, tenantId);
  return profile ? { ...order, registrations: profile.profile.registrations } : order;
}

export function parseOrder(deps: AppDeps, body: unknown, line = 1): Order {
  const result = orderFromJson(body, line, deps.planning.network, {
    tier: 'standard',
    orderedAtMs: deps.clock.now().getTime(),
    incoterm: 'DDP' as Incoterm,
  });
  if (!result.ok) {
    throw new HttpProblem(
      400,
      'Invalid order',
      'the order has errors; nothing was stored',
      result.issues.map((i) => ({ field: i.field ?? '(order)', message: i.message })),
    );
  }
  return result.order;
}

function planSummary(p: Plan | null) {
  if (!p) return null;
  return {
    kind: p.kind,
    cost: p.cost,
    days: p.days,
    onTimeProbability: p.onTimeProbability,
    lossProbability: p.lossProbability,
    trackingVisibility: p.trackingVisibility,
    legs: p.legs.map((l) => ({
      activity: l.activity,
      partnerId: l.partnerId,
      serviceId: l.serviceId,
      from: l.from,
      to: l.to,
      cost: l.cost,
      days: l.days,
    })),
  };
}

/** The plan as stored with the order: enough to book it and to show it. */
export function storedPlan(r: OrderPlan) {
  return {
    tier: r.tier,
    requirement: r.requirement,
    plan: r.plan,
    baselines: Object.fromEntries(
      Object.entries(r.baselines).map(([k, b]) => [
        k,
        'legs' in b
          ? { feasible: true, cost: b.cost, days: b.days, onTimeProbability: b.onTimeProbability }
          : b,
      ]),
    ),
    savings: r.savings,
    returnPlan:
      'legs' in r.returnPlan
        ? { feasible: true, cost: r.returnPlan.cost, days: r.returnPlan.days, to: r.returnPlan.to }
        : r.returnPlan,
    quote: r.quote,
    reasons: r.reasons,
  };
}

export type OrderRow = Pick<OrdersTable, 'id' | 'external_id' | 'status' | 'tier' | 'reason'> & {
  plan: unknown;
  price_amount: string | number | null;
  price_currency: string | null;
  created_at: Date;
  updated_at: Date;
  batch_id: string | null;
};

export function orderResource(row: OrderRow) {
  const stored = row.plan as ReturnType<typeof storedPlan> | null;
  return {
    id: row.id,
    externalId: row.external_id,
    status: row.status,
    tier: row.tier,
    batchId: row.batch_id,
    price:
      row.price_amount === null
        ? null
        : { amount: Number(row.price_amount), currency: row.price_currency ?? '' },
    plan: stored ? planSummary(stored.plan as Plan | null) : null,
    baselines: stored?.baselines ?? null,
    savings: stored?.savings ?? null,
    returnPlan: stored?.returnPlan ?? null,
    quote: stored?.quote ?? null,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Plans an order and stores it in the caller's transaction; a feasible order gets its booking
 * job enqueued in the same transaction. A second order with the same external id for the
 * tenant is a 409 (the seller's id is unique per seller).
 */
export async function createOrder(
  deps: AppDeps,
  trx: Transaction<DB>,
  tenantId: string,
  order: Order,
  batchId: string | null = null,
  options: {
    /** The order's plan, when the caller made it outside the transaction (bulk batches do). */
    readonly planned?: OrderPlan | undefined;
    /** Collects the booking job instead of enqueuing it: the caller enqueues them all at once, in this transaction. */
    readonly bookingJobs?: { orderId: string; tenantId: string }[] | undefined;
  } = {},
) {
  const existing = await trx
    .selectFrom('orders')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('external_id', '=', order.id)
    .executeTakeFirst();
  if (existing)
    throw new HttpProblem(409, 'Conflict', `order "${order.id}" already exists as ${existing.id}`);
  const planned =
    options.planned ??
    planOrder(await withSellerRegistrations(trx, tenantId, order), planningContext(deps));
  const id = deps.ids.next('ord');
  const feasible = planned.plan !== null;
  const now = deps.clock.now();
  await trx
    .insertInto('orders')
    .values({
      id,
      tenant_id: tenantId,
      external_id: order.id,
      batch_id: batchId,
      status: feasible ? 'planned' : 'infeasible',
      tier: planned.tier,
      request: JSON.stringify(order),
      plan: JSON.stringify(storedPlan(planned)),
      price_amount: planned.quote?.price.amount ?? null,
      price_currency: planned.quote?.price.currency ?? null,
      reason: feasible ? null : planned.reasons.join('; '),
      created_at: now,
      updated_at: now,
    })
    .execute();
  await recordEvent(deps, trx, tenantId, feasible ? 'order.planned' : 'order.infeasible', id, {
    orderId: id,
    externalId: order.id,
  });
  if (feasible && options.bookingJobs) options.bookingJobs.push({ orderId: id, tenantId });
  else if (feasible && deps.queue)
    await deps.queue.enqueue(trx, 'book-order', { orderId: id, tenantId }, { singletonKey: id });
  return trx.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function recordEvent(
  deps: AppDeps,
  trx: Transaction<DB>,
  tenantId: string,
  type: string,
  subjectId: string,
  payload: object,
): Promise<string> {
  const id = deps.ids.next('evt');
  await trx
    .insertInto('events')
    .values({
      id,
      tenant_id: tenantId,
      type,
      subject_id: subjectId,
      payload: JSON.stringify(payload),
      created_at: deps.clock.now(),
    })
    .execute();
  // Each of the tenant's webhook endpoints gets a pending delivery and its job, in this transaction.
  await createWebhookDeliveries(deps, trx, { id, tenantId, type });
  return id;
}

/** A quote per tier for an order body: price, plan summary, days, probability, baselines, return cost; valid for 30 minutes. */
export function quoteOrder(deps: AppDeps, order: Order) {
  const tiers: Record<string, unknown> = {};
  for (const tier of TIERS as readonly Tier[]) {
    const r = planOrder(
      {
        ...order,
        requirement:
          order.requirement.kind === 'within'
            ? { ...order.requirement, tier }
            : { kind: 'tier', tier },
      },
      planningContext(deps),
    );
    const stored = storedPlan(r);
    tiers[tier] = {
      feasible: r.feasible,
      price: r.quote?.price ?? null,
      margin: r.quote?.margin ?? null,
      dutiesAndTaxes: r.quote?.dutiesAndTaxes ?? null,
      requirement: r.requirement,
      plan: planSummary(r.plan),
      baselines: stored.baselines,
      returnCost: stored.returnPlan && 'cost' in stored.returnPlan ? stored.returnPlan.cost : null,
      reasons: r.reasons,
    };
  }
  const validUntil = new Date(deps.clock.now().getTime() + 30 * 60_000);
  return { tiers, validUntil: validUntil.toISOString() };
}

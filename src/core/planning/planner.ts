import { durationQuantile, type Mode } from '../network/index.ts';
import {
  type CurrencyCode,
  type Money,
  mul,
  roundHalfUp,
  localToInstant,
  toLocal,
  compare,
} from '../shared/index.ts';
import { DAY_MS, type Dist, maxDist, mean, pointDist, quantile } from './distribution.ts';
import type { PlanningIndex } from './network-index.ts';
import { OrderRater } from './order-rating.ts';
import {
  BORDER_NOT_ESTIMATED,
  borderChannelOf,
  type BorderContext,
  checkGoods,
  OrderBorder,
  type PlanBorder,
} from './border.ts';
import { nextDeparture } from './schedule.ts';
import { MinHeap } from './heap.ts';
import {
  type Chain,
  type ChainLeg,
  chainBefore,
  searchChains,
  type SearchInput,
  type StartNode,
} from './search.ts';
import { BUYER, DELIVERED, STOCK_STAGE, type Step } from './stages.ts';
import { advance, ANY_SLOT, type SlotFilter } from './timing.ts';
import type {
  BaselineName,
  CapacityUse,
  DaysSummary,
  Infeasible,
  LegExplanation,
  Order,
  OrderParcel,
  OrderPlan,
  Plan,
  PlannedLeg,
  PlanningPolicy,
  Rejection,
  ReturnPlan,
  Saving,
  StockTable,
  Tier,
} from './types.ts';

export interface PlanContext {
  readonly index: PlanningIndex;
  readonly policy: PlanningPolicy;
  readonly stock?: StockTable | undefined;
  readonly capacity?: CapacityUse | undefined;
  /** Services not to use, e.g. after their partner refused a booking (re-planning). */
  readonly excludedServices?: ReadonlySet<string> | undefined;
  /** Dated customs rules: chains are then compared on logistics plus duties, taxes and fees. */
  readonly customs?: BorderContext | undefined;
}

const BASELINE_SERVICE_MODES: Record<BaselineName, readonly Mode[]> = {
  postal: ['postal'],
  express: ['express'],
  dedicatedLine: ['dedicated-line'],
  overseasWarehouse: ['overseas-warehouse', 'border-warehouse'],
};

const round1 = (x: number) => Math.round(x * 10) / 10;
const daysOf = (ms: number) => round1(ms / DAY_MS);

const deadlineCache = new Map<string, number>();

/** "Within N days" ends at midnight after the Nth calendar day from the order, in the buyer's time zone. */
export function deadlineFor(orderedAtMs: number, withinDays: number, timeZone: string): number {
  const key = `${orderedAtMs}|${withinDays}|${timeZone}`;
  const hit = deadlineCache.get(key);
  if (hit !== undefined) return hit;
  const local = toLocal(orderedAtMs, timeZone);
  const deadline = localToInstant(
    local.year,
    local.month,
    local.day + Math.ceil(withinDays) + 1,
    0,
    timeZone,
  );
  if (deadlineCache.size >= 4096) deadlineCache.clear();
  deadlineCache.set(key, deadline);
  return deadline;
}

function requirementOf(
  order: Order,
  policy: PlanningPolicy,
): { tier: Tier; withinDays: number; confidence: number } {
  const r = order.requirement;
  if (r.kind === 'within')
    return { tier: r.tier, withinDays: r.days, confidence: policy.withinConfidence };
  const t = policy.tiers[r.tier];
  return { tier: r.tier, withinDays: t.withinDays, confidence: t.confidence };
}

function slotFilter(ctx: PlanContext, parcels: readonly OrderParcel[]): SlotFilter {
  const kg = parcels.reduce((s, p) => s + p.weightG, 0) / 1000;
  const count = parcels.length;
  return (serviceId, slot) => {
    if (slot.capacityKg !== null) {
      const used = ctx.capacity?.usedKg(serviceId, slot.departsMs) ?? 0;
      if (used + kg > slot.capacityKg) return false;
    }
    if (slot.capacityParcels !== null) {
      const used = ctx.capacity?.usedParcels(serviceId, slot.departsMs) ?? 0;
      if (used + count > slot.capacityParcels) return false;
    }
    return true;
  };
}

function summarize(d: Dist, fromMs: number): DaysSummary {
  return { p50: daysOf(quantile(d, 0.5) - fromMs), p90: daysOf(quantile(d, 0.9) - fromMs) };
}

function endpointLabel(id: string, order: Order): string {
  return id === BUYER
    ? `buyer:${order.buyer.country}${order.buyer.postcode ? ':' + order.buyer.postcode : ''}`
    : id;
}

function plannedLeg(
  leg: ChainLeg,
  order: Order,
  currency: CurrencyCode,
  accepts: SlotFilter,
): PlannedLeg {
  const s = leg.step.service;
  let departure: PlannedLeg['departure'] = null;
  if (s.schedule) {
    // The departure the timing took: one with room for the goods.
    const slot = nextDeparture(s.schedule, quantile(leg.ready, 0.5), (d) => accepts(s.id, d));
    if (slot) {
      departure = {
        cutoff: new Date(slot.cutoffMs).toISOString(),
        departs: new Date(slot.departsMs).toISOString(),
        timezone: s.schedule.timezone,
      };
    }
  }
  return {
    activity: s.mode ?? s.activities.join('+'),
    activities: s.activities,
    partnerId: s.partnerId,
    serviceId: s.id,
    from: endpointLabel(leg.step.from, order),
    to: endpointLabel(leg.step.to, order),
    cost: { amount: leg.cost, currency },
    days: {
      p50: Math.max(0, daysOf(quantile(leg.arrival, 0.5) - quantile(leg.ready, 0.5))),
      p90: Math.max(0, daysOf(quantile(leg.arrival, 0.9) - quantile(leg.ready, 0.9))),
    },
    tracking: s.tracking,
    departure,
  };
}

function chainKind(legs: readonly ChainLeg[]): Plan['kind'] {
  const partners = new Set(legs.map((l) => l.step.service.partnerId));
  const modes = legs.map((l) => l.step.service.mode).filter((m): m is Mode => m !== null);
  return partners.size === 1 && modes.length > 0 ? modes[0]! : 'value-chain';
}

/**
 * The border of a chain at its own import date (goods ready for import clearance at their median
 * time; stock abroad was imported before the order) with its logistics cost as the freight value.
 */
function chainBorder(
  chain: Chain,
  order: Order,
  border: OrderBorder | undefined,
  logistics: number,
): PlanBorder {
  if (!border) return BORDER_NOT_ESTIMATED;
  for (const leg of chain.legs) {
    const channel = borderChannelOf(border.network, leg.step.service);
    if (!channel) continue;
    const importAt = channel === 'freight' ? order.orderedAtMs : quantile(leg.ready, 0.5);
    return border.estimate(channel, importAt, logistics);
  }
  return BORDER_NOT_ESTIMATED;
}

export function planOf(
  chain: Chain,
  order: Order,
  currency: CurrencyCode,
  deadlineMs: number,
  acceptsFor: (leg: ChainLeg) => SlotFilter = () => ANY_SLOT,
  border?: OrderBorder,
): Plan {
  const legs = chain.legs.map((l) => plannedLeg(l, order, currency, acceptsFor(l)));
  const logistics = legs.reduce((s, l) => s + l.cost.amount, 0);
  const planBorder = chainBorder(chain, order, border, logistics);
  const start = order.orderedAtMs;
  const total = mean(chain.arrival) - start;
  let tracked = 0;
  for (const l of chain.legs)
    if (l.step.service.tracking === 'full') tracked += mean(l.arrival) - mean(l.ready);
  return {
    legs,
    cost: { amount: logistics, currency },
    border: planBorder,
    totalCost: {
      amount: logistics + (planBorder.status === 'estimated' ? planBorder.total.amount : 0),
      currency,
    },
    days: summarize(chain.arrival, start),
    onTimeProbability: Math.round(chain.onTime * 1e4) / 1e4,
    lossProbability: Math.round((1 - chain.survival) * 1e6) / 1e6,
    trackingVisibility: total > 0 ? Math.round(Math.min(1, tracked / total) * 1e3) / 1e3 : 1,
    deadline: new Date(deadlineMs).toISOString(),
    kind: chainKind(chain.legs),
    startsFrom: chain.legs[0]?.step.service.activities.includes('warehouse-fulfilment')
      ? 'warehouse-stock'
      : 'supplier',
  };
}

function groupParcels(order: Order): Map<string, OrderParcel[]> {
  const groups = new Map<string, OrderParcel[]>();
  for (const p of order.parcels)
    groups.set(p.pickupLocation, [...(groups.get(p.pickupLocation) ?? []), p]);
  return groups;
}

/** Warehouses holding every SKU of the order in the quantities ordered. */
export function warehousesWithStock(order: Order, stock: StockTable | undefined): string[] {
  if (!stock) return [];
  const need = new Map<string, number>();
  for (const p of order.parcels) {
    for (const item of p.items) {
      if (!item.sku) return [];
      need.set(item.sku, (need.get(item.sku) ?? 0) + item.quantity);
    }
  }
  if (need.size === 0) return [];
  return [...stock.entries()]
    .filter(([, skus]) => [...need].every(([sku, qty]) => (skus.get(sku) ?? 0) >= qty))
    .map(([w]) => w)
    .sort();
}

interface Search {
  readonly base: Omit<
    SearchInput,
    'allowService' | 'acceptChain' | 'starts' | 'alternativesBudget' | 'onRejection'
  >;
  readonly starts: readonly StartNode[];
  readonly rejections: Map<string, Rejection>;
  /** The legs that bring one supplier's parcels to the hub where an order's suppliers meet. */
  readonly inbound: Map<ChainLeg, InboundLeg>;
  readonly border: OrderBorder | undefined;
}

/** An inbound leg carries only its group's parcels: they price it, and only they take room on its departures. */
interface InboundLeg {
  readonly fromStage: number;
  readonly parcels: readonly OrderParcel[];
  readonly groupKey: string;
  readonly accepts: SlotFilter;
}

/** The departure filter of a leg: its group's for an inbound leg, else the whole order's. */
const acceptsFor =
  (search: Search) =>
  (leg: ChainLeg): SlotFilter =>
    search.inbound.get(leg)?.accepts ?? search.base.accepts;

/**
 * The order's search set-up: one group of parcels from one pickup point starts there; parcels from
 * several suppliers meet at a hub, each group taking its cheapest and its fastest way there.
 */
function prepare(order: Order, ctx: PlanContext, deadlineMs: number, confidence: number): Search {
  const network = ctx.index.network;
  const border = ctx.customs ? new OrderBorder(order, ctx.customs, network) : undefined;
  const rater = new OrderRater(network, order.orderedAtMs, order.buyer.postcode, border);
  const rejections = new Map<string, Rejection>();
  const onRejection = (_stage: number, _at: string, step: Step, r: Omit<Rejection, 'activity'>) => {
    const key = `${r.serviceId}|${r.rule}`;
    if (!rejections.has(key))
      rejections.set(key, { ...r, activity: step.service.activities.join('+') });
  };
  const kg = order.parcels.reduce((sum, p) => sum + p.weightG, 0) / 1000;
  // Goods that no departure can refuse: their timing is shared with every other such order.
  const neverFull =
    !ctx.capacity &&
    kg <= ctx.index.minCapacityKg &&
    order.parcels.length <= ctx.index.minCapacityParcels;
  const base = {
    index: ctx.index,
    buyer: order.buyer,
    parcels: order.parcels,
    groupKey: 'all',
    rater,
    deadlineMs,
    confidence,
    accepts: neverFull ? ANY_SLOT : slotFilter(ctx, order.parcels),
    excludedServices: ctx.excludedServices,
  };
  const ready = neverFull ? ctx.index.sharedStart(order.orderedAtMs) : pointDist(order.orderedAtMs);
  const groups = groupParcels(order);
  const toGo = costToGo(ctx.index, order, rater);
  const starts: StartNode[] = [];
  const inbound = new Map<ChainLeg, InboundLeg>();
  if (groups.size === 1) {
    starts.push({ at: order.parcels[0]!.pickupLocation, stage: 0, cost: 0, ready, legs: [] });
  } else {
    starts.push(...mergeStarts(order, groups, base, ctx, inbound));
  }
  for (const w of warehousesWithStock(order, ctx.stock))
    starts.push({ at: w, stage: STOCK_STAGE, cost: 0, ready, legs: [] });
  return {
    base: {
      ...base,
      onRejection,
      costToGo: (stateKey: string) => toGo.get(stateKey) ?? Infinity,
    } as Search['base'],
    starts,
    rejections,
    inbound,
    border,
  };
}

/**
 * The exact cheapest cost from every state to the buyer for this order's parcels, time ignored: a
 * backward Dijkstra over the steps that lead to the buyer's country, each priced once per order.
 * Delivery-zone postcodes are not checked here, so the bound may be lower than the truth, never higher.
 */
function costToGo(index: PlanningIndex, order: Order, rater: OrderRater): Map<string, number> {
  const country = order.buyer.country;
  const done = new Map<string, number>();
  const heap = new MinHeap<{ state: string; cost: number }>((a, b) => a.cost < b.cost);
  heap.push({ state: `${BUYER}|${DELIVERED}`, cost: 0 });
  while (heap.size > 0) {
    const { state, cost } = heap.pop()!;
    if (done.has(state)) continue;
    done.set(state, cost);
    for (const e of index.edgesInto(country, state)) {
      if (done.has(e.from)) continue;
      const rating = rater.rate(e.step, order.parcels, 'all');
      if (rating.ok) heap.push({ state: e.from, cost: cost + rating.cost + rating.border });
    }
  }
  return done;
}

function mergeStarts(
  order: Order,
  groups: Map<string, OrderParcel[]>,
  base: Omit<Search['base'], 'onRejection'>,
  ctx: PlanContext,
  inbound: Map<ChainLeg, InboundLeg>,
): StartNode[] {
  // For each group: every way to reach stage 1 (picked up, at a hub), as chains of its own.
  const byHub = new Map<string, ChainLeg[][][]>();
  let g = 0;
  for (const [pickup, parcels] of groups) {
    // A group's legs take room on departures for its own parcels only.
    const accepts = base.accepts === ANY_SLOT ? ANY_SLOT : slotFilter(ctx, parcels);
    const options = inboundOptions({ ...base, accepts }, pickup, parcels, order, inbound);
    for (const [hub, chains] of options) {
      const slot = byHub.get(hub) ?? [];
      slot[g] = chains;
      byHub.set(hub, slot);
    }
    g++;
  }
  const starts: StartNode[] = [];
  for (const [hub, perGroup] of byHub) {
    // Every group must reach the hub (perGroup is sparse where one does not: some() would skip the hole).
    if (Array.from({ length: groups.size }, (_, i) => perGroup[i]).some((x) => !x?.length))
      continue;
    let combos: ChainLeg[][] = [[]];
    for (const options of perGroup)
      combos = combos.flatMap((c) => options.map((o) => [...c, ...o]));
    for (const legs of combos) {
      let ready: Dist | null = null;
      for (const l of legs)
        if (l.step.to === hub) ready = ready ? maxDist(ready, l.arrival) : l.arrival;
      if (!ready) continue;
      starts.push({ at: hub, stage: 1, cost: legs.reduce((s, l) => s + l.cost, 0), ready, legs });
    }
  }
  return starts;
}

/** A group's cheapest and fastest single-step or two-step ways to each hub. */
function inboundOptions(
  base: Omit<Search['base'], 'onRejection'>,
  pickup: string,
  parcels: readonly OrderParcel[],
  order: Order,
  inbound: Map<ChainLeg, InboundLeg>,
): Map<string, ChainLeg[][]> {
  const out = new Map<string, { legs: ChainLeg[]; cost: number; p90: number }[]>();
  const ready = pointDist(order.orderedAtMs);
  const walk = (
    at: string,
    stage: number,
    dist: Dist,
    legs: ChainLeg[],
    cost: number,
    depth: number,
  ) => {
    for (const step of base.index.steps(at, stage, base.buyer)) {
      if (step.nextStage > 1 || base.excludedServices?.has(step.service.id)) continue;
      const rating = base.rater.rate(step, parcels, pickup);
      if (!rating.ok) continue;
      const arrival = advanceLeg(step, dist, base.accepts);
      if (!arrival) continue;
      const leg: ChainLeg = { step, cost: rating.cost, ready: dist, arrival };
      inbound.set(leg, { fromStage: stage, parcels, groupKey: pickup, accepts: base.accepts });
      const next = [...legs, leg];
      const loc = base.index.network.locations.get(step.to);
      if (step.nextStage === 1 && loc?.kind === 'hub') {
        const list = out.get(step.to) ?? [];
        list.push({ legs: next, cost: cost + rating.cost, p90: quantile(arrival, 0.9) });
        out.set(step.to, list);
      }
      if (depth < 2 && step.to !== at)
        walk(step.to, step.nextStage, arrival, next, cost + rating.cost, depth + 1);
    }
  };
  walk(pickup, 0, ready, [], 0, 0);
  const result = new Map<string, ChainLeg[][]>();
  for (const [hub, options] of out) {
    const cheapest = [...options].sort((a, b) => a.cost - b.cost || a.p90 - b.p90)[0]!;
    const fastest = [...options].sort((a, b) => a.p90 - b.p90 || a.cost - b.cost)[0]!;
    result.set(hub, cheapest === fastest ? [cheapest.legs] : [cheapest.legs, fastest.legs]);
  }
  return result;
}

function advanceLeg(step: Step, ready: Dist, accepts: SlotFilter): Dist | undefined {
  return advance(step.service, step.lane, ready, accepts);
}

/** Alternatives are told apart when their P90 is at least this much shorter: a tenth of a day, or 15 %. */
const PARETO_MIN_STEP_MS = DAY_MS / 10;
const PARETO_STEP_SHARE = 0.15;
/** Partial chains one alternative's search may expand before the front is left as found so far. */
const PARETO_EFFORT = 30;

/**
 * The Pareto front of cost against P90 among chains meeting the order's promise, sampled: the
 * cheapest chain, then the cheapest whose P90 is at least a step earlier, and so on (each one
 * search with a P90 bound, pruned like the first), up to `limit` chains. Each chain found is on
 * the front: every cheaper chain arrives later.
 */
function paretoAlternatives(
  best: Chain,
  search: Search,
  limit: number,
  orderedAt: number,
): Chain[] {
  const out: Chain[] = [best];
  while (out.length < limit) {
    const last = out[out.length - 1]!;
    const step = Math.max(PARETO_MIN_STEP_MS, (last.p90 - orderedAt) * PARETO_STEP_SHARE);
    const next = searchChains({
      ...search.base,
      starts: search.starts,
      alternativesBudget: 1,
      p90ByMs: last.p90 - step,
      maxExpansions: PARETO_EFFORT,
    });
    if (!next.best) break;
    out.push(next.best);
  }
  return out;
}

function describeRejections(rejections: Iterable<Rejection>, limit = 4): string {
  const list = [...rejections].slice(0, limit).map((r) => `${r.serviceId}: ${r.detail}`);
  return list.length > 0 ? `; rejected: ${list.join('; ')}` : '';
}

/** Why a chain does not do: its probability of meeting the promise, and its P90. */
function tooSlow(chain: Chain, order: Order, confidence: number): string {
  const services = chain.legs.map((l) => l.step.service.id).join(' + ');
  return `the cheapest chain (${services}) arrives on time with P ${chain.onTime.toFixed(2)} < ${confidence} (P90 ${daysOf(chain.p90 - order.orderedAtMs)} d)`;
}

function baseline(
  name: BaselineName,
  order: Order,
  ctx: PlanContext,
  search: Search,
  deadlineMs: number,
  confidence: number,
  currency: CurrencyCode,
): Plan | Infeasible {
  const modes = BASELINE_SERVICE_MODES[name];
  const partners = new Set<string>();
  for (const s of ctx.index.services)
    if (s.mode && modes.includes(s.mode)) partners.add(s.partnerId);
  if (partners.size === 0)
    return {
      feasible: false,
      reason: `no partner in the network sells a ${modes.join(' or ')} service`,
    };
  const rejections = new Map<string, Rejection>();
  const bestOver = (required: number): Chain | null => {
    let best: Chain | null = null;
    for (const partnerId of [...partners].sort()) {
      const result = searchChains({
        ...search.base,
        confidence: required,
        starts: search.starts.filter((s) =>
          s.legs.every((l) => l.step.service.partnerId === partnerId),
        ),
        allowService: (_id, p) => p === partnerId,
        acceptChain: (legs) =>
          legs.some((l) => l.step.service.mode !== null && modes.includes(l.step.service.mode)),
        alternativesBudget: 1,
        onRejection: (_stage, _at, step, r) => {
          if (step.service.mode && modes.includes(step.service.mode))
            rejections.set(`${r.serviceId}|${r.rule}`, {
              ...r,
              activity: step.service.activities.join('+'),
            });
        },
      });
      if (result.best && (!best || chainBefore(result.best, best))) best = result.best;
    }
    return best;
  };
  const best = bestOver(confidence);
  if (best) return planOf(best, order, currency, deadlineMs, acceptsFor(search), search.border);
  if (name === 'overseasWarehouse' && warehousesWithStock(order, ctx.stock).length === 0) {
    return {
      feasible: false,
      reason: 'the goods are not in stock at any overseas or border warehouse',
    };
  }
  // Nothing meets the promise: say how close the cheapest chain of the mode comes, if there is one.
  const anyChain = bestOver(0);
  if (anyChain) {
    return { feasible: false, reason: tooSlow(anyChain, order, confidence) };
  }
  return {
    feasible: false,
    reason: `no ${modes.join(' or ')} chain reaches ${order.buyer.country} for this order${describeRejections(rejections.values())}`,
  };
}

function explain(
  chain: Chain,
  order: Order,
  ctx: PlanContext,
  search: Search,
  currency: CurrencyCode,
): LegExplanation[] {
  return chain.legs.map((leg) => {
    const alternatives: { step: Step; cost: number; p90: number }[] = [];
    // An inbound leg of one supplier's parcels is compared on those parcels, from its own stage.
    const own = search.inbound.get(leg);
    const fromStage = own?.fromStage ?? stageBefore(chain, leg);
    const parcels = own?.parcels ?? order.parcels;
    const groupKey = own?.groupKey ?? search.base.groupKey;
    const accepts = own?.accepts ?? search.base.accepts;
    for (const step of ctx.index.steps(leg.step.from, fromStage, order.buyer)) {
      if (
        step.service.id === leg.step.service.id ||
        step.to !== leg.step.to ||
        step.nextStage !== leg.step.nextStage
      )
        continue;
      const rating = search.base.rater.rate(step, parcels, groupKey);
      if (!rating.ok) continue;
      const arrival = advanceLeg(step, leg.ready, accepts);
      if (!arrival) continue;
      alternatives.push({ step, cost: rating.cost, p90: quantile(arrival, 0.9) });
    }
    alternatives.sort((a, b) => a.cost - b.cost || a.p90 - b.p90);
    const runner = alternatives[0];
    const legP90 = quantile(leg.arrival, 0.9);
    const rejected = [...search.rejections.values()].filter((r) => {
      const s = ctx.index.network.services.get(r.serviceId);
      return s !== undefined && s.activities.some((a) => leg.step.service.activities.includes(a));
    });
    let why: string;
    if (!runner) why = 'the only service that can do this step for this order';
    else if (runner.cost >= leg.cost)
      why = `cheapest of ${alternatives.length + 1} services for this step`;
    else
      why = `a cheaper service (${runner.step.service.id}) would make the chain miss the promise or arrive later`;
    return {
      activity: leg.step.service.activities.join('+'),
      chosen: {
        serviceId: leg.step.service.id,
        partnerId: leg.step.service.partnerId,
        cost: { amount: leg.cost, currency },
        days: {
          p50: daysOf(quantile(leg.arrival, 0.5) - quantile(leg.ready, 0.5)),
          p90: daysOf(legP90 - quantile(leg.ready, 0.9)),
        },
      },
      why,
      runnerUp: runner
        ? {
            serviceId: runner.step.service.id,
            partnerId: runner.step.service.partnerId,
            costDifference: { amount: runner.cost - leg.cost, currency },
            p90Difference: daysOf(runner.p90 - legP90),
          }
        : null,
      rejected,
    };
  });
}

function stageBefore(chain: Chain, leg: ChainLeg): number {
  const i = chain.legs.indexOf(leg);
  if (i <= 0) return leg.step.service.activities.includes('warehouse-fulfilment') ? STOCK_STAGE : 0;
  return chain.legs[i - 1]!.step.nextStage;
}

/** The cheapest way back from the buyer's country (a local returns point, or consolidated back to origin), priced at quote time. */
function returnPlan(
  order: Order,
  ctx: PlanContext,
  currency: CurrencyCode,
  partners?: ReadonlySet<string>,
): ReturnPlan | Infeasible {
  const network = ctx.index.network;
  const rater = new OrderRater(network, order.orderedAtMs, order.buyer.postcode);
  let best: ReturnPlan | null = null;
  for (const service of ctx.index.services) {
    if (!service.activities.includes('returns-handling')) continue;
    if (partners && !partners.has(service.partnerId)) continue;
    for (const lane of service.lanes) {
      if (
        !lane.from.includes(order.buyer.country) &&
        !lane.from.some((f) => network.locations.get(f)?.country === order.buyer.country)
      )
        continue;
      for (const to of lane.to) {
        const target = network.locations.get(to);
        if (!target) continue;
        const step: Step = {
          priceKey: `${service.id}|${target.country}|return`,
          service,
          lane,
          from: BUYER,
          to,
          nextStage: DELIVERED,
          rateCountry: target.country,
          toBuyer: false,
          toKey: `${to}|${DELIVERED}`,
        };
        const rating = rater.rate(step, order.parcels, 'return');
        if (!rating.ok) continue;
        const days = {
          p50: daysOf(durationQuantile(lane.transit, 0.5) * 3_600_000),
          p90: daysOf(durationQuantile(lane.transit, 0.9) * 3_600_000),
        };
        const leg: PlannedLeg = {
          activity: service.activities.join('+'),
          activities: service.activities,
          partnerId: service.partnerId,
          serviceId: service.id,
          from: endpointLabel(BUYER, order),
          to,
          cost: { amount: rating.cost, currency },
          days,
          tracking: service.tracking,
          departure: null,
        };
        const candidate: ReturnPlan = { feasible: true, legs: [leg], cost: leg.cost, days, to };
        if (
          !best ||
          candidate.cost.amount < best.cost.amount ||
          (candidate.cost.amount === best.cost.amount && candidate.days.p90 < best.days.p90)
        ) {
          best = candidate;
        }
      }
    }
  }
  if (best) return best;
  const who = partners
    ? `the partner(s) ${[...partners].join(', ')} of this chain`
    : 'no returns service';
  return {
    feasible: false,
    reason: partners
      ? `${who} take no returns from ${order.buyer.country}`
      : `${who} collects from ${order.buyer.country} for this parcel`,
  };
}

function quoteOf(tier: Tier, plan: Plan, policy: PlanningPolicy): OrderPlan['quote'] {
  const t = policy.tiers[tier];
  const exactMargin = mul({ n: BigInt(plan.cost.amount), d: 1n }, t.marginRate);
  const margin = compare(exactMargin, t.marginMinimum) < 0 ? t.marginMinimum : exactMargin;
  const marginMoney: Money = { amount: Number(roundHalfUp(margin)), currency: plan.cost.currency };
  const b = plan.border;
  // The seller's share of the border (DDP: all of it, advanced by the integrator; DAP: taxes
  // collected at sale) is part of the price; the buyer's share is paid at the door.
  const sellerBorder = b.status === 'estimated' ? b.seller.amount : 0;
  return {
    tier,
    planCost: plan.cost,
    margin: marginMoney,
    price: {
      amount: plan.cost.amount + marginMoney.amount + sellerBorder,
      currency: plan.cost.currency,
    },
    dutiesAndTaxes:
      b.status === 'estimated'
        ? {
            status: 'estimated',
            amount: b.seller,
            buyerOnDelivery: b.buyer,
            importDate: b.importDate,
            warnings: [...b.warnings, ...b.unknowns],
          }
        : b.status === 'unknown'
          ? { status: 'unknown', reason: b.reason }
          : {
              status: 'not-estimated',
              note: 'no customs rules loaded: duties, taxes and DDP fees are not in this price',
            },
  };
}

/** An order whose goods the destination prohibits: no chain, no baseline, the rules that say so. */
function prohibitedOrder(
  order: Order,
  req: { withinDays: number; confidence: number; tier: Tier },
  prohibited: readonly string[],
): OrderPlan {
  const reason = `the destination prohibits the goods: ${prohibited.join('; ')}`;
  const infeasible: Infeasible = { feasible: false, reason };
  return {
    orderId: order.id,
    feasible: false,
    tier: req.tier,
    requirement: { withinDays: req.withinDays, confidence: req.confidence },
    plan: null,
    alternatives: [],
    baselines: {
      postal: infeasible,
      express: infeasible,
      dedicatedLine: infeasible,
      overseasWarehouse: infeasible,
    },
    savings: {},
    returnPlan: infeasible,
    baselineReturns: { postal: null, express: null, dedicatedLine: null, overseasWarehouse: null },
    explanation: [],
    quote: null,
    reasons: [...prohibited],
  };
}

/** Plans one order: the cheapest value chain meeting its promise, its alternatives, the four baselines, the return, the quote. */
/** The search the planner runs for an order (exposed so tests and benchmarks can enumerate the same space). */
export function prepareSearch(
  order: Order,
  ctx: PlanContext,
): { input: SearchInput; deadlineMs: number; withinDays: number; confidence: number; tier: Tier } {
  const req = requirementOf(order, ctx.policy);
  const deadlineMs = deadlineFor(
    order.orderedAtMs,
    req.withinDays,
    ctx.index.timeZoneOf(order.buyer.country),
  );
  const search = prepare(order, ctx, deadlineMs, req.confidence);
  return {
    input: {
      ...search.base,
      starts: search.starts,
      alternativesBudget: ctx.policy.alternativesBudget,
    },
    deadlineMs,
    withinDays: req.withinDays,
    confidence: req.confidence,
    tier: req.tier,
  };
}

export function planOrder(order: Order, given: PlanContext): OrderPlan {
  const network = given.index.network;
  const currency = network.baseCurrency;
  const req = requirementOf(order, given.policy);
  const goods = given.customs
    ? checkGoods(order, network, given.customs)
    : { prohibited: [], restricted: [], excludedServices: new Set<string>() };
  if (goods.prohibited.length > 0) return prohibitedOrder(order, req, goods.prohibited);
  const ctx: PlanContext =
    goods.excludedServices.size > 0
      ? {
          ...given,
          excludedServices: new Set([...(given.excludedServices ?? []), ...goods.excludedServices]),
        }
      : given;
  const deadlineMs = deadlineFor(
    order.orderedAtMs,
    req.withinDays,
    ctx.index.timeZoneOf(order.buyer.country),
  );
  const search = prepare(order, ctx, deadlineMs, req.confidence);
  const result = searchChains({ ...search.base, starts: search.starts, alternativesBudget: 1 });
  const alternatives = result.best
    ? paretoAlternatives(result.best, search, ctx.policy.alternativesBudget, order.orderedAtMs)
    : [];
  const plan = result.best
    ? planOf(result.best, order, currency, deadlineMs, acceptsFor(search), search.border)
    : null;
  const baselines = {} as Record<BaselineName, Plan | Infeasible>;
  const savings: Partial<Record<BaselineName, Saving>> = {};
  const baselineReturns = {} as Record<BaselineName, ReturnPlan | Infeasible | null>;
  for (const name of ['postal', 'express', 'dedicatedLine', 'overseasWarehouse'] as const) {
    const b = baseline(name, order, ctx, search, deadlineMs, req.confidence, currency);
    baselines[name] = b;
    baselineReturns[name] =
      'legs' in b
        ? returnPlan(order, ctx, currency, new Set(b.legs.map((l) => l.partnerId)))
        : null;
    if (plan && 'legs' in b) {
      savings[name] = {
        cost: { amount: b.totalCost.amount - plan.totalCost.amount, currency },
        logisticsCost: { amount: b.cost.amount - plan.cost.amount, currency },
        p90Days: round1(b.days.p90 - plan.days.p90),
      };
    }
  }
  const reasons: string[] = [];
  if (!plan) {
    const anyChain = searchChains({
      ...search.base,
      starts: search.starts,
      confidence: 0,
      alternativesBudget: 1,
    }).best;
    reasons.push(
      anyChain
        ? `no chain meets the promise: ${tooSlow(anyChain, order, req.confidence)}`
        : result.bestMissedOnTime !== null
          ? `no chain reaches ${order.buyer.country} within ${req.withinDays} days with probability ${req.confidence}; the best manages ${result.bestMissedOnTime.toFixed(2)}`
          : `no chain of the network can carry this order to ${order.buyer.country}${describeRejections(search.rejections.values(), 6)}`,
    );
  }
  reasons.push(...goods.restricted);
  if (order.incoterm === 'DAP')
    reasons.push(
      'DAP: the buyer pays duties and taxes on delivery, a known cause of refused parcels',
    );
  return {
    orderId: order.id,
    feasible: plan !== null,
    tier: req.tier,
    requirement: { withinDays: req.withinDays, confidence: req.confidence },
    plan,
    alternatives: alternatives.map((c) =>
      planOf(c, order, currency, deadlineMs, acceptsFor(search), search.border),
    ),
    baselines,
    savings,
    returnPlan: returnPlan(order, ctx, currency),
    baselineReturns,
    explanation: result.best ? explain(result.best, order, ctx, search, currency) : [],
    quote: plan ? quoteOf(req.tier, plan, ctx.policy) : null,
    reasons,
  };
}

import { arrivesNoLater, cdf, type Dist, quantile } from './distribution.ts';
import { MinHeap } from './heap.ts';
import type { PlanningIndex } from './network-index.ts';
import type { OrderRater } from './order-rating.ts';
import { type DepartureSlot } from './schedule.ts';
import { DELIVERED, type Step } from './stages.ts';
import { advance, departureFor, minDurationMs, type SlotFilter } from './timing.ts';
import type { Buyer, OrderParcel, Rejection } from './types.ts';

/** No sensible chain has more legs than this; it also stops movement loops. */
export const MAX_LEGS = 10;
/** Labels kept per state for dominance pruning (pruning is optional: fewer labels never change the result). */
const MAX_LABELS_PER_STATE = 4;
const EPS = 1e-9;

export interface ChainLeg {
  readonly step: Step;
  readonly cost: number;
  readonly ready: Dist;
  readonly arrival: Dist;
}

export interface Chain {
  readonly legs: readonly ChainLeg[];
  /** Minor units of the network's base currency: the legs' logistics plus the border as the search weighs it. */
  readonly cost: number;
  readonly arrival: Dist;
  readonly onTime: number;
  readonly p90: number;
  readonly survival: number;
  readonly key: string;
}

/** Chains compare by cost, then P90 arrival, then their leg keys: the one order brute force uses too. */
export function chainBefore(a: Chain, b: Chain): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.p90 !== b.p90) return a.p90 < b.p90;
  return a.key < b.key;
}

export interface StartNode {
  readonly at: string;
  readonly stage: number;
  readonly cost: number;
  readonly ready: Dist;
  readonly legs: readonly ChainLeg[];
}

export interface SearchInput {
  readonly index: PlanningIndex;
  readonly buyer: Buyer;
  readonly parcels: readonly OrderParcel[];
  readonly groupKey: string;
  readonly rater: OrderRater;
  readonly starts: readonly StartNode[];
  readonly deadlineMs: number;
  readonly confidence: number;
  readonly accepts: SlotFilter;
  readonly allowService?: ((serviceId: string, partnerId: string) => boolean) | undefined;
  /** Services that must not be used (a partner refused the booking). */
  readonly excludedServices?: ReadonlySet<string> | undefined;
  /** A complete chain must also pass this (e.g. "contains a postal bundle"). */
  readonly acceptChain?: ((legs: readonly ChainLeg[]) => boolean) | undefined;
  /**
   * A lower bound on the cost still to pay from a place and stage (Infinity: no way on). With it the
   * search is A*: it must never overestimate and must be consistent, which an exact cheapest
   * cost-to-go ignoring time is.
   */
  readonly costToGo?: ((stateKey: string) => number) | undefined;
  /** Also require P90 arrival at or before this instant (for the Pareto alternatives: a faster chain). */
  readonly p90ByMs?: number | undefined;
  /** Stop after expanding this many partial chains (the result is then the best found so far, or none). */
  readonly maxExpansions?: number | undefined;
  /** Complete chains to examine after the first feasible one. */
  readonly alternativesBudget: number;
  readonly onRejection?:
    | ((stage: number, at: string, step: Step, rejection: Omit<Rejection, 'activity'>) => void)
    | undefined;
}

export interface SearchResult {
  readonly best: Chain | null;
  /** Feasible complete chains examined, in the order found (increasing cost). */
  readonly feasible: readonly Chain[];
  /** The highest on-time probability among complete chains that missed the confidence. */
  readonly bestMissedOnTime: number | null;
  readonly expanded: number;
}

interface Node {
  readonly at: string;
  readonly stage: number;
  readonly cost: number;
  /** cost + lower bound of the cost to go: the heap's order. */
  readonly f: number;
  /** `at|stage`. */
  readonly key: string;
  readonly minT: number;
  readonly parent: Node | null;
  readonly step: Step | null;
  readonly stepCost: number;
  readonly depth: number;
  readonly seq: number;
  readonly prefix: readonly ChainLeg[] | null;
  ready: Dist | null;
  dist: Dist | null | undefined;
}

/** The search node of a start: no step yet, its arrival known. f and minT are the caller's to set. */
function rootNode(s: StartNode, seq: number): Node {
  return {
    at: s.at,
    stage: s.stage,
    cost: s.cost,
    f: 0,
    key: `${s.at}|${s.stage}`,
    minT: 0,
    parent: null,
    step: null,
    stepCost: 0,
    depth: s.legs.length,
    seq,
    prefix: s.legs,
    ready: s.ready,
    dist: s.ready,
  };
}

function visited(node: Node, at: string, stage: number): boolean {
  for (let n: Node | null = node; n; n = n.parent)
    if (n.at === at && n.stage === stage) return true;
  return false;
}

/** The node's arrival distribution, computed once from its parent's; null if a departure is missing. */
function distOf(node: Node, accepts: SlotFilter): Dist | null {
  if (node.dist !== undefined) return node.dist;
  if (!node.parent || !node.step) return (node.dist = node.ready);
  const parentDist = distOf(node.parent, accepts);
  node.dist = parentDist
    ? (advance(node.step.service, node.step.lane, parentDist, accepts) ?? null)
    : null;
  return node.dist;
}

function chainOf(node: Node, dist: Dist, deadlineMs: number, accepts: SlotFilter): Chain {
  const path: Node[] = [];
  for (let n: Node | null = node; n && n.step; n = n.parent) path.push(n);
  path.reverse();
  let root: Node = node;
  while (root.parent) root = root.parent;
  const legs: ChainLeg[] = [...(root.prefix ?? [])];
  let survival = 1;
  for (const leg of legs) survival *= 1 - leg.step.service.lossRate;
  for (const n of path) {
    legs.push({
      step: n.step!,
      cost: n.stepCost,
      ready: distOf(n.parent!, accepts)!,
      arrival: distOf(n, accepts)!,
    });
    survival *= 1 - n.step!.service.lossRate;
  }
  return {
    legs,
    cost: node.cost,
    arrival: dist,
    onTime: cdf(dist, deadlineMs),
    p90: quantile(dist, 0.9),
    survival,
    key: legs.map((l) => `${l.step.service.id}>${l.step.to}`).join(' '),
  };
}

/**
 * Uniform-cost search over partial chains. Complete chains come out in increasing cost, so the
 * first that meets the on-time confidence is the cheapest feasible one (ties broken by
 * `chainBefore`). Partial chains are cut when even the fastest completion could not reach the
 * confidence: P(arrival ≤ deadline) ≤ P(arrival so far + least time left ≤ deadline).
 */
export function searchChains(input: SearchInput): SearchResult {
  const { index, buyer, deadlineMs, confidence, accepts } = input;
  const p90By = input.p90ByMs ?? Infinity;
  let seq = 0;
  const h = input.costToGo ?? (() => 0);
  const heap = new MinHeap<Node>((a, b) => a.f < b.f || (a.f === b.f && a.seq < b.seq));
  for (const s of input.starts) {
    const root = rootNode(s, seq++);
    const f = s.cost + h(root.key);
    if (f === Infinity) continue;
    heap.push({ ...root, f, minT: s.ready.t[0]! });
  }
  // Labels already expanded per state. A later one is dearer (the heap pops in cost order and the
  // bound is the same at one state); if it also arrives no earlier, every completion of it is
  // matched by the same completion of the earlier one, so it is dropped. Not with acceptChain,
  // which judges a whole chain and may prefer the dearer prefix.
  const labels = input.acceptChain ? null : new Map<string, { cost: number; dist: Dist }[]>();
  let best: Chain | null = null;
  const feasible: Chain[] = [];
  let bestMissed: number | null = null;
  let completions = 0;
  let expanded = 0;
  while (heap.size > 0) {
    const node = heap.peek()!;
    if (best && node.f > best.cost && completions >= input.alternativesBudget) break;
    heap.pop();
    const dist = distOf(node, accepts);
    if (!dist) continue;
    const left = node.stage === DELIVERED ? 0 : index.remainingFrom(node.key, buyer.country);
    if (confidence > 0 && cdf(dist, deadlineMs - left) < confidence - EPS) continue;
    if (p90By < Infinity && cdf(dist, p90By - left) < 0.9 - EPS) continue;
    if (node.stage === DELIVERED) {
      const chain = chainOf(node, dist, deadlineMs, accepts);
      if (input.acceptChain && !input.acceptChain(chain.legs)) continue;
      if (chain.p90 > p90By) continue;
      completions++;
      if (chain.onTime >= confidence - EPS) {
        feasible.push(chain);
        if (!best || chainBefore(chain, best)) best = chain;
      } else if (bestMissed === null || chain.onTime > bestMissed) bestMissed = chain.onTime;
      continue;
    }
    if (labels) {
      const here = labels.get(node.key);
      if (here?.some((l) => l.cost < node.cost && arrivesNoLater(l.dist, dist))) continue;
      // A few of the cheapest labels per state prune nearly everything; more only cost comparisons.
      if (here) {
        if (here.length < MAX_LABELS_PER_STATE) here.push({ cost: node.cost, dist });
      } else labels.set(node.key, [{ cost: node.cost, dist }]);
    }
    expanded++;
    if (input.maxExpansions !== undefined && expanded > input.maxExpansions) break;
    if (node.depth >= MAX_LEGS) continue;
    for (const step of index.steps(node.at, node.stage, buyer)) {
      const service = step.service;
      if (input.allowService && !input.allowService(service.id, service.partnerId)) continue;
      if (input.excludedServices?.has(service.id)) continue;
      if (visited(node, step.to, step.nextStage)) continue;
      const rating = input.rater.rate(step, input.parcels, input.groupKey);
      if (!rating.ok) {
        input.onRejection?.(node.stage, node.at, step, rating.rejection);
        continue;
      }
      const departs = departureFor(service, node.minT, accepts);
      if (departs === undefined) {
        input.onRejection?.(node.stage, node.at, step, {
          serviceId: service.id,
          partnerId: service.partnerId,
          rule: 'no-departure',
          detail: 'no departure with room for the goods within 5 weeks',
        });
        continue;
      }
      const minT = departs + minDurationMs(service, step.lane);
      const leastArrival =
        minT + (step.nextStage === DELIVERED ? 0 : index.remainingFrom(step.toKey, buyer.country));
      if ((confidence > 0 && leastArrival > deadlineMs) || leastArrival > p90By) continue;
      const cost = node.cost + rating.cost + rating.border;
      const f = cost + h(step.toKey);
      if (f === Infinity) continue;
      heap.push({
        at: step.to,
        stage: step.nextStage,
        cost,
        f,
        key: step.toKey,
        minT,
        parent: node,
        step,
        stepCost: rating.cost,
        depth: node.depth + 1,
        seq: seq++,
        prefix: null,
        ready: null,
        dist: undefined,
      });
    }
  }
  return { best, feasible, bestMissedOnTime: bestMissed, expanded };
}

/**
 * Every complete chain, without pruning, for checking the search and for the benchmark's
 * baseline: the cheapest feasible one under `chainBefore` must equal `searchChains`' best.
 */
export function enumerateChains(input: SearchInput): Chain[] {
  const out: Chain[] = [];
  const { index, buyer, accepts } = input;
  let seq = 0;
  const walk = (node: Node) => {
    const dist = distOf(node, accepts);
    if (!dist) return;
    if (node.stage === DELIVERED) {
      const chain = chainOf(node, dist, input.deadlineMs, accepts);
      if (!input.acceptChain || input.acceptChain(chain.legs)) out.push(chain);
      return;
    }
    if (node.depth >= MAX_LEGS) return;
    for (const step of index.steps(node.at, node.stage, buyer)) {
      const service = step.service;
      if (input.allowService && !input.allowService(service.id, service.partnerId)) continue;
      if (input.excludedServices?.has(service.id)) continue;
      if (visited(node, step.to, step.nextStage)) continue;
      const rating = input.rater.rate(step, input.parcels, input.groupKey);
      if (!rating.ok) continue;
      walk({
        at: step.to,
        stage: step.nextStage,
        cost: node.cost + rating.cost + rating.border,
        f: 0,
        key: step.toKey,
        minT: 0,
        parent: node,
        step,
        stepCost: rating.cost,
        depth: node.depth + 1,
        seq: seq++,
        prefix: null,
        ready: null,
        dist: undefined,
      });
    }
  };
  for (const s of input.starts) {
    walk(rootNode(s, seq++));
  }
  return out;
}

export function bestOf(chains: readonly Chain[], confidence: number): Chain | null {
  let best: Chain | null = null;
  for (const c of chains)
    if (c.onTime >= confidence - EPS && (!best || chainBefore(c, best))) best = c;
  return best;
}

export type { DepartureSlot };

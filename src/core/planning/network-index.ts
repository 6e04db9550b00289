import type { Location, Network, Service } from '../network/index.ts';
import { BUYER, DELIVERED, STOCK_STAGE, type Step, stepsOf } from './stages.ts';
import { type Dist, pointDist } from './distribution.ts';
import { minDurationMs } from './timing.ts';
import type { Buyer } from './types.ts';

const STAGES = [0, 1, 2, 3, 4, 5, STOCK_STAGE];

export interface TowardEdge {
  /** State keys: `place|stage`. */
  readonly from: string;
  readonly to: string;
  readonly step: Step;
  readonly minMs: number;
}

interface Towards {
  readonly remainingMs: ReadonlyMap<string, number>;
  readonly edges: readonly TowardEdge[];
  /** Edges by the state they lead to. */
  readonly into: ReadonlyMap<string, readonly TowardEdge[]>;
}

/**
 * What the planner precomputes once per network: the steps out of every place and stage for a
 * buyer, and a lower bound on the time left from each place and stage to a buyer's country.
 * Both are caches of pure functions of the network.
 */
export class PlanningIndex {
  readonly network: Network;
  readonly services: readonly Service[];
  private readonly stepCache = new Map<string, readonly Step[]>();
  private readonly towardsCache = new Map<string, Towards>();
  private readonly postcodeSensitive: Set<string>;
  private readonly starts = new Map<number, Dist>();
  private readonly zones = new Map<string, string>();
  /** The smallest capacity of any departure: goods within it never find a departure full when nothing is booked. */
  readonly minCapacityKg: number;
  readonly minCapacityParcels: number;

  constructor(network: Network) {
    this.network = network;
    this.services = [...network.services.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    let kg = Infinity;
    let parcels = Infinity;
    for (const s of this.services) {
      for (const d of s.schedule?.departures ?? []) {
        if (d.capacityKg !== null) kg = Math.min(kg, d.capacityKg);
        if (d.capacityParcels !== null) parcels = Math.min(parcels, d.capacityParcels);
      }
    }
    this.minCapacityKg = kg;
    this.minCapacityParcels = parcels;
    this.postcodeSensitive = new Set(
      [...network.locations.values()]
        .filter((l) => l.kind === 'delivery-zone' && l.postcodePrefixes.length > 0)
        .map((l) => l.country),
    );
  }

  /**
   * One start distribution per order instant, shared by orders whose departures can never be full
   * (nothing booked, goods within every capacity): their leg arrivals are memoised on it, so a bulk
   * batch placed at one instant computes each chain's timing once. Keeps the latest 256 instants.
   */
  sharedStart(orderedAtMs: number): Dist {
    let d = this.starts.get(orderedAtMs);
    if (!d) {
      if (this.starts.size >= 256) this.starts.delete(this.starts.keys().next().value!);
      d = pointDist(orderedAtMs);
      this.starts.set(orderedAtMs, d);
    }
    return d;
  }

  /** The time zone a promise is kept in for a country: that of its first location by id, else UTC. */
  timeZoneOf(country: string): string {
    let tz = this.zones.get(country);
    if (tz === undefined) {
      const first = [...this.network.locations.values()]
        .filter((l) => l.country === country)
        .sort((a, b) => (a.id < b.id ? -1 : 1))[0];
      tz = first?.timezone ?? 'UTC';
      this.zones.set(country, tz);
    }
    return tz;
  }

  /** Steps out of a place at a stage, in service-id order. */
  steps(at: string, stage: number, buyer: Buyer): readonly Step[] {
    const postcodeKey = this.postcodeSensitive.has(buyer.country) ? (buyer.postcode ?? '') : '';
    const key = `${at}|${stage}|${buyer.country}|${postcodeKey}`;
    const hit = this.stepCache.get(key);
    if (hit) return hit;
    const loc = this.network.locations.get(at);
    const steps: Step[] = [];
    if (loc)
      for (const s of this.services) steps.push(...stepsOf(this.network, s, loc, stage, buyer));
    this.stepCache.set(key, steps);
    return steps;
  }

  /**
   * A lower bound on the time from (place, stage) to delivery in a country: the shortest sum of
   * minimum leg durations, waits ignored. Infinity where no chain leads there.
   */
  remainingMs(at: string, stage: number, country: string): number {
    if (stage === DELIVERED) return 0;
    return this.remainingFrom(`${at}|${stage}`, country);
  }

  /** remainingMs for a state key `place|stage`. */
  remainingFrom(stateKey: string, country: string): number {
    return this.towards(country).remainingMs.get(stateKey) ?? Infinity;
  }

  /** The steps that lie on some chain to a buyer in the country (postcodes aside), for cost-to-go bounds. */
  edgesTowards(country: string): readonly TowardEdge[] {
    return this.towards(country).edges;
  }

  /** The steps that lead into a state on some chain to the country, for backward searches. */
  edgesInto(country: string, state: string): readonly TowardEdge[] {
    return this.towards(country).into.get(state) ?? [];
  }

  private towards(country: string): Towards {
    let t = this.towardsCache.get(country);
    if (!t) {
      t = this.computeTowards(country);
      this.towardsCache.set(country, t);
    }
    return t;
  }

  private computeTowards(country: string): Towards {
    // Every delivery zone of the country counts as reaching the buyer: the bounds must not depend on a postcode.
    const buyers: Buyer[] = [
      { country: country as Buyer['country'], postcode: undefined, city: undefined },
    ];
    for (const loc of this.network.locations.values()) {
      if (loc.kind === 'delivery-zone' && loc.country === country) {
        for (const p of loc.postcodePrefixes)
          buyers.push({ country: loc.country, postcode: p, city: undefined });
      }
    }
    const all: TowardEdge[] = [];
    for (const loc of this.network.locations.values()) {
      for (const stage of STAGES) {
        for (const buyer of buyers) {
          for (const step of this.stepsAt(loc, stage, buyer)) {
            all.push({
              from: `${loc.id}|${stage}`,
              to: `${step.to}|${step.nextStage}`,
              step,
              minMs: minDurationMs(step.service, step.lane),
            });
          }
        }
      }
    }
    const rem = new Map<string, number>([[`${BUYER}|${DELIVERED}`, 0]]);
    // Bellman-Ford on a small graph: relax until nothing improves.
    for (let round = 0; round < 64; round++) {
      let changed = false;
      for (const e of all) {
        const via = (rem.get(e.to) ?? Infinity) + e.minMs;
        if (via < (rem.get(e.from) ?? Infinity)) {
          rem.set(e.from, via);
          changed = true;
        }
      }
      if (!changed) break;
    }
    const edges = all.filter((e) => rem.has(e.to));
    const into = new Map<string, TowardEdge[]>();
    for (const e of edges) into.set(e.to, [...(into.get(e.to) ?? []), e]);
    return { remainingMs: rem, edges, into };
  }

  private stepsAt(loc: Location, stage: number, buyer: Buyer): Step[] {
    const out: Step[] = [];
    for (const s of this.services) out.push(...stepsOf(this.network, s, loc, stage, buyer));
    return out;
  }
}

// What the tracking service needs besides the store, built once per network and process: the
// partners' code mappings (data/tracking/mappings), each leg's time distribution and scan
// expectation from the network updated with the partners' measured history (tracking-history.ts),
// and sums of the remaining legs (ETA), cached because shipments share chains.
import type { Network, Service } from '../../core/network/index.ts';
import {
  addSampled,
  blendWithHistory,
  expectedScanGapMs,
  type LegExpectation,
  legPlaceOf,
  type LegPlace,
  pointSampled,
  quantileOf,
  remainingAfter,
  type SampledDist,
  sampledFromAtoms,
  sampledFromDuration,
  type ShipmentLeg,
  type TrackingMappings,
} from '../../core/tracking/index.ts';
import { formatMappingIssue, readTrackingMappings } from '../files/tracking-mappings.ts';

/** A leg as stored (legs table), with what tracking reads of it. */
export interface StoredLeg {
  readonly id: string;
  readonly shipmentId: string;
  readonly seq: number;
  readonly partnerId: string;
  readonly serviceId: string;
  readonly fromPlace: string;
  readonly toPlace: string;
  readonly status: string;
}

/** A leg's lane, as the measured history and the caches key it: service, from, to. */
export function laneKeyOf(leg: {
  readonly serviceId: string;
  readonly fromPlace: string;
  readonly toPlace: string;
}): string {
  return `${leg.serviceId}|${leg.fromPlace}|${leg.toPlace}`;
}

/** A leg the network does not describe (a service since removed) is taken to need a day. */
const UNKNOWN_LEG_MS = 24 * 3_600_000;
/** Bounded caches: chains repeat, but a long-running process must not grow without end. */
const MAX_CACHED = 50_000;

export class TrackingContext {
  readonly network: Network;
  readonly mappings: TrackingMappings;
  private readonly durations = new Map<string, SampledDist>();
  private readonly suffixes = new Map<string, SampledDist>();
  private readonly places = new Map<string, LegPlace>();
  /**
   * What the core sees of a chain of legs (ChainView), shared by every parcel on the same chain
   * (thousands of parcels travel the same few chains: one copy, not one per cached parcel), and
   * found per legs array without making its key again.
   */
  private chains = new Map<string, ChainView>();
  private chainOfLegs = new WeakMap<readonly StoredLeg[], ChainView>();
  /** By the chain's key from the current leg on (ChainView.suffixKeys), then by k (currentAndRest). */
  private readonly currents = new Map<
    string,
    ({ readonly sum: SampledDist; readonly at: number; readonly shifts: boolean } | undefined)[]
  >();
  /** Measured durations (ms) per lane (laneKeyOf), as tracking-history.ts last read them. */
  private history: ReadonlyMap<string, readonly number[]> = new Map();

  constructor(network: Network, mappings: TrackingMappings) {
    this.network = network;
    this.mappings = mappings;
  }

  place(placeId: string): LegPlace {
    let p = this.places.get(placeId);
    if (!p) {
      p = legPlaceOf(this.network, placeId);
      if (this.places.size >= MAX_CACHED) this.places.clear();
      this.places.set(placeId, p);
    }
    return p;
  }

  /** The core's view of a stored leg: its partner, service, activities and ends. */
  shipmentLeg(leg: StoredLeg): ShipmentLeg {
    const service = this.network.services.get(leg.serviceId);
    return {
      seq: leg.seq,
      partnerId: leg.partnerId,
      serviceId: leg.serviceId,
      ...(service ? { activities: service.activities } : {}),
      from: this.place(leg.fromPlace),
      to: this.place(leg.toPlace),
    };
  }

  /**
   * Replaces the partners' measured history (lane → durations in ms). The legs' times and every
   * sum made of them are then computed again, on demand; an unchanged history keeps them.
   * Returns whether it changed.
   */
  setLegHistory(history: ReadonlyMap<string, readonly number[]>): boolean {
    if (sameHistory(this.history, history)) return false;
    this.history = history;
    this.durations.clear();
    this.suffixes.clear();
    this.currents.clear();
    this.chains = new Map();
    this.chainOfLegs = new WeakMap();
    return true;
  }

  /** A shipment's legs as the core's timeline and exceptions see them (shared per chain). */
  legViewsOf(legs: readonly StoredLeg[]): {
    readonly shipmentLegs: readonly ShipmentLeg[];
    readonly expectations: readonly LegExpectation[];
  } {
    return this.chainOf(legs);
  }

  private chainOf(legs: readonly StoredLeg[]): ChainView {
    let view = this.chainOfLegs.get(legs);
    if (!view) {
      const key = legs
        .map((l) => `${l.seq}|${l.partnerId}|${l.serviceId}|${l.fromPlace}|${l.toPlace}`)
        .join('>');
      view = this.chains.get(key);
      if (!view) {
        // The lanes' keys from each leg on (the sums' cache keys: currentAndRest, remainingAfter).
        const suffixKeys = new Array<string>(legs.length + 1).fill('');
        for (let i = legs.length - 1; i >= 0; i--) {
          const l = legs[i]!;
          const own = `${l.serviceId}|${l.fromPlace}|${l.toPlace}`;
          suffixKeys[i] = i === legs.length - 1 ? own : `${own}>${suffixKeys[i + 1]}`;
        }
        view = {
          shipmentLegs: legs.map((l) => this.shipmentLeg(l)),
          expectations: legs.map((l) => this.expectation(l)),
          suffixKeys,
        };
        if (this.chains.size >= MAX_CACHED) this.chains.clear();
        this.chains.set(key, view);
      }
      this.chainOfLegs.set(legs, view);
    }
    return view;
  }

  /** How many measured durations inform the leg's time (0: the network's figure alone). */
  observations(leg: StoredLeg): number {
    return this.history.get(laneKeyOf(leg))?.length ?? 0;
  }

  /**
   * How long a leg takes once started: the transit of the service's lane between the leg's ends
   * (the first lane leaving from its start when none names both), plus for a clearance service
   * its clearance time, with the inspection delay in the inspected share of cases — the figures
   * the planner plans with —, blended with the partner's measured durations on the lane
   * (blendWithHistory: the history weighs n / (n + 20)).
   */
  legDuration(leg: StoredLeg): SampledDist {
    const key = laneKeyOf(leg);
    let d = this.durations.get(key);
    if (!d) {
      d = this.computeDuration(leg);
      const observed = this.history.get(key);
      if (observed && observed.length > 0) d = blendWithHistory(d, observed);
      if (this.durations.size >= MAX_CACHED) this.durations.clear();
      this.durations.set(key, d);
    }
    return d;
  }

  private covers(endpoint: string, placeId: string): boolean {
    if (endpoint === placeId) return true;
    const place = this.place(placeId);
    if (place.country === null) return false;
    if (endpoint === place.country) return true;
    const zone = this.network.locations.get(endpoint);
    // A delivery zone of the buyer's country (postcode prefixes are the planner's business).
    return placeId.startsWith('buyer:') && zone?.country === place.country;
  }

  private computeDuration(leg: StoredLeg): SampledDist {
    const service: Service | undefined = this.network.services.get(leg.serviceId);
    if (!service || service.lanes.length === 0) return pointSampled(UNKNOWN_LEG_MS);
    const lane =
      service.lanes.find(
        (l) =>
          l.from.some((e) => this.covers(e, leg.fromPlace)) &&
          l.to.some((e) => this.covers(e, leg.toPlace)),
      ) ??
      service.lanes.find((l) => l.from.some((e) => this.covers(e, leg.fromPlace))) ??
      service.lanes[0]!;
    let d = sampledFromDuration(lane.transit);
    const c = service.clearance;
    if (c) {
      const clear = sampledFromDuration(c.clearanceTime);
      const inspected = addSampled(clear, sampledFromDuration(c.inspectionDelay));
      const n = clear.samplesMs.length;
      const mixed = sampledFromAtoms(
        [...inspected.samplesMs, ...clear.samplesMs],
        [
          ...inspected.samplesMs.map(() => c.inspectionRate / n),
          ...clear.samplesMs.map(() => (1 - c.inspectionRate) / n),
        ],
      );
      d = addSampled(d, mixed);
    }
    return d;
  }

  /** The sum of the legs after index `after` of `legs` (sorted by seq); legs all, for after = -1. */
  remainingAfter(legs: readonly StoredLeg[], after: number): SampledDist | null {
    const rest = legs.slice(after + 1);
    if (rest.length === 0) return null;
    const key = this.chainOf(legs).suffixKeys[after + 1]!;
    let d = this.suffixes.get(key);
    if (!d) {
      d = rest.map((l) => this.legDuration(l)).reduce((a, b) => addSampled(a, b));
      if (this.suffixes.size >= MAX_CACHED) this.suffixes.clear();
      this.suffixes.set(key, d);
    }
    return d;
  }

  /**
   * What is left of leg `index` of `legs` after `elapsedMs` of it, plus every later leg: the
   * core's remainingAfter(leg, elapsed) + the later legs' sum, as ETA (eta.ts estimateEta) adds
   * them. The sum depends on the elapsed time only through how many of the leg's samples it has
   * passed (k) and a shift: remainingAfter keeps the samples beyond it, less it, and a sum of
   * independent legs shifts with its terms. So it is computed once per (chain, k) with the core's
   * own functions, and shifted — equal to the direct sum up to floating-point rounding
   * (tracking-rebuild.test.ts), at a small fraction of the cost.
   */
  currentAndRest(
    legs: readonly StoredLeg[],
    index: number,
    elapsedMs: number,
    thenShiftMs = 0,
  ): SampledDist {
    const s = this.legDuration(legs[index]!).samplesMs;
    let k = 0;
    while (k < s.length && s[k]! <= elapsedMs) k++;
    const key = this.chainOf(legs).suffixKeys[index]!;
    let byK = this.currents.get(key);
    if (!byK) {
      if (this.currents.size >= MAX_CACHED) this.currents.clear();
      this.currents.set(key, (byK = []));
    }
    let entry = byK[k];
    if (!entry) {
      const leg = this.legDuration(legs[index]!);
      const rest = this.remainingAfter(legs, index);
      // Any elapsed time with the same k gives the same samples beyond it: the one just below.
      const past = k === s.length;
      const at = past ? s[s.length - 1]! : k === 0 ? s[0]! - 1 : s[k - 1]!;
      const left = remainingAfter(leg, at);
      entry = { sum: rest ? addSampled(left, rest) : left, at, shifts: !past };
      byK[k] = entry;
    }
    // Past every sample, what is left no longer depends on the elapsed time (eta.ts). Then
    // shifted by thenShiftMs in the same pass, added in the same order as two shifts would.
    const by = entry.shifts ? entry.at - elapsedMs : 0;
    return { samplesMs: entry.sum.samplesMs.map((v) => v + by + thenShiftMs) };
  }

  /** What silence and duration are normal on each leg (exceptions.ts). */
  expectation(leg: StoredLeg): LegExpectation {
    const p90Ms = quantileOf(this.legDuration(leg), 0.9);
    const tracking = this.network.services.get(leg.serviceId)?.tracking ?? 'milestones';
    return {
      seq: leg.seq,
      partnerId: leg.partnerId,
      expectedScanGapMs: expectedScanGapMs(tracking, p90Ms),
      p90Ms,
    };
  }
}

/** What the core sees of a chain of legs, and the keys of its lanes from each leg on. */
interface ChainView {
  readonly shipmentLegs: readonly ShipmentLeg[];
  readonly expectations: readonly LegExpectation[];
  readonly suffixKeys: readonly string[];
}

function sameHistory(
  a: ReadonlyMap<string, readonly number[]>,
  b: ReadonlyMap<string, readonly number[]>,
): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [lane, xs] of a) {
    const ys = b.get(lane);
    if (!ys || ys.length !== xs.length || xs.some((x, i) => x !== ys[i])) return false;
  }
  return true;
}

const contexts = new WeakMap<Network, Promise<TrackingContext>>();

/**
 * The tracking context of a network: its mappings are read from data/tracking/mappings the first
 * time (a broken mapping file fails loudly, naming file and line) and kept for the process.
 */
export function trackingContext(network: Network): Promise<TrackingContext> {
  let ctx = contexts.get(network);
  if (!ctx) {
    ctx = readTrackingMappings(network.timezone).then((read) => {
      if (!read.ok)
        throw new Error(
          `tracking mappings have errors:\n${read.error.map((i) => '  ' + formatMappingIssue(i)).join('\n')}`,
        );
      return new TrackingContext(network, read.value);
    });
    ctx.catch(() => contexts.delete(network));
    contexts.set(network, ctx);
  }
  return ctx;
}

/** Tests and tools: use these mappings for the network instead of the shipped ones. */
export function useTrackingMappings(network: Network, mappings: TrackingMappings): void {
  contexts.set(network, Promise.resolve(new TrackingContext(network, mappings)));
}

import { type Duration, durationQuantile } from '../network/index.ts';
import type { Timeline } from './timeline.ts';

/*
 * ETA as a distribution. Tracking may not import the planner, so it keeps its own minimal
 * distribution type: equally likely samples. (The planner's `Dist` is atoms with probabilities;
 * sampledFromAtoms converts one structurally, so the shell can hand over a plan's leg times.)
 * Sums of independent legs are exact on the samples and then resampled to SAMPLES points, which
 * keeps quantiles within one slice (5 %) of the exact ones.
 */

/** Sorted durations or instants in ms; sample i stands for the quantile (i + 0.5) / n. */
export interface SampledDist {
  readonly samplesMs: readonly number[];
}

/** Twenty samples of 5 %: P10, P50 and P90 fall between two neighbours, as in the planner. */
export const SAMPLES = 20;
const HOUR_MS = 3_600_000;

export function pointSampled(ms: number): SampledDist {
  return { samplesMs: [ms] };
}

/** A network duration (quantiles or histogram, in hours) as samples in ms. */
export function sampledFromDuration(d: Duration, n: number = SAMPLES): SampledDist {
  const samplesMs: number[] = [];
  for (let i = 0; i < n; i++) samplesMs.push(durationQuantile(d, (i + 0.5) / n) * HOUR_MS);
  return { samplesMs };
}

/** Weighted atoms (the planner's shape: times and probabilities) as equally likely samples. */
export function sampledFromAtoms(
  t: ArrayLike<number>,
  p: ArrayLike<number>,
  n: number = SAMPLES,
): SampledDist {
  const atoms = Array.from({ length: t.length }, (_, i) => ({ t: t[i]!, p: p[i]! }));
  return weightedResample(atoms, n);
}

/** The q-quantile of weighted atoms, read at each slice's middle. */
function weightedResample(atoms: { t: number; p: number }[], n: number): SampledDist {
  const sorted = atoms.filter((a) => a.p > 0).sort((a, b) => a.t - b.t);
  const total = sorted.reduce((s, a) => s + a.p, 0);
  if (sorted.length === 0 || total <= 0) throw new RangeError('a distribution needs some mass');
  const samplesMs: number[] = [];
  let i = 0;
  let cumulative = sorted[0]!.p / total;
  for (let k = 0; k < n; k++) {
    const q = (k + 0.5) / n;
    while (cumulative < q - 1e-12 && i < sorted.length - 1) {
      i++;
      cumulative += sorted[i]!.p / total;
    }
    samplesMs.push(sorted[i]!.t);
  }
  return { samplesMs };
}

function resample(sorted: readonly number[], n: number): SampledDist {
  if (sorted.length === n) return { samplesMs: sorted };
  return weightedResample(
    sorted.map((t) => ({ t, p: 1 })),
    n,
  );
}

/** X + Y for independent X and Y. */
export function addSampled(x: SampledDist, y: SampledDist, n: number = SAMPLES): SampledDist {
  if (y.samplesMs.length === 1) return { samplesMs: x.samplesMs.map((v) => v + y.samplesMs[0]!) };
  if (x.samplesMs.length === 1) return { samplesMs: y.samplesMs.map((v) => v + x.samplesMs[0]!) };
  const sums: number[] = [];
  for (const a of x.samplesMs) for (const b of y.samplesMs) sums.push(a + b);
  sums.sort((a, b) => a - b);
  return resample(sums, n);
}

export function shiftSampled(x: SampledDist, byMs: number): SampledDist {
  return { samplesMs: x.samplesMs.map((v) => v + byMs) };
}

/** The q-quantile, interpolated between the samples' quantile points (i + 0.5) / n. */
export function quantileOf(x: SampledDist, q: number): number {
  const s = x.samplesMs;
  const pos = q * s.length - 0.5;
  if (pos <= 0) return s[0]!;
  if (pos >= s.length - 1) return s[s.length - 1]!;
  const lo = Math.floor(pos);
  return s[lo]! + (pos - lo) * (s[lo + 1]! - s[lo]!);
}

/** P(X ≤ ms), counting samples (a 1/n step). */
export function probabilityBy(x: SampledDist, ms: number): number {
  let count = 0;
  for (const v of x.samplesMs) if (v <= ms) count++;
  return count / x.samplesMs.length;
}

/**
 * How much longer a leg takes when `elapsedMs` of it have passed: the samples beyond the elapsed
 * time, less it. A leg already longer than every sample has no such samples; it is then taken to
 * need what a late run needs beyond its median (the upper half of the samples, less the median),
 * rather than to be about to finish, which would hide the delay.
 */
export function remainingAfter(
  leg: SampledDist,
  elapsedMs: number,
  n: number = SAMPLES,
): SampledDist {
  const s = leg.samplesMs;
  const beyond = s.filter((v) => v > elapsedMs).map((v) => v - elapsedMs);
  if (beyond.length > 0) return resample(beyond, Math.min(n, Math.max(beyond.length, 1)));
  const median = quantileOf(leg, 0.5);
  const tail = s.filter((v) => v >= median).map((v) => v - median);
  return resample(tail.length > 0 ? tail : [0], Math.max(1, Math.min(n, tail.length)));
}

/**
 * A leg's distribution updated with the partner's measured history on that lane: a mixture of the
 * network's figure and the observed durations, the history weighing observed / (observed +
 * priorWeight). With few observations the network's figure dominates; with many, the history.
 */
export function blendWithHistory(
  prior: SampledDist,
  observedMs: readonly number[],
  priorWeight: number = SAMPLES,
  n: number = SAMPLES,
): SampledDist {
  if (observedMs.length === 0) return prior;
  const wPrior = priorWeight / (priorWeight + observedMs.length);
  const atoms = [
    ...prior.samplesMs.map((t) => ({ t, p: wPrior / prior.samplesMs.length })),
    ...observedMs.map((t) => ({ t, p: (1 - wPrior) / observedMs.length })),
  ];
  return weightedResample(atoms, n);
}

export interface EtaInput {
  /** The time of computation; ETA is recomputed on each event and may be asked for at any time. */
  readonly nowMs: number;
  readonly lastEventMs: number | null;
  /** The delivery promise (the deadline shown to the buyer). */
  readonly promiseMs: number;
  /** The leg in progress and when it started; null before the first leg has started. */
  readonly current: { readonly duration: SampledDist; readonly startedAtMs: number } | null;
  /** The legs after it, in order. */
  readonly next: readonly SampledDist[];
}

export interface Eta {
  readonly p10Ms: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly onTimeProbability: number;
  /** Arrival instants. */
  readonly arrival: SampledDist;
}

/**
 * Arrival = now + what is left of the current leg given its elapsed time + each later leg. "Now"
 * is never before the last event (a partner's clock may run ahead of ours).
 */
export function estimateEta(input: EtaInput): Eta {
  const asOf = Math.max(input.nowMs, input.lastEventMs ?? input.nowMs);
  let left: SampledDist = pointSampled(0);
  if (input.current) {
    left = remainingAfter(input.current.duration, asOf - input.current.startedAtMs);
  }
  for (const leg of input.next) left = addSampled(left, leg);
  const arrival = shiftSampled(left, asOf);
  return {
    p10Ms: quantileOf(arrival, 0.1),
    p50Ms: quantileOf(arrival, 0.5),
    p90Ms: quantileOf(arrival, 0.9),
    onTimeProbability: probabilityBy(arrival, input.promiseMs),
    arrival,
  };
}

export type ShipmentEta =
  | ({ readonly kind: 'estimate' } & Eta)
  | { readonly kind: 'delivered'; readonly atMs: number; readonly onTime: boolean }
  /** Returned, lost or cancelled: no arrival to estimate. */
  | { readonly kind: 'none' };

/**
 * The ETA of a shipment from its timeline and its legs' durations (by seq): the current leg is the
 * timeline's, started at its first event (or the previous leg's last event, when earlier, since
 * partners often scan a parcel some time after taking it over); later legs follow.
 */
export function etaForTimeline(
  timeline: Timeline,
  legDurations: ReadonlyMap<number, SampledDist>,
  nowMs: number,
  promiseMs: number,
): ShipmentEta {
  if (timeline.status.terminal) {
    if (timeline.status.status === 'delivered' && timeline.status.sinceMs !== null) {
      return {
        kind: 'delivered',
        atMs: timeline.status.sinceMs,
        onTime: timeline.status.sinceMs <= promiseMs,
      };
    }
    return { kind: 'none' };
  }
  const seqs = [...legDurations.keys()].sort((a, b) => a - b);
  const currentSeq = timeline.currentLegSeq;
  let current: EtaInput['current'] = null;
  if (currentSeq !== null && legDurations.has(currentSeq)) {
    const activity = timeline.legs.find((l) => l.seq === currentSeq)!;
    const previous = timeline.legs.filter((l) => l.seq < currentSeq).at(-1);
    const startedAtMs = Math.min(activity.firstEventMs, previous?.lastEventMs ?? Infinity);
    current = { duration: legDurations.get(currentSeq)!, startedAtMs };
  }
  const next = seqs
    .filter((s) => currentSeq === null || s > currentSeq)
    .map((s) => legDurations.get(s)!);
  return {
    kind: 'estimate',
    ...estimateEta({ nowMs, lastEventMs: timeline.lastEventMs, promiseMs, current, next }),
  };
}

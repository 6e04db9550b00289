import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addSampled,
  blendWithHistory,
  estimateEta,
  etaForTimeline,
  pointSampled,
  probabilityBy,
  quantileOf,
  remainingAfter,
  type SampledDist,
  sampledFromAtoms,
  sampledFromDuration,
} from './eta.ts';
import { HOUR, LONDON_LEGS, T0, trackingEvent } from './test-events.ts';
import { buildTimeline } from './timeline.ts';

const DAY = 24 * HOUR;
const days = (minDays: number, p50Days: number, p90Days: number, maxDays: number) =>
  sampledFromDuration({
    kind: 'quantiles',
    minH: minDays * 24,
    p50H: p50Days * 24,
    p90H: p90Days * 24,
    maxH: maxDays * 24,
  });

describe('sampled distributions', () => {
  it('read a network duration at its quantiles', () => {
    const d = days(2, 4, 8, 10);
    expect(d.samplesMs).toHaveLength(20);
    // Within one 5 % slice of the exact quantiles (P47.5 … P52.5 is 3.9 … 4.25 days here).
    expect(quantileOf(d, 0.5)).toBeGreaterThanOrEqual(3.9 * DAY);
    expect(quantileOf(d, 0.5)).toBeLessThanOrEqual(4.25 * DAY);
    expect(quantileOf(d, 0.9)).toBeGreaterThanOrEqual(7.5 * DAY);
    expect(quantileOf(d, 0.9)).toBeLessThanOrEqual(8.25 * DAY);
    expect(probabilityBy(d, 4 * DAY)).toBe(0.5);
  });

  it("convert the planner's weighted atoms", () => {
    const d = sampledFromAtoms(Float64Array.of(DAY, 3 * DAY), Float64Array.of(0.75, 0.25));
    expect(probabilityBy(d, DAY)).toBe(0.75);
    expect(quantileOf(d, 0.9)).toBe(3 * DAY);
  });

  it('add independent legs: the mean is the sum of the means, the spread widens', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 * DAY }), { minLength: 20, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 10 * DAY }), { minLength: 20, maxLength: 20 }),
        (a, b) => {
          const x: SampledDist = { samplesMs: a.sort((p, q) => p - q) };
          const y: SampledDist = { samplesMs: b.sort((p, q) => p - q) };
          const sum = addSampled(x, y);
          const mean = (d: SampledDist) =>
            d.samplesMs.reduce((s, v) => s + v, 0) / d.samplesMs.length;
          expect(Math.abs(mean(sum) - mean(x) - mean(y))).toBeLessThan(2 * DAY);
          expect(sum.samplesMs[0]).toBeGreaterThanOrEqual(x.samplesMs[0]! + y.samplesMs[0]!);
          expect(sum.samplesMs.at(-1)).toBeLessThanOrEqual(
            x.samplesMs.at(-1)! + y.samplesMs.at(-1)!,
          );
          expect([...sum.samplesMs]).toEqual([...sum.samplesMs].sort((p, q) => p - q));
        },
      ),
    );
    expect(addSampled(pointSampled(DAY), pointSampled(2 * DAY)).samplesMs).toEqual([3 * DAY]);
  });

  it('condition a leg on the time it has already taken', () => {
    const leg = days(2, 4, 8, 10);
    const left = remainingAfter(leg, 5 * DAY);
    expect(Math.min(...left.samplesMs)).toBeGreaterThan(0);
    expect(Math.max(...left.samplesMs)).toBeLessThanOrEqual(5 * DAY);
    // Longer than ever seen: it still needs what a late run needs beyond its median, not nothing.
    const overdue = remainingAfter(leg, 12 * DAY);
    expect(quantileOf(overdue, 0.5)).toBeGreaterThan(DAY);
  });

  it("weighs the partner's measured history against the network's figure by its size", () => {
    const prior = days(2, 4, 8, 10);
    const slow = Array.from({ length: 200 }, () => 9 * DAY);
    expect(quantileOf(blendWithHistory(prior, slow.slice(0, 2)), 0.5)).toBeLessThan(5 * DAY);
    expect(quantileOf(blendWithHistory(prior, slow), 0.5)).toBe(9 * DAY);
    expect(blendWithHistory(prior, [])).toBe(prior);
  });
});

describe('estimateEta', () => {
  const legs = [days(1, 2, 3, 4), days(3, 5, 8, 12), days(1, 2, 4, 6)];

  it('adds what is left of the current leg to the legs after it', () => {
    const now = T0 + 1 * DAY;
    const eta = estimateEta({
      nowMs: now,
      lastEventMs: now - 2 * HOUR,
      promiseMs: T0 + 14 * DAY,
      current: { duration: legs[0]!, startedAtMs: T0 },
      next: legs.slice(1),
    });
    expect(eta.p10Ms).toBeLessThan(eta.p50Ms);
    expect(eta.p50Ms).toBeLessThan(eta.p90Ms);
    expect(eta.p10Ms).toBeGreaterThan(now + 4 * DAY);
    expect(eta.p90Ms).toBeLessThan(now + 22 * DAY);
    expect(eta.onTimeProbability).toBeGreaterThan(0.5);
    expect(eta.onTimeProbability).toBeLessThanOrEqual(1);
  });

  it('is more likely on time with a later promise, and less as time passes without progress', () => {
    const at = (nowMs: number, promiseMs: number) =>
      estimateEta({
        nowMs,
        lastEventMs: T0,
        promiseMs,
        current: { duration: legs[0]!, startedAtMs: T0 },
        next: legs.slice(1),
      }).onTimeProbability;
    expect(at(T0, T0 + 8 * DAY)).toBeLessThanOrEqual(at(T0, T0 + 10 * DAY));
    expect(at(T0, T0 + 10 * DAY)).toBeLessThanOrEqual(at(T0, T0 + 14 * DAY));
    expect(at(T0 + 5 * DAY, T0 + 12 * DAY)).toBeLessThan(at(T0, T0 + 12 * DAY));
  });

  it('follows the timeline: a delivered parcel has arrived; a lost one has no ETA', () => {
    const e = (
      eventId: string,
      status: 'picked_up' | 'delivered' | 'lost',
      h: number,
      partnerId: string,
    ) => trackingEvent({ partnerId, eventId, status, atMs: T0 + h * HOUR, country: 'GB' });
    const durations = new Map(LONDON_LEGS.map((l) => [l.seq, days(0.2, 0.5, 1, 2)]));
    const delivered = buildTimeline(LONDON_LEGS, [
      e('1', 'picked_up', 0, 'pearl-pickup'),
      e('2', 'delivered', 100, 'albion-delivery'),
    ]);
    expect(etaForTimeline(delivered, durations, T0 + 200 * HOUR, T0 + 120 * HOUR)).toEqual({
      kind: 'delivered',
      atMs: T0 + 100 * HOUR,
      onTime: true,
    });
    const lost = buildTimeline(LONDON_LEGS, [e('1', 'lost', 5, 'pearl-pickup')]);
    expect(etaForTimeline(lost, durations, T0 + 6 * HOUR, T0 + 120 * HOUR)).toEqual({
      kind: 'none',
    });
    const started = buildTimeline(LONDON_LEGS, [e('1', 'picked_up', 0, 'pearl-pickup')]);
    const eta = etaForTimeline(started, durations, T0 + HOUR, T0 + 10 * DAY);
    expect(eta.kind).toBe('estimate');
    if (eta.kind !== 'estimate') return;
    // Six more legs of 0.2 … 2 days after the first.
    expect(eta.p10Ms).toBeGreaterThan(T0 + 6 * 0.2 * DAY);
    expect(eta.onTimeProbability).toBe(1);
  });
});

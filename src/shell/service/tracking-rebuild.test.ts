// The service's ETA (cached, shifted sums of the remaining legs) against the core's
// etaForTimeline computing it afresh, on journeys along chains the planner chooses.
import { beforeAll, describe, expect, it } from 'vitest';
import { orderFromJson, planOrder } from '../../core/planning/index.ts';
import {
  buildTimeline,
  etaForTimeline,
  normalizeEvent,
  type SampledDist,
} from '../../core/tracking/index.ts';
import { demoPlanning, orderBody } from '../http/test-app.ts';
import type { AppDeps } from '../http/context.ts';
import { type StoredLeg, type TrackingContext, trackingContext } from './tracking-context.ts';
import { etaOf } from './tracking-rebuild.ts';
import { journeyEvents } from './tracking-testing.ts';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-10T00:00:00Z');

describe('the service ETA', () => {
  let planning: AppDeps['planning'];
  let ctx: TrackingContext;
  const chains: StoredLeg[][] = [];

  beforeAll(async () => {
    planning = await demoPlanning();
    ctx = await trackingContext(planning.network);
    for (const country of ['DE', 'GB', 'US', 'FR', 'JP']) {
      const body = orderBody(`ETA-${country}`, {
        buyer: { country, ...(country === 'GB' ? { postcode: 'SW1A 1AA' } : {}) },
      });
      const r = orderFromJson(body, 1, planning.network, {
        tier: 'standard',
        orderedAtMs: START,
        incoterm: 'DDP',
      });
      if (!r.ok) continue;
      const plan = planOrder(r.order, {
        index: planning.index,
        policy: planning.policy,
        stock: planning.stock,
      }).plan;
      if (!plan) continue;
      chains.push(
        plan.legs.map((l, seq) => ({
          id: `leg-${seq}`,
          shipmentId: 'shp',
          seq,
          partnerId: l.partnerId,
          serviceId: l.serviceId,
          fromPlace: l.from,
          toPlace: l.to,
          status: 'booked',
        })),
      );
    }
  }, 60_000);

  it('equals the core’s estimate from the same distributions, to the millisecond', () => {
    expect(chains.length).toBeGreaterThanOrEqual(3);
    let compared = 0;
    for (const legs of chains) {
      const events = journeyEvents(ctx, legs, (l) => `REF-${l.seq}`, {
        startMs: START,
        stepMs: 5 * HOUR,
        eventIdPrefix: 'e',
      }).map((e) => {
        const n = normalizeEvent(e.partnerId, e.event, ctx.mappings);
        if (n.kind !== 'event') throw new Error('unmapped');
        return n.event;
      });
      const timelineLegs = legs.map((l) => ctx.shipmentLeg(l));
      for (let n = 0; n < events.length; n++) {
        const timeline = buildTimeline(timelineLegs, events.slice(0, n));
        const last = timeline.lastEventMs ?? START;
        // As of the last event, a while later, and much later (past every sample of the leg).
        for (const nowMs of [last, last + 7 * HOUR, last + 30 * 24 * HOUR]) {
          for (const promiseMs of [START + 8 * 24 * HOUR, null]) {
            const ours = etaOf(ctx, legs, timeline, nowMs, promiseMs);
            // The core given the current leg and, after it, the later legs' sum (the service
            // adds the later legs once per chain, not one by one: sums of resampled
            // distributions agree within the resampling's 5 % slices, not exactly).
            const current = timeline.currentLegSeq;
            const index = current === null ? -1 : legs.findIndex((l) => l.seq === current);
            const durations = new Map<number, SampledDist>();
            if (index >= 0) durations.set(current!, ctx.legDuration(legs[index]!));
            const rest = ctx.remainingAfter(legs, index);
            if (rest) durations.set(index >= 0 ? current! + 0.5 : -1, rest);
            const core = etaForTimeline(
              timeline,
              durations,
              nowMs,
              promiseMs ?? Number.MAX_SAFE_INTEGER,
            );
            expect(ours.kind).toBe(core.kind);
            if (ours.kind === 'estimate' && core.kind === 'estimate') {
              expect(Math.abs(ours.p10Ms - core.p10Ms)).toBeLessThan(1);
              expect(Math.abs(ours.p50Ms - core.p50Ms)).toBeLessThan(1);
              expect(Math.abs(ours.p90Ms - core.p90Ms)).toBeLessThan(1);
              expect(ours.onTimeProbability).toBe(core.onTimeProbability);
              compared++;
            } else expect(ours).toEqual(core);
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});

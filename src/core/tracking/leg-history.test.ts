import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measuredLegDurations } from './leg-history.ts';
import type { TrackingStatus } from './status.ts';
import { HOUR, LONDON_LEGS, T0, trackingEvent } from './test-events.ts';
import { buildTimeline } from './timeline.ts';

// LONDON_LEGS: 1 pearl-pickup, 2 nanling-logistics-centre, 3 greatbay-trucking,
// 4 shekou-customs-brokerage, 5 skybridge-consolidators, 6 thames-clearance, 7 albion-delivery.
const PARTNER = new Map(LONDON_LEGS.map((l) => [l.seq, l.partnerId]));

/** An event of leg `seq`'s partner, `h` hours after T0. */
const at = (seq: number, h: number, status: TrackingStatus, id = `${seq}-${h}`) =>
  trackingEvent({ partnerId: PARTNER.get(seq)!, eventId: id, status, atMs: T0 + h * HOUR });

const hours = (ms: number) => ms / HOUR;

describe('measuredLegDurations', () => {
  it('measures each leg from its start as the ETA counts it to the next leg’s first event', () => {
    const timeline = buildTimeline(LONDON_LEGS, [
      at(1, 0, 'picked_up'),
      at(1, 3, 'at_hub'),
      // The hub scans the parcel at 2 h, before the pickup's last scan (3 h).
      at(2, 2, 'at_hub'),
      at(2, 10, 'at_hub'),
      at(3, 12, 'at_hub'),
    ]);
    // Leg 3 is under way: legs 1 and 2 are complete.
    //   leg 1: its first event 0 h → leg 2's first event 2 h = 2 h
    //   leg 2: min(its first event 2 h, leg 1's last 3 h) = 2 h → leg 3's first event 12 h = 10 h
    expect(
      measuredLegDurations(timeline, LONDON_LEGS).map((m) => [
        m.seq,
        hours(m.startedAtMs - T0),
        hours(m.completedAtMs - T0),
        hours(m.durationMs),
      ]),
    ).toEqual([
      [1, 0, 2, 2],
      [2, 2, 12, 10],
    ]);
  });

  it('starts a leg at the previous leg’s last event when that is earlier than its own first', () => {
    const timeline = buildTimeline(LONDON_LEGS, [
      at(1, 0, 'picked_up'),
      at(1, 1, 'at_hub'),
      // The hub's first scan comes 5 h after the pickup's last: the leg started at 1 h.
      at(2, 6, 'at_hub'),
      at(3, 9, 'at_hub'),
    ]);
    //   leg 2: min(6 h, 1 h) = 1 h → 9 h = 8 h
    expect(
      measuredLegDurations(timeline, LONDON_LEGS).map((m) => [m.seq, hours(m.durationMs)]),
    ).toEqual([
      [1, 6],
      [2, 8],
    ]);
  });

  it('gives only the legs completed since an earlier point', () => {
    const timeline = buildTimeline(LONDON_LEGS, [
      at(1, 0, 'picked_up'),
      at(2, 2, 'at_hub'),
      at(3, 12, 'at_hub'),
    ]);
    // The last rebuild had the parcel on leg 2: leg 1 was complete then, leg 2 is just completed.
    //   leg 2: min(its first event 2 h, leg 1's last 0 h) = 0 h → 12 h = 12 h
    expect(
      measuredLegDurations(timeline, LONDON_LEGS, { currentLegSeq: 2, delivered: false }).map(
        (m) => [m.seq, hours(m.durationMs)],
      ),
    ).toEqual([[2, 12]]);
    expect(
      measuredLegDurations(timeline, LONDON_LEGS, { currentLegSeq: 3, delivered: false }),
    ).toEqual([]);
    // Nothing is complete before the first event, and nothing after a parcel was delivered.
    expect(measuredLegDurations(buildTimeline(LONDON_LEGS, []), LONDON_LEGS)).toEqual([]);
    expect(
      measuredLegDurations(timeline, LONDON_LEGS, { currentLegSeq: 7, delivered: true }),
    ).toEqual([]);
  });

  it('ends the last leg at the delivery, and skips legs whose neighbour was never scanned', () => {
    const timeline = buildTimeline(LONDON_LEGS, [
      at(1, 0, 'picked_up'),
      at(1, 1, 'at_hub'),
      at(2, 2, 'at_hub'),
      at(3, 5, 'at_hub'),
      // Leg 4 (export clearance) sent nothing.
      at(5, 20, 'departed'),
      at(5, 30, 'arrived_destination'),
      at(6, 40, 'import_customs'),
      at(7, 45, 'out_for_delivery'),
      at(7, 50, 'delivered'),
    ]);
    expect(timeline.status.status).toBe('delivered');
    //   leg 1: 0 → 2 = 2 h
    //   leg 2: min(2, 1) = 1 → 5 = 4 h
    //   leg 3: its next leg (4) has no event: the hand-over was never seen (skipped)
    //   leg 4: no event of its own (skipped)
    //   leg 5: its previous leg (4) has no event: the take-over was never seen (skipped)
    //   leg 6: min(40, 30) = 30 → 45 = 15 h
    //   leg 7: min(45, 40) = 40 → delivered at 50 = 10 h
    expect(
      measuredLegDurations(timeline, LONDON_LEGS).map((m) => [m.seq, hours(m.durationMs)]),
    ).toEqual([
      [1, 2],
      [2, 4],
      [6, 15],
      [7, 10],
    ]);
  });

  it('leaves out negative durations (two partners’ clocks disagreeing)', () => {
    const timeline = buildTimeline(LONDON_LEGS, [
      at(1, 10, 'picked_up'),
      // The hub's clock is behind: its first scan is stamped before the pickup's.
      at(2, 5, 'at_hub'),
      at(3, 20, 'at_hub'),
    ]);
    //   leg 1: 10 → 5 = −5 h (left out)
    //   leg 2: min(5, 10) = 5 → 20 = 15 h
    expect(
      measuredLegDurations(timeline, LONDON_LEGS).map((m) => [m.seq, hours(m.durationMs)]),
    ).toEqual([[2, 15]]);
  });

  it('does not measure the last leg of a parcel that was not delivered', () => {
    const timeline = buildTimeline(LONDON_LEGS, [
      at(6, 40, 'import_customs'),
      at(7, 45, 'out_for_delivery'),
      at(7, 50, 'returned_to_sender'),
    ]);
    // Leg 6 is complete (leg 7 has events), but its previous leg (5) was never scanned.
    expect(measuredLegDurations(timeline, LONDON_LEGS)).toEqual([]);
  });

  it('is the same for the same events in any order, and never negative', () => {
    const events = [
      at(1, 0, 'picked_up'),
      at(1, 3, 'at_hub'),
      at(2, 2, 'at_hub'),
      at(3, 12, 'at_hub'),
      at(4, 14, 'export_customs'),
      at(5, 20, 'departed'),
      at(6, 40, 'import_customs'),
      at(7, 50, 'delivered'),
    ];
    const expected = measuredLegDurations(buildTimeline(LONDON_LEGS, events), LONDON_LEGS);
    expect(expected.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: 0 }), (subset) => {
        const shuffled = [...subset].reverse();
        const m = measuredLegDurations(buildTimeline(LONDON_LEGS, shuffled), LONDON_LEGS);
        for (const x of m) expect(x.durationMs).toBeGreaterThanOrEqual(0);
        expect(m).toEqual(measuredLegDurations(buildTimeline(LONDON_LEGS, subset), LONDON_LEGS));
      }),
    );
  });
});

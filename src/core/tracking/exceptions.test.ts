import { describe, expect, it } from 'vitest';
import {
  detectExceptions,
  expectedScanGapMs,
  type LegExpectation,
  SCAN_GAP,
} from './exceptions.ts';
import type { TrackingStatus } from './status.ts';
import { HOUR, LONDON_LEGS, T0, trackingEvent } from './test-events.ts';
import { buildTimeline } from './timeline.ts';

const DAY = 24 * HOUR;

const EXPECTATIONS: LegExpectation[] = LONDON_LEGS.map((l) => ({
  seq: l.seq,
  partnerId: l.partnerId,
  expectedScanGapMs: 48 * HOUR,
  p90Ms: 3 * DAY,
}));

let n = 0;
const e = (partnerId: string, status: TrackingStatus, subStatus: string | null, atMs: number) =>
  trackingEvent({ partnerId, eventId: `x${++n}`, status, subStatus, atMs, country: 'GB' });

const timelineOf = (...events: ReturnType<typeof e>[]) => buildTimeline(LONDON_LEGS, events);

describe('expectedScanGapMs', () => {
  it('allows silence by tracking level', () => {
    expect(expectedScanGapMs('full', 10 * DAY)).toBe(SCAN_GAP.fullMs);
    expect(expectedScanGapMs('milestones', 3 * DAY)).toBe(4 * DAY);
    expect(expectedScanGapMs('none', 3 * DAY)).toBe(5 * DAY);
  });
});

describe('detectExceptions', () => {
  it('raises nothing for a shipment moving normally', () => {
    const t = timelineOf(e('pearl-pickup', 'picked_up', 'collected', T0));
    expect(
      detectExceptions({
        nowMs: T0 + HOUR,
        timeline: t,
        legs: EXPECTATIONS,
        onTimeProbability: 0.9,
      }),
    ).toEqual([]);
  });

  it("raises no scan for longer than the leg's expected gap, and a leg over its P90", () => {
    const t = timelineOf(e('skybridge-consolidators', 'departed', 'carrier_departed', T0));
    const out = detectExceptions({ nowMs: T0 + 4 * DAY, timeline: t, legs: EXPECTATIONS });
    expect(out.map((x) => [x.kind, x.legSeq, x.suggestedAction, x.sinceMs])).toEqual([
      ['leg-over-p90', 5, 'contact-partner', T0 + 3 * DAY],
      ['no-scan', 5, 'contact-partner', T0 + 2 * DAY],
    ]);
    expect(out.every((x) => !x.notifySeller)).toBe(true);
    // The same situation an hour later is the same exception (same key), for idempotent storage.
    const later = detectExceptions({ nowMs: T0 + 4 * DAY + HOUR, timeline: t, legs: EXPECTATIONS });
    expect(later.map((x) => x.key)).toEqual(out.map((x) => x.key));
  });

  it('waits for the first scan from the booked hand-over', () => {
    const t = timelineOf();
    expect(
      detectExceptions({
        nowMs: T0 + 3 * DAY,
        timeline: t,
        legs: EXPECTATIONS,
        awaitingFirstScanSinceMs: T0,
      }).map((x) => [x.kind, x.legSeq]),
    ).toEqual([['no-scan', 1]]);
  });

  it('asks for documents on a customs hold, and the buyer for duties', () => {
    const held = timelineOf(
      e('thames-clearance', 'import_customs', 'presented', T0),
      e('thames-clearance', 'import_customs', 'information_required', T0 + HOUR),
    );
    expect(detectExceptions({ nowMs: T0 + 2 * HOUR, timeline: held, legs: EXPECTATIONS })).toEqual([
      {
        key: `customs-hold:thames-clearance/x${n}`,
        kind: 'customs-hold',
        legSeq: 6,
        partnerId: 'thames-clearance',
        sinceMs: T0 + HOUR,
        suggestedAction: 'request-documents',
        notifySeller: true,
        detail: 'import customs: information required',
      },
    ]);
    const duties = timelineOf(e('thames-clearance', 'import_customs', 'duties_due', T0));
    expect(
      detectExceptions({ nowMs: T0 + HOUR, timeline: duties, legs: EXPECTATIONS })[0],
    ).toMatchObject({
      kind: 'customs-hold',
      suggestedAction: 'contact-buyer',
    });
    const refused = timelineOf(e('thames-clearance', 'import_customs', 'refused', T0));
    expect(
      detectExceptions({ nowMs: T0 + HOUR, timeline: refused, legs: EXPECTATIONS })[0],
    ).toMatchObject({
      suggestedAction: 'start-return',
    });
    // Released: the hold is over, nothing is raised.
    const released = timelineOf(
      e('thames-clearance', 'import_customs', 'held', T0),
      e('thames-clearance', 'import_customs', 'released', T0 + HOUR),
    );
    expect(
      detectExceptions({ nowMs: T0 + 2 * HOUR, timeline: released, legs: EXPECTATIONS }),
    ).toEqual([]);
  });

  it('suggests an action for a failed delivery by its reason', () => {
    const action = (reason: string) =>
      detectExceptions({
        nowMs: T0 + HOUR,
        timeline: timelineOf(e('albion-delivery', 'delivery_failed', reason, T0)),
        legs: EXPECTATIONS,
      })[0]!;
    expect(action('address_issue')).toMatchObject({
      kind: 'delivery-failed',
      legSeq: 7,
      suggestedAction: 'contact-buyer',
      notifySeller: true,
    });
    expect(action('refused').suggestedAction).toBe('start-return');
    expect(action('security').suggestedAction).toBe('contact-partner');
  });

  it('raises a promise at risk below the threshold, re-routing while legs remain', () => {
    const t = timelineOf(e('skybridge-consolidators', 'departed', 'carrier_departed', T0));
    const risk = (p: number, atRiskBelow?: number) =>
      detectExceptions({
        nowMs: T0 + HOUR,
        timeline: t,
        legs: EXPECTATIONS,
        onTimeProbability: p,
        ...(atRiskBelow === undefined ? {} : { atRiskBelow }),
      });
    expect(risk(0.6)).toEqual([]);
    expect(risk(0.4)).toMatchObject([
      {
        kind: 'promise-at-risk',
        suggestedAction: 're-route-remaining-legs',
        detail: 'probability of meeting the promise 40 %, below 50 %',
      },
    ]);
    expect(risk(0.6, 0.8)).toHaveLength(1);
    const lastLeg = timelineOf(e('albion-delivery', 'out_for_delivery', 'with_courier', T0));
    expect(
      detectExceptions({
        nowMs: T0 + HOUR,
        timeline: lastLeg,
        legs: EXPECTATIONS,
        onTimeProbability: 0.1,
      })[0],
    ).toMatchObject({ suggestedAction: 'contact-partner' });
  });

  it('reports loss and damage, and nothing time-based once a parcel is finished', () => {
    const lost = timelineOf(e('skybridge-consolidators', 'lost', 'declared_lost', T0));
    expect(
      detectExceptions({
        nowMs: T0 + 30 * DAY,
        timeline: lost,
        legs: EXPECTATIONS,
        onTimeProbability: 0,
      }),
    ).toMatchObject([{ kind: 'lost', suggestedAction: 'file-claim' }]);
    const delivered = timelineOf(e('albion-delivery', 'delivered', 'to_recipient', T0));
    expect(
      detectExceptions({ nowMs: T0 + 30 * DAY, timeline: delivered, legs: EXPECTATIONS }),
    ).toEqual([]);
  });
});

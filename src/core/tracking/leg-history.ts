import type { Timeline } from './timeline.ts';

/*
 * A partner's measured history: how long each leg of a parcel really took, read off its timeline
 * once the parcel has moved on, so the ETA of later parcels on the same lane can lean on it
 * (eta.ts blendWithHistory).
 */

/** How long one completed leg took, as the ETA counts a leg's time. */
export interface LegMeasurement {
  readonly seq: number;
  readonly startedAtMs: number;
  /** The hand-over to the next leg (its first event), or the delivery for the last leg. */
  readonly completedAtMs: number;
  readonly durationMs: number;
}

/** Where a parcel stood at an earlier rebuild: its legs before currentLegSeq were complete then. */
export interface CompletionPoint {
  readonly currentLegSeq: number | null;
  readonly delivered: boolean;
}

const completedAt = (seq: number, at: CompletionPoint): boolean =>
  at.delivered || (at.currentLegSeq !== null && seq < at.currentLegSeq);

/**
 * The measured durations of the shipment's completed legs (a later leg has an event, or the
 * parcel is delivered); with `before`, only of those legs that were not complete then (the legs
 * just completed). A leg starts as the ETA starts it (etaForTimeline): at its first event, or at
 * the previous leg's last event when earlier (partners often scan a parcel a while after taking
 * it over). It ends at the next leg's first event (the hand-over), the last leg at the delivery.
 *
 * A leg is measured only when both its ends were seen: it has events of its own, the leg before
 * it (if any) has events, and the leg after it has events (or, for the last leg, the parcel is
 * delivered). Otherwise an unscanned neighbour's time would be counted as this leg's. Negative
 * or non-finite durations (clocks of two partners disagreeing) are left out.
 */
export function measuredLegDurations(
  timeline: Timeline,
  legs: readonly { readonly seq: number }[],
  before: CompletionPoint = { currentLegSeq: null, delivered: false },
): LegMeasurement[] {
  const now: CompletionPoint = {
    currentLegSeq: timeline.currentLegSeq,
    delivered: timeline.status.status === 'delivered',
  };
  const seqs = legs.map((l) => l.seq).sort((a, b) => a - b);
  const activity = new Map(timeline.legs.map((l) => [l.seq, l]));
  const out: LegMeasurement[] = [];
  seqs.forEach((seq, i) => {
    if (!completedAt(seq, now) || completedAt(seq, before)) return;
    const own = activity.get(seq);
    if (!own) return;
    let startedAtMs = own.firstEventMs;
    if (i > 0) {
      const previous = activity.get(seqs[i - 1]!);
      if (!previous) return;
      startedAtMs = Math.min(startedAtMs, previous.lastEventMs);
    }
    let completedAtMs: number | null;
    if (i < seqs.length - 1) completedAtMs = activity.get(seqs[i + 1]!)?.firstEventMs ?? null;
    else completedAtMs = now.delivered ? timeline.status.sinceMs : null;
    if (completedAtMs === null) return;
    const durationMs = completedAtMs - startedAtMs;
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    out.push({ seq, startedAtMs, completedAtMs, durationMs });
  });
  return out;
}

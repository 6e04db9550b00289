import type { TrackingLevel } from '../network/index.ts';
import type { Timeline } from './timeline.ts';

/*
 * Exceptions raised from a shipment's timeline, its legs' expected times and its ETA, as of a
 * given instant (nowMs is an input: the core reads no clock). Each carries a suggested action and
 * a stable key, so that the shell can store them idempotently (raising the same exception on every
 * recomputation updates one record) and close those no longer raised.
 */

export const EXCEPTION_KINDS = [
  'no-scan',
  'leg-over-p90',
  'customs-hold',
  'delivery-failed',
  'promise-at-risk',
  'lost',
  'damaged',
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export const SUGGESTED_ACTIONS = [
  'contact-partner',
  'request-documents',
  're-route-remaining-legs',
  'start-return',
  'contact-buyer',
  'file-claim',
] as const;
export type SuggestedAction = (typeof SUGGESTED_ACTIONS)[number];

export interface TrackingException {
  /** Stable across recomputations of the same situation. */
  readonly key: string;
  readonly kind: ExceptionKind;
  readonly legSeq: number | null;
  readonly partnerId: string | null;
  /** When the situation began (for no-scan: when the silence became abnormal). */
  readonly sinceMs: number;
  readonly suggestedAction: SuggestedAction;
  /** Whether the seller is told (webhook): only what they can act on or must know. */
  readonly notifySeller: boolean;
  readonly detail: string;
}

const HOUR_MS = 3_600_000;

/**
 * How long silence on a leg is normal, by the partner's tracking level:
 *  - full: a partner scanning at each facility scans at least every two days, even on a long line;
 *  - milestones: it scans when it takes the parcel and when it hands it on, so silence is normal
 *    for the whole leg (its P90) and a day more for the hand-over scan to arrive;
 *  - none: no scan is expected on the leg at all; only the next leg's first scan ends the silence,
 *    so the leg's P90 and two days.
 */
export const SCAN_GAP = {
  fullMs: 48 * HOUR_MS,
  milestonesGraceMs: 24 * HOUR_MS,
  noneGraceMs: 48 * HOUR_MS,
} as const;

export function expectedScanGapMs(tracking: TrackingLevel, legP90Ms: number): number {
  switch (tracking) {
    case 'full':
      return SCAN_GAP.fullMs;
    case 'milestones':
      return legP90Ms + SCAN_GAP.milestonesGraceMs;
    case 'none':
      return legP90Ms + SCAN_GAP.noneGraceMs;
  }
}

/** Below even odds a promise is more likely broken than kept: worth acting on while legs remain. */
export const DEFAULT_AT_RISK_BELOW = 0.5;

/** What to do about a customs status, by sub-status. */
const CUSTOMS_ACTIONS: Readonly<Record<string, SuggestedAction>> = {
  // Holds are nearly always resolved with papers (invoice, HS code, value evidence).
  held: 'request-documents',
  information_required: 'request-documents',
  // Duties the buyer owes (DAP): only the buyer can pay them.
  duties_due: 'contact-buyer',
  // Refused import or cancelled export: the goods will not go on.
  refused: 'start-return',
  cancelled: 'start-return',
};

/** What to do about a failed delivery, by reason. */
const DELIVERY_FAILED_ACTIONS: Readonly<Record<string, SuggestedAction>> = {
  no_one_home: 'contact-buyer',
  address_issue: 'contact-buyer',
  business_closed: 'contact-buyer',
  refused: 'start-return',
  security: 'contact-partner',
  unspecified: 'contact-partner',
};

export interface LegExpectation {
  readonly seq: number;
  readonly partnerId: string;
  /** Silence on this leg beyond this is abnormal (expectedScanGapMs). */
  readonly expectedScanGapMs: number;
  /** The leg's P90 duration. */
  readonly p90Ms: number;
}

export interface ExceptionInput {
  readonly nowMs: number;
  readonly timeline: Timeline;
  /** By seq; legs without an expectation raise no time-based exceptions. */
  readonly legs: readonly LegExpectation[];
  /** From the ETA; omitted when unknown. */
  readonly onTimeProbability?: number;
  readonly atRiskBelow?: number;
  /** Before the first event: since when the first scan has been awaited (the hand-over booked). */
  readonly awaitingFirstScanSinceMs?: number;
}

const CUSTOMS_STATUSES = new Set(['import_customs', 'export_customs']);

export function detectExceptions(input: ExceptionInput): TrackingException[] {
  const { nowMs, timeline } = input;
  const out: TrackingException[] = [];
  const status = timeline.status;
  // Runs on every event of every parcel: plain loops over the few legs, nothing built to find one.
  let firstLeg: LegExpectation | undefined;
  for (const l of input.legs) if (firstLeg === undefined || l.seq < firstLeg.seq) firstLeg = l;
  const currentSeq = timeline.currentLegSeq ?? firstLeg?.seq ?? null;
  const current = currentSeq === null ? undefined : input.legs.find((l) => l.seq === currentSeq);
  let remainingLegs = 0;
  if (currentSeq !== null) for (const l of input.legs) if (l.seq > currentSeq) remainingLegs++;
  // The entry that put the shipment in its status (the latest that moved it).
  const statusEntry = timeline.entries.findLast(
    (e) => e.effect !== 'behind' && e.effect !== 'after-terminal',
  );

  if (!status.terminal && current) {
    const silentSince = timeline.lastEventMs ?? input.awaitingFirstScanSinceMs;
    if (silentSince !== undefined && nowMs - silentSince > current.expectedScanGapMs) {
      out.push({
        key: `no-scan:${current.seq}:${silentSince}`,
        kind: 'no-scan',
        legSeq: current.seq,
        partnerId: current.partnerId,
        sinceMs: silentSince + current.expectedScanGapMs,
        suggestedAction: 'contact-partner',
        notifySeller: false,
        detail: `no scan for ${hours(nowMs - silentSince)} h on leg ${current.seq} (expected at least every ${hours(current.expectedScanGapMs)} h)`,
      });
    }
    const activity = timeline.legs.find((l) => l.seq === current.seq);
    if (activity && nowMs - activity.firstEventMs > current.p90Ms) {
      out.push({
        key: `leg-over-p90:${current.seq}`,
        kind: 'leg-over-p90',
        legSeq: current.seq,
        partnerId: current.partnerId,
        sinceMs: activity.firstEventMs + current.p90Ms,
        suggestedAction: 'contact-partner',
        notifySeller: false,
        detail: `leg ${current.seq} has taken ${hours(nowMs - activity.firstEventMs)} h, over its P90 of ${hours(current.p90Ms)} h`,
      });
    }
  }

  const sinceMs = status.sinceMs ?? nowMs;
  const ref = () =>
    statusEntry ? `${statusEntry.event.partnerId}/${statusEntry.event.eventId}` : 'none';
  const legSeq = statusEntry?.legSeq ?? null;
  const partnerId = statusEntry?.event.partnerId ?? null;
  if (CUSTOMS_STATUSES.has(status.status) && status.subStatus !== null) {
    const action = CUSTOMS_ACTIONS[status.subStatus];
    if (action) {
      out.push({
        key: `customs-hold:${ref()}`,
        kind: 'customs-hold',
        legSeq,
        partnerId,
        sinceMs,
        suggestedAction: action,
        // The seller holds the documents and the relation with the buyer.
        notifySeller: true,
        detail: `${status.status.replaceAll('_', ' ')}: ${status.subStatus.replaceAll('_', ' ')}`,
      });
    }
  }
  if (status.status === 'delivery_failed') {
    out.push({
      key: `delivery-failed:${ref()}`,
      kind: 'delivery-failed',
      legSeq,
      partnerId,
      sinceMs,
      suggestedAction:
        DELIVERY_FAILED_ACTIONS[status.subStatus ?? 'unspecified'] ?? 'contact-partner',
      notifySeller: true,
      detail: `delivery failed: ${(status.subStatus ?? 'unspecified').replaceAll('_', ' ')}`,
    });
  }
  if (status.status === 'lost' || status.status === 'damaged') {
    out.push({
      key: `${status.status}:${ref()}`,
      kind: status.status,
      legSeq,
      partnerId,
      sinceMs,
      suggestedAction: status.status === 'lost' ? 'file-claim' : 'contact-partner',
      notifySeller: true,
      detail: status.status === 'lost' ? 'declared lost by a partner' : 'reported damaged',
    });
  }
  const atRiskBelow = input.atRiskBelow ?? DEFAULT_AT_RISK_BELOW;
  if (
    !status.terminal &&
    input.onTimeProbability !== undefined &&
    input.onTimeProbability < atRiskBelow
  ) {
    out.push({
      key: 'promise-at-risk',
      kind: 'promise-at-risk',
      legSeq: currentSeq,
      partnerId: current?.partnerId ?? null,
      sinceMs: nowMs,
      // Re-routing needs legs not yet started; with none left only the partner can speed things up.
      suggestedAction: remainingLegs > 0 ? 're-route-remaining-legs' : 'contact-partner',
      notifySeller: true,
      detail: `probability of meeting the promise ${Math.round(input.onTimeProbability * 100)} %, below ${Math.round(atRiskBelow * 100)} %`,
    });
  }
  if (out.length > 1) out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

const hours = (ms: number): number => Math.round(ms / HOUR_MS);

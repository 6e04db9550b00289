// Builders for tracking tests and bench/tracking: a plausible journey of partner events along a
// shipment's legs, in each partner's own codes (read from its mapping table), so what goes in is
// what partners send. Not used by the service.
import {
  lookupCode,
  type MappingEntry,
  statusTraits,
  tableInForce,
  type TrackingMappings,
} from '../../core/tracking/index.ts';
import type { StoredLeg, TrackingContext } from './tracking-context.ts';

export interface JourneyEvent {
  readonly partnerId: string;
  readonly event: {
    readonly eventId: string;
    readonly trackingNumber: string;
    readonly code: string;
    readonly occurredAt: string;
    readonly location: { readonly country: string | null; readonly city: string | null };
    readonly description: string;
  };
}

/** Every code a partner's table in force (with the shared tables it uses) maps, with its entry. */
export function codesOf(
  mappings: TrackingMappings,
  partnerId: string,
  atMs: number,
): { code: string; entry: MappingEntry }[] {
  const table = tableInForce(mappings.partners.get(partnerId), atMs);
  if (!table) return [];
  const out = new Map<string, MappingEntry>();
  for (const [code, entry] of table.entries) out.set(code, entry);
  for (const use of table.uses) {
    const shared = tableInForce(mappings.shared.get(use), atMs);
    for (const [code, entry] of shared?.entries ?? []) if (!out.has(code)) out.set(code, entry);
  }
  return [...out].map(([code, entry]) => ({ code, entry }));
}

/** A code of the partner for this status (and sub-status, when given), if its table has one. */
export function codeFor(
  mappings: TrackingMappings,
  partnerId: string,
  atMs: number,
  status: string,
  subStatus?: string,
): string | undefined {
  return codesOf(mappings, partnerId, atMs).find(
    (c) =>
      c.entry.status === status &&
      (subStatus === undefined || c.entry.subStatus === subStatus) &&
      lookupCode(mappings, partnerId, c.code, atMs).ok,
  )?.code;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An instant written with an offset, as partners write them. */
export function isoWithOffset(utcMs: number, offsetMinutes: number): string {
  const local = new Date(utcMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  return `${local}${offsetText(offsetMinutes)}`;
}

/**
 * The journey of one parcel: for each leg, in order, up to `perLeg` forward statuses its partner's
 * codes can say, at or past the progress reached (so the status moves forward leg by leg), the
 * last leg ending delivered when its partner can say so. One event every `stepMs` from startMs;
 * each partner writes its local offset (+08:00 in China, +01:00 elsewhere) and the city of the
 * leg's end.
 */
export function journeyEvents(
  ctx: TrackingContext,
  legs: readonly StoredLeg[],
  trackingNumberOf: (leg: StoredLeg) => string,
  options: {
    readonly startMs: number;
    readonly stepMs: number;
    readonly eventIdPrefix: string;
    readonly perLeg?: number;
  },
): JourneyEvent[] {
  const out: JourneyEvent[] = [];
  let at = options.startMs;
  let progress = 0;
  const perLeg = options.perLeg ?? 3;
  legs.forEach((leg, i) => {
    const last = i === legs.length - 1;
    const candidates = codesOf(ctx.mappings, leg.partnerId, at)
      .filter((c) => {
        const t = statusTraits(c.entry);
        return !t.exceptional && t.stage !== null && t.stage >= progress;
      })
      .sort((a, b) => statusTraits(a.entry).stage! - statusTraits(b.entry).stage!);
    const byStage = new Map<number, { code: string; entry: MappingEntry }>();
    for (const c of candidates) {
      const stage = statusTraits(c.entry).stage!;
      // Delivered is a journey's end: only the last leg says it.
      if (c.entry.status === 'delivered' && !last) continue;
      if (!byStage.has(stage)) byStage.set(stage, c);
    }
    const stages = [...byStage.values()];
    let picked = stages.slice(0, perLeg);
    if (last) {
      const delivered = stages.find((c) => c.entry.status === 'delivered');
      if (delivered && !picked.includes(delivered))
        picked = [...picked.slice(0, perLeg - 1), delivered];
    }
    const place = ctx.place(leg.toPlace);
    const from = ctx.place(leg.fromPlace);
    const where = place.city !== null ? place : from;
    const offset = where.country === 'CN' ? 480 : 60;
    picked.forEach((c, k) => {
      progress = Math.max(progress, statusTraits(c.entry).stage!);
      out.push({
        partnerId: leg.partnerId,
        event: {
          eventId: `${options.eventIdPrefix}-${leg.seq}-${k}`,
          trackingNumber: trackingNumberOf(leg),
          code: c.code,
          occurredAt: isoWithOffset(at, offset),
          location: { country: where.country, city: where.city },
          description: c.entry.description,
        },
      });
      at += options.stepMs;
    });
  });
  return out;
}

import { err, ok, type Result } from '../shared/index.ts';

/** A leg is one activity of a shipment, assigned to one partner service. */
export const LEG_STATUSES = [
  'planned',
  'booked',
  'handed_over',
  'in_progress',
  'done',
  'failed',
  'cancelled',
] as const;
export type LegStatus = (typeof LEG_STATUSES)[number];

const NEXT: Readonly<Record<LegStatus, readonly LegStatus[]>> = {
  planned: ['booked', 'failed', 'cancelled'],
  booked: ['handed_over', 'failed', 'cancelled'],
  handed_over: ['in_progress', 'done', 'failed'],
  in_progress: ['done', 'failed'],
  done: [],
  failed: [],
  cancelled: [],
};

export const TERMINAL_LEG_STATUSES: readonly LegStatus[] = ['done', 'failed', 'cancelled'];

export function legTransition(
  from: LegStatus,
  to: LegStatus,
): Result<LegStatus, { tag: 'invalid-transition'; from: LegStatus; to: LegStatus }> {
  return NEXT[from].includes(to) ? ok(to) : err({ tag: 'invalid-transition', from, to });
}

export const SHIPMENT_STATUSES = [
  'planned',
  'booking',
  'booked',
  'in_transit',
  'delivered',
  'exception',
  'cancelled',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/**
 * A shipment's state is derived from its legs, never stored independently of them:
 * cancelled when every leg is; exception when one failed; delivered when all are done; in transit
 * once goods are with a partner; booked when every leg is booked; booking while some are.
 */
export function shipmentStatus(legs: readonly LegStatus[]): ShipmentStatus {
  if (legs.length === 0) return 'planned';
  if (legs.every((l) => l === 'cancelled')) return 'cancelled';
  if (legs.some((l) => l === 'failed')) return 'exception';
  if (legs.every((l) => l === 'done')) return 'delivered';
  if (legs.some((l) => l === 'handed_over' || l === 'in_progress' || l === 'done'))
    return 'in_transit';
  if (legs.every((l) => l === 'booked')) return 'booked';
  if (legs.some((l) => l === 'booked')) return 'booking';
  return 'planned';
}

// Which events an endpoint receives. Pure.

/** The event types Silkline records today (service/orders.ts, service/booking.ts). */
export const WEBHOOK_EVENT_TYPES = [
  'order.planned',
  'order.infeasible',
  'order.booked',
  'order.replanned',
  'order.failed',
  'shipment.booked',
  'shipment.cancelled',
  'shipment.exception',
  'shipment.in_transit',
  'shipment.delivered',
  'leg.refused',
  'tracking.status_changed',
  'tracking.exception',
  'tracking.exception_resolved',
] as const;

/** Families an endpoint may subscribe to as a whole (`order.*`), including types added later. */
export const WEBHOOK_EVENT_FAMILIES = ['order', 'shipment', 'leg', 'tracking'] as const;

/** Why an entry of an endpoint's `events` list is not accepted, or null when it is. */
export function eventFilterProblem(entry: string): string | null {
  if ((WEBHOOK_EVENT_TYPES as readonly string[]).includes(entry)) return null;
  if (entry === '*') return null;
  const family = /^([a-z]+)\.\*$/.exec(entry)?.[1];
  if (family && (WEBHOOK_EVENT_FAMILIES as readonly string[]).includes(family)) return null;
  return `unknown event type "${entry}"; use one of ${WEBHOOK_EVENT_TYPES.join(', ')}, or ${WEBHOOK_EVENT_FAMILIES.map((f) => `${f}.*`).join(', ')} or *`;
}

/** Whether an endpoint with this filter (null: every event) receives an event of this type. */
export function eventMatches(filter: readonly string[] | null, type: string): boolean {
  if (filter === null) return true;
  return filter.some(
    (f) => f === '*' || f === type || (f.endsWith('.*') && type.startsWith(f.slice(0, -1))),
  );
}

// Builders for the tracking tests: normalized events and a shipment's legs without going through
// mapping files. Not exported from index.ts.
import type { CountryCode } from '../shared/index.ts';
import type { TrackingEvent } from './normalize.ts';
import type { TrackingStatus } from './status.ts';
import type { ShipmentLeg } from './timeline.ts';

export const T0 = Date.UTC(2026, 2, 2, 0, 0, 0);
export const HOUR = 3_600_000;

export function trackingEvent(fields: {
  partnerId: string;
  eventId: string;
  status: TrackingStatus;
  subStatus?: string | null;
  atMs: number;
  country?: string | null;
  city?: string | null;
  code?: string;
  description?: string;
  offsetMinutes?: number;
  trackingNumber?: string;
}): TrackingEvent {
  const trackingNumber = fields.trackingNumber ?? 'LN123456789';
  return {
    partnerId: fields.partnerId,
    eventId: fields.eventId,
    trackingNumber,
    trackingKey: trackingNumber.toUpperCase(),
    code: fields.code ?? `${fields.status}/${fields.subStatus ?? ''}`,
    status: fields.status,
    subStatus: fields.subStatus ?? null,
    occurredAt: {
      utcMs: fields.atMs,
      offsetMinutes: fields.offsetMinutes ?? 480,
      text: new Date(fields.atMs).toISOString(),
    },
    location: {
      country: (fields.country ?? null) as CountryCode | null,
      city: fields.city ?? null,
    },
    description: fields.description ?? '',
    mapping: { table: fields.partnerId, validFrom: '2026-01-01' },
  };
}

/** A value-chain shipment Shenzhen → London as the planner builds one (see docs/planning.md). */
export const LONDON_LEGS: readonly ShipmentLeg[] = [
  leg(
    1,
    'pearl-pickup',
    ['pickup'],
    ['sr-shenzhen', 'CN', 'Shenzhen'],
    ['hub-shenzhen', 'CN', 'Shenzhen'],
  ),
  leg(
    2,
    'nanling-logistics-centre',
    ['hub-handling'],
    ['hub-shenzhen', 'CN', 'Shenzhen'],
    ['hub-shenzhen', 'CN', 'Shenzhen'],
  ),
  leg(
    3,
    'greatbay-trucking',
    ['domestic-linehaul'],
    ['hub-shenzhen', 'CN', 'Shenzhen'],
    ['gw-szx', 'CN', 'Shenzhen'],
  ),
  leg(
    4,
    'shekou-customs-brokerage',
    ['export-clearance'],
    ['gw-szx', 'CN', 'Shenzhen'],
    ['gw-szx', 'CN', 'Shenzhen'],
  ),
  leg(
    5,
    'skybridge-consolidators',
    ['international-linehaul'],
    ['gw-szx', 'CN', 'Shenzhen'],
    ['gw-lhr', 'GB', 'London'],
  ),
  leg(
    6,
    'thames-clearance',
    ['import-clearance'],
    ['gw-lhr', 'GB', 'London'],
    ['gw-lhr', 'GB', 'London'],
  ),
  leg(
    7,
    'albion-delivery',
    ['last-mile'],
    ['gw-lhr', 'GB', 'London'],
    ['buyer:GB:SW1A 1AA', 'GB', null],
  ),
];

function leg(
  seq: number,
  partnerId: string,
  activities: ShipmentLeg['activities'],
  from: [string, string, string | null],
  to: [string, string, string | null],
): ShipmentLeg {
  return {
    seq,
    partnerId,
    serviceId: `${partnerId}-service`,
    ...(activities ? { activities } : {}),
    from: { id: from[0], country: from[1], city: from[2] },
    to: { id: to[0], country: to[1], city: to[2] },
  };
}

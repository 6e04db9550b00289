import type { BookingResult, LegBooking, PartnerAdapter, PartnerEvent } from '../adapter.ts';

/**
 * The built-in adapter for the demo network's simulated partners: bookings are accepted at once
 * (idempotently, keyed on the leg), except services named in `refuse`, which refuse every
 * booking: that is how a refusal and the re-planning after it can be shown and tested.
 */
export function builtinAdapter(options: { refuse?: ReadonlySet<string> } = {}): PartnerAdapter {
  const booked = new Map<string, string>();
  return {
    async book(leg: LegBooking): Promise<BookingResult> {
      if (options.refuse?.has(leg.serviceId)) {
        return {
          ok: false,
          refused: true,
          reason: `${leg.partnerId} refuses bookings on ${leg.serviceId}`,
        };
      }
      let ref = booked.get(leg.legId);
      if (!ref) {
        ref = `${leg.partnerId.toUpperCase().slice(0, 6)}-${leg.legId.slice(-10).toUpperCase()}`;
        booked.set(leg.legId, ref);
      }
      return { ok: true, partnerRef: ref };
    },
    async cancel(legId: string): Promise<void> {
      booked.delete(legId);
    },
    async fetchEvents(): Promise<readonly PartnerEvent[]> {
      return [];
    },
  };
}

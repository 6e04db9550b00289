/**
 * Every partner sits behind this one interface: book a leg, cancel it, fetch its events. Each
 * partner's code lives in its own folder under src/shell/partners/, where exactly one file talks
 * to the partner's systems.
 */
export interface LegBooking {
  readonly legId: string;
  readonly shipmentId: string;
  readonly partnerId: string;
  readonly serviceId: string;
  readonly activity: string;
  readonly from: string;
  readonly to: string;
  readonly parcels: readonly {
    readonly weightG: number;
    readonly dims?: { lengthMm: number; widthMm: number; heightMm: number } | undefined;
  }[];
}

export type BookingResult =
  | { readonly ok: true; readonly partnerRef: string }
  /** The partner will not carry it (retrying will not help): the planner re-plans without this service. */
  | { readonly ok: false; readonly refused: true; readonly reason: string }
  /** The partner could not answer now: the job retries with backoff. */
  | { readonly ok: false; readonly refused: false; readonly reason: string };

export interface PartnerEvent {
  /** The tracking number the partner knows the parcel by (its reference, an S10, …). */
  readonly partnerRef: string;
  readonly code: string;
  /** ISO 8601 with the offset where it happened. */
  readonly occurredAt: string;
  readonly description: string;
  /** The partner's own event id; without one, the event's content identifies it (tracking-poll.ts). */
  readonly eventId?: string | undefined;
  readonly location?:
    { readonly country?: string | null; readonly city?: string | null } | undefined;
}

export interface PartnerAdapter {
  /** Must be idempotent on legId: booking the same leg twice returns the same reference. */
  book(leg: LegBooking): Promise<BookingResult>;
  cancel(legId: string, partnerRef: string): Promise<void>;
  /** Events the partner's tracking API has from `sinceIso` on (repeats are recorded once). */
  fetchEvents(sinceIso: string): Promise<readonly PartnerEvent[]>;
  /** Set for partners with a tracking API to poll (the poll job calls fetchEvents this often). */
  readonly tracking?: { readonly pollEverySeconds: number } | undefined;
}

/** Finds the adapter for a partner (the built-in one serves the demo network). */
export type AdapterRegistry = (partnerId: string) => PartnerAdapter;

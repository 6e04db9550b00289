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
  readonly partnerRef: string;
  readonly code: string;
  readonly occurredAt: string;
  readonly description: string;
}

export interface PartnerAdapter {
  /** Must be idempotent on legId: booking the same leg twice returns the same reference. */
  book(leg: LegBooking): Promise<BookingResult>;
  cancel(legId: string, partnerRef: string): Promise<void>;
  fetchEvents(sinceIso: string): Promise<readonly PartnerEvent[]>;
}

/** Finds the adapter for a partner (the built-in one serves the demo network). */
export type AdapterRegistry = (partnerId: string) => PartnerAdapter;

/*
 * Silkline's tracking status taxonomy: one vocabulary every partner's codes are mapped into.
 *
 * It is at least as expressive as the taxonomies buyers and sellers already know
 * (shared/reference/tracking.md): every AfterShip tag and every 17TRACK main status and sub-status
 * named there has a Silkline status (and sub-status) that says the same thing, written beside it
 * below (`aftership`, `track17`); status.test.ts checks the list is covered. Every UPU EMSEVT event
 * of the reference maps to one (data/tracking/mappings/upu-emsevt.yaml).
 *
 * Three properties of a status decide how a shipment's current status moves (applyStatusEvent):
 *  - `stage`: its place in the progress order a parcel normally goes through. Forward statuses move
 *    the shipment's status only forward, so a late or mis-timed scan ("departed" stamped after
 *    "arrived in destination country") is kept in the timeline but cannot pull the status back.
 *    Equal stages are alternatives at the same point of the journey (a retried delivery goes
 *    out_for_delivery → delivery_failed → out_for_delivery again). null: the status is not a point
 *    on the journey (damaged, delayed) and never raises it.
 *  - `exceptional`: it may follow any non-terminal state, whatever the progress, because it says
 *    something went wrong wherever the parcel is (customs can recall a parcel already at the
 *    delivery depot; a parcel can be damaged or lost at any point). A later event that shows it is
 *    over ends it (applyStatusEvent says which).
 *  - `terminal`: nothing after it changes the status (except the exits in TERMINAL_EXITS): a
 *    parcel delivered, returned to its sender, lost or cancelled is finished.
 *
 * A sub-status inherits its status's properties unless it overrides them (a return in transit is
 * not finished; a completed return is).
 */

export const TRACKING_STATUSES = [
  'pending',
  'info_received',
  'picked_up',
  'at_hub',
  'export_customs',
  'departed',
  'in_transit',
  'arrived_destination',
  'import_customs',
  'at_destination_hub',
  'out_for_delivery',
  'delivery_failed',
  'available_for_pickup',
  'delivered',
  'returned_to_sender',
  'lost',
  'damaged',
  'delayed',
  'cancelled',
  'expired',
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

export interface StatusTraits {
  /** Place in the progress order; null when the status is not a point on the journey. */
  readonly stage: number | null;
  readonly exceptional: boolean;
  readonly terminal: boolean;
}

export interface SubStatusDefinition extends Partial<StatusTraits> {
  readonly description: string;
  /** The AfterShip tag or sub-status that says the same, where one does. */
  readonly aftership?: string;
  /** The 17TRACK status or sub-status that says the same, where one does. */
  readonly track17?: string;
}

export interface StatusDefinition extends StatusTraits {
  readonly description: string;
  readonly aftership: string;
  readonly track17: string;
  readonly subStatuses: Readonly<Record<string, SubStatusDefinition>>;
}

// Stages are spaced by ten so a status can later be placed between two without renumbering.
const FORWARD = { exceptional: false, terminal: false } as const;
const EXCEPTION = { exceptional: true, terminal: false } as const;

export const STATUS_TAXONOMY = {
  // No event yet. Not mapped from partner codes: it is what a shipment is before its first event.
  pending: {
    description: 'Waiting for the first event',
    stage: 0,
    ...FORWARD,
    aftership: 'Pending',
    track17: 'NotFound',
    subStatuses: {},
  },
  info_received: {
    description: 'Shipment information received; goods not yet handed over',
    stage: 10,
    ...FORWARD,
    aftership: 'InfoReceived',
    track17: 'InfoReceived',
    subStatuses: {
      label_created: { description: 'Label created' },
      pre_advice: { description: 'Electronic pre-advice received from a partner' },
      pickup_scheduled: { description: 'Collection from the seller scheduled' },
    },
  },
  picked_up: {
    description: 'Goods handed over to the first partner',
    stage: 20,
    ...FORWARD,
    aftership: 'InTransit',
    track17: 'InTransit_PickedUp',
    subStatuses: {
      collected: { description: 'Collected from the seller' },
      dropped_off: { description: 'Handed in at a counter or drop-off point' },
    },
  },
  // In the origin country before export: hubs, sorting, consolidation, the export gateway.
  at_hub: {
    description: 'At an origin hub or sorting centre',
    stage: 30,
    ...FORWARD,
    aftership: 'InTransit',
    track17: 'InTransit',
    subStatuses: {
      arrived: { description: 'Arrived at a hub' },
      processed: { description: 'Sorted or processed at a hub' },
      consolidated: { description: 'Consolidated into a bag or master shipment' },
      departed: { description: 'Left a hub for the next origin facility' },
      at_export_gateway: {
        description:
          'At the export gateway (outward office of exchange, airport, port, rail terminal)',
      },
    },
  },
  export_customs: {
    description: 'Export customs in the origin country',
    stage: 40,
    ...FORWARD,
    aftership: 'InTransit',
    track17: 'InTransit_CustomsProcessing',
    subStatuses: {
      presented: { description: 'Presented to export customs', aftership: 'InTransit_006' },
      // Holds may come at any point (a recall after release), so they are exceptional.
      held: { description: 'Held by export customs or security', ...EXCEPTION },
      released: { description: 'Released by export customs', track17: 'InTransit_CustomsReleased' },
      // The goods will not leave: exceptional, and not terminal because a return normally follows.
      cancelled: {
        description: 'Export cancelled',
        ...EXCEPTION,
        aftership: 'Exception',
        track17: 'Exception_Cancel',
      },
    },
  },
  departed: {
    description: 'Left the origin country',
    stage: 50,
    ...FORWARD,
    aftership: 'InTransit',
    track17: 'InTransit_Departure',
    subStatuses: {
      left_export_office: { description: 'Left the outward office of exchange' },
      handed_to_carrier: { description: 'Handed to the line-haul carrier' },
      carrier_departed: { description: 'Flight, vessel or train departed' },
    },
  },
  in_transit: {
    description: 'In transit between countries',
    stage: 60,
    ...FORWARD,
    aftership: 'InTransit',
    track17: 'InTransit',
    subStatuses: {
      arrived_transit: { description: 'Arrived at a transit office or hub' },
      departed_transit: { description: 'Left a transit office or hub' },
      border_crossing: { description: 'Crossing a land border' },
      en_route: { description: 'On its way' },
    },
  },
  arrived_destination: {
    description: 'Arrived in the destination country',
    stage: 70,
    ...FORWARD,
    aftership: 'InTransit_004',
    track17: 'InTransit_Arrival',
    subStatuses: {
      arrived: { description: 'Arrived in the destination country' },
      awaiting_customs: { description: 'Held at the inward office of exchange awaiting customs' },
      handed_to_broker: { description: 'Handed to the customs broker' },
    },
  },
  import_customs: {
    description: 'Import customs in the destination country',
    stage: 80,
    ...FORWARD,
    aftership: 'InTransit_006',
    track17: 'InTransit_CustomsProcessing',
    subStatuses: {
      presented: { description: 'Presented to import customs' },
      held: {
        description: 'Held by import customs',
        ...EXCEPTION,
        aftership: 'Exception_004',
        track17: 'InTransit_CustomsProcessing',
      },
      information_required: {
        description: 'Customs needs information or documents',
        ...EXCEPTION,
        track17: 'InTransit_CustomsRequiringInformation',
      },
      duties_due: { description: 'Duties or taxes to be paid before release', ...EXCEPTION },
      released: {
        description: 'Released by import customs',
        aftership: 'InTransit_005',
        track17: 'InTransit_CustomsReleased',
      },
      // Import terminated (UPU EDX): customs will not let the goods in; a return or destruction follows.
      refused: { description: 'Import refused by customs', ...EXCEPTION, aftership: 'Exception' },
    },
  },
  // In the destination's domestic network after clearance, before the last attempt. Needed as its
  // own stage: were these scans filed under arrived_destination they would sit before customs.
  at_destination_hub: {
    description: 'In the destination network (sorting centre, delivery depot)',
    stage: 90,
    ...FORWARD,
    aftership: 'InTransit',
    track17: 'InTransit',
    subStatuses: {
      left_import_office: { description: 'Left the inward office of exchange' },
      arrived: { description: 'Arrived at a sorting centre or depot' },
      sorted: { description: 'Sorted' },
      departed: { description: 'Left a sorting centre or depot' },
      at_delivery_office: { description: 'At the delivery office' },
      held_at_depot: { description: 'Held at the delivery depot' },
      packed_at_warehouse: { description: 'Picked and packed at the fulfilment warehouse' },
    },
  },
  out_for_delivery: {
    description: 'Out for delivery',
    stage: 100,
    ...FORWARD,
    aftership: 'OutForDelivery',
    track17: 'OutForDelivery',
    subStatuses: {
      with_courier: { description: 'With the courier for delivery' },
    },
  },
  // At the same stage as out_for_delivery so that a new attempt after a failure is a forward move.
  delivery_failed: {
    description: 'Delivery attempt failed',
    stage: 100,
    ...EXCEPTION,
    aftership: 'AttemptFail',
    track17: 'DeliveryFailure',
    subStatuses: {
      no_one_home: {
        description: 'No one to receive the parcel',
        track17: 'DeliveryFailure_NoBody',
      },
      address_issue: {
        description: 'Address incomplete or wrong',
        track17: 'DeliveryFailure_InvalidAddress',
      },
      refused: { description: 'Refused by the recipient', track17: 'DeliveryFailure_Rejected' },
      security: {
        description: 'Not delivered for security reasons',
        track17: 'DeliveryFailure_Security',
      },
      business_closed: { description: 'Business closed' },
      unspecified: { description: 'Delivery failed (no reason given)' },
    },
  },
  available_for_pickup: {
    description: 'Waiting for the buyer to collect',
    stage: 100,
    ...FORWARD,
    aftership: 'AvailableForPickup',
    track17: 'AvailableForPickup',
    subStatuses: {
      at_pickup_point: { description: 'At a pick-up point' },
      at_locker: { description: 'In a parcel locker' },
      at_post_office: { description: 'At the post office' },
    },
  },
  delivered: {
    description: 'Delivered',
    stage: 110,
    exceptional: false,
    terminal: true,
    aftership: 'Delivered',
    track17: 'Delivered',
    subStatuses: {
      to_recipient: { description: 'Delivered to the recipient' },
      to_neighbour: { description: 'Delivered to a neighbour' },
      to_safe_place: { description: 'Left in a safe place' },
      collected: { description: 'Collected by the buyer from a pick-up point' },
      signed: { description: 'Delivered and signed for' },
    },
  },
  // A return may start anywhere, so it is exceptional; its stage (past every delivery attempt)
  // keeps later outbound scans from pulling the status back from "returning" to "out for delivery".
  returned_to_sender: {
    description: 'Returning to the sender',
    stage: 105,
    ...EXCEPTION,
    aftership: 'Exception_010',
    track17: 'Exception_Returning',
    subStatuses: {
      return_in_transit: {
        description: 'Return in transit to the sender',
        aftership: 'Exception_010',
        track17: 'Exception_Returning',
      },
      returned: {
        description: 'Returned to the sender',
        terminal: true,
        aftership: 'Exception_011',
        track17: 'Exception_Returned',
      },
      disposed: { description: 'Return disposed of at the sender’s instruction', terminal: true },
    },
  },
  lost: {
    description: 'Lost',
    stage: null,
    exceptional: true,
    terminal: true,
    aftership: 'Exception',
    track17: 'Exception_Lost',
    subStatuses: {
      declared_lost: { description: 'Declared lost by a partner', track17: 'Exception_Lost' },
      destroyed: { description: 'Destroyed', track17: 'Exception_Destroyed' },
      confiscated: { description: 'Seized by the authorities' },
    },
  },
  // Damage is reported wherever it happens and the parcel usually travels on: exceptional, not terminal.
  damaged: {
    description: 'Damaged',
    stage: null,
    ...EXCEPTION,
    aftership: 'Exception',
    track17: 'Exception_Damage',
    subStatuses: {
      damaged: { description: 'Damaged' },
      repacked: { description: 'Damaged packaging repacked' },
    },
  },
  delayed: {
    description: 'Delayed',
    stage: null,
    ...EXCEPTION,
    aftership: 'Exception',
    track17: 'Exception_Delayed',
    subStatuses: {
      weather: { description: 'Delayed by weather' },
      missed_connection: { description: 'Missed a flight, vessel or train' },
      capacity: { description: 'Delayed for lack of capacity' },
      operational: { description: 'Delayed by an operational problem' },
    },
  },
  cancelled: {
    description: 'Cancelled',
    stage: null,
    exceptional: true,
    terminal: true,
    aftership: 'Exception',
    track17: 'Exception_Cancel',
    subStatuses: {
      by_sender: { description: 'Cancelled by the sender' },
      by_partner: { description: 'Cancelled by the partner' },
    },
  },
  // Derived, not reported: no event for EXPIRE_AFTER_MS (AfterShip's Expired is 30 days). A partner
  // code may still map here; any later event clears it.
  expired: {
    description: 'No updates for too long',
    stage: null,
    ...EXCEPTION,
    aftership: 'Expired',
    track17: 'Expired',
    subStatuses: {
      no_updates: { description: 'No updates for too long' },
    },
  },
} as const satisfies Record<TrackingStatus, StatusDefinition>;

/**
 * Terminal statuses a later event may still leave, and for what. A parcel declared lost is
 * sometimes found: a delivery or a completed return is stronger evidence than the declaration.
 */
export const TERMINAL_EXITS: Readonly<Partial<Record<TrackingStatus, readonly TrackingStatus[]>>> =
  {
    lost: ['delivered', 'returned_to_sender'],
  };

/** AfterShip treats 30 days without information as Expired; so does Silkline by default. */
export const EXPIRE_AFTER_MS = 30 * 86_400_000;

export type SubStatusOf<S extends TrackingStatus> =
  keyof (typeof STATUS_TAXONOMY)[S]['subStatuses'] & string;

/** A status with an optional sub-status (null: the status alone). */
export interface StatusValue {
  readonly status: TrackingStatus;
  readonly subStatus: string | null;
}

export function isTrackingStatus(text: string): text is TrackingStatus {
  return Object.hasOwn(STATUS_TAXONOMY, text);
}

export function subStatusesOf(status: TrackingStatus): readonly string[] {
  return Object.keys(STATUS_TAXONOMY[status].subStatuses);
}

export function isSubStatusOf(status: TrackingStatus, subStatus: string): boolean {
  return Object.hasOwn(STATUS_TAXONOMY[status].subStatuses, subStatus);
}

function subDefinition(value: StatusValue): SubStatusDefinition | undefined {
  if (value.subStatus === null) return undefined;
  const subs: Readonly<Record<string, SubStatusDefinition>> =
    STATUS_TAXONOMY[value.status].subStatuses;
  return Object.hasOwn(subs, value.subStatus) ? subs[value.subStatus] : undefined;
}

/** Stage, exceptional and terminal of a status and sub-status (the sub-status overrides). */
export function statusTraits(value: StatusValue): StatusTraits {
  const main: StatusDefinition = STATUS_TAXONOMY[value.status];
  const sub = subDefinition(value);
  return {
    stage: sub?.stage !== undefined ? sub.stage : main.stage,
    exceptional: sub?.exceptional ?? main.exceptional,
    terminal: sub?.terminal ?? main.terminal,
  };
}

export function describeStatus(value: StatusValue): string {
  return subDefinition(value)?.description ?? STATUS_TAXONOMY[value.status].description;
}

/** How one event changed the shipment's status, for operators reading the timeline. */
export type StatusEffect =
  /** A forward move (stage at or past the progress so far). */
  | 'advanced'
  /** An exceptional status took over. */
  | 'exception'
  /** A later event ended an exception: the status went back to where the journey stands. */
  | 'cleared'
  /** Behind the progress already reached: kept in the timeline, the status did not move back. */
  | 'behind'
  /** After a terminal status: kept in the timeline, the status did not change. */
  | 'after-terminal';

export interface StatusState {
  /** What the shipment shows. */
  readonly current: StatusValue;
  /**
   * Where the journey stands beneath unstaged exceptions (damaged, delayed): the last forward
   * status or staged exception (a customs hold, a failed attempt, a return). An unstaged exception
   * that clears goes back to it.
   */
  readonly base: StatusValue;
  /** The furthest stage reached (forward events and staged exceptions). */
  readonly progressStage: number;
  /**
   * The furthest forward status any event has shown (the later one on a tie), whether or not it
   * moved the shown status when it came: where a cleared exception goes back to.
   */
  readonly lastForward: StatusValue;
}

const PENDING: StatusValue = { status: 'pending', subStatus: null };

export const INITIAL_STATUS_STATE: StatusState = {
  current: PENDING,
  base: PENDING,
  progressStage: 0,
  lastForward: PENDING,
};

/**
 * The never-backwards rule: the shipment's status after one more event, events being applied in
 * timeline order (occurredAt, then the stable tiebreak of timeline.ts).
 *  - after a terminal status nothing changes, except the exits of TERMINAL_EXITS;
 *  - an exceptional status always takes over; a staged one (customs hold, failed attempt, return)
 *    also becomes where the journey stands and raises the progress to its stage;
 *  - a forward status moves the shipment only when its stage is at or past the progress reached;
 *  - a forward status behind the progress still ends an exception it shows to be over: any scan
 *    ends an unstaged one (damage, delay: the parcel moves again), and a scan at or past a staged
 *    one's stage ends it (a release after a hold). The status then goes back to where the journey
 *    stands: the furthest forward status reached by any event so far (a hold raised the progress
 *    past every forward scan, so the late scan may itself be that furthest one).
 * Hence, whatever order events come in, the shown forward status is the furthest forward event
 * known at its point of the timeline, and a late scan short of the shown status changes nothing.
 */
export function applyStatusEvent(
  state: StatusState,
  event: StatusValue,
): { state: StatusState; effect: StatusEffect } {
  const now = statusTraits(state.current);
  if (now.terminal && !(TERMINAL_EXITS[state.current.status] ?? []).includes(event.status)) {
    return { state, effect: 'after-terminal' };
  }
  const next = statusTraits(event);
  const value: StatusValue = { status: event.status, subStatus: event.subStatus };
  if (next.exceptional) {
    if (next.stage === null) return { state: { ...state, current: value }, effect: 'exception' };
    return {
      state: {
        ...state,
        current: value,
        base: value,
        progressStage: Math.max(state.progressStage, next.stage),
      },
      effect: 'exception',
    };
  }
  // Forward statuses always have a stage (status.test.ts checks it).
  const stage = next.stage ?? 0;
  // Every forward event counts towards the furthest status reached, whether or not it moves the
  // shown status now: a late scan may be the furthest evidence once an exception clears.
  const furthest =
    stage >= (statusTraits(state.lastForward).stage ?? 0) ? value : state.lastForward;
  if (stage >= state.progressStage) {
    return {
      state: { current: value, base: value, progressStage: stage, lastForward: value },
      effect: 'advanced',
    };
  }
  if (now.exceptional && !now.terminal) {
    // Beneath an unstaged exception lies the base, which may itself be a staged one.
    const under = now.stage === null ? statusTraits(state.base) : now;
    if (under.exceptional && under.stage !== null && stage >= under.stage) {
      return {
        state: { ...state, current: furthest, base: furthest, lastForward: furthest },
        effect: 'cleared',
      };
    }
    if (now.stage === null) {
      const base = under.exceptional ? state.base : furthest;
      return {
        state: { ...state, current: base, base, lastForward: furthest },
        effect: 'cleared',
      };
    }
    return { state: { ...state, lastForward: furthest }, effect: 'behind' };
  }
  if (!now.exceptional && furthest !== state.lastForward) {
    // Behind the progress (a cleared exception had raised it) yet past the status shown.
    return {
      state: { ...state, current: furthest, base: furthest, lastForward: furthest },
      effect: 'advanced',
    };
  }
  return { state: { ...state, lastForward: furthest }, effect: 'behind' };
}

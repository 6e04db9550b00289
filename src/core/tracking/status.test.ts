import { describe, expect, it } from 'vitest';
import {
  applyStatusEvent,
  INITIAL_STATUS_STATE,
  STATUS_TAXONOMY,
  type StatusState,
  type StatusValue,
  statusTraits,
  subStatusesOf,
  TRACKING_STATUSES,
  type TrackingStatus,
} from './status.ts';

const v = (status: TrackingStatus, subStatus: string | null = null): StatusValue => ({
  status,
  subStatus,
});

function run(events: StatusValue[]): { state: StatusState; effects: string[] } {
  let state = INITIAL_STATUS_STATE;
  const effects: string[] = [];
  for (const e of events) {
    const applied = applyStatusEvent(state, e);
    state = applied.state;
    effects.push(applied.effect);
  }
  return { state, effects };
}

describe('the taxonomy', () => {
  it('defines every status, and gives every forward status a stage', () => {
    expect(Object.keys(STATUS_TAXONOMY).sort()).toEqual([...TRACKING_STATUSES].sort());
    for (const status of TRACKING_STATUSES) {
      for (const sub of [null, ...subStatusesOf(status)]) {
        const t = statusTraits(v(status, sub));
        if (!t.exceptional) expect(t.stage, `${status}/${sub}`).not.toBeNull();
      }
    }
  });

  it('orders the journey from info received to delivered', () => {
    const journey: TrackingStatus[] = [
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
      'delivered',
    ];
    const stages = journey.map((s) => STATUS_TAXONOMY[s].stage!);
    expect(stages).toEqual([...stages].sort((a, b) => a - b));
    expect(new Set(stages).size).toBe(stages.length);
  });

  it('names the terminal and the exceptional statuses', () => {
    const terminal = TRACKING_STATUSES.flatMap((s) =>
      [null, ...subStatusesOf(s)]
        .filter((sub) => statusTraits(v(s, sub)).terminal)
        .map((sub) => `${s}/${sub ?? ''}`),
    );
    expect(terminal).toEqual(
      expect.arrayContaining(['delivered/', 'returned_to_sender/returned', 'lost/', 'cancelled/']),
    );
    expect(terminal).not.toContain('returned_to_sender/return_in_transit');
    for (const [s, sub] of [
      ['import_customs', 'held'],
      ['import_customs', 'information_required'],
      ['export_customs', 'held'],
      ['delivery_failed', 'no_one_home'],
      ['damaged', null],
      ['lost', null],
    ] as const) {
      expect(statusTraits(v(s, sub)).exceptional, `${s}/${sub}`).toBe(true);
    }
    expect(statusTraits(v('import_customs', 'released')).exceptional).toBe(false);
  });

  it('says everything AfterShip and 17TRACK say (shared/reference/tracking.md)', () => {
    const said = new Set<string>();
    for (const def of Object.values(STATUS_TAXONOMY)) {
      said.add(def.aftership);
      said.add(def.track17);
      for (const sub of Object.values(def.subStatuses) as {
        aftership?: string;
        track17?: string;
      }[]) {
        if (sub.aftership) said.add(sub.aftership);
        if (sub.track17) said.add(sub.track17);
      }
    }
    const aftership = [
      'Pending',
      'InfoReceived',
      'InTransit',
      'OutForDelivery',
      'AttemptFail',
      'Delivered',
      'AvailableForPickup',
      'Exception',
      'Expired',
      'Exception_004',
      'Exception_010',
      'Exception_011',
      'InTransit_004',
      'InTransit_005',
      'InTransit_006',
    ];
    const track17 = [
      'NotFound',
      'InfoReceived',
      'InTransit',
      'Expired',
      'AvailableForPickup',
      'OutForDelivery',
      'DeliveryFailure',
      'Delivered',
      'InTransit_PickedUp',
      'InTransit_Departure',
      'InTransit_Arrival',
      'InTransit_CustomsProcessing',
      'InTransit_CustomsReleased',
      'InTransit_CustomsRequiringInformation',
      'DeliveryFailure_NoBody',
      'DeliveryFailure_Security',
      'DeliveryFailure_Rejected',
      'DeliveryFailure_InvalidAddress',
      'Exception_Returning',
      'Exception_Returned',
      'Exception_Damage',
      'Exception_Delayed',
      'Exception_Lost',
      'Exception_Destroyed',
      'Exception_Cancel',
    ];
    for (const name of [...aftership, ...track17]) expect(said, name).toContain(name);
  });
});

describe('applyStatusEvent: the status never moves backwards', () => {
  it('keeps a late "departed" after "arrived in destination country" out of the status', () => {
    const { state, effects } = run([
      v('picked_up', 'collected'),
      v('arrived_destination', 'arrived'),
      v('departed', 'carrier_departed'),
    ]);
    expect(state.current).toEqual(v('arrived_destination', 'arrived'));
    expect(effects).toEqual(['advanced', 'advanced', 'behind']);
  });

  it('lets a customs hold follow any state, and a release end it', () => {
    const { state, effects } = run([
      v('arrived_destination', 'arrived'),
      v('import_customs', 'held'),
      v('import_customs', 'released'),
    ]);
    expect(effects).toEqual(['advanced', 'exception', 'advanced']);
    expect(state.current).toEqual(v('import_customs', 'released'));
    // A recall after the parcel reached the depot: a release then returns to the depot, not to customs.
    const recall = run([
      v('at_destination_hub', 'arrived'),
      v('import_customs', 'held'),
      v('import_customs', 'released'),
    ]);
    expect(recall.effects).toEqual(['advanced', 'exception', 'cleared']);
    expect(recall.state.current).toEqual(v('at_destination_hub', 'arrived'));
  });

  it('clears a hold to the furthest scan known, even one that came behind the progress', () => {
    // A failed attempt raised the progress; then export customs recalled the parcel; then a scan
    // showed it leaving the origin country. The hold is over and the parcel has departed: it must
    // not show "pending" (the last status that once moved forward) nor the failed attempt.
    const { state, effects } = run([
      v('delivery_failed', 'no_one_home'),
      v('export_customs', 'held'),
      v('departed', 'carrier_departed'),
    ]);
    expect(effects).toEqual(['exception', 'exception', 'cleared']);
    expect(state.current).toEqual(v('departed', 'carrier_departed'));
    // A further scan still behind the progress moves the shown status on; an earlier one does not.
    const further = run([
      v('delivery_failed', 'no_one_home'),
      v('export_customs', 'held'),
      v('departed', 'carrier_departed'),
      v('arrived_destination', 'arrived'),
      v('at_hub', 'processed'),
    ]);
    expect(further.effects.slice(3)).toEqual(['advanced', 'behind']);
    expect(further.state.current).toEqual(v('arrived_destination', 'arrived'));
  });

  it('does not let a scan from before customs end a customs hold', () => {
    const { state, effects } = run([
      v('arrived_destination', 'arrived'),
      v('import_customs', 'held'),
      v('in_transit', 'arrived_transit'),
    ]);
    expect(effects.at(-1)).toBe('behind');
    expect(state.current).toEqual(v('import_customs', 'held'));
  });

  it('lets a new delivery attempt follow a failed one', () => {
    const { state } = run([
      v('out_for_delivery', 'with_courier'),
      v('delivery_failed', 'no_one_home'),
      v('out_for_delivery', 'with_courier'),
      v('delivered', 'to_recipient'),
    ]);
    expect(state.current).toEqual(v('delivered', 'to_recipient'));
  });

  it('ends damage at the next scan, back to where the journey stands', () => {
    const { state, effects } = run([
      v('in_transit', 'en_route'),
      v('returned_to_sender', 'return_in_transit'),
      v('damaged', 'damaged'),
      v('at_hub', 'arrived'),
    ]);
    expect(effects).toEqual(['advanced', 'exception', 'exception', 'cleared']);
    expect(state.current).toEqual(v('returned_to_sender', 'return_in_transit'));
  });

  it('keeps a return from going back to outbound delivery statuses', () => {
    const { state } = run([
      v('out_for_delivery', 'with_courier'),
      v('returned_to_sender', 'return_in_transit'),
      v('out_for_delivery', 'with_courier'),
    ]);
    expect(state.current).toEqual(v('returned_to_sender', 'return_in_transit'));
  });

  it('changes nothing after a terminal status, except a lost parcel found', () => {
    const delivered = run([v('delivered', 'to_recipient'), v('delivery_failed', 'refused')]);
    expect(delivered.effects).toEqual(['advanced', 'after-terminal']);
    expect(delivered.state.current.status).toBe('delivered');
    const returned = run([
      v('returned_to_sender', 'returned'),
      v('lost', 'declared_lost'),
      v('out_for_delivery'),
    ]);
    expect(returned.effects).toEqual(['exception', 'after-terminal', 'after-terminal']);
    const found = run([v('lost', 'declared_lost'), v('at_hub'), v('delivered', 'to_recipient')]);
    expect(found.effects).toEqual(['exception', 'after-terminal', 'advanced']);
    expect(found.state.current.status).toBe('delivered');
  });
});

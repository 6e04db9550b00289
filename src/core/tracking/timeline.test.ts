import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrackingEvent } from './normalize.ts';
import {
  applyStatusEvent,
  INITIAL_STATUS_STATE,
  statusTraits,
  type StatusValue,
  subStatusesOf,
  TRACKING_STATUSES,
  type TrackingStatus,
} from './status.ts';
import { HOUR, LONDON_LEGS, T0, trackingEvent } from './test-events.ts';
import {
  buildTimeline,
  buildTimelineWithCursor,
  dedupeEvents,
  extendTimeline,
  legOfEvent,
  type ShipmentLeg,
} from './timeline.ts';

const ev = trackingEvent;

/** A Shenzhen → London shipment's events, as its seven partners report them. */
function londonEvents(): TrackingEvent[] {
  let n = 0;
  const at = (h: number) => T0 + h * HOUR;
  const e = (
    partnerId: string,
    status: TrackingStatus,
    subStatus: string | null,
    h: number,
    country: string,
    city: string | null,
  ) => ev({ partnerId, eventId: `e${++n}`, status, subStatus, atMs: at(h), country, city });
  return [
    e('pearl-pickup', 'info_received', 'pickup_scheduled', 0, 'CN', 'Shenzhen'),
    e('pearl-pickup', 'picked_up', 'collected', 3, 'CN', 'Shenzhen'),
    e('pearl-pickup', 'at_hub', 'arrived', 6, 'CN', 'Shenzhen'),
    e('nanling-logistics-centre', 'at_hub', 'arrived', 6.5, 'CN', 'Shenzhen'),
    e('nanling-logistics-centre', 'at_hub', 'departed', 20, 'CN', 'Shenzhen'),
    e('greatbay-trucking', 'at_hub', 'at_export_gateway', 24, 'CN', 'Shenzhen'),
    e('shekou-customs-brokerage', 'export_customs', 'presented', 26, 'CN', 'Shenzhen'),
    e('shekou-customs-brokerage', 'export_customs', 'released', 30, 'CN', 'Shenzhen'),
    e('skybridge-consolidators', 'departed', 'carrier_departed', 40, 'CN', 'Shenzhen'),
    e('skybridge-consolidators', 'arrived_destination', 'arrived', 56, 'GB', 'London'),
    e('thames-clearance', 'import_customs', 'presented', 60, 'GB', 'London'),
    e('thames-clearance', 'import_customs', 'held', 62, 'GB', 'London'),
    e('thames-clearance', 'import_customs', 'released', 80, 'GB', 'London'),
    e('albion-delivery', 'at_destination_hub', 'arrived', 90, 'GB', 'Reading'),
    e('albion-delivery', 'out_for_delivery', 'with_courier', 100, 'GB', 'London'),
    e('albion-delivery', 'delivered', 'to_recipient', 104, 'GB', 'London'),
  ];
}

describe('buildTimeline', () => {
  it('joins every hand-off in order, each event with its leg and place', () => {
    const t = buildTimeline(LONDON_LEGS, londonEvents());
    expect(t.entries.map((e) => e.legSeq)).toEqual([
      1, 1, 1, 2, 2, 3, 4, 4, 5, 5, 6, 6, 6, 7, 7, 7,
    ]);
    expect(t.status).toEqual({
      status: 'delivered',
      subStatus: 'to_recipient',
      sinceMs: T0 + 104 * HOUR,
      terminal: true,
    });
    expect(t.currentLegSeq).toBe(7);
    expect(t.legs.find((l) => l.seq === 6)).toEqual({
      seq: 6,
      firstEventMs: T0 + 60 * HOUR,
      lastEventMs: T0 + 80 * HOUR,
      events: 3,
    });
    expect(t.entries.map((e) => e.effect).filter((x) => x !== 'advanced')).toEqual(['exception']);
  });

  it('records a late "departed" but keeps the status where it was', () => {
    const events = londonEvents().slice(0, 10);
    // Stamped after the arrival by a partner's wrong clock, and sent late.
    events.push(
      ev({
        partnerId: 'skybridge-consolidators',
        eventId: 'late',
        status: 'departed',
        subStatus: 'carrier_departed',
        atMs: T0 + 57 * HOUR,
        country: 'CN',
      }),
    );
    const t = buildTimeline(LONDON_LEGS, events);
    expect(t.status).toMatchObject({ status: 'arrived_destination', subStatus: 'arrived' });
    expect(t.entries.at(-1)).toMatchObject({ effect: 'behind', legSeq: 5 });
  });

  it('stores the same event once, however often and under whatever id it comes', () => {
    const events = londonEvents();
    const again = events.map((e) => ({ ...e }));
    const renamed = { ...events[3]!, eventId: 'resent-under-new-id' };
    const d = dedupeEvents([...events, ...again, renamed]);
    expect(d.events).toHaveLength(events.length);
    expect(d.droppedSameId).toBe(events.length);
    expect(d.droppedSameContent).toBe(1);
    expect(d.conflicts).toEqual([]);
    expect(buildTimeline(LONDON_LEGS, [...events, ...again, renamed])).toEqual(
      buildTimeline(LONDON_LEGS, events),
    );
  });

  it('reports an event id sent with two contents, keeping one whatever the order', () => {
    const a = ev({ partnerId: 'p', eventId: 'x', status: 'at_hub', atMs: T0 });
    const b = { ...a, description: 'corrected' };
    const ab = buildTimeline([], [a, b]);
    expect(ab.conflicts).toEqual([{ partnerId: 'p', eventId: 'x', versions: 2 }]);
    expect(ab.entries).toHaveLength(1);
    expect(buildTimeline([], [b, a])).toEqual(ab);
  });

  it('shows a shipment silent for too long as expired, unless it is finished', () => {
    const events = londonEvents().slice(0, 5);
    const later = T0 + 20 * HOUR + 31 * 24 * HOUR;
    expect(buildTimeline(LONDON_LEGS, events, { nowMs: later }).status).toMatchObject({
      status: 'expired',
      subStatus: 'no_updates',
      sinceMs: T0 + 20 * HOUR + 30 * 24 * HOUR,
    });
    expect(
      buildTimeline(LONDON_LEGS, londonEvents(), { nowMs: later + 104 * HOUR }).status,
    ).toMatchObject({ status: 'delivered' });
    expect(buildTimeline(LONDON_LEGS, [], { nowMs: later }).status).toMatchObject({
      status: 'pending',
      sinceMs: null,
    });
  });
});

describe('legOfEvent', () => {
  // A dedicated line doing the whole chain but import clearance, which a broker does.
  const legs: ShipmentLeg[] = [
    {
      seq: 1,
      partnerId: 'line',
      serviceId: 's',
      activities: ['pickup', 'hub-handling'],
      from: { id: 'sr', country: 'CN', city: 'Yiwu' },
      to: { id: 'hub', country: 'CN', city: 'Yiwu' },
    },
    {
      seq: 2,
      partnerId: 'line',
      serviceId: 's',
      activities: ['export-clearance', 'international-linehaul'],
      from: { id: 'hub', country: 'CN', city: 'Yiwu' },
      to: { id: 'gw', country: 'DE', city: 'Frankfurt am Main' },
    },
    {
      seq: 3,
      partnerId: 'broker',
      serviceId: 'b',
      activities: ['import-clearance'],
      from: { id: 'gw', country: 'DE', city: 'Frankfurt am Main' },
      to: { id: 'gw', country: 'DE', city: 'Frankfurt am Main' },
    },
    {
      seq: 4,
      partnerId: 'line',
      serviceId: 's',
      activities: ['last-mile'],
      from: { id: 'gw', country: 'DE', city: 'Frankfurt am Main' },
      to: { id: 'buyer:DE', country: 'DE', city: null },
    },
  ];
  const at = (status: TrackingStatus, country: string | null, partnerId = 'line') =>
    legOfEvent(legs, ev({ partnerId, eventId: 'x', status, atMs: T0, country }));

  it("tells one partner's legs apart by status and place", () => {
    expect(at('picked_up', 'CN')).toBe(1);
    expect(at('export_customs', 'CN')).toBe(2);
    expect(at('arrived_destination', 'DE')).toBe(2);
    expect(at('out_for_delivery', 'DE')).toBe(4);
    expect(at('delayed', 'DE')).toBe(2);
    expect(at('import_customs', 'DE', 'broker')).toBe(3);
  });

  it('never pins an event on another partner’s leg', () => {
    expect(at('delivered', 'DE', 'someone-else')).toBeNull();
  });
});

// ---- Properties -------------------------------------------------------------------------------

const ALL_VALUES: StatusValue[] = TRACKING_STATUSES.filter((s) => s !== 'pending').flatMap(
  (status) => [
    { status, subStatus: null },
    ...subStatusesOf(status).map((subStatus) => ({ status, subStatus })),
  ],
);
const FORWARD_VALUES = ALL_VALUES.filter((v) => !statusTraits(v).exceptional);

const PARTNERS = LONDON_LEGS.map((l) => l.partnerId);

function eventArb(values: StatusValue[]): fc.Arbitrary<TrackingEvent> {
  return fc
    .record({
      partner: fc.constantFrom(...PARTNERS),
      // A small id space, so that conflicting re-sends occur.
      id: fc.integer({ min: 0, max: 30 }),
      value: fc.constantFrom(...values),
      // Coarse times, so that ties in occurredAt occur.
      hour: fc.integer({ min: 0, max: 40 }),
      place: fc.constantFrom(['CN', 'Shenzhen'], ['GB', 'London'], [null, null]),
      text: fc.constantFrom('', 'scan', '<script>alert(1)</script>'),
    })
    .map((r) =>
      ev({
        partnerId: r.partner,
        eventId: `e${r.id}`,
        status: r.value.status,
        subStatus: r.value.subStatus,
        atMs: T0 + r.hour * HOUR,
        country: r.place[0],
        city: r.place[1],
        description: r.text,
      }),
    );
}

/** The same events in another order, some sent again (as new objects, like a re-delivery). */
const eventsAndRedelivery = fc
  .array(eventArb(ALL_VALUES), { maxLength: 40 })
  .chain((events) =>
    fc.tuple(
      fc.constant(events),
      fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
      fc.array(fc.nat({ max: Math.max(0, events.length - 1) }), {
        maxLength: events.length === 0 ? 0 : 20,
      }),
    ),
  )
  .map(([events, shuffled, repeats]) => ({
    events,
    redelivered: [...shuffled, ...repeats.map((i) => structuredClone(events[i]!))],
  }));

describe('timeline properties (fast-check)', () => {
  it('gives the same timeline and status for any order and any duplication of the events', () => {
    fc.assert(
      fc.property(eventsAndRedelivery, ({ events, redelivered }) => {
        expect(buildTimeline(LONDON_LEGS, redelivered)).toEqual(buildTimeline(LONDON_LEGS, events));
      }),
      { numRuns: 300 },
    );
  });

  it('moves the status only forward, except into exceptional states, and not after a terminal one', () => {
    fc.assert(
      fc.property(fc.array(eventArb(ALL_VALUES), { maxLength: 40 }), (events) => {
        const timeline = buildTimeline(LONDON_LEGS, events);
        let state = INITIAL_STATUS_STATE;
        let lastForwardStage = 0;
        for (const entry of timeline.entries) {
          const before = state.current;
          state = applyStatusEvent(state, entry.event).state;
          const shown = statusTraits(state.current);
          if (!shown.exceptional) {
            expect(shown.stage!).toBeGreaterThanOrEqual(lastForwardStage);
            lastForwardStage = shown.stage!;
          }
          if (statusTraits(before).terminal && before.status !== 'lost') {
            expect(state.current).toEqual(before);
          }
        }
        expect(state.current).toEqual({
          status: timeline.status.status,
          subStatus: timeline.status.subStatus,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a late forward event move the status backwards', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb(ALL_VALUES), { minLength: 1, maxLength: 30 }),
        eventArb(FORWARD_VALUES),
        (events, late) => {
          const before = buildTimeline(LONDON_LEGS, events);
          const lastMs = before.lastEventMs!;
          // Late: it happened before the latest event already known.
          const lateEvent = {
            ...late,
            eventId: 'late',
            occurredAt: { ...late.occurredAt, utcMs: Math.min(late.occurredAt.utcMs, lastMs - 1) },
          };
          const after = buildTimeline(LONDON_LEGS, [...events, lateEvent]);
          expect(after.progressStage).toBeGreaterThanOrEqual(before.progressStage);
          const shownBefore = statusTraits(before.status);
          const shownAfter = statusTraits(after.status);
          if (!shownBefore.exceptional && !shownAfter.exceptional) {
            expect(shownAfter.stage!).toBeGreaterThanOrEqual(shownBefore.stage!);
          }
          // Short of the forward status already shown, it changes nothing but the timeline. (One
          // behind the progress but past the shown status may move it on: a hold raised the
          // progress, and the late scan shows the parcel got further than the scans said.)
          if (!shownBefore.exceptional && statusTraits(lateEvent).stage! < shownBefore.stage!) {
            expect({ ...after.status, sinceMs: null }).toEqual({ ...before.status, sinceMs: null });
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('extendTimeline: later events appended to a timeline', () => {
  const split = fc
    .array(eventArb(ALL_VALUES), { maxLength: 30 })
    .chain((events) =>
      fc.tuple(
        fc.constant(events),
        fc.nat({ max: events.length }),
        fc.integer({ min: 0, max: 60 }),
        // Mostly in time order, as partners send them, so that extending is often possible.
        fc.boolean(),
      ),
    )
    .map(
      ([events, cut, nowHour, sorted]) =>
        [
          sorted ? [...events].sort((a, b) => a.occurredAt.utcMs - b.occurredAt.utcMs) : events,
          cut,
          nowHour,
        ] as const,
    );

  it('equals the timeline built afresh from all the events, whenever it extends', () => {
    let extended = 0;
    fc.assert(
      fc.property(split, ([events, cut, nowHour]) => {
        const options = { nowMs: T0 + nowHour * HOUR * 24 };
        const prior = buildTimelineWithCursor(LONDON_LEGS, events.slice(0, cut), options);
        const next = extendTimeline(
          LONDON_LEGS,
          prior.timeline,
          prior.cursor,
          events.slice(cut),
          options,
        );
        if (next === null) return;
        if (cut < events.length) extended++;
        const whole = buildTimelineWithCursor(LONDON_LEGS, events, options);
        expect(next.timeline).toEqual(whole.timeline);
        expect(next.cursor).toEqual(whole.cursor);
      }),
      { numRuns: 1000 },
    );
    // The property must not hold vacuously.
    expect(extended).toBeGreaterThan(300);
  });

  it('extends with new events, earlier ones too, and refuses a repeated one', () => {
    const early = ev({ partnerId: 'p-pickup', eventId: 'a', status: 'picked_up', atMs: T0 });
    const later = ev({ partnerId: 'p-line', eventId: 'b', status: 'departed', atMs: T0 + HOUR });
    const prior = buildTimelineWithCursor(LONDON_LEGS, [early]);
    const next = extendTimeline(LONDON_LEGS, prior.timeline, prior.cursor, [later]);
    expect(next?.timeline).toEqual(buildTimeline(LONDON_LEGS, [early, later]));
    const after = buildTimelineWithCursor(LONDON_LEGS, [later]);
    const before = extendTimeline(LONDON_LEGS, after.timeline, after.cursor, [early]);
    expect(before?.timeline).toEqual(buildTimeline(LONDON_LEGS, [early, later]));
    expect(extendTimeline(LONDON_LEGS, prior.timeline, prior.cursor, [early])).toBeNull();
    const resent = { ...later, eventId: 'c' };
    const both = buildTimelineWithCursor(LONDON_LEGS, [early, later]);
    expect(extendTimeline(LONDON_LEGS, both.timeline, both.cursor, [resent])).toBeNull();
  });

  it('keeps hashes of what it has seen; a hash it has seen sends the caller to a full build', () => {
    const early = ev({ partnerId: 'p-pickup', eventId: 'a', status: 'picked_up', atMs: T0 });
    const later = ev({ partnerId: 'p-line', eventId: 'b', status: 'departed', atMs: T0 + HOUR });
    const prior = buildTimelineWithCursor(LONDON_LEGS, [early]);
    expect(prior.cursor.ids).toEqual([expect.any(Number)]);
    expect(prior.cursor.contents).toEqual([expect.any(Number)]);
    // As if another event's id or content hashed the same as the new event's: no extension.
    const own = buildTimelineWithCursor(LONDON_LEGS, [later]).cursor;
    for (const cursor of [
      { ...prior.cursor, ids: [...prior.cursor.ids, own.ids[0]!] },
      { ...prior.cursor, contents: [...prior.cursor.contents, own.contents[0]!] },
    ])
      expect(extendTimeline(LONDON_LEGS, prior.timeline, cursor, [later])).toBeNull();
    // Without it, the same events extend, and equal the full build the caller would fall back to.
    expect(extendTimeline(LONDON_LEGS, prior.timeline, prior.cursor, [later])?.timeline).toEqual(
      buildTimeline(LONDON_LEGS, [early, later]),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Departure, type Schedule, WEEKDAYS, type Weekday } from '../network/index.ts';
import { localToInstant, toLocal } from '../shared/index.ts';
import { type DepartureSlot, nextDeparture } from './schedule.ts';

const hm = (text: string) => {
  const [h, m] = text.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

function departure(
  weekdays: Weekday[],
  cutoff: string,
  departs: string,
  capacityKg: number | null = null,
): Departure {
  return { weekdays, cutoff: hm(cutoff), departs: hm(departs), capacityKg, capacityParcels: null };
}

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const slotIso = (s: DepartureSlot | undefined) =>
  s && { cutoff: iso(s.cutoffMs), departs: iso(s.departsMs) };

describe('nextDeparture: Mon/Wed/Fri, cut-off 14:00, departs 23:30, Asia/Shanghai (UTC+8)', () => {
  const schedule: Schedule = {
    timezone: 'Asia/Shanghai',
    departures: [departure(['mon', 'wed', 'fri'], '14:00', '23:30')],
  };

  it('ready Monday 13:59 local: that Monday’s departure', () => {
    expect(slotIso(nextDeparture(schedule, at('2026-11-23T13:59:00+08:00')))).toEqual({
      cutoff: '2026-11-23T06:00:00.000Z',
      departs: '2026-11-23T15:30:00.000Z',
    });
  });

  it('ready at the cut-off itself: still that departure', () => {
    expect(slotIso(nextDeparture(schedule, at('2026-11-23T14:00:00+08:00')))?.departs).toBe(
      '2026-11-23T15:30:00.000Z',
    );
  });

  it('ready Monday 14:01 local: Wednesday’s departure', () => {
    expect(slotIso(nextDeparture(schedule, at('2026-11-23T14:01:00+08:00')))).toEqual({
      cutoff: '2026-11-25T06:00:00.000Z',
      departs: '2026-11-25T15:30:00.000Z',
    });
  });

  it('ready Friday after the cut-off, or at the weekend: next Monday’s', () => {
    for (const ready of [
      '2026-11-27T14:01:00+08:00',
      '2026-11-27T23:59:00+08:00',
      '2026-11-28T12:00:00+08:00',
      '2026-11-30T00:00:00+08:00',
    ]) {
      expect(slotIso(nextDeparture(schedule, at(ready)))).toEqual({
        cutoff: '2026-11-30T06:00:00.000Z',
        departs: '2026-11-30T15:30:00.000Z',
      });
    }
  });

  it('the accepts filter skips a full departure to the next one', () => {
    const monday = at('2026-11-23T15:30:00Z');
    const wednesday = at('2026-11-25T15:30:00Z');
    const seen: number[] = [];
    const slot = nextDeparture(schedule, at('2026-11-23T09:00:00+08:00'), (s) => {
      seen.push(s.departsMs);
      return s.departsMs !== monday;
    });
    expect(iso(slot?.departsMs)).toBe(iso(wednesday));
    expect(seen).toEqual([monday, wednesday]);
  });

  it('no departure accepted within the horizon: undefined', () => {
    expect(nextDeparture(schedule, at('2026-11-23T09:00:00+08:00'), () => false)).toBeUndefined();
    // The horizon is five weeks ahead of the ready week: a departure six weeks on is too far.
    const far = at('2027-01-08T15:30:00Z');
    const onlyFar = (s: DepartureSlot) => s.departsMs >= far;
    expect(nextDeparture(schedule, at('2026-11-23T09:00:00+08:00'), onlyFar)).toBeUndefined();
    expect(
      iso(nextDeparture(schedule, at('2026-11-23T09:00:00+08:00'), onlyFar, 8)?.departsMs),
    ).toBe(iso(far));
  });

  it('carries a capacity on each slot', () => {
    const withCap: Schedule = {
      timezone: 'Asia/Shanghai',
      departures: [departure(['mon'], '14:00', '23:30', 250)],
    };
    expect(nextDeparture(withCap, at('2026-11-23T09:00:00+08:00'))).toMatchObject({
      capacityKg: 250,
      capacityParcels: null,
    });
  });
});

describe('nextDeparture: departures that leave after midnight', () => {
  it('a departure listed before its cut-off time leaves the next day', () => {
    const s: Schedule = {
      timezone: 'Asia/Shanghai',
      departures: [departure(['mon', 'fri'], '22:00', '02:00')],
    };
    expect(slotIso(nextDeparture(s, at('2026-11-23T21:00:00+08:00')))).toEqual({
      cutoff: '2026-11-23T14:00:00.000Z',
      departs: '2026-11-23T18:00:00.000Z', // Tuesday 02:00 local
    });
    // Across a month end (Friday 30 October → Saturday 31 October) and a year end.
    expect(slotIso(nextDeparture(s, at('2026-10-30T12:00:00+08:00')))).toEqual({
      cutoff: '2026-10-30T14:00:00.000Z',
      departs: '2026-10-30T18:00:00.000Z',
    });
    const thu: Schedule = {
      timezone: 'Asia/Shanghai',
      departures: [departure(['thu'], '22:00', '02:00')],
    };
    expect(iso(nextDeparture(thu, at('2026-12-31T12:00:00+08:00'))?.departsMs)).toBe(
      '2026-12-31T18:00:00.000Z', // 1 January 2027, 02:00 local
    );
  });

  it('a departure at the cut-off time leaves the same day', () => {
    const s: Schedule = {
      timezone: 'Asia/Shanghai',
      departures: [departure(['mon'], '14:00', '14:00')],
    };
    const slot = nextDeparture(s, at('2026-11-23T09:00:00+08:00'))!;
    expect(slot.departsMs).toBe(slot.cutoffMs);
  });

  it('two departures a day come in cut-off order', () => {
    const s: Schedule = {
      timezone: 'Asia/Shanghai',
      departures: [departure(['mon'], '20:00', '23:00'), departure(['mon'], '10:00', '12:00')],
    };
    expect(iso(nextDeparture(s, at('2026-11-23T09:00:00+08:00'))?.departsMs)).toBe(
      '2026-11-23T04:00:00.000Z',
    );
    expect(iso(nextDeparture(s, at('2026-11-23T10:01:00+08:00'))?.departsMs)).toBe(
      '2026-11-23T15:00:00.000Z',
    );
  });
});

describe('nextDeparture across daylight-saving changes (Europe/Berlin)', () => {
  const daily: Schedule = {
    timezone: 'Europe/Berlin',
    departures: [departure([...WEEKDAYS], '14:00', '18:00')],
  };

  it('keeps the local 14:00 cut-off when summer time starts on 2026-03-29', () => {
    // Saturday: CET (UTC+1).
    expect(slotIso(nextDeparture(daily, at('2026-03-28T10:00:00Z')))).toEqual({
      cutoff: '2026-03-28T13:00:00.000Z',
      departs: '2026-03-28T17:00:00.000Z',
    });
    // Sunday, the day of the change: CEST (UTC+2) by 14:00.
    expect(slotIso(nextDeparture(daily, at('2026-03-28T13:00:01Z')))).toEqual({
      cutoff: '2026-03-29T12:00:00.000Z',
      departs: '2026-03-29T16:00:00.000Z',
    });
    // Monday.
    expect(slotIso(nextDeparture(daily, at('2026-03-29T12:00:01Z')))).toEqual({
      cutoff: '2026-03-30T12:00:00.000Z',
      departs: '2026-03-30T16:00:00.000Z',
    });
  });

  it('keeps the local 14:00 cut-off when summer time ends on 2026-10-25', () => {
    expect(slotIso(nextDeparture(daily, at('2026-10-24T10:00:00Z')))).toEqual({
      cutoff: '2026-10-24T12:00:00.000Z',
      departs: '2026-10-24T16:00:00.000Z',
    });
    expect(slotIso(nextDeparture(daily, at('2026-10-24T12:00:01Z')))).toEqual({
      cutoff: '2026-10-25T13:00:00.000Z',
      departs: '2026-10-25T17:00:00.000Z',
    });
    expect(slotIso(nextDeparture(daily, at('2026-10-25T13:00:01Z')))).toEqual({
      cutoff: '2026-10-26T13:00:00.000Z',
      departs: '2026-10-26T17:00:00.000Z',
    });
  });

  it('a cut-off in the skipped hour moves forward; in the repeated hour it is the first', () => {
    const night: Schedule = {
      timezone: 'Europe/Berlin',
      departures: [departure(['sun'], '02:30', '05:00')],
    };
    // 02:30 does not exist on 29 March: it is read as 03:30 CEST.
    expect(slotIso(nextDeparture(night, at('2026-03-28T12:00:00Z')))).toEqual({
      cutoff: '2026-03-29T01:30:00.000Z',
      departs: '2026-03-29T03:00:00.000Z',
    });
    // 02:30 happens twice on 25 October: the first (CEST) counts.
    expect(slotIso(nextDeparture(night, at('2026-10-24T12:00:00Z')))).toEqual({
      cutoff: '2026-10-25T00:30:00.000Z',
      departs: '2026-10-25T04:00:00.000Z',
    });
  });
});

/**
 * The next departure by brute force: every local day from the day before `ready` on, every
 * departure of that weekday, the earliest cut-off at or after `ready` (then the earliest departure).
 */
function bruteNext(schedule: Schedule, ready: number): { cutoff: number; departs: number } | null {
  const local = toLocal(ready, schedule.timezone);
  let best: { cutoff: number; departs: number } | null = null;
  for (let offset = -1; offset <= 14; offset++) {
    const date = new Date(Date.UTC(local.year, local.month - 1, local.day + offset));
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7]!;
    for (const dep of schedule.departures) {
      if (!dep.weekdays.includes(weekday)) continue;
      const cutoff = localToInstant(y, m, d, dep.cutoff, schedule.timezone);
      if (cutoff < ready) continue;
      const departs = localToInstant(
        y,
        m,
        d + (dep.departs < dep.cutoff ? 1 : 0),
        dep.departs,
        schedule.timezone,
      );
      if (!best || cutoff < best.cutoff || (cutoff === best.cutoff && departs < best.departs))
        best = { cutoff, departs };
    }
  }
  return best;
}

describe('nextDeparture against brute force', () => {
  const zones = [
    'Asia/Shanghai',
    'Europe/Berlin',
    'America/Los_Angeles',
    'Pacific/Auckland',
    'Pacific/Kiritimati',
    'Pacific/Pago_Pago',
    'Asia/Kolkata',
    'UTC',
  ];
  const departureArb = fc.record({
    weekdays: fc.subarray([...WEEKDAYS], { minLength: 1 }),
    cutoff: fc.integer({ min: 0, max: 1439 }),
    departs: fc.integer({ min: 0, max: 1439 }),
    capacityKg: fc.constant(null),
    capacityParcels: fc.constant(null),
  });
  const scheduleArb = fc.record({
    timezone: fc.constantFrom(...zones),
    departures: fc.array(departureArb, { minLength: 1, maxLength: 3 }),
  });

  it('finds the earliest cut-off at or after the ready time, in any zone, any week', () => {
    fc.assert(
      fc.property(
        scheduleArb,
        fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z') }),
        (schedule, ready) => {
          const got = nextDeparture(schedule, ready);
          const want = bruteNext(schedule, ready);
          expect(got && { cutoff: got.cutoffMs, departs: got.departsMs }).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });
});

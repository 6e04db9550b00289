import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  localToInstant,
  parseDateOrInstant,
  parseLocalTime,
  toLocal,
  zoneOffsetMs,
} from './index.ts';

const H = 3_600_000;
const utc = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad fixture ${iso}`);
  return ms;
};

describe('zoneOffsetMs: known offsets', () => {
  it('Asia/Shanghai is +8 all year (no DST)', () => {
    for (const at of [
      '2026-01-15T12:00:00Z',
      '2026-03-29T01:00:00Z',
      '2026-07-01T00:00:00Z',
      '2026-10-25T01:00:00Z',
    ]) {
      expect(zoneOffsetMs(utc(at), 'Asia/Shanghai'), at).toBe(8 * H);
    }
  });

  it('Europe/Berlin is +1 in winter and +2 in summer, switching at 01:00 UTC on the last Sundays of March and October 2026', () => {
    expect(zoneOffsetMs(utc('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(1 * H);
    expect(zoneOffsetMs(utc('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(2 * H);
    // spring forward: 02:00 CET → 03:00 CEST = 2026-03-29T01:00Z
    expect(zoneOffsetMs(utc('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe(1 * H);
    expect(zoneOffsetMs(utc('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(2 * H);
    // fall back: 03:00 CEST → 02:00 CET = 2026-10-25T01:00Z
    expect(zoneOffsetMs(utc('2026-10-25T00:59:59Z'), 'Europe/Berlin')).toBe(2 * H);
    expect(zoneOffsetMs(utc('2026-10-25T01:00:00Z'), 'Europe/Berlin')).toBe(1 * H);
  });

  it('America/Los_Angeles is -8 / -7, switching on 8 March and 1 November 2026', () => {
    expect(zoneOffsetMs(utc('2026-01-15T12:00:00Z'), 'America/Los_Angeles')).toBe(-8 * H);
    expect(zoneOffsetMs(utc('2026-03-08T09:59:59Z'), 'America/Los_Angeles')).toBe(-8 * H);
    expect(zoneOffsetMs(utc('2026-03-08T10:00:00Z'), 'America/Los_Angeles')).toBe(-7 * H);
    expect(zoneOffsetMs(utc('2026-11-01T08:59:59Z'), 'America/Los_Angeles')).toBe(-7 * H);
    expect(zoneOffsetMs(utc('2026-11-01T09:00:00Z'), 'America/Los_Angeles')).toBe(-8 * H);
  });

  it('ignores milliseconds within a second', () => {
    expect(zoneOffsetMs(utc('2026-01-15T12:00:00.999Z'), 'Asia/Shanghai')).toBe(8 * H);
  });
});

describe('toLocal', () => {
  it('gives the wall clock and the weekday (0 = Monday)', () => {
    expect(toLocal(utc('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 3,
      minute: 0,
      second: 0,
      weekday: 6, // Sunday
    });
    expect(toLocal(utc('2025-12-31T16:00:00Z'), 'Asia/Shanghai')).toMatchObject({
      year: 2026,
      month: 1,
      day: 1,
      hour: 0,
      weekday: 3,
    });
    expect(toLocal(utc('2026-01-01T07:59:00Z'), 'America/Los_Angeles')).toMatchObject({
      year: 2025,
      month: 12,
      day: 31,
      hour: 23,
      minute: 59,
    });
  });
});

describe('localToInstant', () => {
  it('converts ordinary local times', () => {
    expect(localToInstant(2026, 1, 15, 9 * 60, 'Asia/Shanghai')).toBe(utc('2026-01-15T01:00:00Z'));
    expect(localToInstant(2026, 1, 15, 9 * 60, 'Europe/Berlin')).toBe(utc('2026-01-15T08:00:00Z'));
    expect(localToInstant(2026, 7, 1, 9 * 60, 'Europe/Berlin')).toBe(utc('2026-07-01T07:00:00Z'));
    expect(localToInstant(2026, 7, 1, 17 * 60 + 30, 'America/Los_Angeles')).toBe(
      utc('2026-07-02T00:30:00Z'),
    );
    expect(localToInstant(2026, 1, 1, 0, 'Asia/Shanghai')).toBe(utc('2025-12-31T16:00:00Z'));
  });

  it('moves a time in the spring-forward gap forward into the later offset (02:30 → 03:30 summer time)', () => {
    // Berlin 2026-03-29: 02:00–03:00 local does not exist. 02:30 is read as 03:30 CEST = 01:30Z.
    expect(localToInstant(2026, 3, 29, 2 * 60 + 30, 'Europe/Berlin')).toBe(
      utc('2026-03-29T01:30:00Z'),
    );
    expect(localToInstant(2026, 3, 29, 2 * 60, 'Europe/Berlin')).toBe(utc('2026-03-29T01:00:00Z'));
    // Los Angeles 2026-03-08: 02:30 is read as 03:30 PDT = 10:30Z.
    expect(localToInstant(2026, 3, 8, 2 * 60 + 30, 'America/Los_Angeles')).toBe(
      utc('2026-03-08T10:30:00Z'),
    );
    // just around the gap, times are exact
    expect(localToInstant(2026, 3, 29, 1 * 60 + 59, 'Europe/Berlin')).toBe(
      utc('2026-03-29T00:59:00Z'),
    );
    expect(localToInstant(2026, 3, 29, 3 * 60, 'Europe/Berlin')).toBe(utc('2026-03-29T01:00:00Z'));
  });

  it('picks the earlier instant of a time that occurs twice in the fall-back overlap', () => {
    // Berlin 2026-10-25: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(localToInstant(2026, 10, 25, 2 * 60 + 30, 'Europe/Berlin')).toBe(
      utc('2026-10-25T00:30:00Z'),
    );
    expect(localToInstant(2026, 10, 25, 2 * 60, 'Europe/Berlin')).toBe(utc('2026-10-25T00:00:00Z'));
    expect(localToInstant(2026, 10, 25, 3 * 60, 'Europe/Berlin')).toBe(utc('2026-10-25T02:00:00Z'));
    // Los Angeles 2026-11-01: 01:30 happens at 08:30Z (PDT) and 09:30Z (PST).
    expect(localToInstant(2026, 11, 1, 90, 'America/Los_Angeles')).toBe(
      utc('2026-11-01T08:30:00Z'),
    );
  });

  it('inverts toLocal for every minute that exists exactly once (property)', () => {
    const zones = [
      'Asia/Shanghai',
      'Europe/Berlin',
      'America/Los_Angeles',
      'America/Santiago',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
    ];
    fc.assert(
      fc.property(
        fc.integer({
          min: utc('2025-01-01T00:00:00Z') / 60_000,
          max: utc('2028-01-01T00:00:00Z') / 60_000,
        }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const at = minute * 60_000;
          const l = toLocal(at, zone);
          const back = localToInstant(l.year, l.month, l.day, l.hour * 60 + l.minute, zone);
          // the local time either occurs once (back === at) or twice, and then the earlier one is chosen
          expect(back <= at).toBe(true);
          expect(toLocal(back, zone)).toEqual(l);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseDateOrInstant', () => {
  it('starts a date at the first local instant of the day when midnight falls in a DST gap', () => {
    // America/Santiago springs forward at 00:00 → 01:00 on 2026-09-06: the day begins at 01:00 -03 = 04:00Z,
    // not at 23:00 of the day before.
    expect(parseDateOrInstant('2026-09-06', 'America/Santiago')).toBe(utc('2026-09-06T04:00:00Z'));
    expect(toLocal(utc('2026-09-06T04:00:00Z'), 'America/Santiago')).toMatchObject({
      day: 6,
      hour: 1,
    });
  });

  it('reads a date as local midnight in the zone', () => {
    expect(parseDateOrInstant('2026-11-01', 'Asia/Shanghai')).toBe(utc('2026-10-31T16:00:00Z'));
    expect(parseDateOrInstant('2026-03-29', 'Europe/Berlin')).toBe(utc('2026-03-28T23:00:00Z'));
    expect(parseDateOrInstant('2026-07-01', 'Europe/Berlin')).toBe(utc('2026-06-30T22:00:00Z'));
    expect(parseDateOrInstant('2026-11-01', 'America/Los_Angeles')).toBe(
      utc('2026-11-01T07:00:00Z'),
    );
    expect(parseDateOrInstant('2024-02-29', 'UTC')).toBe(utc('2024-02-29T00:00:00Z'));
  });

  it('takes a full ISO 8601 instant with an offset as it is', () => {
    expect(parseDateOrInstant('2026-03-29T01:00:00Z', 'Asia/Shanghai')).toBe(
      utc('2026-03-29T01:00:00Z'),
    );
    expect(parseDateOrInstant('2026-03-29T03:00:00+02:00', 'Asia/Shanghai')).toBe(
      utc('2026-03-29T01:00:00Z'),
    );
    expect(parseDateOrInstant('2026-03-28T17:00:00-08:00', 'Europe/Berlin')).toBe(
      utc('2026-03-29T01:00:00Z'),
    );
    expect(parseDateOrInstant('2026-03-29T01:00:00.250Z', 'UTC')).toBe(
      utc('2026-03-29T01:00:00.250Z'),
    );
    expect(parseDateOrInstant('2026-03-29T01:00Z', 'UTC')).toBe(utc('2026-03-29T01:00:00Z'));
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-5',
    '26-01-05',
    '2026/01/05',
    '',
    'tomorrow',
  ])('rejects the invalid date %j', (text) => {
    expect(parseDateOrInstant(text, 'Europe/Berlin')).toBeUndefined();
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2026-04-31T10:00:00+02:00',
    '2026-13-01T00:00:00Z',
    '2026-01-01T25:00:00Z',
    '2026-01-01T23:60:00Z',
    '2026-01-01T00:00:00', // no offset: not an instant
    'Sun, 01 Nov 2026 00:00:00 +01:00', // not ISO 8601
    'hello z',
  ])('rejects the invalid instant %j', (text) => {
    expect(parseDateOrInstant(text, 'Europe/Berlin')).toBeUndefined();
  });
});

describe('parseLocalTime', () => {
  it('reads HH:MM as minutes of the day', () => {
    expect(parseLocalTime('00:00')).toBe(0);
    expect(parseLocalTime('09:30')).toBe(570);
    expect(parseLocalTime('23:59')).toBe(1439);
    for (const bad of ['24:00', '9:30', '12:60', '12:5', '', '12:30:00'])
      expect(parseLocalTime(bad), bad).toBeUndefined();
  });
});

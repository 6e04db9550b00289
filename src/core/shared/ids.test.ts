import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Clock, createIdSource, fixedClock, type IdPrefix, seededBytes } from './index.ts';

/** A clock the test moves by hand. */
function manualClock(startMs: number): Clock & { advance(ms: number): void } {
  let now = startMs;
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

const ID = /^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/; // Crockford base32, lower-cased: no i, l, o, u
const T0 = Date.parse('2026-03-29T01:00:00.000Z');

describe('createIdSource', () => {
  it('writes the prefix, an underscore and 26 Crockford characters', () => {
    const ids = createIdSource(fixedClock(new Date(T0)), seededBytes(1));
    for (const prefix of [
      'ord',
      'shp',
      'leg',
      'prc',
      'bat',
      'evt',
      'qte',
      'ten',
      'key',
      'whk',
      'exc',
      'ret',
    ] as IdPrefix[]) {
      const id = ids.next(prefix);
      expect(id).toMatch(ID);
      expect(id.startsWith(`${prefix}_`)).toBe(true);
      expect(id).toHaveLength(30);
    }
  });

  it('encodes the millisecond in the first 10 characters', () => {
    const ids = createIdSource(fixedClock(new Date(0)), seededBytes(2));
    expect(ids.next('ord').slice(4, 14)).toBe('0000000000');
    const at = createIdSource(fixedClock(new Date(T0)), seededBytes(2)).next('ord');
    let decoded = 0;
    for (const c of at.slice(4, 14).toUpperCase())
      decoded = decoded * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c);
    expect(decoded).toBe(T0);
  });

  it('is deterministic for a given clock and seed', () => {
    const a = createIdSource(fixedClock(new Date(T0)), seededBytes(7));
    const b = createIdSource(fixedClock(new Date(T0)), seededBytes(7));
    expect([a.next('ord'), a.next('ord')]).toEqual([b.next('ord'), b.next('ord')]);
  });

  it('sorts in creation order within one millisecond', () => {
    const ids = createIdSource(fixedClock(new Date(T0)), seededBytes(3));
    const made = Array.from({ length: 1000 }, () => ids.next('evt'));
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
  });

  it('carries the increment across bytes within one millisecond', () => {
    // every random byte 0xff except the first: the increment must carry into the first byte
    const ids = createIdSource(fixedClock(new Date(T0)), (bytes) => {
      bytes.fill(0xff);
      bytes[0] = 0x10;
    });
    const a = ids.next('ord');
    const b = ids.next('ord');
    expect(b > a).toBe(true);
  });

  it('sorts in creation order across milliseconds, whatever the random bytes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 60 }),
        (seed, gaps) => {
          const clock = manualClock(T0);
          const ids = createIdSource(clock, seededBytes(seed));
          const made: string[] = [];
          for (const gap of gaps) {
            clock.advance(gap); // 0 = same millisecond
            made.push(ids.next('shp'));
          }
          expect(new Set(made).size).toBe(made.length);
          expect([...made].sort()).toEqual(made);
        },
      ),
    );
  });
});

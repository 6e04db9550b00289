import { describe, expect, it } from 'vitest';
import { acceleratedClock, fixedClock } from './clock.ts';

describe('clocks', () => {
  it('a fixed clock always says the same instant, as a fresh Date', () => {
    const clock = fixedClock(new Date('2026-11-25T02:00:00Z'));
    const a = clock.now();
    a.setTime(0);
    expect(clock.now().toISOString()).toBe('2026-11-25T02:00:00.000Z');
  });

  it('an accelerated clock runs speed times faster than the real time it is given', () => {
    let real = 1_000_000;
    const clock = acceleratedClock({
      speed: 3600,
      realNowMs: () => real,
      startMs: Date.parse('2026-11-25T00:00:00Z'),
    });
    expect(clock.now().toISOString()).toBe('2026-11-25T00:00:00.000Z');
    real += 1000; // one real second is an hour
    expect(clock.now().toISOString()).toBe('2026-11-25T01:00:00.000Z');
    real += 24_000;
    expect(clock.now().toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect(clock.simulatedMs(1_000_000)).toBe(Date.parse('2026-11-25T00:00:00Z'));
  });

  it('starts at the real time by default and never goes backwards while real time does not', () => {
    let real = Date.parse('2026-11-25T00:00:00Z');
    const clock = acceleratedClock({ speed: 10, realNowMs: () => real });
    expect(clock.now().getTime()).toBe(real);
    let last = clock.now().getTime();
    for (let i = 0; i < 100; i++) {
      real += i % 7;
      const t = clock.now().getTime();
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
  });

  it('refuses a speed that is not a positive finite number', () => {
    for (const speed of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => acceleratedClock({ speed, realNowMs: () => 0 })).toThrow(/positive finite/);
  });
});

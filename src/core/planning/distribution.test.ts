import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDist,
  arrivesNoLater,
  cdf,
  compress,
  DAY_MS,
  type Dist,
  durationDist,
  HOUR_MS,
  mapDist,
  MAX_ATOMS,
  maxDist,
  mean,
  mixDist,
  pointDist,
  quantile,
} from './distribution.ts';

const dist = (atoms: [number, number][]): Dist => ({
  t: Float64Array.from(atoms, (a) => a[0]),
  p: Float64Array.from(atoms, (a) => a[1]),
});
const atomsOf = (d: Dist) => Array.from(d.t, (t, i) => [t, d.p[i]!] as [number, number]);
const total = (d: Dist) => d.p.reduce((s, x) => s + x, 0);

/** Atoms at whole hours within 60 days, with masses from positive integer weights: sorted, distinct, summing to 1. */
const distArb = (maxAtoms = 30): fc.Arbitrary<Dist> =>
  fc
    .uniqueArray(
      fc.record({ h: fc.integer({ min: 0, max: 60 * 24 }), w: fc.integer({ min: 1, max: 100 }) }),
      { minLength: 1, maxLength: maxAtoms, selector: (a) => a.h },
    )
    .map((atoms) => {
      const sorted = [...atoms].sort((a, b) => a.h - b.h);
      const sum = sorted.reduce((s, a) => s + a.w, 0);
      return dist(sorted.map((a) => [a.h * HOUR_MS, a.w / sum]));
    });

/**
 * A pair X ≤ Y in distribution, by coupling: every atom of X is split in two, and each part moves
 * later by its own non-negative shift.
 */
const orderedPairArb = fc
  .tuple(
    distArb(25),
    fc.array(
      fc.record({
        split: fc.double({ min: 0, max: 1, noNaN: true }),
        a: fc.integer({ min: 0, max: 10 * 24 }),
        b: fc.integer({ min: 0, max: 10 * 24 }),
      }),
      { minLength: 25, maxLength: 25 },
    ),
  )
  .map(([x, moves]) => {
    const parts: [number, number][] = [];
    atomsOf(x).forEach(([t, p], i) => {
      const m = moves[i]!;
      parts.push([t + m.a * HOUR_MS, p * m.split], [t + m.b * HOUR_MS, p * (1 - m.split)]);
    });
    const merged = new Map<number, number>();
    for (const [t, p] of parts) if (p > 0) merged.set(t, (merged.get(t) ?? 0) + p);
    const y = dist([...merged].sort((a, b) => a[0] - b[0]));
    return { x, y };
  });

function expectWellFormed(d: Dist): void {
  expect(d.t.length).toBe(d.p.length);
  expect(d.t.length).toBeGreaterThan(0);
  expect(d.t.length).toBeLessThanOrEqual(MAX_ATOMS);
  expect(total(d)).toBeCloseTo(1, 9);
  for (let i = 0; i < d.p.length; i++) expect(d.p[i]!).toBeGreaterThanOrEqual(-1e-12);
  for (let i = 1; i < d.t.length; i++) expect(d.t[i]!).toBeGreaterThanOrEqual(d.t[i - 1]!);
}

/** X arrives no later than Y, up to rounding in the last bits of an atom's time. */
function arrivesNoLaterUpToRounding(x: Dist, y: Dist): boolean {
  const slack = 1e-9 * Math.max(1, ...x.t, ...y.t);
  return arrivesNoLater({ t: x.t.map((t) => t - slack), p: x.p }, y);
}

/** A schedule-like map: the next departure at 22:00 UTC on every third day. */
const everyThirdDay = (t: number) => {
  const slot = 3 * DAY_MS;
  const offset = 22 * HOUR_MS;
  return Math.ceil((t - offset) / slot) * slot + offset;
};

describe('operations on distributions keep them distributions', () => {
  it('addDist: total probability 1, atoms sorted, at most MAX_ATOMS, mean of the sum', () => {
    fc.assert(
      fc.property(distArb(MAX_ATOMS), distArb(MAX_ATOMS), (x, y) => {
        const s = addDist(x, y);
        expectWellFormed(s);
        expect(mean(s)).toBeCloseTo(mean(x) + mean(y), -1);
        expect(Math.abs(mean(s) - mean(x) - mean(y)) / (mean(x) + mean(y) + 1)).toBeLessThan(1e-6);
        expect(s.t[0]!).toBeGreaterThanOrEqual(x.t[0]! + y.t[0]! - 1e-6);
      }),
      { numRuns: 200 },
    );
  });

  it('mapDist with a non-decreasing map: total probability 1, atoms sorted and distinct', () => {
    fc.assert(
      fc.property(distArb(MAX_ATOMS), (x) => {
        const m = mapDist(x, everyThirdDay);
        expectWellFormed(m);
        for (let i = 1; i < m.t.length; i++) expect(m.t[i]!).toBeGreaterThan(m.t[i - 1]!);
        expect(arrivesNoLater(x, m)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('mixDist: total probability 1, atoms sorted, the mean is the weighted mean', () => {
    fc.assert(
      fc.property(
        distArb(MAX_ATOMS),
        distArb(MAX_ATOMS),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, b, w) => {
          const m = mixDist(a, w, b);
          expectWellFormed(m);
          const expected = w * mean(a) + (1 - w) * mean(b);
          expect(Math.abs(mean(m) - expected) / (expected + 1)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('maxDist: total probability 1, atoms sorted, never earlier than either (both compressed)', () => {
    fc.assert(
      fc.property(distArb(MAX_ATOMS), distArb(MAX_ATOMS), (x, y) => {
        const m = maxDist(x, y);
        expectWellFormed(m);
        for (const d of [x, y])
          expect(arrivesNoLaterUpToRounding(compress(d.t, d.p, MAX_ATOMS), m)).toBe(true);
        expect(mean(m)).toBeGreaterThanOrEqual(Math.max(mean(x), mean(y)) * (1 - 1e-9));
      }),
      { numRuns: 200 },
    );
  });
});

describe('compress', () => {
  it('keeps the mean within 1e-6 relative and the total probability', () => {
    fc.assert(
      fc.property(distArb(60), fc.integer({ min: 1, max: 24 }), (x, k) => {
        const c = compress(x.t, x.p, k);
        expect(c.t.length).toBeLessThanOrEqual(Math.max(k, 1));
        expect(total(c)).toBeCloseTo(1, 9);
        expect(Math.abs(mean(c) - mean(x)) / Math.max(1, mean(x))).toBeLessThan(1e-6);
        for (let i = 1; i < c.t.length; i++) expect(c.t[i]!).toBeGreaterThanOrEqual(c.t[i - 1]!);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps stochastic order: X no later than Y ⇒ compress(X) no later than compress(Y)', () => {
    fc.assert(
      fc.property(orderedPairArb, fc.integer({ min: 1, max: 24 }), ({ x, y }, k) => {
        expect(arrivesNoLater(x, y)).toBe(true);
        const cx = compress(x.t, x.p, k);
        const cy = compress(y.t, y.p, k);
        expect(arrivesNoLaterUpToRounding(cx, cy)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps stochastic order when one side has few atoms and the other many', () => {
    // X has three atoms, Y two; X arrives no later than Y. Compressed to two atoms each.
    const x = dist([
      [0, 0.4],
      [9.99, 0.1],
      [10, 0.5],
    ]);
    const y = dist([
      [0, 0.4],
      [10, 0.6],
    ]);
    expect(arrivesNoLater(x, y)).toBe(true);
    expect(arrivesNoLater(compress(x.t, x.p, 2), compress(y.t, y.p, 2))).toBe(true);
  });

  it('leaves alone atoms whose masses are whole shares', () => {
    const x = dist([
      [5, 0.25],
      [7, 0.75],
    ]);
    expect(atomsOf(compress(x.t, x.p, 4))).toEqual([
      [5, 0.25],
      [7, 0.75],
    ]);
    expect(atomsOf(compress(x.t, x.p, 20))).toEqual(atomsOf(x));
  });
});

describe('quantile and cdf', () => {
  it('quantile is non-decreasing in q, cdf in t, and P50 ≤ P90', () => {
    fc.assert(
      fc.property(
        distArb(MAX_ATOMS),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: -DAY_MS, max: 70 * DAY_MS }),
        fc.integer({ min: 0, max: 10 * DAY_MS }),
        (x, q1, q2, t, dt) => {
          const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
          expect(quantile(x, lo)).toBeLessThanOrEqual(quantile(x, hi));
          expect(cdf(x, t)).toBeLessThanOrEqual(cdf(x, t + dt));
          expect(cdf(x, t)).toBeGreaterThanOrEqual(0);
          expect(cdf(x, t)).toBeLessThanOrEqual(1);
          expect(quantile(x, 0.5)).toBeLessThanOrEqual(quantile(x, 0.9));
          // The quantile is an atom that reaches q.
          expect(cdf(x, quantile(x, hi))).toBeGreaterThanOrEqual(hi - 1e-9);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('on a hand-made distribution', () => {
    const x = dist([
      [10, 0.2],
      [20, 0.3],
      [30, 0.5],
    ]);
    expect(cdf(x, 9)).toBe(0);
    expect(cdf(x, 10)).toBeCloseTo(0.2, 12);
    expect(cdf(x, 25)).toBeCloseTo(0.5, 12);
    expect(cdf(x, 30)).toBe(1);
    expect(quantile(x, 0.2)).toBe(10);
    expect(quantile(x, 0.5)).toBe(20);
    expect(quantile(x, 0.51)).toBe(30);
    expect(quantile(x, 0.9)).toBe(30);
    expect(mean(x)).toBeCloseTo(2 + 6 + 15, 12);
  });
});

describe('addDist by hand', () => {
  it('two 2-atom distributions: every sum, with the product of the masses', () => {
    const x = dist([
      [0, 0.5],
      [10, 0.5],
    ]);
    const y = dist([
      [1, 0.3],
      [2, 0.7],
    ]);
    const s = addDist(x, y);
    expect(Array.from(s.t)).toEqual([1, 2, 11, 12]);
    expect(Array.from(s.p).map((p) => Math.round(p * 1e12) / 1e12)).toEqual([
      0.15, 0.35, 0.15, 0.35,
    ]);
    expect(mean(s)).toBeCloseTo(5 + 1.7, 12);
    expect(quantile(s, 0.5)).toBe(2);
    expect(quantile(s, 0.9)).toBe(12);
  });

  it('interleaved sums come out sorted', () => {
    const x = dist([
      [0, 0.5],
      [1, 0.5],
    ]);
    const y = dist([
      [0, 0.2],
      [5, 0.8],
    ]);
    const s = addDist(x, y);
    expect(Array.from(s.t)).toEqual([0, 1, 5, 6]);
    expect(Array.from(s.p)).toEqual([0.1, 0.1, 0.4, 0.4].map((p) => expect.closeTo(p, 12)));
  });

  it('masses off the 5 % grid are sliced into twenty atoms of 5 %, keeping the mean', () => {
    const x = dist([
      [0, 0.5],
      [10, 0.5],
    ]);
    const y = dist([
      [1, 0.25],
      [2, 0.75],
    ]);
    // Exactly: 1 (0.125), 2 (0.375), 11 (0.125), 12 (0.375); the third and thirteenth slices
    // straddle two atoms.
    const s = addDist(x, y);
    const seven = (t: number) => new Array<number>(7).fill(t);
    expect(Array.from(s.t)).toEqual(
      [1, 1, 1.5, ...seven(2), 11, 11, 11.5, ...seven(12)].map((t) => expect.closeTo(t, 9)),
    );
    expect(Array.from(s.p)).toEqual(new Array(20).fill(expect.closeTo(0.05, 12)));
    expect(mean(s)).toBeCloseTo(6.75, 9);
  });

  it('a point shifts the other distribution', () => {
    const x = dist([
      [0, 0.5],
      [10, 0.5],
    ]);
    expect(atomsOf(addDist(x, pointDist(3)))).toEqual([
      [3, 0.5],
      [13, 0.5],
    ]);
    expect(atomsOf(addDist(pointDist(3), x))).toEqual([
      [3, 0.5],
      [13, 0.5],
    ]);
  });

  it('a quantile duration gives ten atoms of 10 % at the slice midpoints', () => {
    const d = durationDist({ kind: 'quantiles', minH: 24, p50H: 48, p90H: 72, maxH: 96 });
    expect(d.t.length).toBe(10);
    expect(Array.from(d.p)).toEqual(new Array(10).fill(0.1));
    expect(quantile(d, 0.5) / HOUR_MS).toBeGreaterThan(24);
    expect(quantile(d, 0.5) / HOUR_MS).toBeLessThanOrEqual(48);
    expect(d.t[9]! / HOUR_MS).toBeLessThan(96);
    expect(d.t[9]! / HOUR_MS).toBeGreaterThan(72);
  });
});

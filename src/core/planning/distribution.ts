import { durationQuantile, type Duration } from '../network/index.ts';

/**
 * A time distribution as a small set of atoms: instants (or offsets) in ms with probabilities
 * summing to 1, sorted by time. Leg durations become atoms at equal-probability slices;
 * combining legs (sum, schedule wait, max of parallel pickups, inspection mixtures) is exact on
 * the atoms and then compressed back to at most MAX_ATOMS slices of equal probability mass
 * (compress), which keeps the mean exact and quantiles within one slice.
 */
export interface Dist {
  readonly t: Float64Array;
  readonly p: Float64Array;
}

/** Twenty atoms of 5 % each: probabilities such as 0.8, 0.9 and 0.95 are met exactly at an atom. */
export const MAX_ATOMS = 20;
export const DURATION_ATOMS = 10;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function pointDist(t: number): Dist {
  return { t: Float64Array.of(t), p: Float64Array.of(1) };
}

const durationCache = new WeakMap<Duration, Dist>();

/** Atoms of a leg duration (offsets in ms): the midpoints of equal-probability slices, or the histogram itself. */
export function durationDist(d: Duration): Dist {
  const cached = durationCache.get(d);
  if (cached) return cached;
  let dist: Dist;
  if (d.kind === 'histogram') {
    dist = {
      t: Float64Array.from(d.points, (x) => x.hours * HOUR_MS),
      p: Float64Array.from(d.points, (x) => x.probability),
    };
    dist = compress(dist.t, dist.p, MAX_ATOMS);
  } else if (d.minH === d.maxH) {
    dist = pointDist(d.minH * HOUR_MS);
  } else {
    const t = new Float64Array(DURATION_ATOMS);
    const p = new Float64Array(DURATION_ATOMS).fill(1 / DURATION_ATOMS);
    for (let i = 0; i < DURATION_ATOMS; i++)
      t[i] = durationQuantile(d, (i + 0.5) / DURATION_ATOMS) * HOUR_MS;
    dist = { t, p };
  }
  durationCache.set(d, dist);
  return dist;
}

/**
 * Merges sorted atoms into k groups of exactly equal probability, splitting an atom across a
 * group boundary; each group sits at the mean time of its slice of the quantile function (kept
 * within the slice's first and last atom, against rounding). So the mean is kept, and compression
 * keeps stochastic order: if X arrives no later than Y in distribution, so does compress(X) against
 * compress(Y), which the search's dominance pruning needs. Atoms are left as they are only when
 * they are already what slicing would make of them: at most k, each a whole number of slices.
 * (Leaving every small distribution alone would break the order against a sliced one.)
 */
export function compress(t: Float64Array, p: Float64Array, k: number): Dist {
  const n = t.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += p[i]!;
  const share = total / k;
  if (n <= k && wholeShares(p, share)) return { t, p };
  const outT = new Float64Array(k);
  const outP = new Float64Array(k);
  let g = 0;
  let room = share;
  let moment = 0;
  // The time of the first atom in the current group (NaN: none yet).
  let first = NaN;
  for (let i = 0; i < n; i++) {
    let mass = p[i]!;
    const time = t[i]!;
    while (mass > 0) {
      if (first !== first) first = time;
      if (g === k - 1) {
        moment += mass * time;
        break;
      }
      const take = mass < room ? mass : room;
      moment += take * time;
      mass -= take;
      room -= take;
      if (room <= share * 1e-9) {
        outT[g] = within(moment / share, first, time);
        outP[g] = share;
        g++;
        room = share;
        moment = 0;
        first = NaN;
        if (mass <= share * 1e-12) mass = 0;
      }
    }
  }
  const lastMass = total - share * (k - 1);
  outT[k - 1] = first === first ? within(moment / lastMass, first, t[n - 1]!) : t[n - 1]!;
  outP[k - 1] = lastMass;
  return { t: outT, p: outP };
}

/** Whether every mass is a whole number of shares (zero included). */
function wholeShares(p: Float64Array, share: number): boolean {
  for (let i = 0; i < p.length; i++) {
    const r = p[i]! / share;
    if (Math.abs(r - Math.round(r)) > 1e-9) return false;
  }
  return true;
}

const within = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** True when X arrives no later than Y in distribution: P(X ≤ t) ≥ P(Y ≤ t) for every t. */
export function arrivesNoLater(x: Dist, y: Dist): boolean {
  let i = 0;
  let j = 0;
  let cx = 0;
  let cy = 0;
  while (i < x.t.length || j < y.t.length) {
    const tx = i < x.t.length ? x.t[i]! : Infinity;
    const ty = j < y.t.length ? y.t[j]! : Infinity;
    const at = tx < ty ? tx : ty;
    while (i < x.t.length && x.t[i]! === at) cx += x.p[i++]!;
    while (j < y.t.length && y.t[j]! === at) cy += y.p[j++]!;
    if (cx < cy - 1e-9) return false;
  }
  return true;
}

function sortAtoms(t: Float64Array, p: Float64Array): Dist {
  const idx = Array.from(t.keys()).sort((a, b) => t[a]! - t[b]!);
  const st = new Float64Array(idx.length);
  const sp = new Float64Array(idx.length);
  let m = 0;
  for (const i of idx) {
    if (m > 0 && st[m - 1] === t[i]) sp[m - 1]! += p[i]!;
    else {
      st[m] = t[i]!;
      sp[m] = p[i]!;
      m++;
    }
  }
  return { t: st.subarray(0, m), p: sp.subarray(0, m) };
}

// Scratch buffers for addDist: reused between calls (the core is single-threaded), so summing two
// distributions allocates only its result.
let scratchT = new Float64Array(1024);
let scratchP = new Float64Array(1024);
let scratchT2 = new Float64Array(1024);
let scratchP2 = new Float64Array(1024);

function ensureScratch(n: number): void {
  if (scratchT.length >= n) return;
  const size = 1 << Math.ceil(Math.log2(n));
  scratchT = new Float64Array(size);
  scratchP = new Float64Array(size);
  scratchT2 = new Float64Array(size);
  scratchP2 = new Float64Array(size);
}

/**
 * The distribution of X + Y for independent X (absolute or offset) and Y (offset). For each atom
 * of X the shifted atoms of Y form a sorted run; runs are merged bottom-up (no comparator sort),
 * then compressed.
 */
export function addDist(x: Dist, y: Dist): Dist {
  if (y.t.length === 1) {
    const shift = y.t[0]!;
    return { t: x.t.map((v) => v + shift), p: x.p };
  }
  const nx = x.t.length;
  const ny = y.t.length;
  const n = nx * ny;
  ensureScratch(n);
  let t = scratchT;
  let p = scratchP;
  let t2 = scratchT2;
  let p2 = scratchP2;
  let k = 0;
  for (let i = 0; i < nx; i++) {
    const xt = x.t[i]!;
    const xp = x.p[i]!;
    for (let j = 0; j < ny; j++) {
      t[k] = xt + y.t[j]!;
      p[k] = xp * y.p[j]!;
      k++;
    }
  }
  for (let width = ny; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let a = lo;
      let b = mid;
      let o = lo;
      while (a < mid && b < hi) {
        if (t[a]! <= t[b]!) {
          t2[o] = t[a]!;
          p2[o++] = p[a++]!;
        } else {
          t2[o] = t[b]!;
          p2[o++] = p[b++]!;
        }
      }
      while (a < mid) {
        t2[o] = t[a]!;
        p2[o++] = p[a++]!;
      }
      while (b < hi) {
        t2[o] = t[b]!;
        p2[o++] = p[b++]!;
      }
    }
    [t, t2] = [t2, t];
    [p, p2] = [p2, p];
  }
  return compressSorted(t, p, n, MAX_ATOMS);
}

/** compress() over the first n sorted atoms of scratch arrays; the result never shares their memory. */
function compressSorted(t: Float64Array, p: Float64Array, n: number, k: number): Dist {
  const out = compress(t.subarray(0, n), p.subarray(0, n), k);
  return out.t.buffer === t.buffer ? { t: out.t.slice(), p: out.p.slice() } : out;
}

/** Applies a non-decreasing map to every atom (a schedule: ready → departure), merging equal results. */
export function mapDist(x: Dist, f: (t: number) => number): Dist {
  const t = new Float64Array(x.t.length);
  const p = new Float64Array(x.t.length);
  let m = 0;
  for (let i = 0; i < x.t.length; i++) {
    const v = f(x.t[i]!);
    if (m > 0 && t[m - 1] === v) p[m - 1]! += x.p[i]!;
    else {
      t[m] = v;
      p[m] = x.p[i]!;
      m++;
    }
  }
  const out = { t: t.subarray(0, m), p: p.subarray(0, m) };
  // A map that is not monotone (it never should be) would leave atoms unsorted.
  for (let i = 1; i < m; i++) if (out.t[i]! < out.t[i - 1]!) return sortAtoms(out.t, out.p);
  return out;
}

/** With probability w the first, else the second (e.g. inspected or not). */
export function mixDist(a: Dist, w: number, b: Dist): Dist {
  if (w <= 0) return b;
  if (w >= 1) return a;
  const t = new Float64Array(a.t.length + b.t.length);
  const p = new Float64Array(a.t.length + b.t.length);
  t.set(a.t);
  t.set(b.t, a.t.length);
  for (let i = 0; i < a.p.length; i++) p[i] = a.p[i]! * w;
  for (let i = 0; i < b.p.length; i++) p[a.t.length + i] = b.p[i]! * (1 - w);
  const sorted = sortAtoms(t, p);
  return compress(sorted.t, sorted.p, MAX_ATOMS);
}

/** max(X, Y) of independent arrivals: goods of several suppliers meet when the last arrives. */
export function maxDist(x: Dist, y: Dist): Dist {
  const times = Float64Array.from(new Set([...x.t, ...y.t])).sort();
  const p = new Float64Array(times.length);
  let prev = 0;
  for (let i = 0; i < times.length; i++) {
    const c = cdf(x, times[i]!) * cdf(y, times[i]!);
    p[i] = c - prev;
    prev = c;
  }
  return compress(times, p, MAX_ATOMS);
}

export function cdf(x: Dist, at: number): number {
  let c = 0;
  for (let i = 0; i < x.t.length && x.t[i]! <= at; i++) c += x.p[i]!;
  return Math.min(1, c);
}

/** The smallest atom time whose cumulative probability reaches q. */
export function quantile(x: Dist, q: number): number {
  let c = 0;
  for (let i = 0; i < x.t.length; i++) {
    c += x.p[i]!;
    if (c >= q - 1e-9) return x.t[i]!;
  }
  return x.t[x.t.length - 1]!;
}

export function mean(x: Dist): number {
  let m = 0;
  for (let i = 0; i < x.t.length; i++) m += x.t[i]! * x.p[i]!;
  return m;
}

export function minTime(x: Dist): number {
  return x.t[0]!;
}

import type { DurationFile } from './schema.ts';
import type { Duration } from './types.ts';

/** Reads a duration as written in a network file; returns a reason when its figures contradict each other. */
export function durationFromFile(
  file: DurationFile,
): { ok: true; value: Duration } | { ok: false; reason: string } {
  if ('histogramDays' in file) {
    const points = Object.entries(file.histogramDays)
      .map(([days, probability]) => ({ hours: Number(days) * 24, probability }))
      .sort((a, b) => a.hours - b.hours);
    if (points.length === 0) return { ok: false, reason: 'a histogram needs at least one point' };
    const total = points.reduce((s, p) => s + p.probability, 0);
    if (Math.abs(total - 1) > 1e-6)
      return { ok: false, reason: `histogram probabilities sum to ${total}, not 1` };
    return { ok: true, value: { kind: 'histogram', points } };
  }
  const [minH, p50H, p90H, maxH] =
    'minDays' in file
      ? [file.minDays * 24, file.p50Days * 24, file.p90Days * 24, file.maxDays * 24]
      : [file.minHours, file.p50Hours, file.p90Hours, file.maxHours];
  if (!(minH <= p50H && p50H <= p90H && p90H <= maxH)) {
    return {
      ok: false,
      reason: `quantiles must not decrease: min ${minH} h, p50 ${p50H} h, p90 ${p90H} h, max ${maxH} h`,
    };
  }
  return { ok: true, value: { kind: 'quantiles', minH, p50H, p90H, maxH } };
}

/** P(duration ≤ hours). For quantiles the CDF runs linearly between (min,0), (p50,0.5), (p90,0.9) and (max,1). */
export function durationCdf(d: Duration, hours: number): number {
  if (d.kind === 'histogram') {
    let p = 0;
    for (const point of d.points) if (point.hours <= hours) p += point.probability;
    return Math.min(1, p);
  }
  const knots: [number, number][] = [
    [d.minH, 0],
    [d.p50H, 0.5],
    [d.p90H, 0.9],
    [d.maxH, 1],
  ];
  if (hours < d.minH) return 0;
  if (hours >= d.maxH) return 1;
  for (let i = 1; i < knots.length; i++) {
    const [x0, y0] = knots[i - 1]!;
    const [x1, y1] = knots[i]!;
    if (hours <= x1) return x1 === x0 ? y1 : y0 + ((hours - x0) / (x1 - x0)) * (y1 - y0);
  }
  return 1;
}

/** The smallest duration whose CDF reaches q. */
export function durationQuantile(d: Duration, q: number): number {
  if (d.kind === 'histogram') {
    let p = 0;
    for (const point of d.points) {
      p += point.probability;
      if (p >= q - 1e-12) return point.hours;
    }
    return d.points[d.points.length - 1]!.hours;
  }
  const knots: [number, number][] = [
    [0, d.minH],
    [0.5, d.p50H],
    [0.9, d.p90H],
    [1, d.maxH],
  ];
  for (let i = 1; i < knots.length; i++) {
    const [q0, x0] = knots[i - 1]!;
    const [q1, x1] = knots[i]!;
    if (q <= q1) return x0 + ((q - q0) / (q1 - q0)) * (x1 - x0);
  }
  return d.maxH;
}

export function durationMean(d: Duration): number {
  if (d.kind === 'histogram') return d.points.reduce((s, p) => s + p.hours * p.probability, 0);
  // Piecewise-uniform density between the knots: each segment contributes its mass times its midpoint.
  return (
    0.5 * ((d.minH + d.p50H) / 2) + 0.4 * ((d.p50H + d.p90H) / 2) + 0.1 * ((d.p90H + d.maxH) / 2)
  );
}

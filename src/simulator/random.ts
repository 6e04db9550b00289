/*
 * Seeded randomness for the simulator: the same seed and the same shipment give the same
 * timeline, whatever order shipments are discovered in (each shipment draws from its own stream,
 * seeded by the run's seed and its id).
 */
import { fnv1a32, seededUnit } from '../core/shared/index.ts';

/** A 32-bit hash of a text (FNV-1a, then avalanched), to seed one stream per shipment. */
export function hashText(text: string): number {
  let h = fnv1a32(text);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** The simulation's draws, from the core's seeded mulberry32 (not for secrets). */
export function seededRandom(seed: number): Random {
  const next = seededUnit(seed);
  return {
    next,
    between: (lo, hi) => lo + (hi - lo) * next(),
    chance: (p) => p > 0 && next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.min(items.length - 1, Math.floor(next() * items.length))]!;
    },
  };
}

/** The stream of one item of a run: seeded by the run's seed and the item's id. */
export function streamFor(seed: number, id: string): Random {
  return seededRandom(hashText(`${seed}:${id}`));
}

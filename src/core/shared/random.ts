/*
 * A seeded pseudo-random source (mulberry32): small, fast, and the same sequence for the same seed
 * on every machine, so generated data, simulations and benchmarks repeat exactly. Not for secrets
 * (ids and keys take the shell's crypto source).
 */

/** The next 32-bit unsigned value of mulberry32, each call. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform numbers in [0, 1). */
export function seededUnit(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

/** Fills byte arrays (one value's low byte per byte): an id source's randomness in tests. */
export function seededBytes(seed: number): (bytes: Uint8Array) => void {
  const next = mulberry32(seed);
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
  };
}

/**
 * A 32-bit FNV-1a hash of a text's UTF-16 code units: cheap and stable everywhere, for spreading
 * keys over buckets (lock buckets, queue shares) and seeding streams. Not for secrets.
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

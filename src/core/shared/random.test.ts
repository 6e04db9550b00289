import { describe, expect, it } from 'vitest';
import { fnv1a32, mulberry32, seededBytes, seededUnit } from './random.ts';

describe('seeded random', () => {
  it('repeats for the same seed, differs for another, and stays in [0, 1)', () => {
    const a = seededUnit(42);
    const b = seededUnit(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    const c = seededUnit(43);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.05);
  });

  it('gives units and bytes from the one 32-bit sequence', () => {
    const values = Array.from({ length: 3 }, mulberry32(7));
    const units = seededUnit(7);
    expect(values.map(() => units())).toEqual(values.map((v) => v / 4294967296));
    const bytes = new Uint8Array(3);
    seededBytes(7)(bytes);
    expect([...bytes]).toEqual(values.map((v) => v & 0xff));
  });
});

describe('fnv1a32', () => {
  it('gives the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

import type { Clock } from './clock.ts';

/** IDs are a type prefix plus a ULID-style sortable part: 10 chars of time, 16 of randomness (Crockford base32). */
export type IdPrefix =
  'ord' | 'shp' | 'leg' | 'prc' | 'bat' | 'evt' | 'qte' | 'ten' | 'key' | 'whk' | 'exc' | 'ret';

export interface IdSource {
  next(prefix: IdPrefix): string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/**
 * Builds an IdSource from a clock and a source of random bytes (the shell passes
 * `crypto.getRandomValues`; tests pass a seeded one). Within one millisecond the random
 * part is incremented, so IDs from one source sort in creation order.
 */
export function createIdSource(clock: Clock, fillRandom: (bytes: Uint8Array) => void): IdSource {
  let lastMs = -1;
  let lastRandom = new Uint8Array(10);
  return {
    next(prefix) {
      const ms = clock.now().getTime();
      if (ms === lastMs) {
        for (let i = lastRandom.length - 1; i >= 0; i--) {
          lastRandom[i] = (lastRandom[i]! + 1) & 0xff;
          if (lastRandom[i] !== 0) break;
        }
      } else {
        lastRandom = new Uint8Array(10);
        fillRandom(lastRandom);
        lastMs = ms;
      }
      let bits = 0n;
      for (const b of lastRandom) bits = (bits << 8n) | BigInt(b);
      let random = '';
      for (let i = 0; i < 16; i++) {
        random = CROCKFORD[Number(bits & 31n)] + random;
        bits >>= 5n;
      }
      return `${prefix}_${encodeTime(ms)}${random}`.toLowerCase();
    },
  };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatS10, isS10, s10CheckDigit, s10Problem } from './s10.ts';

describe('UPU S10 identifiers', () => {
  it('computes check digits worked by hand', () => {
    // 4·8 + 7·6 + 3·4 + 9·2 + 6·3 + 0·5 + 2·9 + 1·7 = 32+42+12+18+18+0+18+7 = 147; 147 mod 11 = 4; 11 − 4 = 7
    expect(s10CheckDigit('47396021')).toBe(7);
    // 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 7·9 + 8·7 = 8+12+12+8+15+30+63+56 = 204; 204 mod 11 = 6; 11 − 6 = 5
    expect(s10CheckDigit('12345678')).toBe(5);
    // all zeros: S = 0, C = 11 → 5
    expect(s10CheckDigit('00000000')).toBe(5);
    // 00000001: S = 7, C = 4
    expect(s10CheckDigit('00000001')).toBe(4);
    // 00000010: S = 9, C = 2; 00000030: S = 27, 27 mod 11 = 5, C = 6
    expect(s10CheckDigit('00000010')).toBe(2);
    // S mod 11 = 1 gives C = 10 → 0: 00000300 has S = 3·5 = 15, 15 mod 11 = 4 (C = 7); 00010000 has S = 3·1... use 01000000: S = 6, C = 5
    // 00000003: S = 21, 21 mod 11 = 10, C = 1; 00000008: S = 56, 56 mod 11 = 1, C = 10 → 0
    expect(s10CheckDigit('00000003')).toBe(1);
    expect(s10CheckDigit('00000008')).toBe(0);
  });

  it('validates identifiers and names what is wrong', () => {
    expect(isS10('RR123456785CN')).toBe(true);
    expect(s10Problem('RR123456784CN')).toBe('check-digit');
    expect(s10Problem('rr123456785CN')).toBe('shape');
    expect(s10Problem('RR12345678CN')).toBe('shape');
    expect(s10Problem('JR123456785CN')).toBe('reserved-service-indicator');
    expect(s10Problem('RR123456785ZZ')).toBe('unknown-country');
  });

  it('formats valid identifiers for every serial', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (serial) => {
        const id = formatS10('LX', serial, 'CN');
        expect(id).toHaveLength(13);
        expect(isS10(id)).toBe(true);
        // A changed serial digit changes S mod 11 (every weight is non-zero mod 11), but C = 11 and
        // C = 6 both print as 5: the only single-digit errors S10 cannot see are between those two.
        const pos = 2 + (serial % 8);
        const d = Number(id[pos]);
        const broken = id.slice(0, pos) + String((d + 1) % 10) + id.slice(pos + 1);
        const collides = s10CheckDigit(broken.slice(2, 10)) === Number(id[10]);
        expect(isS10(broken)).toBe(collides);
        if (collides) expect(id[10]).toBe('5');
      }),
    );
  });

  it('refuses unusable inputs', () => {
    expect(() => formatS10('JX', 1, 'CN')).toThrow(RangeError);
    expect(() => formatS10('LX', 100_000_000, 'CN')).toThrow(RangeError);
    expect(() => formatS10('LX', 1, 'XX')).toThrow(RangeError);
  });
});

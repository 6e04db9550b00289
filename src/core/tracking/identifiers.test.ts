import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatS10 } from '../shared/index.ts';
import { classifyIdentifier, IdentifierIndex, normalizeIdentifier } from './identifiers.ts';

const SHIPMENT_ID = 'shp_01jq3v8x9k2m4n6p8r0t2v4w6y';

describe('normalizeIdentifier', () => {
  it('trims, upper-cases and removes every kind of space', () => {
    expect(normalizeIdentifier('  rr 12345678 5 cn ')).toBe('RR123456785CN');
    expect(normalizeIdentifier('RR\u00a012345678\u200b5\tCN')).toBe('RR123456785CN');
    // Full-width characters typed with a Chinese input method, and the ideographic space.
    expect(normalizeIdentifier('ＲＲ１２３４５６７８５\u3000ＣＮ')).toBe('RR123456785CN');
    expect(normalizeIdentifier('1z-999-aa1')).toBe('1Z-999-AA1');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = normalizeIdentifier(s);
        expect(normalizeIdentifier(once)).toBe(once);
      }),
    );
  });
});

describe('classifyIdentifier', () => {
  it('recognises valid S10 numbers however they are written', () => {
    const s10 = formatS10('RR', 12345678, 'CN');
    expect(
      classifyIdentifier(s10.toLowerCase().replace(/(..)(.{8})(.)(..)/, '$1 $2 $3 $4')),
    ).toEqual({ kind: 's10', normalized: s10 });
  });

  it('says why an S10-shaped number is not one', () => {
    const s10 = formatS10('RR', 12345678, 'CN');
    const wrongDigit = `${s10.slice(0, 10)}${(Number(s10[10]) + 1) % 10}CN`;
    expect(classifyIdentifier(wrongDigit)).toEqual({
      kind: 's10-invalid',
      normalized: wrongDigit,
      problem: 'check-digit',
    });
    expect(classifyIdentifier(`JJ${s10.slice(2)}`)).toMatchObject({
      kind: 's10-invalid',
      problem: 'reserved-service-indicator',
    });
    expect(classifyIdentifier(`${s10.slice(0, 11)}XX`)).toMatchObject({
      kind: 's10-invalid',
      problem: 'unknown-country',
    });
  });

  it("recognises Silkline's own ids and leaves everything else as other", () => {
    expect(classifyIdentifier(SHIPMENT_ID)).toEqual({
      kind: 'silkline',
      normalized: SHIPMENT_ID.toUpperCase(),
      entity: 'shipment',
    });
    expect(classifyIdentifier('prc_01JQ3V8X9K2M4N6P8R0T2V4W6Y')).toMatchObject({
      entity: 'parcel',
    });
    expect(classifyIdentifier('shp_short')).toMatchObject({ kind: 'other' });
    expect(classifyIdentifier('SL2026030100012')).toEqual({
      kind: 'other',
      normalized: 'SL2026030100012',
    });
  });
});

describe('IdentifierIndex', () => {
  it('finds the parcel by any of its identifiers, however typed', () => {
    const index = new IdentifierIndex();
    const s10 = formatS10('LP', 87654321, 'CN');
    expect(
      index.add('prc_1', [
        { role: 'silkline', value: SHIPMENT_ID },
        { role: 'line', value: 'BBL-2026-000123', partnerId: 'bluebridge-line' },
        { role: 'last-mile', value: '1Z 999 AA1 01 2345 6784', partnerId: 'liberty-parcel' },
        { role: 's10', value: s10 },
      ]).ok,
    ).toBe(true);
    for (const typed of [
      SHIPMENT_ID.toUpperCase(),
      'bbl-2026-000123',
      '1Z999AA10123456784',
      ` ${s10.toLowerCase()} `,
    ]) {
      expect(index.find(typed), typed).toBe('prc_1');
    }
    expect(index.find('unknown')).toBeUndefined();
  });

  it('refuses to give one identifier to two parcels, and registers nothing then', () => {
    const index = new IdentifierIndex();
    index.add('prc_1', [{ role: 'line', value: 'ABC 1' }]);
    const clash = index.add('prc_2', [
      { role: 'line', value: 'abc1' },
      { role: 'last-mile', value: 'NEW-2' },
    ]);
    expect(clash).toEqual({
      ok: false,
      error: [{ key: 'ABC1', parcelId: 'prc_2', otherParcelId: 'prc_1' }],
    });
    expect(index.find('NEW-2')).toBeUndefined();
    // Registering the same identifiers again for the same parcel is harmless (at-least-once).
    expect(index.add('prc_1', [{ role: 'line', value: 'abc 1' }]).ok).toBe(true);
  });
});

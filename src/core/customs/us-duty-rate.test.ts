import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Exact, formatDecimal } from '../shared/index.ts';
import { parseUsHtsTable } from './hs.ts';
import { parseUsDutyRate, usDutyCents } from './us-duty-rate.ts';

const dec = (x: Exact) => formatDecimal(x, 12);

function cents(text: string, base: { valueCents: number; quantity: number; weightG: number }) {
  const r = usDutyCents(parseUsDutyRate(text), {
    valueCents: { n: BigInt(base.valueCents), d: 1n },
    quantity: base.quantity,
    weightG: base.weightG,
  });
  return r.ok ? dec(r.cents) : `unknown: ${r.reason}`;
}

describe('parseUsDutyRate', () => {
  it('reads the rate forms of the HTS', () => {
    expect(parseUsDutyRate('Free')).toEqual({ kind: 'free', text: 'Free' });
    const pct = parseUsDutyRate('6.8%');
    expect(pct.kind === 'duty' && dec(pct.adValorem!)).toBe('0.068');
    const kg = parseUsDutyRate('1¢/kg');
    expect(kg.kind === 'duty' && kg.specific.map((s) => [dec(s.centsPerUnit), s.unit])).toEqual([
      ['1', 'kg'],
    ]);
    const compound = parseUsDutyRate('37.5¢/kg + 14.9%');
    expect(compound.kind).toBe('duty');
    if (compound.kind === 'duty') {
      expect(dec(compound.adValorem!)).toBe('0.149');
      expect(compound.specific.map((s) => [dec(s.centsPerUnit), s.unit])).toEqual([['37.5', 'kg']]);
    }
    const doz = parseUsDutyRate('$1.35/doz.');
    expect(doz.kind === 'duty' && doz.specific.map((s) => [dec(s.centsPerUnit), s.unit])).toEqual([
      ['135', 'doz'],
    ]);
    // The source file's mis-encoded cent sign is read too.
    const mojibake = parseUsDutyRate('2.2Â¢/kg + 5%');
    expect(mojibake.kind === 'duty' && mojibake.specific[0]!.unit).toBe('kg');
    for (const [text, unit] of [
      ['25¢ each', 'each'],
      ['$1.44 each', 'each'],
      ['62¢/pr. + 13.7%', 'pair'],
      ['14¢/gross + 4.3%', 'gross'],
      ['19.2¢/1000', 'thousand'],
      ['20¢/thousand + 3.5%', 'thousand'],
      ['$1.24/t', 't'],
      ['68¢/head', 'each'],
      ['29.1¢/m2', 'm2'],
      ['10¢/liter', 'liter'],
      ['1.1¢/pf.liter', 'proof-liter'],
      ['10.5¢/bbl', 'bbl'],
      ['5¢/kg on drained weight', 'other'],
    ] as const) {
      const r = parseUsDutyRate(text);
      expect(r.kind === 'duty' && r.specific[0]!.unit, text).toBe(unit);
    }
  });

  it('reports rates by reference or condition as unknown, never as zero', () => {
    for (const text of [
      '',
      ' ',
      'The rate applicable to the article of which it is a part or accessory',
      'Free, under bond, as prescribed in U.S. note 3 to this subchapter',
      '5% on the value of the lead content',
    ]) {
      expect(parseUsDutyRate(text).kind, text).toBe('unknown');
    }
  });
});

describe('usDutyCents', () => {
  it('computes ad valorem and specific parts on the item line (worked by hand)', () => {
    // 6.8 % of USD 50.00 = 340 cents.
    expect(cents('6.8%', { valueCents: 5000, quantity: 1, weightG: 100 })).toBe('340');
    // 46.3¢/kg × 2 kg + 14.9 % × 5000¢ = 92.6 + 745 = 837.6 cents.
    expect(cents('46.3¢/kg + 14.9%', { valueCents: 5000, quantity: 1, weightG: 2000 })).toBe(
      '837.6',
    );
    // $1.35 per dozen × 30 units = 2.5 dozen × 135¢ = 337.5 cents.
    expect(cents('$1.35/doz.', { valueCents: 9999, quantity: 30, weightG: 1 })).toBe('337.5');
    // 25¢ each × 4 = 100 cents.
    expect(cents('25¢ each', { valueCents: 1000, quantity: 4, weightG: 1 })).toBe('100');
    // 62¢/pr. × 2 pairs + 13.7 % × 4000¢ = 124 + 548 = 672 cents.
    expect(cents('62¢/pr. + 13.7%', { valueCents: 4000, quantity: 2, weightG: 900 })).toBe('672');
    expect(cents('Free', { valueCents: 4000, quantity: 2, weightG: 900 })).toBe('0');
  });

  it('says what it cannot measure instead of counting it as zero', () => {
    expect(cents('10¢/liter', { valueCents: 1000, quantity: 1, weightG: 500 })).toMatch(
      /^unknown: .*per liter/,
    );
    expect(cents('29.1¢/m2', { valueCents: 1000, quantity: 1, weightG: 500 })).toMatch(/unknown/);
    expect(cents('5¢/kg on drained weight', { valueCents: 1, quantity: 1, weightG: 1 })).toMatch(
      /kg on drained weight/,
    );
  });

  it('parses or reports unknown for every distinct rate text of the HTS file, and never throws', () => {
    const table = parseUsHtsTable(
      readFileSync(
        new URL('../../../data/reference/us-hts10-2026-02.csv', import.meta.url),
        'utf8',
      ),
    );
    const texts = new Set<string>();
    for (const line of table.lines.values()) if (line.rateText !== null) texts.add(line.rateText);
    const raw = readFileSync(
      new URL('../../../data/reference/us-hts10-2026-02.csv', import.meta.url),
      'utf8',
    );
    // The raw column too (with its "Â¢"), not only the table's repaired text.
    for (const m of raw.matchAll(/^"\d{10}",[^,]*,"([^"]*)"/gm)) texts.add(m[1]!);
    expect(texts.size).toBeGreaterThan(500);
    const kinds = { free: 0, duty: 0, unknown: 0 };
    for (const text of texts) {
      const rate = parseUsDutyRate(text);
      kinds[rate.kind]++;
      const r = usDutyCents(rate, { valueCents: { n: 12345n, d: 1n }, quantity: 3, weightG: 1500 });
      if (r.ok) expect(r.cents.n >= 0n, text).toBe(true);
      else expect(r.reason.length, text).toBeGreaterThan(0);
      if (rate.kind === 'duty')
        expect(rate.adValorem !== null || rate.specific.length > 0, text).toBe(true);
    }
    // Most of the file reads as a computable rate.
    expect(kinds.duty + kinds.free).toBeGreaterThan(texts.size * 0.9);
  });
});

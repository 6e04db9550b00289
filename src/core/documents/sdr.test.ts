import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compare, type CurrencyCode, exactFromInteger } from '../shared/index.ts';
import { customsFormFor, parseSdrRates, sdrRateOn, toSdr } from './sdr.ts';
import { SDR_CSV, testRules } from './test-fixtures.ts';

const money = (amount: number, currency: string) => ({
  amount,
  currency: currency as CurrencyCode,
});

describe('SDR rates', () => {
  const { sdr } = testRules();

  it('takes the newest rate on or before the date, and says when it is stale', () => {
    const on = sdrRateOn(sdr, 'USD', '2025-12-22');
    expect(on.ok && on.rate.rateText).toBe('0.731435');
    expect(on.ok && on.warning).toBeNull();
    // The day before, the October rate (units per SDR) is the one in force: 62 days old.
    const before = sdrRateOn(sdr, 'USD', '2025-12-21');
    expect(before.ok && before.rate.date).toBe('2025-10-20');
    expect(before.ok && before.warning).toMatch(/of 2025-10-20, 62 days before 2025-12-21/);
    const early = sdrRateOn(sdr, 'USD', '2025-10-19');
    expect(early).toEqual({
      ok: false,
      message: 'no SDR rate for USD on or before 2025-10-19 (the first is of 2025-10-20)',
    });
    expect(sdrRateOn(sdr, 'THB', '2025-12-22')).toEqual({
      ok: false,
      message: 'no SDR rate for THB in the SDR rate table',
    });
  });

  it('converts exactly: 8.99 USD × 0.731435 = SDR 6.57560065', () => {
    const on = sdrRateOn(sdr, 'USD', '2025-12-22');
    if (!on.ok) throw new Error(on.message);
    expect(toSdr(money(899, 'USD'), on.rate)).toEqual({ n: 657560065n, d: 100000000n });
    // Units per SDR: 1 SDR = 9.72772 CNY, so 9,727.72 CNY is SDR 1,000 exactly.
    const cny = sdrRateOn(sdr, 'CNY', '2025-11-01');
    if (!cny.ok) throw new Error(cny.message);
    expect(compare(toSdr(money(972772, 'CNY'), cny.rate), exactFromInteger(1000))).toBe(0);
  });
});

describe('CN 22 or CN 23 at SDR 300', () => {
  const { sdr } = testRules();
  const form = (amount: number, currency: string, date: string) => {
    const r = customsFormFor(money(amount, currency), date, sdr);
    if (!r.ok) throw new Error(r.message);
    return r.choice;
  };

  it('USD at 0.731435 SDR (2025-12-22): 410.15 USD is SDR 299.998, 410.16 USD is SDR 300.005', () => {
    // 300 / 0.731435 = 410.1526… USD: the last cent within the limit is 410.15.
    const under = form(41015, 'USD', '2025-12-22');
    expect(under.form).toBe('CN22');
    // Two decimals would read "300.00" for a value under the limit: six are shown instead.
    expect(under.sdrText).toBe('SDR 299.998065');
    expect(under.reason).toBe('contents SDR 299.998065 ≤ SDR 300: CN 22');
    const over = form(41016, 'USD', '2025-12-22');
    expect(over.form).toBe('CN23');
    expect(over.sdrText).toBe('SDR 300.01');
    expect(over.rateText).toBe('1 USD = 0.731435 SDR (IMF, 2025-12-22)');
  });

  it('CNY at 9.72772 per SDR (2025-10-20): 2918.31 CNY is CN 22, 2918.32 CNY is CN 23', () => {
    // 300 × 9.72772 = 2918.316 CNY.
    expect(form(291831, 'CNY', '2025-11-30').form).toBe('CN22');
    const over = form(291832, 'CNY', '2025-11-30');
    expect(over.form).toBe('CN23');
    // 2918.32 / 9.72772 = 300.000411…: two decimals would read 300.00, so six are shown.
    expect(over.sdrText).toBe('SDR 300.000411');
    expect(over.rateText).toBe('1 SDR = 9.72772 CNY (IMF, 2025-10-20)');
  });

  it('JPY has no minor unit: 64,652 JPY is CN 22, 64,653 JPY is CN 23 (at 0.0046402 SDR)', () => {
    expect(form(64652, 'JPY', '2025-12-22').form).toBe('CN22');
    expect(form(64653, 'JPY', '2025-12-22').form).toBe('CN23');
  });

  it('exactly SDR 300 is still a CN 22', () => {
    // 2918.316 CNY cannot be written in fen; 300 SDR at a rate of 1 SDR per 1.5 USD is 450.00 USD.
    const table = parseSdrRates(
      'date,currency,basis,rate,source\n2026-01-01,USD,units-per-sdr,1.5,test\n',
    );
    if (!table.ok) throw new Error('no parse');
    const r = customsFormFor(money(45000, 'USD'), '2026-01-02', table.table);
    expect(r.ok && r.choice.form).toBe('CN22');
    expect(r.ok && r.choice.sdrText).toBe('SDR 300.00');
  });

  it('has no answer without a rate for the currency', () => {
    expect(customsFormFor(money(100, 'THB'), '2025-12-22', sdr)).toEqual({
      ok: false,
      message: 'no SDR rate for THB in the SDR rate table',
    });
  });
});

describe('the SDR rate file', () => {
  it('names every bad row with its line and field', () => {
    const r = parseSdrRates(
      'date,currency,basis,rate,source\n2025-13-01,USD,sdr-per-unit,0.7,x\n2025-12-01,XDR,units-per-sdr,1,x\n2025-12-01,EUR,per,1,x\n2025-12-01,EUR,sdr-per-unit,-1,x\n2025-12-01,EUR,sdr-per-unit,1,\n',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.line, i.field])).toEqual([
      [2, 'date'],
      [3, 'currency'],
      [4, 'basis'],
      [5, 'rate'],
      [6, 'source'],
    ]);
  });

  it('refuses two rates of one currency for one date', () => {
    const r = parseSdrRates(`${SDR_CSV}2025-12-22,USD,sdr-per-unit,0.7,dup\n`);
    expect(r.ok).toBe(false);
  });

  it('ships a table that parses, with a source on every row', () => {
    const text = readFileSync(
      new URL('../../../data/customs/sdr-rates.csv', import.meta.url),
      'utf8',
    );
    const r = parseSdrRates(text);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    for (const c of ['USD', 'EUR', 'CNY', 'GBP', 'JPY', 'AUD', 'CAD'])
      expect(r.table.byCurrency.get(c)?.length).toBeGreaterThan(0);
  });
});

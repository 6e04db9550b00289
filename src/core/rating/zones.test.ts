import { describe, expect, it } from 'vitest';
import { asCurrencyCode, type CountryCode, majorTextToExactMinor } from '../shared/index.ts';
import {
  type DestinationRates,
  normalizePostcode,
  priceParcel,
  type RateCard,
  rateKeyFor,
  type ZoneRule,
} from './index.ts';

const CNY = asCurrencyCode('CNY');
const c = (code: string) => code as CountryCode;
const flat = (itemFee: string): DestinationRates => ({
  kind: 'banded',
  bands: [
    { fromG: 0, toG: null, itemFee: majorTextToExactMinor(itemFee, CNY)!, perKg: { n: 0n, d: 1n } },
  ],
});

const ZONES: ZoneRule[] = [
  { zone: 'UK', country: c('GB'), postcodePrefix: '' },
  { zone: 'NI', country: c('GB'), postcodePrefix: 'BT' },
  { zone: 'ISLANDS', country: c('GB'), postcodePrefix: 'ZE' },
  { zone: 'LERWICK', country: c('GB'), postcodePrefix: 'ZE1' },
  { zone: 'NA', country: c('US'), postcodePrefix: '' },
  { zone: 'ALASKA', country: c('US'), postcodePrefix: '995' },
  { zone: 'NA', country: c('CA'), postcodePrefix: '' },
  { zone: 'UNPRICED', country: c('IE'), postcodePrefix: '' },
];
const CARD: RateCard = {
  id: 'zoned',
  currency: CNY,
  shape: 'banded',
  rates: new Map([
    ['UK', flat('10.00')],
    ['NI', flat('20.00')],
    ['ISLANDS', flat('30.00')],
    ['LERWICK', flat('40.00')],
    ['NA', flat('50.00')],
    ['ALASKA', flat('60.00')],
  ]),
  zones: ZONES,
};

describe('normalizePostcode', () => {
  it('drops spaces and dashes and upper-cases', () => {
    expect(normalizePostcode('SW1A 1AA')).toBe('SW1A1AA');
    expect(normalizePostcode(' sw1a-1aa ')).toBe('SW1A1AA');
    expect(normalizePostcode('01310-100')).toBe('01310100');
    expect(normalizePostcode('\tze1 0aa\n')).toBe('ZE10AA');
    expect(normalizePostcode('')).toBe('');
  });
});

describe('rateKeyFor', () => {
  it.each([
    ['GB', 'SW1A 1AA', 'UK'],
    ['GB', undefined, 'UK'],
    ['GB', 'BT1 1AA', 'NI'],
    ['GB', 'bt1-1aa', 'NI'],
    ['GB', 'ZE2 9XX', 'ISLANDS'],
    ['GB', 'ze1 0aa', 'LERWICK'], // the longest matching prefix wins
    ['US', '10001', 'NA'],
    ['US', '99501', 'ALASKA'],
    ['US', '99', 'NA'], // shorter than the prefix: no match on 995
    ['CA', 'M5V 2T6', 'NA'],
    ['DE', '10115', undefined], // no zone for the country
    ['IE', 'D02', undefined], // a zone the card has no rates for
  ])('%s %s → %s', (country, postcode, zone) => {
    expect(rateKeyFor(CARD, { country: c(country), postcode })).toBe(zone);
  });

  it('keys a card without zones by country', () => {
    const byCountry: RateCard = { ...CARD, zones: null, rates: new Map([['US', flat('1.00')]]) };
    expect(rateKeyFor(byCountry, { country: c('US'), postcode: '99501' })).toBe('US');
    expect(rateKeyFor(byCountry, { country: c('CA') })).toBeUndefined();
  });

  it('does not match a country that only has postcode-prefix rules when the postcode is missing', () => {
    const partial: RateCard = {
      ...CARD,
      zones: [{ zone: 'NI', country: c('GB'), postcodePrefix: 'BT' }],
    };
    expect(rateKeyFor(partial, { country: c('GB') })).toBeUndefined();
    expect(rateKeyFor(partial, { country: c('GB'), postcode: 'BT7' })).toBe('NI');
  });

  it('prices by the zone and reports it', () => {
    const pricing = {
      chargeableWeight: { rule: 'actual' as const, divisor: 6000, roundUpToG: 1, minimumG: 0 },
      cards: [{ card: CARD, validFromMs: 0, validToMs: null }],
      surcharges: [],
      minimumCharge: null,
    };
    const q = priceParcel(
      pricing,
      { weightG: 100, goods: [], destination: { country: c('GB'), postcode: 'ZE1 0AA' } },
      { at: new Date(0) },
    );
    expect(q).toMatchObject({
      ok: true,
      value: { rateKey: 'LERWICK', total: { amount: 4000, currency: 'CNY' } },
    });
    const none = priceParcel(
      pricing,
      { weightG: 100, goods: [], destination: { country: c('IE'), postcode: 'D02 X285' } },
      { at: new Date(0) },
    );
    expect(none).toEqual({
      ok: false,
      error: {
        tag: 'no-rate-for-destination',
        cardId: 'zoned',
        country: 'IE',
        postcode: 'D02 X285',
      },
    });
  });
});

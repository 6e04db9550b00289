import { describe, expect, it } from 'vitest';
import {
  airportByIata,
  countryName,
  isCountryCode,
  isTimeZone,
  isUnlocodeShape,
  seaportByUnlocode,
} from './index.ts';

describe('ISO 3166 countries', () => {
  it('accepts assigned upper-case alpha-2 codes only', () => {
    for (const code of ['CN', 'US', 'DE', 'GB', 'JP', 'KW', 'BR'])
      expect(isCountryCode(code), code).toBe(true);
    for (const code of ['UK', 'XX', 'cn', 'CHN', '', 'C'])
      expect(isCountryCode(code), code).toBe(false);
    expect(countryName('DE' as never)).toBe('Germany');
  });
});

describe('IATA, UN/LOCODE and IANA zones', () => {
  it('looks up airports with their country and zone', () => {
    expect(airportByIata('PVG')).toEqual({ iata: 'PVG', country: 'CN', timezone: 'Asia/Shanghai' });
    expect(airportByIata('FRA')).toMatchObject({ country: 'DE', timezone: 'Europe/Berlin' });
    expect(airportByIata('QQQ')).toBeUndefined();
  });

  it('checks UN/LOCODE shape and finds shipped seaports', () => {
    expect(isUnlocodeShape('CNSZX')).toBe(true);
    expect(isUnlocodeShape('USLAX')).toBe(true);
    expect(isUnlocodeShape('CNSZ1')).toBe(false); // 0 and 1 are not used in LOCODEs
    expect(isUnlocodeShape('XXSZX')).toBe(false);
    expect(isUnlocodeShape('cnszx')).toBe(false);
    expect(seaportByUnlocode('CNSZX')).toMatchObject({
      unlocode: 'CNSZX',
      timezone: 'Asia/Shanghai',
    });
    expect(seaportByUnlocode('ZZZZZ')).toBeUndefined();
  });

  it('knows IANA zone names and aliases', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Asia/Calcutta')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

import countries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import airports from '../../../data/reference/iata-airports.json' with { type: 'json' };
import seaports from '../../../data/reference/seaports-unlocode.json' with { type: 'json' };

countries.registerLocale(english);

/** ISO 3166-1 alpha-2 country code. */
export type CountryCode = string & { readonly __brand: 'CountryCode' };

export function isCountryCode(code: string): code is CountryCode {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

export function countryName(code: CountryCode): string {
  return countries.getName(code, 'en') ?? code;
}

export interface Airport {
  readonly iata: string;
  readonly country: CountryCode;
  readonly timezone: string;
}

const airportTable = airports as unknown as Readonly<Record<string, readonly [string, string]>>;

/** IATA location code lookup (OpenFlights-derived list, data/reference/iata-airports.json); undefined for an unknown code. */
export function airportByIata(code: string): Airport | undefined {
  const row = Object.hasOwn(airportTable, code) ? airportTable[code] : undefined;
  return row ? { iata: code, country: row[0] as CountryCode, timezone: row[1] } : undefined;
}

export interface Seaport {
  readonly unlocode: string;
  readonly name: string;
  readonly timezone: string | undefined;
}

const seaportTable = seaports as unknown as Readonly<
  Record<string, { name: string; timezone: string | null }>
>;

/** UN/LOCODE shape: ISO country + three letters or digits 2-9 (e.g. CNSZX, USLAX). */
export function isUnlocodeShape(code: string): boolean {
  return /^[A-Z]{2}[A-Z2-9]{3}$/.test(code) && isCountryCode(code.slice(0, 2));
}

/** A seaport from the shipped UN/LOCODE seaport list; rail terminals and border crossings are not in it. */
export function seaportByUnlocode(code: string): Seaport | undefined {
  const row = seaportTable[code];
  return row ? { unlocode: code, name: row.name, timezone: row.timezone ?? undefined } : undefined;
}

const knownZones = new Set(Intl.supportedValuesOf('timeZone'));

/** IANA time zone name known to this runtime's ICU (aliases such as Asia/Calcutta included). */
export function isTimeZone(name: string): boolean {
  if (knownZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

import type { Party } from '../customs/index.ts';
import type { Buyer } from '../planning/index.ts';
import {
  type CountryCode,
  countryName,
  type Exact,
  formatMajor,
  type Money,
  roundHalfUp,
  toLocal,
} from '../shared/index.ts';
import type { DocParty } from './types.ts';

/** 899 USD minor units → "8.99 USD". */
export function moneyText(m: Money): string {
  return `${formatMajor(m)} ${m.currency}`;
}

/** Grams → kilograms with three decimals, as customs forms ask: 450 → "0.450 kg". */
export function kgText(grams: number): string {
  return `${kgNumber(grams)} kg`;
}

/** Grams → "0.450" (no unit), exact: grams are whole, so three decimals hold them. */
export function kgNumber(grams: number): string {
  const whole = Math.floor(grams / 1000);
  const rest = String(grams % 1000).padStart(3, '0');
  return `${whole}.${rest}`;
}

/** An exact amount of a unit with two decimals, half away from zero: 6.5756… → "6.58". */
export function twoDecimals(value: Exact): string {
  const hundredths = roundHalfUp({ n: value.n * 100n, d: value.d });
  const neg = hundredths < 0n;
  const digits = (neg ? -hundredths : hundredths).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** The local calendar date of an instant in a time zone: "2026-11-25". */
export function localDate(atMs: number, timeZone: string): string {
  const l = toLocal(atMs, timeZone);
  return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

/** "2026-11-25 17:00 Asia/Shanghai (09:00 UTC)". */
export function localDateTimeText(atMs: number, timeZone: string): string {
  const l = toLocal(atMs, timeZone);
  const u = toLocal(atMs, 'UTC');
  const hm = (h: number, m: number) =>
    `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return `${localDate(atMs, timeZone)} ${hm(l.hour, l.minute)} ${timeZone} (${hm(u.hour, u.minute)} UTC)`;
}

/** Countries whose town line reads "City REGION POSTCODE" (the region being the subdivision's own code). */
const CITY_REGION_POSTCODE = new Set(['US', 'CA', 'AU']);
/** Countries that write the city and the postcode on lines of their own (city first). */
const CITY_THEN_POSTCODE_LINE = new Set(['GB', 'IE']);

/** The town line(s) of an address in the destination's usual order. */
function townLines(
  country: CountryCode,
  city: string,
  postcode: string | null,
  region: string | null,
): string[] {
  const regionCode = region ? region.slice(region.indexOf('-') + 1) : null;
  if (CITY_REGION_POSTCODE.has(country))
    return [[city, regionCode, postcode].filter(Boolean).join(' ')];
  if (CITY_THEN_POSTCODE_LINE.has(country)) return [city, ...(postcode ? [postcode] : [])];
  const lines = [[postcode, city].filter(Boolean).join(' ')];
  // Elsewhere a subdivision, when given, is printed on its own line (a Chinese province, a Brazilian state).
  if (regionCode) lines.push(regionCode);
  return lines;
}

/** Where the ISO short name is not what an address says (the UPU asks for the country's usual name). */
const ADDRESS_COUNTRY_NAMES: Readonly<Record<string, string>> = {
  CN: 'China',
  US: 'United States',
  RU: 'Russia',
  TW: 'Taiwan',
};

/** The country's name as an address writes it ("China", "Germany"). */
export function addressCountryName(code: CountryCode): string {
  return ADDRESS_COUNTRY_NAMES[code] ?? countryName(code);
}

function party(
  name: string,
  addressLines: readonly string[],
  city: string,
  postcode: string | null,
  region: string | null,
  country: CountryCode,
  phone: string | null,
  email: string | null,
): DocParty {
  const cname = addressCountryName(country);
  return {
    name,
    // UPU addressing: the destination country last, in capitals.
    lines: [...addressLines, ...townLines(country, city, postcode, region), cname.toUpperCase()],
    city,
    postcode,
    country,
    countryName: cname,
    phone,
    email,
  };
}

/** The seller's profile party (shipper, exporter, sender). */
export function docPartyOfSeller(p: Party): DocParty {
  return party(p.name, p.addressLines, p.city, p.postcode, p.region, p.country, p.phone, p.email);
}

/** The buyer (consignee, addressee); the caller has checked the name, lines and city are there. */
export function docPartyOfBuyer(b: Buyer): DocParty {
  return party(
    b.name ?? '',
    b.addressLines ?? [],
    b.city ?? '',
    b.postcode ?? null,
    b.region ?? null,
    b.country,
    b.phone ?? null,
    b.email ?? null,
  );
}

/** Which of the buyer's fields a label and a customs declaration cannot do without. */
export function missingBuyerFields(b: Buyer): { field: string; message: string }[] {
  const missing: { field: string; message: string }[] = [];
  if (!b.name?.trim())
    missing.push({ field: 'buyer.name', message: 'the addressee’s name is needed on the label' });
  if (!b.addressLines || b.addressLines.length === 0)
    missing.push({
      field: 'buyer.addressLines',
      message: 'the street address is needed on the label',
    });
  if (!b.city?.trim())
    missing.push({ field: 'buyer.city', message: 'the town is needed on the label' });
  return missing;
}

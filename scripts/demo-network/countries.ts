// Destination countries of the demo network and the base figures every partner's card is derived
// from. CNY figures follow the public ranges of /work/shared/reference/rating.md (posts lowest,
// dedicated lines in the middle, express highest); local-currency figures (import clearance and
// last mile) are illustrative, in the order of magnitude of published e-commerce contract rates.
import { days, type DurationInput } from './util.ts';

export type Region = 'americas' | 'europe' | 'russia' | 'mideast' | 'asia-pacific';

export interface Gateway {
  /** Location id, e.g. gw-lax. */
  readonly id: string;
  readonly iata: string;
  readonly name: string;
  readonly city: string;
  readonly lat: number;
  readonly lon: number;
}

export interface ItemPerKg {
  readonly item: number;
  readonly perKg: number;
}

export interface DestinationCountry {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly region: Region;
  readonly gateways: readonly Gateway[];
  /** Air consolidation rate from Shenzhen, CNY per kg (other gateways and airlines vary around it). */
  readonly airPerKg: number;
  /** Extra air transit days beyond the region's base (long routes, transfers). */
  readonly airExtraDays: number;
  /** Import clearance per parcel, local currency. */
  readonly importFee: number;
  /** Economy last mile, local currency: fee per parcel + per kg. */
  readonly lastMile: ItemPerKg;
  readonly lastMileTransit: DurationInput;
  /** Postcode prefixes of remote areas (surcharged on the last mile and by express). */
  readonly remote: readonly string[];
  /** Postal small packet (milestones), CNY. */
  readonly postal: ItemPerKg;
  /** Registered / ePacket-like tracked postal, CNY. */
  readonly tracked: ItemPerKg;
  /** Dedicated-line base (air consolidation + partner last mile), CNY. */
  readonly dedicated: ItemPerKg;
  /** Express zone of the two integrators' zone tables. */
  readonly expressZone: string;
}

const gw = (
  id: string,
  iata: string,
  name: string,
  city: string,
  lat: number,
  lon: number,
): Gateway => ({
  id,
  iata,
  name,
  city,
  lat,
  lon,
});

export const DESTINATIONS: readonly DestinationCountry[] = [
  {
    code: 'US',
    name: 'United States',
    currency: 'USD',
    region: 'americas',
    gateways: [
      gw('gw-lax', 'LAX', 'Los Angeles International Airport', 'Los Angeles', 33.94, -118.41),
      gw('gw-jfk', 'JFK', 'John F. Kennedy International Airport', 'New York', 40.64, -73.78),
    ],
    airPerKg: 38,
    airExtraDays: 0,
    importFee: 0.6,
    lastMile: { item: 3.2, perKg: 1.6 },
    lastMileTransit: days(2, 4, 6, 9),
    remote: ['995', '996', '997', '998', '999', '967', '968', '006', '007', '009'],
    postal: { item: 8, perKg: 75 },
    tracked: { item: 16, perKg: 95 },
    dedicated: { item: 20, perKg: 78 },
    expressZone: 'Z3',
  },
  {
    code: 'CA',
    name: 'Canada',
    currency: 'CAD',
    region: 'americas',
    gateways: [
      gw('gw-yyz', 'YYZ', 'Toronto Pearson International Airport', 'Toronto', 43.68, -79.63),
    ],
    airPerKg: 42,
    airExtraDays: 0.5,
    importFee: 1.0,
    lastMile: { item: 6.5, perKg: 2.5 },
    lastMileTransit: days(2, 4, 7, 10),
    remote: ['X', 'Y', 'A0', 'G0', 'J0', 'K0', 'P0', 'R0', 'S0', 'T0', 'V0'],
    postal: { item: 9, perKg: 85 },
    tracked: { item: 17, perKg: 105 },
    dedicated: { item: 24, perKg: 90 },
    expressZone: 'Z3',
  },
  {
    code: 'MX',
    name: 'Mexico',
    currency: 'MXN',
    region: 'americas',
    gateways: [
      gw('gw-mex', 'MEX', 'Mexico City International Airport', 'Mexico City', 19.44, -99.07),
    ],
    airPerKg: 46,
    airExtraDays: 0.5,
    importFee: 15,
    lastMile: { item: 68, perKg: 22 },
    lastMileTransit: days(2, 3, 5, 8),
    remote: ['04', '23', '29', '77', '97'],
    postal: { item: 8, perKg: 90 },
    tracked: { item: 17, perKg: 120 },
    dedicated: { item: 25, perKg: 95 },
    expressZone: 'Z5',
  },
  {
    code: 'BR',
    name: 'Brazil',
    currency: 'BRL',
    region: 'americas',
    gateways: [
      gw('gw-gru', 'GRU', 'São Paulo/Guarulhos International Airport', 'São Paulo', -23.43, -46.47),
    ],
    airPerKg: 56,
    airExtraDays: 1.5,
    importFee: 6,
    lastMile: { item: 21, perKg: 7.5 },
    lastMileTransit: days(3, 6, 10, 15),
    remote: ['68', '69', '76', '77', '78'],
    postal: { item: 9, perKg: 110 },
    tracked: { item: 19, perKg: 140 },
    dedicated: { item: 30, perKg: 120 },
    expressZone: 'Z5',
  },
  {
    code: 'CL',
    name: 'Chile',
    currency: 'CLP',
    region: 'americas',
    gateways: [gw('gw-scl', 'SCL', 'Santiago International Airport', 'Santiago', -33.39, -70.79)],
    airPerKg: 58,
    airExtraDays: 1.5,
    importFee: 900,
    lastMile: { item: 3700, perKg: 1100 },
    lastMileTransit: days(2, 4, 7, 11),
    remote: ['60', '61', '62', '11'],
    postal: { item: 9, perKg: 115 },
    tracked: { item: 19, perKg: 145 },
    dedicated: { item: 30, perKg: 125 },
    expressZone: 'Z5',
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    currency: 'GBP',
    region: 'europe',
    gateways: [gw('gw-lhr', 'LHR', 'London Heathrow Airport', 'London', 51.47, -0.45)],
    airPerKg: 34,
    airExtraDays: 0,
    importFee: 0.4,
    lastMile: { item: 2.6, perKg: 0.7 },
    lastMileTransit: days(1, 2, 4, 6),
    remote: [
      'HS',
      'ZE',
      'KW',
      'IV',
      'PA2',
      'PA3',
      'PA4',
      'PA6',
      'PA7',
      'PH4',
      'BT',
      'IM',
      'GY',
      'JE',
    ],
    postal: { item: 9, perKg: 60 },
    tracked: { item: 16, perKg: 78 },
    dedicated: { item: 20, perKg: 70 },
    expressZone: 'Z4',
  },
  {
    code: 'DE',
    name: 'Germany',
    currency: 'EUR',
    region: 'europe',
    gateways: [
      gw('gw-fra', 'FRA', 'Frankfurt Airport', 'Frankfurt am Main', 50.03, 8.57),
      gw('gw-lej', 'LEJ', 'Leipzig/Halle Airport', 'Leipzig', 51.42, 12.24),
    ],
    airPerKg: 34,
    airExtraDays: 0,
    importFee: 0.45,
    lastMile: { item: 3.2, perKg: 0.8 },
    lastMileTransit: days(1, 2, 4, 6),
    remote: [
      '18565',
      '25845',
      '25846',
      '25847',
      '25849',
      '25859',
      '25863',
      '25869',
      '25938',
      '26465',
      '26474',
      '26486',
      '26548',
      '26571',
      '26579',
      '26757',
      '27498',
    ],
    postal: { item: 11, perKg: 72 },
    tracked: { item: 18, perKg: 88 },
    dedicated: { item: 22, perKg: 80 },
    expressZone: 'Z4',
  },
  {
    code: 'FR',
    name: 'France',
    currency: 'EUR',
    region: 'europe',
    gateways: [gw('gw-cdg', 'CDG', 'Paris Charles de Gaulle Airport', 'Paris', 49.01, 2.55)],
    airPerKg: 35,
    airExtraDays: 0,
    importFee: 0.45,
    lastMile: { item: 3.6, perKg: 0.9 },
    lastMileTransit: days(1, 3, 5, 7),
    remote: ['20', '97', '98'],
    postal: { item: 11, perKg: 74 },
    tracked: { item: 18, perKg: 90 },
    dedicated: { item: 22, perKg: 82 },
    expressZone: 'Z4',
  },
  {
    code: 'ES',
    name: 'Spain',
    currency: 'EUR',
    region: 'europe',
    gateways: [gw('gw-mad', 'MAD', 'Adolfo Suárez Madrid–Barajas Airport', 'Madrid', 40.49, -3.57)],
    airPerKg: 36,
    airExtraDays: 0.5,
    importFee: 0.45,
    lastMile: { item: 3.4, perKg: 0.9 },
    lastMileTransit: days(1, 3, 5, 8),
    remote: ['07', '35', '38', '51', '52'],
    postal: { item: 10, perKg: 72 },
    tracked: { item: 17, perKg: 88 },
    dedicated: { item: 22, perKg: 82 },
    expressZone: 'Z4',
  },
  {
    code: 'IT',
    name: 'Italy',
    currency: 'EUR',
    region: 'europe',
    gateways: [gw('gw-mxp', 'MXP', 'Milan Malpensa Airport', 'Milan', 45.63, 8.72)],
    airPerKg: 36,
    airExtraDays: 0.5,
    importFee: 0.45,
    lastMile: { item: 3.8, perKg: 1.0 },
    lastMileTransit: days(2, 3, 6, 9),
    remote: ['07', '08', '09', '90', '91', '92', '98', '23030', '22060'],
    postal: { item: 11, perKg: 76 },
    tracked: { item: 18, perKg: 92 },
    dedicated: { item: 23, perKg: 85 },
    expressZone: 'Z4',
  },
  {
    code: 'NL',
    name: 'Netherlands',
    currency: 'EUR',
    region: 'europe',
    gateways: [gw('gw-ams', 'AMS', 'Amsterdam Airport Schiphol', 'Amsterdam', 52.31, 4.76)],
    airPerKg: 34,
    airExtraDays: 0,
    importFee: 0.45,
    lastMile: { item: 3.3, perKg: 0.8 },
    lastMileTransit: days(1, 2, 3, 5),
    remote: [
      '1791',
      '1792',
      '1793',
      '1794',
      '1795',
      '8881',
      '8882',
      '8883',
      '8884',
      '8885',
      '8891',
      '8892',
      '8893',
      '8894',
      '8895',
      '8896',
      '8897',
      '8899',
      '9161',
      '9162',
      '9163',
      '9164',
      '9166',
    ],
    postal: { item: 11, perKg: 70 },
    tracked: { item: 18, perKg: 86 },
    dedicated: { item: 22, perKg: 80 },
    expressZone: 'Z4',
  },
  {
    code: 'PL',
    name: 'Poland',
    currency: 'PLN',
    region: 'europe',
    gateways: [gw('gw-waw', 'WAW', 'Warsaw Chopin Airport', 'Warsaw', 52.17, 20.97)],
    airPerKg: 35,
    airExtraDays: 0.5,
    importFee: 2.0,
    lastMile: { item: 9.5, perKg: 2.5 },
    lastMileTransit: days(1, 2, 4, 6),
    remote: [],
    postal: { item: 10, perKg: 68 },
    tracked: { item: 16, perKg: 84 },
    dedicated: { item: 21, perKg: 78 },
    expressZone: 'Z4',
  },
  {
    code: 'SE',
    name: 'Sweden',
    currency: 'SEK',
    region: 'europe',
    gateways: [gw('gw-arn', 'ARN', 'Stockholm Arlanda Airport', 'Stockholm', 59.65, 17.92)],
    airPerKg: 38,
    airExtraDays: 0.5,
    importFee: 5,
    lastMile: { item: 38, perKg: 9 },
    lastMileTransit: days(1, 3, 5, 8),
    remote: ['62', '84', '88', '89', '90', '91', '92', '93', '94', '95', '96', '97', '98'],
    postal: { item: 12, perKg: 80 },
    tracked: { item: 19, perKg: 98 },
    dedicated: { item: 24, perKg: 90 },
    expressZone: 'Z4',
  },
  {
    code: 'RU',
    name: 'Russia',
    currency: 'RUB',
    region: 'russia',
    gateways: [
      gw('gw-svo', 'SVO', 'Moscow Sheremetyevo International Airport', 'Moscow', 55.97, 37.41),
    ],
    airPerKg: 40,
    airExtraDays: 0.5,
    importFee: 45,
    lastMile: { item: 230, perKg: 55 },
    lastMileTransit: days(2, 5, 9, 14),
    remote: ['67', '68', '69', '18', '16', '17'],
    postal: { item: 9, perKg: 70 },
    tracked: { item: 15, perKg: 88 },
    dedicated: { item: 20, perKg: 78 },
    expressZone: 'Z6',
  },
  {
    code: 'SA',
    name: 'Saudi Arabia',
    currency: 'SAR',
    region: 'mideast',
    gateways: [gw('gw-ruh', 'RUH', 'King Khalid International Airport', 'Riyadh', 24.96, 46.7)],
    airPerKg: 36,
    airExtraDays: 0.5,
    importFee: 3,
    lastMile: { item: 13, perKg: 3.5 },
    lastMileTransit: days(1, 3, 6, 9),
    remote: ['4', '8'],
    postal: { item: 10, perKg: 85 },
    tracked: { item: 18, perKg: 105 },
    dedicated: { item: 24, perKg: 92 },
    expressZone: 'Z6',
  },
  {
    code: 'AE',
    name: 'United Arab Emirates',
    currency: 'AED',
    region: 'mideast',
    gateways: [gw('gw-dxb', 'DXB', 'Dubai International Airport', 'Dubai', 25.25, 55.36)],
    airPerKg: 32,
    airExtraDays: 0,
    importFee: 3,
    lastMile: { item: 11, perKg: 3 },
    lastMileTransit: days(1, 2, 3, 5),
    remote: [],
    postal: { item: 10, perKg: 80 },
    tracked: { item: 17, perKg: 100 },
    dedicated: { item: 22, perKg: 88 },
    expressZone: 'Z6',
  },
  {
    code: 'IL',
    name: 'Israel',
    currency: 'ILS',
    region: 'mideast',
    gateways: [gw('gw-tlv', 'TLV', 'Ben Gurion Airport', 'Tel Aviv', 32.01, 34.89)],
    airPerKg: 39,
    airExtraDays: 0.5,
    importFee: 3.5,
    lastMile: { item: 15, perKg: 4.5 },
    lastMileTransit: days(2, 4, 7, 10),
    remote: ['88', '89'],
    postal: { item: 10, perKg: 82 },
    tracked: { item: 18, perKg: 100 },
    dedicated: { item: 24, perKg: 90 },
    expressZone: 'Z6',
  },
  {
    code: 'JP',
    name: 'Japan',
    currency: 'JPY',
    region: 'asia-pacific',
    gateways: [gw('gw-nrt', 'NRT', 'Narita International Airport', 'Tokyo', 35.77, 140.39)],
    airPerKg: 20,
    airExtraDays: 0,
    importFee: 60,
    lastMile: { item: 380, perKg: 120 },
    lastMileTransit: days(1, 2, 3, 5),
    remote: ['90', '91', '100-1', '891', '894', '907'],
    postal: { item: 7, perKg: 40 },
    tracked: { item: 13, perKg: 55 },
    dedicated: { item: 16, perKg: 48 },
    expressZone: 'Z1',
  },
  {
    code: 'KR',
    name: 'South Korea',
    currency: 'KRW',
    region: 'asia-pacific',
    gateways: [gw('gw-icn', 'ICN', 'Incheon International Airport', 'Seoul', 37.46, 126.44)],
    airPerKg: 18,
    airExtraDays: 0,
    importFee: 600,
    lastMile: { item: 3000, perKg: 800 },
    lastMileTransit: days(1, 2, 3, 4),
    remote: ['63', '40', '52'],
    postal: { item: 6, perKg: 35 },
    tracked: { item: 12, perKg: 50 },
    dedicated: { item: 15, perKg: 42 },
    expressZone: 'Z1',
  },
  {
    code: 'AU',
    name: 'Australia',
    currency: 'AUD',
    region: 'asia-pacific',
    gateways: [gw('gw-syd', 'SYD', 'Sydney Kingsford Smith Airport', 'Sydney', -33.95, 151.18)],
    airPerKg: 36,
    airExtraDays: 0.5,
    importFee: 1.0,
    lastMile: { item: 7, perKg: 2.2 },
    lastMileTransit: days(2, 4, 7, 11),
    remote: ['08', '09', '67', '0872', '4875', '4876'],
    postal: { item: 9, perKg: 78 },
    tracked: { item: 17, perKg: 96 },
    dedicated: { item: 23, perKg: 86 },
    expressZone: 'Z2',
  },
];

/** Countries only the posts and express integrators reach (no value-chain partners there). */
export const EXTRA_POSTAL_DESTINATIONS: readonly {
  readonly code: string;
  readonly postal: ItemPerKg;
  readonly tracked: ItemPerKg;
  readonly expressZone: string;
}[] = [
  {
    code: 'BE',
    postal: { item: 11, perKg: 73 },
    tracked: { item: 18, perKg: 90 },
    expressZone: 'Z4',
  },
  {
    code: 'AT',
    postal: { item: 11, perKg: 74 },
    tracked: { item: 18, perKg: 90 },
    expressZone: 'Z4',
  },
  {
    code: 'IE',
    postal: { item: 11, perKg: 76 },
    tracked: { item: 18, perKg: 92 },
    expressZone: 'Z4',
  },
  {
    code: 'NZ',
    postal: { item: 9, perKg: 85 },
    tracked: { item: 17, perKg: 105 },
    expressZone: 'Z2',
  },
];

export function destination(code: string): DestinationCountry {
  const d = DESTINATIONS.find((x) => x.code === code);
  if (!d) throw new Error(`no destination ${code}`);
  return d;
}

export const countriesOf = (region: Region): DestinationCountry[] =>
  DESTINATIONS.filter((d) => d.region === region);

/** Base air transit by region (days, from the export gateway to the destination airport). */
export const AIR_TRANSIT: Record<Region, DurationInput> = {
  americas: days(1.5, 2.5, 3.5, 5),
  europe: days(1.5, 2.5, 3.5, 5),
  russia: days(1.5, 2.5, 4, 6),
  mideast: days(1.5, 2, 3, 4.5),
  'asia-pacific': days(0.5, 1, 2, 3),
};

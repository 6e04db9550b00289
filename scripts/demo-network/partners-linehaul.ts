// International line-haul: air from the south China and Shanghai gateways (weekly departures with
// cut-offs and capacity), sea and China–Europe rail to destination terminals and to the overseas
// warehouses (replenishment).
import { AIR_SHAPE, bandedCard, FLAT_SHAPE } from './cards.ts';
import { AIR_TRANSIT, DESTINATIONS, type DestinationCountry, type Region } from './countries.ts';
import { cnyPer } from './locations.ts';
import { ILLUSTRATIVE, partnerFile } from './partners-common.ts';
import {
  days,
  EVERY_DAY,
  type LaneInput,
  type Output,
  scaleDays,
  type ScheduleInput,
  type ServiceInput,
  VALID_FROM,
  type Weekday,
} from './util.ts';

type GoodsFlag =
  'battery-in-equipment' | 'battery-with-equipment' | 'liquid' | 'powder' | 'magnet' | 'cosmetics';

interface AirSpec {
  readonly id: string;
  readonly name: string;
  readonly from: readonly string[];
  readonly regions: readonly Region[];
  /** Countries to leave out of the regions. */
  readonly except?: readonly string[];
  readonly currency: string;
  /** Price level against the Shenzhen base (1 = base). */
  readonly priceFactor: number;
  /** Transit scale and extra days against the region's base. */
  readonly transitFactor: number;
  readonly extraDays: number;
  readonly timezone: string;
  readonly departures: readonly {
    weekdays: readonly Weekday[];
    cutoff: string;
    departs: string;
    capacityKg: number;
  }[];
  readonly refused: readonly GoodsFlag[];
  /** Dated cards: [file suffix, validFrom, validTo|null, price factor]. Default: one card from 2026-01-01. */
  readonly cards?: readonly (readonly [
    suffix: string,
    validFrom: string,
    validTo: string | null,
    factor: number,
  ])[];
}

function countriesFor(spec: AirSpec): DestinationCountry[] {
  return DESTINATIONS.filter(
    (d) => spec.regions.includes(d.region) && !(spec.except ?? []).includes(d.code),
  );
}

function airService(out: Output, partnerId: string, spec: AirSpec): ServiceInput {
  const countries = countriesFor(spec);
  const lanes: LaneInput[] = countries.map((d) => ({
    from: [...spec.from],
    to: d.gateways.map((g) => g.id),
    transit: scaleDays(AIR_TRANSIT[d.region], spec.transitFactor, d.airExtraDays + spec.extraDays),
  }));
  const cards = (spec.cards ?? [['2026', VALID_FROM, null, 1]]).map(
    ([suffix, validFrom, validTo, factor]) => {
      const file = bandedCard(
        out,
        `rates/${spec.id}-${suffix}.csv`,
        spec.currency,
        countries.map(
          (d) =>
            [
              d.code,
              {
                item: 1.0 / cnyPer(spec.currency),
                perKg: (d.airPerKg * spec.priceFactor) / cnyPer(spec.currency),
              },
            ] as const,
        ),
        AIR_SHAPE,
        { key: partnerId, spread: 0.05, scale: factor },
      );
      return validTo ? { file, validFrom, validTo } : { file, validFrom };
    },
  );
  const schedule: ScheduleInput = {
    timezone: spec.timezone,
    departures: spec.departures.map((d) => ({
      weekdays: [...d.weekdays],
      cutoff: d.cutoff,
      departs: d.departs,
      capacityKg: d.capacityKg,
    })),
  };
  return {
    id: spec.id,
    name: spec.name,
    activities: ['international-linehaul'],
    transport: 'air',
    lanes,
    pricing: {
      currency: spec.currency,
      chargeableWeight: { rule: 'max', divisor: 6000, roundUpToG: 10, minimumG: 50 },
      rateCards: cards,
    },
    schedule,
    restrictions: { maxWeightG: 100000, maxLongestSideMm: 1500, refusedGoods: [...spec.refused] },
    lossRate: 0.0005,
    damageRate: 0.001,
    tracking: 'milestones',
    sources: {
      prices:
        'rating.md: air line-haul; per-kg consolidation rates by destination country are illustrative',
      transit:
        'rating.md: air line-haul 2-5 days airport to airport; departures and capacities illustrative',
    },
  };
}

const TZ_CN = 'Asia/Shanghai';
const TZ_HK = 'Asia/Hong_Kong';

function air(out: Output): void {
  partnerFile(
    out,
    {
      id: 'pearl-river-cargo',
      name: 'Pearl River Cargo Airlines',
      kind: 'airline',
      country: 'CN',
      services: [
        airService(out, 'pearl-river-cargo', {
          id: 'prc-szx-americas',
          name: 'Shenzhen to the Americas, freighter and belly',
          from: ['gw-szx'],
          regions: ['americas'],
          currency: 'CNY',
          priceFactor: 1,
          transitFactor: 1,
          extraDays: 0,
          timezone: TZ_CN,
          departures: [
            {
              weekdays: ['mon', 'wed', 'fri'],
              cutoff: '14:00',
              departs: '01:30',
              capacityKg: 6000,
            },
            { weekdays: ['sat'], cutoff: '10:00', departs: '22:30', capacityKg: 4000 },
          ],
          refused: ['liquid'],
          // Peak-season card from July: two consecutive dated cards.
          cards: [
            ['2026h1', VALID_FROM, '2026-07-01', 1],
            ['2026h2', '2026-07-01', null, 1.08],
          ],
        }),
        airService(out, 'pearl-river-cargo', {
          id: 'prc-szx-europe',
          name: 'Shenzhen to Europe',
          from: ['gw-szx'],
          regions: ['europe'],
          currency: 'CNY',
          priceFactor: 1,
          transitFactor: 1,
          extraDays: 0,
          timezone: TZ_CN,
          departures: [
            {
              weekdays: ['tue', 'thu', 'sat', 'sun'],
              cutoff: '12:00',
              departs: '23:50',
              capacityKg: 8000,
            },
          ],
          refused: ['liquid'],
        }),
        airService(out, 'pearl-river-cargo', {
          id: 'prc-can-eurasia',
          name: 'Guangzhou to Europe, Russia and the Middle East',
          from: ['gw-can'],
          regions: ['europe', 'russia', 'mideast'],
          currency: 'CNY',
          priceFactor: 1.02,
          transitFactor: 1,
          extraDays: 0.3,
          timezone: TZ_CN,
          departures: [
            {
              weekdays: ['mon', 'wed', 'fri', 'sun'],
              cutoff: '15:00',
              departs: '02:10',
              capacityKg: 7000,
            },
          ],
          refused: ['liquid'],
        }),
        airService(out, 'pearl-river-cargo', {
          id: 'prc-can-asia',
          name: 'Guangzhou to Japan, Korea and Australia',
          from: ['gw-can', 'gw-szx'],
          regions: ['asia-pacific'],
          currency: 'CNY',
          priceFactor: 1,
          transitFactor: 1,
          extraDays: 0,
          timezone: TZ_CN,
          departures: [
            { weekdays: [...EVERY_DAY], cutoff: '13:00', departs: '23:00', capacityKg: 5000 },
          ],
          refused: ['liquid'],
        }),
      ],
    },
    [
      'Air line-haul from Shenzhen (SZX) and Guangzhou (CAN); per-kg consolidation rates by destination country.',
    ],
  );

  partnerFile(
    out,
    {
      id: 'harbour-air-freight',
      name: 'Harbour Air Freight Ltd',
      kind: 'freight-forwarder',
      country: 'HK',
      services: [
        airService(out, 'harbour-air-freight', {
          id: 'haf-hkg-global',
          name: 'Hong Kong (HKG) to the world, daily consolidations',
          from: ['gw-hkg'],
          regions: ['americas', 'europe', 'russia', 'mideast', 'asia-pacific'],
          currency: 'HKD',
          priceFactor: 1.08,
          transitFactor: 0.85,
          extraDays: 0,
          timezone: TZ_HK,
          departures: [
            { weekdays: [...EVERY_DAY], cutoff: '16:00', departs: '02:00', capacityKg: 12000 },
          ],
          refused: ['battery-with-equipment', 'liquid'],
        }),
        airService(out, 'harbour-air-freight', {
          id: 'haf-huanggang-feeder',
          name: 'Huanggang road feeder to HKG, then air to North America and Europe',
          from: ['bc-huanggang'],
          regions: ['americas', 'europe'],
          except: ['BR', 'CL'],
          currency: 'HKD',
          priceFactor: 1.02,
          transitFactor: 0.9,
          extraDays: 0.5,
          timezone: TZ_HK,
          departures: [
            {
              weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
              cutoff: '11:00',
              departs: '02:00',
              capacityKg: 6000,
            },
          ],
          refused: ['battery-with-equipment', 'liquid'],
        }),
      ],
    },
    [
      'Hong Kong forwarder: daily consolidations out of HKG, and a road feeder from the Huanggang crossing.',
    ],
  );

  partnerFile(
    out,
    {
      id: 'eastern-sky-cargo',
      name: 'Eastern Sky Cargo',
      kind: 'airline',
      country: 'CN',
      services: [
        airService(out, 'eastern-sky-cargo', {
          id: 'esc-pvg-americas',
          name: 'Shanghai Pudong to the Americas',
          from: ['gw-pvg'],
          regions: ['americas'],
          currency: 'CNY',
          priceFactor: 0.97,
          transitFactor: 1,
          extraDays: 0,
          timezone: TZ_CN,
          departures: [
            {
              weekdays: ['tue', 'thu', 'sat'],
              cutoff: '13:00',
              departs: '00:40',
              capacityKg: 9000,
            },
          ],
          refused: ['battery-with-equipment', 'liquid'],
        }),
        airService(out, 'eastern-sky-cargo', {
          id: 'esc-pvg-eurasia',
          name: 'Shanghai Pudong to Europe, Russia and the Middle East',
          from: ['gw-pvg'],
          regions: ['europe', 'russia', 'mideast'],
          currency: 'CNY',
          priceFactor: 0.98,
          transitFactor: 1,
          extraDays: 0,
          timezone: TZ_CN,
          departures: [
            {
              weekdays: ['mon', 'wed', 'fri', 'sat'],
              cutoff: '14:00',
              departs: '01:20',
              capacityKg: 9000,
            },
          ],
          refused: ['battery-with-equipment', 'liquid'],
        }),
        airService(out, 'eastern-sky-cargo', {
          id: 'esc-pvg-asia',
          name: 'Shanghai Pudong to Japan, Korea and Australia',
          from: ['gw-pvg'],
          regions: ['asia-pacific'],
          currency: 'CNY',
          priceFactor: 0.95,
          transitFactor: 1,
          extraDays: 0,
          timezone: TZ_CN,
          departures: [
            { weekdays: [...EVERY_DAY], cutoff: '12:00', departs: '21:30', capacityKg: 6000 },
          ],
          refused: ['liquid'],
        }),
      ],
    },
    ['Air line-haul from Shanghai Pudong (PVG), fed by road from the Yiwu hub.'],
  );

  partnerFile(
    out,
    {
      id: 'skybridge-consolidators',
      name: 'Skybridge Consolidators',
      kind: 'freight-forwarder',
      country: 'CN',
      services: [
        airService(out, 'skybridge-consolidators', {
          id: 'skybridge-economy-air',
          name: 'Economy air via transfer hubs (twice weekly)',
          from: ['gw-szx', 'gw-can'],
          regions: ['americas', 'europe', 'mideast'],
          except: ['BR', 'CL', 'IL'],
          currency: 'CNY',
          priceFactor: 0.82,
          transitFactor: 1.3,
          extraDays: 1.5,
          timezone: TZ_CN,
          departures: [
            { weekdays: ['tue', 'fri'], cutoff: '18:00', departs: '06:00', capacityKg: 3000 },
          ],
          refused: ['battery-in-equipment', 'battery-with-equipment', 'liquid', 'powder'],
        }),
      ],
    },
    ['A budget consolidator: cheaper per kg, slower (transfers) and only twice a week.'],
  );
}

function surface(out: Output): void {
  const seaCountries = [
    ['US', 10],
    ['GB', 9],
    ['NL', 9],
    ['DE', 10.5],
    ['AU', 8],
  ] as const;
  const seaCard = bandedCard(
    out,
    'rates/sco-sea-lcl-2026.csv',
    'CNY',
    seaCountries.map(([c, perKg]) => [c, { item: 3, perKg }] as const),
    FLAT_SHAPE,
  );
  const seaLane = (to: string[], transit: ReturnType<typeof days>): LaneInput => ({
    from: ['sea-yantian', 'sea-nansha'],
    to,
    transit,
  });
  partnerFile(
    out,
    {
      id: 'south-china-ocean',
      name: 'South China Ocean Lines',
      kind: 'ocean-carrier',
      country: 'CN',
      services: [
        {
          id: 'sco-sea-lcl',
          name: 'Sea LCL consolidation to destination ports and overseas warehouses (9810 replenishment)',
          activities: ['international-linehaul'],
          transport: 'sea',
          lanes: [
            seaLane(['sea-longbeach'], days(16, 20, 26, 32)),
            seaLane(['wh-us-ontario'], days(24, 28, 34, 40)),
            seaLane(['wh-us-edison'], days(30, 34, 40, 48)),
            seaLane(['sea-felixstowe'], days(28, 32, 38, 45)),
            seaLane(['wh-gb-midlands'], days(31, 35, 41, 48)),
            seaLane(['sea-rotterdam'], days(27, 31, 37, 44)),
            seaLane(['wh-de-frankfurt'], days(31, 35, 41, 48)),
            seaLane(['sea-sydney'], days(13, 16, 20, 25)),
            seaLane(['wh-au-sydney'], days(18, 21, 26, 32)),
          ],
          pricing: {
            currency: 'CNY',
            chargeableWeight: { rule: 'max', divisor: 1000, roundUpToG: 1000, minimumG: 1000 },
            rateCards: [{ file: seaCard, validFrom: VALID_FROM }],
          },
          schedule: {
            timezone: TZ_CN,
            departures: [
              { weekdays: ['wed'], cutoff: '12:00', departs: '18:00', capacityKg: 200000 },
            ],
          },
          restrictions: { maxWeightG: 1000000, refusedGoods: [] },
          lossRate: 0.0002,
          damageRate: 0.002,
          tracking: 'milestones',
          sources: {
            prices:
              'illustrative LCL rates per kg (1 m³ = 1000 kg), replenishment of overseas warehouses',
            transit: 'rating.md: sea first leg 25-40 days to the warehouse',
          },
        },
      ],
    },
    [
      'Weekly LCL sailings from Yantian and Nansha; to ports and, door to door, to the overseas warehouses.',
    ],
  );

  const rail = bandedCard(
    out,
    'rates/sre-yiwu-europe-2026.csv',
    'CNY',
    [
      ['PL', { item: 2, perKg: 14 }],
      ['DE', { item: 2, perKg: 15.5 }],
    ],
    FLAT_SHAPE,
  );
  const railRu = bandedCard(
    out,
    'rates/sre-yiwu-russia-2026.csv',
    'CNY',
    [['RU', { item: 2, perKg: 12 }]],
    FLAT_SHAPE,
  );
  const railService = (
    id: string,
    name: string,
    lanes: LaneInput[],
    file: string,
    weekdays: Weekday[],
  ): ServiceInput => ({
    id,
    name,
    activities: ['international-linehaul'],
    transport: 'rail',
    lanes,
    pricing: {
      currency: 'CNY',
      chargeableWeight: { rule: 'max', divisor: 3000, roundUpToG: 100, minimumG: 500 },
      rateCards: [{ file, validFrom: VALID_FROM }],
    },
    schedule: {
      timezone: TZ_CN,
      departures: [{ weekdays, cutoff: '10:00', departs: '16:00', capacityKg: 40000 }],
    },
    restrictions: { maxWeightG: 1000000, refusedGoods: ['liquid'] },
    lossRate: 0.0003,
    damageRate: 0.002,
    tracking: 'milestones',
    sources: { transit: 'rating.md: China–Europe rail 15-20 days', prices: ILLUSTRATIVE },
  });
  partnerFile(
    out,
    {
      id: 'silk-rail-express',
      name: 'Silk Rail Express',
      kind: 'rail-operator',
      country: 'CN',
      services: [
        railService(
          'sre-yiwu-europe',
          'Yiwu–Europe block train (Małaszewicze, Duisburg)',
          [
            { from: ['rail-yiwu'], to: ['rail-malaszewicze'], transit: days(12, 14, 17, 21) },
            { from: ['rail-yiwu'], to: ['bw-pl-biala'], transit: days(13, 15, 18, 22) },
            { from: ['rail-yiwu'], to: ['rail-duisburg'], transit: days(14, 16, 19, 23) },
            { from: ['rail-yiwu'], to: ['wh-de-frankfurt'], transit: days(15, 17, 20, 25) },
          ],
          rail,
          ['tue', 'fri'],
        ),
        railService(
          'sre-yiwu-russia',
          'Yiwu–Moscow container train',
          [{ from: ['rail-yiwu'], to: ['rail-moscow'], transit: days(11, 13, 16, 20) }],
          railRu,
          ['mon', 'thu'],
        ),
      ],
    },
    ['China–Europe Railway Express from Yiwu to Poland, Germany and Russia.'],
  );
}

export function linehaulPartners(out: Output): void {
  air(out);
  surface(out);
}

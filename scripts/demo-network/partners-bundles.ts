// The four single-partner modes sellers buy today, as end-to-end bundles: postal (China-, Hong
// Kong- and Singapore-post-like), express (zone step cards with monthly fuel), dedicated lines
// (banded item fee + per kg), and overseas / border warehouses (fulfilment + local delivery).
import {
  bandedCard,
  DEDICATED_SHAPE,
  FLAT_SHAPE,
  LAST_MILE_SHAPE,
  POSTAL_SHAPE,
  stepCard,
} from './cards.ts';
import {
  destination,
  DESTINATIONS,
  type DestinationCountry,
  EXTRA_POSTAL_DESTINATIONS,
  type ItemPerKg,
  type Region,
} from './countries.ts';
import { cnyPer } from './locations.ts';
import { partnerFile } from './partners-common.ts';
import {
  days,
  decimal,
  type DurationInput,
  hours,
  type LaneInput,
  type Output,
  scaleDays,
  type ServiceInput,
  type StepRow,
  VALID_FROM,
  WEEKDAYS_MON_FRI,
  WEEKDAYS_MON_SAT,
  zonesCsv,
} from './util.ts';

const SUPPLIERS = ['sr-shenzhen', 'sr-guangzhou', 'sr-yiwu'];
const FULL_RUN = [
  'pickup',
  'hub-handling',
  'export-clearance',
  'international-linehaul',
  'import-clearance',
  'last-mile',
] as const;
const TZ = 'Asia/Shanghai';

/** Region of a country, the four postal/express-only countries included. */
function regionOf(code: string): Region {
  const d = DESTINATIONS.find((x) => x.code === code);
  if (d) return d.region;
  return code === 'NZ' ? 'asia-pacific' : 'europe';
}

const LATAM = new Set(['MX', 'BR', 'CL']);

/** Groups countries by transit class and builds one lane per class. */
function lanesBy(
  countries: readonly string[],
  transitOf: (code: string) => DurationInput,
  from: readonly string[] = SUPPLIERS,
): LaneInput[] {
  const groups = new Map<string, { transit: DurationInput; to: string[] }>();
  for (const c of countries) {
    const transit = transitOf(c);
    const key = JSON.stringify(transit);
    const g = groups.get(key) ?? { transit, to: [] };
    g.to.push(c);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ from: [...from], to: g.to, transit: g.transit }));
}

// ---------------------------------------------------------------- postal

interface PostalFigures {
  readonly code: string;
  readonly postal: ItemPerKg;
  readonly tracked: ItemPerKg;
}

const POSTAL_COUNTRIES: readonly PostalFigures[] = [...DESTINATIONS, ...EXTRA_POSTAL_DESTINATIONS];

function smallPacketTransit(code: string, plus = 0): DurationInput {
  const r = regionOf(code);
  const base =
    r === 'asia-pacific' && code !== 'AU' && code !== 'NZ'
      ? days(7, 12, 20, 30)
      : LATAM.has(code)
        ? days(18, 28, 40, 55)
        : r === 'russia'
          ? days(15, 22, 35, 50)
          : days(14, 20, 32, 45);
  return plus === 0 ? base : scaleDays(base, 1, plus);
}

function trackedTransit(code: string, plus = 0): DurationInput {
  const r = regionOf(code);
  const base =
    r === 'asia-pacific' && code !== 'AU' && code !== 'NZ'
      ? days(4, 6, 9, 13)
      : LATAM.has(code)
        ? days(10, 15, 22, 30)
        : r === 'russia' || r === 'mideast'
          ? days(8, 12, 18, 25)
          : days(7, 11, 17, 24);
  return plus === 0 ? base : scaleDays(base, 1, plus);
}

/** The same distribution as a histogram of days (posts publish delivery-day shares). */
function histogram(d: DurationInput): DurationInput {
  if (!('minDays' in d)) return d;
  const { minDays: a, p50Days: m, p90Days: p, maxDays: z } = d;
  const shares = new Map<number, number>();
  const put = (day: number, share: number) => shares.set(day, (shares.get(day) ?? 0) + share);
  put(a, 0.1);
  put(Math.round((a + m) / 2), 0.25);
  put(m, 0.3);
  put(p, 0.25);
  put(z, 0.1);
  return {
    histogramDays: Object.fromEntries(
      [...shares].map(([day, share]) => [String(day), Math.round(share * 100) / 100]),
    ),
  };
}

interface PostSpec {
  readonly partner: string;
  readonly currency: string;
  /** Price level against the China-post-like base, by region. */
  readonly factor: (region: Region) => number;
  readonly from: readonly string[];
  readonly plusDays: (region: Region) => number;
  readonly histogram: boolean;
}

function postalServices(out: Output, spec: PostSpec): ServiceInput[] {
  const codes = POSTAL_COUNTRIES.map((c) => c.code);
  const card = (kind: 'small' | 'tracked') =>
    bandedCard(
      out,
      `rates/${spec.partner}-${kind === 'small' ? 'small-packet' : 'tracked'}-2026.csv`,
      spec.currency,
      POSTAL_COUNTRIES.map((c) => {
        const base = kind === 'small' ? c.postal : c.tracked;
        const k = spec.factor(regionOf(c.code)) / cnyPer(spec.currency);
        return [c.code, { item: base.item * k, perKg: base.perKg * k }] as const;
      }),
      POSTAL_SHAPE,
      { key: `${spec.partner}-${kind}`, spread: 0.04 },
    );
  const common = {
    mode: 'postal' as const,
    activities: [...FULL_RUN],
    transport: 'air' as const,
    schedule: {
      timezone: TZ,
      departures: [{ weekdays: [...WEEKDAYS_MON_FRI], cutoff: '15:00', departs: '17:00' }],
    },
  };
  const small = (c: string) => smallPacketTransit(c, spec.plusDays(regionOf(c)));
  return [
    {
      id: `${spec.partner}-small-packet`,
      name: 'Small packet (untracked after export, delivery scan on some lanes)',
      ...common,
      lanes: lanesBy(codes, (c) => (spec.histogram ? histogram(small(c)) : small(c)), spec.from),
      pricing: {
        currency: spec.currency,
        chargeableWeight: { rule: 'actual', divisor: 6000, roundUpToG: 1, minimumG: 0 },
        rateCards: [{ file: card('small'), validFrom: VALID_FROM }],
      },
      restrictions: {
        maxWeightG: 2000,
        maxLongestSideMm: 600,
        maxLengthPlusGirthMm: 900,
        maxDeclaredValue: { amount: '300', currency: 'USD' },
        refusedGoods: ['battery-with-equipment', 'liquid', 'powder'],
      },
      lossRate: 0.015,
      damageRate: 0.01,
      tracking: 'milestones',
      incoterms: ['DAP'],
      sources: {
        prices:
          'rating.md: postal small parcel, item fee + per kg by country in weight bands, the lowest price level',
        transit: 'rating.md: postal small parcel 15-45 days door to door',
      },
    },
    {
      id: `${spec.partner}-tracked`,
      name: 'Tracked packet (ePacket-like, up to 2 kg)',
      ...common,
      lanes: lanesBy(codes, (c) => trackedTransit(c, spec.plusDays(regionOf(c)) / 2), spec.from),
      pricing: {
        currency: spec.currency,
        chargeableWeight: { rule: 'actual', divisor: 6000, roundUpToG: 1, minimumG: 0 },
        rateCards: [{ file: card('tracked'), validFrom: VALID_FROM }],
      },
      restrictions: {
        maxWeightG: 2000,
        maxLongestSideMm: 600,
        maxLengthPlusGirthMm: 900,
        maxDeclaredValue: { amount: '400', currency: 'USD' },
        refusedGoods: ['battery-with-equipment', 'liquid', 'powder'],
      },
      lossRate: 0.005,
      damageRate: 0.008,
      tracking: 'full',
      incoterms: ['DAP'],
      sources: {
        prices: 'rating.md: ePacket-type tracked postal, low price level',
        transit: 'rating.md: tracked postal 7-20 days, tracked end to end',
      },
    },
  ];
}

function posts(out: Output): void {
  partnerFile(
    out,
    {
      id: 'red-lantern-post',
      name: 'Red Lantern Post',
      kind: 'postal-operator',
      country: 'CN',
      services: postalServices(out, {
        partner: 'red-lantern-post',
        currency: 'CNY',
        factor: () => 1,
        from: SUPPLIERS,
        plusDays: () => 0,
        histogram: false,
      }),
    },
    [
      'A China-post-like operator: small packet and tracked packet from all three supplier regions.',
    ],
  );
  partnerFile(
    out,
    {
      id: 'fragrant-harbour-post',
      name: 'Fragrant Harbour Post',
      kind: 'postal-operator',
      country: 'HK',
      services: postalServices(out, {
        partner: 'fragrant-harbour-post',
        currency: 'HKD',
        factor: (r) => (r === 'asia-pacific' ? 1.02 : 1.06),
        from: ['sr-shenzhen', 'sr-guangzhou'],
        plusDays: () => -1,
        histogram: false,
      }),
    },
    [
      'A Hong-Kong-post-like operator, collecting in the Pearl River Delta through consolidators; cards in HKD.',
    ],
  );
  partnerFile(
    out,
    {
      id: 'merlion-post',
      name: 'Merlion Post',
      kind: 'postal-operator',
      country: 'SG',
      services: postalServices(out, {
        partner: 'merlion-post',
        currency: 'SGD',
        factor: (r) => (r === 'asia-pacific' ? 0.9 : r === 'europe' ? 0.97 : 1.04),
        from: SUPPLIERS,
        plusDays: (r) => (r === 'asia-pacific' ? 0 : 3),
        histogram: true,
      }),
    },
    [
      'A Singapore-post-like operator routing via Singapore; cards in SGD; small-packet transit as delivery-day shares.',
    ],
  );
}

// ---------------------------------------------------------------- express

const EXPRESS_COUNTRIES = [
  ...DESTINATIONS.map((d) => d.code),
  ...EXTRA_POSTAL_DESTINATIONS.map((d) => d.code),
];

function expressZoneOf(code: string): string {
  const d = DESTINATIONS.find((x) => x.code === code);
  return d ? d.expressZone : EXTRA_POSTAL_DESTINATIONS.find((x) => x.code === code)!.expressZone;
}

function expressTransit(code: string): DurationInput {
  const r = regionOf(code);
  if (r === 'asia-pacific' && code !== 'AU' && code !== 'NZ') return days(1, 2, 3, 4);
  if (LATAM.has(code) || r === 'russia') return days(3, 4, 6, 8);
  if (r === 'mideast' || code === 'AU' || code === 'NZ') return days(2, 3, 5, 6);
  return days(2, 3, 4, 6);
}

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

interface ExpressSpec {
  readonly partner: string;
  readonly id: string;
  readonly name: string;
  /** zone → [first 0.5 kg, each further 0.5 kg] in CNY. */
  readonly zones: Readonly<Record<string, readonly [number, number]>>;
  readonly zoneOf: (code: string) => string;
  readonly maxG: number;
  readonly fuel: readonly number[];
  readonly lossRate: number;
}

function expressService(out: Output, spec: ExpressSpec): ServiceInput {
  const zoneFile = out.add(
    `rates/${spec.partner}-zones.csv`,
    zonesCsv(EXPRESS_COUNTRIES.map((c) => [spec.zoneOf(c), c, ''] as const)),
  );
  const rows = new Map<string, StepRow>();
  for (const zone of Object.keys(spec.zones).sort()) {
    const [first, step] = spec.zones[zone]!;
    // Past the last step the whole weight is billed per kg, a little below the step price at the edge.
    const atMax = first + ((spec.maxG - 500) / 500) * step;
    const over = Math.round((atMax / (spec.maxG / 1000)) * 0.95);
    rows.set(zone, {
      firstG: 500,
      firstPrice: first,
      stepG: 500,
      stepPrice: step,
      maxG: spec.maxG,
      overMaxPerKg: over,
    });
  }
  const card = stepCard(out, `rates/${spec.partner}-2026.csv`, 'CNY', rows);
  const remote = DESTINATIONS.filter((d) => d.remote.length > 0);
  return {
    id: spec.id,
    name: spec.name,
    mode: 'express',
    activities: [...FULL_RUN],
    transport: 'air',
    lanes: lanesBy(EXPRESS_COUNTRIES, expressTransit),
    pricing: {
      currency: 'CNY',
      chargeableWeight: { rule: 'max', divisor: 5000, roundUpToG: 500, minimumG: 0 },
      rateCards: [{ file: card, zones: zoneFile, validFrom: VALID_FROM }],
      surcharges: [
        {
          kind: 'fuel',
          name: 'Fuel surcharge (monthly)',
          schedule: MONTHS.map((m, i) => ({
            validFrom: `2026-${m}-01`,
            rate: decimal(spec.fuel[i]!),
          })),
        },
        {
          kind: 'remote-area',
          name: 'Remote area service',
          areas: remote.map((d) => ({ country: d.code, postcodePrefixes: [...d.remote] })),
          fee: '32.00',
          perKg: '4.50',
        },
        { kind: 'oversize', name: 'Oversize piece', longestSideOverMm: 1200, fee: '260.00' },
        { kind: 'oversize', name: 'Overweight piece', actualWeightOverG: 30000, fee: '320.00' },
        {
          kind: 'special-cargo',
          name: 'Lithium batteries (Section II) handling',
          goods: ['battery-in-equipment', 'battery-with-equipment'],
          fee: '15.00',
        },
      ],
    },
    schedule: {
      timezone: TZ,
      departures: [{ weekdays: [...WEEKDAYS_MON_SAT], cutoff: '17:00', departs: '19:00' }],
    },
    restrictions: {
      maxWeightG: 70000,
      maxLongestSideMm: 2700,
      maxLengthPlusGirthMm: 4000,
      maxDeclaredValue: { amount: '25000', currency: 'USD' },
      refusedGoods: ['powder'],
    },
    lossRate: spec.lossRate,
    damageRate: spec.lossRate * 2,
    tracking: 'full',
    incoterms: ['DDP', 'DAP'],
    sources: {
      prices:
        'rating.md: express cards by zone, first 0.5 kg + each further 0.5 kg to 20-30 kg, then per kg; levels illustrative',
      chargeableWeight: 'rating.md: express divisor 5000, rounded up to the next 0.5 kg',
      fuel: 'illustrative monthly fuel percentages for 2026',
      transit: 'rating.md: international express 3-6 days door to door',
    },
  };
}

function express(out: Output): void {
  partnerFile(
    out,
    {
      id: 'swiftwing-express',
      name: 'Swiftwing Express',
      kind: 'express-integrator',
      country: 'HK',
      services: [
        expressService(out, {
          partner: 'swiftwing-express',
          id: 'swiftwing-worldwide',
          name: 'Swiftwing Worldwide Express',
          zones: {
            Z1: [120, 28],
            Z2: [170, 45],
            Z3: [186, 48],
            Z4: [175, 46],
            Z5: [240, 70],
            Z6: [220, 60],
          },
          zoneOf: expressZoneOf,
          maxG: 20000,
          fuel: [0.22, 0.215, 0.21, 0.225, 0.23, 0.235, 0.24, 0.245, 0.24, 0.25, 0.255, 0.26],
          lossRate: 0.0008,
        }),
      ],
    },
    [
      'International express integrator: zone step cards, monthly fuel surcharge, remote-area and oversize fees.',
    ],
  );
  // A second integrator with its own zoning: cheaper in the Americas, dearer elsewhere.
  const globelinkZone = (code: string): string => {
    const r = regionOf(code);
    if (code === 'US' || code === 'CA' || code === 'MX') return 'A';
    if (LATAM.has(code)) return 'B';
    if (r === 'europe') return 'C';
    if (r === 'asia-pacific') return code === 'AU' || code === 'NZ' ? 'E' : 'D';
    return 'F';
  };
  partnerFile(
    out,
    {
      id: 'globelink-express',
      name: 'Globelink Express',
      kind: 'express-integrator',
      country: 'US',
      services: [
        expressService(out, {
          partner: 'globelink-express',
          id: 'globelink-priority',
          name: 'Globelink International Priority',
          zones: {
            A: [172, 44],
            B: [230, 66],
            C: [189, 50],
            D: [132, 31],
            E: [182, 48],
            F: [235, 64],
          },
          zoneOf: globelinkZone,
          maxG: 30000,
          fuel: [0.2, 0.2, 0.205, 0.215, 0.22, 0.225, 0.23, 0.235, 0.235, 0.24, 0.245, 0.25],
          lossRate: 0.0012,
        }),
      ],
    },
    ['A second express integrator with its own zone table (to 30 kg, then per kg).'],
  );
}

// ---------------------------------------------------------------- dedicated lines

interface LineSpec {
  readonly id: string;
  readonly name: string;
  readonly countries: readonly string[];
  readonly transit: (d: DestinationCountry) => DurationInput;
  readonly factor: number;
  readonly divisor: 6000 | 8000;
  readonly rule: 'volumetric-if-double' | 'max';
  readonly minimumG: number;
  readonly batteries: boolean;
  readonly refused?: readonly ('liquid' | 'powder' | 'magnet' | 'cosmetics')[];
  readonly maxDeclaredUsd: number;
  readonly lossRate: number;
  readonly incoterms: readonly ('DDP' | 'DAP')[];
}

function lineService(out: Output, partner: string, spec: LineSpec): ServiceInput {
  const card = bandedCard(
    out,
    `rates/${spec.id}-2026.csv`,
    'CNY',
    spec.countries.map((c) => [c, destination(c).dedicated] as const),
    DEDICATED_SHAPE,
    { key: `${partner}|${spec.id}`, spread: 0.05, scale: spec.factor },
  );
  const refused = [...(spec.refused ?? ['liquid', 'powder'])];
  return {
    id: spec.id,
    name: spec.name,
    mode: 'dedicated-line',
    activities: [...FULL_RUN],
    transport: 'air',
    lanes: lanesBy(spec.countries, (c) => spec.transit(destination(c))),
    pricing: {
      currency: 'CNY',
      chargeableWeight: {
        rule: spec.rule,
        divisor: spec.divisor,
        roundUpToG: 1,
        minimumG: spec.minimumG,
      },
      rateCards: [{ file: card, validFrom: VALID_FROM }],
      surcharges: spec.batteries
        ? [
            {
              kind: 'special-cargo',
              name: 'Battery line surcharge',
              goods: ['battery-in-equipment', 'battery-with-equipment'],
              fee: '6.00',
              perKg: '4.00',
            },
          ]
        : [],
    },
    schedule: {
      timezone: TZ,
      departures: [{ weekdays: [...WEEKDAYS_MON_SAT], cutoff: '16:00', departs: '20:00' }],
    },
    restrictions: {
      maxWeightG: 30000,
      maxLongestSideMm: 1000,
      maxLengthPlusGirthMm: 2000,
      maxDeclaredValue: { amount: String(spec.maxDeclaredUsd), currency: 'USD' },
      refusedGoods: spec.batteries
        ? refused
        : ['battery-in-equipment', 'battery-with-equipment', ...refused],
    },
    lossRate: spec.lossRate,
    damageRate: spec.lossRate * 1.5,
    tracking: 'full',
    incoterms: [...spec.incoterms],
    sources: {
      prices:
        'rating.md: Chinese dedicated lines publish item fee + per kg in weight bands, in CNY, per country',
      chargeableWeight: `rating.md: divisor ${spec.divisor}, ${spec.rule}, billed by the gram with a ${spec.minimumG} g minimum`,
      transit: 'rating.md: dedicated line 6-12 days',
    },
  };
}

function dedicatedLines(out: Output): void {
  const line = (id: string, name: string, header: string, specs: LineSpec[]) =>
    partnerFile(
      out,
      {
        id,
        name,
        kind: 'dedicated-line-operator',
        country: 'CN',
        services: specs.map((s) => lineService(out, id, s)),
      },
      [header],
    );
  const standard = days(6, 8, 11, 14);
  line(
    'bluebridge-line',
    'Bluebridge Special Line',
    'North American dedicated lines; the US line accepts batteries with a surcharge.',
    [
      {
        id: 'bluebridge-us-line',
        name: 'US special line (batteries accepted)',
        countries: ['US'],
        transit: () => standard,
        factor: 1,
        divisor: 6000,
        rule: 'volumetric-if-double',
        minimumG: 50,
        batteries: true,
        maxDeclaredUsd: 800,
        lossRate: 0.003,
        incoterms: ['DDP', 'DAP'],
      },
      {
        id: 'bluebridge-ca-line',
        name: 'Canada special line',
        countries: ['CA'],
        transit: () => days(6, 8, 11, 14),
        factor: 1,
        divisor: 6000,
        rule: 'volumetric-if-double',
        minimumG: 50,
        batteries: false,
        maxDeclaredUsd: 800,
        lossRate: 0.003,
        incoterms: ['DAP'],
      },
    ],
  );
  const eu = ['GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'PL', 'SE'];
  line(
    'eurolink-special-line',
    'Eurolink Special Line',
    'European dedicated lines: a general line and a battery line.',
    [
      {
        id: 'eurolink-eu-general',
        name: 'Europe general-cargo line (IOSS, DDP)',
        countries: eu,
        transit: (d) =>
          d.code === 'SE' || d.code === 'IT' || d.code === 'ES'
            ? days(7, 9, 12, 15)
            : days(6, 8, 11, 14),
        factor: 0.95,
        divisor: 8000,
        rule: 'volumetric-if-double',
        minimumG: 100,
        batteries: false,
        maxDeclaredUsd: 150,
        lossRate: 0.003,
        incoterms: ['DDP'],
      },
      {
        id: 'eurolink-eu-battery',
        name: 'Europe battery line (UN3481 Section II)',
        countries: eu,
        transit: () => days(7, 9, 12, 16),
        factor: 1.03,
        divisor: 8000,
        rule: 'max',
        minimumG: 100,
        batteries: true,
        maxDeclaredUsd: 150,
        lossRate: 0.004,
        incoterms: ['DDP'],
      },
    ],
  );
  line('andes-pampa-line', 'Andes & Pampa Line', 'Latin American dedicated line (DDP).', [
    {
      id: 'andes-latam-line',
      name: 'Latin America DDP line (Mexico, Brazil, Chile)',
      countries: ['MX', 'BR', 'CL'],
      transit: (d) => (d.code === 'MX' ? days(7, 10, 13, 17) : days(9, 12, 16, 21)),
      factor: 1,
      divisor: 6000,
      rule: 'max',
      minimumG: 100,
      batteries: false,
      maxDeclaredUsd: 2000,
      lossRate: 0.006,
      incoterms: ['DDP'],
    },
  ]);
  line(
    'crescent-line',
    'Crescent Line',
    'Middle East dedicated line (Saudi Arabia, UAE, Israel); accepts batteries.',
    [
      {
        id: 'crescent-me-line',
        name: 'Middle East line',
        countries: ['SA', 'AE', 'IL'],
        transit: (d) => (d.code === 'AE' ? days(5, 7, 10, 13) : days(6, 8, 11, 14)),
        factor: 1,
        divisor: 6000,
        rule: 'max',
        minimumG: 50,
        batteries: true,
        refused: ['liquid', 'powder', 'cosmetics'],
        maxDeclaredUsd: 1000,
        lossRate: 0.004,
        incoterms: ['DDP', 'DAP'],
      },
    ],
  );
  line('taiga-line', 'Taiga Line', 'Russian dedicated line.', [
    {
      id: 'taiga-ru-line',
      name: 'Russia air line',
      countries: ['RU'],
      transit: () => days(7, 9, 13, 16),
      factor: 1,
      divisor: 8000,
      rule: 'volumetric-if-double',
      minimumG: 50,
      batteries: false,
      refused: ['liquid', 'powder', 'magnet'],
      maxDeclaredUsd: 200,
      lossRate: 0.005,
      incoterms: ['DAP'],
    },
  ]);
  line('pacific-rim-line', 'Pacific Rim Line', 'Dedicated line to Japan, Korea and Australia.', [
    {
      id: 'pacific-rim-line',
      name: 'Japan, Korea and Australia line',
      countries: ['JP', 'KR', 'AU'],
      transit: (d) => (d.code === 'AU' ? days(6, 8, 11, 14) : days(4, 6, 8, 11)),
      factor: 1,
      divisor: 6000,
      rule: 'volumetric-if-double',
      minimumG: 50,
      batteries: false,
      maxDeclaredUsd: 1000,
      lossRate: 0.002,
      incoterms: ['DDP', 'DAP'],
    },
  ]);
}

// ---------------------------------------------------------------- warehouses

interface WarehouseSpec {
  readonly id: string;
  readonly name: string;
  readonly mode: 'overseas-warehouse' | 'border-warehouse';
  readonly location: string;
  readonly timezone: string;
  readonly currency: string;
  readonly storage: string;
  /** Pick & pack per order in the card currency. */
  readonly pickPack: number;
  /** [country, transit, delivery price factor against the country's economy last mile]. */
  readonly deliveries: readonly (readonly [
    country: string,
    transit: DurationInput,
    factor: number,
  ])[];
}

function warehouseServices(out: Output, partner: string, spec: WarehouseSpec): ServiceInput[] {
  const card = bandedCard(
    out,
    `rates/${spec.id}-2026.csv`,
    spec.currency,
    spec.deliveries.map(([c, , f]) => {
      const d = destination(c);
      const k = (cnyPer(d.currency) / cnyPer(spec.currency)) * f;
      return [
        c,
        { item: spec.pickPack + d.lastMile.item * k, perKg: d.lastMile.perKg * k },
      ] as const;
    }),
    LAST_MILE_SHAPE,
    { key: partner, spread: 0.04 },
  );
  const pick = bandedCard(
    out,
    `rates/${spec.id}-pickpack-2026.csv`,
    spec.currency,
    [[locationCountry(spec.location), { item: spec.pickPack, perKg: spec.pickPack / 10 }]],
    FLAT_SHAPE,
  );
  const warehouse = {
    location: spec.location,
    storagePerCubicMetreDay: { amount: spec.storage, currency: spec.currency },
  };
  const common = {
    restrictions: {
      maxWeightG: 30000,
      maxLongestSideMm: 1200,
      maxLengthPlusGirthMm: 3000,
      refusedGoods: [],
    },
    schedule: {
      timezone: spec.timezone,
      departures: [{ weekdays: [...WEEKDAYS_MON_SAT], cutoff: '14:00', departs: '17:00' }],
    },
    warehouse,
  };
  return [
    {
      id: spec.id,
      name: spec.name,
      mode: spec.mode,
      activities: ['warehouse-fulfilment', 'last-mile'],
      transport: 'road',
      lanes: spec.deliveries.map(([c, transit]) => ({ from: [spec.location], to: [c], transit })),
      pricing: {
        currency: spec.currency,
        chargeableWeight: { rule: 'max', divisor: 6000, roundUpToG: 1, minimumG: 0 },
        rateCards: [{ file: card, validFrom: VALID_FROM }],
      },
      ...common,
      lossRate: 0.001,
      damageRate: 0.002,
      tracking: 'full',
      incoterms: ['DDP'],
      sources: {
        prices:
          'illustrative: pick & pack per order plus the partner’s contract last-mile rates (local currency)',
        storage: 'illustrative storage fee per m³ per day',
        transit: `rating.md: ${spec.mode === 'overseas-warehouse' ? 'overseas warehouse 1-5 days' : 'border warehouse 2-7 days'} to the buyer from stock`,
      },
    },
    {
      id: `${spec.id}-pickpack`,
      name: `${spec.name}: pick & pack only (for a carrier of the integrator’s choice)`,
      activities: ['warehouse-fulfilment'],
      lanes: [{ from: [spec.location], to: [spec.location], transit: hours(4, 12, 24, 36) }],
      pricing: {
        currency: spec.currency,
        chargeableWeight: { rule: 'actual', divisor: 6000, roundUpToG: 1, minimumG: 0 },
        rateCards: [{ file: pick, validFrom: VALID_FROM }],
      },
      ...common,
      lossRate: 0.0003,
      damageRate: 0.001,
      tracking: 'full',
      sources: {
        prices: 'illustrative pick & pack fee per order',
        storage: 'illustrative storage fee per m³ per day',
      },
    },
  ];
}

const WAREHOUSE_COUNTRY: Record<string, string> = {
  'wh-us-ontario': 'US',
  'wh-us-edison': 'US',
  'wh-de-frankfurt': 'DE',
  'wh-gb-midlands': 'GB',
  'wh-au-sydney': 'AU',
  'bw-mx-tijuana': 'MX',
  'bw-pl-biala': 'PL',
};
const locationCountry = (id: string) => WAREHOUSE_COUNTRY[id]!;

function warehouses(out: Output): void {
  const op = (id: string, name: string, country: string, header: string, specs: WarehouseSpec[]) =>
    partnerFile(
      out,
      {
        id,
        name,
        kind: 'warehouse-operator',
        country,
        services: specs.flatMap((s) => warehouseServices(out, id, s)),
      },
      [header],
    );
  op(
    'westcoast-fulfilment',
    'Westcoast Fulfilment',
    'US',
    'US overseas warehouses in Ontario (California) and Edison (New Jersey).',
    [
      {
        id: 'westcoast-ontario',
        name: 'Ontario CA fulfilment and delivery',
        mode: 'overseas-warehouse',
        location: 'wh-us-ontario',
        timezone: 'America/Los_Angeles',
        currency: 'USD',
        storage: '0.60',
        pickPack: 1.8,
        deliveries: [
          ['US', days(1, 2, 4, 6), 0.95],
          ['CA', days(4, 6, 9, 12), 1.3],
        ],
      },
      {
        id: 'westcoast-edison',
        name: 'Edison NJ fulfilment and delivery',
        mode: 'overseas-warehouse',
        location: 'wh-us-edison',
        timezone: 'America/New_York',
        currency: 'USD',
        storage: '0.70',
        pickPack: 1.9,
        deliveries: [['US', days(1, 2, 3, 5), 0.95]],
      },
    ],
  );
  op(
    'rhein-main-fulfilment',
    'Rhein-Main Fulfilment',
    'DE',
    'German overseas warehouse delivering to Germany and the EU.',
    [
      {
        id: 'rmf-frankfurt',
        name: 'Frankfurt fulfilment and EU delivery',
        mode: 'overseas-warehouse',
        location: 'wh-de-frankfurt',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        storage: '0.55',
        pickPack: 1.6,
        deliveries: [
          ['DE', days(1, 2, 3, 4), 0.95],
          ['FR', days(2, 3, 5, 7), 1.3],
          ['NL', days(1, 2, 4, 6), 1.3],
          ['IT', days(2, 4, 6, 8), 1.3],
          ['ES', days(2, 4, 6, 8), 1.3],
          ['PL', days(2, 3, 5, 7), 1.3],
          ['SE', days(2, 4, 6, 8), 1.3],
        ],
      },
    ],
  );
  op(
    'midlands-fulfilment',
    'Midlands Fulfilment',
    'GB',
    'UK overseas warehouse in the East Midlands.',
    [
      {
        id: 'midlands-coventry',
        name: 'Coventry fulfilment and UK delivery',
        mode: 'overseas-warehouse',
        location: 'wh-gb-midlands',
        timezone: 'Europe/London',
        currency: 'GBP',
        storage: '0.50',
        pickPack: 1.4,
        deliveries: [['GB', days(1, 2, 3, 4), 0.95]],
      },
    ],
  );
  op(
    'harbour-bridge-3pl',
    'Harbour Bridge 3PL',
    'AU',
    'Australian overseas warehouse in western Sydney.',
    [
      {
        id: 'hb3pl-sydney',
        name: 'Sydney fulfilment and Australia delivery',
        mode: 'overseas-warehouse',
        location: 'wh-au-sydney',
        timezone: 'Australia/Sydney',
        currency: 'AUD',
        storage: '0.85',
        pickPack: 2.6,
        deliveries: [['AU', days(1, 3, 5, 8), 0.95]],
      },
    ],
  );
  op(
    'baja-border-warehouse',
    'Baja Border Warehouse',
    'MX',
    'Border warehouse in Tijuana, delivering across the border to the US and within Mexico.',
    [
      {
        id: 'baja-tijuana',
        name: 'Tijuana border fulfilment to the US and Mexico',
        mode: 'border-warehouse',
        location: 'bw-mx-tijuana',
        timezone: 'America/Tijuana',
        currency: 'USD',
        storage: '0.35',
        pickPack: 1.5,
        deliveries: [
          ['US', days(2, 3, 5, 7), 1.05],
          ['MX', days(2, 4, 6, 9), 0.95],
        ],
      },
    ],
  );
  op(
    'podlasie-border-warehouse',
    'Podlasie Border Warehouse',
    'PL',
    'Border warehouse at the EU rail entry, delivering to Poland, Germany and the EU.',
    [
      {
        id: 'podlasie-biala',
        name: 'Biała Podlaska border fulfilment to the EU',
        mode: 'border-warehouse',
        location: 'bw-pl-biala',
        timezone: 'Europe/Warsaw',
        currency: 'EUR',
        storage: '0.30',
        pickPack: 1.3,
        deliveries: [
          ['PL', days(1, 2, 3, 5), 0.95],
          ['DE', days(2, 3, 4, 6), 1.1],
          ['FR', days(3, 4, 6, 8), 1.3],
          ['NL', days(2, 4, 5, 7), 1.3],
          ['IT', days(3, 5, 7, 9), 1.3],
          ['ES', days(3, 5, 7, 9), 1.3],
          ['SE', days(3, 5, 7, 9), 1.3],
        ],
      },
    ],
  );
}

export function bundlePartners(out: Output): void {
  posts(out);
  express(out);
  dedicatedLines(out);
  warehouses(out);
}

// The destination side: import customs brokers at the destination gateways, last-mile carriers per
// country (local currency, remote-area surcharges by postcode prefix), and returns handling.
import { bandedCard, LAST_MILE_SHAPE, perParcelCard } from './cards.ts';
import { destination, type DestinationCountry } from './countries.ts';
import { cnyPer, gatewaysIn, warehousesIn } from './locations.ts';
import { ILLUSTRATIVE, partnerFile } from './partners-common.ts';
import {
  days,
  type DurationInput,
  type LaneInput,
  money,
  type Output,
  type PartnerInput,
  scaleDays,
  type ServiceInput,
  type SurchargeInput,
  VALID_FROM,
} from './util.ts';

/** A local-currency amount converted to another currency through CNY. */
const convert = (amount: number, from: string, to: string) => (amount * cnyPer(from)) / cnyPer(to);

interface ClearanceProfile {
  readonly aeo: boolean;
  readonly inspectionRate: number;
  readonly clearanceTime: DurationInput;
  readonly inspectionDelay: DurationInput;
}

const AEO_IMPORT: ClearanceProfile = {
  aeo: true,
  inspectionRate: 0.03,
  clearanceTime: days(0.2, 0.6, 1.2, 2.5),
  inspectionDelay: days(1, 2, 4, 7),
};
const STANDARD_IMPORT: ClearanceProfile = {
  aeo: false,
  inspectionRate: 0.07,
  clearanceTime: days(0.4, 1, 2, 4),
  inspectionDelay: days(2, 3, 6, 10),
};
const SLOW_IMPORT: ClearanceProfile = {
  aeo: false,
  inspectionRate: 0.15,
  clearanceTime: days(1, 2.5, 6, 12),
  inspectionDelay: days(3, 6, 12, 20),
};

/** An import-clearance service: in place at each gateway, priced per parcel in `currency`. */
function importService(
  out: Output,
  id: string,
  name: string,
  currency: string,
  countries: readonly string[],
  profile: ClearanceProfile,
  opts: { factor?: number; only?: readonly string[] } = {},
): ServiceInput {
  const gateways = countries.flatMap((c) =>
    gatewaysIn(c).filter((g) => !opts.only || opts.only.includes(g)),
  );
  const card = perParcelCard(
    out,
    `rates/${id}-2026.csv`,
    currency,
    countries.map((c) => {
      const d = destination(c);
      return [c, convert(d.importFee, d.currency, currency) * (opts.factor ?? 1)] as const;
    }),
  );
  return {
    id,
    name,
    activities: ['import-clearance'],
    lanes: gateways.map((g) => ({ from: [g], to: [g], transit: days(0, 0, 0, 0) })),
    pricing: {
      currency,
      chargeableWeight: { rule: 'actual', divisor: 6000, roundUpToG: 1, minimumG: 0 },
      rateCards: [{ file: card, validFrom: VALID_FROM }],
    },
    restrictions: { refusedGoods: [] },
    lossRate: 0,
    damageRate: 0,
    tracking: 'milestones',
    clearance: { side: 'import', ...profile },
    incoterms: ['DDP', 'DAP'],
    sources: {
      prices: 'illustrative per-parcel brokerage fee (duties and taxes are not part of it)',
      times: 'illustrative; AEO brokers clear faster with fewer inspections (rating.md)',
    },
  };
}

function importBrokers(out: Output): void {
  const broker = (p: Omit<PartnerInput, 'kind'>, header: string) =>
    partnerFile(out, { ...p, kind: 'customs-broker' }, [header]);
  broker(
    {
      id: 'pacific-gateway-brokers',
      name: 'Pacific Gateway Brokers',
      country: 'US',
      aeo: true,
      services: [
        importService(
          out,
          'pgb-us-import',
          'US import entry (CTPAT-certified), LAX, JFK and Long Beach',
          'USD',
          ['US'],
          AEO_IMPORT,
        ),
        importService(
          out,
          'pgb-ca-import',
          'Canada import entry (Partners in Protection), Toronto',
          'CAD',
          ['CA'],
          AEO_IMPORT,
        ),
      ],
    },
    'North American import broker with trusted-trader status.',
  );
  broker(
    {
      id: 'golden-state-customs',
      name: 'Golden State Customs House',
      country: 'US',
      services: [
        importService(
          out,
          'gsc-us-import',
          'US import entry at Los Angeles',
          'USD',
          ['US'],
          STANDARD_IMPORT,
          {
            factor: 0.75,
            only: ['gw-lax', 'sea-longbeach'],
          },
        ),
      ],
    },
    'A cheaper, non-AEO broker at Los Angeles.',
  );
  broker(
    {
      id: 'eurogate-customs',
      name: 'Eurogate Customs Services',
      country: 'NL',
      aeo: true,
      services: [
        importService(
          out,
          'eurogate-eu-import',
          'EU import (IOSS / H7 low-value declarations) at the EU air, sea and rail gateways',
          'EUR',
          ['DE', 'FR', 'ES', 'IT', 'NL', 'PL', 'SE'],
          AEO_IMPORT,
        ),
      ],
    },
    'EU import broker (AEO) at every EU gateway of the network, including the rail terminals.',
  );
  broker(
    {
      id: 'lowlands-clearance',
      name: 'Lowlands Clearance',
      country: 'NL',
      services: [
        importService(
          out,
          'lowlands-eu-import',
          'EU import at Amsterdam, Frankfurt, Leipzig, Paris, Duisburg and Rotterdam',
          'EUR',
          ['NL', 'DE', 'FR'],
          STANDARD_IMPORT,
          {
            factor: 0.7,
          },
        ),
      ],
    },
    'A low-cost EU broker at fewer gateways, without AEO status.',
  );
  broker(
    {
      id: 'thames-clearance',
      name: 'Thames Clearance',
      country: 'GB',
      aeo: true,
      services: [
        importService(
          out,
          'thames-gb-import',
          'UK import at Heathrow and Felixstowe',
          'GBP',
          ['GB'],
          AEO_IMPORT,
        ),
      ],
    },
    'UK import broker.',
  );
  broker(
    {
      id: 'latam-aduanas',
      name: 'Aduanas del Pacífico',
      country: 'MX',
      services: [
        importService(
          out,
          'adp-mx-import',
          'Mexico import (courier regime), Mexico City',
          'MXN',
          ['MX'],
          STANDARD_IMPORT,
        ),
        importService(
          out,
          'adp-br-import',
          'Brazil import (Remessa Conforme), São Paulo',
          'BRL',
          ['BR'],
          SLOW_IMPORT,
        ),
        importService(
          out,
          'adp-cl-import',
          'Chile import, Santiago',
          'CLP',
          ['CL'],
          STANDARD_IMPORT,
        ),
      ],
    },
    'Latin American import broker (Mexico, Brazil, Chile).',
  );
  broker(
    {
      id: 'gulf-levant-clearing',
      name: 'Gulf & Levant Clearing',
      country: 'AE',
      aeo: true,
      services: [
        importService(out, 'glc-ae-import', 'UAE import, Dubai', 'AED', ['AE'], AEO_IMPORT),
        importService(out, 'glc-sa-import', 'Saudi import, Riyadh', 'SAR', ['SA'], STANDARD_IMPORT),
        importService(
          out,
          'glc-il-import',
          'Israel import, Tel Aviv',
          'ILS',
          ['IL'],
          STANDARD_IMPORT,
        ),
      ],
    },
    'Middle East import broker.',
  );
  broker(
    {
      id: 'asia-pacific-brokers',
      name: 'Asia Pacific Brokers',
      country: 'JP',
      aeo: true,
      services: [
        importService(out, 'apb-jp-import', 'Japan import, Narita', 'JPY', ['JP'], AEO_IMPORT),
        importService(out, 'apb-kr-import', 'Korea import, Incheon', 'KRW', ['KR'], AEO_IMPORT),
        importService(
          out,
          'apb-au-import',
          'Australia import (low-value GST), Sydney air and sea',
          'AUD',
          ['AU'],
          AEO_IMPORT,
        ),
      ],
    },
    'Import broker for Japan, Korea and Australia.',
  );
  broker(
    {
      id: 'neva-customs',
      name: 'Neva Customs Agency',
      country: 'RU',
      services: [
        importService(
          out,
          'neva-ru-import',
          'Russia import, Sheremetyevo and the Vorsino rail terminal',
          'RUB',
          ['RU'],
          STANDARD_IMPORT,
        ),
      ],
    },
    'Russian import broker for air and rail arrivals.',
  );
}

interface LastMileSpec {
  readonly id: string;
  readonly name: string;
  readonly countries: readonly string[];
  readonly currency: string;
  /** Price and transit against the country's economy last mile. */
  readonly priceFactor: number;
  readonly transit?: (d: DestinationCountry) => DurationInput;
  readonly lossRate: number;
  /** Extra `from` locations (cross-border injection points) per country. */
  readonly extraFrom?: Readonly<Record<string, readonly string[]>>;
  /** Only these origins (instead of every gateway and warehouse in the country). */
  readonly fromOverride?: Readonly<Record<string, readonly string[]>>;
}

function lastMileService(out: Output, partnerId: string, spec: LastMileSpec): ServiceInput {
  const lanes: LaneInput[] = spec.countries.map((c) => {
    const d = destination(c);
    const from = spec.fromOverride?.[c] ?? [
      ...gatewaysIn(c),
      ...warehousesIn(c),
      ...(spec.extraFrom?.[c] ?? []),
    ];
    return {
      from: [...from],
      to: [c],
      transit: spec.transit ? spec.transit(d) : d.lastMileTransit,
    };
  });
  const file = bandedCard(
    out,
    `rates/${spec.id}-2026.csv`,
    spec.currency,
    spec.countries.map((c) => {
      const d = destination(c);
      const k = convert(1, d.currency, spec.currency) * spec.priceFactor;
      return [c, { item: d.lastMile.item * k, perKg: d.lastMile.perKg * k }] as const;
    }),
    LAST_MILE_SHAPE,
    { key: partnerId, spread: 0.05 },
  );
  const remote = spec.countries.map((c) => destination(c)).filter((d) => d.remote.length > 0);
  const surcharges: SurchargeInput[] =
    remote.length === 0
      ? []
      : [
          {
            kind: 'remote-area',
            name: 'Remote area delivery',
            areas: remote.map((d) => ({ country: d.code, postcodePrefixes: [...d.remote] })),
            fee: money(
              convert(remote[0]!.lastMile.item, remote[0]!.currency, spec.currency) * 1.5,
              spec.currency,
            ),
          },
        ];
  return {
    id: spec.id,
    name: spec.name,
    activities: ['last-mile'],
    transport: 'road',
    lanes,
    pricing: {
      currency: spec.currency,
      chargeableWeight: { rule: 'max', divisor: 6000, roundUpToG: 1, minimumG: 0 },
      rateCards: [{ file, validFrom: VALID_FROM }],
      surcharges,
    },
    restrictions: {
      maxWeightG: 30000,
      maxLongestSideMm: 1200,
      maxLengthPlusGirthMm: 3000,
      refusedGoods: [],
    },
    lossRate: spec.lossRate,
    damageRate: spec.lossRate * 2,
    tracking: 'full',
    sources: {
      prices:
        'illustrative contract rates for e-commerce parcels injected at a sorting center (local currency)',
      remoteAreas: 'postcode prefixes of remote areas, illustrative selection',
    },
  };
}

function lastMile(out: Output): void {
  const carrier = (
    id: string,
    name: string,
    country: string,
    services: LastMileSpec[],
    header: string,
  ) =>
    partnerFile(
      out,
      {
        id,
        name,
        kind: 'last-mile-carrier',
        country,
        services: services.map((s) => lastMileService(out, id, s)),
      },
      [header],
    );
  const faster = (d: DestinationCountry) => scaleDays(d.lastMileTransit, 0.5);
  carrier(
    'liberty-parcel',
    'Liberty Parcel',
    'US',
    [
      {
        id: 'liberty-ground',
        name: 'Liberty Ground (2-7 days)',
        countries: ['US'],
        currency: 'USD',
        priceFactor: 1,
        lossRate: 0.002,
      },
      {
        id: 'liberty-priority',
        name: 'Liberty Priority (1-3 days)',
        countries: ['US'],
        currency: 'USD',
        priceFactor: 1.7,
        transit: faster,
        lossRate: 0.001,
      },
    ],
    'US parcel carrier: injection at the LAX/JFK/Long Beach sorting centers and the US warehouses.',
  );
  carrier(
    'maple-courier',
    'Maple Courier',
    'CA',
    [
      {
        id: 'maple-expedited',
        name: 'Maple Expedited',
        countries: ['CA'],
        currency: 'CAD',
        priceFactor: 1,
        lossRate: 0.002,
      },
      {
        id: 'maple-xpresspost',
        name: 'Maple Xpress',
        countries: ['CA'],
        currency: 'CAD',
        priceFactor: 1.6,
        transit: faster,
        lossRate: 0.001,
      },
    ],
    'Canadian parcel carrier.',
  );
  carrier(
    'aguila-paqueteria',
    'Águila Paquetería',
    'MX',
    [
      {
        id: 'aguila-nacional',
        name: 'Águila Nacional',
        countries: ['MX'],
        currency: 'MXN',
        priceFactor: 1,
        lossRate: 0.004,
      },
    ],
    'Mexican parcel carrier, also collecting at the Tijuana border warehouse.',
  );
  carrier(
    'veloz-entregas',
    'Veloz Entregas',
    'BR',
    [
      {
        id: 'veloz-padrao',
        name: 'Veloz Padrão',
        countries: ['BR'],
        currency: 'BRL',
        priceFactor: 1,
        lossRate: 0.005,
      },
    ],
    'Brazilian parcel carrier.',
  );
  carrier(
    'cordillera-courier',
    'Cordillera Courier',
    'CL',
    [
      {
        id: 'cordillera-estandar',
        name: 'Cordillera Estándar',
        countries: ['CL'],
        currency: 'CLP',
        priceFactor: 1,
        lossRate: 0.003,
      },
    ],
    'Chilean parcel carrier.',
  );
  carrier(
    'albion-delivery',
    'Albion Delivery',
    'GB',
    [
      {
        id: 'albion-48',
        name: 'Albion 48',
        countries: ['GB'],
        currency: 'GBP',
        priceFactor: 1,
        lossRate: 0.0015,
      },
      {
        id: 'albion-24',
        name: 'Albion 24',
        countries: ['GB'],
        currency: 'GBP',
        priceFactor: 1.6,
        transit: faster,
        lossRate: 0.001,
      },
    ],
    'UK parcel carrier.',
  );
  carrier(
    'europa-parcel',
    'Europa Parcel',
    'DE',
    [
      {
        id: 'europa-domestic',
        name: 'Europa Parcel domestic (DE, FR, ES, IT, NL)',
        countries: ['DE', 'FR', 'ES', 'IT', 'NL'],
        currency: 'EUR',
        priceFactor: 1,
        lossRate: 0.0015,
      },
      {
        id: 'europa-crossborder',
        name: 'Europa Parcel cross-border from the Frankfurt and Biała Podlaska warehouses',
        countries: ['FR', 'ES', 'IT', 'NL', 'PL', 'SE'],
        currency: 'EUR',
        priceFactor: 1.35,
        transit: (d) => scaleDays(d.lastMileTransit, 1, 1),
        lossRate: 0.002,
        fromOverride: {
          FR: ['wh-de-frankfurt', 'bw-pl-biala'],
          ES: ['wh-de-frankfurt', 'bw-pl-biala'],
          IT: ['wh-de-frankfurt', 'bw-pl-biala'],
          NL: ['wh-de-frankfurt', 'bw-pl-biala'],
          PL: ['wh-de-frankfurt'],
          SE: ['wh-de-frankfurt', 'bw-pl-biala'],
        },
      },
    ],
    'Pan-European parcel carrier.',
  );
  carrier(
    'vistula-kurier',
    'Vistula Kurier',
    'PL',
    [
      {
        id: 'vistula-standard',
        name: 'Vistula Standard',
        countries: ['PL'],
        currency: 'PLN',
        priceFactor: 1,
        lossRate: 0.0015,
      },
    ],
    'Polish parcel carrier, also collecting at the Małaszewicze rail terminal.',
  );
  carrier(
    'nordic-paket',
    'Nordic Paket',
    'SE',
    [
      {
        id: 'nordic-ombud',
        name: 'Nordic Ombud (pickup point)',
        countries: ['SE'],
        currency: 'SEK',
        priceFactor: 1,
        lossRate: 0.0015,
      },
    ],
    'Swedish parcel carrier delivering to pickup points.',
  );
  carrier(
    'volga-courier',
    'Volga Courier',
    'RU',
    [
      {
        id: 'volga-standard',
        name: 'Volga Standard',
        countries: ['RU'],
        currency: 'RUB',
        priceFactor: 1,
        lossRate: 0.004,
      },
    ],
    'Russian parcel carrier.',
  );
  carrier(
    'desert-falcon-delivery',
    'Desert Falcon Delivery',
    'AE',
    [
      {
        id: 'falcon-uae',
        name: 'Falcon UAE next-day',
        countries: ['AE'],
        currency: 'AED',
        priceFactor: 1,
        lossRate: 0.002,
      },
      {
        id: 'falcon-ksa',
        name: 'Falcon Saudi Arabia',
        countries: ['SA'],
        currency: 'SAR',
        priceFactor: 1,
        lossRate: 0.003,
      },
    ],
    'Gulf parcel carrier (UAE, Saudi Arabia).',
  );
  carrier(
    'carmel-couriers',
    'Carmel Couriers',
    'IL',
    [
      {
        id: 'carmel-standard',
        name: 'Carmel Standard',
        countries: ['IL'],
        currency: 'ILS',
        priceFactor: 1,
        lossRate: 0.002,
      },
    ],
    'Israeli parcel carrier.',
  );
  carrier(
    'hanami-delivery',
    'Hanami Delivery',
    'JP',
    [
      {
        id: 'hanami-takuhai',
        name: 'Hanami Takuhai',
        countries: ['JP'],
        currency: 'JPY',
        priceFactor: 1,
        lossRate: 0.0005,
      },
    ],
    'Japanese home-delivery carrier.',
  );
  carrier(
    'hangang-logistics',
    'Hangang Logistics',
    'KR',
    [
      {
        id: 'hangang-taekbae',
        name: 'Hangang Taekbae',
        countries: ['KR'],
        currency: 'KRW',
        priceFactor: 1,
        lossRate: 0.0005,
      },
    ],
    'Korean parcel carrier.',
  );
  carrier(
    'southern-cross-parcels',
    'Southern Cross Parcels',
    'AU',
    [
      {
        id: 'southern-cross-road',
        name: 'Southern Cross Road Express',
        countries: ['AU'],
        currency: 'AUD',
        priceFactor: 1,
        lossRate: 0.002,
      },
    ],
    'Australian parcel carrier.',
  );
}

function returns(out: Output): void {
  const local = (
    id: string,
    name: string,
    currency: string,
    points: readonly (readonly [country: string, point: string])[],
  ): ServiceInput => {
    const file = bandedCard(
      out,
      `rates/${id}-2026.csv`,
      currency,
      points.map(([c]) => {
        const d = destination(c);
        const k = convert(1, d.currency, currency) * 1.4;
        return [c, { item: d.lastMile.item * k, perKg: d.lastMile.perKg * k }] as const;
      }),
      LAST_MILE_SHAPE,
    );
    return {
      id,
      name,
      activities: ['returns-handling'],
      transport: 'road',
      lanes: points.map(([c, point]) => ({ from: [c], to: [point], transit: days(3, 5, 8, 12) })),
      pricing: {
        currency,
        chargeableWeight: { rule: 'max', divisor: 6000, roundUpToG: 1, minimumG: 0 },
        rateCards: [{ file, validFrom: VALID_FROM }],
      },
      restrictions: { maxWeightG: 30000, refusedGoods: [] },
      lossRate: 0.003,
      damageRate: 0.01,
      tracking: 'full',
      sources: { prices: 'illustrative: local return label plus inspection and restocking' },
    };
  };
  const consolidatedCountries = [
    'US',
    'CA',
    'GB',
    'DE',
    'FR',
    'ES',
    'IT',
    'NL',
    'PL',
    'AU',
    'JP',
    'KR',
  ];
  const consolidated = bandedCard(
    out,
    'rates/rl-consolidated-cn-2026.csv',
    'CNY',
    [['CN', { item: 28, perKg: 42 }]],
    LAST_MILE_SHAPE,
  );
  partnerFile(
    out,
    {
      id: 'reverse-loop-returns',
      name: 'Reverse Loop Returns',
      kind: 'returns-operator',
      country: 'HK',
      services: [
        local('rl-us-local', 'US local returns to Ontario, CA', 'USD', [['US', 'rp-us-ontario']]),
        local('rl-ca-local', 'Canada local returns to Mississauga', 'CAD', [
          ['CA', 'rp-ca-toronto'],
        ]),
        local('rl-gb-local', 'UK local returns to Coventry', 'GBP', [['GB', 'rp-gb-coventry']]),
        local('rl-eu-local', 'EU local returns to Leipzig and Roissy', 'EUR', [
          ['DE', 'rp-de-leipzig'],
          ['FR', 'rp-fr-paris'],
        ]),
        local('rl-au-local', 'Australia local returns to Sydney', 'AUD', [['AU', 'rp-au-sydney']]),
        local('rl-jp-local', 'Japan local returns to Tokyo', 'JPY', [['JP', 'rp-jp-tokyo']]),
        {
          id: 'rl-consolidated-cn',
          name: 'Returns consolidated back to the Shenzhen hub (monthly, by sea)',
          activities: ['returns-handling'],
          transport: 'sea',
          lanes: [
            { from: consolidatedCountries, to: ['hub-shenzhen'], transit: days(25, 35, 45, 60) },
          ],
          pricing: {
            currency: 'CNY',
            chargeableWeight: { rule: 'max', divisor: 6000, roundUpToG: 1, minimumG: 100 },
            rateCards: [{ file: consolidated, validFrom: VALID_FROM }],
          },
          restrictions: { maxWeightG: 30000, refusedGoods: ['battery-with-equipment', 'liquid'] },
          lossRate: 0.005,
          damageRate: 0.01,
          tracking: 'milestones',
          sources: { prices: ILLUSTRATIVE },
        },
      ],
    },
    ['Returns: local returns points in six countries, or consolidated back to the origin hub.'],
  );
}

export function destinationPartners(out: Output): void {
  importBrokers(out);
  lastMile(out);
  returns(out);
}

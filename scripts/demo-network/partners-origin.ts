// The origin side of the value chain: pickup fleets, hub (logistics center) operators, domestic
// trucking to the export gateways, and export customs brokers (9610 declarations).
import { bandedCard, FLAT_SHAPE, perParcelCard } from './cards.ts';
import { ILLUSTRATIVE, partnerFile } from './partners-common.ts';
import { EVERY_DAY, hours, type Output, scaleHours, VALID_FROM, WEEKDAYS_MON_SAT } from './util.ts';

const TZ = 'Asia/Shanghai';

const pricingCny = (file: string, extra: { minimumG?: number } = {}) => ({
  currency: 'CNY',
  chargeableWeight: {
    rule: 'actual' as const,
    divisor: 6000,
    roundUpToG: 1,
    minimumG: extra.minimumG ?? 0,
  },
  rateCards: [{ file, validFrom: VALID_FROM }],
});

function pickups(out: Output): void {
  const pearl = bandedCard(
    out,
    'rates/pearl-pickup-2026.csv',
    'CNY',
    [['CN', { item: 0.5, perKg: 0.2 }]],
    FLAT_SHAPE,
  );
  partnerFile(
    out,
    {
      id: 'pearl-pickup',
      name: 'Pearl Delta Pickup Co.',
      kind: 'pickup-fleet',
      country: 'CN',
      services: [
        {
          id: 'pearl-pickup-prd',
          name: 'Pearl River Delta seller pickup, twice daily',
          activities: ['pickup'],
          transport: 'road',
          lanes: [
            { from: ['sr-shenzhen'], to: ['hub-shenzhen'], transit: hours(2, 4, 7, 12) },
            { from: ['sr-guangzhou'], to: ['hub-guangzhou'], transit: hours(2, 4, 7, 12) },
            { from: ['sr-shenzhen'], to: ['hub-guangzhou'], transit: hours(3, 5, 9, 14) },
            { from: ['sr-guangzhou'], to: ['hub-shenzhen'], transit: hours(3, 5, 9, 14) },
          ],
          pricing: pricingCny(pearl, { minimumG: 100 }),
          schedule: {
            timezone: TZ,
            departures: [
              { weekdays: [...WEEKDAYS_MON_SAT], cutoff: '11:00', departs: '12:00' },
              { weekdays: [...WEEKDAYS_MON_SAT], cutoff: '17:00', departs: '18:00' },
            ],
          },
          restrictions: { maxWeightG: 30000, maxLongestSideMm: 1200, refusedGoods: [] },
          lossRate: 0.0002,
          damageRate: 0.0005,
          tracking: 'full',
          sources: {
            prices: ILLUSTRATIVE,
            transit: 'illustrative: city-region van runs of 2-12 hours',
          },
        },
      ],
    },
    [
      'Pickup from sellers in Shenzhen and Guangzhou to the integrator’s hubs; per-parcel fee plus per kg.',
    ],
  );

  const lingnan = bandedCard(
    out,
    'rates/lingnan-collect-2026.csv',
    'CNY',
    [['CN', { item: 0.4, perKg: 0.25 }]],
    FLAT_SHAPE,
  );
  partnerFile(
    out,
    {
      id: 'lingnan-collect',
      name: 'Lingnan Collect Vans',
      kind: 'pickup-fleet',
      country: 'CN',
      services: [
        {
          id: 'lingnan-collect-evening',
          name: 'Evening collection run (Shenzhen, Guangzhou)',
          activities: ['pickup'],
          transport: 'road',
          lanes: [
            { from: ['sr-shenzhen'], to: ['hub-shenzhen'], transit: hours(3, 6, 10, 16) },
            { from: ['sr-guangzhou'], to: ['hub-guangzhou'], transit: hours(3, 6, 10, 16) },
          ],
          pricing: pricingCny(lingnan, { minimumG: 100 }),
          schedule: {
            timezone: TZ,
            departures: [{ weekdays: [...WEEKDAYS_MON_SAT], cutoff: '18:30', departs: '19:30' }],
          },
          restrictions: { maxWeightG: 25000, maxLongestSideMm: 1000, refusedGoods: [] },
          lossRate: 0.0004,
          damageRate: 0.0008,
          tracking: 'milestones',
          sources: { prices: ILLUSTRATIVE },
        },
      ],
    },
    ['A cheaper once-a-day pickup competitor in the Pearl River Delta.'],
  );

  const yiwu = bandedCard(
    out,
    'rates/yiwu-runner-2026.csv',
    'CNY',
    [['CN', { item: 0.35, perKg: 0.15 }]],
    FLAT_SHAPE,
  );
  partnerFile(
    out,
    {
      id: 'yiwu-runner',
      name: 'Yiwu Runner Collect',
      kind: 'pickup-fleet',
      country: 'CN',
      services: [
        {
          id: 'yiwu-runner-market',
          name: 'Yiwu market pickup, daily',
          activities: ['pickup'],
          transport: 'road',
          lanes: [{ from: ['sr-yiwu'], to: ['hub-yiwu'], transit: hours(1.5, 3, 6, 10) }],
          pricing: pricingCny(yiwu, { minimumG: 100 }),
          schedule: {
            timezone: TZ,
            departures: [{ weekdays: [...EVERY_DAY], cutoff: '18:00', departs: '19:00' }],
          },
          restrictions: { maxWeightG: 30000, refusedGoods: [] },
          lossRate: 0.0002,
          damageRate: 0.0005,
          tracking: 'full',
          sources: { prices: ILLUSTRATIVE },
        },
      ],
    },
    ['Pickup from the Yiwu International Trade City sellers to the Yiwu hub.'],
  );
}

function hubs(out: Output): void {
  const std = bandedCard(
    out,
    'rates/nanling-hub-2026.csv',
    'CNY',
    [['CN', { item: 0.8, perKg: 0.1 }]],
    FLAT_SHAPE,
  );
  const prio = bandedCard(
    out,
    'rates/nanling-hub-priority-2026.csv',
    'CNY',
    [['CN', { item: 1.3, perKg: 0.15 }]],
    FLAT_SHAPE,
  );
  const hubLanes = (transit: ReturnType<typeof hours>) => [
    { from: ['hub-shenzhen'], to: ['hub-shenzhen'], transit },
    { from: ['hub-guangzhou'], to: ['hub-guangzhou'], transit },
  ];
  partnerFile(
    out,
    {
      id: 'nanling-logistics-centre',
      name: 'Nanling Logistics Centre',
      kind: 'warehouse-operator',
      country: 'CN',
      services: [
        {
          id: 'nanling-hub-standard',
          name: 'Hub handling: receive, check, label, sort and consolidate',
          activities: ['hub-handling'],
          lanes: hubLanes(hours(3, 6, 12, 20)),
          pricing: pricingCny(std),
          restrictions: { maxWeightG: 30000, refusedGoods: [] },
          lossRate: 0.0001,
          damageRate: 0.0003,
          tracking: 'full',
          sources: { prices: ILLUSTRATIVE, times: 'illustrative: same-shift processing' },
        },
        {
          id: 'nanling-hub-priority',
          name: 'Hub handling, priority lane',
          activities: ['hub-handling'],
          lanes: hubLanes(hours(1, 2, 4, 8)),
          pricing: pricingCny(prio),
          restrictions: { maxWeightG: 30000, refusedGoods: [] },
          lossRate: 0.0001,
          damageRate: 0.0003,
          tracking: 'full',
          sources: { prices: ILLUSTRATIVE },
        },
      ],
    },
    ['Operates the Shenzhen and Guangzhou hubs (domestic logistics centers) for the integrator.'],
  );

  const zj = bandedCard(
    out,
    'rates/zhejiang-consolidation-2026.csv',
    'CNY',
    [['CN', { item: 0.7, perKg: 0.08 }]],
    FLAT_SHAPE,
  );
  partnerFile(
    out,
    {
      id: 'zhejiang-consolidation',
      name: 'Zhejiang Consolidation Centre',
      kind: 'warehouse-operator',
      country: 'CN',
      services: [
        {
          id: 'zhejiang-hub-yiwu',
          name: 'Hub handling at the Yiwu logistics center',
          activities: ['hub-handling'],
          lanes: [{ from: ['hub-yiwu'], to: ['hub-yiwu'], transit: hours(3, 6, 12, 24) }],
          pricing: pricingCny(zj),
          restrictions: { maxWeightG: 30000, refusedGoods: [] },
          lossRate: 0.0001,
          damageRate: 0.0003,
          tracking: 'full',
          sources: { prices: ILLUSTRATIVE },
        },
      ],
    },
    ['Operates the Yiwu hub.'],
  );
}

function trucking(out: Output): void {
  const prd = bandedCard(
    out,
    'rates/greatbay-shuttle-2026.csv',
    'CNY',
    [['CN', { item: 0.1, perKg: 0.35 }]],
    FLAT_SHAPE,
  );
  const hk = bandedCard(
    out,
    'rates/greatbay-crossboundary-2026.csv',
    'CNY',
    [['HK', { item: 0.6, perKg: 1.1 }]],
    FLAT_SHAPE,
  );
  const near = hours(1.5, 2.5, 4, 7);
  const far = hours(2.5, 3.5, 6, 9);
  partnerFile(
    out,
    {
      id: 'greatbay-trucking',
      name: 'Greater Bay Trucking',
      kind: 'trucking',
      country: 'CN',
      services: [
        {
          id: 'greatbay-prd-shuttle',
          name: 'Hub-to-gateway shuttle in the Pearl River Delta',
          activities: ['domestic-linehaul'],
          transport: 'road',
          lanes: [
            {
              from: ['hub-shenzhen'],
              to: ['gw-szx', 'sea-yantian', 'bc-huanggang'],
              transit: near,
            },
            { from: ['hub-shenzhen'], to: ['gw-can', 'sea-nansha'], transit: far },
            { from: ['hub-guangzhou'], to: ['gw-can', 'sea-nansha'], transit: near },
            {
              from: ['hub-guangzhou'],
              to: ['gw-szx', 'sea-yantian', 'bc-huanggang'],
              transit: far,
            },
          ],
          pricing: {
            ...pricingCny(prd),
            chargeableWeight: { rule: 'max', divisor: 6000, roundUpToG: 1, minimumG: 0 },
          },
          schedule: {
            timezone: TZ,
            departures: [
              { weekdays: [...EVERY_DAY], cutoff: '08:00', departs: '09:00' },
              { weekdays: [...EVERY_DAY], cutoff: '14:00', departs: '15:00' },
              { weekdays: [...EVERY_DAY], cutoff: '20:00', departs: '21:00' },
            ],
          },
          restrictions: { maxWeightG: 50000, refusedGoods: [] },
          lossRate: 0.0001,
          damageRate: 0.0004,
          tracking: 'milestones',
          sources: { prices: ILLUSTRATIVE },
        },
        {
          id: 'greatbay-hk-crossboundary',
          name: 'Cross-boundary bonded truck to Hong Kong airport (via Huanggang)',
          activities: ['domestic-linehaul'],
          transport: 'road',
          lanes: [
            { from: ['hub-shenzhen'], to: ['gw-hkg'], transit: hours(3, 5, 9, 16) },
            { from: ['hub-guangzhou'], to: ['gw-hkg'], transit: hours(4, 6, 11, 18) },
          ],
          pricing: {
            ...pricingCny(hk),
            chargeableWeight: { rule: 'max', divisor: 6000, roundUpToG: 1, minimumG: 0 },
          },
          schedule: {
            timezone: TZ,
            departures: [
              { weekdays: [...EVERY_DAY], cutoff: '10:00', departs: '11:00' },
              { weekdays: [...EVERY_DAY], cutoff: '18:00', departs: '19:00' },
            ],
          },
          restrictions: { maxWeightG: 50000, refusedGoods: [] },
          lossRate: 0.0001,
          damageRate: 0.0004,
          tracking: 'milestones',
          sources: { prices: ILLUSTRATIVE },
        },
      ],
    },
    [
      'Road shuttles from the Shenzhen and Guangzhou hubs to the export gateways, and across the boundary to HKG.',
    ],
  );

  const zjNear = bandedCard(
    out,
    'rates/zhejiang-linehaul-2026.csv',
    'CNY',
    [['CN', { item: 0.1, perKg: 0.3 }]],
    FLAT_SHAPE,
  );
  const zjSouth = bandedCard(
    out,
    'rates/zhejiang-linehaul-south-2026.csv',
    'CNY',
    [['CN', { item: 0.2, perKg: 0.9 }]],
    FLAT_SHAPE,
  );
  partnerFile(
    out,
    {
      id: 'zhejiang-linehaul',
      name: 'Zhejiang Linehaul Transport',
      kind: 'trucking',
      country: 'CN',
      services: [
        {
          id: 'zhejiang-yiwu-shuttle',
          name: 'Yiwu hub to Pudong airport and the Yiwu rail terminal',
          activities: ['domestic-linehaul'],
          transport: 'road',
          lanes: [
            { from: ['hub-yiwu'], to: ['gw-pvg'], transit: hours(3, 4, 6, 10) },
            { from: ['hub-yiwu'], to: ['rail-yiwu'], transit: hours(0.5, 1, 2, 4) },
          ],
          pricing: {
            ...pricingCny(zjNear),
            chargeableWeight: { rule: 'max', divisor: 6000, roundUpToG: 1, minimumG: 0 },
          },
          schedule: {
            timezone: TZ,
            departures: [
              { weekdays: [...EVERY_DAY], cutoff: '09:00', departs: '10:00' },
              { weekdays: [...EVERY_DAY], cutoff: '21:00', departs: '22:00' },
            ],
          },
          restrictions: { maxWeightG: 50000, refusedGoods: [] },
          lossRate: 0.0001,
          damageRate: 0.0004,
          tracking: 'milestones',
          sources: { prices: ILLUSTRATIVE },
        },
        {
          id: 'zhejiang-yiwu-south',
          name: 'Yiwu hub to the Pearl River Delta gateways, overnight long haul',
          activities: ['domestic-linehaul'],
          transport: 'road',
          lanes: [
            {
              from: ['hub-yiwu'],
              to: ['gw-szx', 'gw-can', 'sea-yantian', 'sea-nansha'],
              transit: hours(20, 26, 34, 48),
            },
          ],
          pricing: {
            ...pricingCny(zjSouth),
            chargeableWeight: { rule: 'max', divisor: 6000, roundUpToG: 1, minimumG: 0 },
          },
          schedule: {
            timezone: TZ,
            departures: [{ weekdays: [...EVERY_DAY], cutoff: '20:00', departs: '21:00' }],
          },
          restrictions: { maxWeightG: 50000, refusedGoods: [] },
          lossRate: 0.0002,
          damageRate: 0.0006,
          tracking: 'milestones',
          sources: { prices: ILLUSTRATIVE, transit: 'illustrative: about 1,200 km by road' },
        },
      ],
    },
    [
      'Road line-haul from the Yiwu hub to Shanghai Pudong, the Yiwu rail terminal and the south China gateways.',
    ],
  );
}

function exportBrokers(out: Output): void {
  const broker = (
    id: string,
    name: string,
    country: string,
    aeo: boolean,
    gateways: readonly string[],
    card: { file: string; currency: string },
    clearance: {
      inspectionRate: number;
      clearanceTime: ReturnType<typeof hours>;
      inspectionDelay: ReturnType<typeof hours>;
    },
    header: string,
  ) =>
    partnerFile(
      out,
      {
        id,
        name,
        kind: 'customs-broker',
        country,
        aeo,
        services: [
          {
            id: `${id}-9610`,
            name: `Export declaration (9610 B2C list declaration)${aeo ? ', AEO' : ''}`,
            activities: ['export-clearance'],
            lanes: gateways.map((g) => ({ from: [g], to: [g], transit: hours(0, 0, 0, 0) })),
            pricing: {
              currency: card.currency,
              chargeableWeight: { rule: 'actual', divisor: 6000, roundUpToG: 1, minimumG: 0 },
              rateCards: [{ file: card.file, validFrom: VALID_FROM }],
            },
            restrictions: { refusedGoods: [] },
            lossRate: 0,
            damageRate: 0,
            tracking: 'milestones',
            clearance: {
              side: 'export',
              aeo,
              ...clearance,
              aeoTrader: {
                inspectionRate: Math.round(clearance.inspectionRate * 0.2 * 10_000) / 10_000,
                clearanceTime: scaleHours(clearance.clearanceTime, 0.7),
              },
            },
            sources: {
              prices: 'illustrative per-parcel declaration fee',
              inspection:
                'rating.md: AEO status brings lower inspection rates and faster clearance',
            },
          },
        ],
      },
      [header],
    );

  broker(
    'shekou-customs-brokerage',
    'Shekou Customs Brokerage',
    'CN',
    true,
    ['gw-szx', 'gw-can', 'sea-yantian', 'bc-huanggang'],
    {
      file: perParcelCard(out, 'rates/shekou-export-2026.csv', 'CNY', [['CN', 1.8]]),
      currency: 'CNY',
    },
    {
      inspectionRate: 0.02,
      clearanceTime: hours(1, 3, 6, 10),
      inspectionDelay: hours(12, 24, 48, 72),
    },
    'AEO export broker at Shenzhen airport, Yantian, Huanggang and Guangzhou airport; per-parcel fee.',
  );
  broker(
    'baiyun-declaration',
    'Baiyun Declaration Services',
    'CN',
    false,
    ['gw-can', 'gw-szx', 'sea-nansha'],
    {
      file: perParcelCard(out, 'rates/baiyun-export-2026.csv', 'CNY', [['CN', 1.2]]),
      currency: 'CNY',
    },
    {
      inspectionRate: 0.06,
      clearanceTime: hours(3, 6, 14, 24),
      inspectionDelay: hours(24, 36, 72, 120),
    },
    'Non-AEO export broker: cheaper, slower, inspected more often.',
  );
  broker(
    'yiwu-market-declaration',
    'Yiwu Market Declaration Co.',
    'CN',
    true,
    ['rail-yiwu', 'gw-pvg'],
    {
      file: perParcelCard(out, 'rates/yiwu-export-2026.csv', 'CNY', [['CN', 1.5]]),
      currency: 'CNY',
    },
    {
      inspectionRate: 0.025,
      clearanceTime: hours(2, 4, 8, 14),
      inspectionDelay: hours(12, 24, 48, 72),
    },
    'AEO export broker for the Yiwu rail terminal and Shanghai Pudong.',
  );
  broker(
    'victoria-harbour-brokerage',
    'Victoria Harbour Brokerage',
    'HK',
    false,
    ['gw-hkg'],
    {
      file: perParcelCard(out, 'rates/victoria-harbour-export-2026.csv', 'HKD', [['HK', 2.2]]),
      currency: 'HKD',
    },
    {
      inspectionRate: 0.03,
      clearanceTime: hours(2, 4, 8, 12),
      inspectionDelay: hours(12, 24, 36, 60),
    },
    'Lodges the mainland 9610 declaration for cross-boundary trucks and the Hong Kong export manifest at HKG.',
  );
}

export function originPartners(out: Output): void {
  pickups(out);
  hubs(out);
  trucking(out);
  exportBrokers(out);
}

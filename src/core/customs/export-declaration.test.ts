// China's e-commerce export data sets (9610, 9710, 9810) built before departure, with worked
// examples on the demo network and every missing field reported by path.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork, type Network, type SourceFile } from '../network/index.ts';
import type { CountryCode, CurrencyCode } from '../shared/index.ts';
import {
  type CnExportCodes,
  type CnExportSetup,
  legalUnitsFor,
  parseCnExportCodes,
  parseCnExportSetup,
} from './cn-export-reference.ts';
import {
  build9610,
  build9710,
  build9810,
  type Build9610Input,
  export9610Schema,
  export9710Schema,
  export9810Schema,
  type ExportLegInput,
  exportModeFor,
  type ExportOrderInput,
  resolveExportRoute,
  validateExportDeclaration,
} from './export-declaration.ts';
import { type HsNomenclature, parseHsNomenclature } from './hs.ts';
import type { SellerProfile } from './parties.ts';

const DATA = fileURLToPath(new URL('../../../data/', import.meta.url));
const file = (path: string): SourceFile => ({
  path: `data/${path}`,
  text: readFileSync(join(DATA, path), 'utf8'),
});

function readDir(dir: string): SourceFile[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ya?ml|csv)$/.test(e.name))
    .map((e) => {
      const full = join(e.parentPath, e.name);
      return { path: relative(dir, full).split(sep).join('/'), text: readFileSync(full, 'utf8') };
    });
}

const CODE_FILES = {
  units: file('customs/cn-units.yaml'),
  countries: file('customs/cn-country-codes.yaml'),
  codes: file('customs/cn-export-codes.yaml'),
};

let network: Network;
let codes: CnExportCodes;
let setup: CnExportSetup;
let hs: HsNomenclature;

beforeAll(() => {
  const loaded = loadNetwork(readDir(join(DATA, 'demo-network')));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.slice(0, 3)));
  network = loaded.value;
  const c = parseCnExportCodes(CODE_FILES);
  if (!c.ok) throw new Error(JSON.stringify(c.error));
  codes = c.value;
  const s = parseCnExportSetup(file('customs/cn-export-network.yaml'), { network, codes });
  if (!s.ok) throw new Error(JSON.stringify(s.error));
  setup = s.value;
  hs = parseHsNomenclature(readFileSync(join(DATA, 'reference/hs2022.csv'), 'utf8'));
});

const USD = 'USD' as CurrencyCode;

const SELLER: SellerProfile = {
  party: {
    name: 'Shenzhen Bright Gadgets Co., Ltd.',
    addressLines: ['Room 1203, Block B, Tech Park', '9 Keyuan Road, Nanshan District'],
    city: 'Shenzhen',
    postcode: '518057',
    region: 'CN-GD',
    country: 'CN' as CountryCode,
    phone: '+86 755 8888 0000',
    email: 'export@bright.example',
  },
  registrations: {
    ioss: 'IM1560000123',
    ukVat: null,
    auArn: null,
    noVoec: null,
    eori: null,
    brRemessaConforme: false,
  },
  exporter: { customsCode: '4403960ABC', creditCode: '91440300MA5EXAMPL0', aeo: true },
};

/** Two phone cases to Berlin, paid through a payment institution, sold on a marketplace. */
const ORDER: ExportOrderInput = {
  id: 'ORD-9610-1',
  orderedAtMs: Date.parse('2026-11-25T02:00:00Z'),
  buyer: {
    country: 'DE' as CountryCode,
    name: 'Erika Mustermann',
    addressLines: ['Invalidenstraße 116'],
    postcode: '10115',
    city: 'Berlin',
    phone: '+49 30 1234567',
  },
  parcels: [
    {
      weightG: 450,
      items: [
        {
          description: 'phone case',
          hsCode: '3926909090',
          quantity: 2,
          unitValue: { amount: 899, currency: USD },
          originCountry: 'CN' as CountryCode,
          weightG: 400,
          sku: 'CASE-IP15-BLK',
        },
      ],
    },
  ],
  payment: {
    provider: 'PingPong',
    transactionId: 'PP20261125000123',
    paidAtMs: Date.parse('2026-11-25T01:58:00Z'),
  },
  platform: 'Amazon DE',
};

/** The value chain the planner picks for it: Shenzhen airport, AEO broker, flight to Frankfurt. */
const LEGS: ExportLegInput[] = [
  {
    activities: ['pickup'],
    partnerId: 'pearl-pickup',
    serviceId: 'pearl-pickup-sz',
    from: 'sr-shenzhen',
    to: 'hub-shenzhen',
  },
  {
    activities: ['hub-handling'],
    partnerId: 'nanling-logistics-centre',
    serviceId: 'nanling-hub',
    from: 'hub-shenzhen',
    to: 'hub-shenzhen',
  },
  {
    activities: ['domestic-linehaul'],
    partnerId: 'greatbay-trucking',
    serviceId: 'greatbay-prd-shuttle',
    from: 'hub-shenzhen',
    to: 'gw-szx',
  },
  {
    activities: ['export-clearance'],
    partnerId: 'shekou-customs-brokerage',
    serviceId: 'shekou-customs-brokerage-9610',
    from: 'gw-szx',
    to: 'gw-szx',
  },
  {
    activities: ['international-linehaul'],
    partnerId: 'pearl-river-cargo',
    serviceId: 'prc-szx-europe',
    from: 'gw-szx',
    to: 'gw-fra',
    cost: { amount: 3150, currency: 'CNY' as CurrencyCode },
    // Thursday 26 November 2026, 23:50 in Shenzhen
    departure: { departs: '2026-11-26T15:50:00.000Z', timezone: 'Asia/Shanghai' },
  },
  {
    activities: ['import-clearance'],
    partnerId: 'eurogate-customs',
    serviceId: 'eurogate-eu',
    from: 'gw-fra',
    to: 'gw-fra',
  },
  {
    activities: ['last-mile'],
    partnerId: 'europa-parcel',
    serviceId: 'europa-parcel-de',
    from: 'gw-fra',
    to: 'DE',
  },
];

const DECLARED_AT = Date.parse('2026-11-25T03:00:00Z');

function input9610(over: Partial<Build9610Input> = {}): Build9610Input {
  return {
    order: ORDER,
    route: resolveExportRoute(LEGS, network, setup)!,
    waybillNo: 'PRC-784-20261126-0001',
    seller: SELLER,
    codes,
    setup,
    declaredAtMs: DECLARED_AT,
    reference: 'shp_01kb0000000000000000000000',
    hs,
    ...over,
  };
}

const paths = (r: { issues: readonly { path: string }[] }) => r.issues.map((i) => i.path);
const issueAt = (
  r: { issues: readonly { path: string; message: string; problem: string }[] },
  path: string,
) => r.issues.find((i) => i.path === path);

describe('code lists and the export set-up', () => {
  it('parse the shipped files', () => {
    expect(codes.units.get('035')).toMatchObject({ zh: '千克', kind: 'mass' });
    expect(codes.units.get('015')?.zh).toBe('条');
    expect(codes.units.get('020')?.zh).toBe('片');
    expect(codes.units.get('054')?.zh).toBe('千个');
    expect(codes.countries.get('US')?.code).toBe('502');
    expect(codes.countries.get('SA')?.code).toBe('131');
    expect(codes.currencies.get('CNY')?.code).toBe('142');
    expect(codes.transportModes.get('5')?.transport).toBe('air');
    expect(legalUnitsFor(codes, '3926909090')).toMatchObject({ first: '035', second: null });
    expect(legalUnitsFor(codes, '8517130000')).toMatchObject({ first: '001' });
    expect(legalUnitsFor(codes, '9999999999')).toBeNull();
    expect(setup.gateways.get('gw-szx')).toMatchObject({
      declarationCustoms: '5317',
      exitCustoms: '5317',
    });
    expect(setup.partners.get('shekou-customs-brokerage')?.customsCode).toBe('4403980101');
  });

  it('hold a China customs code for every destination the demo network serves', () => {
    const destinations = new Set<string>();
    for (const s of network.services.values())
      for (const lane of s.lanes)
        for (const to of lane.to) if (/^[A-Z]{2}$/.test(to)) destinations.add(to);
    for (const l of network.locations.values()) if (l.country !== 'CN') destinations.add(l.country);
    const missing = [...destinations].filter((c) => !codes.countries.has(c));
    expect(missing).toEqual([]);
  });

  it('name the file, line, path and reason of each problem', () => {
    const bad = parseCnExportCodes({
      ...CODE_FILES,
      units: {
        path: 'cn-units.yaml',
        text: CODE_FILES.units.text
          .replace("code: '035', zh: 千克", "code: '35', zh: 千克")
          .replace(
            'first: \'001\', second: null, goods: "computers"',
            'first: \'999\', second: null, goods: "computers"',
          ),
      },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error[0]).toMatchObject({ file: 'cn-units.yaml', field: 'units[32].code' });
    expect(bad.error[0]!.message).toContain('3-digit');
    expect(bad.error[0]!.line).toBeGreaterThan(30);
  });

  it('refuse a set-up naming what the network does not have', () => {
    const text = file('customs/cn-export-network.yaml')
      .text.replace('  gw-pvg:\n', '  gw-xyz:\n')
      .replace('pearl-river-cargo: {', 'pearl-river-kargo: {');
    const r = parseCnExportSetup({ path: 'setup.yaml', text }, { network, codes });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((i) => i.field)).toEqual(['gateways.gw-xyz', 'partners.pearl-river-kargo']);
    expect(r.error[0]!.message).toBe('no location "gw-xyz" in the network');
  });
});

describe('which mode applies', () => {
  it('9610 for B2C parcels, 9710 for B2B orders, 9810 for stock to an overseas warehouse', () => {
    expect(exportModeFor({ kind: 'order' })).toBe('9610');
    expect(exportModeFor({ kind: 'order', b2b: true })).toBe('9710');
    expect(exportModeFor({ kind: 'warehouse-replenishment' })).toBe('9810');
  });

  it('no export route when the chain clears no export (goods from overseas stock)', () => {
    const legs: ExportLegInput[] = [
      {
        activities: ['warehouse-fulfilment'],
        partnerId: 'rhein-main-fulfilment',
        serviceId: 'x',
        from: 'wh-de-frankfurt',
        to: 'DE',
      },
    ];
    expect(resolveExportRoute(legs, network, setup)).toBeNull();
  });
});

describe('9610: a B2C parcel, filed before departure', () => {
  it('a demo order with a full seller profile and payment is complete', () => {
    const r = build9610(input9610());
    expect(r.issues).toEqual([]);
    expect(r.status).toBe('complete');
    expect(export9610Schema.parse(r.data)).toEqual(r.data);
    const d = r.data;
    expect(d.enterprises.ecommerce).toMatchObject({
      customsCode: '4403960ABC',
      name: SELLER.party.name,
      aeo: true,
    });
    expect(d.enterprises.platform).toMatchObject({ name: 'Amazon DE', customsCode: '4403960ABC' });
    expect(d.enterprises.payment.name).toBe('PingPong');
    expect(d.enterprises.logistics).toMatchObject({
      customsCode: '4403980201',
      partnerId: 'pearl-river-cargo',
    });
    expect(d.enterprises.declarant).toMatchObject({ customsCode: '4403980101', aeo: true });
    // the order list: 2 × USD 8.99 = USD 17.98
    expect(d.order.goodsValue).toEqual({ amount: 1798, currency: 'USD' });
    expect(d.order.currency).toEqual({ iso: 'USD', customsCode: '502' });
    expect(d.order.buyer).toEqual({
      name: 'Erika Mustermann',
      country: { iso2: 'DE', customsCode: '304', iso3: 'DEU' },
      address: 'Invalidenstraße 116, 10115, Berlin',
      phone: '+49 30 1234567',
    });
    // the receipt and the waybill
    expect(d.receipt).toMatchObject({
      transactionNo: 'PP20261125000123',
      paidAt: '2026-11-25T01:58:00.000Z',
    });
    expect(d.receipt.amount).toEqual({ amount: 1798, currency: 'USD' });
    expect(d.waybill).toEqual({
      waybillNo: 'PRC-784-20261126-0001',
      freight: { amount: 3150, currency: 'CNY' },
      insuredFee: { amount: 0, currency: 'USD' },
      packages: 1,
      grossWeightG: 450,
      goodsInfo: 'phone case',
    });
    // the export list: Shenzhen airport customs, air, arriving in Germany, leaving Thursday night local time
    expect(d.list.head).toMatchObject({
      declarationCustoms: '5317',
      exitCustoms: '5317',
      exitDate: '2026-11-26',
      tradeMode: '9610',
      transportMode: '5',
      arrivalCountry: { iso2: 'DE', customsCode: '304', iso3: 'DEU' },
      packages: 1,
      grossWeightG: 450,
      netWeightG: 400,
      grossWeightKg: '0.45',
      netWeightKg: '0.4',
      totalValue: { amount: 1798, currency: 'USD' },
      currency: { iso: 'USD', customsCode: '502' },
    });
    expect(d.list.head.portOfExit).toMatchObject({
      locationId: 'gw-szx',
      iata: 'SZX',
      country: 'CN',
    });
    expect(d.list.head.portOfDestination).toMatchObject({ locationId: 'gw-fra', iata: 'FRA' });
    // plastics are declared by the kilogram (legal unit 035), beside the 2 pieces (个) sold
    expect(d.list.items).toEqual([
      {
        seq: 1,
        itemNo: 'CASE-IP15-BLK',
        itemName: 'phone case',
        hsCode: '3926909090',
        name: 'phone case',
        model: 'phone case (CASE-IP15-BLK)',
        originCountry: { iso2: 'CN', customsCode: '142', iso3: 'CHN' },
        destinationCountry: { iso2: 'DE', customsCode: '304', iso3: 'DEU' },
        quantity: '2',
        unit: { code: '007', zh: '个' },
        legalQuantity: '0.4',
        legalUnit: { code: '035', zh: '千克' },
        secondQuantity: null,
        secondUnit: null,
        unitPrice: { amount: 899, currency: 'USD' },
        totalPrice: { amount: 1798, currency: 'USD' },
        currency: { iso: 'USD', customsCode: '502' },
        netWeightG: 400,
      },
    ]);
    // summed with the month's other lists by the 15th of December
    expect(d.consolidation).toEqual({
      method: '清单核放、汇总申报',
      key: {
        ecommerceCode: '4403960ABC',
        ownerCode: '4403960ABC',
        transportMode: '5',
        arrivalCountry: '304',
        exitCustoms: '5317',
      },
      dueBy: '2026-12-15',
    });
    expect(d.notes.some((n) => n.startsWith('order.freight'))).toBe(true);
  });

  it('garments: pieces (件) as declared and legal unit, kilograms as the second unit', () => {
    const order: ExportOrderInput = {
      ...ORDER,
      parcels: [
        {
          weightG: 700,
          items: [
            {
              ...ORDER.parcels[0]!.items[0]!,
              description: 'cotton T-shirt',
              hsCode: '6109100021',
              quantity: 3,
              weightG: 615,
            },
          ],
        },
      ],
    };
    const r = build9610(input9610({ order }));
    expect(r.status).toBe('complete');
    expect(r.data.list.items[0]).toMatchObject({
      quantity: '3',
      unit: { code: '011', zh: '件' },
      legalQuantity: '3',
      legalUnit: { code: '011' },
      secondQuantity: '0.615',
      secondUnit: { code: '035', zh: '千克' },
    });
  });

  const missing: [
    string,
    Partial<Build9610Input> | (() => Partial<Build9610Input>),
    string,
    RegExp,
  ][] = [
    [
      'no seller profile',
      { seller: null },
      'enterprises.ecommerce.name',
      /PUT \/v1\/seller\/profile/,
    ],
    [
      'the seller has no China customs code',
      { seller: { ...SELLER, exporter: { customsCode: null, creditCode: null, aeo: false } } },
      'enterprises.ecommerce.customsCode',
      /missing from the seller profile: set exporter.customsCode/,
    ],
    [
      'no payment',
      { order: { ...ORDER, payment: undefined } },
      'receipt.transactionNo',
      /payment\.transactionId/,
    ],
    [
      'no payment',
      { order: { ...ORDER, payment: undefined } },
      'enterprises.payment.name',
      /payment\.provider/,
    ],
    [
      'no time of payment',
      { order: { ...ORDER, payment: { ...ORDER.payment!, paidAtMs: undefined } } },
      'receipt.paidAt',
      /payment\.paidAt/,
    ],
    [
      'no platform',
      { order: { ...ORDER, platform: undefined } },
      'enterprises.platform.name',
      /platform/,
    ],
    [
      'line-haul not booked',
      { waybillNo: null },
      'waybill.waybillNo',
      /pearl-river-cargo has no booking reference/,
    ],
    [
      'no set-up: the partners have no codes',
      () => ({ setup: null, route: resolveExportRoute(LEGS, network, null)! }),
      'enterprises.logistics.customsCode',
      /partners\.pearl-river-cargo\.customsCode/,
    ],
    [
      'no set-up: the gateway is not configured',
      () => ({ setup: null, route: resolveExportRoute(LEGS, network, null)! }),
      'list.head.declarationCustoms',
      /gateway gw-szx is not in the export set-up/,
    ],
  ];
  it.each(missing)('%s → %s', (_what, over, path, reason) => {
    const r = build9610(input9610(typeof over === 'function' ? over() : over));
    expect(r.status).toBe('incomplete');
    const issue = issueAt(r, path);
    expect(issue, `${path} in ${paths(r).join(', ')}`).toBeDefined();
    expect(issue!.message).toMatch(reason);
  });

  it('a 6-digit HS code is accepted and reported as incomplete; pseudo and unknown codes are refused', () => {
    const withCode = (hsCode: string) =>
      build9610(
        input9610({
          order: {
            ...ORDER,
            parcels: [
              { ...ORDER.parcels[0]!, items: [{ ...ORDER.parcels[0]!.items[0]!, hsCode }] },
            ],
          },
        }),
      );
    const six = withCode('392690');
    expect(six.issues).toEqual([
      {
        path: 'list.items[0].hsCode',
        problem: 'incomplete',
        message:
          "商品编码 (commodity code): 392690 has 6 digits; China's export list needs the 10-digit commodity code: complete the national digits of the item's hsCode",
      },
    ]);
    expect(six.data.list.items[0]!.legalUnit.code).toBe('035');
    expect(withCode('39269090').issues[0]!.problem).toBe('incomplete');
    const pseudo = withCode('9999999999');
    expect(issueAt(pseudo, 'list.items[0].hsCode')).toMatchObject({ problem: 'invalid' });
    expect(issueAt(pseudo, 'list.items[0].hsCode')!.message).toContain('pseudo-code');
    const unknown = withCode('3926990000');
    expect(issueAt(unknown, 'list.items[0].hsCode')!.message).toContain(
      '392699 is not an HS 2022 subheading',
    );
    // without the nomenclature only the shape is checked
    expect(build9610({ ...input9610(), hs: undefined }).status).toBe('complete');
  });

  it('a destination, a currency or a unit the tables lack is named with its file', () => {
    const order: ExportOrderInput = {
      ...ORDER,
      buyer: { ...ORDER.buyer, country: 'KE' as CountryCode },
      parcels: [
        {
          weightG: 450,
          items: [
            {
              ...ORDER.parcels[0]!.items[0]!,
              unitValue: { amount: 4900, currency: 'BRL' as CurrencyCode },
            },
          ],
        },
      ],
    };
    const r = build9610(input9610({ order }));
    expect(issueAt(r, 'list.head.arrivalCountry.customsCode')!.message).toBe(
      '运抵国 (country of arrival): no China customs country code for KE in data/customs/cn-country-codes.yaml',
    );
    expect(paths(r)).toContain('list.items[0].destinationCountry.customsCode');
    expect(paths(r)).toContain('order.buyer.country.customsCode');
    expect(issueAt(r, 'list.head.currency.customsCode')!.message).toContain(
      'BRL has no China customs currency code',
    );
  });

  it('mixed currencies and items heavier than their parcel are invalid', () => {
    const item = ORDER.parcels[0]!.items[0]!;
    const order: ExportOrderInput = {
      ...ORDER,
      parcels: [
        {
          weightG: 450,
          items: [
            item,
            { ...item, unitValue: { amount: 500, currency: 'EUR' as CurrencyCode }, weightG: 300 },
          ],
        },
      ],
    };
    const r = build9610(input9610({ order }));
    expect(issueAt(r, 'list.items[].currency')!.message).toContain('priced in USD and EUR');
    expect(issueAt(r, 'list.head.netWeightG')).toMatchObject({ problem: 'invalid' });
    expect(issueAt(r, 'list.head.netWeightG')!.message).toContain(
      '700 g is more than the gross weight 450 g',
    );
  });

  it('a legal unit the order cannot measure asks for the legal quantity', () => {
    const metres = parseCnExportCodes({
      ...CODE_FILES,
      units: {
        ...CODE_FILES.units,
        text: CODE_FILES.units.text.replace(
          "- { hs: '3923',",
          "- { hs: '392690', first: '030', second: null, goods: \"test\", source: legal-units }\n  - { hs: '3923',",
        ),
      },
    });
    if (!metres.ok) throw new Error(JSON.stringify(metres.error));
    const r = build9610(input9610({ codes: metres.value }));
    expect(issueAt(r, 'list.items[0].legalQuantity')!.message).toContain(
      '030 米 cannot be derived',
    );
  });

  it('a gateway whose customs the operator has not set is incomplete, naming the key to set', () => {
    const legs = LEGS.map((l) =>
      l.activities.includes('export-clearance')
        ? { ...l, from: 'sea-yantian', to: 'sea-yantian' }
        : l.activities.includes('international-linehaul')
          ? {
              ...l,
              partnerId: 'south-china-ocean',
              serviceId: 'sco-sea-lcl',
              from: 'sea-yantian',
              to: 'sea-rotterdam',
            }
          : l,
    );
    const r = build9610(input9610({ route: resolveExportRoute(legs, network, setup)! }));
    expect(r.data.list.head.transportMode).toBe('2');
    expect(issueAt(r, 'list.head.exitCustoms')!.message).toBe(
      '出境关别 (exit customs): the customs code of gateway sea-yantian is not configured (null): set gateways.sea-yantian.exitCustoms in data/customs/cn-export-network.yaml',
    );
  });

  it('a postal bundle leaves by the gateway the set-up names, declared as post', () => {
    const legs: ExportLegInput[] = [
      {
        activities: [
          'pickup',
          'hub-handling',
          'export-clearance',
          'international-linehaul',
          'import-clearance',
          'last-mile',
        ],
        partnerId: 'red-lantern-post',
        serviceId: 'red-lantern-post-small-packet',
        from: 'sr-shenzhen',
        to: 'DE',
        cost: { amount: 2890, currency: 'CNY' as CurrencyCode },
        departure: { departs: '2026-11-25T10:00:00.000Z', timezone: 'Asia/Shanghai' },
      },
    ];
    const route = resolveExportRoute(legs, network, setup)!;
    expect(route.exitGateway?.id).toBe('gw-can');
    expect(route.departureAtMs).toBeNull();
    const r = build9610(input9610({ route, waybillNo: 'RR123456785CN' }));
    expect(r.issues).toEqual([]);
    expect(r.data.list.head).toMatchObject({
      transportMode: '6',
      exitCustoms: '5141',
      exitDate: null,
    });
    expect(r.data.list.head.portOfDestination.locationId).toBeNull();
    expect(r.data.enterprises.logistics.partnerId).toBe('red-lantern-post');
    expect(r.data.notes.some((n) => n.includes('邮件运输'))).toBe(true);
    expect(r.data.consolidation.dueBy).toBeNull();

    const unconfigured = resolveExportRoute(legs, network, { ...setup, bundles: new Map() })!;
    const u = build9610(input9610({ route: unconfigured, waybillNo: 'RR123456785CN' }));
    expect(issueAt(u, 'list.head.portOfExit.locationId')!.message).toContain(
      'set bundles.red-lantern-post-small-packet.exitGateway in data/customs/cn-export-network.yaml',
    );
  });

  it('goods trucked to Hong Kong airport leave China by road and arrive in Hong Kong', () => {
    const legs = LEGS.map((l) =>
      l.activities.includes('export-clearance')
        ? {
            ...l,
            partnerId: 'victoria-harbour-brokerage',
            serviceId: 'victoria-harbour-brokerage-9610',
            from: 'gw-hkg',
            to: 'gw-hkg',
          }
        : l.activities.includes('international-linehaul')
          ? {
              ...l,
              partnerId: 'harbour-air-freight',
              serviceId: 'haf-hkg-global',
              from: 'gw-hkg',
              to: 'gw-fra',
            }
          : l,
    );
    const r = build9610(input9610({ route: resolveExportRoute(legs, network, setup)! }));
    expect(r.status).toBe('complete');
    expect(r.data.list.head).toMatchObject({
      transportMode: '4',
      exitCustoms: '5301',
      arrivalCountry: { iso2: 'HK', customsCode: '110' },
    });
    expect(r.data.list.items[0]!.destinationCountry.iso2).toBe('DE');
  });

  it('the validator re-checks a stored data set', () => {
    const r = build9610(input9610());
    expect(validateExportDeclaration(r.data, { codes, setup, hs })).toEqual([]);
    const broken = {
      ...r.data,
      enterprises: {
        ...r.data.enterprises,
        ecommerce: { ...r.data.enterprises.ecommerce, customsCode: 'abc' },
      },
    };
    expect(validateExportDeclaration(broken, { codes, setup })).toEqual([
      {
        path: 'enterprises.ecommerce.customsCode',
        problem: 'invalid',
        message:
          '电商企业 (e-commerce enterprise): "abc" is not a 10-character China customs registration code',
      },
    ]);
  });
});

describe('9810: stock to an overseas warehouse', () => {
  const frankfurt = () => network.locations.get('wh-de-frankfurt')!;
  const replenishment = (over: Partial<Parameters<typeof build9810>[0]['replenishment']> = {}) => ({
    id: 'BOOK-FRA-2026-0042',
    items: [
      {
        description: 'phone case',
        hsCode: '3926909090',
        quantity: 1000,
        unitValue: { amount: 150, currency: USD },
        originCountry: 'CN' as CountryCode,
        weightG: 42_000,
        sku: 'CASE-IP15-BLK',
      },
    ],
    packages: 12,
    grossWeightG: 48_500,
    warehouse: frankfurt(),
    operator: { partnerId: 'rhein-main-fulfilment', name: 'Rhein-Main Fulfilment' },
    filingNo: 'HWC440300202600017',
    ...over,
  });
  const route = () => resolveExportRoute(LEGS.slice(2, 5), network, setup)!;

  it('1,000 cases worth USD 1,500 (RMB 10,650) go on a customs declaration form', () => {
    const r = build9810({
      replenishment: replenishment(),
      route: route(),
      seller: SELLER,
      codes,
      setup,
      declaredAtMs: DECLARED_AT,
      reference: 'BOOK-FRA-2026-0042',
      fx: network.fx,
      hs,
    });
    expect(r.issues).toEqual([]);
    expect(export9810Schema.parse(r.data)).toEqual(r.data);
    // USD 1,500.00 × 7.10 = CNY 10,650.00 > 5,000
    expect(r.data.valueCny).toEqual({ amount: 1_065_000, currency: 'CNY' });
    expect(r.data.channel).toBe('declaration-form');
    expect(r.data.booking.warehouse).toMatchObject({
      locationId: 'wh-de-frankfurt',
      country: { iso2: 'DE', customsCode: '304' },
      filingNo: 'HWC440300202600017',
    });
    expect(r.data.head).toMatchObject({
      tradeMode: '9810',
      arrivalCountry: { iso2: 'DE' },
      packages: 12,
      grossWeightKg: '48.5',
      netWeightKg: '42',
      totalValue: { amount: 150_000, currency: 'USD' },
    });
    expect(r.data.items[0]).toMatchObject({ legalQuantity: '42', quantity: '1000' });
  });

  it('the warehouse filing number and, on a declaration form, the exporter credit code are required', () => {
    const r = build9810({
      replenishment: replenishment({ filingNo: null }),
      route: route(),
      seller: { ...SELLER, exporter: { ...SELLER.exporter, creditCode: null } },
      codes,
      setup,
      declaredAtMs: DECLARED_AT,
      reference: 'BOOK-FRA-2026-0042',
      fx: network.fx,
    });
    expect(paths(r)).toEqual(['enterprises.exporter.creditCode', 'booking.warehouse.filingNo']);
    expect(issueAt(r, 'booking.warehouse.filingNo')!.message).toContain('海外仓备案编号');
  });

  it('a small replenishment goes on the export list; without FX the threshold cannot be checked', () => {
    const small = replenishment({
      items: [{ ...replenishment().items[0]!, quantity: 40, weightG: 1_680 }],
      packages: 1,
      grossWeightG: 2_000,
    });
    const base = {
      route: route(),
      seller: SELLER,
      codes,
      setup,
      declaredAtMs: DECLARED_AT,
      reference: 'B-1',
    };
    const r = build9810({ ...base, replenishment: small, fx: network.fx });
    expect(r.data).toMatchObject({
      channel: 'list',
      valueCny: { amount: 42_600, currency: 'CNY' },
    });
    expect(r.status).toBe('complete');
    const noFx = build9810({ ...base, replenishment: small });
    expect(paths(noFx)).toEqual(['valueCny']);
  });
});

describe('9710: a B2B order shipped straight to the buyer', () => {
  const b2bOrder: ExportOrderInput = {
    ...ORDER,
    id: 'PO-77310',
    buyer: { ...ORDER.buyer, name: 'Mustermann Handels GmbH' },
    platform: 'Alibaba.com',
    payment: undefined,
  };
  const base = () => ({
    order: b2bOrder,
    route: resolveExportRoute(LEGS, network, setup)!,
    seller: SELLER,
    codes,
    setup,
    declaredAtMs: DECLARED_AT,
    reference: 'shp_b2b',
    fx: network.fx,
    hs,
  });

  it('is complete with the buyer enterprise and the platform; no payment list is needed', () => {
    const r = build9710(base());
    expect(r.issues).toEqual([]);
    expect(export9710Schema.parse(r.data)).toEqual(r.data);
    expect(r.data).toMatchObject({
      mode: '9710',
      channel: 'list',
      valueCny: { amount: 12_766, currency: 'CNY' },
      order: {
        orderNo: 'PO-77310',
        platform: { name: 'Alibaba.com' },
        buyer: { name: 'Mustermann Handels GmbH' },
      },
    });
    expect(r.data.head.tradeMode).toBe('9710');
  });

  it('asks for the buyer enterprise and the platform', () => {
    const r = build9710({
      ...base(),
      order: { ...b2bOrder, buyer: { ...b2bOrder.buyer, name: undefined }, platform: undefined },
    });
    expect(paths(r)).toEqual(['order.platform.name', 'order.buyer.name']);
  });

  it('licensed goods go on a declaration form whatever their value', () => {
    expect(build9710({ ...base(), declarationForm: true }).data.channel).toBe('declaration-form');
  });
});

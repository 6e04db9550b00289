// Test fixtures for the documents area (used by its tests and by the shell's rendering tests).
import type { SellerProfile } from '../customs/index.ts';
import type { Order, OrderItem, OrderParcel } from '../planning/index.ts';
import type { CountryCode, CurrencyCode, Money } from '../shared/index.ts';
import { parseImporterReferences } from './importer-reference.ts';
import type { DocumentRules } from './invoice.ts';
import { parseSdrRates } from './sdr.ts';
import type { DocumentLeg, ParcelRecord, ShipmentFacts } from './types.ts';

export const usd = (amount: number): Money => ({ amount, currency: 'USD' as CurrencyCode });

/** IMF rates as in data/customs/sdr-rates.csv (a few rows). */
export const SDR_CSV = `date,currency,basis,rate,source
2025-10-20,CNY,units-per-sdr,9.72772,IMF Oct
2025-10-20,USD,units-per-sdr,1.36568,IMF Oct
2025-12-22,USD,sdr-per-unit,0.731435,IMF Dec
2025-12-22,EUR,sdr-per-unit,0.85907,IMF Dec
2025-12-22,GBP,sdr-per-unit,0.982866,IMF Dec
2025-12-22,JPY,sdr-per-unit,0.0046402,IMF Dec
2025-12-22,CNY,sdr-per-unit,0.103929,IMF Dec
2025-12-22,NOK,sdr-per-unit,0.0722669,IMF Dec
`;

export const IMPORTER_REFERENCES_CSV = `registration,label,destinations,ceiling,currency,per,bound,valid_from,valid_to,source
ioss,IOSS,EU,150,EUR,consignment,le,2021-07-01,,EU VAT e-commerce package
ukVat,UK VAT,GB,135,GBP,consignment,le,2021-01-01,,HMRC
noVoec,VOEC,NO,3000,NOK,item,lt,2020-04-01,,Skatteetaten
`;

export function testRules(): DocumentRules {
  const sdr = parseSdrRates(SDR_CSV);
  const refs = parseImporterReferences(IMPORTER_REFERENCES_CSV);
  if (!sdr.ok || !refs.ok) throw new Error('fixture rules do not parse');
  return { sdr: sdr.table, importerReferences: refs.rules };
}

export const SELLER: SellerProfile = {
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
    ukVat: 'GB123456789',
    auArn: null,
    noVoec: '1234567',
    eori: null,
    brRemessaConforme: false,
  },
  exporter: { customsCode: '4403960ABC', creditCode: '91440300MA5EXAMPL1', aeo: true },
};

export function item(over: Partial<OrderItem> = {}): OrderItem {
  return {
    description: 'phone case',
    hsCode: '392690',
    quantity: 1,
    unitValue: usd(899),
    originCountry: 'CN' as CountryCode,
    weightG: 300,
    sku: null,
    goods: [],
    ...over,
  };
}

export function orderParcel(items: readonly OrderItem[], weightG: number): OrderParcel {
  const currency = items[0]!.unitValue.currency;
  return {
    weightG,
    dims: { lengthMm: 200, widthMm: 150, heightMm: 40 },
    goods: [],
    declaredValue: {
      amount: items.reduce((s, i) => s + i.unitValue.amount * i.quantity, 0),
      currency,
    },
    items,
    pickupLocation: 'sr-shenzhen',
  };
}

export function order(parcels: readonly OrderParcel[], over: Partial<Order> = {}): Order {
  return {
    id: 'SELLER-1001',
    parcels,
    buyer: {
      country: 'DE' as CountryCode,
      postcode: '10115',
      city: 'Berlin',
      name: 'Erika Mustermann',
      addressLines: ['Invalidenstraße 117'],
      phone: '+49 30 1234567',
      email: 'erika@example.de',
    },
    requirement: { kind: 'tier', tier: 'economy' },
    incoterm: 'DAP',
    orderedAtMs: Date.parse('2025-12-22T02:00:00Z'),
    ...over,
  };
}

function leg(over: Partial<DocumentLeg> & Pick<DocumentLeg, 'seq' | 'serviceId'>): DocumentLeg {
  return {
    serviceName: over.serviceId,
    partnerId: 'p',
    partnerName: 'Partner',
    partnerKind: null,
    partnerCountry: 'CN' as CountryCode,
    mode: null,
    activities: [],
    tracking: 'full',
    from: 'sr-shenzhen',
    to: 'buyer:DE:10115',
    fromName: 'Shenzhen sellers',
    toName: 'buyer:DE:10115',
    cost: { amount: 4289, currency: 'CNY' as CurrencyCode },
    departsAtMs: null,
    ...over,
  };
}

/** The postal chain the demo network plans for a light DAP parcel: one post's tracked packet. */
export const POSTAL_LEGS: readonly DocumentLeg[] = [
  leg({
    seq: 0,
    serviceId: 'merlion-post-tracked',
    serviceName: 'Tracked packet (ePacket-like, up to 2 kg)',
    partnerId: 'merlion-post',
    partnerName: 'Merlion Post',
    partnerKind: 'postal-operator',
    partnerCountry: 'SG' as CountryCode,
    mode: 'postal',
    activities: ['pickup', 'hub-handling', 'export-clearance', 'international-linehaul'],
    tracking: 'full',
    departsAtMs: Date.parse('2025-12-22T09:00:00Z'),
  }),
];

/** A value chain: pickup, line-haul by air, last mile by a parcel carrier. */
export const CHAIN_LEGS: readonly DocumentLeg[] = [
  leg({
    seq: 0,
    serviceId: 'lingnan-collect-evening',
    serviceName: 'Evening collection',
    partnerId: 'lingnan-collect',
    partnerName: 'Lingnan Collect',
    partnerKind: 'pickup-fleet',
    activities: ['pickup'],
  }),
  leg({
    seq: 1,
    serviceId: 'prc-szx-europe',
    serviceName: 'Shenzhen–Europe air consolidation',
    partnerId: 'pearl-river-cargo',
    partnerName: 'Pearl River Cargo',
    partnerKind: 'freight-forwarder',
    activities: ['international-linehaul'],
    departsAtMs: Date.parse('2025-12-23T14:00:00Z'),
  }),
  leg({
    seq: 2,
    serviceId: 'europa-domestic',
    serviceName: 'Domestic parcel',
    partnerId: 'europa-parcel',
    partnerName: 'Europa Parcel',
    partnerKind: 'last-mile-carrier',
    partnerCountry: 'DE' as CountryCode,
    activities: ['last-mile'],
  }),
];

export function records(o: Order, s10s: readonly (string | null)[] = []): ParcelRecord[] {
  return o.parcels.map((p, seq) => {
    const id = `prc_01kb0000000000000000000${String(seq).padStart(3, '0')}`;
    const s10 = s10s[seq] ?? null;
    return { id, seq, weightG: p.weightG, trackingNumber: s10 ?? id, s10 };
  });
}

export function facts(over: Partial<ShipmentFacts> & { order: Order }): ShipmentFacts {
  return {
    shipmentId: 'shp_01kb0000000000000000000001',
    orderId: 'ord_01kb0000000000000000000001',
    orderRef: over.order.id,
    legs: POSTAL_LEGS,
    parcels: records(over.order),
    seller: SELLER,
    issuedAtMs: Date.parse('2025-12-22T02:00:00Z'),
    timezone: 'Asia/Shanghai',
    ...over,
  };
}

import { describe, expect, it } from 'vitest';
import type { Location } from '../network/index.ts';
import type { InputIssue } from '../shared/index.ts';
import { orderFromCsvRow, orderFromJson, type OrderDefaults } from './order-input.ts';
import { days, location, network, service } from './test-network.ts';

const city = (loc: Location, name: string): Location => ({ ...loc, city: name });

const NET = network(
  [
    city(location('cn-szx-sup', 'supplier-region', 'CN', 'Asia/Shanghai'), 'Shenzhen'),
    city(location('cn-yiw-sup', 'supplier-region', 'CN', 'Asia/Shanghai'), 'Yiwu'),
    city(location('cn-hub', 'hub', 'CN', 'Asia/Shanghai'), 'Dongguan'),
    location('us-zone', 'delivery-zone', 'US', 'America/New_York'),
  ],
  [
    service({
      id: 'post',
      partnerId: 'p',
      activities: ['pickup'],
      from: ['cn-szx-sup'],
      to: ['cn-hub'],
      feeYuan: 1,
      transit: days(0, 1, 1, 1),
      rateCountries: ['CN'],
    }),
  ],
);

const DEFAULTS: OrderDefaults = {
  tier: 'standard',
  orderedAtMs: Date.parse('2026-11-25T02:00:00Z'),
  incoterm: 'DDP',
};

const GOOD_ROW: Record<string, string> = {
  order_id: 'ORD-1',
  pickup_city: 'shenzhen',
  destination_country: 'us',
  destination_postcode: '10001',
  weight_g: '1200',
  length_mm: '250',
  width_mm: '180',
  height_mm: '80',
  declared_value: '33.33',
  currency: 'usd',
  hs_code: '8507.60',
  goods_flags: 'battery; magnet',
  deliver_within_days: '',
};

function csv(overrides: Record<string, string>, line = 7) {
  return orderFromCsvRow({ ...GOOD_ROW, ...overrides }, line, NET, DEFAULTS);
}

function issuesOf(overrides: Record<string, string>, line = 7): InputIssue[] {
  const r = csv(overrides, line);
  if (r.ok) throw new Error(`expected issues for ${JSON.stringify(overrides)}`);
  return r.issues;
}

/** Exactly one issue, on the line and field given, whose reason names `mentions`. */
function expectOneIssue(
  overrides: Record<string, string>,
  field: string,
  mentions: string | RegExp,
): void {
  const issues = issuesOf(overrides);
  expect(issues).toHaveLength(1);
  expect(issues[0]).toMatchObject({ line: 7, field });
  if (typeof mentions === 'string') expect(issues[0]!.message).toContain(mentions);
  else expect(issues[0]!.message).toMatch(mentions);
}

describe('orderFromCsvRow on a valid row', () => {
  it('builds every field of the order', () => {
    const r = csv({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.order).toEqual({
      id: 'ORD-1',
      parcels: [
        {
          weightG: 1200,
          dims: { lengthMm: 250, widthMm: 180, heightMm: 80 },
          goods: ['battery-in-equipment', 'magnet'],
          declaredValue: { amount: 3333, currency: 'USD' },
          items: [
            {
              description: 'HS 850760',
              hsCode: '850760',
              quantity: 1,
              unitValue: { amount: 3333, currency: 'USD' },
              originCountry: 'CN',
              weightG: 1200,
              sku: null,
              goods: ['battery-in-equipment', 'magnet'],
            },
          ],
          pickupLocation: 'cn-szx-sup',
        },
      ],
      buyer: { country: 'US', postcode: '10001', city: undefined },
      requirement: { kind: 'tier', tier: 'standard' },
      incoterm: 'DDP',
      orderedAtMs: DEFAULTS.orderedAtMs,
    });
  });

  it('takes deliver_within_days, tier, incoterm, ordered_at, sku, description and city when given', () => {
    const r = csv({
      deliver_within_days: '10',
      tier: 'Express',
      incoterm: 'dap',
      ordered_at: '2026-12-01T09:30:00+08:00',
      sku: 'SKU-1',
      description: 'power bank',
      destination_city: 'New York',
      pickup_city: 'cn-yiw-sup',
      length_mm: '',
      width_mm: '',
      height_mm: '',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const o = r.order;
    expect(o.requirement).toEqual({ kind: 'within', days: 10, tier: 'express' });
    expect(o.incoterm).toBe('DAP');
    expect(o.orderedAtMs).toBe(Date.parse('2026-12-01T01:30:00Z'));
    expect(o.buyer.city).toBe('New York');
    expect(o.parcels[0]!.pickupLocation).toBe('cn-yiw-sup');
    expect(o.parcels[0]!.dims).toBeUndefined();
    expect(o.parcels[0]!.items[0]).toMatchObject({ sku: 'SKU-1', description: 'power bank' });
  });

  it('matches a pickup city whatever its case, and a location id', () => {
    for (const name of ['SHENZHEN', 'Shenzhen', ' shenzhen ', 'cn-szx-sup']) {
      const r = csv({ pickup_city: name });
      expect(r.ok && r.order.parcels[0]!.pickupLocation).toBe('cn-szx-sup');
    }
  });

  it('takes a JPY value in whole yen', () => {
    const r = csv({ declared_value: '1500', currency: 'JPY' });
    expect(r.ok && r.order.parcels[0]!.declaredValue).toEqual({ amount: 1500, currency: 'JPY' });
  });
});

describe('orderFromCsvRow on a bad field', () => {
  it('an unknown pickup city, or a place that is not a supplier region', () => {
    expectOneIssue({ pickup_city: 'Atlantis' }, 'pickup_city', '"Atlantis"');
    expectOneIssue({ pickup_city: 'Dongguan' }, 'pickup_city', '"Dongguan"');
    expectOneIssue({ pickup_city: '' }, 'pickup_city', '""');
  });

  it('a destination that is not a country, or is the origin', () => {
    expectOneIssue({ destination_country: 'XX' }, 'destination_country', '"XX"');
    expectOneIssue({ destination_country: 'USA' }, 'destination_country', '"USA"');
    expectOneIssue({ destination_country: 'CN' }, 'destination_country', /CN is the origin/);
    expectOneIssue({ destination_country: 'cn' }, 'destination_country', /CN is the origin/);
  });

  it('a weight that is zero, negative, too large or not whole', () => {
    expectOneIssue({ weight_g: '0' }, 'weight_g', '0 g');
    expectOneIssue({ weight_g: '-5' }, 'weight_g', '-5 g');
    expectOneIssue({ weight_g: '2000000' }, 'weight_g', '2000000 g');
    expectOneIssue({ weight_g: '1.5' }, 'weight_g', '"1.5"');
    expectOneIssue({ weight_g: '' }, 'weight_g', 'is empty');
  });

  it('dimensions given in part', () => {
    expectOneIssue({ height_mm: '' }, 'length_mm', /all three/);
    expectOneIssue({ width_mm: '', height_mm: '' }, 'length_mm', /all three/);
    expectOneIssue({ width_mm: '0' }, 'width_mm', '0 mm');
  });

  it('a declared value with a comma, a sign or too many decimals', () => {
    expectOneIssue({ declared_value: '12,50' }, 'declared_value', '"12,50"');
    expectOneIssue({ declared_value: '-1' }, 'declared_value', '"-1"');
    expectOneIssue({ declared_value: '1.234' }, 'declared_value', '"1.234"');
    expectOneIssue({ declared_value: '1.5', currency: 'JPY' }, 'declared_value', '"1.5"');
    expectOneIssue({ declared_value: '' }, 'declared_value', '""');
  });

  it('an unknown currency', () => {
    expectOneIssue({ currency: 'XYZ' }, 'currency', '"XYZ"');
    expectOneIssue({ currency: 'dollars' }, 'currency', '"dollars"');
  });

  it('an HS code that is not 6, 8 or 10 digits', () => {
    expectOneIssue({ hs_code: '39' }, 'hs_code', '"39"');
    expectOneIssue({ hs_code: '1234567' }, 'hs_code', '"1234567"');
    expectOneIssue({ hs_code: '39AB90' }, 'hs_code', '"39AB90"');
  });

  it('an unknown goods flag', () => {
    expectOneIssue({ goods_flags: 'liquid;explosive' }, 'goods_flags', '"explosive"');
  });

  it('deliver_within_days out of range or not whole', () => {
    expectOneIssue({ deliver_within_days: '0' }, 'deliver_within_days', '0 days');
    expectOneIssue({ deliver_within_days: '500' }, 'deliver_within_days', '500 days');
    expectOneIssue({ deliver_within_days: 'soon' }, 'deliver_within_days', '"soon"');
  });

  it('a bad tier or incoterm', () => {
    expectOneIssue({ tier: 'overnight' }, 'tier', '"overnight"');
    expectOneIssue({ incoterm: 'EXW' }, 'incoterm', '"EXW"');
  });

  it('ordered_at without an offset, not ISO 8601, or a day that does not exist', () => {
    expectOneIssue({ ordered_at: '2026-11-25T10:00:00' }, 'ordered_at', '"2026-11-25T10:00:00"');
    expectOneIssue({ ordered_at: '2026-11-25' }, 'ordered_at', '"2026-11-25"');
    expectOneIssue({ ordered_at: 'Nov 25 2026 10:00 +08:00' }, 'ordered_at', '"Nov 25 2026');
    expectOneIssue({ ordered_at: '2026-02-30T10:00:00Z' }, 'ordered_at', '"2026-02-30T10:00:00Z"');
    expectOneIssue({ ordered_at: '2026-11-25T24:30:00Z' }, 'ordered_at', '"2026-11-25T24:30:00Z"');
  });

  it('reports every bad field of one row, each on the row’s line', () => {
    const issues = issuesOf(
      {
        order_id: '',
        pickup_city: 'Atlantis',
        destination_country: 'CN',
        weight_g: '0',
        declared_value: '12,50',
        hs_code: '39',
        goods_flags: 'explosive',
        deliver_within_days: '500',
        tier: 'overnight',
        incoterm: 'EXW',
        ordered_at: '2026-11-25T10:00:00',
      },
      42,
    );
    expect(issues.map((i) => i.field).sort()).toEqual(
      [
        'order_id',
        'pickup_city',
        'destination_country',
        'weight_g',
        'declared_value',
        'hs_code',
        'goods_flags',
        'deliver_within_days',
        'tier',
        'incoterm',
        'ordered_at',
      ].sort(),
    );
    expect(issues.every((i) => i.line === 42)).toBe(true);
  });
});

const JSON_ORDER = {
  id: 'ORD-J',
  orderedAt: '2026-11-25T10:00:00+08:00',
  tier: 'express',
  deliverWithinDays: 8,
  incoterm: 'DAP',
  buyer: { country: 'US', postcode: '10001', city: 'New York' },
  parcels: [
    {
      pickup: 'Shenzhen',
      weightG: 1200,
      dims: { lengthMm: 250, widthMm: 180, heightMm: 80 },
      goods: ['battery'],
      items: [
        {
          description: 'power bank',
          hsCode: '850760',
          quantity: 2,
          unitValue: { amount: 2599, currency: 'USD' },
          originCountry: 'CN',
          weightG: 500,
          sku: 'SKU-PB',
        },
        {
          description: 'cable',
          hsCode: '854442',
          quantity: 3,
          unitValue: { amount: 150, currency: 'USD' },
          originCountry: 'CN',
          weightG: 50,
          goods: ['magnet'],
        },
      ],
    },
    {
      pickup: 'cn-yiw-sup',
      weightG: 300,
      items: [
        {
          description: 'scarf',
          hsCode: '621410',
          quantity: 1,
          unitValue: { amount: 1000, currency: 'EUR' },
          originCountry: 'CN',
          weightG: 300,
        },
      ],
    },
  ],
};

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('orderFromJson', () => {
  it('a multi-parcel, multi-supplier order with items: declared value = Σ quantity × unit value', () => {
    const r = orderFromJson(JSON_ORDER, 3, NET, DEFAULTS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const o = r.order;
    expect(o.id).toBe('ORD-J');
    expect(o.orderedAtMs).toBe(Date.parse('2026-11-25T02:00:00Z'));
    expect(o.requirement).toEqual({ kind: 'within', days: 8, tier: 'express' });
    expect(o.incoterm).toBe('DAP');
    expect(o.buyer).toEqual({ country: 'US', postcode: '10001', city: 'New York' });
    expect(o.parcels).toHaveLength(2);
    const [a, b] = o.parcels as [(typeof o.parcels)[0], (typeof o.parcels)[0]];
    expect(a.pickupLocation).toBe('cn-szx-sup');
    expect(a.declaredValue).toEqual({ amount: 2 * 2599 + 3 * 150, currency: 'USD' });
    expect(a.goods).toEqual(['battery-in-equipment', 'magnet']);
    expect(a.dims).toEqual({ lengthMm: 250, widthMm: 180, heightMm: 80 });
    expect(a.items.map((i) => [i.sku, i.quantity, i.goods])).toEqual([
      ['SKU-PB', 2, []],
      [null, 3, ['magnet']],
    ]);
    expect(b.pickupLocation).toBe('cn-yiw-sup');
    expect(b.declaredValue).toEqual({ amount: 1000, currency: 'EUR' });
    expect(b.dims).toBeUndefined();
    expect(b.goods).toEqual([]);
  });

  it('falls back to the defaults for tier, incoterm and order time', () => {
    const o = clone(JSON_ORDER) as Record<string, unknown>;
    delete o.tier;
    delete o.deliverWithinDays;
    delete o.incoterm;
    delete o.orderedAt;
    const r = orderFromJson(o, 1, NET, DEFAULTS);
    expect(r.ok && r.order.requirement).toEqual({ kind: 'tier', tier: 'standard' });
    expect(r.ok && r.order.incoterm).toBe('DDP');
    expect(r.ok && r.order.orderedAtMs).toBe(DEFAULTS.orderedAtMs);
  });

  it('schema errors carry the path of the bad value', () => {
    const o = clone(JSON_ORDER);
    (o.parcels[0] as Record<string, unknown>).weightG = 0;
    (o.parcels[0]!.items[1] as Record<string, unknown>).hsCode = '39';
    (o.parcels[1] as Record<string, unknown>).colour = 'red';
    (o as Record<string, unknown>).tier = 'overnight';
    const r = orderFromJson(o, 5, NET, DEFAULTS);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.issues.map((i) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining(['parcels.0.weightG', 'parcels.0.items.1.hsCode', 'tier']),
    );
    expect(r.issues.find((i) => i.field === 'parcels.1' || /colour/.test(i.message))).toBeDefined();
    expect(r.issues.every((i) => i.line === 5)).toBe(true);
  });

  it('a missing field and an empty parcel list are schema errors', () => {
    const noId = clone(JSON_ORDER) as Record<string, unknown>;
    delete noId.id;
    const r1 = orderFromJson(noId, 1, NET, DEFAULTS);
    expect(!r1.ok && r1.issues.map((i) => i.field)).toEqual(['id']);
    const r2 = orderFromJson({ ...JSON_ORDER, parcels: [] }, 1, NET, DEFAULTS);
    expect(!r2.ok && r2.issues.map((i) => i.field)).toEqual(['parcels']);
    const r3 = orderFromJson('not an order', 1, NET, DEFAULTS);
    expect(r3.ok).toBe(false);
  });

  it('checks codes, places, goods, currencies and times past the schema, with paths', () => {
    const o = clone(JSON_ORDER);
    o.buyer.country = 'XX';
    o.parcels[0]!.pickup = 'Atlantis';
    o.parcels[0]!.goods = ['explosive'];
    o.parcels[0]!.items[1]!.unitValue.currency = 'CNY';
    o.parcels[1]!.items[0]!.unitValue.currency = 'XYZ';
    o.orderedAt = '2026-11-25T10:00:00';
    const r = orderFromJson(o, 2, NET, DEFAULTS);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = new Map(r.issues.map((i) => [i.field, i.message]));
    expect(byField.get('buyer.country')).toContain('"XX"');
    expect(byField.get('parcels.0.pickup')).toContain('"Atlantis"');
    expect(byField.get('parcels.0.goods')).toContain('"explosive"');
    expect(byField.get('parcels.0.items.1.unitValue.currency')).toMatch(/one currency \(USD\)/);
    expect(byField.get('parcels.1.items.0.unitValue.currency')).toContain('"XYZ"');
    expect(byField.get('orderedAt')).toContain('"2026-11-25T10:00:00"');
  });

  it('refuses an order time on a day that does not exist', () => {
    const r = orderFromJson({ ...JSON_ORDER, orderedAt: '2026-02-30T10:00:00Z' }, 1, NET, DEFAULTS);
    expect(!r.ok && r.issues.map((i) => i.field)).toEqual(['orderedAt']);
  });
});

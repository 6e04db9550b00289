import { z } from 'zod';
import type { Incoterm, Network } from '../network/index.ts';
import { GOODS_FLAGS, type GoodsFlag } from '../rating/index.ts';
import {
  type CountryCode,
  type CurrencyCode,
  currencyMinorDigits,
  type InputIssue,
  isCountryCode,
  isCurrencyCode,
  majorTextToExactMinor,
  parseDateOrInstant,
} from '../shared/index.ts';
import { type Order, type OrderItem, type OrderParcel, TIERS, type Tier } from './types.ts';

/** The planner's CSV contract: these columns at least; `tier`, `incoterm`, `ordered_at`, `sku`, `description`, `destination_city` may follow. */
export const ORDER_CSV_COLUMNS = [
  'order_id',
  'pickup_city',
  'destination_country',
  'destination_postcode',
  'weight_g',
  'length_mm',
  'width_mm',
  'height_mm',
  'declared_value',
  'currency',
  'hs_code',
  'goods_flags',
  'deliver_within_days',
] as const;

export const MAX_ORDER_WEIGHT_G = 1_000_000;
export const MAX_SIDE_MM = 20_000;
export const MAX_WITHIN_DAYS = 120;

export interface OrderDefaults {
  readonly tier: Tier;
  readonly orderedAtMs: number;
  readonly incoterm: Incoterm;
}

export type OrderResult =
  | { readonly ok: true; readonly order: Order }
  | { readonly ok: false; readonly issues: InputIssue[] };

/** "battery" is what sellers write; it means a lithium battery inside the equipment (UN3481 Section II). */
const GOODS_ALIASES: Readonly<Record<string, GoodsFlag>> = {
  battery: 'battery-in-equipment',
  batteries: 'battery-in-equipment',
};

export function parseGoodsFlags(text: string): { flags: GoodsFlag[] } | { error: string } {
  const flags: GoodsFlag[] = [];
  for (const raw of text.split(';')) {
    const word = raw.trim().toLowerCase();
    if (word === '') continue;
    const flag =
      GOODS_ALIASES[word] ??
      ((GOODS_FLAGS as readonly string[]).includes(word) ? (word as GoodsFlag) : undefined);
    if (!flag)
      return {
        error: `"${raw.trim()}" is not a goods flag (${GOODS_FLAGS.join(', ')}, or battery)`,
      };
    if (!flags.includes(flag)) flags.push(flag);
  }
  return { flags };
}

/** The supplier-region location of a pickup city or location id, matched without regard to case. */
export function pickupLocationFor(network: Network, cityOrId: string): string | undefined {
  const wanted = cityOrId.trim().toLowerCase();
  if (wanted === '') return undefined;
  const direct = network.locations.get(cityOrId.trim());
  if (direct?.kind === 'supplier-region') return direct.id;
  for (const loc of [...network.locations.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (loc.kind === 'supplier-region' && (loc.city ?? '').toLowerCase() === wanted) return loc.id;
  }
  return undefined;
}

/** An ISO 8601 instant with an offset (`…Z`, `…+08:00`) on a day and at a time that exist; a bare date is not one. */
function instantWithOffset(text: string): number | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? undefined : parseDateOrInstant(text, 'UTC');
}

const HS_SHAPE = /^\d{6}(\d{2}){0,2}$/;

/** One CSV row (fields keyed by lower-cased header) to a single-parcel order, or every problem of the row. */
export function orderFromCsvRow(
  fields: Readonly<Record<string, string>>,
  line: number,
  network: Network,
  defaults: OrderDefaults,
): OrderResult {
  const issues: InputIssue[] = [];
  const fail = (field: string, message: string) => {
    issues.push({ line, field, message });
    return undefined;
  };
  const text = (f: string) => (fields[f] ?? '').trim();
  const whole = (
    f: string,
    min: number,
    max: number,
    unit: string,
    optional = false,
  ): number | undefined => {
    const raw = text(f);
    if (raw === '') return optional ? undefined : fail(f, `is empty; expected whole ${unit}`);
    if (!/^-?\d+$/.test(raw)) return fail(f, `"${raw}" is not a whole number of ${unit}`);
    const v = Number(raw);
    if (v < min || v > max) return fail(f, `${v} ${unit} is outside ${min}–${max} ${unit}`);
    return v;
  };

  const id = text('order_id');
  if (id === '') fail('order_id', 'is empty');
  const pickupText = text('pickup_city');
  const pickup = pickupLocationFor(network, pickupText);
  if (!pickup) {
    fail(
      'pickup_city',
      `"${pickupText}" is not a supplier region of network ${network.id} (${[
        ...network.locations.values(),
      ]
        .filter((l) => l.kind === 'supplier-region')
        .map((l) => l.city ?? l.id)
        .join(', ')})`,
    );
  }
  const country = text('destination_country').toUpperCase();
  if (!isCountryCode(country))
    fail(
      'destination_country',
      `"${text('destination_country')}" is not an ISO 3166-1 alpha-2 country code`,
    );
  else if (country === network.originCountry)
    fail('destination_country', `${country} is the origin country: Silkline plans exports`);
  const weightG = whole('weight_g', 1, MAX_ORDER_WEIGHT_G, 'g');
  const sides = (['length_mm', 'width_mm', 'height_mm'] as const).map((f) =>
    whole(f, 1, MAX_SIDE_MM, 'mm', true),
  );
  const given = sides.filter((s) => s !== undefined).length;
  if (given !== 0 && given !== 3 && issues.every((i) => !i.field?.endsWith('_mm'))) {
    fail('length_mm', 'give all three of length_mm, width_mm and height_mm, or none');
  }
  const currencyText = text('currency').toUpperCase();
  let declared: { amount: number; currency: CurrencyCode } | undefined;
  if (!isCurrencyCode(currencyText))
    fail('currency', `"${text('currency')}" is not an ISO 4217 currency code`);
  else {
    const exact = majorTextToExactMinor(text('declared_value'), currencyText);
    if (!exact)
      fail('declared_value', `"${text('declared_value')}" is not a decimal amount such as 33.33`);
    else if (exact.n < 0n)
      fail('declared_value', `"${text('declared_value')}" must not be negative`);
    else if (exact.n % exact.d !== 0n)
      fail(
        'declared_value',
        `"${text('declared_value')}" has more decimals than ${currencyText} allows (${currencyMinorDigits(currencyText)})`,
      );
    else declared = { amount: Number(exact.n / exact.d), currency: currencyText };
  }
  const hs = text('hs_code').replace(/\./g, '');
  if (!HS_SHAPE.test(hs))
    fail('hs_code', `"${text('hs_code')}" is not an HS code of 6, 8 or 10 digits`);
  const goods = parseGoodsFlags(text('goods_flags'));
  if ('error' in goods) fail('goods_flags', goods.error);
  const within = whole('deliver_within_days', 1, MAX_WITHIN_DAYS, 'days', true);
  let tier = defaults.tier;
  if (text('tier') !== '') {
    if ((TIERS as readonly string[]).includes(text('tier').toLowerCase()))
      tier = text('tier').toLowerCase() as Tier;
    else fail('tier', `"${text('tier')}" is not one of ${TIERS.join(', ')}`);
  }
  let incoterm = defaults.incoterm;
  if (text('incoterm') !== '') {
    const inc = text('incoterm').toUpperCase();
    if (inc === 'DDP' || inc === 'DAP') incoterm = inc;
    else fail('incoterm', `"${text('incoterm')}" is not DDP or DAP`);
  }
  let orderedAtMs = defaults.orderedAtMs;
  if (text('ordered_at') !== '') {
    const raw = text('ordered_at');
    const ms = instantWithOffset(raw);
    if (ms === undefined) fail('ordered_at', `"${raw}" is not an ISO 8601 instant with an offset`);
    else orderedAtMs = ms;
  }
  if (issues.length > 0 || !pickup || !declared || weightG === undefined || 'error' in goods)
    return { ok: false, issues };
  const dims =
    given === 3 ? { lengthMm: sides[0]!, widthMm: sides[1]!, heightMm: sides[2]! } : undefined;
  const item: OrderItem = {
    description: text('description') || `HS ${hs}`,
    hsCode: hs,
    quantity: 1,
    unitValue: declared,
    originCountry: network.originCountry,
    weightG,
    sku: text('sku') || null,
    goods: goods.flags,
  };
  const parcel: OrderParcel = {
    weightG,
    dims,
    goods: goods.flags,
    declaredValue: declared,
    items: [item],
    pickupLocation: pickup,
  };
  return {
    ok: true,
    order: {
      id,
      parcels: [parcel],
      buyer: {
        country: country as CountryCode,
        postcode: text('destination_postcode') || undefined,
        city: text('destination_city') || undefined,
      },
      requirement:
        within !== undefined ? { kind: 'within', days: within, tier } : { kind: 'tier', tier },
      incoterm,
      orderedAtMs,
    },
  };
}

const moneySchema = z.strictObject({
  amount: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
const itemSchema = z.strictObject({
  description: z.string().min(1),
  hsCode: z.string().regex(HS_SHAPE, 'must be an HS code of 6, 8 or 10 digits'),
  quantity: z.number().int().min(1).max(100_000),
  unitValue: moneySchema.describe('integer minor units'),
  originCountry: z.string().regex(/^[A-Z]{2}$/),
  weightG: z
    .number()
    .int()
    .min(1)
    .max(MAX_ORDER_WEIGHT_G)
    .describe('net weight of the item line (all its units), grams'),
  sku: z.string().min(1).optional(),
  goods: z.array(z.string()).default([]),
});
const parcelSchema = z.strictObject({
  pickup: z.string().min(1).describe('supplier-region location id or city'),
  weightG: z.number().int().min(1).max(MAX_ORDER_WEIGHT_G),
  dims: z
    .strictObject({
      lengthMm: z.number().int().min(1).max(MAX_SIDE_MM),
      widthMm: z.number().int().min(1).max(MAX_SIDE_MM),
      heightMm: z.number().int().min(1).max(MAX_SIDE_MM),
    })
    .optional(),
  goods: z.array(z.string()).default([]),
  items: z.array(itemSchema).min(1),
});
export const orderJsonSchema = z.strictObject({
  id: z.string().min(1),
  orderedAt: z.string().optional(),
  buyer: z.strictObject({
    country: z.string(),
    postcode: z.string().optional(),
    city: z.string().optional(),
    region: z
      .string()
      .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 subdivision code, e.g. CA-ON')
      .optional(),
    name: z.string().trim().min(1).max(200).optional(),
    addressLines: z.array(z.string().trim().min(1).max(200)).min(1).max(3).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{5,25}$/, 'must be a phone number')
      .optional(),
    email: z.string().email().max(200).optional(),
  }),
  tier: z.enum(TIERS).optional(),
  deliverWithinDays: z.number().int().min(1).max(MAX_WITHIN_DAYS).optional(),
  incoterm: z.enum(['DDP', 'DAP']).default('DDP'),
  parcels: z.array(parcelSchema).min(1).max(100),
  payment: z
    .strictObject({
      provider: z.string().trim().min(1).max(100),
      transactionId: z.string().trim().min(1).max(100),
      paidAt: z.string().optional(),
    })
    .optional(),
  platform: z.string().trim().min(1).max(100).optional(),
});

/** One JSON order (the full model: several parcels, items, suppliers) to an Order, or every problem with its path. */
export function orderFromJson(
  value: unknown,
  line: number,
  network: Network,
  defaults: OrderDefaults,
): OrderResult {
  const parsed = orderJsonSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        line,
        field: i.path.map(String).join('.') || undefined,
        message: i.message,
      })),
    };
  }
  const o = parsed.data;
  const issues: InputIssue[] = [];
  const fail = (field: string, message: string) => issues.push({ line, field, message });
  if (!isCountryCode(o.buyer.country))
    fail('buyer.country', `"${o.buyer.country}" is not an ISO 3166-1 alpha-2 country code`);
  else if (o.buyer.region !== undefined && !o.buyer.region.startsWith(`${o.buyer.country}-`))
    fail('buyer.region', `"${o.buyer.region}" is not a subdivision of ${o.buyer.country}`);
  let orderedAtMs = defaults.orderedAtMs;
  if (o.orderedAt !== undefined) {
    const ms = instantWithOffset(o.orderedAt);
    if (ms === undefined)
      fail('orderedAt', `"${o.orderedAt}" is not an ISO 8601 instant with an offset`);
    else orderedAtMs = ms;
  }
  let paidAtMs: number | undefined;
  if (o.payment?.paidAt !== undefined) {
    paidAtMs = instantWithOffset(o.payment.paidAt);
    if (paidAtMs === undefined)
      fail('payment.paidAt', `"${o.payment.paidAt}" is not an ISO 8601 instant with an offset`);
  }
  const parcels: OrderParcel[] = [];
  o.parcels.forEach((p, i) => {
    const pickup = pickupLocationFor(network, p.pickup);
    if (!pickup)
      fail(
        `parcels.${i}.pickup`,
        `"${p.pickup}" is not a supplier region of network ${network.id}`,
      );
    const goodsFlags: GoodsFlag[] = [];
    for (const g of [...p.goods, ...p.items.flatMap((it) => it.goods)]) {
      const r = parseGoodsFlags(g);
      if ('error' in r) fail(`parcels.${i}.goods`, r.error);
      else for (const f of r.flags) if (!goodsFlags.includes(f)) goodsFlags.push(f);
    }
    let currency: CurrencyCode | undefined;
    let total = 0;
    const items: OrderItem[] = [];
    p.items.forEach((it, j) => {
      if (!isCurrencyCode(it.unitValue.currency))
        return fail(
          `parcels.${i}.items.${j}.unitValue.currency`,
          `"${it.unitValue.currency}" is not an ISO 4217 currency code`,
        );
      if (!isCountryCode(it.originCountry))
        return fail(
          `parcels.${i}.items.${j}.originCountry`,
          `"${it.originCountry}" is not an ISO 3166-1 alpha-2 country code`,
        );
      if (currency && it.unitValue.currency !== currency)
        return fail(
          `parcels.${i}.items.${j}.unitValue.currency`,
          `items of one parcel are valued in one currency (${currency})`,
        );
      currency = it.unitValue.currency;
      total += it.unitValue.amount * it.quantity;
      const own = it.goods.flatMap((g) => {
        const r = parseGoodsFlags(g);
        return 'flags' in r ? r.flags : [];
      });
      items.push({
        description: it.description,
        hsCode: it.hsCode,
        quantity: it.quantity,
        unitValue: { amount: it.unitValue.amount, currency: it.unitValue.currency },
        originCountry: it.originCountry,
        weightG: it.weightG,
        sku: it.sku ?? null,
        goods: own,
      });
      return undefined;
    });
    if (pickup && currency)
      parcels.push({
        weightG: p.weightG,
        dims: p.dims,
        goods: goodsFlags,
        declaredValue: { amount: total, currency },
        items,
        pickupLocation: pickup,
      });
  });
  if (issues.length > 0) return { ok: false, issues };
  const tier = o.tier ?? defaults.tier;
  return {
    ok: true,
    order: {
      id: o.id,
      parcels,
      buyer: {
        country: o.buyer.country as CountryCode,
        postcode: o.buyer.postcode,
        city: o.buyer.city,
        region: o.buyer.region,
        name: o.buyer.name,
        addressLines: o.buyer.addressLines,
        phone: o.buyer.phone,
        email: o.buyer.email,
      },
      requirement:
        o.deliverWithinDays !== undefined
          ? { kind: 'within', days: o.deliverWithinDays, tier }
          : { kind: 'tier', tier },
      incoterm: o.incoterm,
      orderedAtMs,
      payment: o.payment && {
        provider: o.payment.provider,
        transactionId: o.payment.transactionId,
        paidAtMs,
      },
      platform: o.platform,
    },
  };
}

import {
  type Channel,
  customsFxFactor,
  type CustomsRules,
  landedCost,
  type LandedCost,
  type LandedCostInput,
  type RestrictedGoodsRules,
  restrictionsFor,
  type SellerRegistrations,
} from '../customs/index.ts';
import type { Network, Service } from '../network/index.ts';
import { roundHalfUp, mul, type CurrencyCode, type Money } from '../shared/index.ts';
import type { Order } from './types.ts';

/** The dated customs rules the planner prices borders with (absent: duties are not estimated). */
export interface BorderContext {
  readonly rules: CustomsRules;
  /** Prohibited and restricted goods per destination (data/customs/restricted-goods.yaml). */
  readonly restricted?: RestrictedGoodsRules | undefined;
}

export interface GoodsCheck {
  /** Why the order cannot go to its destination at all (a prohibition for every mode). */
  readonly prohibited: readonly string[];
  /** Allowed with conditions (a licence, a permit, general clearance): said on the plan. */
  readonly restricted: readonly string[];
  /** Services of the modes a prohibition is limited to (e.g. vapes by post to the US). */
  readonly excludedServices: ReadonlySet<string>;
}

/** The destination's prohibitions and restrictions for the order's items, on the order date. */
export function checkGoods(order: Order, network: Network, ctx: BorderContext): GoodsCheck {
  const none: GoodsCheck = { prohibited: [], restricted: [], excludedServices: new Set() };
  if (!ctx.restricted) return none;
  const items = order.parcels.flatMap((p) =>
    p.items.map((i) => ({
      hsCode: i.hsCode,
      description: i.description,
      goods: [...new Set([...i.goods, ...p.goods])],
    })),
  );
  if (items.length === 0) return none;
  const findings = restrictionsFor(ctx.restricted, {
    destination: order.buyer.country,
    date: new Date(order.orderedAtMs).toISOString().slice(0, 10),
    items,
  });
  const prohibited: string[] = [];
  const restricted: string[] = [];
  const excluded = new Set<string>();
  for (const f of findings) {
    const what = `item ${f.itemIndex + 1} (${items[f.itemIndex]!.description})`;
    const text = `${what}: ${f.reason} [${f.ruleId}]${f.conditions ? ` — ${f.conditions}` : ''}`;
    if (f.status === 'restricted') restricted.push(`restricted in ${order.buyer.country}: ${text}`);
    else if (f.modes === null) prohibited.push(`prohibited in ${order.buyer.country}: ${text}`);
    else {
      for (const s of network.services.values())
        if (s.mode !== null && f.modes.includes(s.mode)) excluded.add(s.id);
      restricted.push(`not by ${f.modes.join(' or ')} to ${order.buyer.country}: ${text}`);
    }
  }
  return { prohibited, restricted, excludedServices: excluded };
}

/**
 * What a chain's border costs, from the landed-cost engine: duties, taxes and fees in the
 * destination's currency and in the network's base currency, who pays them, and the rules used.
 */
export type PlanBorder =
  | { readonly status: 'not-estimated'; readonly note: string }
  | { readonly status: 'unknown'; readonly channel: Channel; readonly reason: string }
  | {
      readonly status: 'estimated';
      readonly channel: Channel;
      readonly importDate: string;
      readonly regime: string;
      /** Each duty, tax and fee in the destination's currency, with the rule that produced it. */
      readonly lines: readonly {
        readonly kind: 'duty' | 'tax' | 'fee';
        readonly name: string;
        readonly amount: Money;
        readonly payer: 'seller' | 'buyer';
        readonly collectedAt: 'sale' | 'import';
        readonly rule: string;
      }[];
      /** In the destination's currency. */
      readonly local: { readonly seller: Money; readonly buyer: Money };
      /** In the network's base currency, at the customs rate of the import date. */
      readonly seller: Money;
      readonly buyer: Money;
      readonly total: Money;
      readonly warnings: readonly string[];
      /** What the engine could not compute: left out of the totals, never counted as zero. */
      readonly unknowns: readonly string[];
      /** DAP with charges due at the door: a known cause of refused parcels. */
      readonly refusalRisk: boolean;
    };

export const BORDER_NOT_ESTIMATED: PlanBorder = {
  status: 'not-estimated',
  note: 'no customs rules loaded: duties, taxes and fees are not included',
};

/**
 * How a chain meets the destination's customs: as a postal item (UPU mail, the postal regimes:
 * US postal duty, Canada Post's CAD 20, …), as a courier consignment, or, for goods already
 * stocked abroad, as a commercial (freight) import made when the stock was shipped.
 */
export function borderChannelOf(network: Network, service: Service): Channel | null {
  if (service.activities.includes('warehouse-fulfilment')) return 'freight';
  if (!service.activities.includes('import-clearance')) return null;
  if (service.mode === 'postal') return 'postal';
  return network.partners.get(service.partnerId)?.kind === 'postal-operator' ? 'postal' : 'courier';
}

function registrationsOf(r: SellerRegistrations | undefined): LandedCostInput['registrations'] {
  if (!r) return undefined;
  return {
    ioss: r.ioss,
    ukVat: r.ukVat,
    auArn: r.auArn,
    noVoec: r.noVoec,
    brRemessaConforme: r.brRemessaConforme,
  };
}

function inputOf(
  order: Order,
  channel: Channel,
  importAtMs: number,
  shipping: Money,
): LandedCostInput | null {
  const items = order.parcels.flatMap((p) => p.items);
  if (items.length === 0) return null;
  return {
    destination: order.buyer.country,
    destinationRegion: order.buyer.region,
    importDate: importAtMs,
    incoterm: order.incoterm,
    channel,
    items: items.map((i) => ({
      hsCode: i.hsCode,
      description: i.description,
      quantity: i.quantity,
      unitValue: i.unitValue,
      originCountry: i.originCountry,
      weightG: i.weightG,
    })),
    shipping,
    registrations: registrationsOf(order.registrations),
    grossWeightG: order.parcels.reduce((s, p) => s + p.weightG, 0),
  };
}

function toBase(
  rules: CustomsRules,
  amount: Money,
  base: CurrencyCode,
  atMs: number,
): number | undefined {
  const f = customsFxFactor(rules, amount.currency, base, atMs);
  if (!f) return undefined;
  return Number(roundHalfUp(mul({ n: BigInt(amount.amount), d: 1n }, f)));
}

const DAY_MS = 86_400_000;

/** The border costs of one order, per channel and import day, computed once each. */
export class OrderBorder {
  private readonly memo = new Map<string, PlanBorder>();
  private readonly order: Order;
  private readonly ctx: BorderContext;
  private readonly base: CurrencyCode;
  readonly network: Network;
  constructor(order: Order, ctx: BorderContext, network: Network) {
    this.order = order;
    this.ctx = ctx;
    this.network = network;
    this.base = network.baseCurrency;
  }

  /**
   * The border as estimated for an import at `importAtMs` with `shipping` as the freight value
   * (in the base currency's minor units).
   */
  estimate(channel: Channel, importAtMs: number, shipping: number): PlanBorder {
    const day = Math.floor(importAtMs / DAY_MS);
    const key = `${channel}|${day}|${shipping}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const result = this.compute(channel, day * DAY_MS, shipping);
    this.memo.set(key, result);
    return result;
  }

  /** The total in base minor units the search weighs (0 when it cannot be estimated: every chain alike). */
  searchCost(channel: Channel): number {
    // The search prices every chain's border at the order date with no freight value: chains then
    // differ at the border only by channel, which keeps the cost additive and the search exact.
    // Each plan is re-estimated at its own import date and freight value (planOf).
    const b = this.estimate(channel, this.order.orderedAtMs, 0);
    return b.status === 'estimated' ? b.total.amount : 0;
  }

  private compute(channel: Channel, importAtMs: number, shipping: number): PlanBorder {
    const input = inputOf(this.order, channel, importAtMs, {
      amount: shipping,
      currency: this.base,
    });
    if (!input)
      return { status: 'unknown', channel, reason: 'the order declares no items (HS code, value)' };
    const r = landedCost(this.ctx.rules, input);
    if (!r.ok) return { status: 'unknown', channel, reason: r.error.message };
    return this.summarize(r.value, channel, importAtMs);
  }

  private summarize(lc: LandedCost, channel: Channel, at: number): PlanBorder {
    const seller = toBase(this.ctx.rules, lc.totals.seller, this.base, at);
    const buyer = toBase(this.ctx.rules, lc.totals.buyer, this.base, at);
    if (seller === undefined || buyer === undefined)
      return {
        status: 'unknown',
        channel,
        reason: `no customs FX rate ${lc.currency}→${this.base} on ${lc.importDate}`,
      };
    return {
      status: 'estimated',
      channel,
      importDate: lc.importDate,
      regime: lc.regime,
      lines: lc.lines.map((l) => ({
        kind: l.kind,
        name: l.name,
        amount: l.amount,
        payer: l.payer,
        collectedAt: l.collectedAt,
        rule: l.rule,
      })),
      local: { seller: lc.totals.seller, buyer: lc.totals.buyer },
      seller: { amount: seller, currency: this.base },
      buyer: { amount: buyer, currency: this.base },
      total: { amount: seller + buyer, currency: this.base },
      warnings: lc.warnings,
      unknowns: lc.unknowns.map((u) => u.message),
      refusalRisk: lc.refusalRisk,
    };
  }
}

// Landed cost in the planner: on the demo network with the shipped customs rules, every plan carries
// its border (duties, taxes, fees at its channel and import date), chains are compared on logistics
// plus border, the search stays exact against enumeration, and the quote prices the seller's share.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bestOf,
  enumerateChains,
  type Order,
  type PlanContext,
  planOrder,
  prepareSearch,
  searchChains,
} from '../../core/planning/index.ts';
import type { CountryCode, CurrencyCode } from '../../core/shared/index.ts';
import type { AppDeps } from '../http/context.ts';
import { loadPlanning } from './runtime.ts';

let planning: AppDeps['planning'];
let ctx: PlanContext;
beforeAll(async () => {
  planning = await loadPlanning(undefined);
  ctx = {
    index: planning.index,
    policy: planning.policy,
    stock: planning.stock,
    customs: planning.customs,
  };
}, 120_000);

const AT = Date.parse('2026-11-25T02:00:00Z');

function order(
  over: Partial<Order> = {},
  item: Partial<Order['parcels'][0]['items'][0]> = {},
): Order {
  const it = {
    description: 'cotton t-shirt',
    hsCode: '610910',
    quantity: 2,
    unitValue: { amount: 1500, currency: 'EUR' as CurrencyCode },
    originCountry: 'CN' as CountryCode,
    weightG: 400,
    sku: null,
    goods: [],
    ...item,
  };
  return {
    id: 'b-1',
    parcels: [
      {
        weightG: it.weightG,
        dims: { lengthMm: 250, widthMm: 200, heightMm: 40 },
        goods: [],
        declaredValue: {
          amount: it.unitValue.amount * it.quantity,
          currency: it.unitValue.currency,
        },
        items: [it],
        pickupLocation: 'sr-shenzhen',
      },
    ],
    buyer: { country: 'DE' as CountryCode, postcode: '10115', city: 'Berlin' },
    requirement: { kind: 'tier', tier: 'standard' },
    incoterm: 'DDP',
    orderedAtMs: AT,
    ...over,
  };
}

describe('plans priced at the border', () => {
  it('carries the border of its chain: EU flat duty EUR 3 per subheading, VAT at import, paid by the seller under DDP', () => {
    const r = planOrder(order(), ctx);
    expect(r.plan).not.toBeNull();
    const b = r.plan!.border;
    expect(b.status).toBe('estimated');
    if (b.status !== 'estimated') return;
    expect(b.regime).toMatch(/eu/i);
    expect(b.channel === 'courier' || b.channel === 'postal').toBe(true);
    // after 1 Jul 2026 one subheading (6109.10) costs a flat EUR 3.00 of duty
    const duty = b.lines.filter((l) => l.kind === 'duty');
    expect(duty.map((l) => l.amount)).toEqual([{ amount: 300, currency: 'EUR' }]);
    // no IOSS: VAT is collected at import; DDP: the seller pays everything, the buyer nothing
    expect(b.lines.some((l) => l.kind === 'tax' && l.collectedAt === 'import')).toBe(true);
    expect(b.lines.every((l) => l.payer === 'seller')).toBe(true);
    expect(b.buyer.amount).toBe(0);
    expect(b.total.amount).toBe(b.seller.amount + b.buyer.amount);
    expect(r.plan!.totalCost.amount).toBe(r.plan!.cost.amount + b.total.amount);
    // the quote: logistics + margin + what the seller bears at the border
    const q = r.quote!;
    expect(q.dutiesAndTaxes.status).toBe('estimated');
    expect(q.price.amount).toBe(q.planCost.amount + q.margin.amount + b.seller.amount);
    // savings compare total landed cost, and say the logistics part too
    for (const [name, s] of Object.entries(r.savings)) {
      const base = r.baselines[name as keyof typeof r.baselines];
      if (!('legs' in base)) continue;
      expect(s.cost.amount).toBe(base.totalCost.amount - r.plan!.totalCost.amount);
      expect(s.logisticsCost.amount).toBe(base.cost.amount - r.plan!.cost.amount);
    }
  });

  it('moves VAT to the point of sale with an IOSS number, and the buyer pays at the door under DAP without one', () => {
    const ioss = planOrder(
      order({
        registrations: {
          ioss: 'IM2760000001',
          ukVat: null,
          auArn: null,
          noVoec: null,
          eori: null,
          brRemessaConforme: false,
        },
      }),
      ctx,
    ).plan!.border;
    expect(ioss.status).toBe('estimated');
    if (ioss.status === 'estimated') {
      const vat = ioss.lines.filter((l) => l.kind === 'tax');
      expect(vat.length).toBeGreaterThan(0);
      expect(vat.every((l) => l.collectedAt === 'sale' && l.payer === 'seller')).toBe(true);
    }
    const dap = planOrder(order({ incoterm: 'DAP' }), ctx);
    const b = dap.plan!.border;
    expect(b.status).toBe('estimated');
    if (b.status === 'estimated') {
      expect(b.buyer.amount).toBeGreaterThan(0);
      expect(b.refusalRisk).toBe(true);
    }
    expect(dap.reasons.join(' ')).toMatch(/DAP/);
    const q = dap.quote!.dutiesAndTaxes;
    expect(q.status).toBe('estimated');
    if (q.status === 'estimated') expect(q.buyerOnDelivery.amount).toBeGreaterThan(0);
  });

  it('prices each mode at its own border channel: postal items as postal, express as courier, stock abroad as freight', () => {
    const r = planOrder(
      order(
        { buyer: { country: 'US' as CountryCode, postcode: '10001', city: 'New York' } },
        {
          hsCode: '392690',
          description: 'phone case',
          unitValue: { amount: 899, currency: 'USD' as CurrencyCode },
          quantity: 1,
          sku: 'SKU-PHONECASE-01',
        },
      ),
      ctx,
    );
    const channel = (p: (typeof r.baselines)['postal']) =>
      'legs' in p && p.border.status !== 'not-estimated' ? p.border.channel : null;
    if ('legs' in r.baselines.postal) expect(channel(r.baselines.postal)).toBe('postal');
    if ('legs' in r.baselines.express) expect(channel(r.baselines.express)).toBe('courier');
    if ('legs' in r.baselines.overseasWarehouse)
      expect(channel(r.baselines.overseasWarehouse)).toBe('freight');
    // the US has no de minimis since 29 Aug 2025: every supplier chain pays duty
    const b = r.plan!.border;
    expect(b.status).toBe('estimated');
    if (b.status === 'estimated' && b.channel !== 'freight')
      expect(b.lines.some((l) => l.kind === 'duty' || l.kind === 'tax')).toBe(true);
  });

  it('keeps the search exact: the cheapest chain on logistics plus border equals enumeration’s', () => {
    const destinations = (
      [
        ['DE', '10115'],
        ['US', '10001'],
        ['GB', 'SW1A'],
        ['AU', '2000'],
        ['CA', 'M5V'],
        ['JP', '100'],
        ['BR', '01000'],
        ['MX', '06000'],
      ] as const
    ).map(([c, p]) => [c as CountryCode, p] as const);
    let compared = 0;
    for (const [country, postcode] of destinations) {
      for (const tier of ['economy', 'express'] as const) {
        const o = order({
          buyer: { country, postcode, city: undefined },
          requirement: { kind: 'tier', tier },
        });
        const { input, confidence } = prepareSearch(o, ctx);
        const found = searchChains({ ...input, alternativesBudget: 1 }).best;
        const brute = bestOf(enumerateChains(input), confidence);
        expect(found?.cost ?? null).toBe(brute?.cost ?? null);
        if (found) compared++;
      }
    }
    expect(compared).toBeGreaterThan(8);
  });

  it('refuses goods the destination prohibits, keeps them off the modes a rule names, and says what is restricted', () => {
    const vape = { description: 'disposable vape pen', hsCode: '854340' };
    const br = planOrder(
      order(
        { buyer: { country: 'BR' as CountryCode, postcode: '01000', city: 'São Paulo' } },
        vape,
      ),
      ctx,
    );
    expect(br.feasible).toBe(false);
    expect(br.plan).toBeNull();
    expect(br.reasons.join(' ')).toMatch(/prohibited in BR.*br-electronic-smoking-devices/);
    expect(br.baselines.express).toMatchObject({ feasible: false });
    // to the US, vapes may not go by post (USPS): no postal chain, and the FDA condition is said
    const us = planOrder(
      order({ buyer: { country: 'US' as CountryCode, postcode: '10001', city: 'New York' } }, vape),
      ctx,
    );
    expect(us.reasons.join(' ')).toMatch(/not by postal to US/);
    expect(us.reasons.join(' ')).toMatch(/restricted in US/);
    expect(us.baselines.postal).toMatchObject({ feasible: false });
    for (const p of [us.plan, ...us.alternatives])
      if (p) expect(p.legs.every((l) => l.activity !== 'postal')).toBe(true);
    // a kitchen knife to the UK is restricted (age checks), not refused
    const knife = planOrder(
      order(
        { buyer: { country: 'GB' as CountryCode, postcode: 'SW1A', city: 'London' } },
        {
          description: 'stainless steel kitchen knife',
          hsCode: '821192',
        },
      ),
      ctx,
    );
    expect(knife.feasible).toBe(true);
    expect(knife.reasons.join(' ')).toMatch(/restricted in GB/);
  });

  it('says why when the border cannot be estimated, and never counts it as zero duty', () => {
    const r = planOrder(order({}, { hsCode: '999999' }), ctx);
    const b = r.plan?.border;
    expect(b?.status).toBe('unknown');
    if (b?.status === 'unknown') expect(b.reason).toMatch(/999999|HS/);
    expect(r.quote?.dutiesAndTaxes.status).toBe('unknown');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity, Mode, Service } from '../network/index.ts';
import type { GoodsFlag } from '../rating/index.ts';
import { PlanningIndex } from './network-index.ts';
import { planOrder, prepareSearch } from './planner.ts';
import { DEFAULT_POLICY } from './policy.ts';
import { bestOf, enumerateChains } from './search.ts';
import { days, location, network, order, parcel, service } from './test-network.ts';
import type { Order, PlanningPolicy } from './types.ts';

const LOCS = [
  location('sup', 'supplier-region', 'CN', 'Asia/Shanghai'),
  location('hub', 'hub', 'CN', 'Asia/Shanghai'),
  location('szx', 'airport', 'CN', 'Asia/Shanghai'),
  location('can', 'airport', 'CN', 'Asia/Shanghai'),
  location('lax', 'airport', 'US', 'America/Los_Angeles'),
  location('jfk', 'airport', 'US', 'America/New_York'),
];
const policy: PlanningPolicy = { ...DEFAULT_POLICY, alternativesBudget: 8 };

/** One hand-checked network: a cheap slow post, a dear fast express, and per-activity partners. */
function handNetwork(extra: Service[] = []) {
  const svc = (
    id: string,
    partnerId: string,
    activities: Activity[],
    from: string[],
    to: string[],
    fee: number,
    d: [number, number, number, number],
    mode: Mode | null = null,
    refused: GoodsFlag[] = [],
  ) =>
    service({
      id,
      partnerId,
      activities,
      from,
      to,
      feeYuan: fee,
      transit: days(...d),
      mode,
      refused,
      rateCountries:
        to.includes('US') || to.some((t) => t === 'lax' || t === 'jfk') ? ['US'] : ['CN'],
    });
  const full: Activity[] = [
    'pickup',
    'hub-handling',
    'export-clearance',
    'international-linehaul',
    'import-clearance',
    'last-mile',
  ];
  return network(LOCS, [
    svc('post', 'p-post', full, ['sup'], ['US'], 40, [12, 18, 28, 40], 'postal'),
    svc('express', 'p-exp', full, ['sup'], ['US'], 180, [2, 3, 4, 6], 'express'),
    svc('line', 'p-line', full, ['sup'], ['US'], 95, [5, 7, 9, 12], 'dedicated-line', [
      'battery-in-equipment',
    ]),
    svc('pick', 'p-pick', ['pickup'], ['sup'], ['hub'], 4, [0.2, 0.4, 0.6, 1]),
    svc('handle', 'p-hub', ['hub-handling'], ['hub'], ['hub'], 2, [0.1, 0.3, 0.5, 1]),
    svc('truck-szx', 'p-truck', ['domestic-linehaul'], ['hub'], ['szx'], 3, [0.2, 0.3, 0.4, 0.5]),
    svc('truck-can', 'p-truck', ['domestic-linehaul'], ['hub'], ['can'], 2, [0.3, 0.4, 0.5, 0.8]),
    svc('broker-szx', 'p-broker', ['export-clearance'], ['szx'], ['szx'], 3, [0.2, 0.5, 1, 2]),
    svc('broker-can', 'p-broker2', ['export-clearance'], ['can'], ['can'], 2, [0.3, 0.8, 1.5, 3]),
    svc('air-szx-lax', 'p-air', ['international-linehaul'], ['szx'], ['lax'], 30, [1.5, 2, 3, 4]),
    svc('air-can-jfk', 'p-air2', ['international-linehaul'], ['can'], ['jfk'], 25, [2, 3, 4, 6]),
    svc('import-lax', 'p-imp', ['import-clearance'], ['lax'], ['lax'], 6, [0.3, 0.6, 1.2, 3]),
    svc('import-jfk', 'p-imp', ['import-clearance'], ['jfk'], ['jfk'], 5, [0.3, 0.8, 1.5, 3]),
    svc('lastmile-us', 'p-lm', ['last-mile'], ['lax', 'jfk'], ['US'], 12, [1, 2, 3, 5]),
    ...extra,
  ]);
}

describe('planOrder on a hand-built network', () => {
  const net = handNetwork();
  const ctx = { index: new PlanningIndex(net), policy };

  it('chooses the cheapest chain that meets the promise, and says so against each baseline', () => {
    const result = planOrder(order('o1', [parcel('sup')], 'US', 12), ctx);
    expect(result.feasible).toBe(true);
    // Value chain via CAN/JFK: 4 + 2 + 2 + 2 + 25 + 5 + 12 = 52 CNY; via SZX/LAX: 4+2+3+3+30+6+12 = 60; post 40 misses 12 days at 0.9.
    expect(result.plan!.cost).toEqual({ amount: 5200, currency: 'CNY' });
    expect(result.plan!.legs.map((l) => l.serviceId)).toEqual([
      'pick',
      'handle',
      'truck-can',
      'broker-can',
      'air-can-jfk',
      'import-jfk',
      'lastmile-us',
    ]);
    expect(result.plan!.cost.amount).toBe(result.plan!.legs.reduce((s, l) => s + l.cost.amount, 0));
    expect(result.baselines.postal).toMatchObject({ feasible: false });
    expect(result.baselines.express).toMatchObject({ cost: { amount: 18000 } });
    expect(result.baselines.dedicatedLine).toMatchObject({ cost: { amount: 9500 } });
    expect(result.savings.express?.cost.amount).toBe(18000 - 5200);
    expect(result.baselines.overseasWarehouse).toMatchObject({ feasible: false });
  });

  it('with a lax promise takes the post', () => {
    const result = planOrder(order('o2', [parcel('sup')], 'US', 45), ctx);
    expect(result.plan!.legs.map((l) => l.serviceId)).toEqual(['post']);
    expect(result.plan!.kind).toBe('postal');
  });

  it('keeps batteries off a line that refuses them and explains the rejection', () => {
    const tight = planOrder(order('o3', [parcel('sup', ['battery-in-equipment'])], 'US', 12), ctx);
    expect(tight.baselines.dedicatedLine).toMatchObject({ feasible: false });
    expect((tight.baselines.dedicatedLine as { reason: string }).reason).toMatch(
      /refuses battery-in-equipment/,
    );
  });

  it('is infeasible with a reason when nothing reaches the country', () => {
    const result = planOrder(order('o4', [parcel('sup')], 'DE', 12), ctx);
    expect(result.feasible).toBe(false);
    expect(result.reasons.join(' ')).toMatch(/no chain/);
  });

  it('returns Pareto alternatives: each dearer one is faster', () => {
    const result = planOrder(order('o5', [parcel('sup')], 'US', 45), ctx);
    const alts = result.alternatives;
    expect(alts.length).toBeGreaterThan(1);
    for (let i = 1; i < alts.length; i++) {
      expect(alts[i]!.cost.amount).toBeGreaterThanOrEqual(alts[i - 1]!.cost.amount);
      expect(alts[i]!.days.p90).toBeLessThan(alts[i - 1]!.days.p90);
    }
  });
});

// Random small networks: the search must pick exactly what brute force picks.
const SINGLE_RUNS: Activity[][] = [
  ['pickup'],
  ['hub-handling'],
  ['domestic-linehaul'],
  ['export-clearance'],
  ['international-linehaul'],
  ['import-clearance'],
  ['last-mile'],
];
const ACTIVITY_RUNS: Activity[][] = [
  ['domestic-linehaul'],
  ['pickup'],
  ['hub-handling'],
  ['export-clearance'],
  ['international-linehaul'],
  ['import-clearance'],
  ['last-mile'],
  ['import-clearance', 'last-mile'],
  ['export-clearance', 'international-linehaul'],
  [
    'pickup',
    'hub-handling',
    'export-clearance',
    'international-linehaul',
    'import-clearance',
    'last-mile',
  ],
];

function endpointsFor(run: Activity[]): { from: string[]; to: string[] } {
  const first = run[0]!;
  const last = run[run.length - 1]!;
  const fromBy: Record<string, string[]> = {
    pickup: ['sup'],
    'hub-handling': ['hub'],
    'domestic-linehaul': ['hub'],
    'export-clearance': ['szx', 'can'],
    'international-linehaul': ['szx', 'can'],
    'import-clearance': ['lax', 'jfk'],
    'last-mile': ['lax', 'jfk'],
  };
  const toBy: Record<string, string[]> = {
    pickup: ['hub'],
    'hub-handling': ['hub'],
    'domestic-linehaul': ['szx', 'can'],
    'export-clearance': ['szx', 'can'],
    'international-linehaul': ['lax', 'jfk'],
    'import-clearance': ['lax', 'jfk'],
    'last-mile': ['US'],
  };
  return { from: fromBy[first]!, to: toBy[last]! };
}

const serviceArb = (i: number, runs: Activity[][] = ACTIVITY_RUNS) =>
  fc
    .record({
      run: fc.constantFrom(...runs),
      fee: fc.integer({ min: 1, max: 200 }),
      minD: fc.double({ min: 0, max: 5, noNaN: true }),
      spread: fc.array(fc.double({ min: 0, max: 6, noNaN: true }), { minLength: 3, maxLength: 3 }),
      refuseBattery: fc.boolean(),
      partner: fc.integer({ min: 0, max: 4 }),
      pickFrom: fc.integer({ min: 0, max: 3 }),
      loss: fc.double({ min: 0, max: 0.05, noNaN: true }),
    })
    .map((r) => {
      const ends = endpointsFor(r.run);
      const narrow = (list: string[]) =>
        list.length === 2 && r.pickFrom < 2 ? [list[r.pickFrom]!] : list;
      const [a, b, c] = r.spread as [number, number, number];
      const inPlace =
        r.run.length === 1 &&
        ['hub-handling', 'export-clearance', 'import-clearance'].includes(r.run[0]!);
      const from = narrow(ends.from);
      const to = inPlace ? from : narrow(ends.to);
      const isBundle = r.run.length === 6;
      return service({
        id: `s${i}`,
        partnerId: `p${r.partner}`,
        activities: r.run,
        from,
        to,
        feeYuan: r.fee,
        transit: days(r.minD, r.minD + a, r.minD + a + b, r.minD + a + b + c),
        mode: isBundle ? (['postal', 'express', 'dedicated-line'] as const)[r.partner % 3]! : null,
        refused: r.refuseBattery ? ['battery-in-equipment'] : [],
        lossRate: r.loss,
        rateCountries:
          to.includes('US') || to.includes('lax') || to.includes('jfk') ? ['US'] : ['CN'],
      });
    });

/** One to two services for each single activity, so most networks have many chains, plus random bundles and combinations. */
const networkArb = fc
  .tuple(
    fc.array(fc.integer({ min: 1, max: 2 }), {
      minLength: SINGLE_RUNS.length,
      maxLength: SINGLE_RUNS.length,
    }),
    fc.integer({ min: 0, max: 5 }),
  )
  .chain(([perActivity, extra]) => {
    const arbs: fc.Arbitrary<Service>[] = [];
    perActivity.forEach((count, a) => {
      for (let k = 0; k < count; k++) arbs.push(serviceArb(arbs.length, [SINGLE_RUNS[a]!]));
    });
    for (let k = 0; k < extra; k++) arbs.push(serviceArb(arbs.length));
    return fc.tuple(...arbs);
  })
  .map((services) => network(LOCS, services));
const orderArb = fc.record({ within: fc.integer({ min: 2, max: 30 }), battery: fc.boolean() });

function planCost(net: ReturnType<typeof network>, o: Order): number | null {
  const r = planOrder(o, { index: new PlanningIndex(net), policy });
  return r.plan ? r.plan.cost.amount : null;
}

describe('planner properties on random small networks', () => {
  it('chooses exactly what brute-force enumeration chooses', () => {
    let feasible = 0;
    let rich = 0;
    fc.assert(
      fc.property(networkArb, orderArb, (net, spec) => {
        const o = order(
          'r',
          [parcel('sup', spec.battery ? ['battery-in-equipment'] : [])],
          'US',
          spec.within,
        );
        const ctx = { index: new PlanningIndex(net), policy };
        const { input, confidence } = prepareSearch(o, ctx);
        const brute = bestOf(enumerateChains(input), confidence);
        const plan = planOrder(o, ctx).plan;
        expect(plan?.cost.amount ?? null).toBe(brute?.cost ?? null);
        if (plan && brute)
          expect(plan.legs.map((l) => l.serviceId)).toEqual(
            brute.legs.map((l) => l.step.service.id),
          );
        if (brute) feasible++;
        if (enumerateChains(input).length > 3) rich++;
      }),
      { numRuns: 150 },
    );
    // Not vacuous: many cases had a feasible plan to find among several chains.
    expect(feasible).toBeGreaterThan(20);
    expect(rich).toBeGreaterThan(20);
  });

  it('a tighter deadline never makes the best plan cheaper', () => {
    fc.assert(
      fc.property(networkArb, fc.integer({ min: 3, max: 30 }), (net, within) => {
        const loose = planCost(net, order('a', [parcel('sup')], 'US', within));
        const tight = planCost(net, order('a', [parcel('sup')], 'US', within - 1));
        if (tight !== null) expect(loose).not.toBeNull();
        if (tight !== null && loose !== null) expect(tight).toBeGreaterThanOrEqual(loose);
      }),
      { numRuns: 100 },
    );
  });

  it('removing a partner never makes the best plan cheaper', () => {
    fc.assert(
      fc.property(
        networkArb,
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 2, max: 30 }),
        (net, drop, within) => {
          const o = order('a', [parcel('sup')], 'US', within);
          const full = planCost(net, o);
          const fewer = network(
            LOCS,
            [...net.services.values()].filter((s) => s.partnerId !== `p${drop}`),
          );
          const reduced = planCost(fewer, o);
          if (reduced !== null) {
            expect(full).not.toBeNull();
            expect(reduced).toBeGreaterThanOrEqual(full!);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is never dearer than a feasible baseline; probabilities and quantiles are sane', () => {
    fc.assert(
      fc.property(networkArb, orderArb, (net, spec) => {
        const o = order(
          'b',
          [parcel('sup', spec.battery ? ['battery-in-equipment'] : [])],
          'US',
          spec.within,
        );
        const r = planOrder(o, { index: new PlanningIndex(net), policy });
        for (const b of Object.values(r.baselines)) {
          if ('legs' in b) {
            expect(r.plan).not.toBeNull();
            expect(r.plan!.cost.amount).toBeLessThanOrEqual(b.cost.amount);
          }
        }
        for (const p of [r.plan, ...r.alternatives, ...Object.values(r.baselines)]) {
          if (!p || !('legs' in p)) continue;
          expect(p.days.p50).toBeLessThanOrEqual(p.days.p90);
          expect(p.onTimeProbability).toBeGreaterThanOrEqual(0);
          expect(p.onTimeProbability).toBeLessThanOrEqual(1);
          expect(p.lossProbability).toBeGreaterThanOrEqual(0);
          expect(p.lossProbability).toBeLessThanOrEqual(1);
          expect(p.cost.amount).toBe(p.legs.reduce((s, l) => s + l.cost.amount, 0));
        }
      }),
      { numRuns: 100 },
    );
  });
});

// The exporter of record's AEO status is network data (network.yaml exporterOfRecord) and changes
// the export-clearance figures the planner uses: the brokers' AEO-trader inspection rate and
// clearance time replace their standard ones, and the planned chains clear sooner.
import { describe, expect, it } from 'vitest';
import { loadNetwork, type Network } from '../../core/network/index.ts';
import { DEFAULT_POLICY, PlanningIndex, planOrder } from '../../core/planning/index.ts';
import type { CountryCode, CurrencyCode } from '../../core/shared/index.ts';
import { DEMO_NETWORK_DIR, readNetworkDir } from './network-dir.ts';

async function demoNetwork(exporterAeo: boolean): Promise<Network> {
  const files = await readNetworkDir(DEMO_NETWORK_DIR);
  const patched = files.map((f) =>
    f.path === 'network.yaml'
      ? {
          ...f,
          text: f.text.replace(/(exporterOfRecord:\n(?:.*\n)*?\s+aeo:) false/, `$1 ${exporterAeo}`),
        }
      : f,
  );
  const loaded = loadNetwork(patched);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.slice(0, 3)));
  return loaded.value;
}

describe('exporter of record AEO status', () => {
  it('swaps in the brokers’ AEO-trader figures for export clearance only', async () => {
    const standard = await demoNetwork(false);
    const aeo = await demoNetwork(true);
    expect(standard.exporterOfRecord?.aeo).toBe(false);
    expect(aeo.exporterOfRecord?.aeo).toBe(true);
    const broker = 'baiyun-declaration-9610';
    const s = standard.services.get(broker)!.clearance!;
    const a = aeo.services.get(broker)!.clearance!;
    // baiyun: standard 6% inspected; the AEO-trader figure is 0.2 × 6% = 1.2%
    expect(s.inspectionRate).toBe(0.06);
    expect(a.inspectionRate).toBeCloseTo(0.012, 10);
    expect(s.aeoTraderApplied).toBe(false);
    expect(a.aeoTraderApplied).toBe(true);
    // clearance time 3/6/14/24 h becomes 0.7× = 2.1/4.2/9.8/16.8 h
    expect(a.clearanceTime).toMatchObject({ kind: 'quantiles', p50H: 4.2, p90H: 9.8 });
    expect(s.clearanceTime).toMatchObject({ kind: 'quantiles', p50H: 6, p90H: 14 });
    // import clearance is the importing country's matter: unchanged
    for (const [id, svc] of standard.services) {
      if (svc.clearance?.side !== 'import') continue;
      expect(aeo.services.get(id)!.clearance).toEqual(svc.clearance);
    }
  });

  it('gives an AEO exporter a chain at least as likely on time, for the same order', async () => {
    const order = (n: Network) => ({
      id: 'aeo-1',
      parcels: [
        {
          weightG: 800,
          dims: undefined,
          goods: [],
          declaredValue: { amount: 2500, currency: 'USD' as CurrencyCode },
          items: [],
          pickupLocation: [...n.locations.values()].find((l) => l.kind === 'supplier-region')!.id,
        },
      ],
      buyer: { country: 'DE' as CountryCode, postcode: '10115', city: 'Berlin' },
      requirement: { kind: 'tier' as const, tier: 'express' as const },
      incoterm: 'DDP' as const,
      orderedAtMs: Date.parse('2026-11-25T02:00:00Z'),
    });
    const plans = await Promise.all(
      [false, true].map(async (aeo) => {
        const n = await demoNetwork(aeo);
        return planOrder(order(n), { index: new PlanningIndex(n), policy: DEFAULT_POLICY });
      }),
    );
    const [standard, aeo] = plans;
    expect(standard!.plan && aeo!.plan).toBeTruthy();
    expect(aeo!.plan!.onTimeProbability).toBeGreaterThanOrEqual(standard!.plan!.onTimeProbability);
    expect(aeo!.plan!.days.p90).toBeLessThanOrEqual(standard!.plan!.days.p90);
  });
});

import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoNetwork } from '../../../scripts/generate-demo-network.ts';
import {
  ACTIVITIES,
  type Activity,
  loadNetwork,
  MODES,
  type Network,
  type Service,
  summarizeNetwork,
} from '../../core/network/index.ts';
import { type ParcelToRate, priceParcel } from '../../core/rating/index.ts';
import type { CountryCode } from '../../core/shared/index.ts';
import { DEMO_NETWORK_DIR, readNetworkDir } from './network-dir.ts';

const NAMED_DESTINATIONS = [
  'US',
  'CA',
  'MX',
  'BR',
  'CL',
  'GB',
  'DE',
  'FR',
  'ES',
  'IT',
  'NL',
  'PL',
  'SE',
  'RU',
  'SA',
  'AE',
  'IL',
  'JP',
  'KR',
  'AU',
];

/** The planner's required sequence (src/core/planning/stages.ts); domestic line-haul is optional. */
const REQUIRED: readonly Activity[] = [
  'pickup',
  'hub-handling',
  'export-clearance',
  'international-linehaul',
  'import-clearance',
  'last-mile',
];

const AT = new Date('2026-03-10T02:00:00Z');

let network: Network;

beforeAll(async () => {
  const loaded = loadNetwork(await readNetworkDir(DEMO_NETWORK_DIR));
  if (!loaded.ok) {
    throw new Error(
      `demo network does not load:\n${loaded.error.map((i) => `${i.file}:${i.line}: ${i.message}`).join('\n')}`,
    );
  }
  network = loaded.value;
});

const services = () => [...network.services.values()];
const service = (id: string): Service => {
  const s = network.services.get(id);
  if (!s) throw new Error(`no service ${id}`);
  return s;
};

function price(
  id: string,
  parcel: Partial<ParcelToRate> & { destination: ParcelToRate['destination'] },
  at = AT,
): number {
  const q = priceParcel(
    service(id).pricing,
    { weightG: 500, goods: [], ...parcel },
    { at, currency: network.baseCurrency, fx: network.fx },
  );
  if (!q.ok) throw new Error(`${id}: ${JSON.stringify(q.error)}`);
  return q.value.total.amount / 100;
}

const to = (country: string, postcode?: string) => ({ country: country as CountryCode, postcode });

describe('the demo network (data/demo-network)', () => {
  it('loads, with at least 30 partners', () => {
    expect(network.originCountry).toBe('CN');
    expect(network.baseCurrency).toBe('CNY');
    expect(network.timezone).toBe('Asia/Shanghai');
    expect(network.partners.size).toBeGreaterThanOrEqual(30);
  });

  it('has a service of each mode and offers every activity', () => {
    for (const mode of MODES)
      expect(
        services().some((s) => s.mode === mode),
        mode,
      ).toBe(true);
    for (const activity of ACTIVITIES)
      expect(
        services().some((s) => s.activities.includes(activity)),
        activity,
      ).toBe(true);
  });

  it('delivers to the 20 named destination countries, and to at least 20 in all', () => {
    const { destinationCountries } = summarizeNetwork(network);
    expect(destinationCountries).toEqual(expect.arrayContaining(NAMED_DESTINATIONS));
    expect(destinationCountries.length).toBeGreaterThanOrEqual(20);
  });

  it('has overseas or border warehouses and supplier regions in Shenzhen, Guangzhou and Yiwu', () => {
    const locations = [...network.locations.values()];
    const warehouses = locations.filter(
      (l) => l.kind === 'overseas-warehouse' || l.kind === 'border-warehouse',
    );
    expect(warehouses.length).toBeGreaterThanOrEqual(4);
    expect(warehouses.some((w) => w.kind === 'border-warehouse')).toBe(true);
    const cities = locations.filter((l) => l.kind === 'supplier-region').map((l) => l.city);
    expect(cities).toEqual(expect.arrayContaining(['Shenzhen', 'Guangzhou', 'Yiwu']));
  });

  it('lets the planner read every service: its activities are a contiguous run of the value chain', () => {
    for (const s of services()) {
      const acts = s.activities.filter((a) => a !== 'domestic-linehaul');
      if (acts.includes('returns-handling')) {
        expect(acts, s.id).toEqual(['returns-handling']);
        continue;
      }
      if (acts.includes('warehouse-fulfilment')) {
        expect(
          [['warehouse-fulfilment'], ['warehouse-fulfilment', 'last-mile']],
          s.id,
        ).toContainEqual(acts);
        expect(s.warehouse, s.id).not.toBeNull();
        continue;
      }
      if (acts.length === 0) continue; // pure domestic line-haul
      const start = REQUIRED.indexOf(acts[0]!);
      expect(start, s.id).toBeGreaterThanOrEqual(0);
      expect(acts, s.id).toEqual(REQUIRED.slice(start, start + acts.length));
    }
  });

  it('follows the lane conventions: in-place services stay put, deliveries end in a country', () => {
    for (const s of services()) {
      const inPlace =
        ['hub-handling', 'export-clearance', 'import-clearance'].includes(s.activities[0]!) &&
        s.activities.length === 1;
      for (const lane of s.lanes) {
        if (inPlace || (s.activities.length === 1 && s.activities[0] === 'warehouse-fulfilment')) {
          expect(lane.to, s.id).toEqual(lane.from);
        }
        if (s.activities.at(-1) === 'last-mile') {
          for (const t of lane.to) expect(network.locations.has(t), `${s.id} → ${t}`).toBe(false);
        }
      }
    }
  });

  it('has a service with two consecutive dated cards, and FX for every currency it names', () => {
    const consecutive = services().some((s) =>
      s.pricing.cards.some((a) =>
        s.pricing.cards.some((b) => a.validToMs !== null && a.validToMs === b.validFromMs),
      ),
    );
    expect(consecutive).toBe(true);
    const fx = new Set(network.fx.rates.map((r) => r.currency));
    for (const s of services()) {
      for (const c of s.pricing.cards)
        if (c.card.currency !== 'CNY') expect(fx.has(c.card.currency), s.id).toBe(true);
      const declared = s.restrictions.maxDeclaredValue?.currency;
      if (declared) expect(fx.has(declared), s.id).toBe(true);
      if (s.warehouse)
        expect(fx.has(s.warehouse.storagePerCubicMetreDay.currency), s.id).toBe(true);
    }
  });

  it('ships stock for the warehouses and the integrator policy', async () => {
    const stock = (await readFile(join(DEMO_NETWORK_DIR, 'stock.csv'), 'utf8')).trim().split('\n');
    expect(stock[0]).toBe('warehouse,sku,quantity');
    const rows = stock.slice(1).map((l) => l.split(','));
    const warehouses = [...network.locations.values()]
      .filter((l) => l.kind.endsWith('-warehouse'))
      .map((l) => l.id);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(warehouses));
    const skus = new Set(rows.map((r) => r[1]));
    expect(skus.size).toBeGreaterThanOrEqual(10);
    expect(skus.size).toBeLessThanOrEqual(20);
    for (const r of rows) expect(r[2], r.join(',')).toMatch(/^\d+$/);
    const policy = parse(await readFile(join(DEMO_NETWORK_DIR, 'policy.yaml'), 'utf8'));
    expect(policy).toEqual({
      currency: 'CNY',
      tiers: {
        economy: { withinDays: 20, confidence: 0.8, margin: { rate: '0.12', minimum: '3.00' } },
        standard: { withinDays: 12, confidence: 0.9, margin: { rate: '0.15', minimum: '5.00' } },
        express: { withinDays: 6, confidence: 0.95, margin: { rate: '0.18', minimum: '10.00' } },
      },
      withinDays: { confidence: 0.9 },
      alternativesBudget: 8,
    });
  });

  it('is exactly what scripts/generate-demo-network.ts generates (run npm run demo:generate)', async () => {
    const generated = generateDemoNetwork();
    const onDisk = new Map<string, string>();
    for (const entry of await readdir(DEMO_NETWORK_DIR, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      onDisk.set(
        relative(DEMO_NETWORK_DIR, full).split(sep).join('/'),
        await readFile(full, 'utf8'),
      );
    }
    expect([...onDisk.keys()].sort()).toEqual([...generated.keys()].sort());
    for (const [path, text] of generated) expect(onDisk.get(path), path).toBe(text);
  });

  it('generates the same files on every run', () => {
    expect(generateDemoNetwork()).toEqual(generateDemoNetwork());
  });
});

describe('demo network prices (CNY, 10 March 2026)', () => {
  const us = to('US', '10001');

  it('prices 500 g to the US: postal below the dedicated line, the line below express', () => {
    const postal = price('red-lantern-post-small-packet', { destination: us });
    const tracked = price('red-lantern-post-tracked', { destination: us });
    const line = price('bluebridge-us-line', { destination: us });
    const express = price('swiftwing-worldwide', { destination: us });
    expect(postal).toBeLessThan(tracked);
    expect(postal).toBeLessThan(line);
    expect(line).toBeLessThan(express);
    expect(postal).toBeGreaterThan(20);
    expect(postal).toBeLessThan(80);
  });

  it('prices express 0.5 kg to the US within published levels, fuel included', () => {
    const express = price('swiftwing-worldwide', { destination: us });
    expect(express).toBeGreaterThan(150);
    expect(express).toBeLessThan(400);
    // Rounded up to the next 0.5 kg: 501 g costs one more step.
    expect(price('swiftwing-worldwide', { weightG: 501, destination: us })).toBeGreaterThan(
      express,
    );
    // A remote Alaskan postcode pays the remote-area surcharge.
    expect(price('swiftwing-worldwide', { destination: to('US', '99701') })).toBeGreaterThan(
      express,
    );
  });

  it('makes the value chain cheaper than the dedicated line and express for a 500 g parcel to Germany', () => {
    const de = to('DE', '10115');
    const chain =
      price('pearl-pickup-prd', { destination: to('CN') }) +
      price('nanling-hub-standard', { destination: to('CN') }) +
      price('greatbay-prd-shuttle', { destination: to('CN') }) +
      price('shekou-customs-brokerage-9610', { destination: to('CN') }) +
      price('prc-szx-europe', { destination: to('DE') }) +
      price('eurogate-eu-import', { destination: to('DE') }) +
      price('europa-domestic', { destination: de });
    expect(chain).toBeLessThan(price('eurolink-eu-general', { destination: de }));
    expect(chain).toBeLessThan(price('swiftwing-worldwide', { destination: de }));
  });

  it('keeps the post cheapest for a light parcel', () => {
    for (const c of ['US', 'DE', 'JP']) {
      const post = price('red-lantern-post-tracked', { weightG: 100, destination: to(c) });
      const lines = services().filter(
        (s) => s.mode === 'dedicated-line' && s.lanes.some((l) => l.to.includes(c)),
      );
      expect(lines.length, c).toBeGreaterThan(0);
      for (const l of lines)
        expect(post, `${c} ${l.id}`).toBeLessThan(
          price(l.id, { weightG: 100, destination: to(c) }),
        );
    }
  });

  it('raises the Shenzhen–Americas air card from July (peak season)', () => {
    const h1 = price('prc-szx-americas', { weightG: 5000, destination: to('US') });
    const h2 = price(
      'prc-szx-americas',
      { weightG: 5000, destination: to('US') },
      new Date('2026-08-01T00:00:00Z'),
    );
    expect(h2).toBeGreaterThan(h1);
  });

  it('surcharges batteries on a battery line and refuses them on a general line', () => {
    const de = to('DE');
    const plain = price('eurolink-eu-battery', { destination: de });
    expect(
      price('eurolink-eu-battery', { destination: de, goods: ['battery-in-equipment'] }),
    ).toBeGreaterThan(plain);
    expect(service('eurolink-eu-general').restrictions.refusedGoods).toContain(
      'battery-in-equipment',
    );
  });
});

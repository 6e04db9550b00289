// The partner simulator against a real Silkline on a loopback port: orders booked through the API,
// every partner played over HTTP only (keys, secrets, legs, acknowledgements, signed events),
// the shared clock stepped through two simulated weeks; then, through the public API, parcels
// have moved, some are delivered, and every event sent twice is stored once.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeCases } from '../shell/db/test-stores.ts';
import { readTrackingMappings } from '../shell/files/tracking-mappings.ts';
import {
  eventually,
  openTestApp,
  orderBody,
  TEST_NOW,
  type TestApp,
} from '../shell/http/test-app.ts';
import { startSimulator } from './driver.ts';

const HOUR = 3_600_000;
const BUYERS = [
  { country: 'DE', postcode: '10115', city: 'Berlin' },
  { country: 'GB', postcode: 'SW1A 1AA', city: 'London' },
  { country: 'US', postcode: '10001', city: 'New York' },
  { country: 'RU', postcode: '101000', city: 'Moscow' },
  { country: 'FR', postcode: '75001', city: 'Paris' },
  { country: 'JP', postcode: '100-0001', city: 'Tokyo' },
];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(storeCases())('the partner simulator against Silkline on $name', (storeCase) => {
  // One clock for the integrator and the simulated partners, stepped by the test: while it
  // stands still, signatures are fresh and what falls due is sent before the next step.
  let nowMs = TEST_NOW.getTime();
  const clock = { now: () => new Date(nowMs) };
  let t: TestApp;
  let server: ReturnType<typeof serve> | undefined;
  let base = '';

  beforeAll(async () => {
    t = await openTestApp(storeCase, { workers: true, clock });
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((ok) => server!.once('listening', () => ok()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    if (server) await new Promise<void>((ok) => server!.close(() => ok()));
    await t?.close();
  });

  async function api(key: string | null, method: string, path: string, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  it('moves booked parcels along their legs; an event sent many times is stored once', async () => {
    const seller = await t.key('simulated-shop', 'seller');
    const operator = await t.key('simulator-ops', 'operator');
    const orderIds: string[] = [];
    for (const [i, buyer] of BUYERS.entries()) {
      const r = await api(seller.key, 'POST', '/v1/orders', orderBody(`SIM-${i + 1}`, { buyer }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      orderIds.push(r.body.id);
    }
    const shipmentIds = await eventually(
      async () => {
        const ids: string[] = [];
        for (const orderId of orderIds) {
          const r = await api(seller.key, 'GET', `/v1/shipments?orderId=${orderId}`);
          const shipment = r.body.data?.[0];
          if (!shipment || shipment.status !== 'booked') return undefined;
          ids.push(shipment.id);
        }
        return ids;
      },
      90_000,
      'every order booked',
    );

    const mappings = await readTrackingMappings(t.deps.planning.network.timezone);
    if (!mappings.ok) throw new Error('the demo mappings do not load');
    const lines: string[] = [];
    const simulator = await startSimulator({
      baseUrl: base,
      operatorKey: operator.key,
      network: t.deps.planning.network,
      mappings: mappings.value,
      clock,
      speed: 1,
      pollIntervalMs: 100,
      tickMs: 20,
      reportEveryMs: 0,
      model: {
        seed: 7,
        faults: { duplicate: 0.3, outOfOrder: 0.2, late: 0.05, drop: 0, unmapped: 0.05 },
      },
      log: (line) => lines.push(line),
    });
    try {
      expect(simulator.partnerKeys.size).toBe(t.deps.planning.network.partners.size);
      await eventually(
        async () => (simulator.stats().shipments >= shipmentIds.length ? true : undefined),
        60_000,
        'the simulator to take every shipment',
      );
      // Sixteen simulated days, four hours at a time.
      for (let step = 0; step < 96; step++) {
        nowMs += 4 * HOUR;
        await eventually(async () => (simulator.busy() ? undefined : true), 60_000, 'sendings');
      }
    } finally {
      await simulator.stop();
    }
    const stats = simulator.stats();
    process.stdout.write(`  ${simulator.report()}\n`);
    expect(lines.filter((l) => !l.startsWith('simulator @'))).toEqual([]);
    expect(stats.httpErrors).toBe(0);
    expect(stats.sent).toBeGreaterThan(shipmentIds.length * 3);
    // Silkline accounted for every sending; each duplicate was recognised as one.
    const s = stats.server;
    expect(s.invalid).toBe(0);
    expect(s.recorded + s.duplicates + s.unmatched + s.unmapped).toBe(stats.sent);
    expect(stats.duplicates).toBeGreaterThan(0);
    expect(s.duplicates).toBeGreaterThanOrEqual(stats.duplicates);

    const statuses: string[] = [];
    for (const shipmentId of shipmentIds) {
      const view = await api(seller.key, 'GET', `/v1/tracking/${shipmentId}`);
      expect(view.status, JSON.stringify(view.body)).toBe(200);
      // Stored once: no event twice in the timeline, whatever was resent.
      const ids = view.body.timeline.map((e: Json) => `${e.partnerId}/${e.eventId}`);
      expect(new Set(ids).size).toBe(ids.length);
      // In time order, whatever order they came in.
      const times = view.body.timeline.map((e: Json) => Date.parse(e.at));
      expect(times).toEqual([...times].sort((a: number, b: number) => a - b));
      const page = await api(null, 'GET', `/v1/public/tracking/${view.body.parcel.trackingNumber}`);
      expect(page.status).toBe(200);
      statuses.push(page.body.status.status);
    }
    const advanced = statuses.filter((x) => !['pending', 'info_received'].includes(x));
    expect(advanced.length).toBeGreaterThanOrEqual(shipmentIds.length - stats.lostParcels);
    expect(statuses).toContain('delivered');
    process.stdout.write(`  statuses: ${statuses.join(', ')}\n`);
    if (stats.unmapped > 0) {
      const unmapped = await api(operator.key, 'GET', '/v1/tracking/unmapped');
      expect(unmapped.body.data.length).toBeGreaterThan(0);
    }
  }, 900_000);
});

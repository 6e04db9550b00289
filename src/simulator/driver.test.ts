import { beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork, type Network } from '../core/network/index.ts';
import type { TrackingMappings } from '../core/tracking/index.ts';
import { DEMO_NETWORK_DIR, readNetworkDir } from '../shell/files/network-dir.ts';
import { readTrackingMappings } from '../shell/files/tracking-mappings.ts';
import { verify } from '../shell/webhooks/signature.ts';
import { calibratedClock, signatureHeader, startSimulator } from './driver.ts';

let network: Network;
let mappings: TrackingMappings;
beforeAll(async () => {
  const loaded = loadNetwork(await readNetworkDir(DEMO_NETWORK_DIR));
  if (!loaded.ok) throw new Error('the demo network does not load');
  network = loaded.value;
  const read = await readTrackingMappings(network.timezone);
  if (!read.ok) throw new Error('the demo mappings do not load');
  mappings = read.value;
});

const until = async (check: () => boolean, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the simulator’s driver', () => {
  it('signs as Silkline’s webhook verifies', () => {
    const body = '[{"eventId":"E1"}]';
    const header = signatureHeader('pwsec_test', 1_790_000_000, body);
    expect(verify('pwsec_test', header, body, 1_790_000_010, 300)).toEqual({
      ok: true,
      timestamp: 1_790_000_000,
    });
    expect(verify('pwsec_other', header, body, 1_790_000_010, 300).ok).toBe(false);
  });

  it('sets a standalone clock from the server’s answer with the shortest round trip', () => {
    let real = 1_000_000;
    const clock = calibratedClock(100, () => real);
    expect(clock.now().getTime()).toBe(1_000_000);
    // Server time 2026-12-01T00:00Z stamped during a 40 ms exchange: placed at its middle.
    clock.observe('2026-12-01T00:00:00.000Z', real - 40, real);
    expect(clock.now().getTime()).toBe(Date.parse('2026-12-01T00:00:00Z') + 20 * 100);
    // A slower exchange says less: ignored.
    clock.observe('2026-12-05T00:00:00.000Z', real - 400, real);
    expect(clock.now().getTime()).toBe(Date.parse('2026-12-01T00:00:00Z') + 20 * 100);
    real += 1000;
    expect(clock.now().getTime()).toBe(Date.parse('2026-12-01T00:00:00Z') + 1020 * 100);
  });

  it('plays a partner over the API: key, secret, legs, acknowledgement, signed batches; adapts to a server checking signatures on its wall clock', async () => {
    let nowMs = Date.parse('2026-11-25T02:00:00Z');
    const clock = { now: () => new Date(nowMs) };
    const secret = 'pwsec_fake';
    const received: { eventId: string; code: string }[] = [];
    let acked = 0;
    let stale = 0;
    const leg = {
      id: 'leg_01testtesttesttesttesttest',
      shipmentId: 'shp_01testtesttesttesttesttest',
      seq: 0,
      activity: 'express',
      serviceId: 'globelink-priority',
      from: 'sr-shenzhen',
      to: 'buyer:DE:10115',
      destinationCountry: 'DE',
      partnerRef: 'GLOBEL-TESTTEST01',
      acknowledgedAt: null,
    };
    // A fake Silkline: what the driver calls, nothing more. Its webhook judges freshness on the
    // wall clock, so the simulated timestamps (a day earlier) are refused until the driver adapts.
    const fakeFetch = (async (url: string, init: RequestInit) => {
      const path = new URL(url).pathname + new URL(url).search;
      const json = (status: number, body: unknown) =>
        new Response(JSON.stringify(body), { status });
      if (path === '/v1/keys') return json(201, { key: 'sl_pa_fake', keyId: 'k', tenantId: 't' });
      if (path === '/v1/partners/globelink-express/secret')
        return json(201, { partnerId: 'globelink-express', secret, createdAt: clock.now() });
      if (path.startsWith('/v1/partner/legs?'))
        return json(200, { data: acked === 0 ? [leg] : [], nextCursor: null });
      if (path === `/v1/partner/legs/${leg.id}/ack`) {
        acked++;
        return json(200, { ...leg, acknowledgedAt: clock.now().toISOString() });
      }
      if (path === '/v1/partner/events') {
        const headers = init.headers as Record<string, string>;
        expect(headers['silkline-partner']).toBe('globelink-express');
        const body = String(init.body);
        const check = verify(
          secret,
          headers['silkline-signature']!,
          body,
          Math.floor(Date.now() / 1000),
          300,
        );
        if (!check.ok) {
          stale++;
          return json(401, { detail: "the signature's timestamp is more than 300 s old" });
        }
        const events = JSON.parse(body) as { eventId: string; code: string }[];
        received.push(...events);
        return json(200, { received: events.length, recorded: events.length, results: [] });
      }
      return json(404, { detail: `no ${path}` });
    }) as typeof fetch;

    const lines: string[] = [];
    const simulator = await startSimulator({
      baseUrl: 'http://silkline.test',
      operatorKey: 'sl_op_fake',
      network,
      mappings,
      clock,
      speed: 1,
      partners: ['globelink-express'],
      pollIntervalMs: 20,
      tickMs: 5,
      reportEveryMs: 0,
      model: {
        seed: 2,
        faults: { duplicate: 0.5, outOfOrder: 0, late: 0, drop: 0, unmapped: 0 },
        failedDelivery: 0,
        refusedDelivery: 0,
      },
      fetch: fakeFetch,
      log: (l) => lines.push(l),
    });
    try {
      await until(() => simulator.stats().shipments === 1, 'the leg to be simulated');
      expect(acked).toBe(1);
      for (let step = 0; step < 60; step++) {
        nowMs += 6 * 3_600_000;
        await until(() => !simulator.busy(), 'sendings');
      }
    } finally {
      await simulator.stop();
    }
    const stats = simulator.stats();
    expect(stale).toBeGreaterThanOrEqual(2);
    expect(lines).toContain(
      'simulator: Silkline checks signatures against its wall clock: signing with the real time',
    );
    expect(stats.httpErrors).toBe(0);
    expect(stats.sent).toBe(received.length);
    expect(stats.duplicates).toBeGreaterThan(0);
    // Every event of the leg arrived, duplicates with their original id; the last is the delivery.
    const ids = new Set(received.map((e) => e.eventId));
    expect(ids.size).toBe(received.length - stats.duplicates);
    expect(received.map((e) => e.code)).toContain('DL');
  });
});

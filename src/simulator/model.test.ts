import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork, type Network, type Service } from '../core/network/index.ts';
import {
  buildTimeline,
  legPlaceOf,
  lookupCode,
  normalizeEvent,
  parseEventTime,
  type TrackingEvent,
  type TrackingMappings,
} from '../core/tracking/index.ts';
import { DEMO_NETWORK_DIR, readNetworkDir } from '../shell/files/network-dir.ts';
import { readTrackingMappings } from '../shell/files/tracking-mappings.ts';
import {
  DEFAULT_MODEL_OPTIONS,
  type ModelOptions,
  nextDepartureMs,
  type SimLeg,
  SimWorld,
  simulateShipment,
} from './model.ts';

// Chains the demo network's planner makes (silkline plan --orders data/demo-orders.csv).
type Hop = readonly [
  activity: string,
  partnerId: string,
  serviceId: string,
  from: string,
  to: string,
];
const CHAINS: Record<string, readonly Hop[]> = {
  'value chain to London': [
    ['pickup', 'lingnan-collect', 'lingnan-collect-evening', 'sr-shenzhen', 'hub-shenzhen'],
    [
      'hub-handling',
      'nanling-logistics-centre',
      'nanling-hub-standard',
      'hub-shenzhen',
      'hub-shenzhen',
    ],
    ['domestic-linehaul', 'greatbay-trucking', 'greatbay-prd-shuttle', 'hub-shenzhen', 'gw-szx'],
    ['export-clearance', 'baiyun-declaration', 'baiyun-declaration-9610', 'gw-szx', 'gw-szx'],
    ['international-linehaul', 'pearl-river-cargo', 'prc-szx-europe', 'gw-szx', 'gw-lhr'],
    ['import-clearance', 'thames-clearance', 'thames-gb-import', 'gw-lhr', 'gw-lhr'],
    ['last-mile', 'albion-delivery', 'albion-48', 'gw-lhr', 'buyer:GB:SW1A 1AA'],
  ],
  'value chain from Yiwu to Dubai': [
    ['pickup', 'yiwu-runner', 'yiwu-runner-market', 'sr-yiwu', 'hub-yiwu'],
    ['hub-handling', 'zhejiang-consolidation', 'zhejiang-hub-yiwu', 'hub-yiwu', 'hub-yiwu'],
    ['domestic-linehaul', 'zhejiang-linehaul', 'zhejiang-yiwu-shuttle', 'hub-yiwu', 'gw-pvg'],
    [
      'export-clearance',
      'yiwu-market-declaration',
      'yiwu-market-declaration-9610',
      'gw-pvg',
      'gw-pvg',
    ],
    ['international-linehaul', 'eastern-sky-cargo', 'esc-pvg-eurasia', 'gw-pvg', 'gw-dxb'],
    ['import-clearance', 'gulf-levant-clearing', 'glc-ae-import', 'gw-dxb', 'gw-dxb'],
    ['last-mile', 'desert-falcon-delivery', 'falcon-uae', 'gw-dxb', 'buyer:AE:00000'],
  ],
  'express to Moscow': [
    ['express', 'swiftwing-express', 'swiftwing-worldwide', 'sr-shenzhen', 'buyer:RU:101000'],
  ],
  'dedicated line to Tel Aviv': [
    ['dedicated-line', 'crescent-line', 'crescent-me-line', 'sr-guangzhou', 'buyer:IL:6100000'],
  ],
  'overseas warehouse in the US': [
    [
      'overseas-warehouse',
      'westcoast-fulfilment',
      'westcoast-ontario',
      'wh-us-ontario',
      'buyer:US:10001',
    ],
  ],
  'postal small packet (milestones)': [
    [
      'postal',
      'red-lantern-post',
      'red-lantern-post-small-packet',
      'sr-shenzhen',
      'buyer:DE:10115',
    ],
  ],
  'postal tracked (full)': [
    ['postal', 'red-lantern-post', 'red-lantern-post-tracked', 'sr-shenzhen', 'buyer:DE:10115'],
  ],
};
const CHAIN_NAMES = Object.keys(CHAINS);

function legsOf(chain: readonly Hop[], shipment: string): SimLeg[] {
  return chain.map(([activity, partnerId, serviceId, from, to], seq) => ({
    legId: `leg_${shipment}${String(seq).padStart(3, '0')}`,
    shipmentId: `shp_${shipment}`,
    seq,
    partnerId,
    serviceId,
    activity,
    from,
    to,
    destinationCountry: chain.at(-1)![4].split(':')[1] ?? null,
    trackingNumber: `SIM${shipment}${seq}`.toUpperCase(),
  }));
}

const START = Date.parse('2026-11-26T03:00:00Z');
const NO_FAULTS = { duplicate: 0, outOfOrder: 0, late: 0, drop: 0, unmapped: 0 };

let network: Network;
let mappings: TrackingMappings;
let world: SimWorld;

beforeAll(async () => {
  const loaded = loadNetwork(await readNetworkDir(DEMO_NETWORK_DIR));
  if (!loaded.ok) throw new Error('the demo network does not load');
  network = loaded.value;
  const read = await readTrackingMappings(network.timezone);
  if (!read.ok) throw new Error('the demo mappings do not load');
  mappings = read.value;
  world = new SimWorld(network, mappings);
});

/** The demo network with one service changed. */
function worldWith(serviceId: string, change: Partial<Service>): SimWorld {
  const services = new Map(network.services);
  services.set(serviceId, { ...network.services.get(serviceId)!, ...change });
  return new SimWorld({ ...network, services }, mappings);
}

function options(overrides: Partial<ModelOptions> = {}): ModelOptions {
  return { ...DEFAULT_MODEL_OPTIONS, ...overrides };
}

/** What Silkline's core makes of the emissions: normalized, deduplicated, ordered. */
function timelineOf(sim: ReturnType<typeof simulateShipment>, legs: readonly SimLeg[]) {
  const events: TrackingEvent[] = [];
  for (const e of sim.emissions) {
    const n = normalizeEvent(e.partnerId, e.event, mappings);
    if (n.kind === 'event') events.push(n.event);
  }
  return buildTimeline(
    legs.map((l) => ({
      seq: l.seq,
      partnerId: l.partnerId,
      serviceId: l.serviceId,
      activities: network.services.get(l.serviceId)!.activities,
      from: legPlaceOf(network, l.from),
      to: legPlaceOf(network, l.to),
    })),
    events,
  );
}

const arbitraryCase = fc.record({
  chain: fc.constantFrom(...CHAIN_NAMES),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  shipment: fc.stringMatching(/^[0-9a-z]{6,12}$/),
  startOffsetH: fc.integer({ min: 0, max: 24 * 60 }),
});

describe('the partner simulator model', () => {
  it('gives the same shipment the same timeline and sendings for the same seed, another for another seed', () => {
    for (const name of CHAIN_NAMES) {
      const legs = legsOf(CHAINS[name]!, 'same01');
      const a = simulateShipment(world, legs, START, options({ seed: 11 }));
      const b = simulateShipment(world, legs, START, options({ seed: 11 }));
      expect(b).toEqual(a);
      // Unaffected by what was simulated before (each shipment draws from its own stream).
      simulateShipment(world, legsOf(CHAINS[name]!, 'other1'), START, options({ seed: 11 }));
      expect(simulateShipment(world, legs, START, options({ seed: 11 }))).toEqual(a);
      const c = simulateShipment(world, legs, START, options({ seed: 12 }));
      expect(c.emissions.map((e) => e.sendAtMs)).not.toEqual(a.emissions.map((e) => e.sendAtMs));
    }
  });

  it('names the buyer’s city, from the leg, in the scans at the buyer’s door', () => {
    let seen = 0;
    for (const name of CHAIN_NAMES) {
      const legs = legsOf(CHAINS[name]!, 'city01').map((l, i, all) =>
        i === all.length - 1 ? { ...l, destinationCity: 'Testville' } : l,
      );
      const sim = simulateShipment(world, legs, START, options({ seed: 5 }));
      const doorScans = sim.legs
        .at(-1)!
        .events.filter((e) => e.status === 'delivered' && e.subStatus !== 'collected');
      for (const e of doorScans) expect(e.body.location.city).toBe('Testville');
      seen += doorScans.length;
      // Without a city on the leg the scan still names the country.
      const bare = simulateShipment(
        world,
        legsOf(CHAINS[name]!, 'city01'),
        START,
        options({ seed: 5 }),
      );
      for (const e of bare.legs.at(-1)!.events)
        expect(e.body.location.country).toMatch(/^[A-Z]{2}$/);
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('keeps each leg’s events in time order, stamped with the place’s local offset, and sends none before it happens', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ chain, seed, shipment, startOffsetH }) => {
        const legs = legsOf(CHAINS[chain]!, shipment);
        const sim = simulateShipment(
          world,
          legs,
          START + startOffsetH * 3_600_000,
          options({ seed }),
        );
        let previousEnd: number | null = null;
        for (const leg of sim.legs) {
          // Each leg starts when the one before hands the parcel on (to the minute).
          if (previousEnd !== null)
            expect(leg.readyMs).toBe(Math.floor(previousEnd / 60_000) * 60_000);
          previousEnd = leg.endMs;
          for (let i = 1; i < leg.events.length; i++)
            expect(leg.events[i]!.occurredAtMs).toBeGreaterThan(leg.events[i - 1]!.occurredAtMs);
          for (const e of leg.events) {
            const parsed = parseEventTime(e.body.occurredAt);
            expect('utcMs' in parsed ? parsed.utcMs : parsed.error).toBe(e.occurredAtMs);
            expect(e.occurredAtMs).toBeGreaterThanOrEqual(leg.readyMs);
          }
        }
        for (const e of sim.emissions) expect(e.sendAtMs).toBeGreaterThanOrEqual(e.occurredAtMs);
        for (let i = 1; i < sim.emissions.length; i++)
          expect(sim.emissions[i]!.sendAtMs).toBeGreaterThanOrEqual(sim.emissions[i - 1]!.sendAtMs);
      }),
      { numRuns: 150 },
    );
  });

  it('speaks each partner’s own codes: every code is in its mapping, except the deliberate unmapped share', () => {
    fc.assert(
      fc.property(
        arbitraryCase,
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        ({ chain, seed, shipment }, unmapped) => {
          const legs = legsOf(CHAINS[chain]!, shipment);
          const sim = simulateShipment(
            world,
            legs,
            START,
            options({ seed, faults: { ...DEFAULT_MODEL_OPTIONS.faults, unmapped } }),
          );
          for (const leg of sim.legs)
            for (const e of leg.events) {
              const found = lookupCode(mappings, leg.partnerId, e.body.code, e.occurredAtMs);
              if (e.unmapped) expect(found.ok).toBe(false);
              else {
                expect(found.ok).toBe(true);
                if (found.ok) {
                  expect(found.entry.status).toBe(e.status);
                  expect(found.entry.subStatus).toBe(e.subStatus);
                }
              }
            }
          if (unmapped === 0) expect(sim.counts.unmapped).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('sends unmapped codes at about the configured rate, and none when it is zero', () => {
    let events = 0;
    let unmapped = 0;
    for (let i = 0; i < 300; i++) {
      const sim = simulateShipment(
        world,
        legsOf(CHAINS['value chain to London']!, `unm${i}`),
        START,
        options({ seed: 5, faults: { ...NO_FAULTS, unmapped: 0.05 } }),
      );
      events += sim.counts.events - sim.counts.unmapped;
      unmapped += sim.counts.unmapped;
    }
    // One chance after every mapped event but each leg's last: a little under 5 % of them.
    expect(unmapped / events).toBeGreaterThan(0.025);
    expect(unmapped / events).toBeLessThan(0.06);
  });

  it('loses parcels at the service’s loss rate', () => {
    const observed = (w: SimWorld, chain: readonly Hop[], n: number) => {
      let lost = 0;
      for (let i = 0; i < n; i++) {
        const sim = simulateShipment(w, legsOf(chain, `loss${i}`), START, options({ seed: 3 }));
        if (sim.outcome === 'lost') lost++;
      }
      return lost / n;
    };
    const postal = CHAINS['postal small packet (milestones)']!;
    // The demo's own figure: 1.5 % (3,000 parcels: the standard error is 0.22 points).
    expect(Math.abs(observed(world, postal, 3000) - 0.015)).toBeLessThan(0.008);
    // A lossier service, for a tighter check of the rate itself.
    const lossy = worldWith('red-lantern-post-small-packet', { lossRate: 0.2 });
    expect(Math.abs(observed(lossy, postal, 2000) - 0.2)).toBeLessThan(0.03);
    // A lost parcel stops: nothing after the loss, no later leg.
    const chain = CHAINS['value chain to London']!;
    const certain = worldWith('prc-szx-europe', { lossRate: 1 });
    const sim = simulateShipment(certain, legsOf(chain, 'lost01'), START, options({ seed: 1 }));
    expect(sim.outcome).toBe('lost');
    expect(sim.legs[4]!.lost).toBe(true);
    expect(sim.legs.slice(5).every((l) => l.skipped && l.events.length === 0)).toBe(true);
  });

  it('emits fewer scans for a milestones service than a fully tracked one, and none for an untracked one', () => {
    const count = (w: SimWorld, chain: readonly Hop[]) => {
      let n = 0;
      for (let i = 0; i < 100; i++)
        n += simulateShipment(w, legsOf(chain, `lvl${i}`), START, options({ faults: NO_FAULTS }))
          .counts.events;
      return n / 100;
    };
    const milestones = count(world, CHAINS['postal small packet (milestones)']!);
    const full = count(world, CHAINS['postal tracked (full)']!);
    expect(milestones).toBeGreaterThan(2);
    expect(milestones).toBeLessThan(full * 0.75);
    const none = worldWith('red-lantern-post-small-packet', { tracking: 'none' });
    expect(count(none, CHAINS['postal small packet (milestones)']!)).toBe(0);
  });

  it('holds parcels in customs at the inspection rate and releases them after the delay', () => {
    const always = worldWith('thames-gb-import', {
      clearance: { ...network.services.get('thames-gb-import')!.clearance!, inspectionRate: 1 },
    });
    for (let i = 0; i < 30; i++) {
      const sim = simulateShipment(
        always,
        legsOf(CHAINS['value chain to London']!, `hold${i}`),
        START,
        options({ faults: NO_FAULTS }),
      );
      const customs = sim.legs[5]!;
      if (sim.legs[4]!.lost || customs.skipped) continue;
      expect(customs.inspected).toBe(true);
      const statuses = customs.events.map((e) => `${e.status}/${e.subStatus}`);
      const hold = statuses.findIndex((s) =>
        [
          'import_customs/held',
          'import_customs/information_required',
          'import_customs/duties_due',
        ].includes(s),
      );
      expect(hold).toBeGreaterThan(-1);
      expect(statuses.indexOf('import_customs/released')).toBeGreaterThan(hold);
    }
    let inspected = 0;
    for (let i = 0; i < 2000; i++) {
      const sim = simulateShipment(
        world,
        legsOf(CHAINS['value chain to London']!.slice(5, 6), `insp${i}`),
        START,
        options({ faults: NO_FAULTS }),
      );
      if (sim.legs[0]!.inspected) inspected++;
    }
    // thames-gb-import inspects 3 %.
    expect(Math.abs(inspected / 2000 - 0.03)).toBeLessThan(0.015);
  });

  it('fails delivery attempts at the configured rate, then delivers or leaves the parcel for pickup', () => {
    for (let i = 0; i < 30; i++) {
      const sim = simulateShipment(
        world,
        legsOf(CHAINS['value chain to London']!.slice(6), `fail${i}`),
        START,
        options({ failedDelivery: 1, refusedDelivery: 0, faults: NO_FAULTS }),
      );
      if (sim.outcome === 'lost') continue;
      const statuses = sim.legs[0]!.events.map((e) => e.status);
      expect(statuses).toContain('delivery_failed');
      expect(statuses.at(-1)).toBe('delivered');
      expect(sim.outcome).toBe('delivered');
    }
  });

  it('applies the transport faults: duplicates share the event id, held-back events go after the next one, late ones hours late', () => {
    const legs = legsOf(CHAINS['express to Moscow']!, 'faults');
    const clean = simulateShipment(world, legs, START, options({ faults: NO_FAULTS }));
    expect(clean.emissions.map((e) => e.event)).toEqual(clean.legs[0]!.events.map((e) => e.body));
    expect(clean.counts).toMatchObject({ duplicates: 0, outOfOrder: 0, late: 0, dropped: 0 });

    const twice = simulateShipment(
      world,
      legs,
      START,
      options({ faults: { ...NO_FAULTS, duplicate: 1 } }),
    );
    expect(twice.emissions).toHaveLength(2 * clean.emissions.length);
    const ids = new Map<string, number>();
    for (const e of twice.emissions) ids.set(e.event.eventId, (ids.get(e.event.eventId) ?? 0) + 1);
    expect([...ids.values()].every((n) => n === 2)).toBe(true);

    const shuffled = simulateShipment(
      world,
      legs,
      START,
      options({ faults: { ...NO_FAULTS, outOfOrder: 0.5 } }),
    );
    const sentOrder = shuffled.emissions.map((e) => e.occurredAtMs);
    expect(shuffled.counts.outOfOrder).toBeGreaterThan(0);
    expect(sentOrder).not.toEqual([...sentOrder].sort((a, b) => a - b));

    const late = simulateShipment(
      world,
      legs,
      START,
      options({ faults: { ...NO_FAULTS, late: 1 } }),
    );
    for (const e of late.emissions)
      expect(e.sendAtMs - e.occurredAtMs).toBeGreaterThanOrEqual(2 * 3_600_000);
  });

  it('gives Silkline’s core the same final status whatever the faults: duplicates and disorder change nothing', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ chain, seed, shipment }) => {
        const legs = legsOf(CHAINS[chain]!, shipment);
        const faults = { duplicate: 0.3, outOfOrder: 0.3, late: 0.2, drop: 0, unmapped: 0.1 };
        const noisy = simulateShipment(world, legs, START, options({ seed, faults }));
        const clean = simulateShipment(world, legs, START, options({ seed, faults: NO_FAULTS }));
        const a = timelineOf(noisy, legs);
        const b = timelineOf(clean, legs);
        expect(a.status).toEqual(b.status);
        if (noisy.outcome === 'delivered') expect(a.status.status).toBe('delivered');
        if (noisy.outcome === 'returned') expect(a.status.status).toBe('returned_to_sender');
      }),
      { numRuns: 60 },
    );
  });

  it('departs on the schedule: the first cut-off at or after the goods are ready', () => {
    const schedule = {
      timezone: 'Asia/Shanghai',
      departures: [
        {
          weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] as const,
          cutoff: 18 * 60,
          departs: 20 * 60,
          capacityKg: null,
          capacityParcels: null,
        },
      ],
    };
    // Friday 2026-11-27 17:00 in Shanghai: that evening's departure.
    expect(
      new Date(nextDepartureMs(schedule, Date.parse('2026-11-27T09:00:00Z'))!).toISOString(),
    ).toBe('2026-11-27T12:00:00.000Z');
    // Friday 19:00, after the cut-off: Monday's.
    expect(
      new Date(nextDepartureMs(schedule, Date.parse('2026-11-27T11:00:00Z'))!).toISOString(),
    ).toBe('2026-11-30T12:00:00.000Z');
  });
});

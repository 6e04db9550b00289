import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Activity, loadNetwork, type Network } from '../../core/network/index.ts';
import {
  checkMappingsAgainstNetwork,
  lookupCode,
  normalizeEvent,
  type TrackingMappings,
  type TrackingStatus,
} from '../../core/tracking/index.ts';
import { DEMO_NETWORK_DIR, readNetworkDir } from './network-dir.ts';
import { formatMappingIssue, readTrackingMappings } from './tracking-mappings.ts';

let network: Network;
let mappings: TrackingMappings;

beforeAll(async () => {
  const loaded = loadNetwork(await readNetworkDir(DEMO_NETWORK_DIR));
  if (!loaded.ok) throw new Error('the demo network does not load');
  network = loaded.value;
  const read = await readTrackingMappings(network.timezone);
  if (!read.ok) throw new Error(read.error.map(formatMappingIssue).join('\n'));
  mappings = read.value;
});

const MARCH = Date.UTC(2026, 2, 1);

/** The EMSEVT events of shared/reference/tracking.md. */
const UPU_CODES = [
  'EMA',
  'EMB',
  'EMC',
  'EXA',
  'EXB',
  'EXC',
  'EXD',
  'EXX',
  'EMJ',
  'EMK',
  'EMD',
  'EDA',
  'EDB',
  'EME',
  'EDC',
  'EMF',
  'EDD',
  'EDE',
  'EMG',
  'EDF',
  'EDG',
  'EDH',
  'EMH',
  'EMI',
  'EDX',
];

/** What a partner doing an activity must be able to say. */
const MUST_SAY: Partial<Record<Activity, TrackingStatus[]>> = {
  pickup: ['picked_up'],
  'export-clearance': ['export_customs'],
  'international-linehaul': ['departed', 'arrived_destination'],
  'import-clearance': ['import_customs'],
  'last-mile': ['out_for_delivery', 'delivered'],
  'warehouse-fulfilment': ['delivered'],
  'returns-handling': ['returned_to_sender'],
};

describe('the shipped tracking mappings', () => {
  it('cover every demo partner, and name none the network does not know', () => {
    expect(network.partners.size).toBe(59);
    expect(checkMappingsAgainstNetwork(mappings, network)).toEqual([]);
  });

  it('map every UPU EMSEVT event of the reference, for every postal partner', () => {
    expect([...mappings.shared.get('upu-emsevt')![0]!.entries.keys()].sort()).toEqual(
      [...UPU_CODES].sort(),
    );
    const posts = [...network.partners.values()].filter((p) => p.kind === 'postal-operator');
    expect(posts.length).toBeGreaterThan(0);
    for (const post of posts) {
      for (const code of UPU_CODES) {
        expect(lookupCode(mappings, post.id, code, MARCH).ok, `${post.id} ${code}`).toBe(true);
      }
    }
  });

  it('let each partner say what its activities need (a carrier can say delivered, a broker released…)', () => {
    for (const partner of network.partners.values()) {
      const says = new Set(
        [...mappings.partners.get(partner.id)![0]!.entries.values()].map((e) => e.status),
      );
      for (const use of mappings.partners.get(partner.id)![0]!.uses)
        for (const e of mappings.shared.get(use)![0]!.entries.values()) says.add(e.status);
      const activities = new Set(partner.services.flatMap((s) => s.activities));
      for (const activity of activities) {
        // A hub operator's "pickup" is the goods' arrival at its hub, not a collection.
        if (
          activity === 'pickup' &&
          ![
            'pickup-fleet',
            'postal-operator',
            'express-integrator',
            'dedicated-line-operator',
          ].includes(partner.kind)
        )
          continue;
        for (const status of MUST_SAY[activity] ?? []) {
          expect(says.has(status), `${partner.id} (${activity}) cannot say ${status}`).toBe(true);
        }
      }
    }
  });

  it('read a demo partner event end to end', () => {
    const out = normalizeEvent(
      'bluebridge-line',
      {
        eventId: 'bbl-1',
        trackingNumber: 'BBL2026000123',
        code: '4010',
        occurredAt: '2026-03-05T09:30:00-05:00',
        location: { country: 'US', city: 'Los Angeles' },
        description: '清关扣留 / Held by customs',
      },
      mappings,
    );
    expect(out).toMatchObject({
      kind: 'event',
      event: { status: 'import_customs', subStatus: 'held', mapping: { table: 'bluebridge-line' } },
    });
  });

  it('use the dated revision for events from its date on', () => {
    expect(lookupCode(mappings, 'globelink-express', 'LK', MARCH).ok).toBe(false);
    expect(lookupCode(mappings, 'globelink-express', 'LK', Date.UTC(2026, 7, 1))).toMatchObject({
      ok: true,
      entry: { status: 'available_for_pickup', subStatus: 'at_locker' },
    });
  });
});

describe('readTrackingMappings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'silkline-tracking-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file, line, field and reason of a bad table', async () => {
    await mkdir(join(dir, 'mappings'), { recursive: true });
    await writeFile(
      join(dir, 'mappings', 'bad.yaml'),
      'partner: bad-one\nvalidFrom: 2026-01-01\nentries:\n  "X1": { status: delivered, subStatus: by_drone, description: Dropped }\n',
    );
    const r = await readTrackingMappings('UTC', dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map(formatMappingIssue)).toEqual([
      'mappings/bad.yaml:4: entries.X1.subStatus: "by_drone" is not a sub-status of delivered (one of: to_recipient, to_neighbour, to_safe_place, collected, signed)',
    ]);
  });

  it('says when the directory is missing', async () => {
    const r = await readTrackingMappings('UTC', join(dir, 'nowhere'));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(formatMappingIssue(r.error[0]!)).toMatch(/^mappings\/: directory not found: /);
  });
});

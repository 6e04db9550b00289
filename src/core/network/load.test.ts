import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNetwork } from './load.ts';
import type { Network, NetworkIssue, SourceFile } from './types.ts';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/networks/small/', import.meta.url));

/** The fixture's files as the shell would hand them over: paths relative to the network directory. */
function fixtureFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(FIXTURE, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(FIXTURE, full).split(sep).join('/'), readFileSync(full, 'utf8'));
  }
  return files;
}

const asSources = (files: Map<string, string>): SourceFile[] =>
  [...files].map(([path, text]) => ({ path, text }));

type Edit = (files: Map<string, string>) => void;

/** Replaces one exact, unique piece of a fixture file (failing loudly if the fixture changed under the test). */
const replace =
  (file: string, from: string, to: string): Edit =>
  (files) => {
    const text = files.get(file);
    if (text === undefined) throw new Error(`fixture has no ${file}`);
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0)
      throw new Error(`"${from}" is not unique in ${file}`);
    files.set(file, text.slice(0, at) + to + text.slice(at + from.length));
  };

function loadWith(...edits: Edit[]) {
  const files = fixtureFiles();
  for (const edit of edits) edit(files);
  return { files, result: loadNetwork(asSources(files)) };
}

function issuesOf(...edits: Edit[]): { files: Map<string, string>; issues: NetworkIssue[] } {
  const { files, result } = loadWith(...edits);
  if (result.ok) throw new Error('expected the network to be rejected, but it loaded');
  return { files, issues: result.error };
}

/** 1-based line of the first line of `file` (as edited) that contains `needle`. */
function lineOf(files: Map<string, string>, file: string, needle: string): number {
  const index = files
    .get(file)!
    .split('\n')
    .findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not in ${file}`);
  return index + 1;
}

function loaded(): Network {
  const result = loadNetwork(asSources(fixtureFiles()));
  if (!result.ok)
    throw new Error(
      `fixture does not load:\n${result.error.map((i) => JSON.stringify(i)).join('\n')}`,
    );
  return result.value;
}

describe('loadNetwork on the small fixture network', () => {
  it('loads every part of the network', () => {
    const network = loaded();
    expect(network.id).toBe('small-test');
    expect(network.originCountry).toBe('CN');
    expect(network.baseCurrency).toBe('CNY');
    expect(network.timezone).toBe('Asia/Shanghai');
    expect([...network.locations.keys()]).toEqual([
      'sz-hub',
      'szx',
      'lax',
      'yantian',
      'la-warehouse',
    ]);
    expect([...network.partners.keys()].sort()).toEqual([
      'test-3pl',
      'test-broker',
      'test-express',
      'test-post',
    ]);
    expect([...network.services.keys()].sort()).toEqual([
      'express-zones',
      'la-fulfilment',
      'post-us',
      'us-import-clearance',
    ]);
    expect(network.partners.get('test-express')).toMatchObject({
      kind: 'express-integrator',
      country: 'HK',
      aeo: true,
    });
    expect(network.partners.get('test-post')!.aeo).toBe(false);
  });

  it('takes time zones from the IATA or UN/LOCODE entry, the origin country or the file', () => {
    const { locations } = loaded();
    expect(locations.get('lax')).toMatchObject({
      kind: 'airport',
      country: 'US',
      iata: 'LAX',
      timezone: 'America/Los_Angeles',
    });
    expect(locations.get('szx')!.timezone).toBe('Asia/Shanghai');
    expect(locations.get('yantian')).toMatchObject({
      unlocode: 'CNYTN',
      timezone: 'Asia/Shanghai',
      iata: null,
    });
    expect(locations.get('sz-hub')).toMatchObject({
      timezone: 'Asia/Shanghai',
      city: 'Shenzhen',
      coordinates: null,
    });
    expect(locations.get('la-warehouse')!.timezone).toBe('America/Los_Angeles');
  });

  it('converts durations to hours', () => {
    const { services } = loaded();
    expect(services.get('post-us')!.lanes[0]!.transit).toEqual({
      kind: 'quantiles',
      minH: 144,
      p50H: 240,
      p90H: 360,
      maxH: 600,
    });
    expect(services.get('express-zones')!.lanes[0]!.transit).toEqual({
      kind: 'quantiles',
      minH: 48,
      p50H: 72,
      p90H: 96,
      maxH: 168,
    });
    const clearance = services.get('us-import-clearance')!.clearance!;
    expect(clearance).toMatchObject({ side: 'import', aeo: true, inspectionRate: 0.05 });
    expect(clearance.clearanceTime).toEqual({
      kind: 'quantiles',
      minH: 2,
      p50H: 6,
      p90H: 24,
      maxH: 72,
    });
    expect(clearance.inspectionDelay).toEqual({
      kind: 'histogram',
      points: [
        { hours: 24, probability: 0.5 },
        { hours: 48, probability: 0.3 },
        { hours: 96, probability: 0.2 },
      ],
    });
  });

  it('dates rate cards and fuel steps at local midnight in the network time zone', () => {
    const pricing = loaded().services.get('post-us')!.pricing;
    expect(pricing.cards.map((c) => [c.card.id, c.validFromMs, c.validToMs])).toEqual([
      [
        'rates/post-us-2025.csv',
        Date.parse('2024-12-31T16:00:00Z'),
        Date.parse('2025-12-31T16:00:00Z'),
      ],
      ['rates/post-us-2026.csv', Date.parse('2025-12-31T16:00:00Z'), null],
    ]);
    const card2026 = pricing.cards[1]!.card;
    expect(card2026).toMatchObject({ shape: 'banded', currency: 'CNY', zones: null });
    expect(card2026.rates.get('US')).toEqual({
      kind: 'banded',
      bands: [
        {
          fromG: 0,
          toG: 500,
          itemFee: { n: 150000n, d: 100n },
          perKg: { n: 855000n, d: 100n },
          line: 2,
        },
        {
          fromG: 500,
          toG: 2000,
          itemFee: { n: 180000n, d: 100n },
          perKg: { n: 800000n, d: 100n },
          line: 3,
        },
      ],
    });
    expect(pricing.chargeableWeight).toEqual({
      rule: 'actual',
      divisor: 6000,
      roundUpToG: 1,
      minimumG: 0,
    });
    expect(pricing.surcharges).toEqual([
      {
        kind: 'fuel',
        name: 'Fuel',
        schedule: [
          { validFromMs: Date.parse('2024-12-31T16:00:00Z'), rate: { n: 10n, d: 100n } },
          { validFromMs: Date.parse('2026-01-31T16:00:00Z'), rate: { n: 125n, d: 1000n } },
        ],
      },
    ]);
  });

  it('reads a step card with its zone table and the surcharges', () => {
    const service = loaded().services.get('express-zones')!;
    const card = service.pricing.cards[0]!.card;
    expect(card.shape).toBe('step');
    expect(card.zones).toEqual([
      { zone: 'US-EAST', country: 'US', postcodePrefix: '' },
      { zone: 'US-WEST', country: 'US', postcodePrefix: '9' },
      { zone: 'EU-1', country: 'DE', postcodePrefix: '' },
    ]);
    expect(card.rates.get('US-WEST')).toMatchObject({
      kind: 'step',
      firstG: 500,
      stepG: 500,
      maxG: 20000,
      overMaxPerKg: null,
    });
    expect(service.pricing.chargeableWeight).toEqual({
      rule: 'max',
      divisor: 5000,
      roundUpToG: 500,
      minimumG: 0,
    });
    expect(service.pricing.surcharges.map((s) => s.kind)).toEqual(['remote-area', 'special-cargo']);
    expect(service.pricing.surcharges[0]).toMatchObject({
      areas: [{ country: 'US', postcodePrefixes: ['995', '996'] }],
      fee: { n: 350000n, d: 100n },
      perKg: { n: 20000n, d: 100n },
    });
    expect(service.pricing.surcharges[1]).toMatchObject({
      goods: ['battery-in-equipment', 'battery-with-equipment'],
      perKg: { n: 0n },
    });
  });

  it('reads schedules, restrictions, warehouses and the service attributes', () => {
    const { services } = loaded();
    const express = services.get('express-zones')!;
    expect(express).toMatchObject({
      partnerId: 'test-express',
      mode: 'express',
      transport: 'air',
      tracking: 'full',
      incoterms: ['DDP', 'DAP'],
    });
    expect(express.schedule).toEqual({
      timezone: 'Asia/Shanghai',
      departures: [
        {
          weekdays: ['mon', 'wed', 'fri'],
          cutoff: 16 * 60,
          departs: 23 * 60 + 30,
          capacityKg: 500,
          capacityParcels: null,
        },
      ],
    });
    expect(express.restrictions).toEqual({
      maxWeightG: 30000,
      maxLongestSideMm: null,
      maxLengthPlusGirthMm: null,
      maxDeclaredValue: { amount: { n: 20000000n, d: 100n }, currency: 'USD' },
      refusedGoods: [],
    });
    const post = services.get('post-us')!;
    expect(post.restrictions).toMatchObject({
      maxWeightG: 2000,
      maxLongestSideMm: 600,
      refusedGoods: ['liquid'],
    });
    expect(post.schedule).toBeNull();
    expect(post.clearance).toBeNull();
    const warehouse = services.get('la-fulfilment')!;
    expect(warehouse.warehouse).toEqual({
      location: 'la-warehouse',
      storagePerCubicMetreDay: { amount: { n: 35000n, d: 100n }, currency: 'USD' },
    });
    expect(warehouse.pricing.cards[0]!.card.currency).toBe('USD');
  });

  it('keeps the FX table of network.yaml', () => {
    expect(loaded().fx).toEqual({
      base: 'CNY',
      rates: [
        {
          currency: 'USD',
          perUnit: { n: 720n, d: 100n },
          validFromMs: Date.parse('2024-12-31T16:00:00Z'),
          validToMs: null,
        },
      ],
    });
  });
});

/** One issue expected at a file, line and field, with a reason matching `message`. */
function expectIssue(
  issues: NetworkIssue[],
  expected: { file: string; line: number | null; field?: string; message: RegExp },
) {
  const hit = issues.find(
    (i) =>
      i.file === expected.file &&
      i.line === expected.line &&
      i.field === expected.field &&
      expected.message.test(i.message),
  );
  if (!hit)
    throw new Error(
      `no issue like ${JSON.stringify({ ...expected, message: String(expected.message) })} in:\n${JSON.stringify(issues, null, 1)}`,
    );
}

describe('loadNetwork rejects bad input, naming the file, the line, the field and the reason', () => {
  it('an unknown country code', () => {
    const { files, issues } = issuesOf(
      replace('locations.yaml', '    country: US\n    iata: LAX', '    country: UX\n    iata: LAX'),
    );
    expectIssue(issues, {
      file: 'locations.yaml',
      line: lineOf(files, 'locations.yaml', 'country: UX'),
      field: 'locations[2].country',
      message: /unknown ISO 3166 country "UX"/,
    });
  });

  it('an unknown IATA airport code', () => {
    const { files, issues } = issuesOf(replace('locations.yaml', 'iata: LAX', 'iata: QQQ'));
    expectIssue(issues, {
      file: 'locations.yaml',
      line: lineOf(files, 'locations.yaml', 'QQQ'),
      field: 'locations[2].iata',
      message: /unknown IATA airport code "QQQ"/,
    });
  });

  it('an IATA code of an airport in another country', () => {
    const { files, issues } = issuesOf(replace('locations.yaml', 'iata: LAX', 'iata: FRA'));
    expect(issues).toEqual([
      {
        file: 'locations.yaml',
        line: lineOf(files, 'locations.yaml', 'FRA'),
        field: 'locations[2].iata',
        message: 'IATA FRA is in DE, but the location says US',
      },
    ]);
  });

  it('a malformed UN/LOCODE', () => {
    const { files, issues } = issuesOf(
      replace('locations.yaml', 'unlocode: CNYTN', 'unlocode: CNYT1'),
    );
    expectIssue(issues, {
      file: 'locations.yaml',
      line: lineOf(files, 'locations.yaml', 'CNYT1'),
      field: 'locations[3].unlocode',
      message: /UN\/LOCODE/,
    });
  });

  it('a seaport UN/LOCODE that is not a known seaport', () => {
    const { files, issues } = issuesOf(
      replace('locations.yaml', 'unlocode: CNYTN', 'unlocode: CNZZZ'),
    );
    expectIssue(issues, {
      file: 'locations.yaml',
      line: lineOf(files, 'locations.yaml', 'CNZZZ'),
      field: 'locations[3].unlocode',
      message: /CNZZZ is not a known seaport/,
    });
  });

  it('a UN/LOCODE of another country', () => {
    const { files, issues } = issuesOf(
      replace('locations.yaml', 'unlocode: CNYTN', 'unlocode: USLAX'),
    );
    expectIssue(issues, {
      file: 'locations.yaml',
      line: lineOf(files, 'locations.yaml', 'USLAX'),
      field: 'locations[3].unlocode',
      message: /USLAX belongs to US, but the location says CN/,
    });
  });

  it('an unknown time zone', () => {
    const { files, issues } = issuesOf(
      replace('locations.yaml', 'timezone: America/Los_Angeles', 'timezone: America/Los_Angles'),
    );
    expect(issues).toEqual([
      {
        file: 'locations.yaml',
        line: lineOf(files, 'locations.yaml', 'Los_Angles'),
        field: 'locations[4].timezone',
        message: 'unknown IANA time zone "America/Los_Angles"',
      },
    ]);
  });

  it('an unknown time zone in a schedule', () => {
    const { files, issues } = issuesOf(
      replace('partners/express.yaml', 'timezone: Asia/Shanghai', 'timezone: Asia/Shenzhen'),
    );
    expect(issues).toEqual([
      {
        file: 'partners/express.yaml',
        line: lineOf(files, 'partners/express.yaml', 'Asia/Shenzhen'),
        field: 'services[0].schedule.timezone',
        message: 'unknown IANA time zone "Asia/Shenzhen"',
      },
    ]);
  });

  it('an unknown currency on a service pricing', () => {
    const { files, issues } = issuesOf(
      replace(
        'partners/warehouse.yaml',
        '      currency: USD\n      chargeable',
        '      currency: RMB\n      chargeable',
      ),
    );
    expect(issues).toEqual([
      {
        file: 'partners/warehouse.yaml',
        line: lineOf(files, 'partners/warehouse.yaml', 'currency: RMB'),
        field: 'services[0].pricing.currency',
        message: 'unknown ISO 4217 currency "RMB"',
      },
    ]);
  });

  it('a pricing currency without an FX rate', () => {
    const { files, issues } = issuesOf(
      replace(
        'partners/warehouse.yaml',
        '      currency: USD\n      chargeable',
        '      currency: EUR\n      chargeable',
      ),
      replace('rates/la-ground.csv', '4.50,1.20,USD', '4.50,1.20,EUR'),
      replace('rates/la-ground.csv', '5.00,1.10,USD', '5.00,1.10,EUR'),
    );
    expect(issues).toEqual([
      {
        file: 'partners/warehouse.yaml',
        line: lineOf(files, 'partners/warehouse.yaml', 'currency: EUR'),
        field: 'services[0].pricing.currency',
        message: 'no FX rate to CNY for EUR in network.yaml',
      },
    ]);
  });

  it('an unknown currency in a rate card CSV, reported against the CSV line', () => {
    const { files, issues } = issuesOf(replace('rates/post-us-2026.csv', '80.00,CNY', '80.00,RMB'));
    expectIssue(issues, {
      file: 'rates/post-us-2026.csv',
      line: 3,
      field: 'currency',
      message: /"RMB" is not an ISO 4217 currency code/,
    });
    expectIssue(issues, {
      file: 'partners/postal.yaml',
      line: lineOf(files, 'partners/postal.yaml', 'rates/post-us-2026.csv'),
      field: 'services[0].pricing.rateCards[1].file',
      message: /rates\/post-us-2026\.csv has errors/,
    });
  });

  it('a card in another currency than the service', () => {
    const { files, issues } = issuesOf(
      replace('partners/broker.yaml', 'currency: CNY', 'currency: USD'),
    );
    expect(issues).toEqual([
      {
        file: 'partners/broker.yaml',
        line: lineOf(files, 'partners/broker.yaml', 'rates/clearance.csv'),
        field: 'services[0].pricing.rateCards[0].file',
        message: 'rates/clearance.csv is in CNY, but the service is priced in USD',
      },
    ]);
  });

  it('a lane endpoint that is neither a location nor a country', () => {
    const { files, issues } = issuesOf(
      replace('partners/postal.yaml', 'from: [sz-hub]', 'from: [sz-hubb]'),
    );
    expect(issues).toEqual([
      {
        file: 'partners/postal.yaml',
        line: lineOf(files, 'partners/postal.yaml', 'sz-hubb'),
        field: 'services[0].lanes[0].from[0]',
        message:
          '"sz-hubb" is neither a location id of locations.yaml nor an ISO 3166 country code',
      },
    ]);
  });

  it('a rate card file that does not exist', () => {
    const { files, issues } = issuesOf(
      replace('partners/postal.yaml', 'rates/post-us-2026.csv', 'rates/post-us-2027.csv'),
    );
    expect(issues).toEqual([
      {
        file: 'partners/postal.yaml',
        line: lineOf(files, 'partners/postal.yaml', 'post-us-2027'),
        field: 'services[0].pricing.rateCards[1].file',
        message: expect.stringMatching(/rates\/post-us-2027\.csv/),
      },
      { file: 'rates/post-us-2027.csv', line: null, message: 'rate card file not found' },
    ]);
  });

  it('a zone table that does not exist', () => {
    const { issues } = issuesOf(
      replace(
        'partners/express.yaml',
        'zones: rates/express-zones.csv',
        'zones: rates/express-zone.csv',
      ),
    );
    expectIssue(issues, {
      file: 'rates/express-zone.csv',
      line: null,
      message: /zone table file not found/,
    });
  });

  it('a rate card with overlapping bands, reported against the CSV file and its line', () => {
    const { issues } = issuesOf(replace('rates/post-us-2026.csv', 'US,500,2000', 'US,400,2000'));
    expectIssue(issues, {
      file: 'rates/post-us-2026.csv',
      line: 3,
      field: 'from_g',
      message: /US: band \(400, 2000\] g at line 3 overlaps \(0, 500\] g at line 2/,
    });
  });

  it('a step card naming a zone its zone table lacks', () => {
    const { issues } = issuesOf(replace('rates/express-step.csv', 'EU-1,500', 'EU-2,500'));
    expectIssue(issues, {
      file: 'rates/express-step.csv',
      line: 4,
      field: 'destination',
      message: /"EU-2" is not a zone of the card's zone table/,
    });
  });

  it('a card without a rate for a destination country of a lane', () => {
    const { files, issues } = issuesOf(replace('partners/postal.yaml', 'to: [US]', 'to: [US, GB]'));
    const line = lineOf(files, 'partners/postal.yaml', 'to: [US, GB]');
    expect(issues).toEqual([
      {
        file: 'partners/postal.yaml',
        line,
        field: 'services[0].lanes[0].to',
        message: 'lane to GB (GB) has no rate in rates/post-us-2025.csv (rateCards[0])',
      },
      {
        file: 'partners/postal.yaml',
        line,
        field: 'services[0].lanes[0].to',
        message: 'lane to GB (GB) has no rate in rates/post-us-2026.csv (rateCards[1])',
      },
    ]);
  });

  it('a lane to a location whose country a zoned card does not cover', () => {
    const { files, issues } = issuesOf(
      replace('partners/express.yaml', 'to: [US, DE]', 'to: [US, DE, yantian]'),
    );
    expectIssue(issues, {
      file: 'partners/express.yaml',
      line: lineOf(files, 'partners/express.yaml', 'yantian'),
      field: 'services[0].lanes[0].to',
      message: /lane to yantian \(CN\) has no rate in rates\/express-step\.csv/,
    });
  });

  it('two cards of a service in force at once', () => {
    const { files, issues } = issuesOf(
      replace('partners/postal.yaml', '          validTo: 2026-01-01\n', ''),
    );
    expect(issues).toEqual([
      {
        file: 'partners/postal.yaml',
        line: lineOf(files, 'partners/postal.yaml', 'rateCards:'),
        field: 'services[0].pricing.rateCards',
        message: expect.stringMatching(
          /rates\/post-us-2025\.csv and rates\/post-us-2026\.csv are both in force on 2025-12-31T16:00:00.000Z/,
        ),
      },
    ]);
  });

  it('a card that ends before it starts', () => {
    const { files, issues } = issuesOf(
      replace('partners/postal.yaml', 'validTo: 2026-01-01', 'validTo: 2024-01-01'),
    );
    expectIssue(issues, {
      file: 'partners/postal.yaml',
      line: lineOf(files, 'partners/postal.yaml', 'validTo'),
      field: 'services[0].pricing.rateCards[0].validTo',
      message: /must be after validFrom/,
    });
  });

  it('a date that does not exist', () => {
    const { files, issues } = issuesOf(
      replace('partners/postal.yaml', 'validTo: 2026-01-01', 'validTo: 2026-02-30'),
    );
    expectIssue(issues, {
      file: 'partners/postal.yaml',
      line: lineOf(files, 'partners/postal.yaml', '2026-02-30'),
      field: 'services[0].pricing.rateCards[0].validTo',
      message: /"2026-02-30" is not a real date/,
    });
  });

  it('a partner id used twice, naming the other file', () => {
    const { issues } = issuesOf(replace('partners/broker.yaml', 'id: test-broker', 'id: test-3pl'));
    expect(issues).toEqual([
      {
        file: 'partners/warehouse.yaml',
        line: 1,
        field: 'id',
        message: 'partner id "test-3pl" is also used by partners/broker.yaml',
      },
    ]);
  });

  it('a service id used twice', () => {
    const { files, issues } = issuesOf(
      replace('partners/broker.yaml', 'id: us-import-clearance', 'id: la-fulfilment'),
    );
    expect(issues).toEqual([
      {
        file: 'partners/warehouse.yaml',
        line: lineOf(files, 'partners/warehouse.yaml', 'id: la-fulfilment'),
        field: 'services[0].id',
        message: 'service id "la-fulfilment" is already used in partners/broker.yaml',
      },
    ]);
  });

  it('a location id used twice', () => {
    const { issues } = issuesOf(replace('locations.yaml', '  - id: yantian', '  - id: szx'));
    expect(issues).toEqual([
      {
        file: 'locations.yaml',
        line: 17,
        field: 'locations[3].id',
        message: 'location id "szx" is used twice',
      },
    ]);
  });

  it('a YAML syntax error, with its line', () => {
    const { files, issues } = issuesOf(
      replace('partners/express.yaml', 'tracking: full', 'tracking: [full'),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: 'partners/express.yaml',
      message: expect.stringMatching(/^not valid YAML: /),
    });
    // The parser notices the unclosed bracket on that line or at the end of its flow collection.
    expect(issues[0]!.line).toBeGreaterThanOrEqual(
      lineOf(files, 'partners/express.yaml', 'tracking: [full'),
    );
  });

  it('a duplicate key, with its line', () => {
    const { files, issues } = issuesOf(
      replace('partners/broker.yaml', '    lossRate: 0\n', '    lossRate: 0\n    lossRate: 0.1\n'),
    );
    expect(issues).toEqual([
      {
        file: 'partners/broker.yaml',
        line: lineOf(files, 'partners/broker.yaml', 'lossRate: 0.1'),
        message: expect.stringMatching(/not valid YAML: .*unique/i),
      },
    ]);
  });

  it('an unknown key (a typo) in a service, at the line of that key', () => {
    const { files, issues } = issuesOf(
      replace('partners/broker.yaml', '    lossRate: 0\n', '    losRate: 0\n'),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          file: 'partners/broker.yaml',
          line: lineOf(files, 'partners/broker.yaml', 'losRate'),
          field: 'services[0].losRate',
          message: expect.stringMatching(/unknown key "losRate"/),
        },
      ]),
    );
    // The required key the typo replaced is missing too.
    expectIssue(issues, {
      file: 'partners/broker.yaml',
      line: 6,
      field: 'services[0].lossRate',
      message: /./,
    });
  });

  it('a negative weight limit', () => {
    const { files, issues } = issuesOf(
      replace('partners/postal.yaml', 'maxWeightG: 2000', 'maxWeightG: -5'),
    );
    expect(issues).toEqual([
      {
        file: 'partners/postal.yaml',
        line: lineOf(files, 'partners/postal.yaml', 'maxWeightG'),
        field: 'services[0].restrictions.maxWeightG',
        message: expect.stringMatching(/grams.*above 0|more than 0/),
      },
    ]);
  });

  it('an absurd weight limit', () => {
    const { files, issues } = issuesOf(
      replace('partners/postal.yaml', 'maxWeightG: 2000', 'maxWeightG: 5000000'),
    );
    expect(issues).toEqual([
      {
        file: 'partners/postal.yaml',
        line: lineOf(files, 'partners/postal.yaml', 'maxWeightG'),
        field: 'services[0].restrictions.maxWeightG',
        message: expect.stringMatching(/1000000 g/),
      },
    ]);
  });

  it('a fractional weight limit', () => {
    const { files, issues } = issuesOf(
      replace('partners/postal.yaml', 'maxWeightG: 2000', 'maxWeightG: 2000.5'),
    );
    expectIssue(issues, {
      file: 'partners/postal.yaml',
      line: lineOf(files, 'partners/postal.yaml', 'maxWeightG'),
      field: 'services[0].restrictions.maxWeightG',
      message: /whole grams/,
    });
  });

  it('a price written as a bare YAML number', () => {
    const { files, issues } = issuesOf(
      replace('partners/express.yaml', "fee: '35.00'", 'fee: 35.00'),
    );
    expect(issues).toEqual([
      {
        file: 'partners/express.yaml',
        line: lineOf(files, 'partners/express.yaml', 'fee: 35.00'),
        field: 'services[0].pricing.surcharges[0].fee',
        message: expect.stringMatching(/must be a decimal in quotes, e.g. "12.50"/),
      },
    ]);
  });

  it('quantiles that decrease', () => {
    const { files, issues } = issuesOf(
      replace('partners/postal.yaml', 'p90Days: 15', 'p90Days: 8'),
    );
    expect(issues).toEqual([
      {
        file: 'partners/postal.yaml',
        line: lineOf(files, 'partners/postal.yaml', 'transit:'),
        field: 'services[0].lanes[0].transit',
        message: 'quantiles must not decrease: min 144 h, p50 240 h, p90 192 h, max 600 h',
      },
    ]);
  });

  it('histogram probabilities that do not sum to 1', () => {
    const { files, issues } = issuesOf(replace('partners/broker.yaml', "'4': 0.2", "'4': 0.3"));
    expect(issues).toEqual([
      {
        file: 'partners/broker.yaml',
        line: lineOf(files, 'partners/broker.yaml', 'inspectionDelay'),
        field: 'services[0].clearance.inspectionDelay',
        message: expect.stringMatching(/histogram probabilities sum to 1\.1\d*, not 1/),
      },
    ]);
  });

  it('a duration in neither shape', () => {
    const { files, issues } = issuesOf(
      replace('partners/postal.yaml', 'p90Days: 15', 'p95Days: 15'),
    );
    expectIssue(issues, {
      file: 'partners/postal.yaml',
      line: lineOf(files, 'partners/postal.yaml', 'p95Days'),
      field: 'services[0].lanes[0].transit',
      message: /a duration is/,
    });
  });

  it('a clearance service without a clearance block', () => {
    const { issues } = issuesOf((files) => {
      const text = files.get('partners/broker.yaml')!;
      files.set('partners/broker.yaml', text.replace(/ {4}clearance:\n( {6}.*\n)+/, ''));
    });
    expect(issues).toEqual([
      {
        file: 'partners/broker.yaml',
        line: 6,
        field: 'services[0]',
        message:
          'an import-clearance service needs a clearance block (AEO, inspection rate, clearance time)',
      },
    ]);
  });

  it('a warehouse service whose warehouse is not a warehouse location', () => {
    const { files, issues } = issuesOf(
      replace('partners/warehouse.yaml', 'location: la-warehouse', 'location: lax'),
    );
    expectIssue(issues, {
      file: 'partners/warehouse.yaml',
      line: lineOf(files, 'partners/warehouse.yaml', 'location: lax'),
      field: 'services[0].warehouse.location',
      message: /"lax" is not an overseas or border warehouse/,
    });
  });

  it('a missing network.yaml', () => {
    const { issues } = issuesOf((files) => void files.delete('network.yaml'));
    expect(issues).toEqual([
      { file: 'network.yaml', line: null, message: 'missing: every network needs network.yaml' },
    ]);
  });

  it('a missing locations.yaml and no partner files', () => {
    const { issues } = issuesOf((files) => {
      for (const path of [...files.keys()])
        if (path === 'locations.yaml' || path.startsWith('partners/')) files.delete(path);
    });
    expect(issues).toEqual([
      {
        file: 'locations.yaml',
        line: null,
        message: 'missing: every network needs locations.yaml',
      },
      { file: 'partners/', line: null, message: 'no partner files (partners/*.yaml)' },
    ]);
  });

  it('an empty partner file', () => {
    const { issues } = issuesOf((files) => void files.set('partners/broker.yaml', ''));
    expectIssue(issues, { file: 'partners/broker.yaml', line: null, field: 'id', message: /./ });
  });
});

describe('loadNetwork reports every problem at once', () => {
  it('collects errors from several files in one run', () => {
    const { issues } = issuesOf(
      replace('locations.yaml', 'iata: LAX', 'iata: FRA'),
      replace('partners/postal.yaml', 'from: [sz-hub]', 'from: [sz-hubb]'),
      replace('partners/broker.yaml', "'4': 0.2", "'4': 0.3"),
      replace('rates/post-us-2026.csv', 'US,500,2000', 'US,400,2000'),
      replace('rates/la-ground.csv', '5.00,1.10,USD', '5.00,1.10,US$'),
      replace('partners/express.yaml', 'tracking: full', 'tracking: ful'),
    );
    const where = issues.map((i) => `${i.file}:${i.field ?? ''}`);
    expect(where).toEqual(
      expect.arrayContaining([
        'locations.yaml:locations[2].iata',
        'partners/postal.yaml:services[0].lanes[0].from[0]',
        'partners/postal.yaml:services[0].pricing.rateCards[1].file',
        'partners/broker.yaml:services[0].clearance.inspectionDelay',
        'partners/express.yaml:services[0].tracking',
        'partners/warehouse.yaml:services[0].pricing.rateCards[0].file',
        'rates/post-us-2026.csv:from_g',
        'rates/la-ground.csv:currency',
      ]),
    );
    expect(issues).toHaveLength(8);
  });

  it('still checks the partner files when network.yaml and locations.yaml are broken', () => {
    const { issues } = issuesOf(
      replace('network.yaml', 'baseCurrency: CNY', 'baseCurrency: cny'),
      replace('locations.yaml', 'kind: hub', 'kind: hubb'),
      replace('partners/express.yaml', 'tracking: full', 'tracking: [full'),
      replace('partners/broker.yaml', 'lossRate: 0\n', 'losRate: 0\n'),
    );
    const files = new Set(issues.map((i) => i.file));
    expect([...files].sort()).toEqual([
      'locations.yaml',
      'network.yaml',
      'partners/broker.yaml',
      'partners/express.yaml',
    ]);
  });

  it('still checks the partner files when network.yaml has a bad value', () => {
    const { issues } = issuesOf(
      replace('network.yaml', 'timezone: Asia/Shanghai', 'timezone: Asia/Shenzhen'),
      replace('partners/broker.yaml', 'lossRate: 0\n', 'losRate: 0\n'),
    );
    expectIssue(issues, {
      file: 'network.yaml',
      line: 6,
      field: 'timezone',
      message: /unknown IANA time zone "Asia\/Shenzhen"/,
    });
    expect(
      issues.some((i) => i.file === 'partners/broker.yaml' && i.field === 'services[0].losRate'),
    ).toBe(true);
  });
});

/** A stable, comparable image of a load result: maps as entry lists in their order, bigints as text. */
function snapshot(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return { map: [...v.entries()] };
    if (typeof v === 'bigint') return `${v}n`;
    return v;
  });
}

/** Deterministic shuffle (a small LCG), so a failure names its seed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('loadNetwork is deterministic', () => {
  it('gives the same network whatever the order of the files', () => {
    const files = asSources(fixtureFiles());
    const reference = snapshot(loadNetwork(files));
    expect(reference).toContain('"ok":true');
    for (let seed = 1; seed <= 25; seed++)
      expect(snapshot(loadNetwork(shuffled(files, seed))), `seed ${seed}`).toBe(reference);
    expect(snapshot(loadNetwork([...files].reverse()))).toBe(reference);
  });

  it('gives the same issues in the same order whatever the order of the files', () => {
    const broken = fixtureFiles();
    replace('locations.yaml', 'iata: LAX', 'iata: FRA')(broken);
    replace('partners/broker.yaml', 'id: test-broker', 'id: test-3pl')(broken);
    replace('partners/postal.yaml', 'from: [sz-hub]', 'from: [sz-hubb]')(broken);
    replace('rates/post-us-2026.csv', 'US,500,2000', 'US,400,2000')(broken);
    const files = asSources(broken);
    const reference = snapshot(loadNetwork(files));
    expect(reference).toContain('"ok":false');
    for (let seed = 1; seed <= 25; seed++)
      expect(snapshot(loadNetwork(shuffled(files, seed))), `seed ${seed}`).toBe(reference);
  });

  it('accepts Windows separators in the paths it is given', () => {
    const files = asSources(fixtureFiles()).map((f) => ({
      ...f,
      path: f.path.replace(/\//g, '\\'),
    }));
    expect(snapshot(loadNetwork(files))).toBe(snapshot(loadNetwork(asSources(fixtureFiles()))));
  });
});

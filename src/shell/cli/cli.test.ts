import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/networks/small', import.meta.url));
const BIN = fileURLToPath(new URL('../../../bin/silkline.js', import.meta.url));
const NOW = new Date('2026-03-01T00:00:00Z');

const BANDED = `destination,from_g,to_g,item_fee,per_kg,currency
US,0,500,15.00,85.50,CNY
US,500,2000,18.00,80.00,CNY
`;
const STEP = `destination,first_g,first_price,step_g,step_price,max_g,currency,over_max_per_kg
US,500,120.00,500,35.50,20000,CNY,48.00
GB,500,100.00,500,30.00,10000,CNY,
`;
const ZONES = `zone,country,postcode_prefix
Z1,US,
Z2,US,99
Z2,CA,
`;
const ZONED_STEP = `destination,first_g,first_price,step_g,step_price,max_g,currency
Z1,500,120.00,500,35.50,20000,CNY
Z2,500,150.00,500,40.00,20000,CNY
`;
const BAD = `destination,from_g,to_g,item_fee,per_kg,currency
US,0,500,15.00,85.50,CNY
US,400,2000,18.00,80.00,CNY
XX,0,500,1.00,1.00,CNY
GB,0,500,¥1.00,1.00,CNY
`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'silkline-cli-'));
  writeFileSync(join(dir, 'banded.csv'), BANDED);
  writeFileSync(join(dir, 'step.csv'), STEP);
  writeFileSync(join(dir, 'zones.csv'), ZONES);
  writeFileSync(join(dir, 'zoned-step.csv'), ZONED_STEP);
  writeFileSync(join(dir, 'bad.csv'), BAD);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, cwd: dir },
    NOW,
  );
  return { code, stdout, stderr };
}

async function json(args: string[]): Promise<Record<string, unknown>> {
  const r = await run([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const card = (file: string, ...rest: string[]) => ['rate', '--card', file, ...rest];

/** A usage error: exit 2, one line on stderr naming the option and the reason, nothing on stdout, no stack. */
async function expectUsageError(args: string[], message: RegExp): Promise<void> {
  const r = await run(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/^silkline: /);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
}

describe('silkline rate --card', () => {
  it('prints the quote as a table', async () => {
    const r = await run(card('banded.csv', '--destination', 'US', '--weight-g', '500'));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'banded.csv → US (rates: US)',
        'weight: actual 500 g, volumetric - g, chargeable 500 g',
        'charge   amount  currency',
        '-------  ------  --------',
        'Freight   57.75  CNY',
        'TOTAL     57.75  CNY',
        '',
      ].join('\n'),
    );
  });

  it('gives integer minor units in JSON: 500 g = 15.00 + 85.50 × 0.5 = 57.75 CNY', async () => {
    expect(await json(card('banded.csv', '--destination', 'US', '--weight-g', '500'))).toEqual({
      amount: 5775,
      currency: 'CNY',
      chargeableWeightG: 500,
      actualWeightG: 500,
      volumetricWeightG: null,
      rateKey: 'US',
      card: 'banded.csv',
      fxRate: null,
      lines: [{ kind: 'freight', name: 'Freight', amount: 5775, currency: 'CNY' }],
    });
  });

  it.each([
    // 18.00 + 80.00 × 0.501 = 58.08
    ['501', 5808],
    // 15.00 + 85.50 × 0.001 = 15.0855 → 15.09
    ['1', 1509],
    // 18.00 + 80.00 × 2 = 178.00
    ['2000', 17800],
  ])('prices %s g at the band that holds it', async (weight, amount) => {
    const q = await json(card('banded.csv', '--destination', 'us', '--weight-g', weight));
    expect(q).toMatchObject({ amount, currency: 'CNY', chargeableWeightG: Number(weight) });
  });

  it('bills the volumetric weight: 200×150×100 mm / 6000 = 500 g', async () => {
    const q = await json(
      card('banded.csv', '--destination', 'US', '--weight-g', '400', '--dims', '200x150x100'),
    );
    expect(q).toMatchObject({
      amount: 5775,
      chargeableWeightG: 500,
      actualWeightG: 400,
      volumetricWeightG: 500,
    });
  });

  it('takes another divisor: 200×150×100 mm / 5000 = 600 g → 18.00 + 48.00', async () => {
    const q = await json(
      card(
        'banded.csv',
        '--destination',
        'US',
        '--weight-g',
        '400',
        '--dims',
        '200x150x100',
        '--divisor',
        '5000',
      ),
    );
    expect(q).toMatchObject({ amount: 6600, chargeableWeightG: 600, volumetricWeightG: 600 });
    // 3,000,000 mm³ / 8000 = 375 g < 400 g actual: 15.00 + 85.50 × 0.4 = 49.20
    const lighter = await json(
      card(
        'banded.csv',
        '--destination',
        'US',
        '--weight-g',
        '400',
        '--dims',
        '200x150x100',
        '--divisor',
        '8000',
      ),
    );
    expect(lighter).toMatchObject({ amount: 4920, chargeableWeightG: 400, volumetricWeightG: 375 });
  });

  it('applies --rule and --round-g', async () => {
    const actual = await json(
      card(
        'banded.csv',
        '--destination',
        'US',
        '--weight-g',
        '400',
        '--dims',
        '400x300x200',
        '--rule',
        'actual',
      ),
    );
    expect(actual).toMatchObject({ amount: 4920, chargeableWeightG: 400, volumetricWeightG: 4000 });
    // 501 g rounded up to 1000 g: 18.00 + 80.00
    const rounded = await json(
      card('banded.csv', '--destination', 'US', '--weight-g', '501', '--round-g', '500'),
    );
    expect(rounded).toMatchObject({ amount: 9800, chargeableWeightG: 1000, actualWeightG: 501 });
  });

  it('exits 1 when the volumetric weight is beyond the card (400×300×200 mm / 6000 = 4000 g)', async () => {
    const r = await run(
      card('banded.csv', '--destination', 'US', '--weight-g', '500', '--dims', '400x300x200'),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'cannot price: chargeable weight 4000 g is over the 2000 g this card prices for US\n',
    );
    const j = await run(
      card(
        'banded.csv',
        '--destination',
        'US',
        '--weight-g',
        '500',
        '--dims',
        '400x300x200',
        '--json',
      ),
    );
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({
      error: 'over-max-weight',
      chargeableG: 4000,
      maxG: 2000,
      rateKey: 'US',
    });
  });

  it('exits 1 for a destination the card does not price', async () => {
    const r = await run(card('banded.csv', '--destination', 'DE', '--weight-g', '500'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cannot price: card banded.csv has no rate for DE\n');
  });

  it('prices a step card: first weight, started steps, per kg beyond max_g', async () => {
    const at = async (weight: string, country = 'US') =>
      (await json(card('step.csv', '--destination', country, '--weight-g', weight))).amount;
    expect(await at('500')).toBe(12000);
    // 120.00 + 1 × 35.50
    expect(await at('501')).toBe(15550);
    // 120.00 + 39 × 35.50
    expect(await at('20000')).toBe(150450);
    // 48.00 × 20.001 = 960.048 → 960.05
    expect(await at('20001')).toBe(96005);
    // 100.00 + 19 × 30.00
    expect(await at('10000', 'GB')).toBe(67000);
    const over = await run(card('step.csv', '--destination', 'GB', '--weight-g', '10001'));
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/over the 10000 g this card prices for GB/);
  });

  it('prices a zoned step card by postcode', async () => {
    const zoned = (...rest: string[]) =>
      card('zoned-step.csv', '--zones', 'zones.csv', '--weight-g', '1000', ...rest);
    expect(await json(zoned('--destination', 'US', '--postcode', '10001'))).toMatchObject({
      amount: 15550,
      rateKey: 'Z1',
    });
    expect(await json(zoned('--destination', 'US', '--postcode', '99501'))).toMatchObject({
      amount: 19000,
      rateKey: 'Z2',
    });
    expect(await json(zoned('--destination', 'US'))).toMatchObject({
      amount: 15550,
      rateKey: 'Z1',
    });
    expect(await json(zoned('--destination', 'CA'))).toMatchObject({
      amount: 19000,
      rateKey: 'Z2',
    });
    const none = await run(zoned('--destination', 'DE'));
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/has no rate for DE/);
  });

  it('rejects a bad card with exit 2, listing every error with its line', async () => {
    const r = await run(card('bad.csv', '--destination', 'US', '--weight-g', '500'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('bad.csv: 3 error(s); the card was not used:');
    expect(lines.slice(1).sort()).toEqual(
      [
        '  bad.csv:3: from_g: US: band (400, 2000] g at line 3 overlaps (0, 500] g at line 2',
        '  bad.csv:4: destination: "XX" is not an ISO 3166-1 alpha-2 country code',
        '  bad.csv:5: item_fee: "¥1.00" is not a plain decimal price (write 12.50, no currency sign or exponent)',
      ].sort(),
    );
  });

  it('rejects a bad zone table with exit 2 and its lines', async () => {
    writeFileSync(join(dir, 'bad-zones.csv'), 'zone,country,postcode_prefix\nZ1,US,\nZ2,UK,\n');
    const r = await run(
      card(
        'zoned-step.csv',
        '--zones',
        'bad-zones.csv',
        '--destination',
        'US',
        '--weight-g',
        '500',
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'bad-zones.csv:3: country: "UK" is not an ISO 3166-1 alpha-2 country code\n',
    );
  });
});

describe('silkline rate: bad input exits 2 naming the option and the reason', () => {
  const base = (weight: string) => card('banded.csv', '--destination', 'US', '--weight-g', weight);
  it.each([
    ['a negative weight', base('-5'), /--weight-g: -5 g is negative/],
    [
      'a negative weight written with =',
      card('banded.csv', '--destination', 'US', '--weight-g=-5'),
      /--weight-g: -5 g is negative/,
    ],
    ['a zero weight', base('0'), /--weight-g: 0 g is outside the accepted range 1–1000000 g/],
    [
      'an absurd weight',
      base('2000000'),
      /--weight-g: 2000000 g is outside the accepted range 1–1000000 g/,
    ],
    ['a weight that is not a number', base('abc'), /--weight-g: "abc" is not a whole number of g/],
    ['a fractional weight', base('1.5'), /--weight-g: "1.5" is not a whole number of g/],
    ['no weight', card('banded.csv', '--destination', 'US'), /--weight-g is required/],
    [
      'two dimensions',
      [...base('500'), '--dims', '10x10'],
      /--dims: "10x10" is not LxWxH in whole millimetres/,
    ],
    [
      'a zero side',
      [...base('500'), '--dims', '0x10x10'],
      /--dims: a side of 0 mm is outside the accepted range 1–20000 mm/,
    ],
    [
      'an unknown country',
      card('banded.csv', '--destination', 'XX', '--weight-g', '500'),
      /--destination: "XX" is not an ISO 3166-1 alpha-2 country code/,
    ],
    ['no destination', card('banded.csv', '--weight-g', '500'), /--destination is required/],
    [
      'a divisor out of range',
      [...base('500'), '--divisor', '10'],
      /--divisor: 10 cm³\/kg is outside the accepted range 1000–20000/,
    ],
    [
      'an unknown rule',
      [...base('500'), '--rule', 'min'],
      /--rule: "min" is not one of max, volumetric-if-double, actual/,
    ],
    [
      'a missing card file',
      card('missing.csv', '--destination', 'US', '--weight-g', '500'),
      /--card: cannot read missing.csv/,
    ],
    [
      'a missing zone file',
      [...base('500'), '--zones', 'missing-zones.csv'],
      /--zones: cannot read missing-zones.csv/,
    ],
    ['an unknown option', [...base('500'), '--bogus', 'x'], /Unknown option '--bogus'/],
    [
      'both --card and --service',
      [...base('500'), '--service', 'post-us'],
      /give exactly one of --card FILE.csv or --service SERVICE_ID/,
    ],
    [
      'neither --card nor --service',
      ['rate', '--destination', 'US', '--weight-g', '500'],
      /give exactly one of --card/,
    ],
    [
      '--currency on a bare card',
      [...base('500'), '--currency', 'USD'],
      /--currency needs --service/,
    ],
    [
      'an unknown goods flag',
      [...base('500'), '--goods', 'plutonium'],
      /--goods: "plutonium" is not a goods flag/,
    ],
    [
      'a date that is not one',
      [...base('500'), '--at', '2026-13-45'],
      /--at: "2026-13-45" is not a date/,
    ],
    [
      'an instant without offset',
      [...base('500'), '--at', '2026-03-01T10:00'],
      /--at: "2026-03-01T10:00" .*with offset/,
    ],
  ])('%s', async (_name, args, message) => {
    await expectUsageError(args, message);
  });

  it('an unknown command', async () => {
    await expectUsageError(['price'], /unknown command "price"/);
    await expectUsageError(['network', 'list'], /unknown command "network list"/);
  });

  it('prints the help on request, and exits 2 without a command', async () => {
    const help = await run(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^silkline: the value-chain logistics integrator/);
    expect((await run([])).code).toBe(2);
  });
});

describe('silkline network check', () => {
  it('validates the fixture network and prints a summary', async () => {
    const r = await run(['network', 'check', FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`network small-test (Small test network) is valid: ${FIXTURE}\n`);
    expect(r.stdout).toMatch(/^locations +5 +hub 1, airport 2, seaport 1, overseas-warehouse 1$/m);
    expect(r.stdout).toMatch(/^partners +4 /m);
    expect(r.stdout).toMatch(/^services +4 +express 1, postal 1, overseas-warehouse 1$/m);
    expect(r.stdout).toMatch(/^rate cards +5 +base currency CNY$/m);
    expect(r.stdout).toMatch(/^destinations +2 +DE US$/m);
  });

  it('resolves a relative directory against the working directory, and takes $SILKLINE_NETWORK_DIR', async () => {
    cpSync(FIXTURE, join(dir, 'net-copy'), { recursive: true });
    expect((await run(['network', 'check', 'net-copy'])).code).toBe(0);
    const fromEnv = await run(['network', 'check'], { SILKLINE_NETWORK_DIR: 'net-copy' });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toContain(join(dir, 'net-copy'));
  });

  it('gives the summary as JSON', async () => {
    const r = await run(['network', 'check', FIXTURE, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      valid: true,
      directory: FIXTURE,
      summary: {
        id: 'small-test',
        name: 'Small test network',
        originCountry: 'CN',
        baseCurrency: 'CNY',
        locations: 5,
        locationsByKind: { hub: 1, airport: 2, seaport: 1, 'overseas-warehouse': 1 },
        partners: 4,
        partnersByKind: {
          'customs-broker': 1,
          'express-integrator': 1,
          'postal-operator': 1,
          'warehouse-operator': 1,
        },
        services: 4,
        servicesByActivity: {
          'import-clearance': 3,
          pickup: 2,
          'export-clearance': 2,
          'international-linehaul': 2,
          'last-mile': 3,
          'warehouse-fulfilment': 1,
        },
        servicesByMode: { express: 1, postal: 1, 'overseas-warehouse': 1 },
        destinationCountries: ['DE', 'US'],
        rateCards: 5,
      },
    });
  });

  function brokenCopy(): string {
    const broken = join(dir, 'broken');
    rmSync(broken, { recursive: true, force: true });
    cpSync(FIXTURE, broken, { recursive: true });
    const edit = (file: string, from: string, to: string) => {
      const path = join(broken, file);
      const text = readFileSync(path, 'utf8');
      if (!text.includes(from)) throw new Error(`fixture changed: no "${from}" in ${file}`);
      writeFileSync(path, text.replace(from, to));
    };
    edit('partners/postal.yaml', 'from: [sz-hub]', 'from: [sz-hubb]');
    edit('rates/post-us-2026.csv', 'US,500,2000', 'US,400,2000');
    edit('locations.yaml', 'iata: LAX', 'iata: FRA');
    return broken;
  }

  it('rejects a broken network with exit 1, listing file:line: field: reason', async () => {
    const broken = brokenCopy();
    const r = await run(['network', 'check', broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`network ${broken} has 4 error(s); nothing was loaded:`);
    expect(lines.slice(1)).toEqual([
      '  locations.yaml:16: locations[2].iata: IATA FRA is in DE, but the location says US',
      '  partners/postal.yaml:12: services[0].lanes[0].from[0]: "sz-hubb" is neither a location id of locations.yaml nor an ISO 3166 country code',
      '  partners/postal.yaml:22: services[0].pricing.rateCards[1].file: rate card rates/post-us-2026.csv has errors (listed under its file)',
      '  rates/post-us-2026.csv:3: from_g: US: band (400, 2000] g at line 3 overlaps (0, 500] g at line 2',
    ]);
  });

  it('gives the issues as JSON', async () => {
    const broken = brokenCopy();
    const r = await run(['network', 'check', broken, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { valid: boolean; directory: string; issues: unknown[] };
    expect(out.valid).toBe(false);
    expect(out.directory).toBe(broken);
    expect(out.issues).toHaveLength(4);
    expect(out.issues[1]).toEqual({
      file: 'partners/postal.yaml',
      line: 12,
      field: 'services[0].lanes[0].from[0]',
      message: '"sz-hubb" is neither a location id of locations.yaml nor an ISO 3166 country code',
    });
    expect(out.issues[3]).toEqual({
      file: 'rates/post-us-2026.csv',
      line: 3,
      field: 'from_g',
      message: 'US: band (400, 2000] g at line 3 overlaps (0, 500] g at line 2',
    });
  });

  it('exits 2 for a directory that does not exist, or two of them', async () => {
    await expectUsageError(
      ['network', 'check', 'no-such-dir'],
      /network directory not found or unreadable: .*no-such-dir/,
    );
    await expectUsageError(
      ['network', 'check', FIXTURE, FIXTURE],
      /network check takes one directory/,
    );
  });
});

describe('silkline rate --service', () => {
  const service = (id: string, ...rest: string[]) => [
    'rate',
    '--network',
    FIXTURE,
    '--service',
    id,
    ...rest,
  ];

  it('prices a parcel with the card and fuel surcharge in force', async () => {
    // 2026 card: 18.00 + 80.00 × 0.501 = 58.08; fuel 12.5 % (from 2026-02-01) = 7.26
    expect(await json(service('post-us', '--destination', 'US', '--weight-g', '501'))).toEqual({
      amount: 6534,
      currency: 'CNY',
      chargeableWeightG: 501,
      actualWeightG: 501,
      volumetricWeightG: null,
      rateKey: 'US',
      card: 'rates/post-us-2026.csv',
      fxRate: null,
      lines: [
        { kind: 'freight', name: 'Freight', amount: 5808, currency: 'CNY' },
        { kind: 'fuel', name: 'Fuel', amount: 726, currency: 'CNY' },
      ],
    });
  });

  it('prints the quote as a table', async () => {
    const r = await run(service('post-us', '--destination', 'US', '--weight-g', '501'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'post-us (Registered airmail to the US) → US (rates: US)',
        'weight: actual 501 g, volumetric - g, chargeable 501 g',
        'charge   amount  currency',
        '-------  ------  --------',
        'Freight   58.08  CNY',
        'Fuel       7.26  CNY',
        'TOTAL     65.34  CNY',
        '',
      ].join('\n'),
    );
  });

  it('uses the card and fuel rate in force --at an earlier date', async () => {
    // 2025 card: 14.00 + 90.00 × 0.501 = 59.09; fuel 10 % = 5.909 → 5.91
    const q = await json(
      service('post-us', '--destination', 'US', '--weight-g', '501', '--at', '2025-06-01'),
    );
    expect(q).toMatchObject({
      amount: 6500,
      card: 'rates/post-us-2025.csv',
      lines: [{ amount: 5909 }, { amount: 591 }],
    });
    const none = await run(
      service(
        'post-us',
        '--destination',
        'US',
        '--weight-g',
        '501',
        '--at',
        '2024-06-01T00:00:00Z',
      ),
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      'cannot price: no rate card is in force at 2024-06-01T00:00:00.000Z\n',
    );
  });

  it('converts to --currency USD line by line at the network FX rate', async () => {
    // 5808 fen / 7.20 = 806.67 → 807 cents; 726 fen / 7.20 = 100.83 → 101 cents
    const q = await json(
      service('post-us', '--destination', 'US', '--weight-g', '501', '--currency', 'USD'),
    );
    expect(q).toMatchObject({
      amount: 908,
      currency: 'USD',
      lines: [
        { kind: 'freight', amount: 807, currency: 'USD' },
        { kind: 'fuel', amount: 101, currency: 'USD' },
      ],
    });
    expect(Number(q.fxRate)).toBeCloseTo(1 / 7.2, 12);
    // A USD service quoted in the base currency: (5.00 + 1.10 × 1.5) × 7.20 = 47.88
    expect(
      await json(
        service('la-fulfilment', '--destination', 'US', '--weight-g', '1500', '--currency', 'CNY'),
      ),
    ).toMatchObject({
      amount: 4788,
      currency: 'CNY',
      fxRate: '7.2',
    });
    const eur = await run(
      service('post-us', '--destination', 'US', '--weight-g', '501', '--currency', 'EUR'),
    );
    expect(eur.code).toBe(1);
    expect(eur.stderr).toMatch(/no exchange rate from CNY to EUR/);
  });

  it('applies zones, remote-area and --goods surcharges', async () => {
    // 1200 g → 1500 g (500 g steps); US-WEST: 110.00 + 2 × 28.00 = 166.00; remote 35.00 + 2.00 × 1.5; battery 20.00
    const q = await json(
      service(
        'express-zones',
        '--destination',
        'US',
        '--postcode',
        '99501',
        '--weight-g',
        '1200',
        '--goods',
        'battery-in-equipment',
      ),
    );
    expect(q).toMatchObject({ amount: 22400, chargeableWeightG: 1500, rateKey: 'US-WEST' });
    expect(q.lines).toEqual([
      { kind: 'freight', name: 'Freight', amount: 16600, currency: 'CNY' },
      { kind: 'remote-area', name: 'Remote area', amount: 3800, currency: 'CNY' },
      { kind: 'special-cargo', name: 'Lithium battery handling', amount: 2000, currency: 'CNY' },
    ]);
    // 400×300×200 mm / 5000 = 4800 g → 5000 g; US-EAST: 120.00 + 9 × 30.00 = 390.00
    expect(
      await json(
        service(
          'express-zones',
          '--destination',
          'US',
          '--postcode',
          '10001',
          '--weight-g',
          '1200',
          '--dims',
          '400x300x200',
        ),
      ),
    ).toMatchObject({
      amount: 39000,
      chargeableWeightG: 5000,
      volumetricWeightG: 4800,
      rateKey: 'US-EAST',
    });
  });

  it('lets --divisor override the service policy', async () => {
    // 400×300×200 mm / 8000 = 3000 g; US-EAST: 120.00 + 5 × 30.00 = 270.00
    const q = await json(
      service(
        'express-zones',
        '--destination',
        'US',
        '--postcode',
        '10001',
        '--weight-g',
        '1200',
        '--dims',
        '400x300x200',
        '--divisor',
        '8000',
      ),
    );
    expect(q).toMatchObject({ amount: 27000, chargeableWeightG: 3000, volumetricWeightG: 3000 });
  });

  it('reads a --at date as local midnight in the network time zone', async () => {
    // The same network run on Los Angeles time: the 2026 card starts at 2026-01-01T08:00Z.
    const la = join(dir, 'la-network');
    rmSync(la, { recursive: true, force: true });
    cpSync(FIXTURE, la, { recursive: true });
    const path = join(la, 'network.yaml');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        'timezone: Asia/Shanghai',
        'timezone: America/Los_Angeles',
      ),
    );
    const at = async (when: string) =>
      (
        await json([
          'rate',
          '--network',
          la,
          '--service',
          'post-us',
          '--destination',
          'US',
          '--weight-g',
          '501',
          '--at',
          when,
        ])
      ).card;
    expect(await at('2026-01-01')).toBe('rates/post-us-2026.csv');
    expect(await at('2026-01-01T07:59:59Z')).toBe('rates/post-us-2025.csv');
    expect(await at('2026-01-01T00:00-08:00')).toBe('rates/post-us-2026.csv');
  });

  it('refuses a parcel the service does not take, with exit 1', async () => {
    const liquid = await run(
      service('post-us', '--destination', 'US', '--weight-g', '500', '--goods', 'liquid'),
    );
    expect(liquid.code).toBe(1);
    expect(liquid.stderr).toBe('cannot price: service post-us refuses liquid\n');
    const heavy = await run(
      service('express-zones', '--destination', 'US', '--weight-g', '30001', '--json'),
    );
    expect(heavy.code).toBe(1);
    expect(JSON.parse(heavy.stdout)).toEqual({
      error: 'restricted',
      reason: '30001 g is over the 30000 g limit of service express-zones',
    });
    const long = await run(
      service('post-us', '--destination', 'US', '--weight-g', '500', '--dims', '100x700x100'),
    );
    expect(long.code).toBe(1);
    expect(long.stderr).toBe(
      'cannot price: longest side 700 mm is over the 600 mm limit of service post-us\n',
    );
  });

  it('exits 2 for an unknown service', async () => {
    await expectUsageError(
      service('no-such-service', '--destination', 'US', '--weight-g', '500'),
      /--service: no service "no-such-service" in network small-test/,
    );
  });

  it('exits 1 and lists the issues when the network does not load', async () => {
    const broken = join(dir, 'broken-for-rate');
    rmSync(broken, { recursive: true, force: true });
    cpSync(FIXTURE, broken, { recursive: true });
    rmSync(join(broken, 'rates', 'clearance.csv'));
    const r = await run([
      'rate',
      '--network',
      broken,
      '--service',
      'post-us',
      '--destination',
      'US',
      '--weight-g',
      '500',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('  rates/clearance.csv: rate card file not found\n');
  });
});

describe('silkline demo', () => {
  it('checks the demo network, prices sample parcels, plans a demo order and compares the modes', async () => {
    const r = await run(['demo'], { SILKLINE_NETWORK_DIR: FIXTURE });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // Always the shipped demo network, whatever SILKLINE_NETWORK_DIR says: the demo orders are written for it.
    expect(r.stdout).toMatch(/network silkline-demo \(.*\) is valid/);
    expect(r.stdout).toMatch(/to New York: every service that reaches US/);
    expect(r.stdout).toMatch(/^order DEMO-000001 — standard/m);
    expect(r.stdout).toMatch(/^valueChain +\d/m);
    expect(r.stdout).toMatch(/^overseasWarehouse +\d/m);
  }, 120_000);
});

describe('bin/silkline.js', () => {
  it('prices a card end to end in a child process', () => {
    const out = spawnSync(
      process.execPath,
      [BIN, 'rate', '--card', 'banded.csv', '--destination', 'US', '--weight-g', '501', '--json'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({
      amount: 5808,
      currency: 'CNY',
      chargeableWeightG: 501,
    });
  });

  it('passes the exit code and message of bad input through', () => {
    const out = spawnSync(
      process.execPath,
      [BIN, 'rate', '--card', 'banded.csv', '--destination', 'US', '--weight-g', '0'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      'silkline: --weight-g: 0 g is outside the accepted range 1–1000000 g\n',
    );
  });
});

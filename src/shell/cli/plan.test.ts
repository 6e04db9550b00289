import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';

const DEMO = fileURLToPath(new URL('../../../data/demo-network', import.meta.url));
const NOW = new Date('2026-03-01T00:00:00Z');
const AT = '2026-11-25T02:00:00Z';

const HEADER =
  'order_id,pickup_city,destination_country,destination_postcode,weight_g,length_mm,width_mm,height_mm,declared_value,currency,hs_code,goods_flags,deliver_within_days,description,sku';
/** Three good orders: one whose SKU is in stock in the US, a battery with a 10-day promise, one without dimensions. */
const GOOD_ROWS = [
  'A-1,Shenzhen,US,90001,300,150,80,20,9.99,USD,392690,,,phone case,SKU-PHONECASE-01',
  'A-2,yiwu,DE,10115,1200,250,180,80,33.33,USD,850760,battery,10,power bank,',
  'A-3,Guangzhou,GB,SW1A 1AA,800,,,,12.00,USD,950300,,,toy,',
];
const BAD_ROWS = [
  'B-1,Atlantis,US,90001,300,150,80,20,9.99,USD,392690,,,x,',
  'B-2,Shenzhen,US,90001,0,150,80,20,"12,50",USD,39,,,x,',
  'B-3,Shenzhen,CN,518000,300,150,80,20,9.99,USD,392690,explosive,0,x,',
];

const jsonOrder = (id: string, country: string, extra: Record<string, unknown> = {}) => ({
  id,
  orderedAt: AT,
  buyer: { country, postcode: country === 'US' ? '90001' : '10115' },
  parcels: [
    {
      pickup: 'Shenzhen',
      weightG: 600,
      dims: { lengthMm: 200, widthMm: 150, heightMm: 60 },
      items: [
        {
          description: 'lamp',
          hsCode: '940540',
          quantity: 2,
          unitValue: { amount: 1250, currency: 'USD' },
          originCountry: 'CN',
          weightG: 300,
        },
      ],
    },
    {
      pickup: 'Guangzhou',
      weightG: 400,
      items: [
        {
          description: 'scarf',
          hsCode: '621410',
          quantity: 1,
          unitValue: { amount: 900, currency: 'USD' },
          originCountry: 'CN',
          weightG: 400,
        },
      ],
    },
  ],
  ...extra,
});

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'silkline-plan-'));
  writeFileSync(join(dir, 'good.csv'), [HEADER, ...GOOD_ROWS, ''].join('\n'));
  // Good and bad rows interleaved: lines 2 (good), 3 (bad), 4 (good), 5 (bad), 6 (bad), 7 (good).
  writeFileSync(
    join(dir, 'mixed.csv'),
    [
      HEADER,
      GOOD_ROWS[0],
      BAD_ROWS[0],
      GOOD_ROWS[1],
      BAD_ROWS[1],
      BAD_ROWS[2],
      GOOD_ROWS[2],
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'orders.jsonl'),
    [JSON.stringify(jsonOrder('J-1', 'US')), '', JSON.stringify(jsonOrder('J-2', 'DE')), ''].join(
      '\n',
    ),
  );
  writeFileSync(
    join(dir, 'orders.json'),
    JSON.stringify({ orders: [jsonOrder('J-3', 'DE'), jsonOrder('J-4', 'XX')] }),
  );
  writeFileSync(join(dir, 'array.json'), JSON.stringify([jsonOrder('J-5', 'US')]));
  mkdirSync(join(dir, 'a-directory.csv'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: {},
      cwd: dir,
    },
    NOW,
  );
  return { code, stdout, stderr };
}

const plan = (file: string, ...rest: string[]) =>
  run(['plan', '--orders', file, '--network', DEMO, '--at', AT, '--json', ...rest]);

type Json = Record<string, unknown>;
const lines = (stdout: string): Json[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Json);

const money = { amount: expect.any(Number), currency: 'CNY' };
const daysShape = { p50: expect.any(Number), p90: expect.any(Number) };

/** A plan of the contract: legs with activity, partner, service, ends, cost and days; cost the sum of its legs. */
function expectPlan(p: unknown): void {
  expect(p).toMatchObject({
    feasible: true,
    legs: expect.any(Array),
    cost: money,
    days: daysShape,
    onTimeProbability: expect.any(Number),
    lossProbability: expect.any(Number),
  });
  const plan = p as {
    legs: { cost: { amount: number } }[];
    cost: { amount: number };
    days: { p50: number; p90: number };
    onTimeProbability: number;
    lossProbability: number;
  };
  expect(plan.legs.length).toBeGreaterThan(0);
  for (const leg of plan.legs) {
    expect(leg).toMatchObject({
      activity: expect.any(String),
      partnerId: expect.any(String),
      serviceId: expect.any(String),
      from: expect.any(String),
      to: expect.any(String),
      cost: money,
      days: daysShape,
    });
    expect(Number.isInteger(leg.cost.amount)).toBe(true);
  }
  expect(plan.cost.amount).toBe(plan.legs.reduce((s, l) => s + l.cost.amount, 0));
  expect(plan.days.p50).toBeLessThanOrEqual(plan.days.p90);
  for (const x of [plan.onTimeProbability, plan.lossProbability]) {
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThanOrEqual(1);
  }
}

function expectContract(o: Json): void {
  expect(o).toMatchObject({
    orderId: expect.any(String),
    feasible: expect.any(Boolean),
    baselines: expect.any(Object),
    returnPlan: expect.any(Object),
    reasons: expect.any(Array),
  });
  if (o.feasible) expectPlan(o.plan);
  else expect(o.plan).toBeNull();
  const baselines = o.baselines as Record<string, Json>;
  expect(Object.keys(baselines).sort()).toEqual(
    ['dedicatedLine', 'express', 'overseasWarehouse', 'postal'].sort(),
  );
  for (const b of Object.values(baselines)) {
    if (b.feasible === false) expect(b).toEqual({ feasible: false, reason: expect.any(String) });
    else expectPlan(b);
  }
  const ret = o.returnPlan as Json;
  if (ret.feasible === false) expect(ret).toEqual({ feasible: false, reason: expect.any(String) });
  else expect(ret).toMatchObject({ feasible: true, legs: expect.any(Array), cost: money });
}

describe('silkline plan --json', () => {
  it('writes one JSON object per order per line, in input order, with the contract fields', async () => {
    const r = await plan('good.csv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const out = lines(r.stdout);
    expect(out.map((o) => o.orderId)).toEqual(['A-1', 'A-2', 'A-3']);
    for (const o of out) {
      expectContract(o);
      expect(o.feasible).toBe(true);
    }
    const [a1, a2, a3] = out as [Json, Json, Json];
    // The phone case is in stock in the US: the plan and the warehouse baseline start there.
    expect(a1.plan).toMatchObject({ startsFrom: 'warehouse-stock' });
    expect(a1.baselines).toMatchObject({ overseasWarehouse: { feasible: true } });
    expect(a3.baselines).toMatchObject({ overseasWarehouse: { feasible: false } });
    // Tier from the default (standard) unless the row gives deliver_within_days.
    expect(a1.requirement).toEqual({ withinDays: 12, confidence: 0.9 });
    expect(a2.requirement).toEqual({ withinDays: 10, confidence: 0.9 });
    // The battery is kept off every service that refuses it.
    expect(JSON.stringify(a2.explanation)).toMatch(/goods-refused/);
    for (const o of out) {
      const p = o.plan as {
        cost: { amount: number };
        totalCost: { amount: number };
        border: { status: string; seller?: { amount: number }; total?: { amount: number } };
      };
      const q = o.quote as {
        planCost: unknown;
        price: { amount: number };
        margin: { amount: number };
      };
      expect(q.planCost).toEqual(p.cost);
      // the shipped customs rules price the border; the seller's share is in the price
      expect(p.border.status).toBe('estimated');
      expect(p.totalCost.amount).toBe(p.cost.amount + p.border.total!.amount);
      expect(q.price.amount).toBe(p.cost.amount + q.margin.amount + p.border.seller!.amount);
    }
  }, 30_000);

  it('reports bad rows on stderr as FILE:LINE: field: reason, still plans the good ones, exits 1', async () => {
    const r = await plan('mixed.csv');
    expect(r.code).toBe(1);
    expect(lines(r.stdout).map((o) => o.orderId)).toEqual(['A-1', 'A-2', 'A-3']);
    const err = r.stderr.split('\n').filter((l) => l !== '');
    expect(err).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^mixed\.csv:3: pickup_city: "Atlantis" is not a supplier region/),
        expect.stringMatching(/^mixed\.csv:5: weight_g: 0 g is outside/),
        expect.stringMatching(/^mixed\.csv:5: declared_value: "12,50" is not a decimal amount/),
        expect.stringMatching(/^mixed\.csv:5: hs_code: "39"/),
        expect.stringMatching(/^mixed\.csv:6: destination_country: CN is the origin country/),
        expect.stringMatching(/^mixed\.csv:6: goods_flags: "explosive"/),
        expect.stringMatching(/^mixed\.csv:6: deliver_within_days: 0 days/),
        '3 order(s) had errors and were not planned',
      ]),
    );
    expect(err.filter((l) => l.startsWith('mixed.csv:5:'))).toHaveLength(3);
    expect(err.filter((l) => l.startsWith('mixed.csv:6:'))).toHaveLength(3);
  }, 30_000);

  it('--tier express changes the requirement of rows without their own promise', async () => {
    const r = await plan('good.csv', '--tier', 'express');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatchObject({
      tier: 'express',
      requirement: { withinDays: 6, confidence: 0.95 },
    });
    // deliver_within_days 10 keeps its own promise (at the tier's margin).
    expect(out[1]).toMatchObject({ tier: 'express', requirement: { withinDays: 10 } });
  }, 30_000);

  it('reads .jsonl orders (blank lines skipped) and .json orders ({"orders": [...]} or an array)', async () => {
    const jsonl = await plan('orders.jsonl');
    expect(jsonl.stderr).toBe('');
    expect(jsonl.code).toBe(0);
    const a = lines(jsonl.stdout);
    expect(a.map((o) => o.orderId)).toEqual(['J-1', 'J-2']);
    for (const o of a) expectContract(o);
    // Two suppliers: both pickups are in the plan.
    const legs = (a[1]!.plan as { legs: { from: string; activity: string }[] }).legs;
    expect(
      legs
        .filter((l) => l.activity === 'pickup')
        .map((l) => l.from)
        .sort(),
    ).toEqual(['sr-guangzhou', 'sr-shenzhen']);

    const json = await plan('orders.json');
    expect(json.code).toBe(1);
    expect(lines(json.stdout).map((o) => o.orderId)).toEqual(['J-3']);
    expect(json.stderr).toMatch(/^orders\.json: orders\[1\]\.buyer\.country: "XX"/m);

    const array = await plan('array.json');
    expect(array.code).toBe(0);
    expect(lines(array.stdout).map((o) => o.orderId)).toEqual(['J-5']);
  }, 30_000);

  it('a missing orders file, a directory, or a bad --tier is a usage error (exit 2)', async () => {
    for (const file of ['missing.csv', 'missing.json', 'missing.jsonl']) {
      const r = await plan(file);
      expect(r.code, file).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`silkline: --orders: cannot read ${file}\n`);
    }
    const d = await plan('a-directory.csv');
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/^silkline: --orders: cannot read a-directory\.csv/);
    const tier = await plan('good.csv', '--tier', 'overnight');
    expect(tier.code).toBe(2);
    expect(tier.stdout).toBe('');
    expect(tier.stderr).toBe(
      'silkline: --tier: "overnight" is not one of economy, standard, express\n',
    );
    const none = await run(['plan', '--network', DEMO]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--orders FILE/);
  }, 30_000);

  it('an orders file of another kind is refused', async () => {
    writeFileSync(join(dir, 'orders.txt'), 'x');
    const r = await plan('orders.txt');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/must end in \.csv, \.json or \.jsonl/);
  });
});

describe('silkline compare --json', () => {
  it('gives the value chain and the four modes with shares in [0, 1]', async () => {
    const r = await run([
      'compare',
      '--orders',
      'good.csv',
      '--network',
      DEMO,
      '--at',
      AT,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { modes: Record<string, unknown>[] };
    expect(out.modes.map((m) => m.mode)).toEqual([
      'valueChain',
      'postal',
      'express',
      'dedicatedLine',
      'overseasWarehouse',
    ]);
    for (const m of out.modes) {
      expect(m.orders).toBe(3);
      for (const share of ['feasibleShare', 'onTimeShare', 'returnsOfferedShare']) {
        expect(m[share]).toBeGreaterThanOrEqual(0);
        expect(m[share]).toBeLessThanOrEqual(1);
      }
      expect(m).toMatchObject({ totalCost: money, meanCost: money });
    }
    const vc = out.modes[0]!;
    expect(vc.feasibleShare).toBe(1);
    // The value chain is never dearer than a mode on the orders both carry; express carries all three.
    const express = out.modes.find((m) => m.mode === 'express')!;
    expect(express.feasibleShare).toBe(1);
    expect((vc.totalCost as { amount: number }).amount).toBeLessThanOrEqual(
      (express.totalCost as { amount: number }).amount,
    );
  }, 30_000);
});

describe('a network directory with a broken policy.yaml', () => {
  it('exits 1 naming the file, and plans nothing', async () => {
    const broken = join(dir, 'broken-network');
    cpSync(DEMO, broken, { recursive: true });
    for (const [text, reason] of [
      ['currency: CNY\ntiers: [unclosed\n', /policy\.yaml: not valid YAML/],
      ['currency: CNY\ntiers: {}\nwithinDays: { confidence: 0.9 }\n', /policy\.yaml: tiers\./],
      [
        'currency: XXX\ntiers:\n  economy: { withinDays: 20, confidence: 0.8, margin: { rate: "0.1" } }\n  standard: { withinDays: 12, confidence: 0.9, margin: { rate: "0.1" } }\n  express: { withinDays: 6, confidence: 0.95, margin: { rate: "0.1" } }\nwithinDays: { confidence: 0.9 }\n',
        /policy\.yaml: currency: unknown ISO 4217 currency "XXX"/,
      ],
    ] as const) {
      writeFileSync(join(broken, 'policy.yaml'), text);
      const r = await run(['plan', '--orders', 'good.csv', '--network', broken, '--json']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/error\(s\); nothing was planned/);
      expect(r.stderr).toMatch(reason);
    }
  }, 30_000);
});

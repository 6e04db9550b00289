// bench/landed-cost: quotes the landed cost of seeded random orders — every destination held, two
// border channels per order (postal and courier, as the planner compares chains), DDP and DAP,
// values in CNY or USD, dates in 2025–2026 — on the precompiled rules, and prints calls/s beside a
// naive baseline measured in the same run that re-reads and recompiles the rule files (YAML and
// the FX table) on every call, as a script that loads "the rules" per quote would.
//   node bench/landed-cost.ts [--calls N] [--baseline N]
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  type CustomsRules,
  landedCost,
  type LandedCostInput,
  loadCustomsRules,
} from '../src/core/customs/index.ts';
import { loadHsNomenclature, loadUsHts } from '../src/shell/files/customs-reference.ts';
import { CUSTOMS_DIR, readCustomsDir } from '../src/shell/files/customs-rules.ts';
import { seededUnit } from '../src/core/shared/index.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '500000' },
    baseline: { type: 'string', default: '100' },
  },
});
const CALLS = Number(values.calls);
const BASELINE_CALLS = Number(values.baseline);

// Goods a Chinese seller ships, with codes valid everywhere (the US needs its 10-digit lines).
const GOODS: readonly { hs: string; us: string; description: string; grams: number }[] = [
  { hs: '610910', us: '6109100012', description: 'cotton T-shirt', grams: 180 },
  { hs: '640411', us: '6404119020', description: 'running shoes', grams: 800 },
  { hs: '711719', us: '7117199000', description: 'necklace', grams: 30 },
  { hs: '851713', us: '8517130000', description: 'smartphone', grams: 350 },
  { hs: '420292', us: '4202923120', description: 'backpack', grams: 600 },
  { hs: '950300', us: '9503000073', description: 'toy', grams: 400 },
  { hs: '850760', us: '8507600020', description: 'power bank', grams: 300 },
  { hs: '330499', us: '3304995000', description: 'face cream', grams: 150 },
];

function makeOrders(rules: CustomsRules, count: number): LandedCostInput[] {
  const random = seededUnit(20261126);
  const destinations = [...rules.destinations.keys()];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const orders: LandedCostInput[] = [];
  for (let i = 0; i < count; i++) {
    const destination = pick(destinations);
    const currency = random() < 0.7 ? 'CNY' : 'USD';
    const items = Array.from({ length: 1 + Math.floor(random() * random() * 4) }, () => {
      const g = pick(GOODS);
      const quantity = 1 + Math.floor(random() * 3);
      return {
        hsCode: destination === 'US' ? g.us : g.hs,
        description: g.description,
        quantity,
        unitValue: { amount: 500 + Math.floor(random() * random() * 60_000), currency },
        originCountry: random() < 0.9 ? 'CN' : 'VN',
        weightG: g.grams * quantity,
      };
    });
    const day = Math.floor(random() * 600);
    orders.push({
      destination,
      destinationRegion:
        destination === 'CA' ? pick(['CA-ON', 'CA-QC', 'CA-NS', 'CA-BC']) : undefined,
      importDate: new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString().slice(0, 10),
      incoterm: random() < 0.6 ? 'DDP' : 'DAP',
      items,
      shipping: { amount: 2000 + Math.floor(random() * 8000), currency: 'CNY' },
      registrations:
        random() < 0.5
          ? {
              ioss: 'IM1560000123',
              ukVat: 'GB123456789',
              auArn: '300000000123',
              brRemessaConforme: true,
            }
          : {},
    });
  }
  return orders;
}

const CHANNELS = ['postal', 'courier'] as const;

function run(
  orders: readonly LandedCostInput[],
  calls: number,
  quote: (input: LandedCostInput) => boolean,
): { seconds: number; cpuSeconds: number; ok: number; latencies: Float64Array } {
  let ok = 0;
  const latencies = new Float64Array(calls);
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const order = orders[(i >> 1) % orders.length]!;
    const t0 = process.hrtime.bigint();
    if (quote({ ...order, channel: CHANNELS[i & 1] })) ok++;
    latencies[i] = Number(process.hrtime.bigint() - t0);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  // On a shared machine the wall clock counts other processes' time too; CPU time does not.
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, ok, latencies };
}

const quantile = (xs: Float64Array, q: number) => {
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

const [files, nomenclature, usHts] = await Promise.all([
  readCustomsDir(CUSTOMS_DIR),
  loadHsNomenclature(),
  loadUsHts(),
]);
const reference = { nomenclature, usHts };
const compileStart = process.hrtime.bigint();
const loaded = loadCustomsRules(files, reference);
const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
if (!loaded.ok) throw new Error('the shipped customs rules do not load: run the landed-cost tests');
const rules = loaded.value;
const orders = makeOrders(rules, 20_000);

const compiled = (input: LandedCostInput) => landedCost(rules, input).ok;
// The naive baseline: the rule files are parsed, validated and compiled on every call (the HS and
// HTS reference tables are parsed once: re-reading those would only widen the gap).
const naive = (input: LandedCostInput) => {
  const fresh = loadCustomsRules(files, reference);
  if (!fresh.ok) throw new Error('rules did not load');
  return landedCost(fresh.value, input).ok;
};

// Both paths must agree before either is timed.
for (const order of orders.slice(0, 20))
  for (const channel of CHANNELS) {
    const a = landedCost(rules, { ...order, channel });
    const fresh = loadCustomsRules(files, reference);
    const b = fresh.ok ? landedCost(fresh.value, { ...order, channel }) : undefined;
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('baseline and compiled disagree');
  }

run(orders, 50_000, compiled); // warm-up
const base = run(orders, BASELINE_CALLS, naive);
const fast = run(orders, CALLS, compiled);

const rate = (r: { seconds: number }, n: number) => n / r.seconds;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(
  [
    `bench/landed-cost on ${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${rules.destinations.size} destinations, ${files.length} rule files (compiled once in ${compileMs.toFixed(0)} ms)`,
    `  compiled rules : ${fmt(CALLS)} calls in ${fast.seconds.toFixed(2)} s = ${fmt(rate(fast, CALLS))} calls/s, ${fmt(CALLS / fast.cpuSeconds)} per CPU-second (${((fast.seconds / CALLS) * 1e9).toFixed(0)} ns/call; p50 ${us(quantile(fast.latencies, 0.5))}, p99 ${us(quantile(fast.latencies, 0.99))}; ${fmt(fast.ok)} quoted, the rest refused: no rule before a regime's first date)`,
    `  naive baseline : ${fmt(BASELINE_CALLS)} calls in ${base.seconds.toFixed(2)} s = ${fmt(rate(base, BASELINE_CALLS))} calls/s, ${(BASELINE_CALLS / base.cpuSeconds).toFixed(1)} per CPU-second (re-reads and recompiles the rule files per call)`,
    `  speed-up       : ${(rate(fast, CALLS) / rate(base, BASELINE_CALLS)).toFixed(0)}× (wall clock), ${(CALLS / fast.cpuSeconds / (BASELINE_CALLS / base.cpuSeconds)).toFixed(0)}× (CPU time); load average ${os.loadavg()[0]!.toFixed(1)} at the end`,
    '',
  ].join('\n'),
);

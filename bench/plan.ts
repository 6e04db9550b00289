// bench/plan: plans demo orders (streamed: generated, planned and dropped one at a time) with
// alternatives, baselines and return plans; prints orders/s and p50/p99 latency per order, beside
// an exhaustive enumeration of every chain on the first orders of the same stream, whose choices
// must equal the planner's. Chains are compared on landed cost (the shipped customs rules price each
// chain's border) unless --no-customs.
//   node bench/plan.ts [--orders N] [--exhaustive N] [--no-customs]
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadNetwork } from '../src/core/network/index.ts';
import {
  bestOf,
  type Chain,
  enumerateChains,
  type Order,
  orderFromCsvRow,
  PlanningIndex,
  planOrder,
  prepareSearch,
} from '../src/core/planning/index.ts';
import { DEMO_NETWORK_DIR, readNetworkDir } from '../src/shell/files/network-dir.ts';
import { readPlanningFiles } from '../src/shell/files/planning-files.ts';
import { loadShippedCustomsRules } from '../src/shell/files/customs-rules.ts';
import {
  demoOrderRecords,
  RETAIL_SAMPLE,
  retailLines,
  skusOfNetworkStock,
} from '../scripts/demo-orders.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    exhaustive: { type: 'string', default: '1000' },
    spread: { type: 'string', default: '10000' },
    'no-customs': { type: 'boolean', default: false },
  },
});
const ORDERS = Number(values.orders);
/** Orders placed one every 10 s (about 28 hours for 10,000): no two share an instant, so no timing is shared. */
const SPREAD_ORDERS = Number(values.spread);
const SPREAD_STEP_MS = 10_000;
const EXHAUSTIVE = Math.min(ORDERS, Number(values.exhaustive));
const AT = Date.parse('2026-11-25T02:00:00Z');

const files = await readNetworkDir(DEMO_NETWORK_DIR);
const loaded = loadNetwork(files);
if (!loaded.ok)
  throw new Error('demo network does not load: run node bin/silkline.js network check');
const network = loaded.value;
const planning = await readPlanningFiles(DEMO_NETWORK_DIR, network);
if (!planning.ok) throw new Error('demo policy or stock does not load');
const customs = values['no-customs'] ? undefined : { rules: await loadShippedCustomsRules() };
const ctx = {
  index: new PlanningIndex(network),
  policy: planning.policy,
  stock: planning.stock,
  customs,
};
const lines = retailLines(readFileSync(RETAIL_SAMPLE, 'utf8'));
const skus = skusOfNetworkStock(files.find((f) => f.path === 'stock.csv')?.text);

/** Demo orders; placed all at one instant (a bulk batch), or one every `stepMs` from AT. */
function* orders(count: number, stepMs = 0): Generator<Order> {
  let line = 1;
  for (const record of demoOrderRecords(count, 2026, lines, skus)) {
    const r = orderFromCsvRow(record, ++line, network, {
      tier: 'standard',
      orderedAtMs: AT + (line - 2) * stepMs,
      incoterm: 'DDP',
    });
    if (!r.ok) throw new Error(`demo order ${record.order_id} is invalid: ${r.issues[0]?.message}`);
    yield r.order;
  }
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const percentile = (sorted: Float64Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

// Warm-up: fills the network index caches (steps per place, time bounds per country).
for (const o of orders(300)) planOrder(o, ctx);

const rssBefore = process.memoryUsage().rss;
const latency = new Float64Array(ORDERS);
let feasible = 0;
let i = 0;
const start = now();
for (const o of orders(ORDERS)) {
  const t0 = now();
  const r = planOrder(o, ctx);
  latency[i++] = now() - t0;
  if (r.feasible) feasible++;
}
const seconds = (now() - start) / 1000;
const rssAfter = process.memoryUsage().rss;
latency.sort();

const spreadLatency = new Float64Array(SPREAD_ORDERS);
let s = 0;
const spreadStart = now();
for (const o of orders(SPREAD_ORDERS, SPREAD_STEP_MS)) {
  const t0 = now();
  planOrder(o, ctx);
  spreadLatency[s++] = now() - t0;
}
const spreadSeconds = (now() - spreadStart) / 1000;
spreadLatency.sort();

// Exhaustive: every chain of every order, the cheapest feasible one, and each baseline's by filtering.
const singlePartnerWith = (c: Chain, modes: readonly string[]) =>
  new Set(c.legs.map((l) => l.step.service.partnerId)).size === 1 &&
  c.legs.some((l) => l.step.service.mode !== null && modes.includes(l.step.service.mode));
const BASELINES: [string, readonly string[]][] = [
  ['postal', ['postal']],
  ['express', ['express']],
  ['dedicatedLine', ['dedicated-line']],
  ['overseasWarehouse', ['overseas-warehouse', 'border-warehouse']],
];
let mismatches = 0;
let chainsSeen = 0;
const exLatency = new Float64Array(EXHAUSTIVE);
let j = 0;
const exStart = now();
for (const o of orders(EXHAUSTIVE)) {
  const t0 = now();
  const { input, confidence } = prepareSearch(o, ctx);
  const chains = enumerateChains(input);
  chainsSeen += chains.length;
  const best = bestOf(chains, confidence);
  const baselines = BASELINES.map(([, modes]) =>
    bestOf(
      chains.filter((c) => singlePartnerWith(c, modes)),
      confidence,
    ),
  );
  exLatency[j++] = now() - t0;
  const planned = planOrder(o, ctx);
  // A chain's legs carry their logistics cost; its cost adds the border the search weighed.
  const logistics = (c: Chain | null) => (c ? c.legs.reduce((t, l) => t + l.cost, 0) : null);
  if ((planned.plan?.cost.amount ?? null) !== logistics(best)) mismatches++;
  BASELINES.forEach(([name], k) => {
    const b = planned.baselines[name as keyof typeof planned.baselines];
    if (('legs' in b ? b.cost.amount : null) !== logistics(baselines[k] ?? null)) mismatches++;
  });
}
const exSeconds = (now() - exStart) / 1000;
exLatency.sort();

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
process.stdout.write(
  [
    `bench/plan on ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; network ${network.id}: ${network.services.size} services, ${network.locations.size} locations; ${customs ? 'chains compared on landed cost (shipped customs rules)' : 'logistics cost only (--no-customs)'}`,
    `  planner    : ${fmt(ORDERS)} orders in ${seconds.toFixed(1)} s = ${fmt(ORDERS / seconds)} orders/s on one core; latency p50 ${percentile(latency, 0.5).toFixed(3)} ms, p99 ${percentile(latency, 0.99).toFixed(3)} ms, max ${latency[latency.length - 1]!.toFixed(1)} ms; ${fmt(feasible)} feasible (${((100 * feasible) / ORDERS).toFixed(1)} %)`,
    `               with alternatives, four baselines and a return plan per order; RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssAfter / 2 ** 20).toFixed(0)} MiB after`,
    `  spread     : ${fmt(SPREAD_ORDERS)} orders placed one every ${SPREAD_STEP_MS / 1000} s (no shared order instant) in ${spreadSeconds.toFixed(1)} s = ${fmt(SPREAD_ORDERS / spreadSeconds)} orders/s; latency p50 ${percentile(spreadLatency, 0.5).toFixed(3)} ms, p99 ${percentile(spreadLatency, 0.99).toFixed(3)} ms`,
    `  exhaustive : ${fmt(EXHAUSTIVE)} orders in ${exSeconds.toFixed(1)} s = ${fmt(EXHAUSTIVE / exSeconds)} orders/s; latency p50 ${percentile(exLatency, 0.5).toFixed(3)} ms, p99 ${percentile(exLatency, 0.99).toFixed(3)} ms; ${fmt(chainsSeen / Math.max(1, EXHAUSTIVE))} chains per order`,
    `  agreement  : ${mismatches === 0 ? 'the planner chose what exhaustive enumeration chose for every plan and baseline' : `${mismatches} DISAGREEMENTS with exhaustive enumeration`}`,
    '',
  ].join('\n'),
);
if (mismatches > 0) process.exitCode = 1;

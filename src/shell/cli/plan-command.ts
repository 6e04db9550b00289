import { resolve } from 'node:path';
import type { Network } from '../../core/network/index.ts';
import {
  BASELINE_MODES,
  type BaselineName,
  type Infeasible,
  type OrderPlan,
  type Plan,
  PlanningIndex,
  planOrder,
  type PlanningPolicy,
  type StockTable,
  TIERS,
  type Tier,
} from '../../core/planning/index.ts';
import {
  type CurrencyCode,
  formatInputIssue,
  formatMajor,
  type Money,
} from '../../core/shared/index.ts';
import { readOrders } from '../files/order-stream.ts';
import type { CustomsRules } from '../../core/customs/index.ts';
import { loadRestrictedGoods } from '../files/customs-reference.ts';
import { loadCustomsRulesFromDir, loadShippedCustomsRules } from '../files/customs-rules.ts';
import { readPlanningFiles } from '../files/planning-files.ts';
import { type CliIo, table, UsageError } from './io.ts';
import * as input from './inputs.ts';
import { readAndLoadNetwork } from './network-command.ts';

export interface PlanOptions {
  orders?: string | undefined;
  network?: string | undefined;
  tier?: string | undefined;
  at?: string | undefined;
  json?: boolean | undefined;
  /** A customs rules directory (default: the shipped data/customs). */
  customs?: string | undefined;
}

interface Loaded {
  network: Network;
  policy: PlanningPolicy;
  stock: StockTable | undefined;
  customs: CustomsRules;
}

async function loadCustoms(io: CliIo, dir: string | undefined): Promise<CustomsRules | undefined> {
  if (dir === undefined) return loadShippedCustomsRules();
  const r = await loadCustomsRulesFromDir(resolve(io.cwd, dir));
  if (r.ok) return r.value;
  io.stderr(`customs rules ${dir} have ${r.error.length} error(s); nothing was planned:\n`);
  for (const issue of r.error) io.stderr(`  ${formatInputIssue(issue)}\n`);
  return undefined;
}

async function loadForPlanning(
  io: CliIo,
  dir: string | undefined,
  customsDir: string | undefined,
): Promise<Loaded | undefined> {
  const loaded = await readAndLoadNetwork(io, dir);
  const issues = loaded.result.ok ? [] : loaded.result.error;
  let extra: Awaited<ReturnType<typeof readPlanningFiles>> | undefined;
  if (loaded.result.ok) {
    extra = await readPlanningFiles(loaded.dir, loaded.result.value);
    if (!extra.ok) issues.push(...extra.issues);
  }
  if (!loaded.result.ok || !extra?.ok) {
    io.stderr(`network ${loaded.dir} has ${issues.length} error(s); nothing was planned:\n`);
    for (const issue of issues) io.stderr(`  ${formatInputIssue(issue)}\n`);
    return undefined;
  }
  const customs = await loadCustoms(io, customsDir);
  if (!customs) return undefined;
  return { network: loaded.result.value, policy: extra.policy, stock: extra.stock, customs };
}

function tierOption(raw: string | undefined): Tier {
  if (raw === undefined) return 'standard';
  if (!(TIERS as readonly string[]).includes(raw))
    throw new UsageError(`--tier: "${raw}" is not one of ${TIERS.join(', ')}`);
  return raw as Tier;
}

function jsonPlan(p: Plan | Infeasible | null) {
  if (p === null) return null;
  if (!('legs' in p)) return p;
  return { feasible: true, ...p };
}

/** The CLI's JSON Lines contract for one planned order (docs/planning.md). */
export function orderPlanJson(r: OrderPlan) {
  return {
    orderId: r.orderId,
    feasible: r.feasible,
    tier: r.tier,
    requirement: r.requirement,
    plan: jsonPlan(r.plan),
    baselines: Object.fromEntries(BASELINE_MODES.map((b) => [b, jsonPlan(r.baselines[b])])),
    savings: r.savings,
    returnPlan: r.returnPlan,
    quote: r.quote,
    alternatives: r.alternatives,
    explanation: r.explanation,
    reasons: r.reasons,
  };
}

const money = (m: Money) => `${formatMajor(m)} ${m.currency}`;

function savingText(s: { cost: Money; p90Days: number }): string {
  const cost =
    s.cost.amount >= 0
      ? `saves ${money(s.cost)} landed`
      : `costs ${money({ ...s.cost, amount: -s.cost.amount })} more landed`;
  const days =
    s.p90Days === 0
      ? 'same P90'
      : s.p90Days > 0
        ? `${s.p90Days} d faster`
        : `${-s.p90Days} d slower`;
  return `${cost}, ${days}`;
}

function borderText(b: Plan['border']): string {
  if (b.status === 'not-estimated') return b.note;
  if (b.status === 'unknown') return `not estimated (${b.channel}): ${b.reason}`;
  const lines = b.lines.map((l) => `${l.name} ${formatMajor(l.amount)} ${l.amount.currency}`);
  const extra = [...b.unknowns, ...b.warnings];
  return (
    `${b.regime}, ${b.channel}, import ${b.importDate}: seller ${money(b.seller)}, buyer ${money(b.buyer)}` +
    (lines.length > 0 ? `\n    ${lines.join('\n    ')}` : ' (nothing due)') +
    (extra.length > 0 ? `\n    ! ${extra.join('\n    ! ')}` : '')
  );
}

function printPlan(io: CliIo, r: OrderPlan): void {
  io.stdout(
    `\norder ${r.orderId} — ${r.tier}: within ${r.requirement.withinDays} days at P ≥ ${r.requirement.confidence}\n`,
  );
  if (!r.plan) {
    io.stdout(`  infeasible: ${r.reasons.join('; ')}\n`);
  } else {
    const p = r.plan;
    io.stdout(
      table(
        ['activity', 'partner', 'service', 'from', 'to', 'cost', 'P50 d', 'P90 d'],
        p.legs.map((l) => [
          l.activity,
          l.partnerId,
          l.serviceId,
          l.from,
          l.to,
          money(l.cost),
          String(l.days.p50),
          String(l.days.p90),
        ]),
        [5, 6, 7],
      ),
    );
    io.stdout(
      `  plan ${money(p.cost)}, P50 ${p.days.p50} d, P90 ${p.days.p90} d, P(on time) ${p.onTimeProbability}, P(loss) ${p.lossProbability}, tracked ${Math.round(p.trackingVisibility * 100)} %\n`,
    );
    io.stdout(`  border: ${borderText(p.border)}\n`);
    if (r.quote) {
      const d = r.quote.dutiesAndTaxes;
      const duties =
        d.status === 'estimated'
          ? `duties, taxes and fees borne by the seller ${money(d.amount)} included` +
            (d.buyerOnDelivery.amount > 0
              ? `; the buyer pays ${money(d.buyerOnDelivery)} on delivery`
              : '')
          : d.status === 'unknown'
            ? `duties and taxes unknown: ${d.reason}`
            : 'duties and taxes not included';
      io.stdout(`  quote ${money(r.quote.price)} (margin ${money(r.quote.margin)}; ${duties})\n`);
    }
  }
  const rows = BASELINE_MODES.map((b) => {
    const x = r.baselines[b];
    if (!('legs' in x)) return [b, '-', '-', '-', '-', x.reason];
    const s = r.savings[b];
    return [
      b,
      money(x.cost),
      money(x.totalCost),
      String(x.days.p90),
      String(x.onTimeProbability),
      s ? savingText(s) : '',
    ];
  });
  io.stdout(
    table(
      ['baseline', 'logistics', 'landed', 'P90 d', 'P(on time)', 'against it'],
      rows,
      [1, 2, 3, 4],
    ),
  );
  const ret = r.returnPlan;
  io.stdout(
    `  return: ${'legs' in ret ? `${money(ret.cost)} to ${ret.to}, P90 ${ret.days.p90} d` : ret.reason}\n`,
  );
}

async function forEachOrder(
  io: CliIo,
  opts: PlanOptions,
  now: Date,
  each: (r: OrderPlan) => void,
): Promise<number> {
  if (!opts.orders) throw new UsageError('--orders FILE (.csv, .json or .jsonl) is required');
  const tier = tierOption(opts.tier);
  const loaded = await loadForPlanning(io, opts.network, opts.customs);
  if (!loaded) return 1;
  const at = input.instant('at', opts.at, now, loaded.network.timezone);
  const ctx = {
    index: new PlanningIndex(loaded.network),
    policy: loaded.policy,
    stock: loaded.stock,
    customs: { rules: loaded.customs, restricted: await loadRestrictedGoods() },
  };
  const path = resolve(io.cwd, opts.orders);
  let bad = 0;
  try {
    for await (const row of readOrders(path, loaded.network, {
      tier,
      orderedAtMs: at.getTime(),
      incoterm: 'DDP',
    })) {
      if (!row.result.ok) {
        bad++;
        for (const issue of row.result.issues)
          io.stderr(`${formatInputIssue({ ...issue, file: opts.orders })}\n`);
        continue;
      }
      each(planOrder(row.result.order, ctx));
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
      throw new UsageError(
        `--orders: cannot read ${opts.orders}${code === 'ENOENT' ? '' : ` (${code})`}`,
      );
    throw e;
  }
  if (bad > 0) io.stderr(`${bad} order(s) had errors and were not planned\n`);
  return bad > 0 ? 1 : 0;
}

export async function planCommand(io: CliIo, opts: PlanOptions, now: Date): Promise<number> {
  return forEachOrder(io, opts, now, (r) => {
    if (opts.json) io.stdout(JSON.stringify(orderPlanJson(r)) + '\n');
    else printPlan(io, r);
  });
}

interface ModeStats {
  orders: number;
  feasible: number;
  cost: number;
  landed: number;
  p50: number;
  p90: number;
  onTime: number;
  losses: number;
  returnsOffered: number;
  returnCost: number;
}

const emptyStats = (): ModeStats => ({
  orders: 0,
  feasible: 0,
  cost: 0,
  landed: 0,
  p50: 0,
  p90: 0,
  onTime: 0,
  losses: 0,
  returnsOffered: 0,
  returnCost: 0,
});

/** The paper's comparison as numbers: the value chain against each of today's four modes over a set of orders. */
export async function compareCommand(io: CliIo, opts: PlanOptions, now: Date): Promise<number> {
  const names = ['valueChain', ...BASELINE_MODES] as const;
  const stats = Object.fromEntries(names.map((n) => [n, emptyStats()])) as Record<
    (typeof names)[number],
    ModeStats
  >;
  let currency = 'CNY' as CurrencyCode;
  const add = (s: ModeStats, p: Plan | Infeasible | null, ret: { cost: Money } | null) => {
    s.orders++;
    if (!p || !('legs' in p)) return;
    currency = p.cost.currency;
    s.feasible++;
    s.cost += p.cost.amount;
    s.landed += p.totalCost.amount;
    s.p50 += p.days.p50;
    s.p90 += p.days.p90;
    s.onTime += p.onTimeProbability;
    s.losses += p.lossProbability;
    if (ret) {
      s.returnsOffered++;
      s.returnCost += ret.cost.amount;
    }
  };
  const status = await forEachOrder(io, opts, now, (r) => {
    add(stats.valueChain, r.plan, 'legs' in r.returnPlan ? r.returnPlan : null);
    for (const b of BASELINE_MODES) {
      const ret = r.baselineReturns[b as BaselineName];
      add(stats[b], r.baselines[b], ret && 'legs' in ret ? ret : null);
    }
  });
  const summary = names.map((n) => {
    const s = stats[n];
    const f = Math.max(1, s.feasible);
    return {
      mode: n,
      orders: s.orders,
      feasibleShare: s.orders ? round(s.feasible / s.orders, 3) : 0,
      totalCost: { amount: s.cost, currency },
      meanCost: { amount: Math.round(s.cost / f), currency },
      meanLandedCost: { amount: Math.round(s.landed / f), currency },
      meanP50Days: round(s.p50 / f, 1),
      meanP90Days: round(s.p90 / f, 1),
      onTimeShare: round(s.onTime / f, 3),
      expectedLosses: round(s.losses, 2),
      returnsOfferedShare: s.feasible ? round(s.returnsOffered / s.feasible, 3) : 0,
      meanReturnCost: {
        amount: s.returnsOffered ? Math.round(s.returnCost / s.returnsOffered) : 0,
        currency,
      },
    };
  });
  if (opts.json) {
    io.stdout(JSON.stringify({ modes: summary }) + '\n');
    return status;
  }
  io.stdout(
    table(
      [
        'mode',
        'feasible',
        'mean cost',
        'mean landed',
        'total cost',
        'P50 d',
        'P90 d',
        'on time',
        'exp. losses',
        'returns',
        'mean return',
      ],
      summary.map((s) => [
        s.mode,
        `${Math.round(s.feasibleShare * 1000) / 10} %`,
        money(s.meanCost),
        money(s.meanLandedCost),
        money(s.totalCost),
        String(s.meanP50Days),
        String(s.meanP90Days),
        `${Math.round(s.onTimeShare * 1000) / 10} %`,
        String(s.expectedLosses),
        `${Math.round(s.returnsOfferedShare * 1000) / 10} %`,
        s.returnsOfferedShare ? money(s.meanReturnCost) : '-',
      ]),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ),
  );
  io.stdout(
    'Means are over the orders each mode can carry; cost = logistics, landed = logistics + duties, taxes and fees at the border; on time = mean P(arrival by the promise); returns = share of carried orders whose partner takes returns back.\n',
  );
  return status;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

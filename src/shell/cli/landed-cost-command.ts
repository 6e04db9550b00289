import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type CustomsRules,
  isBadInputFailure,
  type LandedCost,
  landedCost,
  landedCostContract,
  landedCostInputFrom,
  landedCostInputSchema,
} from '../../core/customs/index.ts';
import { formatMajor, type Money } from '../../core/shared/index.ts';
import {
  formatCustomsIssues,
  loadCustomsRulesFromDir,
  loadShippedCustomsRules,
} from '../files/customs-rules.ts';
import { type CliIo, table, UsageError } from './io.ts';

/*
 * silkline landed-cost --input FILE.json [--json]: the duties, taxes and fees of one consignment at
 * its destination on its import date. The JSON output is a contract other tools script against:
 * { lines: [{kind, name, amount: {amount, currency}, payer, rule, source}], totals: {seller, buyer},
 * warnings } — exactly these keys. $SILKLINE_CUSTOMS_DIR names another rules directory.
 */

export interface LandedCostOptions {
  readonly input?: string | undefined;
  readonly json?: boolean | undefined;
}

const money = (m: Money) => `${m.currency} ${formatMajor(m)}`;

function textReport(lc: LandedCost, regimeName: string): string {
  const out: string[] = [];
  out.push(
    `Landed cost: ${lc.destination}, import ${lc.importDate}, ${lc.incoterm}, ${lc.channel} — ${regimeName} rules`,
  );
  const v = lc.valuation;
  out.push(
    `Valuation (${lc.currency} at the customs rate of the import date): goods ${money(v.goods)}, shipping ${money(v.shipping)}, insurance ${money(v.insurance)}, CIF ${money(v.cif)}; ${v.grossWeightG} g`,
  );
  out.push('');
  if (lc.lines.length === 0) out.push('No duty, tax or fee lines.\n');
  else
    out.push(
      table(
        ['kind', 'what', 'payer', 'amount', 'rule'],
        lc.lines.map((l) => [l.kind, l.name, l.payer, money(l.amount), l.rule]),
        [3],
      ),
    );
  out.push(
    `Seller pays ${money(lc.totals.seller)}; buyer pays ${money(lc.totals.buyer)}; collected at the border ${money(lc.collectedAtImport)}`,
  );
  if (lc.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of lc.warnings) out.push(`  - ${w}`);
  }
  out.push('', 'Rules applied:');
  for (const r of lc.rulesApplied)
    out.push(`  ${r.id} (${r.validFrom} – ${r.validTo ?? 'open'}): ${r.source}`);
  return out.join('\n') + '\n';
}

export async function landedCostCommand(
  io: CliIo,
  options: LandedCostOptions,
  rules?: CustomsRules,
): Promise<number> {
  if (options.input === undefined)
    throw new UsageError('--input FILE.json is required (see data/customs/examples/)');
  const path = resolve(io.cwd, options.input);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--input: cannot read ${options.input}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--input ${options.input}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = landedCostInputSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.flatMap((i) => {
      const at = i.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '');
      if (i.code === 'unrecognized_keys')
        return i.keys.map(
          (k) => `${at ? `${at}.` : ''}${k}: unknown key (misspelt, or not allowed here)`,
        );
      return [`${at || '(input)'}: ${i.message}`];
    });
    throw new UsageError(
      `--input ${options.input} has ${lines.length} error(s):\n  ${lines.join('\n  ')}`,
    );
  }
  let loaded = rules;
  const env = io.env.SILKLINE_CUSTOMS_DIR;
  if (!loaded && env) {
    const dir = resolve(io.cwd, env);
    const r = await loadCustomsRulesFromDir(dir);
    if (!r.ok) {
      io.stderr(`silkline: ${formatCustomsIssues(dir, r.error)}\n`);
      return 1;
    }
    loaded = r.value;
  }
  loaded ??= await loadShippedCustomsRules();
  const result = landedCost(loaded, landedCostInputFrom(parsed.data));
  if (!result.ok) {
    const f = result.error;
    io.stderr(`silkline: ${f.field}: ${f.message}\n`);
    return isBadInputFailure(f) ? 2 : 1;
  }
  if (options.json) io.stdout(JSON.stringify(landedCostContract(result.value)) + '\n');
  else {
    const regime =
      loaded.destinations.get(result.value.destination)?.regimeName ?? result.value.regime;
    io.stdout(textReport(result.value, regime));
  }
  return 0;
}

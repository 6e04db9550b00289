import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Network } from '../../core/network/index.ts';
import {
  DEFAULT_POLICY,
  importStockCsv,
  type PlanningPolicy,
  policyFileSchema,
  policyFromFile,
  type StockTable,
} from '../../core/planning/index.ts';
import type { InputIssue } from '../../core/shared/index.ts';

export const POLICY_FILE = 'policy.yaml';
export const STOCK_FILE = 'stock.csv';

async function optionalText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
}

/** The integrator's tier policy (policy.yaml) and warehouse stock (stock.csv) beside a network; both optional. */
export async function readPlanningFiles(
  dir: string,
  network: Network,
): Promise<
  | { ok: true; policy: PlanningPolicy; stock: StockTable | undefined }
  | { ok: false; issues: InputIssue[] }
> {
  const issues: InputIssue[] = [];
  let policy = DEFAULT_POLICY;
  const policyText = await optionalText(join(dir, POLICY_FILE));
  if (policyText !== undefined) {
    let raw: unknown;
    try {
      raw = parseYaml(policyText);
    } catch (e) {
      issues.push({
        file: POLICY_FILE,
        line: null,
        message: `not valid YAML: ${(e as Error).message.split('\n')[0]}`,
      });
    }
    const parsed = policyFileSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        issues.push({
          file: POLICY_FILE,
          line: null,
          field: i.path.join('.') || undefined,
          message: i.message,
        });
    } else {
      const p = policyFromFile(parsed.data);
      if (p.ok) policy = p.value;
      else issues.push(...p.error.map((i) => ({ ...i, file: POLICY_FILE })));
    }
  }
  let stock: StockTable | undefined;
  const stockText = await optionalText(join(dir, STOCK_FILE));
  if (stockText !== undefined) {
    const warehouses = new Set(
      [...network.locations.values()]
        .filter((l) => l.kind === 'overseas-warehouse' || l.kind === 'border-warehouse')
        .map((l) => l.id),
    );
    const s = importStockCsv(stockText, warehouses);
    if (s.ok) stock = s.value;
    else issues.push(...s.error.map((i) => ({ ...i, file: STOCK_FILE })));
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, policy, stock };
}

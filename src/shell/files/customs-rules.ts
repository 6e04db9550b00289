import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CustomsReference,
  type CustomsRules,
  FX_FILE,
  loadCustomsRules,
} from '../../core/customs/index.ts';
import type { SourceFile } from '../../core/network/index.ts';
import {
  formatInputIssue,
  type InputIssue,
  type Result,
  SilklineError,
} from '../../core/shared/index.ts';
import { loadHsNomenclature, loadUsHts } from './customs-reference.ts';

/** The dated customs rules shipped with Silkline: regimes/*.yaml and fx-rates.csv. */
export const CUSTOMS_DIR = fileURLToPath(new URL('../../../data/customs/', import.meta.url));
export const REGIMES_SUBDIR = 'regimes';

/** Reads a customs directory: every YAML under regimes/ and fx-rates.csv, paths relative to it. */
export async function readCustomsDir(dir: string): Promise<SourceFile[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory())
    throw new SilklineError('customs-dir-missing', `customs directory not found: ${dir}`);
  const regimesDir = join(dir, REGIMES_SUBDIR);
  const names = await readdir(regimesDir).catch(() => [] as string[]);
  const files: SourceFile[] = [];
  for (const name of names.filter((n) => /\.ya?ml$/i.test(n)).sort())
    files.push({
      path: `${REGIMES_SUBDIR}/${name}`,
      text: await readFile(join(regimesDir, name), 'utf8'),
    });
  const fx = await readFile(join(dir, FX_FILE), 'utf8').catch(() => undefined);
  if (fx !== undefined) files.push({ path: FX_FILE, text: fx });
  return files;
}

/** Every issue on its own line: file:line: field: reason. */
export function formatCustomsIssues(dir: string, issues: readonly InputIssue[]): string {
  return `the customs rules in ${dir} have ${issues.length} error(s):\n${issues
    .map((i) => `  ${formatInputIssue(i)}`)
    .join('\n')}`;
}

/**
 * Loads and precompiles a customs directory with the HS nomenclature and the US HTS table (the
 * shipped ones unless given): the rules, or every issue with its file, line, field and reason.
 */
export async function loadCustomsRulesFromDir(
  dir: string = CUSTOMS_DIR,
  reference?: CustomsReference,
): Promise<Result<CustomsRules, InputIssue[]>> {
  const [files, nomenclature, usHts] = await Promise.all([
    readCustomsDir(dir),
    reference ? Promise.resolve(reference.nomenclature) : loadHsNomenclature(),
    reference ? Promise.resolve(reference.usHts) : loadUsHts(),
  ]);
  return loadCustomsRules(files, { nomenclature, usHts });
}

let shipped: Promise<CustomsRules> | undefined;

/** The shipped rules, loaded once per process (a failed load is not cached); invalid ones throw. */
export function loadShippedCustomsRules(): Promise<CustomsRules> {
  if (shipped) return shipped;
  const p = loadCustomsRulesFromDir(CUSTOMS_DIR).then((r) => {
    // The shipped rules are tested: invalid ones are a broken installation, not user input.
    if (!r.ok)
      throw new SilklineError('customs-rules-invalid', formatCustomsIssues(CUSTOMS_DIR, r.error), {
        issues: r.error,
      });
    return r.value;
  });
  shipped = p;
  p.catch(() => (shipped = undefined));
  return p;
}

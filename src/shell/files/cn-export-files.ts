import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CnExportCodes,
  type CnExportSetup,
  type HsNomenclature,
  parseCnExportCodes,
  parseCnExportSetup,
} from '../../core/customs/index.ts';
import type { Network, SourceFile } from '../../core/network/index.ts';
import { formatInputIssue, type InputIssue, SilklineError } from '../../core/shared/index.ts';
import { loadHsNomenclature } from './customs-reference.ts';

const dataFile = (name: string) =>
  fileURLToPath(new URL(`../../../data/customs/${name}`, import.meta.url));

export const CN_UNITS_FILE = dataFile('cn-units.yaml');
export const CN_COUNTRY_CODES_FILE = dataFile('cn-country-codes.yaml');
export const CN_EXPORT_CODES_FILE = dataFile('cn-export-codes.yaml');
/** The demo network's China export set-up (gateway customs codes, partner codes, bundle gateways). */
export const CN_EXPORT_SETUP_FILE = dataFile('cn-export-network.yaml');

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function source(path: string): Promise<SourceFile> {
  return { path: relative(ROOT, path), text: await readFile(path, 'utf8') };
}

function invalid(what: string, issues: readonly InputIssue[]): SilklineError {
  return new SilklineError(
    'customs-reference-invalid',
    `${what} has ${issues.length} error(s):\n${issues.map((i) => `  ${formatInputIssue(i)}`).join('\n')}`,
    { issues },
  );
}

/** What building an export declaration needs besides the order, the chain and the seller. */
export interface ExportDeclarationReference {
  readonly codes: CnExportCodes;
  /** Null when the set-up file is for another network: declarations then name what is missing. */
  readonly setup: CnExportSetup | null;
  readonly hs: HsNomenclature;
}

let codes: Promise<CnExportCodes> | undefined;
const setups = new Map<string, Promise<CnExportSetup | null>>();

function loadCodes(): Promise<CnExportCodes> {
  codes ??= (async () => {
    const [units, countries, list] = await Promise.all([
      source(CN_UNITS_FILE),
      source(CN_COUNTRY_CODES_FILE),
      source(CN_EXPORT_CODES_FILE),
    ]);
    const parsed = parseCnExportCodes({ units, countries, codes: list });
    if (!parsed.ok) throw invalid('the China export code lists', parsed.error);
    return parsed.value;
  })();
  codes.catch(() => (codes = undefined));
  return codes;
}

async function readSetup(network: Network, all: CnExportCodes): Promise<CnExportSetup | null> {
  const file = await source(CN_EXPORT_SETUP_FILE);
  const alone = parseCnExportSetup(file);
  if (!alone.ok) throw invalid(file.path, alone.error);
  // The shipped set-up describes the demo network; another network's declarations list its gaps.
  if (alone.value.network !== network.id) return null;
  const checked = parseCnExportSetup(file, { network, codes: all });
  if (!checked.ok) throw invalid(file.path, checked.error);
  return checked.value;
}

/**
 * The code lists, the export set-up of the network and the HS nomenclature, read once per process
 * (per network). A broken shipped file throws, naming each problem; a failed load is retried.
 */
export async function loadExportDeclarationReference(
  network: Network,
): Promise<ExportDeclarationReference> {
  const all = await loadCodes();
  let setup = setups.get(network.id);
  if (!setup) {
    setup = readSetup(network, all);
    setups.set(network.id, setup);
    setup.catch(() => setups.delete(network.id));
  }
  const [s, hs] = await Promise.all([setup, loadHsNomenclature()]);
  return { codes: all, setup: s, hs };
}

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  type DocumentRules,
  parseImporterReferences,
  parseSdrRates,
} from '../../core/documents/index.ts';
import { formatInputIssue } from '../../core/shared/index.ts';

/** Where the documents' dated data lives: SDR rates (IMF) and the importer-reference schemes. */
export const CUSTOMS_DATA_DIR = fileURLToPath(new URL('../../../data/customs/', import.meta.url));

async function load(dir: string): Promise<DocumentRules> {
  const [sdrText, refsText] = await Promise.all([
    readFile(`${dir}/sdr-rates.csv`, 'utf8'),
    readFile(`${dir}/importer-references.csv`, 'utf8'),
  ]);
  const sdr = parseSdrRates(sdrText, 'data/customs/sdr-rates.csv');
  const refs = parseImporterReferences(refsText, 'data/customs/importer-references.csv');
  const issues = [...(sdr.ok ? [] : sdr.issues), ...(refs.ok ? [] : refs.issues)];
  if (!sdr.ok || !refs.ok)
    throw new Error(
      `document data has errors:\n${issues.map((i) => `  ${formatInputIssue(i)}`).join('\n')}`,
    );
  return { sdr: sdr.table, importerReferences: refs.rules };
}

let cached: Promise<DocumentRules> | undefined;

/** The documents' rules, read once per process (they are data files shipped with the code). */
export function documentRules(dir: string = CUSTOMS_DATA_DIR): Promise<DocumentRules> {
  if (dir !== CUSTOMS_DATA_DIR) return load(dir);
  cached ??= load(dir).catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

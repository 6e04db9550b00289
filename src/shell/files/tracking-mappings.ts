import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from '../../core/network/index.ts';
import type { InputIssue, Result } from '../../core/shared/index.ts';
import {
  loadTrackingMappings,
  MAPPINGS_DIR,
  type TrackingMappings,
} from '../../core/tracking/index.ts';

/** The tracking data shipped with Silkline: the UPU EMSEVT table and the demo partners' tables. */
export const TRACKING_DATA_DIR = fileURLToPath(new URL('../../../data/tracking/', import.meta.url));

const MAPPING_FILE = /\.ya?ml$/i;

/**
 * Reads every mapping table under `<dir>/mappings/` and validates them with the core. Issues name
 * the file (relative to dir), the line, the field path and the reason. `timeZone` is the network's:
 * a validFrom date means local midnight there.
 */
export async function readTrackingMappings(
  timeZone: string,
  dir: string = TRACKING_DATA_DIR,
): Promise<Result<TrackingMappings, InputIssue[]>> {
  const mappingsDir = join(dir, MAPPINGS_DIR);
  const info = await stat(mappingsDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    return {
      ok: false,
      error: [{ file: MAPPINGS_DIR, line: null, message: `directory not found: ${mappingsDir}` }],
    };
  }
  const names = (await readdir(mappingsDir)).filter((n) => MAPPING_FILE.test(n)).sort();
  const files: SourceFile[] = [];
  for (const name of names) {
    files.push({
      path: `${MAPPINGS_DIR}${name}`,
      text: await readFile(join(mappingsDir, name), 'utf8'),
    });
  }
  return loadTrackingMappings(files, timeZone);
}

/** One line per issue: "mappings/x.yaml:12: entries.EMA.status: reason". */
export function formatMappingIssue(issue: InputIssue): string {
  const where = `${issue.file ?? '?'}${issue.line !== null ? `:${issue.line}` : ''}`;
  return `${where}: ${issue.field ? `${issue.field}: ` : ''}${issue.message}`;
}

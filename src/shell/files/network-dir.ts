import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from '../../core/network/index.ts';

/** The network shipped with Silkline, loaded when no directory is named. */
export const DEMO_NETWORK_DIR = fileURLToPath(
  new URL('../../../data/demo-network/', import.meta.url),
);

const NETWORK_FILE_PATTERN = /\.(ya?ml|csv)$/i;

/** Reads every YAML and CSV file below a network directory, with paths relative to it. */
export async function readNetworkDir(dir: string): Promise<SourceFile[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`network directory not found: ${dir}`);
  const files: SourceFile[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !NETWORK_FILE_PATTERN.test(entry.name)) continue;
    const full = join(entry.parentPath, entry.name);
    files.push({
      path: relative(dir, full).split(sep).join('/'),
      text: await readFile(full, 'utf8'),
    });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

// Generates data/demo-network/ (the network `silkline network check` loads by default) from code,
// so every figure has one source and the files can be rebuilt: npm run demo:generate.
// generateDemoNetwork() is pure and deterministic (a seeded PRNG, no clock); run as a script it
// writes the files after deleting stale ones.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDemoNetwork } from './demo-network/index.ts';

export const DEMO_NETWORK_OUT_DIR = fileURLToPath(
  new URL('../data/demo-network/', import.meta.url),
);

/** Relative path → file text of every file of the demo network. */
export function generateDemoNetwork(): Map<string, string> {
  return buildDemoNetwork();
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

export async function writeDemoNetwork(
  dir: string = DEMO_NETWORK_OUT_DIR,
): Promise<{ written: number; removed: number }> {
  const files = generateDemoNetwork();
  const wanted = new Set([...files.keys()].map((p) => join(dir, p)));
  let removed = 0;
  for (const file of await listFiles(dir)) {
    if (!wanted.has(file)) {
      await rm(file);
      removed++;
    }
  }
  for (const [path, text] of files) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
  }
  return { written: files.size, removed };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { written, removed } = await writeDemoNetwork();
  process.stdout.write(`wrote ${written} files to data/demo-network/ (removed ${removed} stale)\n`);
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_NETWORK_DIR, readNetworkDir } from './network-dir.ts';

// A directory name with a space and Chinese characters: URL-escaped paths would not be found.
const root = mkdtempSync(join(tmpdir(), 'silkline 网络-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readNetworkDir', () => {
  it('reads the YAML and CSV files below the directory, with sorted forward-slash relative paths', async () => {
    mkdirSync(join(root, 'partners', 'archive'), { recursive: true });
    mkdirSync(join(root, 'rates'));
    writeFileSync(join(root, 'network.yaml'), 'id: n\n');
    writeFileSync(join(root, 'partners', 'b.yml'), 'b');
    writeFileSync(join(root, 'partners', 'archive', 'a.yaml'), 'a');
    writeFileSync(join(root, 'rates', 'card.CSV'), 'x');
    writeFileSync(join(root, 'README.md'), 'not network data');
    writeFileSync(join(root, 'rates', 'card.csv.bak'), 'backup');
    const files = await readNetworkDir(root);
    expect(files).toEqual([
      { path: 'network.yaml', text: 'id: n\n' },
      { path: 'partners/archive/a.yaml', text: 'a' },
      { path: 'partners/b.yml', text: 'b' },
      { path: 'rates/card.CSV', text: 'x' },
    ]);
  });

  it('rejects a directory that does not exist, or a file', async () => {
    await expect(readNetworkDir(join(root, 'missing'))).rejects.toThrow(
      /network directory not found/,
    );
    await expect(readNetworkDir(join(root, 'network.yaml'))).rejects.toThrow(
      /network directory not found/,
    );
  });
});

describe('DEMO_NETWORK_DIR', () => {
  it('is a file system path, not a URL-escaped one', () => {
    expect(DEMO_NETWORK_DIR).toBe(
      fileURLToPath(new URL('../../../data/demo-network/', import.meta.url)),
    );
    expect(DEMO_NETWORK_DIR).not.toMatch(/%[0-9A-F]{2}/i);
  });
});

// Builds the buyers' tracking page (web/tracking → dist/web/tracking) with Vite.
//
//   node scripts/build-web.ts              build (npm run build:web)
//   node scripts/build-web.ts --if-stale   build only when the sources changed since the last build
//                                          (npm start and the browser tests use this: ~0.1 s when fresh)
//
// "Changed" is a hash of every file under web/tracking/ and the versions of the packages bundled,
// written beside the build, so a fresh clone, a pull or an edit rebuilds, and nothing else does.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = new URL('..', import.meta.url).pathname;
export const WEB_SOURCE_DIR = join(ROOT, 'web/tracking');
export const WEB_BUILD_DIR = join(ROOT, 'dist/web/tracking');
const STAMP = join(WEB_BUILD_DIR, '.source-hash');
const BUNDLED = [
  'vite',
  'react',
  'react-dom',
  'world-atlas',
  'topojson-client',
  'i18n-iso-countries',
];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** A hash of what the build is made from. */
export async function webSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await filesUnder(WEB_SOURCE_DIR)) {
    hash
      .update(file.slice(ROOT.length))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
  for (const name of BUNDLED) {
    const pkg = JSON.parse(
      await readFile(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'),
    ) as { version: string };
    hash.update(`${name}@${pkg.version}\0`);
  }
  return hash.digest('hex');
}

export async function webBuildIsFresh(): Promise<boolean> {
  try {
    const [stamp] = await Promise.all([
      readFile(STAMP, 'utf8'),
      readFile(join(WEB_BUILD_DIR, 'index.html')),
    ]);
    return stamp.trim() === (await webSourceHash());
  } catch {
    return false;
  }
}

/**
 * Runs `vite build` in its own process (production mode whatever NODE_ENV the caller has: a
 * test runner's NODE_ENV=test would otherwise bundle React's development build).
 */
export async function buildWeb(options: { ifStale?: boolean } = {}): Promise<'built' | 'fresh'> {
  if (options.ifStale && (await webBuildIsFresh())) return 'fresh';
  const hash = await webSourceHash();
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      join(WEB_SOURCE_DIR, 'vite.config.ts'),
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' } },
  );
  await writeFile(STAMP, hash + '\n');
  return 'built';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ifStale = process.argv.includes('--if-stale');
  const started = performance.now();
  buildWeb({ ifStale }).then(
    (result) => {
      const ms = Math.round(performance.now() - started);
      process.stderr.write(
        result === 'fresh'
          ? `tracking page: up to date (${WEB_BUILD_DIR})\n`
          : `tracking page: built in ${ms} ms → ${WEB_BUILD_DIR}\n`,
      );
    },
    (e: unknown) => {
      const err = e as { stderr?: string; message?: string };
      process.stderr.write(
        `tracking page: build failed\n${err.stderr || err.message || String(e)}\n`,
      );
      process.exitCode = 1;
    },
  );
}

// `silkline keys create` and `silkline serve` as child processes on one PGlite --data directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/silkline.js', import.meta.url));

/** The environment without anything that would point the CLI at another store. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.SILKLINE_DATA_DIR;
  delete env.SILKLINE_HOST;
  return env;
}

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function run(args: string[]): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // process.execPath is the project's Node 24 under vitest: no re-exec by bin/silkline.js.
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started }),
    );
  });
}

describe('silkline keys create and serve on one --data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'silkline-serve-'));
  let serve: ChildProcess | undefined;
  afterAll(() => {
    if (serve && serve.exitCode === null && serve.signalCode === null) serve.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints only the key; a second process fails fast while serve holds the directory; SIGTERM stops serve cleanly', async () => {
    const created = await run([
      'keys',
      'create',
      '--tenant',
      'cli-seller',
      '--role',
      'seller',
      '--data',
      dir,
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^sl_se_[A-Za-z0-9_-]{43}\n$/);
    expect(created.stderr).toMatch(/created key key_\w+ \(seller\) for tenant cli-seller/);
    expect(created.stderr).not.toContain(created.stdout.trim());
    const key = created.stdout.trim();
    expect(existsSync(join(dir, 'silkline.lock'))).toBe(false);

    serve = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dir], {
      env: cleanEnv(),
    });
    let out = '';
    let err = '';
    serve.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
      serve!.on('exit', (code, signal) => ok({ code, signal })),
    );
    const base = await new Promise<string>((ok, fail) => {
      serve!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /silkline serving (http:\/\/127\.0\.0\.1:\d+) on PGlite at (.+?);/.exec(out);
        if (m) ok(m[1]!);
      });
      void exited.then(({ code }) => fail(new Error(`serve exited (${code}) first: ${err}`)));
    });
    expect(out).toContain(`PGlite at ${dir};`);

    // The key made by the first process works against the server.
    const list = await fetch(`${base}/v1/orders`, { headers: { authorization: `Bearer ${key}` } });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ data: [], nextCursor: null });

    const second = await run([
      'keys',
      'create',
      '--tenant',
      'another',
      '--role',
      'seller',
      '--data',
      dir,
    ]);
    expect(second.code).toBe(2);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain(dir);
    expect(second.stderr).toMatch(/in use by process \d+/);
    // Fails at the lock, before PGlite opens (which takes seconds).
    expect(second.ms).toBeLessThan(20_000);

    serve.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(out).toMatch(/SIGTERM: finishing in-flight work/);
    expect(err).toBe('');
    expect(existsSync(join(dir, 'silkline.lock'))).toBe(false);
  }, 150_000);
});

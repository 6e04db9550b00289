// `silkline serve --demo` as `npm start` runs it: keys, demo parcels with their tracking pages,
// the partner simulator posting signed events on the accelerated clock, and a clean stop.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/silkline.js', import.meta.url));

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.SILKLINE_DATA_DIR;
  delete env.SILKLINE_HOST;
  return env;
}

/** Resolves with the first match of `re` in what the stream has said so far. */
function waitFor(text: () => string, re: RegExp, timeoutMs: number, what: string) {
  return new Promise<RegExpExecArray>((ok, fail) => {
    const until = Date.now() + timeoutMs;
    const check = () => {
      const m = re.exec(text());
      if (m) return ok(m);
      if (Date.now() > until) return fail(new Error(`timed out waiting for ${what}:\n${text()}`));
      setTimeout(check, 200);
    };
    check();
  });
}

describe('silkline serve --demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'silkline-demo-'));
  let serve: ChildProcess | undefined;
  afterAll(() => {
    if (serve && serve.exitCode === null && serve.signalCode === null) serve.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints keys and demo parcels, runs simulated partners whose events move them, stops cleanly', async () => {
    serve = spawn(process.execPath, [BIN, 'serve', '--demo', '--port', '0', '--data', dir], {
      env: cleanEnv(),
    });
    let out = '';
    let err = '';
    serve.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    serve.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<{ code: number | null }>((ok) =>
      serve!.on('exit', (code) => ok({ code })),
    );
    await waitFor(() => out, /Partner simulator: 59 partners/, 240_000, 'the simulator line');
    expect(out).toMatch(/seller {3}sl_se_/);
    expect(out).toMatch(/operator sl_op_/);
    const parcels = [...out.matchAll(/\/v1\/public\/tracking\/(\S+)\)/g)].map((m) => m[1]!);
    expect(parcels.length).toBeGreaterThan(0);
    const base = /silkline serving (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    expect(out).toContain(`${base}/track/`);

    // Within a few real seconds (hours simulated) the partners' first scans are in.
    await waitFor(() => err, /sent [1-9]\d* /, 120_000, 'a progress line with events sent');
    const statuses = async () => {
      const found: string[] = [];
      for (const number of parcels) {
        const res = await fetch(`${base}/v1/public/tracking/${number}`);
        if (res.status === 200)
          found.push(((await res.json()) as { status: { status: string } }).status.status);
      }
      return found;
    };
    const until = Date.now() + 120_000;
    let seen = await statuses();
    while (!seen.some((s) => s !== 'pending') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1000));
      seen = await statuses();
    }
    expect(
      seen.some((s) => s !== 'pending'),
      seen.join(', '),
    ).toBe(true);

    serve.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0 });
    expect(out).toMatch(/SIGTERM: finishing in-flight work/);
    // The simulator's last report, and no HTTP error on the way.
    expect(err).toMatch(/simulator @ .*HTTP errors 0/);
  }, 480_000);
});

import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.ts';
import { main } from './main.ts';

function io(): CliIo & { out: string; err: string } {
  const captured = {
    out: '',
    err: '',
    stdout: (t: string) => void (captured.out += t),
    stderr: (t: string) => void (captured.err += t),
    env: {},
    cwd: process.cwd(),
  };
  return captured;
}

// The partner simulator's command lines: bad input is refused before anything starts (exit 2).
describe('silkline simulate and serve --demo options', () => {
  it.each([
    [['simulate'], /--url URL is required/],
    [['simulate', '--url', 'not a url', '--operator-key', 'k'], /not a URL/],
    [['simulate', '--url', 'http://127.0.0.1:9'], /--operator-key KEY/],
    [['simulate', '--url', 'http://127.0.0.1:9', '--operator-key', 'k', '--speed', '0'], /--speed/],
    [
      ['simulate', '--url', 'http://127.0.0.1:9', '--operator-key', 'k', '--rate', 'fast'],
      /--rate/,
    ],
    [
      ['simulate', '--url', 'http://127.0.0.1:9', '--operator-key', 'k', '--orders-only'],
      /--rate N/,
    ],
    [['serve', '--speed', '60'], /belong to the demo/],
    [['serve', '--no-simulator'], /belong to the demo/],
    [['serve', '--demo', '--speed', 'x'], /--speed/],
  ])('%j is refused with exit code 2', async (argv, message) => {
    const cli = io();
    expect(await main(argv, cli)).toBe(2);
    expect(cli.err).toMatch(message);
  });

  it.each([
    ...['abc', '12', '1.5', '99999999999'].map((v) => ['SILKLINE_TRACKING_CACHE_PARCELS', v]),
    ...['soon', '-1', '2.5', '600001'].map((v) => ['SILKLINE_TRACKING_REBUILD_DELAY_MS', v]),
  ])('refuses %s=%s before starting, naming it (exit 2)', async (name, value) => {
    const cli = io();
    const withEnv = { ...cli, env: { [name]: value } };
    expect(await main(['serve', '--port', '0'], withEnv)).toBe(2);
    expect(cli.err).toMatch(new RegExp(`${name}: must be a whole number`));
  });

  it('says when the server cannot be reached (exit 1)', async () => {
    const cli = io();
    // Port 9 (discard) on loopback: nothing listens there.
    const code = await main(
      ['simulate', '--url', 'http://127.0.0.1:9', '--operator-key', 'k', '--duration', '1'],
      cli,
    );
    expect(code).toBe(1);
    expect(cli.err).toMatch(/cannot start against http:\/\/127\.0\.0\.1:9/);
  }, 120_000);
});

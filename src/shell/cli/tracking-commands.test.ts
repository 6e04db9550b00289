// `silkline partners secret` and `silkline events import` on a PGlite --data directory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../db/store.ts';
import { acceptedSecrets } from '../service/partner-secrets.ts';
import type { CliIo } from './io.ts';
import { main } from './main.ts';

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    cwd,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('silkline partners secret and events import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'silkline-tracking-cli-'));
  const data = join(dir, 'data');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the secret alone; refuses a second without --rotate; rotates with it', async () => {
    const first = await run(['partners', 'secret', 'albion-delivery', '--data', data], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^pwsec_[A-Za-z0-9_-]{43}\n$/);
    expect(first.stderr).toMatch(/created the webhook secret of albion-delivery/);
    const again = await run(['partners', 'secret', 'albion-delivery', '--data', data], dir);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/--rotate/);
    const rotated = await run(
      ['partners', 'secret', 'albion-delivery', '--rotate', '--data', data],
      dir,
    );
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/^pwsec_[A-Za-z0-9_-]{43}\n$/);
    expect(rotated.stdout).not.toBe(first.stdout);
    expect(rotated.stderr).toMatch(/previous one is accepted until/);
    const unknown = await run(['partners', 'secret', 'no-such-partner', '--data', data], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no partner "no-such-partner"/);
    // Both secrets verify during the grace period.
    const store = await openStore({ dataDir: data });
    try {
      const { secrets } = await acceptedSecrets(store.db, 'albion-delivery', Date.now());
      expect(new Set(secrets)).toEqual(new Set([first.stdout.trim(), rotated.stdout.trim()]));
    } finally {
      await store.close();
    }
  }, 300_000);

  it('imports an event file, keeping good lines and reporting bad ones by line', async () => {
    const file = join(dir, 'events.csv');
    writeFileSync(
      file,
      [
        'eventId,trackingNumber,code,occurredAt,country,city,description',
        'ev-1,ALBION-NOT-YET-KNOWN,10,2026-11-20T09:00:00+00:00,GB,London,Received at hub',
        'ev-2,ALBION-NOT-YET-KNOWN,10,2026-11-20 09:00,GB,London,No offset',
        'ev-3,ALBION-NOT-YET-KNOWN,ZZ,2026-11-20T10:00:00Z,GB,London,Unknown code',
      ].join('\n'),
    );
    const r = await run(
      ['events', 'import', 'events.csv', '--partner', 'albion-delivery', '--data', data],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      /3 event\(s\) read .*: 0 recorded, 1 kept unmatched, 1 with unmapped codes, 0 duplicate\(s\), 1 invalid/,
    );
    expect(r.stdout).toMatch(/unmapped code "ZZ": 1 event/);
    expect(r.stderr).toMatch(/events\.csv:3: occurredAt: .*no UTC offset/);
    const again = await run(
      ['events', 'import', 'events.csv', '--partner', 'albion-delivery', '--data', data, '--json'],
      dir,
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ total: 3, duplicates: 2, invalid: 1 });
    const missing = await run(
      ['events', 'import', 'nope.csv', '--partner', 'x', '--data', data],
      dir,
    );
    expect(missing.code).toBe(2);
  }, 300_000);
});

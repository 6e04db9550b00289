import { describe, expect, it } from 'vitest';
import { HELP, main } from './main.ts';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: {},
      cwd: process.cwd(),
    },
    new Date('2026-03-01T00:00:00Z'),
  );
  return { code, stdout, stderr };
}

/** Bad usage: exit 2, one line naming the problem, nothing on stdout, no stack. */
async function expectUsageError(args: string[], message: RegExp): Promise<void> {
  const r = await run(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^silkline: /);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('silkline hs check', () => {
  it('prints the description path of a valid code (exit 0)', async () => {
    const r = await run(['hs', 'check', '6109.10']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^6109\.10 is a valid classification\n/);
    expect(r.stdout).toMatch(/ {2}61 +Apparel and clothing accessories; knitted or crocheted\n/);
    expect(r.stdout).toMatch(
      / {2}6109 +T-shirts, singlets and other vests; knitted or crocheted\n/,
    );
    expect(r.stdout).toMatch(/ {2}6109\.10 +T-shirts, singlets and other vests; of cotton/);
  });

  it('verifies a US HTS line and shows its rate text as the table writes it', async () => {
    const r = await run(['hs', 'check', '6109.10.00.12', '--country', 'US']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/6109\.10\.00\.12 is a valid classification \(US-HTS, verified\)/);
    expect(r.stdout).toMatch(
      /6109\.10\.00\.12 Men's \(338\) \(US-HTS; base rate: on the 8-digit line, not in the table\)/,
    );
    const goats = await run(['hs', 'check', '0104200000', '--country', 'us']);
    expect(goats.stdout).toMatch(/Goats \(US-HTS; base rate: 68¢\/head\)/);
  });

  it('accepts a code typed as separate words', async () => {
    const r = await run(['hs', 'check', '6109', '10', '00', '12', '--country', 'US']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('says what could not be checked for an EU CN code', async () => {
    const r = await run(['hs', 'check', '61091000', '--country', 'DE']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(EU-CN: national digits not verified\)/);
    expect(r.stdout).toMatch(/note: the EU Combined Nomenclature is not held/);
  });

  it('refuses an unknown line, a heading and a pseudo-code with the reason (exit 1)', async () => {
    const unknown = await run(['hs', 'check', '6109100099', '--country', 'US']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(
      /^silkline: 6109100099 refused \(unknown-national-line\): "6109100099" is not a line of the US HTS table/,
    );
    const heading = await run(['hs', 'check', '6109']);
    expect(heading.code).toBe(1);
    expect(heading.stderr).toMatch(/\(format\).*a 6-digit subheading is needed/);
    const pseudo = await run(['hs', 'check', '999999']);
    expect(pseudo.code).toBe(1);
    expect(pseudo.stderr).toMatch(/\(pseudo-code\)/);
  });

  it('writes the check as JSON with --json, for valid and refused codes alike', async () => {
    const ok = await run(['hs', 'check', '610910', '--json']);
    expect(ok.code).toBe(0);
    const body = JSON.parse(ok.stdout);
    expect(body).toMatchObject({ ok: true, code: '610910', subheading: '610910', national: null });
    expect(body.path.map((e: { code: string }) => e.code)).toEqual(['61', '6109', '610910']);
    const refused = await run(['hs', 'check', '610930', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      ok: false,
      code: '610930',
      reason: 'unknown-subheading',
    });
  });

  it('refuses bad usage with exit 2', async () => {
    await expectUsageError(['hs', 'check'], /hs check needs a CODE/);
    await expectUsageError(['hs', 'check', '610910', '--country', 'XX'], /--country: "XX" is not/);
    await expectUsageError(['hs', 'check', '610910', '--bogus'], /bogus/);
    await expectUsageError(['hs'], /unknown command "hs "/);
    await expectUsageError(['hs', 'classify', 'x'], /unknown command "hs classify"/);
  });
});

describe('silkline hs suggest', () => {
  it('lists ranked subheadings with their descriptions, for a person to choose', async () => {
    const r = await run(['hs', 'suggest', 'cotton t-shirt', '--limit', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/suggestions only: check the description and choose/);
    const lines = r.stdout.split('\n').filter((l) => /^ ?\d+\. /.test(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ 1\. 6109\.10 {2}T-shirts, singlets and other vests; of cotton/);
    expect(r.stdout).toMatch(/in 6109 T-shirts.*\(chapter 61\); score \d+\.\d\d, matched cotton/);
  });

  it('takes the words unquoted too, and writes JSON with --json', async () => {
    const r = await run(['hs', 'suggest', 'wireless', 'bluetooth', 'earphones', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.text).toBe('wireless bluetooth earphones');
    expect(body.suggestions).toHaveLength(10);
    expect(body.suggestions[0]).toMatchObject({ code: '851830' });
    expect(body.suggestions[0].path).toHaveLength(3);
  });

  it('exits 1 when nothing matches', async () => {
    const r = await run(['hs', 'suggest', 'zzzqqq']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no HS subheading matches "zzzqqq"/);
  });

  it('refuses bad usage with exit 2', async () => {
    await expectUsageError(['hs', 'suggest'], /hs suggest needs a description/);
    await expectUsageError(
      ['hs', 'suggest', 'mug', '--limit', '0'],
      /--limit: "0" must be a whole number from 1 to 50/,
    );
    await expectUsageError(['hs', 'suggest', 'mug', '--limit', 'ten'], /--limit/);
  });

  it('is in the help', () => {
    expect(HELP).toMatch(/silkline hs check CODE \[--country CC\] \[--json\]/);
    expect(HELP).toMatch(/silkline hs suggest "TEXT" \[--limit N\] \[--json\]/);
  });
});

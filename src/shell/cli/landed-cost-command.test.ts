// `silkline landed-cost --input FILE.json [--json]`: the contract other tools script against,
// the README's example, bad input (exit 2, field and reason) and "cannot be done" (exit 1).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';

const EXAMPLES = fileURLToPath(new URL('../../../data/customs/examples/', import.meta.url));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'silkline-landed-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, cwd: dir },
    new Date('2026-03-01T00:00:00Z'),
  );
  return { code, stdout, stderr };
}

function input(name: string, body: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
}

const EXAMPLE = JSON.parse(
  readFileSync(join(EXAMPLES, 'landed-cost-de-ddp.json'), 'utf8'),
) as Record<string, unknown>;

describe('silkline landed-cost', () => {
  it('answers the README example with --json in exactly the contract’s shape', async () => {
    const r = await run([
      'landed-cost',
      '--input',
      join(EXAMPLES, 'landed-cost-de-ddp.json'),
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // 2 T-shirts at EUR 15 + running shoes EUR 45 = EUR 75, shipping EUR 8, to Germany on 1 Jul 2026,
    // DDP, with IOSS: two subheadings (6109.10, 6404.11) × EUR 3 = EUR 6.00 duty at import;
    // VAT at sale 19 % × (75 + 8 + 6) = 16.91; the integrator's fee max(2 % × 6.00, USD 1 = EUR 0.8547) = 0.85;
    // the seller pays 6.00 + 16.91 + 0.85 = 23.76
    expect(out).toEqual({
      lines: [
        {
          kind: 'duty',
          name: 'Flat duty per tariff subheading: 2 × EUR 3.00 (6109.10, 6404.11)',
          amount: { amount: 600, currency: 'EUR' },
          payer: 'seller',
          rule: 'eu-duty-flat-3',
          source: expect.stringMatching(/EUR 3 duty per distinct tariff subheading/),
        },
        {
          kind: 'tax',
          name: 'VAT charged at sale (IOSS) 19% of CIF + duty (EUR 89.00)',
          amount: { amount: 1691, currency: 'EUR' },
          payer: 'seller',
          rule: 'eu-vat-ioss',
          source: expect.stringMatching(/IOSS/),
        },
        {
          kind: 'fee',
          name: expect.stringMatching(/^Integrator's disbursement fee \(DDP\)/),
          amount: { amount: 85, currency: 'EUR' },
          payer: 'seller',
          rule: 'integrator-ddp-disbursement',
          source: expect.stringMatching(/operator policy/),
        },
      ],
      totals: { seller: { amount: 2376, currency: 'EUR' }, buyer: { amount: 0, currency: 'EUR' } },
      warnings: [],
    });
    expect(Object.keys(out)).toEqual(['lines', 'totals', 'warnings']);
  });

  it('prints a readable table without --json', async () => {
    const r = await run(['landed-cost', '--input', join(EXAMPLES, 'landed-cost-us-dap.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Landed cost: US, import 2026-03-10, DAP, courier — United States rules/,
    );
    expect(r.stdout).toMatch(
      /duty\s+Duty 7117\.19\.90\.00 \(imitation jewellery necklace\): 11%\s+buyer\s+USD 3\.96\s+us-hts-duty/,
    );
    expect(r.stdout).toMatch(/Seller pays USD 0\.00; buyer pays USD 15\.26/);
    expect(r.stdout).toMatch(/known cause of refused parcels/);
    expect(r.stdout).toMatch(/Rules applied:\n {2}us-hts-duty \(2016-03-10 – open\)/);
  });

  it('bad input: exit 2, every bad field named with its reason, nothing on stdout', async () => {
    const bad = input('bad.json', {
      ...EXAMPLE,
      incoterm: 'CIF',
      items: [
        {
          hsCode: '610910',
          description: 'shirt',
          quantity: 1,
          unitValue: { amount: 10.5, currency: 'EUR' },
          weightG: 100,
        },
      ],
      colour: 'red',
    });
    const r = await run(['landed-cost', '--input', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('incoterm: must be DDP or DAP');
    expect(r.stderr).toContain(
      'items[0].unitValue.amount: must be whole minor units (cents), e.g. 1999 for 19.99',
    );
    expect(r.stderr).toContain(
      'items[0].originCountry: required: the country of origin (ISO 3166-1 alpha-2): duty depends on it',
    );
    expect(r.stderr).toContain('colour: unknown key (misspelt, or not allowed here)');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('bad input found by the engine (an unknown HS code): exit 2 with the field', async () => {
    const r = await run([
      'landed-cost',
      '--input',
      input('hs.json', {
        ...EXAMPLE,
        items: [{ ...(EXAMPLE.items as object[])[0], hsCode: '999999' }],
      }),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^silkline: items\[0\]\.hsCode: "999999" is a UN Comtrade pseudo-code/,
    );
  });

  it('cannot be done (no rule for the destination or the date): exit 1 with the message', async () => {
    const nz = await run([
      'landed-cost',
      '--input',
      input('nz.json', { ...EXAMPLE, destination: 'NZ' }),
      '--json',
    ]);
    expect(nz).toMatchObject({ code: 1, stdout: '' });
    expect(nz.stderr).toBe('silkline: destination: no rule known for NZ\n');
    const old = await run([
      'landed-cost',
      '--input',
      input('old.json', { ...EXAMPLE, importDate: '2020-01-01' }),
    ]);
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/no rule known for DE on 2020-01-01/);
  });

  it('another rules directory ($SILKLINE_CUSTOMS_DIR): its errors name file, line and field; exit 1', async () => {
    const rulesDir = join(dir, 'rules');
    mkdirSync(join(rulesDir, 'regimes'), { recursive: true });
    writeFileSync(
      join(rulesDir, 'fx-rates.csv'),
      'currency,usd_per_unit,valid_from,valid_to\nEUR,1.17,2026-01-01,\n',
    );
    writeFileSync(
      join(rulesDir, 'regimes', 'de.yaml'),
      'regime: de\nname: Germany\ntimezone: Europe/Berlin\n',
    );
    const r = await run(['landed-cost', '--input', join(EXAMPLES, 'landed-cost-de-ddp.json')], {
      SILKLINE_CUSTOMS_DIR: rulesDir,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/regimes\/de\.yaml:1: destinations: /);
    expect(r.stderr).toMatch(/regimes\/de\.yaml:1: rules: /);
  });

  it('usage errors: no --input, an unreadable or non-JSON file', async () => {
    expect((await run(['landed-cost'])).code).toBe(2);
    const missing = await run(['landed-cost', '--input', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--input: cannot read nope\.json/);
    const notJson = await run(['landed-cost', '--input', input('x.json', '{ not json')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/not valid JSON/);
  });
});

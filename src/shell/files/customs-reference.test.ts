import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SilklineError } from '../../core/shared/index.ts';
import { loadHsNomenclature, loadRestrictedGoods, loadUsHts } from './customs-reference.ts';

const dir = mkdtempSync(join(tmpdir(), 'silkline-customs-ref-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('customs reference loaders', () => {
  it('read the shipped files once per process', async () => {
    const nom = await loadHsNomenclature();
    expect(nom.entries.get('610910')?.description).toMatch(/^T-shirts/);
    expect(await loadHsNomenclature()).toBe(nom);
    const hts = await loadUsHts();
    expect(hts.lines.size).toBe(19768);
    expect(await loadUsHts()).toBe(hts);
    const rules = await loadRestrictedGoods();
    expect(rules.rules.some((r) => r.id === 'gb-offensive-weapons')).toBe(true);
    expect(await loadRestrictedGoods()).toBe(rules);
  });

  it('refuse an invalid restricted-goods file, naming the file, line, path and reason', async () => {
    const file = join(dir, 'restricted.yaml');
    writeFileSync(
      file,
      `version: 1
rules:
  - id: typo-prefix
    destination: GB
    hsPrefixes: ['821199']
    status: prohibited
    validFrom: '2026-01-01'
    reason: r
    source: s
`,
    );
    const error = await loadRestrictedGoods(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SilklineError);
    expect((error as Error).message).toContain(
      `${file}:5: rules[0].hsPrefixes[0]: "821199": 821199 is not an HS 2022 chapter, heading or subheading`,
    );
  });
});

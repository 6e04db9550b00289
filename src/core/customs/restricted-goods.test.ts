import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SilklineError } from '../shared/index.ts';
import { parseHsNomenclature } from './hs.ts';
import {
  parseRestrictedGoods,
  type RestrictedGoodsRules,
  restrictionsFor,
} from './restricted-goods.ts';

const nom = parseHsNomenclature(
  readFileSync(new URL('../../../data/reference/hs2022.csv', import.meta.url), 'utf8'),
);
const SHIPPED = readFileSync(
  new URL('../../../data/customs/restricted-goods.yaml', import.meta.url),
  'utf8',
);

function rulesOf(text: string): RestrictedGoodsRules {
  const r = parseRestrictedGoods(text, { nomenclature: nom });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const shipped = rulesOf(SHIPPED);

const SMALL = `version: 1
rules:
  - id: xx-vapes
    destination: TH
    hsPrefixes: ['854340']
    keywords: [vape, e-cigarette]
    status: prohibited
    validFrom: '2020-01-01'
    validTo: '2027-01-01'
    reason: vapes are banned
    source: a test
  - id: any-power-banks
    destination: '*'
    goods: [battery-in-equipment]
    keywords: [power bank]
    status: restricted
    conditions: by services that take them
    validFrom: '2020-01-01'
    reason: dangerous goods
    source: a test
  - id: us-postal-only
    destination: US
    modes: [postal]
    keywords: [vape]
    status: prohibited
    validFrom: '2021-10-21'
    reason: not mailable
    source: a test
`;

describe('parseRestrictedGoods', () => {
  it('reads the shipped file: every rule valid, its HS prefixes in the nomenclature', () => {
    expect(shipped.rules.length).toBeGreaterThanOrEqual(20);
    const ids = shipped.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of shipped.rules) {
      expect(r.source, r.id).not.toBe('');
      if (r.status === 'restricted') expect(r.conditions, r.id).not.toBeNull();
    }
  });

  it('folds keywords as descriptions are folded', () => {
    const r = rulesOf(SMALL).rules[0]!;
    expect(r.keywords).toEqual(['vape', 'e cigarette']);
    expect(r.modes).toBeNull();
    expect(r.validTo).toBe('2027-01-01');
    expect(rulesOf(SMALL).rules[1]!.validTo).toBeNull();
  });

  it('names the file, line, path and reason of each problem', () => {
    const bad = `version: 1
rules:
  - id: Bad_Id
    destination: XX
    hsPrefixes: [854340]
    goods: [batteries]
    status: restricted
    validFrom: '2026-02-30'
    reason: r
    source: s
    colour: red
`;
    const r = parseRestrictedGoods(bad, { file: 'data/customs/restricted-goods.yaml' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const by = Object.fromEntries(r.error.map((i) => [i.field, i]));
    expect(by['rules[0].id']?.message).toMatch(/lower-case letters/);
    expect(by['rules[0].id']?.line).toBe(3);
    expect(by['rules[0].destination']?.message).toMatch(/ISO 3166-1 alpha-2/);
    expect(by['rules[0].hsPrefixes[0]']?.message).toMatch(/digits in quotes/);
    expect(by['rules[0].goods[0]']).toBeDefined();
    expect(by['rules[0].validFrom']?.message).toMatch(/real calendar date/);
    expect(by['rules[0].colour']?.message).toMatch(/unknown key/);
    expect(by['rules[0].colour']?.line).toBe(11);
    for (const i of r.error) expect(i.file).toBe('data/customs/restricted-goods.yaml');
  });

  it('requires a restriction to name its conditions and a rule to catch something', () => {
    const r = parseRestrictedGoods(`version: 1
rules:
  - id: empty
    destination: '*'
    status: restricted
    validFrom: '2020-01-01'
    validTo: '2019-01-01'
    reason: r
    source: s
`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.error.map((i) => `${i.field}: ${i.message}`).join('\n');
    expect(messages).toMatch(/hsPrefixes: a rule must catch something/);
    expect(messages).toMatch(/conditions: a restriction must name its conditions/);
    expect(messages).toMatch(/validTo: must be after validFrom/);
  });

  it('refuses duplicate ids and HS prefixes that are not in the nomenclature', () => {
    const r = parseRestrictedGoods(
      SMALL.replace('id: any-power-banks', 'id: xx-vapes').replace("'854340'", "'854399'"),
      { nomenclature: nom },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((i) => i.message).join('\n')).toMatch(
      /rule id "xx-vapes" is already used by rules\[0\]/,
    );
    expect(r.error.map((i) => i.message).join('\n')).toMatch(
      /"854399": 854399 is not an HS 2022 chapter, heading or subheading/,
    );
  });

  it('reports invalid YAML with its line', () => {
    const r = parseRestrictedGoods('version: 1\nrules:\n  - id: [unclosed\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]!.message).toMatch(/not valid YAML/);
  });
});

describe('restrictionsFor', () => {
  const rules = rulesOf(SMALL);
  const items = [
    { hsCode: '8543.40.00', description: 'Disposable pod device' },
    { description: 'Mint flavour VAPES, 10 pack' },
    { description: '10000 mAh Power Banks', goods: ['battery-in-equipment' as const] },
    { hsCode: '610910', description: 'cotton t-shirt' },
  ];

  it('finds each item caught by a rule of the destination or of every destination, with why', () => {
    const f = restrictionsFor(rules, { destination: 'TH', date: '2026-03-01', items });
    expect(f.map((x) => [x.itemIndex, x.ruleId, x.status, x.matchedBy])).toEqual([
      [0, 'xx-vapes', 'prohibited', ['hs 854340']],
      [1, 'xx-vapes', 'prohibited', ['keyword vape']],
      [2, 'any-power-banks', 'restricted', ['goods battery-in-equipment', 'keyword power bank']],
    ]);
    expect(f[2]!.conditions).toBe('by services that take them');
    expect(f[0]).toMatchObject({ reason: 'vapes are banned', source: 'a test', destination: 'TH' });
  });

  it('applies a rule from validFrom (inclusive) to validTo (exclusive)', () => {
    const at = (date: string) =>
      restrictionsFor(rules, { destination: 'TH', date, items: [items[1]!] }).map((x) => x.ruleId);
    expect(at('2019-12-31')).toEqual([]);
    expect(at('2020-01-01')).toEqual(['xx-vapes']);
    expect(at('2026-12-31')).toEqual(['xx-vapes']);
    expect(at('2027-01-01')).toEqual([]);
  });

  it('leaves out other destinations, and rules limited to other modes when a mode is given', () => {
    const vape = [items[1]!];
    expect(restrictionsFor(rules, { destination: 'DE', date: '2026-03-01', items: vape })).toEqual(
      [],
    );
    const us = (mode?: 'postal' | 'express') =>
      restrictionsFor(rules, { destination: 'us', date: '2026-03-01', items: vape, mode }).map(
        (x) => [x.ruleId, x.modes],
      );
    expect(us()).toEqual([['us-postal-only', ['postal']]]);
    expect(us('postal')).toEqual([['us-postal-only', ['postal']]]);
    expect(us('express')).toEqual([]);
  });

  it('throws on a date that is not YYYY-MM-DD', () => {
    expect(() => restrictionsFor(rules, { destination: 'TH', date: '1/3/2026', items })).toThrow(
      SilklineError,
    );
  });
});

describe('restrictionsFor on the shipped rules', () => {
  const find = (
    destination: string,
    date: string,
    item: Parameters<typeof restrictionsFor>[1]['items'][number],
    mode?: 'postal' | 'express',
  ) =>
    restrictionsFor(shipped, { destination, date, items: [item], mode }).map(
      (f) => `${f.ruleId}:${f.status}`,
    );

  it('prohibits e-cigarettes in Brazil, Mexico, Singapore, Thailand and India', () => {
    for (const cc of ['BR', 'MX', 'SG', 'TH', 'IN'])
      expect(
        find(cc, '2026-03-01', { hsCode: '854340', description: 'vape pen' }).join(),
        cc,
      ).toMatch(/:prohibited/);
    expect(find('IN', '2019-09-17', { description: 'e-cigarette' })).toEqual([]);
    expect(find('IN', '2019-09-18', { description: 'e-cigarette' })).toEqual([
      'in-electronic-cigarettes:prohibited',
    ]);
  });

  it("follows Australia's vape rules through their dates", () => {
    const nicotine = { hsCode: '240412', description: 'nicotine e-liquid 20mg' };
    expect(find('AU', '2021-09-30', nicotine)).toEqual([]);
    expect(find('AU', '2023-06-01', nicotine)).toEqual([
      'au-nicotine-vapes-prescription:restricted',
    ]);
    expect(find('AU', '2024-01-15', { description: 'Disposable vape 5000 puffs' })).toEqual([
      'au-disposable-vapes:prohibited',
    ]);
    expect(find('AU', '2024-03-01', nicotine)).toEqual(['au-vapes:prohibited']);
  });

  it('stops flick knives for Great Britain and restricts kitchen knives to adult delivery', () => {
    expect(find('GB', '2026-03-01', { description: 'Flick knife, 9cm blade' })).toContain(
      'gb-offensive-weapons:prohibited',
    );
    expect(find('GB', '2026-03-01', { hsCode: '821192', description: 'Chef knife' })).toEqual([
      'gb-bladed-articles:restricted',
    ]);
    expect(find('FR', '2026-03-01', { hsCode: '821192', description: 'Chef knife' })).toEqual([]);
  });

  it('sends cosmetics to general clearance in Korea', () => {
    expect(
      find('KR', '2026-03-01', { description: 'Face cream 50ml', goods: ['cosmetics'] }),
    ).toEqual(['kr-cosmetics-general-clearance:restricted']);
  });

  it('flags counterfeits, narcotics and arms for every destination', () => {
    expect(find('DE', '2026-03-01', { description: 'Replica watches AAA quality' })).toEqual([
      'any-counterfeit-goods:prohibited',
    ]);
    expect(find('JP', '2026-03-01', { description: 'Cannabis seeds' })).toEqual([
      'any-narcotic-drugs:prohibited',
    ]);
    expect(find('CA', '2026-03-01', { hsCode: '930400', description: 'Air rifle' })).toEqual([
      'any-arms-and-ammunition:restricted',
    ]);
  });

  it('points lithium batteries at the services’ own refusals instead of repeating them', () => {
    const [f] = restrictionsFor(shipped, {
      destination: 'US',
      date: '2026-03-01',
      items: [{ hsCode: '850760', description: '20000mAh power bank' }],
    });
    expect(f?.ruleId).toBe('any-lithium-batteries-carriage');
    expect(f?.conditions).toMatch(/restrictions\.refusedGoods/);
  });

  it('keeps the US postal e-cigarette ban to the postal mode', () => {
    const vape = { hsCode: '854340', description: 'vape' };
    expect(find('US', '2026-03-01', vape, 'postal')).toContain('us-ends-not-mailable:prohibited');
    expect(find('US', '2026-03-01', vape, 'express')).not.toContain(
      'us-ends-not-mailable:prohibited',
    );
  });

  it('does not flag ordinary goods', () => {
    for (const description of [
      'cotton t-shirt',
      'ceramic mug',
      'LED strip light',
      'glue gun',
      'ink cartridge',
      'fake fur coat',
    ])
      expect(find('GB', '2026-03-01', { description }), description).toEqual([]);
  });
});

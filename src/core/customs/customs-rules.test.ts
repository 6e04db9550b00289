// Loading the customs rule files: the shipped rules load; a broken file gets one issue per problem
// naming the file, the line, the field and the reason.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatInputIssue } from '../shared/index.ts';
import { loadCustomsRules } from './customs-rules.ts';
import { landedCost } from './landed-cost.ts';
import { shippedRules } from './landed-cost-testing.ts';

const root = new URL('../../../', import.meta.url);
const FX = 'currency,usd_per_unit,valid_from,valid_to\nEUR,1.17,2026-01-01,\n';

const REGIME = `regime: zz-test
name: Test
timezone: Europe/Paris
destinations:
  - country: FR
    currency: EUR
    params:
      vat: [{ value: '0.20', validFrom: '2026-01-01', validTo: null, source: s }]
sources:
  s: a source
groups:
  - { id: duty, kind: duty, name: Duty, required: true }
  - { id: vat, kind: tax, name: VAT }
rules:
  - id: zz-relief
    group: duty
    name: relief
    validFrom: '2026-01-01'
    validTo: null
    source: s
    when: { value: { basis: intrinsic, atMost: { amount: '150.00', currency: EUR } } }
    compute: { kind: exemption, covers: [duty] }
  - id: zz-vat
    group: vat
    name: VAT
    validFrom: '2026-01-01'
    validTo: null
    source: s
    compute: { kind: tax, rate: { param: vat }, base: { basis: cif, plusGroups: [duty] } }
`;

const load = (regime: string, fx = FX) =>
  loadCustomsRules([
    { path: 'regimes/zz.yaml', text: regime },
    { path: 'fx-rates.csv', text: fx },
  ]);
const issues = (regime: string, fx = FX) => {
  const r = load(regime, fx);
  return r.ok ? [] : r.error.map(formatInputIssue);
};

describe('loadCustomsRules', () => {
  it('loads the shipped rules: 37 destinations in 10 regimes, plus the fees', () => {
    const rules = shippedRules({
      read: (p) => readFileSync(new URL(p, root), 'utf8'),
      list: (d) => readdirSync(new URL(`${d}/`, root)),
    });
    expect([...rules.destinations.keys()].sort().join(' ')).toBe(
      'AT AU BE BG BR CA CY CZ DE DK EE ES FI FR GB GR HR HU IE IT JP KR LT LU LV MT MX NL PL PT RO RU SA SE SI SK US',
    );
    expect(rules.regimes.map((r) => r.id).sort()).toEqual(
      ['au', 'br', 'ca', 'eu', 'fees', 'jp', 'kr', 'mx', 'ru', 'sa', 'uk', 'us'].sort(),
    );
    // The fee groups follow every regime's own groups.
    const de = rules.destinations.get('DE')!;
    expect(de.groups.map((g) => g.id)).toEqual([
      'duty',
      'vat',
      'member-fee',
      'notes',
      'ddp-fee',
      'collection-fee',
    ]);
    // Italy's own charge is compiled for Italy only.
    expect(de.rulesById.has('it-parcel-contribution')).toBe(false);
    expect(rules.destinations.get('IT')!.rulesById.has('it-parcel-contribution')).toBe(true);
  });

  it('accepts a minimal valid file', () => {
    expect(issues(REGIME)).toEqual([]);
  });

  it('names the file, line, field and reason of each problem', () => {
    // a schema problem (a misspelt key, a malformed code) is reported first, alone: references are
    // checked once the shape is right
    expect(issues(REGIME.replace('    when:', '    whn:'))).toEqual([
      'regimes/zz.yaml:21: rules[0].whn: unknown key "whn" (misspelt, or not allowed here)',
    ]);
    expect(issues(REGIME.replace('currency: EUR } }', 'currency: EURO } }'))).toEqual([
      'regimes/zz.yaml:21: rules[0].when.value.atMost.currency: must be an ISO 4217 code in capitals, e.g. EUR',
    ]);
    const refs = REGIME.replace('    source: s\n    when:', '    source: nowhere\n    when:')
      .replace('currency: EUR } }', 'currency: XYZ } }')
      .replace('covers: [duty]', 'covers: [dutty]')
      .replace('group: vat\n', 'group: vatt\n')
      .replace('{ param: vat }', '{ param: gst }')
      .replace(
        'validTo: null\n    source: s\n    compute: { kind: tax',
        "validTo: '2025-01-01'\n    source: s\n    compute: { kind: tax",
      );
    expect(issues(refs)).toEqual([
      'regimes/zz.yaml:20: rules[0].source: source "nowhere" is not in the file\'s sources (s)',
      'regimes/zz.yaml:21: rules[0].when.value.atMost.currency: "XYZ" is not an ISO 4217 currency code',
      'regimes/zz.yaml:22: rules[0].compute.covers[0]: group "dutty" is not declared in groups',
      'regimes/zz.yaml:24: rules[1].group: group "vatt" is not declared in groups (duty, vat)',
      'regimes/zz.yaml:27: rules[1].validTo: validTo 2025-01-01 is not after validFrom 2026-01-01',
      'regimes/zz.yaml:29: rules[1].compute.rate.param: parameter "gst" is not defined by any destination or region',
    ]);
  });

  it('reports YAML syntax, the exchange-rate file and duplicates across files', () => {
    expect(issues('regime: [unclosed')[0]).toMatch(/^regimes\/zz\.yaml:1: not valid YAML/);
    expect(issues(REGIME, 'currency,rate\nEUR,1\n')).toEqual([
      'fx-rates.csv:1: missing column(s) usd_per_unit, valid_from, valid_to; expected currency,usd_per_unit,valid_from,valid_to',
    ]);
    expect(
      issues(
        REGIME,
        'currency,usd_per_unit,valid_from,valid_to\nEUR,1.1,2026-01-01,2025-01-01\nXYZ,-1,2026-13-01,\n',
      ),
    ).toEqual([
      'fx-rates.csv:2: valid_to: valid_to 2025-01-01 is not after valid_from',
      'fx-rates.csv:3: currency: "XYZ" is not an ISO 4217 currency code',
      'fx-rates.csv:3: usd_per_unit: "-1" is not a positive decimal',
      'fx-rates.csv:3: valid_from: "2026-13-01" is not a date YYYY-MM-DD',
    ]);
    const twice = loadCustomsRules([
      { path: 'regimes/a.yaml', text: REGIME },
      { path: 'regimes/b.yaml', text: REGIME },
      { path: 'fx-rates.csv', text: FX },
    ]);
    expect(twice.ok ? [] : twice.error.map(formatInputIssue)).toEqual([
      'regimes/b.yaml: regime: regime "zz-test" is also defined in regimes/a.yaml',
      'regimes/b.yaml: rules: rule id "zz-relief" is also used in regimes/a.yaml',
      'regimes/b.yaml: rules: rule id "zz-vat" is also used in regimes/a.yaml',
      'regimes/b.yaml: destinations: FR is also a destination of regimes/a.yaml',
    ]);
    const noFx = loadCustomsRules([{ path: 'regimes/a.yaml', text: REGIME }]);
    expect(noFx.ok ? [] : noFx.error.map(formatInputIssue)).toEqual([
      'fx-rates.csv: fx-rates.csv is missing from the customs directory',
    ]);
  });
});

describe('value thresholds per consignment, per item line or per unit', () => {
  const withPer = (per: string) =>
    load(REGIME.replace('currency: EUR } }', `currency: EUR }, per: ${per} }`));
  const relief = (per: string, units: number, cents: number) => {
    const rules = withPer(per);
    if (!rules.ok) throw new Error(JSON.stringify(rules.error));
    const r = landedCost(rules.value, {
      destination: 'FR',
      importDate: '2026-03-01',
      incoterm: 'DDP',
      items: [
        {
          hsCode: '610910',
          description: 'a',
          quantity: units,
          unitValue: { amount: cents, currency: 'EUR' },
          originCountry: 'CN',
          weightG: 1,
        },
        {
          hsCode: '610910',
          description: 'b',
          quantity: 1,
          unitValue: { amount: 100, currency: 'EUR' },
          originCountry: 'CN',
          weightG: 1,
        },
      ],
      shipping: { amount: 0, currency: 'EUR' },
    });
    return r.ok ? r.value.lines[0]!.rule : r.error.message;
  };

  it('EUR 150 per consignment, per line, per unit', () => {
    // consignment: 2 × 75.00 + 1.00 = 151.00 > 150
    expect(relief('consignment', 2, 7500)).not.toBe('zz-relief');
    expect(relief('consignment', 1, 14900)).toBe('zz-relief');
    // per line: the line of 2 × 75.00 = 150.00 is within; 2 × 75.01 = 150.02 is not
    expect(relief('line', 2, 7500)).toBe('zz-relief');
    expect(relief('line', 2, 7501)).not.toBe('zz-relief');
    // per unit: 3 units of 150.00 each are within; one of 150.01 is not
    expect(relief('unit', 3, 15000)).toBe('zz-relief');
    expect(relief('unit', 3, 15001)).not.toBe('zz-relief');
  });
});

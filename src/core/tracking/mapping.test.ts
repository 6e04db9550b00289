import { describe, expect, it } from 'vitest';
import { loadTrackingMappings, lookupCode, type TrackingMappings } from './mapping.ts';

const TZ = 'Asia/Shanghai';

const UPU = `shared: upu-emsevt
validFrom: 2026-01-01
entries:
  "EMA": { status: picked_up, subStatus: dropped_off, description: Posting }
  "EMI": { status: delivered, description: Final delivery }
`;

const POST = `partner: demo-post
validFrom: 2026-01-01
uses: [ upu-emsevt ]
entries:
  "R10": { status: returned_to_sender, subStatus: return_in_transit, description: Return started }
  "EMI": { status: delivered, subStatus: signed, description: "Delivered, signed (own meaning wins)" }
`;

const CARRIER_V1 = `partner: demo-carrier
validFrom: 2026-01-01
entries:
  "DL": { status: delivered, description: Delivered }
`;

const CARRIER_V2 = `partner: demo-carrier
validFrom: 2026-07-01
entries:
  "DL": { status: delivered, description: Delivered }
  "LK": { status: available_for_pickup, subStatus: at_locker, description: In a locker }
`;

function load(files: Record<string, string>) {
  return loadTrackingMappings(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    TZ,
  );
}

function loaded(files: Record<string, string>): TrackingMappings {
  const r = load(files);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('loadTrackingMappings', () => {
  it('reads partner and shared tables, versions sorted by validFrom', () => {
    const m = loaded({
      'mappings/upu.yaml': UPU,
      'mappings/post.yaml': POST,
      'mappings/carrier-2.yaml': CARRIER_V2,
      'mappings/carrier.yaml': CARRIER_V1,
    });
    expect([...m.shared.keys()]).toEqual(['upu-emsevt']);
    expect(m.partners.get('demo-carrier')!.map((t) => t.validFrom)).toEqual([
      '2026-01-01',
      '2026-07-01',
    ]);
    // A date is local midnight in the network's zone: 2026-01-01T00:00+08:00.
    expect(m.partners.get('demo-carrier')![0]!.validFromMs).toBe(Date.UTC(2025, 11, 31, 16));
    expect(m.partners.get('demo-post')![0]!.entries.get('R10')).toEqual({
      status: 'returned_to_sender',
      subStatus: 'return_in_transit',
      description: 'Return started',
    });
  });

  it('names the file, line, field and reason of every problem', () => {
    const r = load({
      'mappings/bad.yaml': `partner: bad-carrier
validFrom: 2026-01-01
entries:
  "OK": { status: delivered, description: Fine }
  "XX": { status: teleported, description: Not a status }
  "YY": { status: import_customs, subStatus: stuck, description: Not a sub-status }
  "ZZ": { status: delivered }
`,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issues = r.error.map((i) => `${i.file}:${i.line}:${i.field}: ${i.message}`);
    expect(issues).toHaveLength(3);
    expect(issues[0]).toMatch(/^mappings\/bad\.yaml:5:entries\.XX\.status: must be one of/);
    expect(issues[1]).toMatch(
      /^mappings\/bad\.yaml:6:entries\.YY\.subStatus: "stuck" is not a sub-status of import_customs \(one of: presented, held/,
    );
    expect(issues[2]).toMatch(/^mappings\/bad\.yaml:7:entries\.ZZ\.description: /);
  });

  it('refuses an unquoted code YAML would read as a number', () => {
    const r = load({
      'mappings/n.yaml': `partner: numeric-carrier
validFrom: 2026-01-01
entries:
  "10": { status: at_destination_hub, description: Received }
  01: { status: info_received, description: Data received }
`,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual([
      {
        file: 'mappings/n.yaml',
        line: 5,
        field: 'entries.01',
        message: 'code 01 must be quoted ("01"): YAML reads it as number 1',
      },
    ]);
  });

  it('checks the file as a whole and across files', () => {
    const r = load({
      'mappings/both.yaml': `partner: a-partner\nshared: a-table\nvalidFrom: 2026-01-01\nentries: { "X": { status: delivered, description: D } }\n`,
      'mappings/empty.yaml': `partner: empty-partner\nvalidFrom: 2026-01-01\nentries: {}\n`,
      'mappings/uses.yaml': `partner: user\nvalidFrom: 2026-01-01\nuses: [ nowhere ]\nentries: { "X": { status: delivered, description: D } }\n`,
      'mappings/c1.yaml': CARRIER_V1,
      'mappings/c2.yaml': CARRIER_V1,
      'mappings/typo.yaml': `partner: typo\nvalidFrom: 2026-01-01\nentires: {}\n`,
      'mappings/broken.yaml': `partner: [\n`,
      'mappings/date.yaml': `partner: dated\nvalidFrom: 2026-02-30\nentries: { "X": { status: delivered, description: D } }\n`,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.error.map((i) => `${i.file}: ${i.field ?? ''}: ${i.message}`).join('\n');
    expect(text).toContain('mappings/both.yaml: : name exactly one of "partner"');
    expect(text).toContain('mappings/empty.yaml: entries: a table needs at least one entry');
    expect(text).toContain('mappings/uses.yaml: uses[0]: no shared table "nowhere"');
    expect(text).toContain(
      'mappings/c2.yaml: validFrom: partner table "demo-carrier" already has a version valid from 2026-01-01 (mappings/c1.yaml)',
    );
    expect(text).toContain('mappings/typo.yaml: entires: unknown key "entires"');
    expect(text).toMatch(/mappings\/broken\.yaml: : not valid YAML/);
    expect(text).toContain('mappings/date.yaml: validFrom: "2026-02-30" is not a date');
  });
});

describe('lookupCode', () => {
  const m = loaded({
    'mappings/upu.yaml': UPU,
    'mappings/post.yaml': POST,
    'mappings/carrier.yaml': CARRIER_V1,
    'mappings/carrier-2.yaml': CARRIER_V2,
  });
  const MARCH = Date.UTC(2026, 2, 1);
  const AUGUST = Date.UTC(2026, 7, 1);

  it("reads the partner's own table first, then the shared tables it uses", () => {
    expect(lookupCode(m, 'demo-post', 'EMA', MARCH)).toMatchObject({
      ok: true,
      entry: { status: 'picked_up', subStatus: 'dropped_off' },
      table: 'upu-emsevt',
    });
    expect(lookupCode(m, 'demo-post', 'EMI', MARCH)).toMatchObject({
      ok: true,
      entry: { status: 'delivered', subStatus: 'signed' },
      table: 'demo-post',
    });
    expect(lookupCode(m, 'demo-post', '  EMA ', MARCH).ok).toBe(true);
  });

  it('reads an event with the table in force when it occurred', () => {
    expect(lookupCode(m, 'demo-carrier', 'LK', MARCH)).toEqual({
      ok: false,
      reason: 'unknown-code',
    });
    expect(lookupCode(m, 'demo-carrier', 'LK', AUGUST)).toMatchObject({
      ok: true,
      validFrom: '2026-07-01',
    });
    expect(lookupCode(m, 'demo-carrier', 'DL', Date.UTC(2025, 5, 1))).toEqual({
      ok: false,
      reason: 'no-table-in-force',
    });
  });

  it('never guesses: unknown codes, other cases and unknown partners are unmapped', () => {
    expect(lookupCode(m, 'demo-post', 'EMZ', MARCH)).toEqual({ ok: false, reason: 'unknown-code' });
    expect(lookupCode(m, 'demo-post', 'ema', MARCH)).toEqual({ ok: false, reason: 'unknown-code' });
    expect(lookupCode(m, 'nobody', 'EMA', MARCH)).toEqual({
      ok: false,
      reason: 'no-table-for-partner',
    });
    // A shared table is not a partner.
    expect(lookupCode(m, 'upu-emsevt', 'EMA', MARCH).ok).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTrackingMappings, type TrackingMappings } from './mapping.ts';
import {
  eventAsSent,
  localTimeText,
  normalizeEvent,
  parseEventTime,
  partnerEventSchema,
  type PartnerEventInput,
  rawIsRedundant,
  readWellFormed,
} from './normalize.ts';

describe('parseEventTime', () => {
  it('reads ISO 8601 instants with their offset, keeping the offset and the text', () => {
    expect(parseEventTime('2026-03-01T10:15:00+08:00')).toEqual({
      utcMs: Date.UTC(2026, 2, 1, 2, 15),
      offsetMinutes: 480,
      text: '2026-03-01T10:15:00+08:00',
    });
    expect(parseEventTime('2026-03-01T02:15Z')).toMatchObject({
      utcMs: Date.UTC(2026, 2, 1, 2, 15),
      offsetMinutes: 0,
    });
    expect(parseEventTime('2026-03-01 02:15:07.1234-0330')).toMatchObject({
      utcMs: Date.UTC(2026, 2, 1, 5, 45, 7, 123),
      offsetMinutes: -210,
    });
    expect(parseEventTime('2026-03-01T10:15:00+05')).toMatchObject({ offsetMinutes: 300 });
    expect(parseEventTime('2026-12-31T23:30:00+14:00')).toMatchObject({
      utcMs: Date.UTC(2026, 11, 31, 9, 30),
    });
  });

  it('refuses a local time without an offset, impossible dates, times and offsets', () => {
    expect(parseEventTime('2026-03-01T10:15:00')).toEqual({
      error: 'has no UTC offset (add Z or ±hh:mm): a local time alone is ambiguous',
    });
    expect(parseEventTime('01/03/2026 10:15')).toHaveProperty('error');
    expect(parseEventTime('2026-02-30T10:15:00Z')).toEqual({
      error: 'names a day that does not exist (2026-02-30)',
    });
    expect(parseEventTime('2026-03-01T24:00:00Z')).toHaveProperty('error');
    expect(parseEventTime('2026-03-01T10:15:00+15:00')).toEqual({
      error: 'has an offset outside −12:00 … +14:00',
    });
    expect(parseEventTime('2026-03-01T10:15:00+08:75')).toHaveProperty('error');
  });

  it('shows the local time where the event happened', () => {
    expect(localTimeText({ utcMs: Date.UTC(2026, 2, 1, 2, 15), offsetMinutes: 480 })).toBe(
      '2026-03-01T10:15:00+08:00',
    );
    expect(localTimeText({ utcMs: Date.UTC(2026, 2, 1, 2, 15), offsetMinutes: -210 })).toBe(
      '2026-02-28T22:45:00-03:30',
    );
    expect(localTimeText({ utcMs: Date.UTC(2026, 2, 1, 2, 15), offsetMinutes: 0 })).toBe(
      '2026-03-01T02:15:00Z',
    );
  });
});

/** One partner's table with one code: the fixture of the normalizing tests. */
function carrierMappings(): TrackingMappings {
  const loaded = loadTrackingMappings(
    [
      {
        path: 'mappings/carrier.yaml',
        text: `partner: demo-carrier\nvalidFrom: 2026-01-01\nentries:\n  "OFD": { status: out_for_delivery, subStatus: with_courier, description: Out for delivery }\n`,
      },
    ],
    'UTC',
  );
  if (!loaded.ok) throw new Error('fixture');
  return loaded.value;
}

describe('normalizeEvent', () => {
  const mappings = carrierMappings();
  const base = {
    eventId: 'e-1',
    trackingNumber: ' rr 12345678 5 cn ',
    code: 'OFD',
    occurredAt: '2026-03-01T08:00:00+01:00',
    location: { country: 'gb', city: ' London ' },
    description: '<b>On its way</b>',
  };

  it('maps the code and keeps the partner text, the offset and the identifiers', () => {
    const out = normalizeEvent('demo-carrier', base, mappings);
    expect(out).toEqual({
      kind: 'event',
      warnings: [],
      event: {
        partnerId: 'demo-carrier',
        eventId: 'e-1',
        trackingNumber: 'rr 12345678 5 cn',
        trackingKey: 'RR123456785CN',
        code: 'OFD',
        status: 'out_for_delivery',
        subStatus: 'with_courier',
        occurredAt: {
          utcMs: Date.UTC(2026, 2, 1, 7),
          offsetMinutes: 60,
          text: '2026-03-01T08:00:00+01:00',
        },
        location: { country: 'GB', city: 'London' },
        description: '<b>On its way</b>',
        mapping: { table: 'demo-carrier', validFrom: '2026-01-01' },
      },
    });
  });

  it('returns an unknown code as an unmapped finding, never a guess', () => {
    const out = normalizeEvent('demo-carrier', { ...base, code: 'OFD2' }, mappings);
    expect(out.kind).toBe('unmapped');
    if (out.kind !== 'unmapped') return;
    expect(out.finding).toMatchObject({
      partnerId: 'demo-carrier',
      code: 'OFD2',
      reason: 'unknown-code',
      trackingKey: 'RR123456785CN',
      description: '<b>On its way</b>',
    });
    expect(normalizeEvent('stranger', base, mappings)).toMatchObject({
      kind: 'unmapped',
      finding: { reason: 'no-table-for-partner' },
    });
  });

  it('says which field of an unreadable event is wrong', () => {
    expect(
      normalizeEvent('demo-carrier', { ...base, occurredAt: '2026-03-01T08:00:00' }, mappings),
    ).toEqual({
      kind: 'invalid',
      issues: [
        {
          field: 'occurredAt',
          message:
            '"2026-03-01T08:00:00" has no UTC offset (add Z or ±hh:mm): a local time alone is ambiguous',
        },
      ],
    });
    const missing = normalizeEvent('demo-carrier', { ...base, eventId: '  ' }, mappings);
    expect(missing).toMatchObject({ kind: 'invalid', issues: [{ field: 'eventId' }] });
  });

  it('keeps an event whose country is not ISO 3166, without the country', () => {
    const out = normalizeEvent(
      'demo-carrier',
      { ...base, location: { country: 'UK', city: 'London' } },
      mappings,
    );
    expect(out).toMatchObject({
      kind: 'event',
      event: { location: { country: null, city: 'London' } },
      warnings: ['location.country "UK" is not an ISO 3166 code; dropped'],
    });
    const bare = normalizeEvent(
      'demo-carrier',
      { ...base, location: null, description: null },
      mappings,
    );
    expect(bare).toMatchObject({
      kind: 'event',
      event: { location: { country: null, city: null }, description: '' },
    });
  });
});

describe('rawIsRedundant and eventAsSent: the event as sent, from its stored fields', () => {
  const mappings = carrierMappings();
  const fieldsOf = (input: unknown) => {
    const out = normalizeEvent('demo-carrier', input as PartnerEventInput, mappings);
    if (out.kind === 'invalid') throw new Error('invalid fixture');
    return out.kind === 'event' ? out.event : out.finding;
  };
  const plain = {
    eventId: 'e-1',
    trackingNumber: 'RR123456785CN',
    code: 'OFD',
    occurredAt: '2026-03-01T08:00:00+01:00',
    location: { country: 'GB', city: 'London' },
    description: 'Out for delivery',
  };

  it('needs no copy when the fields give the input back, however its keys are ordered', () => {
    expect(rawIsRedundant(plain, fieldsOf(plain))).toBe(true);
    expect(eventAsSent(fieldsOf(plain))).toEqual(plain);
    const reordered = {
      description: 'Out for delivery',
      location: { city: 'London', country: 'GB' },
      occurredAt: plain.occurredAt,
      code: 'OFD',
      trackingNumber: plain.trackingNumber,
      eventId: 'e-1',
    };
    expect(rawIsRedundant(reordered, fieldsOf(reordered))).toBe(true);
    // A CSV row without a place: its absent columns are undefined, as JSON leaves them out.
    const noPlace = { ...plain, location: { country: undefined, city: undefined } };
    expect(rawIsRedundant(noPlace, fieldsOf(noPlace))).toBe(true);
    expect(JSON.stringify(eventAsSent(fieldsOf(noPlace)))).toBe(JSON.stringify(noPlace));
  });

  it('keeps the input when normalizing changed or dropped anything, or it has more', () => {
    const kept = (input: object) => rawIsRedundant(input, fieldsOf(input));
    expect(kept({ ...plain, eventId: ' e-1' })).toBe(false); // trimmed
    expect(kept({ ...plain, location: { country: 'gb', city: 'London' } })).toBe(false); // upper-cased
    expect(kept({ ...plain, location: { country: 'XX', city: 'London' } })).toBe(false); // dropped
    expect(kept({ ...plain, location: { country: 'GB', city: ' London' } })).toBe(false);
    expect(kept({ ...plain, location: { country: null, city: 'London' } })).toBe(false); // null ≠ absent
    expect(kept({ ...plain, location: undefined })).toBe(false); // no location object at all
    expect(kept({ ...plain, description: undefined })).toBe(false); // absent ≠ ''
    expect(kept({ ...plain, code: 'NOPE' })).toBe(true); // unmapped: still all in the columns
    expect(kept({ ...plain, weightG: 120 })).toBe(false); // a field Silkline does not read
    expect(kept({ ...plain, location: { ...plain.location, postcode: 'N1' } })).toBe(false);
  });

  it('is exact: whenever it says redundant, the stored fields give back the same JSON value', () => {
    const text = fc.oneof(
      fc.constantFrom('', ' ', 'GB', 'gb', 'London', ' London ', 'XX', 'e-1', 'OFD'),
      fc.string({ maxLength: 6 }),
    );
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const input = fc.record(
      {
        eventId: fc.oneof(fc.constant('e-1'), text),
        trackingNumber: fc.oneof(fc.constant('RR123456785CN'), text),
        code: fc.oneof(fc.constant('OFD'), text),
        occurredAt: fc.constantFrom(
          '2026-03-01T08:00:00+01:00',
          '2026-03-01T07:00Z',
          ' 2026-03-01T07:00Z',
        ),
        location: maybe(
          fc.record(
            {
              country: maybe(fc.oneof(text, fc.constant(null))),
              city: maybe(fc.oneof(text, fc.constant(null))),
            },
            { requiredKeys: [] },
          ),
        ),
        description: maybe(text),
        extra: maybe(text),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(input, (sent) => {
        const out = normalizeEvent('demo-carrier', sent as PartnerEventInput, mappings);
        if (out.kind === 'invalid') return;
        const fields = out.kind === 'event' ? out.event : out.finding;
        if (rawIsRedundant(sent, fields))
          expect(JSON.parse(JSON.stringify(eventAsSent(fields)))).toEqual(
            JSON.parse(JSON.stringify(sent)),
          );
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('readWellFormed: the schema without zod, for well-formed events', () => {
  // Strings around each limit, blanks around them, and things that are not strings.
  const around = (max: number) =>
    fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('', ' ', ' x ', '\t\n'),
      fc.integer({ min: max - 2, max: max + 2 }).map((n) => 'a'.repeat(Math.max(0, n))),
      fc.integer({ min: max - 2, max: max + 2 }).map((n) => ` ${'b'.repeat(Math.max(0, n))} `),
    );
  const other = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.integer(),
    fc.boolean(),
    fc.array(fc.string(), { maxLength: 2 }),
  );
  const plain = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
  const field = (max: number) =>
    fc.oneof(
      { weight: 8, arbitrary: plain },
      { weight: 2, arbitrary: around(max) },
      { weight: 1, arbitrary: other },
    );
  const event = fc.record(
    {
      eventId: field(200),
      trackingNumber: field(100),
      code: field(64),
      occurredAt: field(64),
      location: fc.oneof(
        fc.record({ country: field(64), city: field(200), extra: other }, { requiredKeys: [] }),
        other,
      ),
      description: field(2000),
      extra: other,
    },
    { requiredKeys: [] },
  );

  it('accepts what the schema accepts, giving back what it gives, and nothing else', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof({ weight: 9, arbitrary: event }, { weight: 1, arbitrary: other }),
        (input) => {
          const schema = partnerEventSchema.safeParse(input);
          if (schema.success) {
            accepted++;
            expect(readWellFormed(input)).toEqual(schema.data);
          } else expect(readWellFormed(input)).toBeUndefined();
        },
      ),
      { numRuns: 5_000 },
    );
    // Not vacuous: many inputs are well formed.
    expect(accepted).toBeGreaterThan(100);
  });
});

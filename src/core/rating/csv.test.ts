import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asCurrencyCode,
  type CountryCode,
  type CurrencyCode,
  type Exact,
  type InputIssue,
} from '../shared/index.ts';
import {
  type DestinationRates,
  exportRateCardCsv,
  exportZonesCsv,
  importRateCardCsv,
  importZonesCsv,
  type ParcelToRate,
  priceParcel,
  type RateCard,
  type ServicePricing,
  type StepRates,
  type WeightBand,
  type ZoneRule,
} from './index.ts';

const BANDED_HEADER = 'destination,from_g,to_g,item_fee,per_kg,currency';
const STEP_HEADER =
  'destination,first_g,first_price,step_g,step_price,max_g,currency,over_max_per_kg';
const csv = (...lines: string[]) => lines.join('\n') + '\n';

function importOk(text: string, zones?: ZoneRule[]): RateCard {
  const r = importRateCardCsv(text, { id: 'card', zones });
  if (!r.ok) throw new Error(`expected a card, got ${JSON.stringify(r.error)}`);
  return r.value;
}
function importErrors(text: string, zones?: ZoneRule[]): InputIssue[] {
  const r = importRateCardCsv(text, { id: 'card', zones });
  if (r.ok) throw new Error('expected errors, got a card');
  return r.error;
}
const issue = (line: number | null, field: string | undefined, message: RegExp) =>
  expect.objectContaining(
    field === undefined
      ? { line, message: expect.stringMatching(message) }
      : { line, field, message: expect.stringMatching(message) },
  );

describe('importRateCardCsv: banded cards', () => {
  it('reads the documented example, prices in major units', () => {
    const card = importOk(
      csv(
        BANDED_HEADER,
        'US,0,500,15.00,85.50,CNY',
        'US,500,2000,18.00,80.00,CNY',
        'us,2000,,25.00,76.00,cny',
        'DE,0,,9.5,70.125,CNY',
      ),
    );
    expect(card.currency).toBe('CNY');
    expect(card.shape).toBe('banded');
    expect([...card.rates.keys()].sort()).toEqual(['DE', 'US']);
    const us = card.rates.get('US')!;
    expect(us.kind === 'banded' && us.bands.map((b) => [b.fromG, b.toG, b.line])).toEqual([
      [0, 500, 2],
      [500, 2000, 3],
      [2000, null, 4],
    ]);
    const first = us.kind === 'banded' ? us.bands[0]! : undefined;
    expect(first!.itemFee.n * 1n === 1500n * first!.itemFee.d).toBe(true); // 15.00 CNY = 1500 fen
  });

  it('accepts bands in any row order and column order, and skips blank lines', () => {
    const card = importOk(
      csv(
        'currency,per_kg,item_fee,to_g,from_g,destination',
        'CNY,80,18,2000,500,US',
        '',
        'CNY,85.5,15,500,0,US',
      ),
    );
    const us = card.rates.get('US')!;
    expect(us.kind === 'banded' && us.bands.map((b) => b.fromG)).toEqual([0, 500]);
  });

  it('reports overlapping bands', () => {
    expect(importErrors(csv(BANDED_HEADER, 'US,0,500,15,85,CNY', 'US,400,1000,18,80,CNY'))).toEqual(
      [issue(3, 'from_g', /US: band \(400, 1000\] g at line 3 overlaps \(0, 500\] g at line 2/)],
    );
  });

  it('reports gapped bands', () => {
    expect(importErrors(csv(BANDED_HEADER, 'US,0,500,15,85,CNY', 'US,600,1000,18,80,CNY'))).toEqual(
      [issue(3, 'from_g', /gap between 500 g and 600 g/)],
    );
  });

  it('reports a first band not starting at 0', () => {
    expect(importErrors(csv(BANDED_HEADER, 'US,100,500,15,85,CNY', 'US,500,,18,80,CNY'))).toEqual([
      issue(2, 'from_g', /must start at 0 g/),
    ]);
  });

  it('reports an open band that is not the last', () => {
    expect(
      importErrors(
        csv(BANDED_HEADER, 'US,0,500,15,85,CNY', 'US,500,,18,80,CNY', 'US,1000,2000,20,78,CNY'),
      ),
    ).toEqual([issue(4, 'from_g', /open band .*line 3.* must be the last/)]);
  });

  it('reports to_g ≤ from_g', () => {
    expect(
      importErrors(
        csv(BANDED_HEADER, 'US,0,500,15,85,CNY', 'US,500,500,18,80,CNY', 'US,500,400,18,80,CNY'),
      ),
    ).toEqual(
      expect.arrayContaining([
        issue(3, 'to_g', /500 g must be above from_g 500 g/),
        issue(4, 'to_g', /400 g must be above from_g 500 g/),
      ]),
    );
  });

  it.each([
    ['1e3', /"1e3" is not a plain decimal price/],
    ['"12,50"', /"12,50" is not a plain decimal price/],
    ['¥12', /not a plain decimal price/],
    ['12.50 CNY', /not a plain decimal price/],
    ['-5', /must not be negative, got -5/],
    ['', /is empty/],
  ])('reports the price %s in the field', (price, message) => {
    expect(importErrors(csv(BANDED_HEADER, `US,0,,${price},85,CNY`))).toEqual([
      issue(2, 'item_fee', message),
    ]);
    expect(importErrors(csv(BANDED_HEADER, `US,0,,15,${price},CNY`))).toEqual([
      issue(2, 'per_kg', message),
    ]);
  });

  it.each([
    ['0.5', 'from_g', /"0.5" is not a whole number of grams/],
    ['-1', 'from_g', /not a whole number of grams/],
    ['1e3', 'from_g', /not a whole number of grams/],
    ['500g', 'from_g', /not a whole number of grams/],
  ])('reports non-integer grams %s', (grams, field, message) => {
    expect(importErrors(csv(BANDED_HEADER, `US,${grams},,15,85,CNY`))).toEqual(
      expect.arrayContaining([issue(2, field, message)]),
    );
    expect(
      importErrors(csv(BANDED_HEADER, 'US,0,100,15,85,CNY', `US,100,${grams},15,85,CNY`)),
    ).toEqual(expect.arrayContaining([issue(3, 'to_g', message)]));
  });

  it('reports absurd weights over 1,000,000 g and accepts 1,000,000 g', () => {
    expect(importErrors(csv(BANDED_HEADER, 'US,0,1000001,15,85,CNY'))).toEqual([
      issue(2, 'to_g', /1000001 g is beyond any parcel/),
    ]);
    expect(importOk(csv(BANDED_HEADER, 'US,0,1000000,15,85,CNY')).rates.size).toBe(1);
  });

  it('reports an unknown currency ("ABC"; "XXX" is ISO for "no currency" and not a card currency either)', () => {
    expect(importErrors(csv(BANDED_HEADER, 'US,0,,15,85,ABC'))).toEqual([
      issue(2, 'currency', /"ABC" is not an ISO 4217 currency code/),
    ]);
    expect(importErrors(csv(BANDED_HEADER, 'US,0,,15,85,XXX'))).toEqual([
      issue(2, 'currency', /"XXX"/),
    ]);
    expect(importErrors(csv(BANDED_HEADER, 'US,0,,15,85,'))).toEqual([
      issue(2, 'currency', /not an ISO 4217/),
    ]);
  });

  it('reports mixed currencies in one card, naming the line that set the card currency', () => {
    expect(importErrors(csv(BANDED_HEADER, 'US,0,500,15,85,CNY', 'US,500,,18,80,USD'))).toEqual([
      issue(3, 'currency', /USD differs from the card's currency CNY \(line 2\)/),
    ]);
    expect(
      importErrors(csv(BANDED_HEADER, 'US,0,,15,85,ABC', 'DE,0,,15,85,CNY', 'FR,0,,15,85,USD')),
    ).toEqual([
      issue(2, 'currency', /"ABC"/),
      issue(4, 'currency', /USD differs from the card's currency CNY \(line 3\)/),
    ]);
  });

  it('reports an unknown destination country', () => {
    expect(
      importErrors(csv(BANDED_HEADER, 'UK,0,,15,85,CNY', 'XX,0,,15,85,CNY', ',0,,15,85,CNY')),
    ).toEqual([
      issue(2, 'destination', /"UK" is not an ISO 3166-1 alpha-2 country code/),
      issue(3, 'destination', /"XX" is not an ISO 3166-1/),
      issue(4, 'destination', /is empty/),
    ]);
  });

  it('reports missing columns and an unknown shape on line 1', () => {
    expect(importErrors(csv('destination,from_g,to_g,item_fee,currency', 'US,0,,15,CNY'))).toEqual([
      issue(1, undefined, /needs the column\(s\) per_kg/),
    ]);
    expect(importErrors(csv('destination,first_g,first_price,currency', 'US,500,120,CNY'))).toEqual(
      [issue(1, undefined, /step_g, step_price, max_g/)],
    );
    expect(importErrors(csv('country,price', 'US,1'))).toEqual([
      issue(1, undefined, /unknown rate card shape/),
    ]);
  });

  it('reports a row with the wrong field count and still parses and reports the other rows together', () => {
    const errors = importErrors(
      csv(
        BANDED_HEADER,
        'US,0,500,15,85,CNY',
        'US,500,1000,18,CNY',
        'US,1000,,1e3,80,CNY',
        'DE,0,,9,70,CNY,extra',
      ),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        issue(3, undefined, /expected 6 fields .* found 5/),
        issue(5, undefined, /expected 6 fields .* found 7/),
        issue(4, 'item_fee', /"1e3" is not a plain decimal/),
      ]),
    );
    expect(errors.every((e) => typeof e.line === 'number')).toBe(true);
  });

  it('reports an unclosed quote at the line where it opens', () => {
    expect(
      importErrors(
        csv(BANDED_HEADER, 'US,0,500,15,85,CNY', 'US,500,"1000,18,80,CNY', 'US,1000,,20,78,CNY'),
      ),
    ).toEqual([issue(3, undefined, /not readable as CSV/)]);
  });

  it('reports an empty file and a file with a header only', () => {
    expect(importErrors('')).toEqual([issue(null, undefined, /empty/)]);
    expect(importErrors(csv(BANDED_HEADER))).toEqual([issue(null, undefined, /no rows/)]);
  });

  it('reports every bad row at once, never a partial card', () => {
    const errors = importErrors(
      csv(
        BANDED_HEADER,
        'US,0,500,15,85,CNY',
        'DE,0,,x,85,CNY',
        'FR,0,,15,85,ABC',
        'ZZ,0,,15,85,CNY',
      ),
    );
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'item_fee'],
      [4, 'currency'],
      [5, 'destination'],
    ]);
  });
});

describe('importRateCardCsv: step cards', () => {
  it('reads the documented example', () => {
    const card = importOk(
      csv(
        STEP_HEADER,
        'US,500,120.00,500,35.50,20000,CNY,48.00',
        'DE,500,120.00,500,35.50,20000,CNY,',
      ),
    );
    expect(card.shape).toBe('step');
    const us = card.rates.get('US') as StepRates;
    expect([us.firstG, us.stepG, us.maxG, us.line]).toEqual([500, 500, 20000, 2]);
    expect(us.overMaxPerKg).toEqual({ n: 480000n, d: 100n });
    expect((card.rates.get('DE') as StepRates).overMaxPerKg).toBeNull();
    // without the optional column there is no over-max rate
    const bare = importOk(
      csv(
        'destination,first_g,first_price,step_g,step_price,max_g,currency',
        'US,500,120,500,35.5,20000,CNY',
      ),
    );
    expect((bare.rates.get('US') as StepRates).overMaxPerKg).toBeNull();
  });

  it('reports a duplicate destination at the second row', () => {
    expect(
      importErrors(
        csv(
          STEP_HEADER,
          'US,500,120,500,35.5,20000,CNY,48',
          'DE,500,120,500,35.5,20000,CNY,',
          'us,500,99,500,30,20000,CNY,',
        ),
      ),
    ).toEqual([issue(4, 'destination', /US already has a row at line 2/)]);
  });

  it('reports zero steps, max below first weight and bad figures by field', () => {
    expect(importErrors(csv(STEP_HEADER, 'US,0,120,0,35.5,20000,CNY,48'))).toEqual([
      issue(2, 'first_g', /at least 1 g/),
      issue(2, 'step_g', /at least 1 g/),
    ]);
    expect(importErrors(csv(STEP_HEADER, 'US,500,120,500,35.5,400,CNY,'))).toEqual([
      issue(2, 'max_g', /400 g is below first_g 500 g/),
    ]);
    expect(importErrors(csv(STEP_HEADER, 'US,500,120,500,35.5,20000,CNY,-48'))).toEqual([
      issue(2, 'over_max_per_kg', /negative/),
    ]);
    expect(importErrors(csv(STEP_HEADER, 'US,500,120,500,35.5,2000000,CNY,'))).toEqual([
      issue(2, 'max_g', /beyond any parcel/),
    ]);
  });
});

describe('zones', () => {
  const ZONES_CSV = csv(
    'zone,country,postcode_prefix',
    'Z1,US,',
    'Z2,US,995',
    'Z2,ca,',
    'Z3,GB,"ze1 "',
    'Z4,GB,bt',
  );

  it('reads a zone table with normalised prefixes', () => {
    const zones = importZonesCsv(ZONES_CSV);
    expect(zones).toEqual({
      ok: true,
      value: [
        { zone: 'Z1', country: 'US', postcodePrefix: '' },
        { zone: 'Z2', country: 'US', postcodePrefix: '995' },
        { zone: 'Z2', country: 'CA', postcodePrefix: '' },
        { zone: 'Z3', country: 'GB', postcodePrefix: 'ZE1' },
        { zone: 'Z4', country: 'GB', postcodePrefix: 'BT' },
      ],
    });
    // the postcode_prefix column is optional
    expect(importZonesCsv(csv('zone,country', 'Z1,US'))).toEqual({
      ok: true,
      value: [{ zone: 'Z1', country: 'US', postcodePrefix: '' }],
    });
  });

  it('reports conflicting prefixes (the same country and prefix in two zones)', () => {
    const r = importZonesCsv(
      csv('zone,country,postcode_prefix', 'Z1,GB,BT', 'Z1,GB,', 'Z2,GB,bt', 'Z3,gb,'),
    );
    expect(r).toEqual({
      ok: false,
      error: [
        issue(4, 'postcode_prefix', /GB BT is already in zone Z1 at line 2/),
        issue(5, 'postcode_prefix', /GB \(whole country\) is already in zone Z1 at line 3/),
      ],
    });
  });

  it('reports an unknown country, an empty zone and missing columns', () => {
    expect(importZonesCsv(csv('zone,country,postcode_prefix', 'Z1,UK,', ',US,'))).toEqual({
      ok: false,
      error: [issue(2, 'country', /"UK" is not an ISO 3166-1/), issue(3, 'zone', /is empty/)],
    });
    expect(importZonesCsv(csv('zone,postcode_prefix', 'Z1,10'))).toEqual({
      ok: false,
      error: [issue(1, undefined, /country/)],
    });
    expect(importZonesCsv('')).toMatchObject({ ok: false, error: [{ line: null }] });
  });

  it('makes a card name zones instead of countries', () => {
    const zones = (importZonesCsv(ZONES_CSV) as { ok: true; value: ZoneRule[] }).value;
    const card = importOk(csv(BANDED_HEADER, 'Z1,0,,15,85,CNY', 'Z2,0,,25,95,CNY'), zones);
    expect([...card.rates.keys()]).toEqual(['Z1', 'Z2']);
    expect(card.zones).toBe(zones);
    expect(importErrors(csv(BANDED_HEADER, 'US,0,,15,85,CNY'), zones)).toEqual([
      issue(2, 'destination', /"US" is not a zone of the card's zone table/),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: export → re-import prices identically.

const DIGITS: Record<string, number> = { CNY: 2, USD: 2, JPY: 0, KWD: 3 };
const priceArb = (currency: string) =>
  fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 8n }), fc.integer({ min: 0, max: 4 }))
    .map(([units, scale]): Exact => ({
      n: units * 10n ** BigInt(DIGITS[currency]!),
      d: 10n ** BigInt(scale),
    }));

const bandsArb = (currency: string) =>
  fc
    .record({
      edges: fc.uniqueArray(fc.integer({ min: 1, max: 60_000 }), { minLength: 1, maxLength: 6 }),
      open: fc.boolean(),
      prices: fc.array(fc.tuple(priceArb(currency), priceArb(currency)), {
        minLength: 7,
        maxLength: 7,
      }),
    })
    .map(({ edges, open, prices }): DestinationRates => {
      const sorted = [...edges].sort((a, b) => a - b);
      const bands: WeightBand[] = sorted.map((toG, i) => ({
        fromG: i === 0 ? 0 : sorted[i - 1]!,
        toG,
        itemFee: prices[i]![0],
        perKg: prices[i]![1],
      }));
      if (open)
        bands.push({
          fromG: sorted[sorted.length - 1]!,
          toG: null,
          itemFee: prices[6]![0],
          perKg: prices[6]![1],
        });
      return { kind: 'banded', bands };
    });

const stepArb = (currency: string) =>
  fc
    .record({
      firstG: fc.integer({ min: 1, max: 5000 }),
      stepG: fc.integer({ min: 1, max: 5000 }),
      span: fc.integer({ min: 0, max: 60_000 }),
      firstPrice: priceArb(currency),
      stepPrice: priceArb(currency),
      overMaxPerKg: fc.option(priceArb(currency), { nil: null }),
    })
    .map(({ span, ...s }): DestinationRates => ({ kind: 'step', ...s, maxG: s.firstG + span }));

// Zone names that need quoting in CSV on purpose.
const ZONE_NAMES = ['Z1', 'Zone 2', 'a,b', 'say "hi"', ' padded ', 'Zone-é'];
const COUNTRIES = ['US', 'GB', 'CA', 'DE'];
const PREFIXES = ['', '1', '12', '995', 'BT', 'ZE1', 'IV'];

const zonesArb = fc
  .uniqueArray(
    fc.tuple(
      fc.constantFrom(...COUNTRIES),
      fc.constantFrom(...PREFIXES),
      fc.constantFrom(...ZONE_NAMES),
    ),
    {
      minLength: 1,
      maxLength: 12,
      selector: ([country, prefix]) => `${country}:${prefix}`,
    },
  )
  .map((rules): ZoneRule[] =>
    rules.map(([country, postcodePrefix, zone]) => ({
      zone,
      country: country as CountryCode,
      postcodePrefix,
    })),
  );

const cardArb = fc
  .record({
    currency: fc.constantFrom('CNY', 'USD', 'JPY', 'KWD'),
    shape: fc.constantFrom('banded' as const, 'step' as const),
    zones: fc.option(zonesArb, { nil: null }),
  })
  .chain(({ currency, shape, zones }) => {
    const keys = zones ? [...new Set(zones.map((z) => z.zone))] : COUNTRIES;
    const ratesArb = shape === 'banded' ? bandsArb(currency) : stepArb(currency);
    return fc
      .tuple(
        fc.subarray(keys, { minLength: 1 }),
        fc.array(ratesArb, { minLength: keys.length, maxLength: keys.length }),
      )
      .map(([used, rates]): RateCard => ({
        id: 'original',
        currency: asCurrencyCode(currency),
        shape,
        rates: new Map(used.map((k, i) => [k, rates[i]!])),
        zones,
      }));
  });

const parcelArb = fc.record({
  weightG: fc.integer({ min: 1, max: 70_000 }),
  goods: fc.constant([]),
  destination: fc.record({
    country: fc.constantFrom(...COUNTRIES, 'FR').map((x) => x as CountryCode),
    postcode: fc.constantFrom(undefined, '12345', '99501', 'BT1 1AA', 'ze1 0aa', 'IV2 3XY', '1'),
  }),
}) as fc.Arbitrary<ParcelToRate>;

const pricingOf = (card: RateCard): ServicePricing => ({
  chargeableWeight: { rule: 'actual', divisor: 6000, roundUpToG: 1, minimumG: 0 },
  cards: [{ card, validFromMs: 0, validToMs: null }],
  surcharges: [],
  minimumCharge: null,
});

describe('export → import round trip', () => {
  it('re-imports random cards (banded and step, with and without zones) that price identically (property)', () => {
    fc.assert(
      fc.property(
        cardArb,
        fc.array(parcelArb, { minLength: 1, maxLength: 10 }),
        (card, parcels) => {
          let zones: ZoneRule[] | null = null;
          if (card.zones) {
            const z = importZonesCsv(exportZonesCsv(card.zones));
            if (!z.ok) throw new Error(JSON.stringify(z.error));
            expect(z.value).toEqual(card.zones);
            zones = z.value;
          }
          const exported = exportRateCardCsv(card);
          const back = importRateCardCsv(exported, { id: 'original', zones });
          if (!back.ok) throw new Error(`${JSON.stringify(back.error)}\n${exported}`);
          expect(back.value.currency).toBe(card.currency);
          expect(back.value.shape).toBe(card.shape);
          expect([...back.value.rates.keys()].sort()).toEqual([...card.rates.keys()].sort());
          // exporting again gives the same text
          expect(exportRateCardCsv(back.value)).toBe(exported);
          const before = pricingOf(card);
          const after = pricingOf(back.value);
          for (const p of parcels) {
            const at = { at: new Date(0) };
            expect(priceParcel(after, p, at)).toEqual(priceParcel(before, p, at));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes the documented shapes', () => {
    const card = importOk(csv(BANDED_HEADER, 'US,0,500,15.00,85.50,CNY', 'US,500,,18,80.125,CNY'));
    expect(exportRateCardCsv(card)).toBe(
      csv(BANDED_HEADER, 'US,0,500,15,85.5,CNY', 'US,500,,18,80.125,CNY'),
    );
    const step = importOk(csv(STEP_HEADER, 'Z1,500,120.00,500,35.50,20000,CNY,48.00'), [
      { zone: 'Z1', country: 'US' as CountryCode, postcodePrefix: '' },
    ]);
    expect(exportRateCardCsv(step)).toBe(csv(STEP_HEADER, 'Z1,500,120,500,35.5,20000,CNY,48'));
    const kwd: CurrencyCode = asCurrencyCode('KWD');
    expect(exportRateCardCsv(importOk(csv(BANDED_HEADER, `US,0,,1.2345,0.001,${kwd}`)))).toBe(
      csv(BANDED_HEADER, 'US,0,,1.2345,0.001,KWD'),
    );
  });
});

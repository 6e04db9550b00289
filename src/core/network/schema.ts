import { z } from 'zod';
import { GOODS_FLAGS, CHARGEABLE_WEIGHT_RULES } from '../rating/index.ts';
import {
  ACTIVITIES,
  INCOTERMS,
  LOCATION_KINDS,
  MODES,
  PARTNER_KINDS,
  TRACKING_LEVELS,
  TRANSPORT_MODES,
  WEEKDAYS,
} from './types.ts';

/*
 * The network's file formats. These schemas validate what operators write; `load.ts` turns the
 * validated files into the domain types of `types.ts`. `docs/network.schema.json` is generated
 * from them (npm run schema), so the published JSON Schema and the validator cannot drift.
 */

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'must be lower-case letters, digits and dashes (2-63 characters)',
  );
const countryText = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. US');
const currencyText = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, e.g. CNY');
const decimalText = z
  .string({
    error:
      'must be a decimal in quotes, e.g. "12.50" (a bare YAML number loses trailing zeros and exactness)',
  })
  .regex(/^\d+(\.\d+)?$/, 'must be a non-negative plain decimal written as a string, e.g. "12.50"');
const probability = z.number().min(0).max(1);
const dateOrInstant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/,
    'must be a date (2026-11-01, local midnight in the network time zone) or an ISO 8601 instant with offset',
  );
const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour local time HH:MM');
const grams = z
  .number({ error: 'must be a whole number of grams' })
  .int('must be whole grams')
  .positive('must be whole grams above 0')
  .max(1_000_000, 'must be at most 1000000 g (a tonne): a heavier parcel figure is a typing error');
const millimetres = z
  .number({ error: 'must be a whole number of millimetres' })
  .int('must be whole millimetres')
  .positive('must be whole millimetres above 0')
  .max(20_000, 'must be at most 20000 mm (20 m): a longer parcel figure is a typing error');
const nonNegativeDays = z.number().min(0).max(365);
const nonNegativeHours = z
  .number()
  .min(0)
  .max(365 * 24);

export const durationSchema = z.union(
  [
    z.strictObject({
      minDays: nonNegativeDays,
      p50Days: nonNegativeDays,
      p90Days: nonNegativeDays,
      maxDays: nonNegativeDays,
    }),
    z.strictObject({
      minHours: nonNegativeHours,
      p50Hours: nonNegativeHours,
      p90Hours: nonNegativeHours,
      maxHours: nonNegativeHours,
    }),
    z.strictObject({
      histogramDays: z
        .record(z.string().regex(/^\d+(\.\d+)?$/, 'days must be written as numbers'), probability)
        .describe('days → probability; the probabilities sum to 1'),
    }),
  ],
  {
    error:
      'a duration is {minDays, p50Days, p90Days, maxDays}, {minHours, p50Hours, p90Hours, maxHours} or {histogramDays: {"<days>": <probability>, …}}',
  },
);

export const laneSchema = z.strictObject({
  from: z.array(z.string()).min(1).describe('location ids or ISO countries the lane starts from'),
  to: z.array(z.string()).min(1).describe('location ids or ISO countries the lane reaches'),
  transit: durationSchema,
});

const datedRateCardSchema = z.strictObject({
  file: z
    .string()
    .regex(/^rates\/[\w.-]+\.csv$/, 'must be a CSV file under rates/, e.g. rates/postal-cn.csv'),
  zones: z
    .string()
    .regex(/^rates\/[\w.-]+\.csv$/, 'must be a CSV file under rates/')
    .optional()
    .describe('zone table: zone,country,postcode_prefix'),
  validFrom: dateOrInstant,
  validTo: dateOrInstant.nullable().optional(),
});

const surchargeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('fuel'),
    name: z.string().min(1),
    schedule: z
      .array(
        z.strictObject({
          validFrom: dateOrInstant,
          rate: decimalText.describe('a fraction: "0.125" is 12.5 %'),
        }),
      )
      .min(1),
  }),
  z.strictObject({
    kind: z.literal('remote-area'),
    name: z.string().min(1),
    areas: z
      .array(
        z.strictObject({
          country: countryText,
          postcodePrefixes: z.array(z.string().min(1)).default([]),
        }),
      )
      .min(1),
    fee: decimalText,
    perKg: decimalText.default('0'),
  }),
  z.strictObject({
    kind: z.literal('special-cargo'),
    name: z.string().min(1),
    goods: z.array(z.enum(GOODS_FLAGS)).min(1),
    fee: decimalText,
    perKg: decimalText.default('0'),
  }),
  z.strictObject({
    kind: z.literal('oversize'),
    name: z.string().min(1),
    longestSideOverMm: millimetres.optional(),
    lengthPlusGirthOverMm: millimetres.optional(),
    actualWeightOverG: grams.optional(),
    fee: decimalText,
  }),
]);

export const pricingSchema = z.strictObject({
  currency: currencyText.describe('currency of every card and surcharge amount of the service'),
  chargeableWeight: z.strictObject({
    rule: z.enum(CHARGEABLE_WEIGHT_RULES),
    divisor: z.number().int().min(1000).max(20000).describe('cm³ per kg'),
    roundUpToG: z.number().int().min(1).max(5000).default(1),
    minimumG: z.number().int().min(0).max(100_000).default(0),
  }),
  rateCards: z.array(datedRateCardSchema).min(1),
  surcharges: z.array(surchargeSchema).default([]),
  minimumCharge: decimalText.optional(),
});

const departureSchema = z.strictObject({
  weekdays: z.array(z.enum(WEEKDAYS)).min(1),
  cutoff: localTime,
  departs: localTime,
  capacityKg: z.number().positive().optional(),
  capacityParcels: z.number().int().positive().optional(),
});

const serviceSchema = z.strictObject({
  id,
  name: z.string().min(1),
  activities: z.array(z.enum(ACTIVITIES)).min(1),
  mode: z.enum(MODES).optional(),
  transport: z.enum(TRANSPORT_MODES).optional(),
  lanes: z.array(laneSchema).min(1),
  pricing: pricingSchema,
  schedule: z
    .strictObject({ timezone: z.string(), departures: z.array(departureSchema).min(1) })
    .optional(),
  restrictions: z
    .strictObject({
      maxWeightG: grams.optional(),
      maxLongestSideMm: millimetres.optional(),
      maxLengthPlusGirthMm: millimetres.optional(),
      maxDeclaredValue: z.strictObject({ amount: decimalText, currency: currencyText }).optional(),
      refusedGoods: z.array(z.enum(GOODS_FLAGS)).default([]),
    })
    .default({ refusedGoods: [] }),
  lossRate: probability,
  damageRate: probability,
  tracking: z.enum(TRACKING_LEVELS),
  clearance: z
    .strictObject({
      side: z.enum(['export', 'import']),
      aeo: z.boolean(),
      inspectionRate: probability,
      clearanceTime: durationSchema,
      inspectionDelay: durationSchema,
      aeoTrader: z
        .strictObject({
          inspectionRate: probability,
          clearanceTime: durationSchema,
        })
        .optional()
        .describe(
          'export side: the inspection rate and clearance time when the exporter of record (network.yaml exporterOfRecord) is an AEO',
        ),
    })
    .optional(),
  incoterms: z.array(z.enum(INCOTERMS)).default([]),
  warehouse: z
    .strictObject({
      location: z.string(),
      storagePerCubicMetreDay: z.strictObject({ amount: decimalText, currency: currencyText }),
    })
    .optional(),
  sources: z
    .record(z.string(), z.string())
    .default({})
    .describe('where each kind of figure comes from'),
});

export const partnerFileSchema = z.strictObject({
  id,
  name: z.string().min(1),
  kind: z.enum(PARTNER_KINDS),
  country: countryText,
  aeo: z.boolean().default(false),
  services: z.array(serviceSchema).min(1),
});

export const locationSchema = z.strictObject({
  id,
  kind: z.enum(LOCATION_KINDS),
  name: z.string().min(1),
  country: countryText,
  city: z.string().min(1).optional(),
  timezone: z
    .string()
    .optional()
    .describe('IANA zone; taken from the IATA or UN/LOCODE entry when omitted'),
  iata: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter IATA location code')
    .optional(),
  unlocode: z
    .string()
    .regex(/^[A-Z]{2}[A-Z2-9]{3}$/, 'must be a five-character UN/LOCODE, e.g. CNSZX')
    .optional(),
  postcodePrefixes: z.array(z.string().min(1)).default([]),
  coordinates: z
    .strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
    .optional(),
});

export const locationsFileSchema = z.strictObject({ locations: z.array(locationSchema).min(1) });

export const networkFileSchema = z.strictObject({
  id,
  name: z.string().min(1),
  originCountry: countryText,
  baseCurrency: currencyText,
  timezone: z.string(),
  fx: z
    .array(
      z.strictObject({
        currency: currencyText,
        perUnit: decimalText.describe('units of the base currency for one unit of `currency`'),
        validFrom: dateOrInstant,
        validTo: dateOrInstant.nullable().optional(),
      }),
    )
    .default([]),
  exporterOfRecord: z
    .strictObject({
      name: z.string().min(1),
      aeo: z.boolean(),
      customsCode: z
        .string()
        .regex(/^[0-9A-Z]{10}$/, 'must be a 10-character China customs registration code')
        .optional(),
    })
    .optional()
    .describe(
      'who files the consolidated export declarations (9610) as exporter of record: the integrator; its AEO status sets which clearance figures of export brokers apply',
    ),
  sources: z.record(z.string(), z.string()).default({}),
});

export type NetworkFile = z.infer<typeof networkFileSchema>;
export type LocationsFile = z.infer<typeof locationsFileSchema>;
export type PartnerFile = z.infer<typeof partnerFileSchema>;
export type ServiceFile = PartnerFile['services'][number];
export type DurationFile = z.infer<typeof durationSchema>;

/** JSON Schemas (2020-12) of the three YAML file kinds, published in docs/schema/ by `npm run schema`. */
export function networkJsonSchemas(): Record<
  'network' | 'locations' | 'partner',
  Record<string, unknown>
> {
  const io = { io: 'input' as const };
  const titled = (title: string, schema: Record<string, unknown>) => ({ title, ...schema });
  return {
    network: titled('Silkline network.yaml', z.toJSONSchema(networkFileSchema, io)),
    locations: titled('Silkline locations.yaml', z.toJSONSchema(locationsFileSchema, io)),
    partner: titled('Silkline partners/<partner>.yaml', z.toJSONSchema(partnerFileSchema, io)),
  };
}

import { z } from 'zod';

/*
 * The file format of the dated customs rules (data/customs/*.yaml). One file per destination regime
 * (US, EU with its member states, UK, …) plus fees.yaml (the integrator's and carriers' fees, for
 * every destination). A regime is data: named groups of alternative rules, each rule a generic,
 * parameterised component (exemption, tariff duty, flat duty per subheading, banded rate, tax on a
 * base, fixed fee, …) implemented once in landed-cost.ts. `docs/schema/customs-regime.schema.json`
 * is generated from these schemas (npm run schema), so the published schema cannot drift.
 */

export const CHANNELS = ['postal', 'courier', 'freight'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The seller's registrations a rule may depend on (keys of the input's `registrations`). */
export const REGISTRATIONS = ['ioss', 'ukVat', 'auArn', 'noVoec', 'brRemessaConforme'] as const;
export type RegistrationKey = (typeof REGISTRATIONS)[number];

export const POSTAL_DUTY_METHODS = ['ad-valorem', 'specific'] as const;
export type PostalDutyMethod = (typeof POSTAL_DUTY_METHODS)[number];

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
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, e.g. EUR');
const decimalText = z
  .string({
    error:
      'must be a decimal in quotes, e.g. "0.20" (a bare YAML number loses trailing zeros and exactness)',
  })
  .regex(/^\d+(\.\d+)?$/, 'must be a non-negative plain decimal written as a string, e.g. "0.20"');
const dateText = z
  .string({ error: 'must be a date in quotes, e.g. "2026-07-01"' })
  .regex(
    /^\d{4}-\d{2}-\d{2}$/,
    'must be a date YYYY-MM-DD (local midnight in the regime time zone)',
  );
const sourceKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must name an entry of the file’s `sources` map');
const hsPrefix = z
  .string()
  .regex(/^\d{2,10}$/, 'must be an HS prefix of 2 to 10 digits, e.g. "6109"');

export const amountSchema = z
  .strictObject({
    amount: decimalText.describe('major units, e.g. "150.00"'),
    currency: currencyText,
  })
  .describe('an amount in major units of a currency');

const datedValueSchema = z.strictObject({
  value: decimalText.describe('a fraction: "0.20" is 20 %'),
  validFrom: dateText,
  validTo: dateText.nullable().default(null).describe('exclusive; null = open'),
  source: sourceKey,
  secondary: z.boolean().default(false).describe('confirmed only from secondary sources'),
});

const paramsSchema = z
  .record(
    z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'a parameter name is letters and digits'),
    z.array(datedValueSchema).min(1),
  )
  .default({})
  .describe('dated parameters (rates) that rules refer to with {param: name}');

const regionSchema = z.strictObject({
  name: z.string().min(1),
  params: paramsSchema,
  warnings: z
    .array(z.string().min(1))
    .default([])
    .describe('said on every quote to this region (e.g. a provincial tax collected separately)'),
});

const datedCurrencySchema = z.strictObject({
  code: currencyText,
  validFrom: dateText,
  validTo: dateText.nullable().default(null),
});

export const destinationSchema = z.strictObject({
  country: countryText,
  currency: z
    .union([currencyText, z.array(datedCurrencySchema).min(1)])
    .describe('the currency duties and taxes are paid in; a list when it changes (BGN → EUR)'),
  timezone: z
    .string()
    .optional()
    .describe('IANA zone of rule dates for this country; the regime’s when absent'),
  params: paramsSchema,
  regions: z
    .record(
      z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 code, e.g. CA-ON'),
      regionSchema,
    )
    .default({}),
  regionMissingWarning: z
    .string()
    .optional()
    .describe('said when the input names no region and the tax depends on it'),
});

const basisPresets = z
  .enum(['intrinsic', 'cif', 'goods+shipping'])
  .describe(
    'intrinsic: goods only; cif: goods + shipping + insurance; goods+shipping: goods + shipping',
  );
export const basisSchema = z.union([
  basisPresets,
  z
    .strictObject({
      goodsFactor: decimalText.describe('share of the goods value counted, e.g. "0.6"'),
      shipping: z.boolean(),
      insurance: z.boolean(),
    })
    .describe('a custom valuation: goods × goodsFactor (+ shipping) (+ insurance)'),
]);

const rateSchema = z.union([
  decimalText,
  z
    .strictObject({ param: z.string().min(1) })
    .describe("a dated parameter of the destination (or of the input's region)"),
]);

const originList = z.array(countryText).min(1);

export const whenSchema = z
  .strictObject({
    channel: z.array(z.enum(CHANNELS)).min(1).optional(),
    incoterm: z.enum(['DDP', 'DAP']).optional(),
    destinations: z
      .array(countryText)
      .min(1)
      .optional()
      .describe('only these countries of the regime'),
    value: z
      .strictObject({
        basis: basisSchema,
        atMost: amountSchema.optional().describe('value ≤ this'),
        above: amountSchema.optional().describe('value > this'),
        per: z
          .enum(['consignment', 'line', 'unit'])
          .default('consignment')
          .describe(
            'consignment: the total; line / unit: each item line / each unit (atMost: every one is within, above: one exceeds)',
          ),
      })
      .optional(),
    weight: z
      .strictObject({
        atMostG: z.number().int().min(0).optional(),
        aboveG: z.number().int().min(0).optional(),
      })
      .optional()
      .describe('the consignment’s gross weight'),
    registration: z.enum(REGISTRATIONS).optional().describe('the seller holds this registration'),
    withoutRegistration: z.enum(REGISTRATIONS).optional(),
    originsAllIn: originList.optional().describe('every item originates in one of these'),
    originsAnyIn: originList.optional().describe('some item originates in one of these'),
    originsNoneIn: originList.optional().describe('no item originates in any of these'),
    shipFrom: originList.optional().describe('the consignment is shipped from one of these'),
    gift: z.boolean().optional().describe('the consignment is (true) or is not (false) a gift'),
    importCharges: z
      .literal('positive')
      .optional()
      .describe('something is collected at import (for fees)'),
    anyHsPrefix: z.array(hsPrefix).min(1).optional(),
    postalDutyMethod: z.enum(POSTAL_DUTY_METHODS).optional(),
  })
  .default({})
  .describe('all conditions must hold (an absent condition always holds)');

const bandSchema = z.strictObject({
  atMost: amountSchema.nullable().describe('upper bound (inclusive) of the band; null = no bound'),
  rate: decimalText,
  deduction: amountSchema.optional().describe('subtracted from rate × value (never below 0)'),
});

const levelSchema = z.strictObject({
  rateBelow: decimalText.optional().describe('the origin’s rate is below this'),
  rateAtMost: decimalText.optional().describe('the origin’s rate is at most this'),
  amount: amountSchema,
});

export const computeSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('exemption'),
      covers: z.array(z.string().min(1)).min(1).describe('group ids that are not charged'),
    })
    .describe('relief: the covered groups charge nothing (one zero line each, naming this rule)'),
  z
    .strictObject({
      kind: z.literal('tariff'),
      tariff: z.string().min(1).describe('"us-hts" (the HTS table) or a tariff of the file'),
      basis: basisSchema,
      fallback: z
        .string()
        .min(1)
        .optional()
        .describe(
          'with us-hts: a tariff of the file for the HTS lines the table holds no rate for',
        ),
    })
    .describe('duty per item line from a tariff by HS code'),
  z
    .strictObject({
      kind: z.literal('chapter99'),
      table: z.string().min(1),
      basis: basisSchema,
      origins: originList,
    })
    .describe('additional US duty by the Chapter 99 headings listed on the item’s HTS line'),
  z
    .strictObject({
      kind: z.literal('origin-rate'),
      table: z.string().min(1),
      basis: basisSchema,
    })
    .describe('ad valorem duty per item line at a rate by origin country (dated table)'),
  z
    .strictObject({
      kind: z.literal('origin-level-specific'),
      table: z.string().min(1),
      levels: z.array(levelSchema).min(1),
    })
    .describe('a specific duty per consignment by the highest origin rate of its items'),
  z
    .strictObject({
      kind: z.literal('flat-per-subheading'),
      amount: amountSchema,
      digits: z.number().int().min(2).max(10).default(6),
    })
    .describe('a flat amount per distinct tariff subheading in the consignment'),
  z
    .strictObject({
      kind: z.literal('excess'),
      basis: basisSchema,
      threshold: amountSchema,
      rate: decimalText,
      weightThresholdG: z.number().int().min(0),
      minimumPerKg: amountSchema,
    })
    .describe(
      'rate × (value − threshold), at least minimumPerKg × (kg − weightThreshold), each excess ≥ 0',
    ),
  z
    .strictObject({
      kind: z.literal('banded'),
      basis: basisSchema,
      bands: z.array(bandSchema).min(1),
    })
    .describe('one rate on the whole value, chosen by the band the value falls in'),
  z
    .strictObject({
      kind: z.literal('ad-valorem'),
      basis: basisSchema,
      rate: rateSchema,
      per: z.enum(['line', 'consignment']).default('line'),
      origins: originList.optional().describe('only item lines of these origins'),
    })
    .describe('rate × value (a surcharge, an additional duty)'),
  z
    .strictObject({
      kind: z.literal('tax'),
      rate: rateSchema,
      base: z.strictObject({
        basis: basisSchema,
        plusGroups: z
          .array(z.string().min(1))
          .default([])
          .describe('amounts of earlier groups added to the base (duty …)'),
      }),
      grossUp: z
        .boolean()
        .default(false)
        .describe('tax included in its own base (Brazil’s ICMS): base × rate / (1 − rate)'),
    })
    .describe('VAT, GST, consumption or sales tax on a base'),
  z
    .strictObject({ kind: z.literal('fixed'), amount: amountSchema })
    .describe('a fixed amount per consignment'),
  z
    .strictObject({
      kind: z.literal('charges-percent'),
      rate: decimalText,
      minimum: amountSchema.optional(),
      maximum: amountSchema.optional(),
    })
    .describe('rate × what is collected at import (an advance or collection fee)'),
  z
    .strictObject({ kind: z.literal('unknown'), message: z.string().min(1) })
    .describe('the case is not modelled: an explicit unknown, never a silent zero'),
  z.strictObject({ kind: z.literal('warning'), message: z.string().min(1) }).describe('a warning'),
]);

export const ruleSchema = z.strictObject({
  id,
  group: z.string().min(1).describe('a group of the file (or of fees.yaml)'),
  name: z.string().min(1).describe('what the line is called'),
  validFrom: dateText,
  validTo: dateText.nullable().describe('exclusive: the first day the rule no longer applies'),
  source: sourceKey,
  secondary: z.boolean().default(false).describe('confirmed only from secondary sources'),
  approximate: z.boolean().default(false).describe('a figure the project approximates'),
  collectedAt: z
    .enum(['sale', 'import'])
    .default('import')
    .describe('sale: the seller collects at checkout and remits (payer seller)'),
  payer: z
    .enum(['seller', 'buyer'])
    .optional()
    .describe('for fees: who pays whatever the incoterm'),
  when: whenSchema,
  compute: computeSchema,
  requireRegistration: z
    .strictObject({ registration: z.enum(REGISTRATIONS), message: z.string().min(1) })
    .optional()
    .describe('warn with `message` when the seller lacks the registration'),
  warnings: z.array(z.string().min(1)).default([]).describe('said whenever the rule applies'),
  compareWith: id
    .optional()
    .describe('another rule of the group computed as an alternative and reported beside'),
});

const groupSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  kind: z.enum(['duty', 'tax', 'fee']),
  name: z.string().min(1),
  required: z
    .boolean()
    .default(false)
    .describe('when no rule of the group applies, say so (an unknown), never a silent zero'),
});

const tariffRowSchema = z.strictObject({
  hs: z.union([hsPrefix, z.literal('')]).describe('HS prefix; "" matches every code'),
  rate: decimalText,
  origins: originList.optional().describe('a preferential row: only these origins'),
  validFrom: dateText,
  validTo: dateText.nullable().default(null),
  source: sourceKey,
  note: z.string().optional(),
});

const tariffSchema = z.strictObject({
  name: z.string().min(1),
  approximate: z
    .boolean()
    .describe('true for the small tables of typical rates the project holds in place of a tariff'),
  rows: z.array(tariffRowSchema).min(1),
});

const originRateRowSchema = z.strictObject({
  origins: originList,
  rate: decimalText,
  validFrom: dateText,
  validTo: dateText.nullable().default(null),
  source: sourceKey,
  secondary: z.boolean().default(false),
});

const chapter99RowSchema = z.strictObject({
  heading: z.string().regex(/^9903\.\d{2}\.\d{2}$/, 'must be a heading like 9903.88.03'),
  name: z.string().min(1),
  rate: decimalText.describe('"0" for an exclusion heading'),
  exclusion: z
    .boolean()
    .default(false)
    .describe('the heading names excluded goods; the line’s list rate is charged with a warning'),
  validFrom: dateText,
  validTo: dateText.nullable().default(null),
  source: sourceKey,
  secondary: z.boolean().default(false),
});

export const regimeFileSchema = z.strictObject({
  regime: id.describe('the regime id, e.g. eu'),
  name: z.string().min(1),
  timezone: z.string().describe('IANA zone: rule dates are local midnight there'),
  destinations: z
    .union([z.array(destinationSchema).min(1), z.literal('all')])
    .describe('"all" only for fees.yaml: its rules follow every regime’s'),
  sources: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), z.string().min(1)),
  groups: z.array(groupSchema).min(1),
  tariffs: z.record(id, tariffSchema).default({}),
  originRates: z.record(id, z.array(originRateRowSchema).min(1)).default({}),
  chapter99: z.record(id, z.array(chapter99RowSchema).min(1)).default({}),
  rules: z.array(ruleSchema).min(1),
});

export type RegimeFile = z.output<typeof regimeFileSchema>;
export type RuleFile = RegimeFile['rules'][number];
export type ComputeFile = RuleFile['compute'];
export type WhenFile = RuleFile['when'];
export type BasisFile = z.output<typeof basisSchema>;
export type AmountFile = z.output<typeof amountSchema>;

/** JSON Schema (2020-12) of a regime file, published in docs/schema/ by `npm run schema`. */
export function customsJsonSchemas(): Record<'customs-regime', Record<string, unknown>> {
  return {
    'customs-regime': {
      title: 'Silkline data/customs/regimes/<regime>.yaml',
      ...z.toJSONSchema(regimeFileSchema, { io: 'input' }),
    },
  };
}

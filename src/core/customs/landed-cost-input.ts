import { z } from 'zod';
import { isCountryCode, isCurrencyCode } from '../shared/index.ts';
import type { LandedCostInput } from './landed-cost.ts';
import { sellerRegistrationsSchema } from './parties.ts';
import { CHANNELS, POSTAL_DUTY_METHODS } from './rules-schema.ts';

/*
 * The body of `silkline landed-cost --input FILE.json` and `POST /v1/landed-cost` (the contract of
 * issue 5), validated at the edge: every problem names its field and the reason. Amounts are integer
 * minor units.
 */

const country = z
  .string({ error: 'required: an ISO 3166-1 alpha-2 country code, e.g. DE' })
  .refine(isCountryCode, {
    message: 'must be an ISO 3166-1 alpha-2 country code in capitals, e.g. DE',
  });

const money = z.strictObject({
  amount: z
    .number({ error: 'required: a whole number of minor units (cents), e.g. 1999' })
    .int('must be whole minor units (cents), e.g. 1999 for 19.99')
    .min(0, 'must not be negative')
    .max(1e13, 'is beyond any parcel value'),
  currency: z
    .string({ error: 'required: an ISO 4217 currency code, e.g. USD' })
    .refine(isCurrencyCode, { message: 'must be an ISO 4217 currency code in capitals, e.g. USD' }),
});

const item = z.strictObject({
  hsCode: z
    .string({ error: 'required: a 6-digit HS subheading or a national tariff line' })
    .trim()
    .min(1, 'required: a 6-digit HS subheading or a national tariff line'),
  description: z
    .string({ error: 'required: what the goods are' })
    .trim()
    .min(1, 'required: what the goods are')
    .max(500),
  quantity: z
    .number({ error: 'required: a whole number of units' })
    .int('must be a whole number of units')
    .min(1, 'must be at least 1')
    .max(1_000_000),
  unitValue: money,
  originCountry: z
    .string({ error: 'required: the country of origin (ISO 3166-1 alpha-2): duty depends on it' })
    .refine(isCountryCode, {
      message: 'must be an ISO 3166-1 alpha-2 country code in capitals, e.g. CN',
    }),
  weightG: z
    .number({ error: 'required: the item line weight in whole grams' })
    .int('must be whole grams')
    .min(0, 'must not be negative')
    .max(1_000_000, 'must be at most 1000000 g'),
});

export const landedCostInputSchema = z.strictObject({
  destination: country,
  destinationRegion: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 subdivision code, e.g. CA-ON')
    .optional(),
  importDate: z
    .string({ error: 'required: a date (2026-07-01) or an ISO 8601 instant with offset' })
    .regex(
      /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2}))?$/,
      'must be a date (2026-07-01, local midnight at the destination) or an ISO 8601 instant with offset',
    ),
  incoterm: z.enum(['DDP', 'DAP'], { error: 'must be DDP or DAP' }),
  channel: z
    .enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` })
    .optional()
    .describe('default courier; freight is a commercial import (no low-value relief)'),
  items: z
    .array(item, { error: 'required: a list of items' })
    .min(1, 'at least one item is needed')
    .max(1000),
  shipping: money,
  insurance: money.optional(),
  registrations: sellerRegistrationsSchema.optional(),
  shipFromCountry: country.optional().describe('default CN'),
  gift: z.boolean().optional(),
  grossWeightG: z.number().int().min(0).max(1_000_000).optional(),
  postalDutyMethod: z.enum(POSTAL_DUTY_METHODS).optional(),
});

export type LandedCostInputBody = z.output<typeof landedCostInputSchema>;

/** A validated body to the engine's input. */
export function landedCostInputFrom(body: LandedCostInputBody): LandedCostInput {
  return {
    destination: body.destination,
    destinationRegion: body.destinationRegion,
    importDate: body.importDate,
    incoterm: body.incoterm,
    channel: body.channel,
    items: body.items,
    shipping: body.shipping,
    insurance: body.insurance,
    registrations: body.registrations,
    shipFromCountry: body.shipFromCountry,
    gift: body.gift,
    grossWeightG: body.grossWeightG,
    postalDutyMethod: body.postalDutyMethod,
  };
}

import { z } from 'zod';
import { type CountryCode, isCountryCode } from '../shared/index.ts';

/** A party on customs papers and labels: the seller (shipper, exporter) or the buyer (consignee). */
export interface Party {
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly city: string;
  readonly postcode: string | null;
  /** ISO 3166-2 subdivision (e.g. "CN-GD", "CA-ON"), where the tax or the address needs it. */
  readonly region: string | null;
  readonly country: CountryCode;
  readonly phone: string | null;
  readonly email: string | null;
}

/**
 * The seller's registrations that move tax collection to the point of sale (IOSS in the EU, a UK
 * VAT number, an Australian ARN/GST registration, Norway's VOEC, Brazil's Remessa Conforme
 * certification through its platform), and its EORI for EU customs.
 */
export interface SellerRegistrations {
  readonly ioss: string | null;
  readonly ukVat: string | null;
  readonly auArn: string | null;
  readonly noVoec: string | null;
  readonly eori: string | null;
  readonly brRemessaConforme: boolean;
}

/** The seller as an exporter from China: its customs registration and whether it is an AEO. */
export interface ExporterRecord {
  /** China customs registration code (10 characters) of the e-commerce enterprise. */
  readonly customsCode: string | null;
  /** Unified social credit code (18 characters). */
  readonly creditCode: string | null;
  /** Authorised Economic Operator (China Customs advanced certification): fewer inspections. */
  readonly aeo: boolean;
}

export interface SellerProfile {
  readonly party: Party;
  readonly registrations: SellerRegistrations;
  readonly exporter: ExporterRecord;
}

export const NO_REGISTRATIONS: SellerRegistrations = {
  ioss: null,
  ukVat: null,
  auArn: null,
  noVoec: null,
  eori: null,
  brRemessaConforme: false,
};

const countryField = z
  .string()
  .refine(isCountryCode, { message: 'must be an ISO 3166-1 alpha-2 country code' });

export const partySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  addressLines: z.array(z.string().trim().min(1).max(200)).min(1).max(3),
  city: z.string().trim().min(1).max(100),
  postcode: z.string().trim().min(1).max(20).optional(),
  region: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 subdivision code, e.g. CN-GD')
    .optional(),
  country: countryField,
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{5,25}$/, 'must be a phone number')
    .optional(),
  email: z.string().email().max(200).optional(),
});

/**
 * Formats as the registries issue them: IOSS "IM" + 10 digits; UK VAT "GB" + 9 or 12 digits; an
 * ARN is 12 digits; VOEC 7 digits; EORI a country code + up to 15 characters.
 */
export const sellerRegistrationsSchema = z.strictObject({
  ioss: z
    .string()
    .regex(/^IM\d{10}$/, 'must be an IOSS number: IM followed by 10 digits')
    .optional(),
  ukVat: z
    .string()
    .regex(/^GB(\d{9}|\d{12})$/, 'must be a UK VAT number: GB followed by 9 or 12 digits')
    .optional(),
  auArn: z
    .string()
    .regex(/^\d{12}$/, 'must be an Australian ARN: 12 digits')
    .optional(),
  noVoec: z
    .string()
    .regex(/^\d{7}$/, 'must be a VOEC number: 7 digits')
    .optional(),
  eori: z
    .string()
    .regex(/^[A-Z]{2}[A-Z0-9]{1,15}$/, 'must be an EORI number')
    .optional(),
  brRemessaConforme: z.boolean().optional(),
});

export const exporterSchema = z.strictObject({
  customsCode: z
    .string()
    .regex(/^[0-9A-Z]{10}$/, 'must be a 10-character China customs registration code')
    .optional(),
  creditCode: z
    .string()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'must be an 18-character unified social credit code')
    .optional(),
  aeo: z.boolean().optional(),
});

export const sellerProfileSchema = z.strictObject({
  party: partySchema,
  registrations: sellerRegistrationsSchema.optional(),
  exporter: exporterSchema.optional(),
});

export type SellerProfileInput = z.input<typeof sellerProfileSchema>;

function partyOf(p: z.output<typeof partySchema>): Party {
  return {
    name: p.name,
    addressLines: p.addressLines,
    city: p.city,
    postcode: p.postcode ?? null,
    region: p.region ?? null,
    country: p.country as CountryCode,
    phone: p.phone ?? null,
    email: p.email ?? null,
  };
}

/** A validated profile body to the core's profile, with absent fields made explicit. */
export function sellerProfileFrom(input: z.output<typeof sellerProfileSchema>): SellerProfile {
  const r = input.registrations ?? {};
  const e = input.exporter ?? {};
  return {
    party: partyOf(input.party),
    registrations: {
      ioss: r.ioss ?? null,
      ukVat: r.ukVat ?? null,
      auArn: r.auArn ?? null,
      noVoec: r.noVoec ?? null,
      eori: r.eori ?? null,
      brRemessaConforme: r.brRemessaConforme ?? false,
    },
    exporter: {
      customsCode: e.customsCode ?? null,
      creditCode: e.creditCode ?? null,
      aeo: e.aeo ?? false,
    },
  };
}

export { partyOf };

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { checkHsCode, suggestHs } from '../../../core/customs/index.ts';
import { isCountryCode } from '../../../core/shared/index.ts';
import { loadHsNomenclature, loadUsHts } from '../../files/customs-reference.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { COMMON_ERRORS, problemResponses } from '../openapi-common.ts';
import { problemResponse } from '../problem.ts';

/*
 * Classification reference data (HS 2022, the US HTS): any authenticated key may read it. A
 * refused code answers 422, not 404: the endpoint exists and the request is well formed, but the
 * code is not a classification a declaration may carry (malformed, a heading, a pseudo-code, not in
 * the nomenclature); a 404 would read as "no such endpoint" or "not yours" as it does elsewhere.
 */

const errors = {
  ...COMMON_ERRORS,
  ...problemResponses({
    422: 'The code is refused: `reason` is format, pseudo-code, unknown-subheading or unknown-national-line',
  }),
};

const HsEntrySchema = z
  .object({
    code: z.string(),
    description: z.string(),
    level: z.union([z.literal(2), z.literal(4), z.literal(6)]),
    parent: z.string().nullable(),
    section: z.string().describe('HS section, a Roman numeral'),
  })
  .openapi('HsEntry');

const HsCheckSchema = z
  .object({
    ok: z.literal(true),
    code: z.string().describe('the code without dots or spaces'),
    subheading: z.string().describe('the 6-digit HS subheading'),
    path: z.array(HsEntrySchema).readonly().describe('chapter → heading → subheading'),
    national: z
      .object({
        system: z.enum(['US-HTS', 'EU-CN', 'UK', 'CN']),
        code: z.string(),
        description: z.string().nullable(),
        verified: z
          .boolean()
          .describe('false where no national table is held: only the HS prefix was checked'),
      })
      .nullable(),
    notes: z.array(z.string()).readonly(),
  })
  .openapi('HsCheck');

const HsSuggestionsSchema = z
  .object({
    text: z.string(),
    suggestions: z.array(
      z.object({
        code: z.string(),
        score: z.number(),
        description: z.string(),
        path: z.array(HsEntrySchema).readonly(),
        matched: z.array(z.string()).readonly(),
      }),
    ),
  })
  .openapi('HsSuggestions');

const countryQuery = z
  .string()
  .transform((c) => c.toUpperCase())
  .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code, e.g. US')
  .optional()
  .openapi({
    param: { name: 'country', in: 'query' },
    description:
      'the declaring country: its tariff decides how 8 and 10 digits are read (US lines are verified)',
  });

export function registerCustomsReferenceRoutes(app: OpenAPIHono<AppEnv>, _deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/hs/{code}',
      summary:
        'Check an HS code (6-digit HS 2022, or 8/10 digits with national extensions) and show its description path',
      security: [{ bearer: [] }],
      request: {
        params: z.object({
          code: z
            .string()
            .min(1)
            .max(40)
            .openapi({ param: { name: 'code', in: 'path' }, example: '6109.10.00.12' }),
        }),
        query: z.object({ country: countryQuery }),
      },
      responses: {
        200: {
          description: 'The code is a valid classification',
          content: { 'application/json': { schema: HsCheckSchema } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const { country } = c.req.valid('query');
      const nom = await loadHsNomenclature();
      const usHts = country === 'US' ? await loadUsHts() : undefined;
      const check = checkHsCode(nom, code, { country, usHts });
      if (!check.ok) {
        const problem = {
          type: 'https://silkline.dev/problems/hs-code-refused',
          title: 'HS code refused',
          status: 422,
          detail: check.message,
          errors: [{ field: 'code', message: check.message }],
          reason: check.reason,
          code: check.code,
        };
        return problemResponse(problem) as never;
      }
      return c.json(check, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/hs',
      summary:
        'Suggest HS subheadings for an item description, ranked, with their descriptions (it suggests; it never assigns)',
      security: [{ bearer: [] }],
      request: {
        query: z.object({
          q: z.string().trim().min(1).max(500).openapi({ example: 'cotton t-shirt' }),
          limit: z.coerce.number().int().min(1).max(50).default(10),
        }),
      },
      responses: {
        200: {
          description: 'Suggestions, best first (an empty list when no word matches)',
          content: { 'application/json': { schema: HsSuggestionsSchema } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const { q, limit } = c.req.valid('query');
      const nom = await loadHsNomenclature();
      return c.json({ text: q, suggestions: suggestHs(nom, q, { limit }) }, 200);
    },
  );
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  type CustomsRules,
  isBadInputFailure,
  landedCost,
  landedCostContract,
  landedCostInputFrom,
  landedCostInputSchema,
} from '../../../core/customs/index.ts';
import { loadShippedCustomsRules } from '../../files/customs-rules.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { COMMON_ERRORS, Money, problemResponses } from '../openapi-common.ts';
import { forbidden, HttpProblem } from '../problem.ts';

const errors = {
  ...COMMON_ERRORS,
  ...problemResponses({
    422: 'Cannot be done: no rule known for the destination or the import date, or no exchange rate',
  }),
};

const LandedCostResponse = z
  .object({
    lines: z.array(
      z.object({
        kind: z.enum(['duty', 'tax', 'fee']),
        name: z.string(),
        amount: Money,
        payer: z.enum(['seller', 'buyer']),
        rule: z.string().describe('the dated rule that produced the line'),
        source: z.string(),
      }),
    ),
    totals: z.object({ seller: Money, buyer: Money }),
    warnings: z.array(z.string()),
  })
  .openapi('LandedCost');

/**
 * POST /v1/landed-cost: the same body and the same answer as `silkline landed-cost --json`.
 * `rules` replaces the shipped customs rules (tests).
 */
export function registerLandedCostRoutes(
  app: OpenAPIHono<AppEnv>,
  _deps: AppDeps,
  rules: () => Promise<CustomsRules> = loadShippedCustomsRules,
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/landed-cost',
      summary:
        'Duties, taxes and fees of one consignment at its destination on its import date, each line naming its dated rule',
      security: [{ bearer: [] }],
      request: {
        body: {
          content: { 'application/json': { schema: landedCostInputSchema } },
          required: true,
        },
      },
      responses: {
        200: {
          description: 'The lines, who pays them, and the warnings (amounts in minor units)',
          content: { 'application/json': { schema: LandedCostResponse } },
        },
        ...errors,
      },
    }),
    async (c) => {
      if (c.get('principal').role === 'partner')
        throw forbidden('this needs a seller or operator key');
      const result = landedCost(await rules(), landedCostInputFrom(c.req.valid('json')));
      if (!result.ok) {
        const f = result.error;
        if (isBadInputFailure(f))
          throw new HttpProblem(400, 'Invalid request', f.message, [
            { field: f.field, message: f.message },
          ]);
        throw new HttpProblem(422, 'Cannot be done', f.message, [
          { field: f.field, message: f.message },
        ]);
      }
      // The contract's arrays are readonly; the response schema's are not.
      return c.json(landedCostContract(result.value) as z.infer<typeof LandedCostResponse>, 200);
    },
  );
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { sellerProfileSchema } from '../../../core/customs/index.ts';
import type { Principal } from '../../auth/keys.ts';
import { getSellerProfile, putSellerProfile } from '../../service/seller-profile.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { COMMON_ERRORS } from '../openapi-common.ts';
import { forbidden, HttpProblem } from '../problem.ts';

// The core's own schema (plain zod): the OpenAPI document shows it inline.
const ProfileBody = sellerProfileSchema;
const ProfileResource = z
  .object({ profile: ProfileBody, updatedAt: z.string() })
  .openapi('SellerProfileResource');

function sellerOf(p: Principal): string {
  if (p.role !== 'seller') throw forbidden('this needs a seller key');
  return p.tenantId;
}

/**
 * The seller's own profile: shipper name and address for papers and labels, the registrations that
 * move tax collection to the point of sale, and the exporter record used for China's export filings.
 */
export function registerSellerProfileRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/seller/profile',
      summary: "The seller's profile (shipper, tax registrations, exporter record)",
      security: [{ bearer: [] }],
      responses: {
        200: {
          description: 'The profile',
          content: { 'application/json': { schema: ProfileResource } },
        },
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      const tenantId = sellerOf(c.get('principal'));
      const found = await getSellerProfile(deps.store.db, tenantId);
      if (!found)
        throw new HttpProblem(
          404,
          'Not found',
          'no profile yet: set it with PUT /v1/seller/profile',
        );
      return c.json(
        {
          profile: found.body as z.infer<typeof ProfileBody>,
          updatedAt: found.updatedAt.toISOString(),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/seller/profile',
      summary: "Replace the seller's profile",
      security: [{ bearer: [] }],
      request: {
        body: { content: { 'application/json': { schema: ProfileBody } }, required: true },
      },
      responses: {
        200: {
          description: 'The profile as stored',
          content: { 'application/json': { schema: ProfileResource } },
        },
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      const tenantId = sellerOf(c.get('principal'));
      const body = c.req.valid('json');
      const now = deps.clock.now();
      await putSellerProfile(deps.store.db, tenantId, body, now);
      return c.json({ profile: body, updatedAt: now.toISOString() }, 200);
    },
  );
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { LEG_STATUSES } from '../../../core/orders/index.ts';
import type { Principal } from '../../auth/keys.ts';
import { acknowledgeLeg, listPartnerLegs, refuseLeg } from '../../service/partner-legs.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { COMMON_ERRORS, problemResponses } from '../openapi-common.ts';
import { forbidden } from '../problem.ts';

const errors = {
  ...COMMON_ERRORS,
  ...problemResponses({ 403: 'Not a partner key', 404: 'Not found (or not this partner’s)' }),
};

const PartnerLeg = z
  .object({
    id: z.string(),
    shipmentId: z.string(),
    seq: z.number().int(),
    activity: z.string(),
    serviceId: z.string(),
    from: z.string(),
    to: z.string(),
    destinationCountry: z.string().nullable(),
    destinationCity: z.string().nullable(),
    parcels: z.object({
      count: z.number().int(),
      totalWeightG: z.number().int(),
      each: z.array(
        z.object({
          weightG: z.number().int(),
          dims: z
            .object({ lengthMm: z.number(), widthMm: z.number(), heightMm: z.number() })
            .nullable(),
          goods: z.array(z.string()),
        }),
      ),
    }),
    cost: z.object({ amount: z.number().int(), currency: z.string() }),
    status: z.enum(LEG_STATUSES),
    partnerRef: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PartnerLeg');

const legParam = z.object({
  id: z
    .string()
    .regex(/^leg_[0-9a-z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

function partnerOf(p: Principal): string {
  if (p.role !== 'partner' || !p.partnerId) throw forbidden('this needs a partner key');
  return p.partnerId;
}

/** The partner's side: its own legs, and acknowledging or refusing them. */
export function registerPartnerRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/partner/legs',
      summary: "The key's partner's own legs, newest first, with filters and cursor pagination",
      security: [{ bearer: [] }],
      request: {
        query: z.object({
          status: z.enum(LEG_STATUSES).optional(),
          serviceId: z.string().max(200).optional(),
          cursor: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: {
        200: {
          description: 'A page of legs',
          content: {
            'application/json': {
              schema: z.object({ data: z.array(PartnerLeg), nextCursor: z.string().nullable() }),
            },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const partnerId = partnerOf(c.get('principal'));
      return c.json(await listPartnerLegs(deps, partnerId, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/partner/legs/{id}/ack',
      summary: 'Acknowledge a leg: a booked leg stays booked, a planned one becomes booked',
      security: [{ bearer: [] }],
      request: { params: legParam },
      responses: {
        200: {
          description: 'The leg, acknowledged',
          content: { 'application/json': { schema: PartnerLeg } },
        },
        ...errors,
        ...problemResponses({ 409: 'The leg is past booking: the problem names its status' }),
      },
    }),
    async (c) => {
      const partnerId = partnerOf(c.get('principal'));
      return c.json(await acknowledgeLeg(deps, partnerId, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/partner/legs/{id}/refuse',
      summary: 'Refuse a planned or booked leg: it fails and the order is re-planned without it',
      security: [{ bearer: [] }],
      request: {
        params: legParam,
        body: {
          content: {
            'application/json': {
              schema: z
                .object({ reason: z.string().trim().min(1).max(500) })
                .strict()
                .openapi('LegRefusal'),
            },
          },
          required: true,
        },
      },
      responses: {
        200: {
          description: 'The leg, failed with the reason',
          content: { 'application/json': { schema: PartnerLeg } },
        },
        ...errors,
        ...problemResponses({ 409: 'The leg is past booking: the problem names its status' }),
      },
    }),
    async (c) => {
      const partnerId = partnerOf(c.get('principal'));
      const { reason } = c.req.valid('json');
      return c.json(await refuseLeg(deps, partnerId, c.req.valid('param').id, reason), 200);
    },
  );
}

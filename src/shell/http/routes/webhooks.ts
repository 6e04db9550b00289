// Outbound webhooks, managed through the API: sellers manage their own endpoints, operators
// any tenant's. The signing secret is shown once, when the endpoint is created.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Principal } from '../../auth/keys.ts';
import { checkWebhookUrl } from '../../webhooks/address-guard.ts';
import { type WebhookConfig, webhookConfigFromEnv } from '../../webhooks/config.ts';
import {
  countEndpoints,
  deleteEndpoint,
  endpointResource,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  MAX_ENDPOINTS_PER_TENANT,
} from '../../webhooks/endpoints.ts';
import { eventFilterProblem } from '../../webhooks/events.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { COMMON_ERRORS, problemResponses } from '../openapi-common.ts';
import { forbidden, HttpProblem, notFound } from '../problem.ts';

const errors = { ...COMMON_ERRORS, ...problemResponses({ 409: 'Conflict' }) };

const WebhookEndpoint = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    url: z.string(),
    events: z.array(z.string()).nullable().describe('null: every event'),
    allowPrivate: z.boolean().describe('created under the development flag'),
    createdAt: z.string(),
  })
  .openapi('WebhookEndpoint');
const CreatedWebhookEndpoint = WebhookEndpoint.extend({
  secret: z.string().describe('the signing secret (whsec_…); shown only now'),
}).openapi('CreatedWebhookEndpoint');
const WebhookDelivery = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    state: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookDelivery');
const WebhookRequest = z
  .object({
    url: z.string().min(1).max(2048).describe('https (or http) URL on a public address'),
    events: z
      .array(z.string().max(100))
      .min(1)
      .max(50)
      .optional()
      .describe('event types, `order.*`, `shipment.*` or `*`; all events when absent'),
    tenantId: z
      .string()
      .optional()
      .describe('operators only: the seller tenant whose events it receives (required for them)'),
  })
  .strict()
  .openapi('WebhookRequest');
const webhookId = z.object({
  id: z
    .string()
    .regex(/^whk_[0-9a-z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const pageQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

function requireRole(p: Principal, ...roles: Principal['role'][]): void {
  if (!roles.includes(p.role)) throw forbidden(`this needs a ${roles.join(' or ')} key`);
}
const tenantScope = (p: Principal): string | null => (p.role === 'operator' ? null : p.tenantId);
const invalid = (field: string, message: string) =>
  new HttpProblem(400, 'Invalid request', 'the request has errors; nothing was changed', [
    { field, message },
  ]);

/**
 * POST/GET /v1/webhooks, DELETE /v1/webhooks/{id}, GET /v1/webhooks/{id}/deliveries. The
 * development flag (SILKLINE_WEBHOOKS_ALLOW_PRIVATE) comes in `config`, read from the
 * environment when not given.
 */
export function registerWebhookRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  config: WebhookConfig = webhookConfigFromEnv(process.env),
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks',
      summary: 'Add a webhook endpoint; its signing secret is shown once',
      description:
        'Each order or shipment event is POSTed as JSON `{ id, type, createdAt, data }` with the ' +
        'headers `Silkline-Event-Id` and `Silkline-Signature: t=<unix seconds>,v1=<hex>`, where v1 is ' +
        'HMAC-SHA256 keyed with the secret (the whole `whsec_…` string) over `<t>.<raw body>`. A 2xx ' +
        'answer within 10 s delivers it; anything else is retried with exponential backoff. Delivery ' +
        'is at least once: dedupe on the event id, and refuse signatures older than a few minutes. ' +
        'Targets on private, loopback, link-local, CGNAT or unspecified addresses are refused, also ' +
        'when a name resolves to one at delivery time.',
      security: [{ bearer: [] }],
      request: {
        body: { content: { 'application/json': { schema: WebhookRequest } }, required: true },
      },
      responses: {
        201: {
          description: 'The endpoint, with its signing secret',
          content: { 'application/json': { schema: CreatedWebhookEndpoint } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'seller', 'operator');
      const body = c.req.valid('json');
      let tenantId = principal.tenantId;
      if (principal.role === 'seller') {
        if (body.tenantId !== undefined)
          throw invalid('tenantId', 'not allowed here: a seller key manages its own webhooks');
      } else {
        if (body.tenantId === undefined)
          throw invalid('tenantId', 'required for an operator key: the seller tenant');
        const tenant = await deps.store.db
          .selectFrom('tenants')
          .select(['id', 'kind'])
          .where('id', '=', body.tenantId)
          .executeTakeFirst();
        if (!tenant || tenant.kind !== 'seller')
          throw invalid('tenantId', 'no seller tenant with this id');
        tenantId = tenant.id;
      }
      const checked = checkWebhookUrl(body.url, { allowPrivate: config.allowPrivate });
      if (!checked.ok) throw invalid('url', checked.message);
      const events = body.events ?? null;
      const problems = (events ?? []).flatMap((e, i) => {
        const p = eventFilterProblem(e);
        return p === null ? [] : [{ field: `events.${i}`, message: p }];
      });
      if (problems.length > 0)
        throw new HttpProblem(
          400,
          'Invalid request',
          'the request has errors; nothing was changed',
          problems,
        );
      if ((await countEndpoints(deps.store.db, tenantId)) >= MAX_ENDPOINTS_PER_TENANT)
        throw new HttpProblem(
          409,
          'Conflict',
          `a tenant may have at most ${MAX_ENDPOINTS_PER_TENANT} webhook endpoints`,
        );
      const row = await insertEndpoint(deps.store.db, deps.ids, {
        tenantId,
        url: checked.url.toString(),
        events: events === null ? null : [...new Set(events)],
        allowPrivate: config.allowPrivate,
        now: deps.clock.now(),
      });
      return c.json({ ...endpointResource(row), secret: row.secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks',
      summary: 'Webhook endpoints, newest first (operators: every tenant, or one)',
      security: [{ bearer: [] }],
      request: { query: pageQuery.extend({ tenantId: z.string().optional() }) },
      responses: {
        200: {
          description: 'A page of endpoints (without their secrets)',
          content: {
            'application/json': {
              schema: z.object({
                data: z.array(WebhookEndpoint),
                nextCursor: z.string().nullable(),
              }),
            },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'seller', 'operator');
      const { cursor, limit, tenantId } = c.req.valid('query');
      if (tenantId !== undefined && principal.role !== 'operator')
        throw invalid('tenantId', 'not allowed here: a seller key sees its own webhooks');
      const page = await listEndpoints(deps.store.db, {
        tenantId: tenantScope(principal) ?? tenantId ?? null,
        cursor,
        limit,
      });
      return c.json({ data: page.rows.map(endpointResource), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/webhooks/{id}',
      summary: 'Remove a webhook endpoint; its pending deliveries are dropped',
      security: [{ bearer: [] }],
      request: { params: webhookId },
      responses: { 204: { description: 'Removed' }, ...errors },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'seller', 'operator');
      const deleted = await deleteEndpoint(
        deps.store.db,
        c.req.valid('param').id,
        tenantScope(principal),
        deps.clock.now(),
      );
      if (!deleted) throw notFound('webhook endpoint');
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks/{id}/deliveries',
      summary: "An endpoint's deliveries, newest first: state, attempts, last status",
      security: [{ bearer: [] }],
      request: {
        params: webhookId,
        query: pageQuery.extend({ state: z.enum(['pending', 'delivered', 'failed']).optional() }),
      },
      responses: {
        200: {
          description: 'A page of deliveries',
          content: {
            'application/json': {
              schema: z.object({
                data: z.array(WebhookDelivery),
                nextCursor: z.string().nullable(),
              }),
            },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'seller', 'operator');
      const { id } = c.req.valid('param');
      const endpoint = await findEndpoint(deps.store.db, id, tenantScope(principal));
      if (!endpoint) throw notFound('webhook endpoint');
      const { cursor, limit, state } = c.req.valid('query');
      return c.json(await listDeliveries(deps.store.db, id, { cursor, limit, state }), 200);
    },
  );
}

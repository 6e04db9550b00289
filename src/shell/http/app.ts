import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { createKey, principalForKey, type Principal } from '../auth/keys.ts';
import { idempotent, requestHash } from '../service/idempotency.ts';
import { createOrder, orderResource, parseOrder, quoteOrder } from '../service/orders.ts';
import type { AppDeps, AppEnv } from './context.ts';
import { docsPage } from './docs-page.ts';
import { registerTrackingPage } from './tracking-page.ts';
import {
  COMMON_ERRORS,
  idParam,
  listQuery,
  Money,
  Page,
  problemResponses,
} from './openapi-common.ts';
import { forbidden, HttpProblem, notFound, problemResponse, unauthorized } from './problem.ts';
import { registerWebhookRoutes } from './routes/webhooks.ts';
import { BULK_PATH, registerBulkRoutes } from './routes/bulk.ts';
import { payloadTooLarge } from './raw-body.ts';
import { registerPartnerRoutes } from './routes/partner.ts';
import { registerLandedCostRoutes } from './routes/landed-cost.ts';
import { registerCustomsReferenceRoutes } from './routes/customs-reference.ts';
import { registerSellerProfileRoutes } from './routes/seller-profile.ts';
import { registerExportDeclarationRoutes } from './routes/export-declaration.ts';
import {
  BATCH_PATH,
  PARTNER_EVENTS_PATH,
  registerPartnerEventRoutes,
  skipsApiKey,
} from './routes/partner-events.ts';
import { registerTrackingRoutes } from './routes/tracking.ts';
import { registerDocumentRoutes } from './routes/documents.ts';
import { registerJobRoutes } from './routes/jobs.ts';

const errors = {
  ...COMMON_ERRORS,
  ...problemResponses({
    409: 'Conflict',
    413: 'Body too large',
    422: 'Idempotency-Key reused with another body',
  }),
};

const Parcel = z
  .object({
    pickup: z.string().describe('supplier-region location id or city'),
    weightG: z.number().int().min(1).max(1_000_000),
    dims: z
      .object({
        lengthMm: z.number().int().min(1).max(20000),
        widthMm: z.number().int().min(1).max(20000),
        heightMm: z.number().int().min(1).max(20000),
      })
      .strict()
      .optional(),
    goods: z.array(z.string()).optional(),
    items: z
      .array(
        z
          .object({
            description: z.string().min(1),
            hsCode: z.string(),
            quantity: z.number().int().min(1),
            unitValue: Money,
            originCountry: z.string(),
            weightG: z
              .number()
              .int()
              .min(1)
              .describe('net weight of the item line (all its units), grams'),
            sku: z.string().optional(),
            goods: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
const OrderBody = z
  .object({
    id: z.string().min(1).max(100).describe("the seller's own order id, unique per seller"),
    orderedAt: z.string().optional(),
    buyer: z
      .object({
        country: z.string(),
        postcode: z.string().optional(),
        city: z.string().optional(),
        region: z.string().optional().describe('ISO 3166-2 subdivision, e.g. CA-ON'),
        name: z
          .string()
          .optional()
          .describe('for labels and customs papers; never on tracking pages'),
        addressLines: z.array(z.string()).optional(),
        phone: z.string().optional(),
        email: z.string().optional(),
      })
      .strict(),
    tier: z.enum(['economy', 'standard', 'express']).optional(),
    deliverWithinDays: z.number().int().min(1).max(120).optional(),
    incoterm: z.enum(['DDP', 'DAP']).optional(),
    parcels: z.array(Parcel).min(1).max(100),
    payment: z
      .object({
        provider: z.string().describe('the payment enterprise'),
        transactionId: z.string(),
        paidAt: z.string().optional().describe('ISO 8601 instant with offset'),
      })
      .strict()
      .optional()
      .describe("China's 9610 export filing lists the payment beside the order and the waybill"),
    platform: z.string().optional().describe('the marketplace or shop the order was sold on'),
  })
  .strict()
  .openapi('OrderRequest');
const QuoteBody = OrderBody.extend({ id: z.string().min(1).max(100).optional() }).openapi(
  'QuoteRequest',
);
const OrderResource = z
  .object({
    id: z.string(),
    externalId: z.string(),
    status: z.string(),
    tier: z.string(),
    price: Money.nullable(),
  })
  .passthrough()
  .openapi('Order');
function requireRole(p: Principal, ...roles: Principal['role'][]): void {
  if (!roles.includes(p.role)) throw forbidden(`this needs a ${roles.join(' or ')} key`);
}

/** Operators see every tenant; everyone else only their own. */
function tenantScope(p: Principal): string | null {
  return p.role === 'operator' ? null : p.tenantId;
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = (
          result.error as {
            issues: { path: PropertyKey[]; message: string; code?: string; keys?: string[] }[];
          }
        ).issues;
        throw new HttpProblem(
          400,
          'Invalid request',
          'the request has errors; nothing was changed',
          issues.flatMap((i) => {
            const at = i.path.map(String);
            // An unknown key (a field this role may not set: tenant, price, status …) is named itself.
            if (i.code === 'unrecognized_keys')
              return (i.keys ?? []).map((k) => ({
                field: [...at, k].join('.'),
                message: 'not allowed here',
              }));
            return [{ field: at.join('.') || '(body)', message: i.message }];
          }),
        );
      }
      return undefined;
    },
  });

  app.onError((e) => {
    if (e instanceof HttpProblem) return problemResponse(e.problem);
    if ((e as { status?: number }).status === 413)
      return problemResponse(new HttpProblem(413, 'Payload too large').problem);
    // Hono's own refusals (malformed JSON, an unsupported content type) are the client's errors.
    if (e instanceof HTTPException && e.status < 500) {
      const problem =
        e.status === 415
          ? new HttpProblem(415, 'Unsupported media type', 'send the body as application/json')
          : new HttpProblem(e.status, 'Bad request', e.message, [
              { field: '(body)', message: e.message },
            ]);
      return problemResponse(problem.problem);
    }
    process.stderr.write(`silkline api: ${(e as Error).stack ?? String(e)}\n`);
    return problemResponse(
      new HttpProblem(500, 'Internal error', 'the request failed; it was logged').problem,
    );
  });
  app.notFound(() =>
    problemResponse(new HttpProblem(404, 'Not found', 'no such endpoint').problem),
  );

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    await deps.store.db.selectFrom('tenants').select('id').limit(1).execute();
    return c.json({ ok: true, store: deps.store.kind, jobs: deps.queue !== null });
  });

  const requestBodyLimit = bodyLimit({
    maxSize: deps.maxBodyBytes,
    onError: () => {
      throw payloadTooLarge(deps.maxBodyBytes);
    },
  });
  // Bulk uploads have their own limit, deps.maxBulkBytes (routes/bulk.ts); the partner webhook
  // checks the same limit as it reads its body (raw-body.ts).
  app.use('/v1/*', (c, next) =>
    c.req.path === BULK_PATH ||
    c.req.path === BATCH_PATH ||
    (c.req.method === 'POST' && c.req.path === PARTNER_EVENTS_PATH)
      ? next()
      : requestBodyLimit(c, next),
  );
  app.use('/v1/*', async (c, next) => {
    // The signed partner webhook and the public tracking endpoint carry no API key.
    if (skipsApiKey(c.req.method, c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = m ? await principalForKey(deps.store.db, m[1]!) : undefined;
    if (!principal) throw unauthorized();
    c.set('principal', principal);
    await next();
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/quotes',
      summary:
        'Quote an order per tier: price, plan, days, on-time probability, baselines, return cost',
      security: [{ bearer: [] }],
      request: { body: { content: { 'application/json': { schema: QuoteBody } }, required: true } },
      responses: {
        200: {
          description: 'Quotes per tier, valid until a stated time',
          content: {
            'application/json': {
              schema: z
                .object({ tiers: z.record(z.string(), z.unknown()), validUntil: z.string() })
                .openapi('Quote'),
            },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'seller', 'operator');
      const body = c.req.valid('json');
      const order = parseOrder(deps, { ...body, id: body.id ?? 'quote' });
      const quote = quoteOrder(deps, order);
      const id = deps.ids.next('qte');
      await deps.store.db
        .insertInto('quotes')
        .values({
          id,
          tenant_id: principal.tenantId,
          request: JSON.stringify(body),
          response: JSON.stringify(quote),
          valid_until: quote.validUntil,
        })
        .execute();
      return c.json({ id, ...quote }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/orders',
      summary: 'Create an order: it is planned at once and its chain booked by a job',
      security: [{ bearer: [] }],
      request: {
        headers: z.object({ 'idempotency-key': z.string().max(200).optional() }),
        body: { content: { 'application/json': { schema: OrderBody } }, required: true },
      },
      responses: {
        201: {
          description: 'The order, planned (or infeasible, with the reason)',
          content: { 'application/json': { schema: OrderResource } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'seller');
      const raw = await c.req.text();
      const body = c.req.valid('json');
      const result = await idempotent(
        deps.store,
        principal.tenantId,
        c.req.header('idempotency-key'),
        requestHash('POST', '/v1/orders', raw),
        async (trx) => {
          const order = parseOrder(deps, body);
          const row = await createOrder(deps, trx, principal.tenantId, order);
          return { status: 201, body: orderResource(row) };
        },
      );
      c.header('Idempotent-Replayed', String(result.replayed));
      return c.json(result.body as z.infer<typeof OrderResource>, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/orders/{id}',
      summary: 'One order',
      security: [{ bearer: [] }],
      request: { params: idParam('ord') },
      responses: {
        200: {
          description: 'The order',
          content: { 'application/json': { schema: OrderResource } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      // Not 403: a key that may see no orders gets what an unknown id gets.
      if (principal.role === 'partner') throw notFound('order');
      let q = deps.store.db
        .selectFrom('orders')
        .selectAll()
        .where('id', '=', c.req.valid('param').id);
      const scope = tenantScope(principal);
      if (scope) q = q.where('tenant_id', '=', scope);
      const row = await q.executeTakeFirst();
      if (!row) throw notFound('order');
      return c.json(orderResource(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/orders',
      summary: 'Orders, newest first, with cursor pagination; filter by status or bulk batch',
      security: [{ bearer: [] }],
      request: { query: listQuery.extend({ batchId: z.string().optional() }) },
      responses: {
        200: {
          description: 'A page of orders',
          content: { 'application/json': { schema: Page(OrderResource) } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'seller', 'operator');
      const { cursor, limit, status, batchId } = c.req.valid('query');
      let q = deps.store.db
        .selectFrom('orders')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit + 1);
      const scope = tenantScope(principal);
      if (scope) q = q.where('tenant_id', '=', scope);
      if (cursor) q = q.where('id', '<', cursor);
      if (status) q = q.where('status', '=', status as never);
      if (batchId) q = q.where('batch_id', '=', batchId);
      const rows = await q.execute();
      const page = rows.slice(0, limit);
      return c.json(
        {
          data: page.map(orderResource),
          nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
        },
        200,
      );
    },
  );

  const ShipmentResource = z
    .object({
      id: z.string(),
      orderId: z.string(),
      status: z.string(),
      cost: Money,
      legs: z.array(z.unknown()),
    })
    .passthrough()
    .openapi('Shipment');
  const shipmentResource = async (row: {
    id: string;
    order_id: string;
    status: string;
    cost_amount: string | number;
    cost_currency: string;
    created_at: Date;
    updated_at: Date;
  }) => {
    const legs = await deps.store.db
      .selectFrom('legs')
      .selectAll()
      .where('shipment_id', '=', row.id)
      .orderBy('seq')
      .execute();
    return {
      id: row.id,
      orderId: row.order_id,
      status: row.status,
      cost: { amount: Number(row.cost_amount), currency: row.cost_currency },
      legs: legs.map((l) => ({
        id: l.id,
        seq: l.seq,
        activity: l.activity,
        partnerId: l.partner_id,
        serviceId: l.service_id,
        from: l.from_place,
        to: l.to_place,
        status: l.status,
        cost: { amount: Number(l.cost_amount), currency: l.cost_currency },
        partnerRef: l.partner_ref,
        reason: l.reason,
      })),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/shipments/{id}',
      summary: 'One shipment: its legs, their costs and the partner of each activity',
      security: [{ bearer: [] }],
      request: { params: idParam('shp') },
      responses: {
        200: {
          description: 'The shipment',
          content: { 'application/json': { schema: ShipmentResource } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      if (principal.role === 'partner') throw notFound('shipment');
      let q = deps.store.db
        .selectFrom('shipments')
        .selectAll()
        .where('id', '=', c.req.valid('param').id);
      const scope = tenantScope(principal);
      if (scope) q = q.where('tenant_id', '=', scope);
      const row = await q.executeTakeFirst();
      if (!row) throw notFound('shipment');
      return c.json(await shipmentResource(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/shipments',
      summary: 'Shipments, newest first, with cursor pagination; filter by order or status',
      security: [{ bearer: [] }],
      request: { query: listQuery.extend({ orderId: z.string().optional() }) },
      responses: {
        200: {
          description: 'A page of shipments',
          content: { 'application/json': { schema: Page(ShipmentResource) } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'seller', 'operator');
      const { cursor, limit, status, orderId } = c.req.valid('query');
      let q = deps.store.db
        .selectFrom('shipments')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit + 1);
      const scope = tenantScope(principal);
      if (scope) q = q.where('tenant_id', '=', scope);
      if (cursor) q = q.where('id', '<', cursor);
      if (status) q = q.where('status', '=', status);
      if (orderId) q = q.where('order_id', '=', orderId);
      const rows = await q.execute();
      const page = rows.slice(0, limit);
      return c.json(
        {
          data: await Promise.all(page.map(shipmentResource)),
          nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/keys',
      summary: 'Create an API key (operators only); the key is shown once',
      security: [{ bearer: [] }],
      request: {
        body: {
          content: {
            'application/json': {
              schema: z
                .object({
                  tenant: z.string().min(1).max(100),
                  role: z.enum(['operator', 'seller', 'partner']),
                  partnerId: z.string().optional(),
                })
                .strict()
                .openapi('KeyRequest'),
            },
          },
          required: true,
        },
      },
      responses: {
        201: {
          description: 'The new key',
          content: {
            'application/json': {
              schema: z.object({ key: z.string(), keyId: z.string(), tenantId: z.string() }),
            },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      requireRole(c.get('principal'), 'operator');
      const body = c.req.valid('json');
      if ((body.role === 'partner') !== (body.partnerId !== undefined)) {
        throw new HttpProblem(
          400,
          'Invalid request',
          'partnerId is required for a partner key and only for it',
          [{ field: 'partnerId', message: 'required exactly when role is partner' }],
        );
      }
      if (body.partnerId !== undefined && !deps.planning.network.partners.has(body.partnerId)) {
        throw new HttpProblem(400, 'Invalid request', undefined, [
          { field: 'partnerId', message: `no partner "${body.partnerId}" in the network` },
        ]);
      }
      const kind =
        body.role === 'operator' ? 'integrator' : body.role === 'partner' ? 'partner' : 'seller';
      const tenant = await deps.store.db
        .selectFrom('tenants')
        .select('kind')
        .where('name', '=', body.tenant)
        .executeTakeFirst();
      if (tenant && tenant.kind !== kind) {
        throw new HttpProblem(409, 'Conflict', undefined, [
          {
            field: 'tenant',
            message: `"${body.tenant}" is a ${tenant.kind} tenant; a ${body.role} key needs a ${kind} tenant`,
          },
        ]);
      }
      return c.json(
        await createKey(deps.store.db, deps.ids, {
          tenant: body.tenant,
          role: body.role,
          partnerId: body.partnerId,
        }),
        201,
      );
    },
  );

  registerWebhookRoutes(app, deps);
  registerBulkRoutes(app, deps);
  registerPartnerRoutes(app, deps);
  registerLandedCostRoutes(app, deps);
  registerCustomsReferenceRoutes(app, deps);
  registerSellerProfileRoutes(app, deps);
  registerExportDeclarationRoutes(app, deps);
  registerPartnerEventRoutes(app, deps);
  registerTrackingRoutes(app, deps);
  registerDocumentRoutes(app, deps);
  registerJobRoutes(app, deps);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'API key',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'partnerSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'Silkline-Signature',
    description:
      't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> with the partner’s webhook secret, and the partner named in Silkline-Partner',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Silkline API',
      version: '0.1.0',
      description: 'The value-chain logistics integrator: quotes, orders, shipments, partners.',
    },
  });
  app.get('/docs', (c) => c.html(docsPage()));
  // The buyers' tracking page: public, outside /v1 (docs/tracking.md "The buyer's page").
  registerTrackingPage(app);
  return app;
}

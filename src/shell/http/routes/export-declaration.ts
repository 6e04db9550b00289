import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { exportDeclarationSchema, exportIssueSchema } from '../../../core/customs/index.ts';
import type { Principal } from '../../auth/keys.ts';
import {
  getExportDeclaration,
  listExportDeclarations,
  type StoredExportDeclaration,
} from '../../service/export-declarations.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { COMMON_ERRORS, idParam, Page } from '../openapi-common.ts';
import { forbidden, HttpProblem, notFound } from '../problem.ts';

// The core's own schemas (plain zod): the OpenAPI document shows them inline.
const ExportDeclarationResource = z
  .object({
    id: z.string(),
    shipmentId: z.string(),
    orderId: z.string(),
    mode: z.enum(['9610', '9710', '9810']).describe('China customs supervision mode (监管方式)'),
    status: z
      .enum(['complete', 'incomplete'])
      .describe('complete: ready to file before departure; incomplete: see issues'),
    issues: z
      .array(exportIssueSchema)
      .describe('every missing or invalid field, with its path in data and the reason'),
    data: exportDeclarationSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ExportDeclaration');

const ExportDeclarationSummary = z
  .object({
    id: z.string(),
    shipmentId: z.string(),
    orderId: z.string(),
    mode: z.enum(['9610', '9710', '9810']),
    status: z.enum(['complete', 'incomplete']),
    issues: z.array(exportIssueSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ExportDeclarationSummary');

/** Operators see every tenant's; sellers their own; partners none. */
function scopeOf(p: Principal): string | null {
  if (p.role === 'partner') throw forbidden('this needs a seller or operator key');
  return p.role === 'operator' ? null : p.tenantId;
}

function summary(d: StoredExportDeclaration) {
  return {
    id: d.id,
    shipmentId: d.shipmentId,
    orderId: d.orderId,
    mode: d.mode,
    status: d.status,
    issues: [...d.issues],
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/**
 * China's export declarations (9610 data sets), built when a shipment is booked, before it
 * leaves: one per shipment whose chain clears export, with every missing field of an incomplete one.
 */
export function registerExportDeclarationRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/shipments/{id}/export-declaration',
      summary:
        "A shipment's China export declaration (9610: order, receipt, waybill and export list), with what is missing",
      security: [{ bearer: [] }],
      request: { params: idParam('shp') },
      responses: {
        200: {
          description: 'The declaration as stored when the shipment was booked',
          content: { 'application/json': { schema: ExportDeclarationResource } },
        },
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      if (principal.role === 'partner') throw notFound('shipment');
      const id = c.req.valid('param').id;
      const scope = scopeOf(principal);
      const found = await getExportDeclaration(deps.store.db, id, scope);
      if (!found) {
        let q = deps.store.db.selectFrom('shipments').select('id').where('id', '=', id);
        if (scope) q = q.where('tenant_id', '=', scope);
        if (!(await q.executeTakeFirst())) throw notFound('shipment');
        throw new HttpProblem(
          404,
          'Not found',
          'the shipment has no export declaration: it is not booked yet, or its chain clears no export (goods from overseas stock)',
        );
      }
      return c.json(
        { ...summary(found), data: found.data as z.infer<typeof exportDeclarationSchema> },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/export-declarations',
      summary:
        'China export declarations, newest first; status=incomplete lists those waiting for data, with what is missing',
      security: [{ bearer: [] }],
      request: {
        query: z.object({
          status: z.enum(['complete', 'incomplete']).optional(),
          cursor: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: {
        200: {
          description: 'A page of declarations (without their data sets)',
          content: { 'application/json': { schema: Page(ExportDeclarationSummary) } },
        },
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      const { status, cursor, limit } = c.req.valid('query');
      const page = await listExportDeclarations(deps.store.db, {
        tenantScope: scopeOf(c.get('principal')),
        status,
        cursor,
        limit,
      });
      return c.json({ data: page.data.map(summary), nextCursor: page.nextCursor }, 200);
    },
  );
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { idempotent, requestHash } from '../../service/idempotency.ts';
import {
  batchResource,
  bulkFormatOf,
  createBatch,
  inspectUpload,
  MAX_BULK_ORDERS,
} from '../../service/batches.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { COMMON_ERRORS, problemResponses } from '../openapi-common.ts';
import { forbidden, HttpProblem, notFound } from '../problem.ts';

const errors = COMMON_ERRORS;

const BatchAccepted = z
  .object({
    batchId: z.string(),
    status: z.literal('queued'),
    total: z.number().int().describe('rows counted in the upload'),
    links: z.object({ self: z.string() }),
  })
  .openapi('BatchAccepted');

const BatchError = z
  .object({
    line: z.number().int().describe('line of the upload (1 is the CSV header)'),
    field: z.string().nullable().describe('the column or JSON path at fault, when there is one'),
    message: z.string(),
  })
  .openapi('BatchError');

const Batch = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    format: z.enum(['csv', 'jsonl']),
    total: z.number().int(),
    processed: z.number().int().describe('rows handled so far (accepted + rejected)'),
    accepted: z.number().int().describe('rows stored as orders (planned, or infeasible)'),
    rejected: z.number().int().describe('rows with errors, or repeating an existing order id'),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    errors: z.array(BatchError).describe('a page of per-row errors, in line order'),
    nextErrorsCursor: z.string().nullable().describe('pass as errorsCursor for the next page'),
    links: z.object({ self: z.string() }),
  })
  .openapi('Batch');

export const BULK_PATH = '/v1/orders/bulk';

/** POST /v1/orders/bulk and GET /v1/batches/{id}: bulk uploads, planned by the plan-batch job. */
export function registerBulkRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  // Uploads have their own, larger limit (the general one in app.ts leaves this path alone).
  app.use(
    BULK_PATH,
    bodyLimit({
      maxSize: deps.maxBulkBytes,
      onError: () => {
        throw new HttpProblem(
          413,
          'Payload too large',
          `bulk uploads are limited to ${deps.maxBulkBytes} bytes`,
        );
      },
    }),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: BULK_PATH,
      summary: `Upload up to ${MAX_BULK_ORDERS} orders (CSV or JSON Lines); they are planned by a job`,
      description:
        "CSV: one single-parcel order per row with the columns of the planner's CSV contract (`order_id` is your own order id). JSON Lines: one order per line, in the model of POST /v1/orders. The upload is stored and answered at once with a batch id; `GET /v1/batches/{id}` shows progress and per-row errors. Honours `Idempotency-Key`.",
      security: [{ bearer: [] }],
      request: {
        headers: z.object({ 'idempotency-key': z.string().max(200).optional() }),
        body: {
          content: {
            // Plain schemas, not zod: the raw text is read and checked by the handler.
            'text/csv': { schema: { type: 'string' } },
            'application/x-ndjson': { schema: { type: 'string' } },
            'application/jsonl': { schema: { type: 'string' } },
          },
          required: true,
        },
      },
      responses: {
        202: {
          description: 'Accepted: the batch is queued',
          content: { 'application/json': { schema: BatchAccepted } },
        },
        ...errors,
        ...problemResponses({
          409: 'The same Idempotency-Key is still being processed',
          413: `Over the size limit or over ${MAX_BULK_ORDERS} orders`,
          415: 'Not CSV or JSON Lines',
          422: 'Idempotency-Key reused with another body',
        }),
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      if (principal.role !== 'seller') throw forbidden('this needs a seller key');
      const format = bulkFormatOf(c.req.header('content-type'));
      if (!format) {
        throw new HttpProblem(
          415,
          'Unsupported media type',
          "send text/csv (the planner's CSV contract) or application/x-ndjson (JSON Lines, also application/jsonl)",
        );
      }
      const text = await c.req.text();
      const rows = inspectUpload(format, text);
      const result = await idempotent(
        deps.store,
        principal.tenantId,
        c.req.header('idempotency-key'),
        requestHash('POST', `${BULK_PATH} ${format}`, text),
        async (trx) => {
          const batchId = await createBatch(deps, trx, principal.tenantId, format, text, rows);
          return {
            status: 202,
            body: {
              batchId,
              status: 'queued',
              total: rows,
              links: { self: `/v1/batches/${batchId}` },
            },
          };
        },
      );
      const body = result.body as z.infer<typeof BatchAccepted>;
      c.header('Idempotent-Replayed', String(result.replayed));
      c.header('Location', body.links.self);
      return c.json(body, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/batches/{id}',
      summary: 'A bulk batch: progress and its per-row errors (paginated)',
      security: [{ bearer: [] }],
      request: {
        params: z.object({
          id: z
            .string()
            .regex(/^bat_[0-9a-z]{26}$/)
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
        query: z.object({
          errorsCursor: z.string().max(40).optional(),
          errorsLimit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      responses: {
        200: { description: 'The batch', content: { 'application/json': { schema: Batch } } },
        ...errors,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      if (principal.role !== 'seller' && principal.role !== 'operator')
        throw forbidden('this needs a seller or operator key');
      const query = c.req.valid('query');
      const batch = await batchResource(
        deps,
        c.req.valid('param').id,
        principal.role === 'operator' ? null : principal.tenantId,
        query,
      );
      if (!batch) throw notFound('batch');
      return c.json(batch, 200);
    },
  );
}

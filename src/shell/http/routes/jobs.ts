// The job queue's backlog, for operators (and for whoever supervises a deployment: the crash
// test waits on it before it checks that every job ran once).
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { jobBacklog } from '../../jobs/backlog.ts';
import { rebuildBacklog } from '../../service/tracking.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { COMMON_ERRORS } from '../openapi-common.ts';
import { forbidden } from '../problem.ts';

const QueueBacklog = z
  .object({
    name: z.string(),
    created: z.number().int().describe('waiting for their first run (some scheduled later)'),
    retry: z.number().int().describe('failed at least once, waiting for the next try'),
    active: z.number().int().describe('held by a worker now'),
    failed: z.number().int().describe('out of retries: they need an operator'),
    oldestPendingSince: z.string().nullable(),
    nextStartAfter: z.string().nullable(),
  })
  .openapi('QueueBacklog');

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

export function registerJobRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs',
      summary:
        'The job queue’s backlog per queue (waiting, retrying, running, failed) and the parcels queued for a tracking rebuild (operators)',
      security: [{ bearer: [] }],
      responses: {
        200: {
          description: 'The backlog',
          content: {
            'application/json': {
              schema: z.object({
                pending: z.number().int().describe('created, retrying or active, all queues'),
                failed: z.number().int(),
                queues: z.array(QueueBacklog),
                trackingRebuilds: z
                  .object({
                    parcels: z
                      .number()
                      .int()
                      .describe(
                        'parcels queued by partner files (once for each storing transaction that queued it: the rebuilds that wait, at most)',
                      ),
                    oldestQueuedAt: z.string().nullable(),
                  })
                  .describe(
                    'Parcels whose partner-file events are stored and whose tracking is yet to be rebuilt (usually seconds behind the upload)',
                  ),
              }),
            },
          },
        },
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      if (c.get('principal').role !== 'operator') throw forbidden('this needs an operator key');
      const [backlog, rebuilds] = await Promise.all([
        jobBacklog(deps.store.db),
        rebuildBacklog(deps),
      ]);
      return c.json(
        {
          pending: backlog.pending,
          failed: backlog.failed,
          queues: backlog.queues.map((q) => ({
            ...q,
            oldestPendingSince: iso(q.oldestPendingSince),
            nextStartAfter: iso(q.nextStartAfter),
          })),
          trackingRebuilds: {
            parcels: rebuilds.parcels,
            oldestQueuedAt: iso(rebuilds.oldestQueuedAt),
          },
        },
        200,
      );
    },
  );
}

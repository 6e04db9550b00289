import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { EXCEPTION_KINDS } from '../../../core/tracking/index.ts';
import {
  listTrackingExceptions,
  listUnmappedCodes,
  publicTrackingView,
  trackingView,
} from '../../service/tracking.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { COMMON_ERRORS, problemResponses } from '../openapi-common.ts';
import { forbidden, HttpProblem } from '../problem.ts';

const numberParam = z.object({
  number: z
    .string()
    .min(1)
    .max(100)
    .openapi({
      param: { name: 'number', in: 'path' },
      description:
        'any identifier of the parcel: tracking number, S10, parcel or shipment id, a partner’s number',
    }),
});

const Place = z.object({
  name: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  coordinates: z.object({ lat: z.number(), lon: z.number() }).nullable(),
});
const Status = z.object({
  status: z.string(),
  subStatus: z.string().nullable(),
  description: z.string(),
  since: z.string().nullable(),
  terminal: z.boolean(),
});
const Eta = z
  .union([
    z.object({
      kind: z.literal('estimate'),
      earliest: z.string().describe('P10 arrival'),
      likely: z.string().describe('P50 arrival'),
      latest: z.string().describe('P90 arrival'),
      onTimeProbability: z.number().nullable(),
      promisedBy: z.string().nullable(),
    }),
    z.object({ kind: z.literal('delivered'), at: z.string(), onTime: z.boolean().nullable() }),
    z.object({ kind: z.literal('none') }),
  ])
  .openapi('TrackingEta');
const TimelineEntry = z.object({
  at: z.string(),
  localTime: z.string().describe('wall-clock time where it happened, with its offset'),
  status: z.string(),
  subStatus: z.string().nullable(),
  statusDescription: z.string(),
  description: z.string().describe('the partner’s words as sent: escape before display'),
  location: z.object({ country: z.string().nullable(), city: z.string().nullable() }),
  legSeq: z.number().int().nullable(),
});

const PublicTracking = z
  .object({
    trackingNumber: z.string(),
    status: Status,
    eta: Eta,
    destination: z.object({ country: z.string().nullable(), city: z.string().nullable() }),
    route: z.array(z.object({ seq: z.number().int(), from: Place, to: Place })),
    currentLegSeq: z.number().int().nullable(),
    timeline: z.array(TimelineEntry),
    asOf: z.string(),
  })
  .openapi('PublicTracking');

const Tracking = PublicTracking.extend({
  parcel: z.object({
    id: z.string(),
    trackingNumber: z.string(),
    s10: z.string().nullable(),
    seq: z.number().int(),
    shipmentId: z.string(),
    orderId: z.string(),
    orderRef: z.string(),
  }),
  identifiers: z.array(
    z.object({ identifier: z.string(), kind: z.string(), partnerId: z.string().nullable() }),
  ),
  route: z.array(
    z.object({
      seq: z.number().int(),
      activity: z.string(),
      partnerId: z.string(),
      partnerName: z.string().nullable(),
      serviceId: z.string(),
      status: z.string(),
      from: Place.extend({ id: z.string().nullable() }),
      to: Place.extend({ id: z.string().nullable() }),
    }),
  ),
  timeline: z.array(
    TimelineEntry.extend({
      partnerId: z.string(),
      code: z.string(),
      eventId: z.string(),
      effect: z.string(),
    }),
  ),
  exceptions: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      suggestedAction: z.string(),
      detail: z.string(),
      legSeq: z.number().int().nullable(),
      partnerId: z.string().nullable(),
      since: z.string(),
      raisedAt: z.string(),
    }),
  ),
  unmappedEvents: z.number().int(),
  etaBasis: z
    .object({
      networkLegs: z.number().int().describe('remaining legs timed by the network’s figures alone'),
      observedLegs: z
        .number()
        .int()
        .describe('remaining legs whose figures were blended with the partners’ measured history'),
      observations: z.number().int().describe('measured leg durations those were blended with'),
    })
    .nullable()
    .describe('what the ETA of the remaining legs rests on; null without an estimate'),
})
  .omit({ trackingNumber: true })
  .openapi('Tracking');

const notTracked = () =>
  new HttpProblem(404, 'Not found', 'no parcel with that number (it may not be booked yet)');

/** Reading tracking: by any identifier (sellers, operators, and the public), and operators' lists. */
export function registerTrackingRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  // Fixed paths first: they would otherwise be read as tracking numbers.
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/tracking/unmapped',
      summary: 'Partner codes no mapping table knows, with counts (operators): what to map next',
      security: [{ bearer: [] }],
      request: {
        query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      },
      responses: {
        200: {
          description: 'Unmapped codes, most frequent first',
          content: {
            'application/json': {
              schema: z.object({
                data: z.array(
                  z.object({
                    partnerId: z.string(),
                    code: z.string(),
                    reason: z.string(),
                    events: z.number().int(),
                    parcels: z.number().int(),
                    firstReceivedAt: z.string(),
                    lastReceivedAt: z.string(),
                    exampleDescription: z.string(),
                  }),
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
      return c.json({ data: await listUnmappedCodes(deps, c.req.valid('query').limit) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/tracking/exceptions',
      summary: 'Tracking exceptions with their suggested actions (operators), newest first',
      security: [{ bearer: [] }],
      request: {
        query: z.object({
          state: z.enum(['open', 'resolved', 'all']).default('open'),
          kind: z.enum(EXCEPTION_KINDS).optional(),
          cursor: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: {
        200: {
          description: 'A page of exceptions',
          content: {
            'application/json': {
              schema: z.object({
                data: z.array(
                  z
                    .object({
                      id: z.string(),
                      parcelId: z.string(),
                      trackingNumber: z.string(),
                      kind: z.string(),
                      suggestedAction: z.string(),
                      detail: z.string(),
                      raisedAt: z.string(),
                      resolvedAt: z.string().nullable(),
                    })
                    .passthrough(),
                ),
                nextCursor: z.string().nullable(),
              }),
            },
          },
        },
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      if (c.get('principal').role !== 'operator') throw forbidden('this needs an operator key');
      return c.json(await listTrackingExceptions(deps, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/tracking/{number}',
      summary:
        'A parcel’s tracking by any of its identifiers: timeline, status, ETA, route, exceptions',
      description:
        'A seller key sees its own parcels (another seller’s answers 404); an operator key sees every parcel. The timeline joins every leg’s events in order, each tagged with its leg, partner, place and local time.',
      security: [{ bearer: [] }],
      request: { params: numberParam },
      responses: {
        200: { description: 'The tracking', content: { 'application/json': { schema: Tracking } } },
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      if (principal.role === 'partner') throw notTracked();
      const view = await trackingView(
        deps,
        c.req.valid('param').number,
        principal.role === 'operator' ? null : principal.tenantId,
      );
      if (!view) throw notTracked();
      return c.json(view as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/public/tracking/{number}',
      summary:
        'What a buyer’s tracking page shows (no key): status, timeline, ETA range, route as places',
      security: [],
      description:
        'No personal data beyond the destination city and nothing of the seller’s: no names, addresses, postcodes, phones, e-mails, order references or partner codes. Event descriptions are the partners’ words as sent: pages must escape them.',
      request: { params: numberParam },
      responses: {
        200: {
          description: 'The public tracking',
          content: { 'application/json': { schema: PublicTracking } },
        },
        ...problemResponses({ 400: 'Invalid number', 404: 'No parcel with that number' }),
      },
    }),
    async (c) => {
      const view = await publicTrackingView(deps, c.req.valid('param').number);
      if (!view) throw notTracked();
      c.header('cache-control', 'public, max-age=60');
      return c.json(view as never, 200);
    },
  );
}

import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { eventFormatOfContentType } from '../../files/tracking-event-files.ts';
import {
  type EventOutcome,
  FILE_CHUNK,
  importEventFile,
  issuePartnerSecret,
  MAX_LISTED_ERRORS,
  SECRET_GRACE_MS,
  SIGNATURE_TOLERANCE_SECONDS,
  verifyPartnerSignature,
  webhookBatcher,
} from '../../service/tracking.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { COMMON_ERRORS, problemResponses } from '../openapi-common.ts';
import { forbidden, HttpProblem } from '../problem.ts';
import { bodyText } from '../raw-body.ts';

/** The signed webhook partners post events to: authenticated by its signature, not an API key. */
export const PARTNER_EVENTS_PATH = '/v1/partner/events';
export const BATCH_PATH = '/v1/partner/events/batch';
/** Names the partner whose secret signed the request. */
export const PARTNER_HEADER = 'silkline-partner';
/** One webhook request carries at most this many events. */
export const MAX_WEBHOOK_EVENTS = 1_000;

/** Requests that carry no API key: the signed partner webhook and the public tracking endpoint. */
export function skipsApiKey(method: string, path: string): boolean {
  return (
    (method === 'POST' && path === PARTNER_EVENTS_PATH) ||
    (method === 'GET' && path.startsWith('/v1/public/'))
  );
}

const EventError = z.object({ field: z.string(), message: z.string() });

const EventResultSchema = z
  .object({
    index: z.number().int().describe('the event’s place in the body (0 for a single event)'),
    result: z.enum(['recorded', 'duplicate', 'unmatched', 'unmapped', 'invalid']),
    eventId: z.string().optional(),
    code: z.string().optional().describe('unmapped: the code no mapping table lists'),
    reason: z.string().optional().describe('unmapped: unknown-code, no-table-for-partner, …'),
    errors: z.array(EventError).optional().describe('invalid: each field and why'),
    warnings: z.array(z.string()).optional(),
  })
  .openapi('PartnerEventResult');

const EventsAccepted = z
  .object({
    received: z.number().int(),
    recorded: z.number().int(),
    duplicates: z.number().int(),
    unmatched: z.number().int(),
    unmapped: z.number().int(),
    invalid: z.number().int(),
    results: z.array(EventResultSchema),
  })
  .openapi('PartnerEventsAccepted');

const ImportResult = z
  .object({
    total: z.number().int().describe('records read (the CSV header not counted)'),
    recorded: z.number().int(),
    unmatched: z.number().int(),
    unmapped: z.number().int(),
    duplicates: z.number().int(),
    invalid: z.number().int(),
    unmappedCodes: z.record(z.string(), z.number().int()),
    errors: z
      .array(z.object({ line: z.number().int(), field: z.string(), message: z.string() }))
      .describe(`line errors, at most ${MAX_LISTED_ERRORS}`),
    errorsTruncated: z.boolean(),
  })
  .openapi('PartnerEventsImport');

const PartnerEvent = z
  .object({
    eventId: z.string().describe('the partner’s own id: the same id sent again is recorded once'),
    trackingNumber: z.string().describe('any identifier of the parcel the partner knows'),
    code: z.string().describe('the partner’s own event code, mapped by its table'),
    occurredAt: z.string().describe('ISO 8601 with the offset where it happened'),
    location: z.object({ country: z.string().optional(), city: z.string().optional() }).optional(),
    description: z.string().optional(),
  })
  .openapi('PartnerEvent');

function resultOf(o: EventOutcome, index: number) {
  return {
    index,
    result: o.result,
    ...(o.eventId !== undefined ? { eventId: o.eventId } : {}),
    ...(o.code !== undefined ? { code: o.code } : {}),
    ...(o.unmappedReason !== undefined ? { reason: o.unmappedReason } : {}),
    ...(o.errors ? { errors: [...o.errors] } : {}),
    ...(o.warnings && o.warnings.length > 0 ? { warnings: [...o.warnings] } : {}),
  };
}

function counts(outcomes: readonly EventOutcome[]) {
  const n = (r: EventOutcome['result']) => outcomes.filter((o) => o.result === r).length;
  return {
    received: outcomes.length,
    recorded: n('recorded'),
    duplicates: n('duplicate'),
    unmatched: n('unmatched'),
    unmapped: n('unmapped'),
    invalid: n('invalid'),
  };
}

const SecretBody = z.object({ rotate: z.boolean().optional() }).strict();

const refused = (detail: string) => new HttpProblem(401, 'Unauthorized', detail);

const SIGNATURE_REASONS: Record<string, string> = {
  malformed: 'the Silkline-Signature header is missing or not "t=<unix seconds>,v1=<hex>"',
  mismatch: 'the signature does not match the body with this partner’s secret',
  'too-old': `the signature's timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s old`,
  'too-new': `the signature's timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s in the future`,
  'no-secret': 'this partner has no webhook secret: ask the integrator’s operators for one',
};

/** Partner events in: the signed webhook, batch files, and the operators' secret management. */
export function registerPartnerEventRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openAPIRegistry.register('PartnerEvent', PartnerEvent);
  app.use(
    BATCH_PATH,
    bodyLimit({
      maxSize: deps.maxBulkBytes,
      onError: () => {
        throw new HttpProblem(
          413,
          'Payload too large',
          `event files are limited to ${deps.maxBulkBytes} bytes: split the file`,
        );
      },
    }),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: PARTNER_EVENTS_PATH,
      summary: 'Partner webhook: one tracking event or an array, signed with the partner’s secret',
      security: [{ partnerSignature: [] }],
      description: `No API key. Headers: \`Silkline-Partner: <partnerId>\` and \`Silkline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">\` with the partner's secret (\`POST /v1/partners/{partnerId}/secret\`). A timestamp more than ${SIGNATURE_TOLERANCE_SECONDS} s from now or a bad signature is refused with 401 and nothing stored. The answer says, per event, recorded / duplicate / unmatched (kept until the number is known) / unmapped (code reported to operators) / invalid (why); a body whose every event is invalid is a 400. At most ${MAX_WEBHOOK_EVENTS} events per request.`,
      request: {
        body: {
          content: {
            // A plain schema, not zod: the handler reads the raw body (the signature covers its
            // bytes) and checks the signature before anything in it.
            'application/json': {
              schema: {
                oneOf: [
                  { $ref: '#/components/schemas/PartnerEvent' },
                  { type: 'array', items: { $ref: '#/components/schemas/PartnerEvent' } },
                ],
              },
            },
          },
          required: true,
        },
      },
      responses: {
        200: {
          description: 'Each event’s result',
          content: { 'application/json': { schema: EventsAccepted } },
        },
        ...problemResponses({
          400: 'Not JSON, not an event or array of events, or every event invalid',
          401: 'Unknown partner, no secret, bad or stale signature: nothing stored',
          413: 'Body too large',
        }),
      },
    }),
    async (c) => {
      const partnerId = c.req.header(PARTNER_HEADER)?.trim() ?? '';
      // The raw body exactly as sent: the signature covers its bytes. Its size limit is checked
      // here, not by the app's bodyLimit (which would build the web Request first).
      const raw = await bodyText(c, deps.maxBodyBytes);
      if (partnerId === '' || !deps.planning.network.partners.has(partnerId))
        throw refused(`send the partner id of the network in the Silkline-Partner header`);
      const check = await verifyPartnerSignature(
        deps.store.db,
        partnerId,
        c.req.header('silkline-signature') ?? '',
        raw,
        (deps.wallClock ?? deps.clock).now().getTime(),
      );
      if (!check.ok) throw refused(SIGNATURE_REASONS[check.reason] ?? 'bad signature');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch (e) {
        throw new HttpProblem(400, 'Invalid request', 'the body is not JSON; nothing was stored', [
          { field: '(body)', message: (e as Error).message },
        ]);
      }
      const events = Array.isArray(body) ? body : [body];
      if (
        events.length === 0 ||
        events.length > MAX_WEBHOOK_EVENTS ||
        typeof body !== 'object' ||
        body === null
      )
        throw new HttpProblem(400, 'Invalid request', 'nothing was stored', [
          {
            field: '(body)',
            message: `send one event object or an array of 1 to ${MAX_WEBHOOK_EVENTS} events`,
          },
        ]);
      const outcomes = await webhookBatcher(deps).submit(
        events.map((input) => ({ partnerId, input })),
      );
      const results = outcomes.map(resultOf);
      if (outcomes.every((o) => o.result === 'invalid')) {
        throw new HttpProblem(
          400,
          'Invalid events',
          'no event could be read; nothing was stored',
          results.flatMap((r) =>
            (r.errors ?? []).map((e) => ({
              field: Array.isArray(body) ? `[${r.index}].${e.field}` : e.field,
              message: e.message,
            })),
          ),
        );
      }
      return c.json({ ...counts(outcomes), results }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: BATCH_PATH,
      summary: 'Upload a file of tracking events (CSV or JSON Lines), with the partner’s API key',
      description: `CSV: a header and one event per row, columns eventId, trackingNumber, code, occurredAt, country, city, description (any case; snake_case too). JSON Lines: one event object per line, as for the webhook. The file is read as a stream and stored ${FILE_CHUNK.toLocaleString('en-US')} events at a time (on PostgreSQL as two transactions, split by tracking number); lines that cannot be read or validated are reported by line number and the rest are kept. Sending the file again records only what is missing. The events are stored and matched when the answer comes; their parcels' status, ETA and exceptions follow within seconds (rebuilt once for every file of a window; \`GET /v1/jobs\` shows the parcels still queued).`,
      security: [{ bearer: [] }],
      request: {
        body: {
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/x-ndjson': { schema: { type: 'string' } },
            'application/jsonl': { schema: { type: 'string' } },
          },
          required: true,
        },
      },
      responses: {
        200: {
          description: 'What became of the file’s events',
          content: { 'application/json': { schema: ImportResult } },
        },
        ...COMMON_ERRORS,
        ...problemResponses({ 413: 'Over the size limit', 415: 'Not CSV or JSON Lines' }),
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      if (principal.role !== 'partner' || !principal.partnerId)
        throw forbidden('this needs a partner key');
      const format = eventFormatOfContentType(c.req.header('content-type'));
      if (!format)
        throw new HttpProblem(
          415,
          'Unsupported media type',
          'send text/csv or application/x-ndjson (JSON Lines, also application/jsonl)',
        );
      const body = c.req.raw.body;
      if (!body) throw new HttpProblem(400, 'Invalid upload', 'the upload is empty');
      const summary = await importEventFile(
        deps,
        principal.partnerId,
        format,
        Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>),
      );
      return c.json(summary, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/partners/{partnerId}/secret',
      summary: 'Create or rotate a partner’s webhook secret (operators); the secret is shown once',
      description: `Body (optional): \`{"rotate": true}\`. Without \`rotate\`, a partner that already has a secret gets 409. With \`?rotate=true\` (or \`{"rotate": true}\`), a new secret replaces the current one, which is still accepted for ${SECRET_GRACE_MS / 3_600_000} hours so the partner can switch without losing events.`,
      security: [{ bearer: [] }],
      request: {
        params: z.object({
          partnerId: z
            .string()
            .max(100)
            .openapi({ param: { name: 'partnerId', in: 'path' } }),
        }),
        query: z.object({ rotate: z.enum(['true', 'false']).optional() }),
      },
      responses: {
        201: {
          description: 'The new secret (shown once)',
          content: {
            'application/json': {
              schema: z
                .object({
                  partnerId: z.string(),
                  secret: z.string(),
                  createdAt: z.string(),
                  previousValidUntil: z.string().nullable(),
                })
                .openapi('PartnerSecret'),
            },
          },
        },
        ...COMMON_ERRORS,
        ...problemResponses({ 409: 'The partner has a secret: rotate it' }),
      },
    }),
    async (c) => {
      if (c.get('principal').role !== 'operator') throw forbidden('this needs an operator key');
      const { partnerId } = c.req.valid('param');
      if (!deps.planning.network.partners.has(partnerId))
        throw new HttpProblem(404, 'Not found', `no partner "${partnerId}" in the network`);
      const query = c.req.valid('query');
      // The flag may also come as an optional JSON body {"rotate": true} (read here: no body is fine).
      const text = await c.req.text();
      let bodyRotate = false;
      if (text.trim() !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const flag = SecretBody.safeParse(parsed);
        if (!flag.success)
          throw new HttpProblem(400, 'Invalid request', 'nothing was changed', [
            { field: 'rotate', message: 'the body, when sent, is {"rotate": true|false}' },
          ]);
        bodyRotate = flag.data.rotate === true;
      }
      const rotate = query.rotate === 'true' || bodyRotate;
      const issued = await issuePartnerSecret(
        { db: deps.store.db, ids: deps.ids, now: deps.clock.now() },
        partnerId,
        { rotate },
      );
      if (!issued.ok)
        throw new HttpProblem(409, 'Conflict', `partner "${partnerId}" has a secret already`, [
          {
            field: 'rotate',
            message: 'pass ?rotate=true to replace it (the old one stays valid for a grace period)',
          },
        ]);
      const { ok: _ok, ...secret } = issued;
      return c.json(secret, 201);
    },
  );
}

// Delivering one webhook: POST the event, signed, to the endpoint; 2xx is delivered, anything
// else is retried with exponential backoff (a new job with startAfter, enqueued in the same
// transaction that records the attempt) until maxAttempts, then failed. At-least-once: a crash
// between the POST and the commit repeats the POST, with the same event id.
import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { AppDeps } from '../http/context.ts';
import { blockedAddressReason, isIpLiteral } from './address-guard.ts';
import { retryDelaySeconds, type WebhookConfig } from './config.ts';
import { signatureHeader } from './signature.ts';

export type WebhookDeps = Pick<AppDeps, 'store' | 'queue' | 'clock' | 'wallClock'>;

/** A refused target: the delivery is not attempted on the network. */
export class WebhookTargetRefused extends Error {}

export type PostOutcome =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly status: number | null; readonly error: string };

/**
 * A DNS lookup that refuses private results (unless allowed). The connection then uses exactly
 * the addresses checked here, so a name that re-binds to a private address between a check and
 * the connect cannot slip through.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as LookupAddress[];
      if (!allowPrivate) {
        for (const a of list) {
          const reason = blockedAddressReason(a.address);
          if (reason !== null)
            return callback(
              new WebhookTargetRefused(
                `refused: ${hostname} resolves to a ${reason} address (${a.address})`,
              ) as NodeJS.ErrnoException,
              '',
              0,
            );
        }
      }
      if (list.length === 0)
        return callback(new Error(`${hostname} has no address`) as NodeJS.ErrnoException, '', 0);
      if ((options as { all?: boolean }).all) return callback(null, list as never);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** POSTs a body to a URL within timeoutMs; no redirects are followed (a 3xx is a failure). */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<PostOutcome> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, status: null, error: 'invalid URL' };
  }
  // An IP literal is connected to without a lookup: check it here.
  if (!options.allowPrivate && isIpLiteral(target.hostname)) {
    const reason = blockedAddressReason(target.hostname);
    if (reason !== null)
      return {
        ok: false,
        status: null,
        error: `refused: ${target.hostname} is a ${reason} address`,
      };
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(options.allowPrivate),
      agent: false,
    });
    const timer = setTimeout(() => {
      done({ ok: false, status: null, error: `timed out after ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    let settled = false;
    const done = (o: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    req.on('error', (e) => done({ ok: false, status: null, error: e.message }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      // Read (and drop) the response so the connection ends cleanly; keep nothing from it.
      res.on('data', () => undefined);
      res.on('error', (e) => done({ ok: false, status, error: e.message }));
      res.on('close', () => done({ ok: false, status, error: 'the response was cut off' }));
      res.on('end', () =>
        done(
          status >= 200 && status < 300
            ? { ok: true, status }
            : { ok: false, status, error: `HTTP ${status}` },
        ),
      );
    });
    req.end(body);
  });
}

/** The body POSTed for an event: the same bytes on every attempt. */
export function eventBody(event: {
  id: string;
  type: string;
  created_at: Date;
  payload: unknown;
}): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.created_at.toISOString(),
    data: event.payload,
  });
}

export type DeliveryResult = 'delivered' | 'retry' | 'failed' | 'skipped';

/** The 'deliver-webhook' job: one attempt at one delivery. Idempotent on a finished delivery. */
export async function deliverWebhook(
  deps: WebhookDeps,
  config: WebhookConfig,
  deliveryId: string,
): Promise<DeliveryResult> {
  const db = deps.store.db;
  const row = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.state',
      'd.attempts',
      'w.url',
      'w.secret',
      'w.allow_private',
      'w.deleted_at',
      'e.id as event_id',
      'e.type',
      'e.payload',
      'e.created_at',
    ])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row || row.state !== 'pending') return 'skipped';
  if (row.deleted_at !== null) {
    await db
      .updateTable('webhook_deliveries')
      .set({ state: 'failed', last_error: 'endpoint deleted', next_attempt_at: null })
      .where('id', '=', deliveryId)
      .where('state', '=', 'pending')
      .execute();
    return 'failed';
  }
  const body = eventBody({
    id: row.event_id,
    type: row.type,
    created_at: row.created_at,
    payload: row.payload,
  });
  const t = Math.floor((deps.wallClock ?? deps.clock).now().getTime() / 1000);
  const outcome = await postWebhook(
    row.url,
    {
      'content-type': 'application/json',
      'user-agent': 'Silkline-Webhooks/1',
      'silkline-event-id': row.event_id,
      'silkline-signature': signatureHeader(row.secret, t, body),
    },
    body,
    // Private targets need both the endpoint's mark and this process's development flag.
    { allowPrivate: row.allow_private && config.allowPrivate, timeoutMs: config.timeoutMs },
  );
  const attempts = row.attempts + 1;
  const now = deps.clock.now();
  return db.transaction().execute(async (trx) => {
    const base = trx
      .updateTable('webhook_deliveries')
      .where('id', '=', deliveryId)
      .where('state', '=', 'pending')
      .where('attempts', '=', row.attempts);
    if (outcome.ok) {
      await base
        .set({
          state: 'delivered',
          attempts,
          last_status: outcome.status,
          last_error: null,
          next_attempt_at: null,
          delivered_at: now,
        })
        .execute();
      return 'delivered';
    }
    const error = outcome.error.slice(0, 500);
    if (attempts >= config.maxAttempts || !deps.queue) {
      await base
        .set({
          state: 'failed',
          attempts,
          last_status: outcome.status,
          last_error: error,
          next_attempt_at: null,
        })
        .execute();
      return 'failed';
    }
    const delay = retryDelaySeconds(config, attempts);
    const r = await base
      .set({
        attempts,
        last_status: outcome.status,
        last_error: error,
        next_attempt_at: new Date(now.getTime() + delay * 1000),
      })
      .executeTakeFirst();
    // Another run recorded this attempt already: it has scheduled the next one.
    if (Number(r.numUpdatedRows) === 0) return 'skipped';
    await deps.queue.enqueue(trx, 'deliver-webhook', { deliveryId }, { startAfterSeconds: delay });
    return 'retry';
  });
}

/** Registers the 'deliver-webhook' worker on the queue (what runtime.ts runs with its workers). */
export async function startWebhookWorker(deps: WebhookDeps, config: WebhookConfig): Promise<void> {
  if (!deps.queue) throw new Error('webhook delivery needs the job queue');
  await deps.queue.boss.work<{ deliveryId: string }>(
    'deliver-webhook',
    // A slow receiver (up to the timeout) should not hold up every other delivery.
    { batchSize: 1, pollingIntervalSeconds: 0.5, localConcurrency: 4 } as never,
    async (jobs) => {
      for (const job of jobs) await deliverWebhook(deps, config, job.data.deliveryId);
    },
  );
}

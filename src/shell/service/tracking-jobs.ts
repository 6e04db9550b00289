// Tracking's background work: polling partners that have a tracking API (their events go in
// through the same path as webhooks and files), and a sweep that rebuilds open parcels nobody has
// touched for a while, so silences, legs over their P90, ETA drift and expiry are noticed without
// an event.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDeps } from '../http/context.ts';
import type { AdapterRegistry, PartnerAdapter, PartnerEvent } from '../partners/adapter.ts';
import { trackingContext } from './tracking-context.ts';
import { ensureLegHistory, HISTORY_REFRESH_MS } from './tracking-history.ts';
import { type EventOutcome, ingestEvents } from './tracking-ingest.ts';
import { queuedRebuilder } from './tracking-rebuild-queue.ts';
import { withRetry } from './tracking-retry.ts';
import { rebuildParcels, type TrackingDeps } from './tracking-rebuild.ts';

/** A first poll reads this far back. */
const FIRST_POLL_LOOKBACK_MS = 7 * 86_400_000;

/** An event id for an API that gives none: the event's content, so a re-read repeats the same id. */
export function polledEventId(e: PartnerEvent): string {
  if (e.eventId) return e.eventId;
  const content = JSON.stringify([e.partnerRef, e.code, e.occurredAt, e.description]);
  return `poll-${createHash('sha256').update(content).digest('hex').slice(0, 32)}`;
}

/**
 * Polls one partner: events since the stored cursor, ingested as any others (duplicates of what
 * webhooks or files brought are recorded once), then the cursor moves to the latest event's time.
 * The next poll starts at that instant again: events stamped in the same second are re-read and
 * found duplicate rather than missed.
 */
export async function pollPartnerEvents(
  deps: TrackingDeps,
  adapter: PartnerAdapter,
  partnerId: string,
): Promise<{ readonly fetched: number; readonly outcomes: readonly EventOutcome[] }> {
  const now = deps.clock.now();
  const cursor = await deps.store.db
    .selectFrom('partner_poll_cursors')
    .select('cursor')
    .where('partner_id', '=', partnerId)
    .executeTakeFirst();
  const since = cursor?.cursor ?? new Date(now.getTime() - FIRST_POLL_LOOKBACK_MS).toISOString();
  let events: readonly PartnerEvent[];
  try {
    events = await adapter.fetchEvents(since);
  } catch (e) {
    await saveCursor(deps, partnerId, since, now, (e as Error).message ?? String(e));
    throw e;
  }
  const outcomes = await ingestEvents(
    deps,
    partnerId,
    events.map((e) => ({
      eventId: polledEventId(e),
      trackingNumber: e.partnerRef,
      code: e.code,
      occurredAt: e.occurredAt,
      location: e.location ?? null,
      description: e.description,
    })),
    'poll',
  );
  let latest = Date.parse(since);
  for (const e of events) {
    const at = Date.parse(e.occurredAt);
    if (Number.isFinite(at) && at > latest) latest = at;
  }
  await saveCursor(deps, partnerId, new Date(latest).toISOString(), now, null);
  return { fetched: events.length, outcomes };
}

async function saveCursor(
  deps: TrackingDeps,
  partnerId: string,
  cursor: string,
  now: Date,
  error: string | null,
): Promise<void> {
  await deps.store.db
    .insertInto('partner_poll_cursors')
    .values({ partner_id: partnerId, cursor, polled_at: now, last_error: error })
    .onConflict((oc) =>
      oc.column('partner_id').doUpdateSet({ cursor, polled_at: now, last_error: error }),
    )
    .execute();
}

/** Open parcels untouched for this long are rebuilt by the sweep. */
export const SWEEP_STALE_MS = 60 * 60_000;
const SWEEP_BATCH = 500;

/** Rebuilds open parcels whose tracking was last rebuilt over SWEEP_STALE_MS ago; returns how many. */
export async function sweepTracking(deps: TrackingDeps, maxParcels = 20_000): Promise<number> {
  const ctx = await trackingContext(deps.planning.network);
  // The ETAs it recomputes lean on the partners' measured history: read it again when due.
  await ensureLegHistory(deps);
  // Parcels a file queued and no process rebuilt (the one that stored them stopped first).
  await queuedRebuilder(deps).settle();
  let done = 0;
  while (done < maxParcels) {
    const before = new Date(deps.clock.now().getTime() - SWEEP_STALE_MS).toISOString();
    const { rows } = await sql<{ parcel_id: string }>`
      select parcel_id from tracking_state
      where status not in ('delivered', 'lost', 'cancelled') and updated_at < ${before}::timestamptz
      order by updated_at limit ${SWEEP_BATCH}`.execute(deps.store.db);
    if (rows.length === 0) break;
    await withRetry(deps, (trx) =>
      rebuildParcels(
        deps,
        ctx,
        trx,
        rows.map((r) => r.parcel_id),
      ),
    );
    done += rows.length;
    if (rows.length < SWEEP_BATCH) break;
  }
  return done;
}

/** How often the runtime enqueues the sweep, and checks which partners are due a poll. */
const SWEEP_EVERY_MS = 15 * 60_000;
const POLL_CHECK_MS = 30_000;

/**
 * Starts the tracking workers of a runtime with a queue: the poll and sweep jobs, and the timers
 * that enqueue them (each with a singleton key, so slow runs do not pile up). Returns the stop.
 */
export async function startTrackingWorkers(
  deps: AppDeps,
  adapters: AdapterRegistry,
): Promise<() => void> {
  const queue = deps.queue;
  if (!queue) return () => {};
  await queue.boss.work<{ partnerId: string }>(
    'poll-partner-events',
    { batchSize: 1, pollingIntervalSeconds: 1 } as never,
    async (jobs) => {
      for (const job of jobs)
        await pollPartnerEvents(deps, adapters(job.data.partnerId), job.data.partnerId);
    },
  );
  await queue.boss.work<Record<string, never>>(
    'tracking-sweep',
    { batchSize: 1, pollingIntervalSeconds: 5 } as never,
    async () => {
      await sweepTracking(deps);
    },
  );
  const lastPoll = new Map<string, number>();
  const enqueue = async (name: 'poll-partner-events' | 'tracking-sweep', partnerId?: string) => {
    await deps.store.db.transaction().execute(async (trx) => {
      if (name === 'tracking-sweep')
        await queue.enqueue(trx, name, {}, { singletonKey: 'tracking-sweep' });
      else await queue.enqueue(trx, name, { partnerId: partnerId! }, { singletonKey: partnerId! });
    });
  };
  const pollDue = async () => {
    const now = deps.clock.now().getTime();
    for (const partnerId of deps.planning.network.partners.keys()) {
      const every = adapters(partnerId).tracking?.pollEverySeconds;
      if (every === undefined) continue;
      if (now - (lastPoll.get(partnerId) ?? 0) < every * 1000) continue;
      lastPoll.set(partnerId, now);
      await enqueue('poll-partner-events', partnerId);
    }
  };
  const report = (e: unknown) =>
    process.stderr.write(`silkline tracking: ${(e as Error).message ?? String(e)}\n`);
  const pollTimer = setInterval(() => void pollDue().catch(report), POLL_CHECK_MS);
  const sweepTimer = setInterval(
    () => void enqueue('tracking-sweep').catch(report),
    SWEEP_EVERY_MS,
  );
  // Each process keeps its own copy of the partners' measured history (tracking-history.ts).
  const historyTimer = setInterval(() => void ensureLegHistory(deps), HISTORY_REFRESH_MS);
  pollTimer.unref();
  sweepTimer.unref();
  historyTimer.unref();
  void pollDue().catch(report);
  void ensureLegHistory(deps);
  queuedRebuilder(deps).kick();
  return () => {
    clearInterval(pollTimer);
    clearInterval(sweepTimer);
    clearInterval(historyTimer);
  };
}

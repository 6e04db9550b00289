// Partner files' parcels are rebuilt a moment after their events are stored, not in the storing
// transaction: each partner's daily file names many of the parcels the others' files of the same
// day name, and a parcel queued by several files before its turn is rebuilt once for all of them.
// The queue is a table written with the events and emptied by the rebuild's own transaction, so a
// crash between the two loses nothing: what is left is rebuilt from the store by the next pass of
// any process. Webhook and polled events are still rebuilt in their own transaction.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { TrackingEvent } from '../../core/tracking/index.ts';
import { prepared } from '../db/prepared.ts';
import type { DB } from '../db/schema.ts';
import { trackingContext } from './tracking-context.ts';
import { withRetry } from './tracking-retry.ts';
import { forgetParcels, rebuildParcels, type TrackingDeps } from './tracking-rebuild.ts';

/**
 * Queue rows a pass claims at most (with every other row of their parcels): about the parcels a
 * 10,000-line chunk of a file touched when it rebuilt its own.
 */
export const PASS_ROWS = 5_000;

/**
 * A batch whose rows no pass of this process claimed for this long is forgotten (another process
 * claimed them, or its transaction rolled back): its parcels are then read back from the store.
 */
const PENDING_TTL_MS = 15 * 60_000;

/** What a storing transaction left for this process's passes: its events by parcel. */
interface PendingBatch {
  readonly at: number;
  readonly parcels: Map<string, readonly TrackingEvent[]>;
}

interface Registry {
  /** This process's, per store: batch ids are `${token}.${n}`. */
  readonly token: string;
  n: number;
  readonly batches: Map<string, PendingBatch>;
}

const registries = new WeakMap<object, Registry>();

function registry(deps: TrackingDeps): Registry {
  let r = registries.get(deps.store);
  if (!r) registries.set(deps.store, (r = { token: randomUUID(), n: 0, batches: new Map() }));
  return r;
}

/** Batches kept in memory for the passes (for tests and benchmarks). */
export function pendingBatches(deps: TrackingDeps): number {
  return registry(deps).batches.size;
}

/**
 * In the transaction that stored the events: queues their parcels for a rebuild, and keeps the
 * events in this process under the transaction's batch id, so the pass that claims the rows needs
 * nothing read back. The events are kept before the commit, so they are there whenever a pass can
 * see the rows; a rolled-back batch's are never claimed and age out.
 */
export async function queueRebuilds(
  deps: TrackingDeps,
  trx: Transaction<DB>,
  added: ReadonlyMap<string, readonly TrackingEvent[]>,
  afterCommit: (fn: () => void) => void,
): Promise<void> {
  if (added.size === 0) return;
  const reg = registry(deps);
  const batch = `${reg.token}.${++reg.n}`;
  const parcelIds = [...added.keys()].sort();
  await prepared(sql`
    insert into tracking_rebuild_queue (parcel_id, batch, queued_at)
    select p, ${batch}, ${deps.clock.now().toISOString()}::timestamptz
    from unnest(${parcelIds}::text[]) as p`).execute(trx);
  reg.batches.set(batch, { at: performance.now(), parcels: new Map(added) });
  afterCommit(() => queuedRebuilder(deps).kick());
}

/** What passes did in this process (for benchmarks and tests). */
export const queueStats = {
  passes: 0,
  /** Parcels rebuilt by passes. */
  parcels: 0,
  /** Queue rows those passes claimed (a parcel queued by several batches has several). */
  rows: 0,
  /** Parcels read back from the store because a batch's events were not in this process. */
  readBack: 0,
};

/**
 * One pass: claims the oldest queue rows (skipping rows another pass holds) and every other row
 * of their parcels, and rebuilds those parcels in the same transaction. A parcel all of whose
 * batches this process stored is rebuilt from its cached timeline and those events; any other is
 * read back from the store. Returns the parcels rebuilt (0: nothing was queued).
 */
export async function rebuildQueuedOnce(
  deps: TrackingDeps,
  options: {
    /** Queue rows claimed at most (with every other row of their parcels). */
    readonly limit?: number;
    /** Only parcels queued up to this row (later ones wait for the next drain). */
    readonly upToSeq?: number | null;
    /**
     * Only the parcels of this share of the queue (by a hash of the parcel id): passes running at
     * once over different shares never claim the same parcel, so never wait for each other.
     */
    readonly share?: { readonly index: number; readonly of: number };
  } = {},
): Promise<number> {
  const limit = options.limit ?? PASS_ROWS;
  const upToSeq = options.upToSeq ?? null;
  const share = options.share && options.share.of > 1 ? options.share : null;
  const ctx = await trackingContext(deps.planning.network);
  const reg = registry(deps);
  const now = performance.now();
  for (const [id, b] of reg.batches) if (now - b.at > PENDING_TTL_MS) reg.batches.delete(id);
  return withRetry(deps, async (trx, afterCommit) => {
    const { rows } = await prepared(sql<{ parcel_id: string; batches: string[] }>`
      with picked as (
        select parcel_id from tracking_rebuild_queue
        where ${upToSeq === null ? sql`true` : sql`seq <= ${upToSeq}::bigint`}
          and ${share === null ? sql`true` : sql`abs(hashtext(parcel_id) % ${share.of}::int) = ${share.index}::int`}
        order by seq limit ${limit}
        for update skip locked),
      claimed as (
        delete from tracking_rebuild_queue q
        where q.parcel_id in (select parcel_id from picked)
        returning q.parcel_id, q.batch, q.seq)
      select parcel_id, array_agg(batch order by seq) as batches
      from claimed group by parcel_id order by parcel_id`).execute(trx);
    if (rows.length === 0) return 0;
    const added = new Map<string, TrackingEvent[]>();
    const unknown: string[] = [];
    let claimedRows = 0;
    for (const r of rows) {
      claimedRows += r.batches.length;
      const events: TrackingEvent[] = [];
      let known = true;
      for (const b of r.batches) {
        const list = reg.batches.get(b)?.parcels.get(r.parcel_id);
        if (list === undefined) {
          known = false;
          break;
        }
        events.push(...list);
      }
      if (known) added.set(r.parcel_id, events);
      else unknown.push(r.parcel_id);
    }
    // Its cached copy may lack another process's events: read back under the row lock.
    forgetParcels(deps, unknown);
    await rebuildParcels(
      deps,
      ctx,
      trx,
      rows.map((r) => r.parcel_id),
      { added, afterCommit },
    );
    afterCommit(() => {
      queueStats.passes++;
      queueStats.parcels += rows.length;
      queueStats.rows += claimedRows;
      queueStats.readBack += unknown.length;
      for (const r of rows)
        for (const b of r.batches) {
          const batch = reg.batches.get(b);
          if (!batch) continue;
          batch.parcels.delete(r.parcel_id);
          if (batch.parcels.size === 0) reg.batches.delete(b);
        }
    });
    return rows.length;
  });
}

/** Queued parcels, and when the oldest was queued (operators; the benchmark waits for none). */
export async function rebuildBacklog(
  deps: Pick<TrackingDeps, 'store'>,
): Promise<{ readonly parcels: number; readonly oldestQueuedAt: Date | null }> {
  const { rows } = await sql<{ parcels: number; oldest: Date | null }>`
    select count(distinct parcel_id)::int as parcels, min(queued_at) as oldest
    from tracking_rebuild_queue`.execute(deps.store.db);
  return { parcels: rows[0]?.parcels ?? 0, oldestQueuedAt: rows[0]?.oldest ?? null };
}

/** After a failed drain, the next waits this long, doubling up to the maximum. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 60_000;

/**
 * While files are being imported, the queue is drained this often: a parcel the files of one
 * such window name is rebuilt once for all of them. Its events are stored and shown at once; its
 * status, ETA, exceptions and legs follow within this time (AppDeps.trackingRebuildDelayMs).
 */
export const DEFAULT_REBUILD_DELAY_MS = 2_000;

/**
 * Once the last import ends, the queue is drained after this pause, unless another import begins
 * first (a partner sending its files one after another).
 */
const IDLE_GRACE_MS = 100;

/**
 * This process's drains of a store's queue, one at a time. While this process imports files, a
 * drain starts every so often (trackingRebuildDelayMs) and rebuilds what was queued when it began;
 * otherwise it starts as soon as a storing transaction commits and goes on until nothing is
 * queued. A failed drain is reported and tried again later; its rows stay queued.
 */
export class QueuedRebuilder {
  private readonly deps: TrackingDeps;
  private readonly delayMs: number;
  private readonly concurrency: number;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private imports = 0;
  private failures = 0;
  private stopped = false;

  constructor(deps: TrackingDeps) {
    this.deps = deps;
    this.delayMs = deps.trackingRebuildDelayMs ?? DEFAULT_REBUILD_DELAY_MS;
    // On PostgreSQL two passes at once once imports end: this process's work on one overlaps the
    // server's on the other (as a file's two transactions do). PGlite runs one statement at a time.
    this.concurrency = deps.store.kind === 'postgres' ? 2 : 1;
  }

  /** A file's import begins: drains wait for their window rather than follow each commit. */
  importStarted(): void {
    this.imports++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** A file's import ended (stored or failed). */
  importEnded(): void {
    this.imports = Math.max(0, this.imports - 1);
    if (this.imports > 0 || this.stopped) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      // A drain waiting for the end of its window need not wait any longer.
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.kick();
    }, IDLE_GRACE_MS);
  }

  /** Asks for a drain: at once when no file is being imported, else at the end of the window. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.start();
      },
      this.imports > 0 ? this.delayMs : 0,
    );
  }

  private start(): void {
    if (this.stopped || this.running) return;
    this.running = this.drain()
      .then(() => {
        this.failures = 0;
      })
      .catch((e: unknown) => {
        this.failures++;
        process.stderr.write(
          `silkline tracking: rebuilding queued parcels: ${(e as Error).message ?? String(e)}\n`,
        );
        if (this.stopped) return;
        const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.failures - 1));
        this.timer = setTimeout(() => {
          this.timer = null;
          this.start();
        }, wait);
        this.timer.unref();
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Passes until none claims anything; during imports, over what was queued when it began. */
  private async drain(): Promise<void> {
    this.again = false;
    const upToSeq = this.imports > 0 ? await lastQueuedSeq(this.deps) : null;
    if (upToSeq === undefined) return;
    // During imports one pass at a time: the slower the drain, the more files a parcel's
    // rebuild serves (a second pass cost more than it saved); after them, as fast as can be.
    const of = upToSeq === null ? this.concurrency : 1;
    await Promise.all(
      Array.from({ length: of }, async (_, index) => {
        const share = { index, of };
        while ((await rebuildQueuedOnce(this.deps, { upToSeq, share })) > 0)
          if (this.stopped) return;
      }),
    );
  }

  /**
   * Rebuilds until nothing is queued (this process's passes and any left by others): for a
   * command that imports a file and exits, and for tests.
   */
  async settle(): Promise<void> {
    if (this.running) await this.running;
    while ((await rebuildQueuedOnce(this.deps)) > 0);
  }

  /** Passes start again (after stop), at once if anything was queued meanwhile. */
  resume(): void {
    this.stopped = false;
    this.kick();
  }

  /** Lets the running pass end and starts no other; what is queued stays for the next process. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.timer, this.idleTimer]) if (t) clearTimeout(t);
    this.timer = null;
    this.idleTimer = null;
    if (this.running) await this.running;
  }
}

/** The newest queue row's seq; undefined when nothing is queued. */
async function lastQueuedSeq(deps: TrackingDeps): Promise<number | undefined> {
  const { rows } = await prepared(sql<{ seq: string | number | null }>`
    select max(seq) as seq from tracking_rebuild_queue`).execute(deps.store.db);
  const seq = rows[0]?.seq;
  return seq === null || seq === undefined ? undefined : Number(seq);
}

const rebuilders = new WeakMap<object, QueuedRebuilder>();

/** The process's passes over these deps' store. */
export function queuedRebuilder(deps: TrackingDeps): QueuedRebuilder {
  let r = rebuilders.get(deps.store);
  if (!r) rebuilders.set(deps.store, (r = new QueuedRebuilder(deps)));
  return r;
}

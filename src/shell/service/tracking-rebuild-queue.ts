// Partner files' parcels are rebuilt a moment after their events are stored, not in the storing
// transaction: each partner's daily file names many of the parcels the others' files of the same
// day name, and a parcel queued by several files before its turn is rebuilt once for all of them.
// The queue is a table written with the events (a row per storing transaction and share of
// parcels, with their ids) and emptied by the rebuild's own transaction, so a crash between the
// two loses nothing: what is left is rebuilt from the store by the next pass of any process.
// Webhook and polled events are still rebuilt in their own transaction.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { fnv1a32 } from '../../core/shared/index.ts';
import type { TrackingEvent } from '../../core/tracking/index.ts';
import { arrayLiteral } from '../db/pg-arrays.ts';
import { prepared } from '../db/prepared.ts';
import type { DB } from '../db/schema.ts';
import { trackingContext } from './tracking-context.ts';
import { withRetry } from './tracking-retry.ts';
import { forgetParcels, rebuildParcels, type TrackingDeps } from './tracking-rebuild.ts';

/**
 * Queue rows a pass claims at most, all rebuilt in its transaction: each a storing transaction's
 * share of parcels (a file's 5,000-event transaction names about 2,500), so up to a few hundred
 * thousand parcel entries. A window's rows in one pass: a parcel in two passes of one drain is
 * rebuilt twice (bench/tracking: 0.31 parcels rebuilt per line with 64 rows a pass and 10-second
 * windows, 0.19 with 1,024 and 5-second ones).
 */
export const PASS_ROWS = 128;

/** Parcels a pass rebuilds at a time, in its one transaction. */
const REBUILD_SLICE = 5_000;

/**
 * A storing transaction's parcels are queued in this many rows, by a hash of the parcel id: passes
 * running at once over different shares never claim the same parcel, so never wait for each other.
 */
export const QUEUE_SHARES = 2;

export function shareOf(parcelId: string): number {
  return fnv1a32(parcelId) % QUEUE_SHARES;
}

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
  const shares = Array.from({ length: QUEUE_SHARES }, () => [] as string[]);
  for (const id of added.keys()) shares[shareOf(id)]!.push(id);
  const rows = shares
    .map((ids, share) => ({ share, ids: arrayLiteral(ids) }))
    .filter((r) => r.ids !== '{}');
  await prepared(sql`
    insert into tracking_rebuild_queue (batch, share, parcel_ids, queued_at)
    select ${batch}, r.share, r.ids::text[], ${deps.clock.now().toISOString()}::timestamptz
    from unnest(${rows.map((r) => r.share)}::int[], ${rows.map((r) => r.ids)}::text[])
      as r(share, ids)`).execute(trx);
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
 * One pass: claims the oldest queue rows (skipping rows another pass holds), deletes them and
 * rebuilds their parcels, each once, in the same transaction. A parcel all of whose batches this
 * process stored is rebuilt from its cached timeline and those events; any other is read back
 * from the store. Returns the parcels rebuilt (0: nothing was queued).
 */
export async function rebuildQueuedOnce(
  deps: TrackingDeps,
  options: PassOptions = {},
): Promise<number> {
  return (await pass(deps, options)).parcels;
}

interface PassOptions {
  /** Queue rows claimed at most. */
  readonly limit?: number;
  /** Only the rows of this share of parcels (QUEUE_SHARES); absent: every share. */
  readonly share?: number | null;
}

/** rebuildQueuedOnce, which also says how many queue rows it claimed. */
async function pass(
  deps: TrackingDeps,
  options: PassOptions,
): Promise<{ readonly parcels: number; readonly rows: number }> {
  const limit = options.limit ?? PASS_ROWS;
  const share = options.share ?? null;
  const ctx = await trackingContext(deps.planning.network);
  const reg = registry(deps);
  const now = performance.now();
  for (const [id, b] of reg.batches) if (now - b.at > PENDING_TTL_MS) reg.batches.delete(id);
  return withRetry(deps, async (trx, afterCommit) => {
    const { rows } = await prepared(sql<{ batch: string; parcel_ids: string[] }>`
      delete from tracking_rebuild_queue where seq in (
        select seq from tracking_rebuild_queue
        where ${share === null ? sql`true` : sql`share = ${share}::int`}
        order by seq limit ${limit}
        for update skip locked)
      returning batch, parcel_ids`).execute(trx);
    if (rows.length === 0) return { parcels: 0, rows: 0 };
    // Each parcel's events from every claimed batch, oldest first; null: some batch is not here.
    const events = new Map<string, TrackingEvent[] | null>();
    let claimed = 0;
    for (const r of rows) {
      const batch = reg.batches.get(r.batch);
      for (const id of r.parcel_ids) {
        claimed++;
        const list = batch?.parcels.get(id);
        const sofar = events.get(id);
        if (list === undefined) events.set(id, null);
        else if (sofar === undefined) events.set(id, [...list]);
        else if (sofar !== null) sofar.push(...list);
      }
    }
    const added = new Map<string, TrackingEvent[]>();
    const unknown: string[] = [];
    for (const [id, list] of events) {
      if (list === null) unknown.push(id);
      else added.set(id, list);
    }
    // Its cached copy may lack another process's events: read back under the row lock.
    forgetParcels(deps, unknown);
    // A window may hold tens of thousands of parcels: rebuilt a slice at a time (in id order, the
    // order rows are locked in), letting the thread's other work in between. Hazard: PGlite runs
    // in this thread and answers as microtasks, so a pass would otherwise hold the thread from
    // start to end; one of 40,000 parcels held it for seconds, long enough for the HTTP server's
    // keep-alive timers to close connections whose next request was already waiting (ECONNRESET).
    const ids = [...events.keys()].sort();
    for (let at = 0; at < ids.length; at += REBUILD_SLICE) {
      if (at > 0) await new Promise((ok) => setImmediate(ok));
      await rebuildParcels(deps, ctx, trx, ids.slice(at, at + REBUILD_SLICE), {
        added,
        afterCommit,
      });
    }
    afterCommit(() => {
      queueStats.passes++;
      queueStats.parcels += events.size;
      queueStats.rows += claimed;
      queueStats.readBack += unknown.length;
      for (const r of rows) {
        const batch = reg.batches.get(r.batch);
        if (!batch) continue;
        for (const id of r.parcel_ids) batch.parcels.delete(id);
        if (batch.parcels.size === 0) reg.batches.delete(r.batch);
      }
    });
    return { parcels: events.size, rows: rows.length };
  });
}

/**
 * Parcels queued — a parcel that several storing transactions queued counts once for each: the
 * rebuilds that wait at most — and when the oldest was queued (operators; the benchmark waits for
 * none). Cheap whatever the backlog: no parcel id is read.
 */
export async function rebuildBacklog(
  deps: Pick<TrackingDeps, 'store'>,
): Promise<{ readonly parcels: number; readonly oldestQueuedAt: Date | null }> {
  const { rows } = await sql<{ parcels: number; oldest: Date | null }>`
    select coalesce(sum(cardinality(parcel_ids)), 0)::int as parcels, min(queued_at) as oldest
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
export const DEFAULT_REBUILD_DELAY_MS = 5_000;

/**
 * Once the last import ends, the queue is drained after this pause, unless another import begins
 * first (a partner sending its files one after another).
 */
const IDLE_GRACE_MS = 100;

/**
 * This process's drains of a store's queue, one at a time. While this process imports files, a
 * drain starts every so often (trackingRebuildDelayMs) and runs passes until one is not full;
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
    this.concurrency = deps.store.kind === 'postgres' ? QUEUE_SHARES : 1;
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
    this.startIn(this.imports > 0 ? this.delayMs : 0);
  }

  /** The next drain, after this long (the one timer: a window's end, or a retry). */
  private startIn(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, ms);
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
        this.startIn(Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.failures - 1)));
        // A retry alone does not keep the process alive.
        this.timer?.unref();
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * During imports, passes one at a time over what is queued, until one finds less than a full
   * pass (what comes meanwhile waits for the next window): the longer a parcel waits, the more
   * files its rebuild serves, and a second pass at once cost more than it saved. After them,
   * passes over every share at once until nothing is left.
   */
  private async drain(): Promise<void> {
    this.again = false;
    if (this.imports > 0) {
      while ((await pass(this.deps, {})).rows >= PASS_ROWS) if (this.stopped) return;
      return;
    }
    const of = this.concurrency;
    await Promise.all(
      Array.from({ length: of }, async (_, index) => {
        const share = of > 1 ? index : null;
        while ((await rebuildQueuedOnce(this.deps, { share })) > 0) if (this.stopped) return;
      }),
    );
  }

  /**
   * Rebuilds until nothing is queued (this process's passes and any left by others): for a
   * command that imports a file and exits, and for tests.
   */
  async settle(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      while ((await rebuildQueuedOnce(this.deps)) > 0);
      if (this.running) continue;
      // Hazard: a pass that started meanwhile holds its rows (skipped above) until it commits;
      // they stay visible until then, so nothing queued means nothing left to rebuild.
      if ((await rebuildBacklog(this.deps)).parcels === 0) return;
      await new Promise((ok) => setTimeout(ok, 20));
    }
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

const rebuilders = new WeakMap<object, QueuedRebuilder>();

/** The process's passes over these deps' store. */
export function queuedRebuilder(deps: TrackingDeps): QueuedRebuilder {
  let r = rebuilders.get(deps.store);
  if (!r) rebuilders.set(deps.store, (r = new QueuedRebuilder(deps)));
  return r;
}

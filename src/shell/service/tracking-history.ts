// The partners' measured history (docs/tracking.md "ETA"): each rebuild that sees a parcel move
// past a leg records how long the leg took (core measuredLegDurations) in leg_observations, in its
// own transaction; each process reads the latest durations per lane now and then and hands them
// to its tracking context, which blends them into the legs' times (blendWithHistory).
import { type RawBuilder, sql } from 'kysely';
import { measuredLegDurations, type Timeline } from '../../core/tracking/index.ts';
import type { AppDeps } from '../http/context.ts';
import {
  laneKeyOf,
  type StoredLeg,
  type TrackingContext,
  trackingContext,
} from './tracking-context.ts';

type HistoryDeps = Pick<AppDeps, 'store' | 'clock' | 'planning'>;

/** The latest durations kept per lane, and how far back they may go. */
export const HISTORY_PER_LANE = 200;
export const HISTORY_WINDOW_MS = 180 * 24 * 3_600_000;
/**
 * How often a process reads the history again, on its own monotonic clock: the domain clock may
 * run much faster (the demo's accelerated clock, the benchmark's clock following the traffic),
 * and each read makes the legs' times and their cached sums be computed again.
 */
export const HISTORY_REFRESH_MS = 10 * 60_000;

/** What a rebuild of one parcel gives that the observations are read from (tracking-rebuild.ts). */
export interface RebuiltLegs {
  /** Where the parcel stood at its previous rebuild. */
  readonly prior: { readonly status: string; readonly currentLegSeq: number | null };
  readonly legs: readonly StoredLeg[];
  readonly timeline: Timeline;
}

/**
 * The legs the rebuilt parcels have just completed (moved past, or delivered), as a statement to
 * run in the rebuild's transaction (null: none): one insert for the batch, a leg recorded once
 * (the first parcel of a shipment to complete it). Parcels that did not move cost a comparison.
 * Also asks for the history to be read again when it is due, in the background (never a query in
 * this path). The statement is a data-modifying CTE's body (tracking-rebuild.ts joins the
 * rebuild's writes into one statement).
 */
export function legObservationsInsert(
  deps: HistoryDeps,
  rebuilt: readonly RebuiltLegs[],
  now: string,
): RawBuilder<unknown> | null {
  refreshLegHistoryWhenDue(deps);
  const rows = new Map<string, object>();
  for (const { prior, legs, timeline } of rebuilt) {
    const wasDelivered = prior.status === 'delivered';
    if (
      (timeline.status.status === 'delivered') === wasDelivered &&
      timeline.currentLegSeq === prior.currentLegSeq
    )
      continue;
    const before = { currentLegSeq: prior.currentLegSeq, delivered: wasDelivered };
    for (const m of measuredLegDurations(timeline, legs, before)) {
      const leg = legs.find((l) => l.seq === m.seq)!;
      if (rows.has(leg.id)) continue;
      rows.set(leg.id, {
        l: leg.id,
        pa: leg.partnerId,
        s: leg.serviceId,
        f: leg.fromPlace,
        t: leg.toPlace,
        d: Math.round(m.durationMs),
        c: new Date(m.completedAtMs).toISOString(),
      });
    }
  }
  if (rows.size === 0) return null;
  // In leg id order, so two transactions recording the same legs never wait on each other in turn.
  const sorted = [...rows.keys()].sort().map((id) => rows.get(id)!);
  return sql`
    insert into leg_observations (leg_id, partner_id, service_id, from_place, to_place,
      duration_ms, completed_at, recorded_at)
    select x.l, x.pa, x.s, x.f, x.t, x.d, x.c, ${now}::timestamptz
    from json_to_recordset(${JSON.stringify(sorted)}::json) as x(l text, pa text, s text, f text,
      t text, d bigint, c timestamptz)
    on conflict (leg_id) do nothing`;
}

/**
 * Where a context's history came from: which store, when it was last read (performance.now()), a
 * read under way.
 */
interface HistoryState {
  store: object;
  readAtMs: number;
  inFlight: Promise<LegHistorySummary> | null;
}
const states = new WeakMap<TrackingContext, HistoryState>();

export interface LegHistorySummary {
  readonly lanes: number;
  readonly observations: number;
}

/**
 * Reads the latest HISTORY_PER_LANE durations of each lane completed in the last
 * HISTORY_WINDOW_MS (one query) and sets them on the network's tracking context, whose legs'
 * times and cached sums are then computed again. Calls made while a read is under way share it.
 */
export async function refreshLegHistory(deps: HistoryDeps): Promise<LegHistorySummary> {
  const ctx = await trackingContext(deps.planning.network);
  const state = states.get(ctx);
  if (state?.store === deps.store && state.inFlight) return state.inFlight;
  const next: HistoryState = {
    store: deps.store,
    readAtMs: performance.now(),
    inFlight: null,
  };
  const read = readHistory(deps, ctx, next).finally(() => {
    if (next.inFlight === read) next.inFlight = null;
  });
  next.inFlight = read;
  states.set(ctx, next);
  return read;
}

async function readHistory(
  deps: HistoryDeps,
  ctx: TrackingContext,
  state: HistoryState,
): Promise<LegHistorySummary> {
  const since = new Date(deps.clock.now().getTime() - HISTORY_WINDOW_MS).toISOString();
  const { rows } = await sql<{
    service_id: string;
    from_place: string;
    to_place: string;
    duration_ms: string | number;
  }>`
    select service_id, from_place, to_place, duration_ms from (
      select service_id, from_place, to_place, duration_ms,
        row_number() over (partition by service_id, from_place, to_place
          order by completed_at desc, leg_id) as n
      from leg_observations where completed_at >= ${since}::timestamptz) o
    where n <= ${HISTORY_PER_LANE}`.execute(deps.store.db);
  const history = new Map<string, number[]>();
  for (const r of rows) {
    const lane = laneKeyOf({
      serviceId: r.service_id,
      fromPlace: r.from_place,
      toPlace: r.to_place,
    });
    const list = history.get(lane) ?? [];
    list.push(Number(r.duration_ms));
    history.set(lane, list);
  }
  // Sorted, so an unchanged history compares equal and the context keeps its caches.
  for (const list of history.values()) list.sort((a, b) => a - b);
  // A read begun since (another store's, in tests) has the last word.
  if (states.get(ctx) === state) ctx.setLegHistory(history);
  return { lanes: history.size, observations: rows.length };
}

/**
 * Reads the history if this context has none from this store yet, or it was read
 * HISTORY_REFRESH_MS ago or more; otherwise returns at once. Never fails: a failed read is
 * reported and the history kept as it was (the network's figures alone, at worst), and tried
 * again when next due.
 */
export async function ensureLegHistory(deps: HistoryDeps): Promise<void> {
  try {
    const ctx = await trackingContext(deps.planning.network);
    const state = states.get(ctx);
    if (state?.store === deps.store) {
      if (state.inFlight) {
        await state.inFlight;
        return;
      }
      if (performance.now() - state.readAtMs < HISTORY_REFRESH_MS) return;
    }
    await refreshLegHistory(deps);
  } catch (e) {
    report(e);
  }
}

/** ensureLegHistory without waiting for it: for the ingest path, inside its transaction. */
export function refreshLegHistoryWhenDue(deps: HistoryDeps): void {
  void ensureLegHistory(deps);
}

function report(e: unknown): void {
  process.stderr.write(
    `silkline tracking: reading the legs' history failed: ${(e as Error).message ?? String(e)}\n`,
  );
}

/** What the ETA's remaining legs were estimated from: the network alone, or with history. */
export interface EtaBasis {
  /** Remaining legs timed by the network's figures alone. */
  readonly networkLegs: number;
  /** Remaining legs whose network figure was blended with the partner's measured durations. */
  readonly observedLegs: number;
  /** How many measured durations those legs were blended with. */
  readonly observations: number;
}

/** The basis of an ETA over the legs from the current one on (all of them before the first event). */
export function etaBasisOf(
  ctx: TrackingContext,
  legs: readonly StoredLeg[],
  currentLegSeq: number | null,
): EtaBasis {
  const index = currentLegSeq === null ? -1 : legs.findIndex((l) => l.seq === currentLegSeq);
  let networkLegs = 0;
  let observedLegs = 0;
  let observations = 0;
  for (const leg of legs.slice(Math.max(index, 0))) {
    const n = ctx.observations(leg);
    if (n > 0) observedLegs++;
    else networkLegs++;
    observations += n;
  }
  return { networkLegs, observedLegs, observations };
}

// bench/tracking: partner events into the tracking service, on PGlite and on PostgreSQL in the same
// run. For each store, on a fresh database, in this process:
//   - set-up (not timed): synthetic sellers' shipments on chains the planner chose for demo orders
//     (legs, parcels, each leg with its partner's reference, identifiers registered as booking
//     does), and each partner's webhook secret;
//   - batch: N events (20 % duplicates of others, 10 % out of order: withheld and sent after later
//     events of their parcel) as each partner's CSV files, uploaded one after another to
//     POST /v1/partner/events/batch on a real HTTP server on 127.0.0.1 (@hono/node-server, as
//     `silkline serve`), with the partners' API keys: events/s from the first upload until every
//     parcel's tracking is rebuilt (the service rebuilds a file's parcels a moment after storing
//     them, tracking-rebuild-queue.ts; GET /v1/jobs, asked after the last answer, says when none
//     is left), with the time to the last answer beside it;
//   - webhook: W further events (other parcels, same mix), one signed event per request to
//     POST /v1/partner/events, C requests in flight: events/s;
//   - baseline, measured in the same run: the same service one event per transaction, its parcel
//     rebuilt in that transaction (ingestChunk of one event, as a webhook's) on further parcels;
//   - check: for every parcel, the timeline rebuilt from the stored events and the stored status
//     equal the core's timeline of the generated distinct events (timeline.ts); every event is
//     accounted for (recorded + duplicates = sent, nothing unmatched, unmapped or invalid).
// The generated parcels and events are let go once the files and requests are made (the timed
// phases hold only those texts, as a partner's side would), and generated again for the check.
// SILKLINE_BENCH_PROFILE=DIR profiles the timed phases (CPU; with
// SILKLINE_BENCH_PROFILE_KIND=allocations, where memory is allocated).
//   node bench/tracking.ts [--events N] [--webhook N] [--pglite-events N] [--pglite-webhook N]
//                          [--baseline N] [--concurrency C] [--stores pglite,postgres]
//                          [--uploads N] [--cache-parcels N] [--rebuild-delay MS] [--seed N]
// PostgreSQL: SILKLINE_BENCH_DATABASE_URL, else SILKLINE_TEST_DATABASE_URL, else DATABASE_URL.
import { spawn } from 'node:child_process';
import { getRandomValues } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { type PlannedLeg, orderFromCsvRow, planOrder } from '../src/core/planning/index.ts';
import { createIdSource, seededUnit } from '../src/core/shared/index.ts';
import {
  buildTimeline,
  normalizeEvent,
  type Timeline,
  type TrackingEvent,
} from '../src/core/tracking/index.ts';
import { createKey } from '../src/shell/auth/keys.ts';
import { openStore, type Store } from '../src/shell/db/store.ts';
import { dropPostgres, freshPostgres } from '../src/shell/db/test-stores.ts';
import { createApp } from '../src/shell/http/app.ts';
import type { AppDeps } from '../src/shell/http/context.ts';
import { loadPlanning } from '../src/shell/server/runtime.ts';
import {
  ingestChunk,
  DEFAULT_REBUILD_DELAY_MS,
  issuePartnerSecret,
  queueStats,
  registerShipmentIdentifiers,
  trackingContext,
} from '../src/shell/service/tracking.ts';
import { identifierStats } from '../src/shell/service/tracking-ingest.ts';
import type { StoredLeg, TrackingContext } from '../src/shell/service/tracking-context.ts';
import {
  DEFAULT_CACHED_PARCELS,
  EVENT_COLUMNS,
  rebuildStats,
  type StoredEventRow,
  trackingEventOf,
} from '../src/shell/service/tracking-rebuild.ts';
import { type JourneyEvent, journeyEvents } from '../src/shell/service/tracking-testing.ts';
import {
  demoOrderRecords,
  RETAIL_SAMPLE,
  retailLines,
  skusOfNetworkStock,
} from '../scripts/demo-orders.ts';
import { describeMachineState, machineState, type MachineState } from './machine-state.ts';
import { postgresVersion } from './postgres-version.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    webhook: { type: 'string', default: '50000' },
    'pglite-events': { type: 'string' },
    'pglite-webhook': { type: 'string' },
    baseline: { type: 'string', default: '2000' },
    'rebuild-delay': { type: 'string' },
    concurrency: { type: 'string', default: '64' },
    uploads: { type: 'string', default: '1' },
    stores: { type: 'string', default: 'pglite,postgres' },
    seed: { type: 'string', default: '6' },
    // Parcels the service keeps between rebuilds (AppDeps.trackingCacheParcels); default the
    // service's own (DEFAULT_CACHED_PARCELS).
    'cache-parcels': { type: 'string' },
  },
});
const STORES = values.stores.split(',') as ('pglite' | 'postgres')[];
const CONCURRENCY = Number(values.concurrency);
/** Partners uploading at the same time (each file is still stored chunk by chunk, in order). */
const UPLOADS = Number(values.uploads);
const CACHE_PARCELS =
  values['cache-parcels'] === undefined ? DEFAULT_CACHED_PARCELS : Number(values['cache-parcels']);
/** How often file imports' parcels are rebuilt (AppDeps.trackingRebuildDelayMs). */
const REBUILD_DELAY_MS =
  values['rebuild-delay'] === undefined
    ? DEFAULT_REBUILD_DELAY_MS
    : Number(values['rebuild-delay']);
const PG_URL =
  process.env.SILKLINE_BENCH_DATABASE_URL ??
  process.env.SILKLINE_TEST_DATABASE_URL ??
  process.env.DATABASE_URL;
const DUPLICATE_SHARE = 0.2;
const LATE_SHARE = 0.1;
const FILE_LINES = 50_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Journeys start over ten days before END; the service's clock stands at END. */
const END = Date.parse('2026-11-25T02:00:00Z');
const SPAN = 10 * DAY;

const log = (line: string) => process.stderr.write(`bench/tracking: ${line}\n`);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const int = (x: number) => Math.round(x).toLocaleString('en-US');

// ---------------------------------------------------------------- chains from the planner

const planning = await loadPlanning(undefined);
const network = planning.network;

/** Distinct chains the planner chose for demo orders (their legs as a booking stores them). */
function demoChains(
  count: number,
): { legs: readonly PlannedLeg[]; country: string; city: string }[] {
  const lines = retailLines(readFileSync(RETAIL_SAMPLE, 'utf8'));
  const stockFile = join(new URL('../data/demo-network/', import.meta.url).pathname, 'stock.csv');
  let stock: string | undefined;
  try {
    stock = readFileSync(stockFile, 'utf8');
  } catch {
    stock = undefined;
  }
  const skus = skusOfNetworkStock(stock);
  const seen = new Map<string, { legs: readonly PlannedLeg[]; country: string; city: string }>();
  let line = 1;
  for (const record of demoOrderRecords(600, 2026, lines, skus)) {
    const r = orderFromCsvRow(record, ++line, network, {
      tier: 'standard',
      orderedAtMs: END - SPAN,
      incoterm: 'DDP',
    });
    if (!r.ok) continue;
    const plan = planOrder(r.order, {
      index: planning.index,
      policy: planning.policy,
      stock: planning.stock,
    }).plan;
    if (!plan || plan.startsFrom !== 'supplier') continue;
    const key = plan.legs.map((l) => `${l.serviceId}|${l.from}|${l.to}`).join('>');
    if (!seen.has(key))
      seen.set(key, {
        legs: plan.legs,
        country: r.order.buyer.country,
        city: r.order.buyer.city ?? 'Capital',
      });
    if (seen.size >= count) break;
  }
  return [...seen.values()];
}
const chains = demoChains(24);
log(
  `${chains.length} distinct chains from the planner (${chains.map((c) => c.legs.length).join(', ')} legs)`,
);

// ---------------------------------------------------------------- data sets

interface ParcelSpec {
  readonly n: number;
  readonly chain: (typeof chains)[number];
  readonly legs: StoredLeg[];
  readonly refs: string[];
  readonly startMs: number;
  orderId: string;
  shipmentId: string;
  parcelId: string;
  events: JourneyEvent[];
}

interface Line {
  readonly e: JourneyEvent;
  /** When the partner sends it (ms): the event's time, later for a repeat. */
  readonly key: number;
}

interface DataSet {
  readonly parcels: ParcelSpec[];
  /** Every line sent, in sending order per partner: in order, then late. */
  readonly byPartner: Map<string, { inOrder: Line[]; late: Line[] }>;
  readonly lines: number;
  readonly distinct: number;
}

/** The legs of parcel n as the store will hold them (ids are filled in at set-up). */
function specOf(n: number, startMs: number): ParcelSpec {
  const chain = chains[n % chains.length]!;
  const refs = chain.legs.map(
    (l, seq) => `${l.partnerId.slice(0, 4).toUpperCase()}${n.toString(36).toUpperCase()}S${seq}`,
  );
  const legs: StoredLeg[] = chain.legs.map((l, seq) => ({
    id: '',
    shipmentId: '',
    seq,
    partnerId: l.partnerId,
    serviceId: l.serviceId,
    fromPlace: l.from,
    toPlace: l.to,
    status: 'booked',
  }));
  return { n, chain, legs, refs, startMs, orderId: '', shipmentId: '', parcelId: '', events: [] };
}

/**
 * `lines` events over parcels numbered from `first`: (1 − DUPLICATE_SHARE) of them distinct, the
 * rest copies of random ones sent again a little later; LATE_SHARE of the lines are distinct events
 * withheld and sent after every in-order file (after later events of their parcel).
 */
function dataSet(
  ctx: TrackingContext,
  lines: number,
  first: number,
  seed: number,
  starts: { readonly from: number; readonly to: number },
): DataSet {
  const random = seededUnit(seed);
  const distinctTarget = Math.round(lines * (1 - DUPLICATE_SHARE));
  const parcels: ParcelSpec[] = [];
  let distinct = 0;
  // Parcels start spread over the window; ~15 events each.
  const estimate = Math.max(1, Math.round(distinctTarget / 15));
  for (let n = first; distinct < distinctTarget; n++) {
    const spec = specOf(
      n,
      starts.from + Math.min(1, (n - first) / estimate) * (starts.to - starts.from),
    );
    spec.events = journeyEvents(ctx, spec.legs, (leg) => spec.refs[leg.seq]!, {
      startMs: spec.startMs,
      stepMs: 3 * HOUR + (n % 7) * 600_000,
      eventIdPrefix: `E${n.toString(36)}`,
    });
    if (distinct + spec.events.length > distinctTarget)
      spec.events = spec.events.slice(0, distinctTarget - distinct);
    distinct += spec.events.length;
    parcels.push(spec);
  }
  const all = parcels.flatMap((p) => p.events);
  const at = (e: JourneyEvent) => Date.parse(e.event.occurredAt);
  const late = new Set<JourneyEvent>();
  while (late.size < Math.round(lines * LATE_SHARE))
    late.add(all[Math.floor(random() * all.length)]!);
  const streams = new Map<string, { inOrder: Line[]; late: Line[] }>();
  const streamOf = (p: string) => {
    let s = streams.get(p);
    if (!s) streams.set(p, (s = { inOrder: [], late: [] }));
    return s;
  };
  for (const e of all) {
    const s = streamOf(e.partnerId);
    (late.has(e) ? s.late : s.inOrder).push({ e, key: at(e) + random() * 60_000 });
  }
  // Duplicates: the same line again, up to half a day of its partner's traffic later.
  for (let i = 0; i < lines - distinct; i++) {
    const e = all[Math.floor(random() * all.length)]!;
    const s = streamOf(e.partnerId);
    (late.has(e) ? s.late : s.inOrder).push({ e, key: at(e) + random() * 12 * HOUR });
  }
  for (const s of streams.values()) {
    s.inOrder.sort((a, b) => a.key - b.key);
    s.late.sort((a, b) => a.key - b.key);
  }
  return { parcels, byPartner: streams, lines, distinct };
}

// ---------------------------------------------------------------- set-up

async function setUp(deps: AppDeps, tenantId: string, parcels: ParcelSpec[]): Promise<void> {
  const db = deps.store.db;
  const CHUNK = 400;
  for (let i = 0; i < parcels.length; i += CHUNK) {
    const chunk = parcels.slice(i, i + CHUNK);
    const committed: (() => void)[] = [];
    await db.transaction().execute(async (trx) => {
      for (const p of chunk) {
        p.orderId = deps.ids.next('ord');
        p.shipmentId = deps.ids.next('shp');
        p.parcelId = deps.ids.next('prc');
        for (const l of p.legs) {
          (l as { id: string }).id = deps.ids.next('leg');
          (l as { shipmentId: string }).shipmentId = p.shipmentId;
        }
      }
      const created = new Date(END - SPAN - DAY);
      await trx
        .insertInto('orders')
        .values(
          chunk.map((p) => ({
            id: p.orderId,
            tenant_id: tenantId,
            external_id: `BENCH-${p.n}`,
            status: 'booked' as const,
            tier: 'standard',
            request: JSON.stringify({ buyer: { country: p.chain.country, city: p.chain.city } }),
            plan: JSON.stringify({
              plan: { deadline: new Date(p.startMs + 12 * DAY).toISOString() },
            }),
            created_at: created,
            updated_at: created,
          })),
        )
        .execute();
      await trx
        .insertInto('shipments')
        .values(
          chunk.map((p) => ({
            id: p.shipmentId,
            tenant_id: tenantId,
            order_id: p.orderId,
            status: 'booked',
            cost_amount: 1000,
            cost_currency: 'CNY',
            created_at: created,
            updated_at: created,
          })),
        )
        .execute();
      await trx
        .insertInto('legs')
        .values(
          chunk.flatMap((p) =>
            p.legs.map((l) => ({
              id: l.id,
              shipment_id: p.shipmentId,
              tenant_id: tenantId,
              seq: l.seq,
              activity: p.chain.legs[l.seq]!.activity,
              partner_id: l.partnerId,
              service_id: l.serviceId,
              from_place: l.fromPlace,
              to_place: l.toPlace,
              status: 'booked' as const,
              cost_amount: 100,
              cost_currency: 'CNY',
              partner_ref: p.refs[l.seq]!,
              created_at: created,
              updated_at: created,
            })),
          ),
        )
        .execute();
      await trx
        .insertInto('parcels')
        .values(
          chunk.map((p) => ({
            id: p.parcelId,
            shipment_id: p.shipmentId,
            tenant_id: tenantId,
            seq: 0,
            weight_g: 500,
            tracking_number: p.parcelId,
            s10: null,
            created_at: created,
          })),
        )
        .execute();
      // As booking does: every identifier registered, a tracking row per parcel, and the
      // identifiers remembered once committed.
      await registerShipmentIdentifiers(
        deps,
        trx,
        chunk.map((p) => p.shipmentId),
        { afterCommit: (fn) => committed.push(fn) },
      );
    });
    for (const fn of committed.splice(0)) fn();
  }
}

// ---------------------------------------------------------------- check

function timelineKey(t: Timeline): string {
  return JSON.stringify([
    t.status.status,
    t.status.subStatus,
    t.status.sinceMs,
    t.currentLegSeq,
    t.entries.map((e) => [
      e.event.partnerId,
      e.event.eventId,
      e.event.status,
      e.event.subStatus,
      e.event.occurredAt.utcMs,
      e.event.occurredAt.offsetMinutes,
      e.event.location.country,
      e.event.location.city,
      e.event.description,
      e.legSeq,
      e.effect,
    ]),
  ]);
}

/** Every parcel: stored timeline and stored status against the core's timeline of its generated events. */
async function check(
  deps: AppDeps,
  ctx: TrackingContext,
  parcels: readonly ParcelSpec[],
): Promise<{ parcels: number; timelines: number; states: number; firstDifference: string | null }> {
  const nowMs = deps.clock.now().getTime();
  let timelines = 0;
  let states = 0;
  let firstDifference: string | null = null;
  for (let i = 0; i < parcels.length; i += 2000) {
    const chunk = parcels.slice(i, i + 2000);
    const ids = chunk.map((p) => p.parcelId);
    const rows = (
      await sql<StoredEventRow & { parcel_id: string }>`
        select parcel_id, ${EVENT_COLUMNS} from tracking_events
        where parcel_id = any(${ids}::text[]) and status is not null`.execute(deps.store.db)
    ).rows;
    const stored = new Map<string, TrackingEvent[]>();
    for (const r of rows) {
      const list = stored.get(r.parcel_id) ?? [];
      list.push(trackingEventOf(r));
      stored.set(r.parcel_id, list);
    }
    const stateRows = await deps.store.db
      .selectFrom('tracking_state')
      .select(['parcel_id', 'status', 'sub_status', 'event_count'])
      .where('parcel_id', 'in', ids)
      .execute();
    const state = new Map(stateRows.map((s) => [s.parcel_id, s]));
    for (const p of chunk) {
      const legs = p.legs.map((l) => ctx.shipmentLeg(l));
      const expected = buildTimeline(
        legs,
        p.events.map((e) => {
          const n = normalizeEvent(e.partnerId, e.event, ctx.mappings);
          if (n.kind !== 'event') throw new Error(`generated event not mappable: ${e.event.code}`);
          return n.event;
        }),
        { nowMs },
      );
      const got = buildTimeline(legs, stored.get(p.parcelId) ?? [], { nowMs });
      if (timelineKey(got) === timelineKey(expected)) timelines++;
      else
        firstDifference ??= `${p.parcelId}: stored ${timelineKey(got).slice(0, 300)} … expected ${timelineKey(expected).slice(0, 300)}`;
      const s = state.get(p.parcelId);
      if (
        s &&
        s.status === expected.status.status &&
        s.sub_status === expected.status.subStatus &&
        s.event_count === expected.entries.length
      )
        states++;
      else
        firstDifference ??= `${p.parcelId}: state ${JSON.stringify(s)} expected ${expected.status.status}/${expected.status.subStatus}/${expected.entries.length}`;
    }
  }
  return { parcels: parcels.length, timelines, states, firstDifference };
}

// ---------------------------------------------------------------- where the time goes

interface CpuSample {
  readonly node: number;
  /** Per server process of this database (its connections), CPU seconds so far. */
  readonly db: Map<number, number> | null;
}

/** CPU seconds of this process, and of the PostgreSQL server processes serving this database. */
async function cpuSample(store: Store): Promise<CpuSample> {
  const u = process.cpuUsage();
  const node = (u.user + u.system) / 1e6;
  if (store.kind !== 'postgres') return { node, db: null };
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(store.db);
  const tick = 100; // USER_HZ on Linux
  const db = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      db.set(pid, (Number(fields[11]) + Number(fields[12])) / tick);
    } catch {
      // Not on this machine (a remote server) or gone: not counted.
    }
  }
  return { node, db };
}

/** CPU between two samples; a server process that ended in between is not counted (a floor). */
function cpuBetween(a: CpuSample, b: CpuSample): { node: number; db: number | null } {
  if (!a.db || !b.db) return { node: b.node - a.node, db: null };
  let db = 0;
  for (const [pid, t] of b.db) db += Math.max(0, t - (a.db.get(pid) ?? 0));
  return { node: b.node - a.node, db };
}

/** Time this process's main thread spent in collector pauses, ms, by kind, since the last reset. */
const gcPauses = { young: 0, full: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as { detail?: { kind?: number } }).detail?.kind;
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) gcPauses.young += e.duration;
    else gcPauses.full += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
const gcSince = () => Object.assign(gcPauses, { young: 0, full: 0 });
/** A phase's pauses as the table shows them: young / full, seconds. */
const pausesText = (gc: typeof gcPauses) =>
  `${(gc.young / 1000).toFixed(1)} / ${(gc.full / 1000).toFixed(1)}`;

/** Runs the webhook load generator in a child process; resolves with what it printed. */
function runClient(inputFile: string): Promise<{
  seconds: number;
  counts: Record<string, number>;
  p50: number;
  p99: number;
  cpuSeconds: number;
}> {
  const script = fileURLToPath(new URL('./tracking-webhook-client.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, inputFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`webhook client exited ${code}`)),
    );
  });
}

// ---------------------------------------------------------------- one store

interface Figures {
  store: string;
  skipped?: string;
  batch?: {
    events: number;
    seconds: number;
    perSecond: number;
    files: number;
    counts: Record<string, number>;
    cpu: { node: number; db: number | null };
    rebuilds: typeof rebuildStats;
    passes: typeof queueStats;
    lookups: typeof identifierStats;
    gc: typeof gcPauses;
    /** Seconds to the last upload's answer (the parcels' rebuilds may still be running). */
    answeredSeconds: number;
    /** This process's memory at the end of the phase, MiB: JavaScript heap used, resident. */
    memory: { heapMiB: number; rssMiB: number };
  };
  /** The heap still live after the timed phases (the last store only), and its parcels. */
  liveHeap?: { mib: number; parcels: number };
  webhook?: {
    events: number;
    seconds: number;
    perSecond: number;
    p50: number;
    p99: number;
    counts: Record<string, number>;
    cpu: { node: number; db: number | null };
    clientCpu: number;
    lookups: typeof identifierStats;
    gc: typeof gcPauses;
  };
  baseline?: { events: number; perSecond: number };
  check?: Awaited<ReturnType<typeof check>>;
  setupSeconds?: number;
  tables?: string;
  /** What the machine gave (bench/machine-state.ts) before the batch and after the webhook phase. */
  machine?: { before: MachineState; after?: MachineState };
}

function csvOf(events: readonly JourneyEvent[]): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const out = ['eventId,trackingNumber,code,occurredAt,country,city,description'];
  for (const { event: e } of events)
    out.push(
      [
        e.eventId,
        e.trackingNumber,
        e.code,
        e.occurredAt,
        e.location.country ?? '',
        e.location.city ?? '',
        e.description,
      ]
        .map(q)
        .join(','),
    );
  return out.join('\n') + '\n';
}

interface BatchFile {
  readonly partner: string;
  readonly body: string;
  readonly day: number;
  readonly sendAt: number;
  readonly lines: number;
}

/** The batch's CSV files, in sending order: every in-order file, then the late ones. */
function batchFiles(batch: DataSet): BatchFile[] {
  // Batch: each partner's in-order files, in time order across partners, then the late files.
  // Each partner sends a file a day (split at FILE_LINES), sent the next hour; the files
  // go in day order across partners; the late lines follow in one file per partner.
  const files: BatchFile[] = [];
  const late: typeof files = [];
  for (const [partner, stream] of batch.byPartner) {
    let part: Line[] = [];
    const flush = () => {
      if (part.length === 0) return;
      const day = Math.floor(part[0]!.key / DAY);
      files.push({
        partner,
        body: csvOf(part.map((l) => l.e)),
        day,
        sendAt: (day + 1) * DAY,
        lines: part.length,
      });
      part = [];
    };
    for (const line of stream.inOrder) {
      if (
        part.length > 0 &&
        (Math.floor(line.key / DAY) !== Math.floor(part[0]!.key / DAY) || part.length >= FILE_LINES)
      )
        flush();
      part.push(line);
    }
    flush();
    for (let i = 0; i < stream.late.length; i += FILE_LINES) {
      const chunk = stream.late.slice(i, i + FILE_LINES);
      late.push({
        partner,
        body: csvOf(chunk.map((l) => l.e)),
        day: Infinity,
        sendAt: END,
        lines: chunk.length,
      });
    }
  }
  files.sort((a, b) => a.day - b.day || (a.partner < b.partner ? -1 : 1));
  return [...files, ...late];
}

/** The webhook's events in sending order: each partner's lines by when it sends them, the late ones last. */
function webhookOrder(hooks: DataSet): JourneyEvent[] {
  const streams = [...hooks.byPartner.values()];
  const merged = streams.flatMap((s2) => s2.inOrder);
  merged.sort((a, b) => a.key - b.key);
  return [...merged, ...streams.flatMap((s2) => s2.late)].map((l) => l.e);
}

/**
 * With SILKLINE_BENCH_PROFILE=DIR, the batch phase of each store is CPU-profiled into
 * DIR/tracking-<store>.cpuprofile, the webhook phase into tracking-<store>-webhook.cpuprofile
 * (open them in Chrome's DevTools): only those phases, unlike
 * node --cpu-prof.
 */
/**
 * The heap still live after a full collection, MiB: the collector exposed only now (no flag on
 * the command line), as a forced collection changes how the process runs afterwards.
 */
function liveHeapMiB(): number {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function startProfile(label: string): Promise<{ stop: () => Promise<void> } | null> {
  const dir = process.env.SILKLINE_BENCH_PROFILE;
  if (!dir) return null;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  // SILKLINE_BENCH_PROFILE_KIND=allocations: where memory is allocated instead (every sampled
  // allocation, collected or not), as DIR/tracking-<store>.heapprofile.
  if (process.env.SILKLINE_BENCH_PROFILE_KIND === 'allocations') {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 64 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return {
      stop: async () => {
        const { profile } = await session.post('HeapProfiler.stopSampling');
        writeFileSync(join(dir, `tracking-${label}.heapprofile`), JSON.stringify(profile));
        session.disconnect();
      },
    };
  }
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(dir, `tracking-${label}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function measure(store: 'pglite' | 'postgres'): Promise<Figures> {
  const label = store === 'pglite' ? 'PGlite' : 'PostgreSQL';
  if (store === 'postgres' && !PG_URL)
    return { store: label, skipped: 'no PostgreSQL (set SILKLINE_BENCH_DATABASE_URL)' };
  const batchLines = Number(
    (store === 'pglite' ? values['pglite-events'] : undefined) ?? values.events,
  );
  const webhookLines = Number(
    (store === 'pglite' ? values['pglite-webhook'] : undefined) ?? values.webhook,
  );
  const dir = mkdtempSync(join(os.tmpdir(), `silkline-bench-tracking-${store}-`));
  let dbUrl: string | null = null;
  let s: Store | null = null;
  try {
    if (store === 'postgres') {
      dbUrl = await freshPostgres(PG_URL!);
      s = await openStore({ databaseUrl: dbUrl, migrate: true });
    } else s = await openStore({ dataDir: join(dir, 'data') });
    // The service's clock follows the traffic, as if events arrived when partners send them: each
    // upload or request is made at its latest event's time plus an hour; the late ones at END.
    let clockMs = END - SPAN;
    const clock = { now: () => new Date(clockMs) };
    const advanceTo = (ms: number) => {
      clockMs = Math.min(END, Math.max(clockMs, ms + HOUR));
    };
    const deps: AppDeps = {
      store: s,
      queue: null,
      planning,
      clock,
      ids: createIdSource(clock, (b) => getRandomValues(b)),
      maxBodyBytes: 256 * 1024,
      maxBulkBytes: 64 * 1024 * 1024,
      trackingCacheParcels: CACHE_PARCELS,
      trackingRebuildDelayMs: REBUILD_DELAY_MS,
    };
    const ctx = await trackingContext(network);
    const seed = Number(values.seed);
    // Batch parcels start over the ten days (their partners' files are replayed day by day);
    // the webhook's and the baseline's in the last four days (their clock stands at END).
    // Deterministic from the seed: generated again for the check, so that none of it is in this
    // process's heap while the service is measured (its collector would mark it all, over and
    // over, as no service holds a million generated events).
    const generate = () => {
      const recent = { from: END - 4 * DAY, to: END - 3 * DAY };
      const batch = dataSet(ctx, batchLines, 0, seed, { from: END - SPAN, to: END - 4 * DAY });
      const hooks = dataSet(ctx, webhookLines, batch.parcels.at(-1)!.n + 1, seed + 1, recent);
      const base = dataSet(
        ctx,
        Number(values.baseline),
        hooks.parcels.at(-1)!.n + 1,
        seed + 2,
        recent,
      );
      return { batch, hooks, base };
    };
    let generated: ReturnType<typeof generate> | null = generate();
    log(
      `${label}: ${int(generated.batch.lines)} batch lines (${int(generated.batch.distinct)} distinct, ${int(generated.batch.parcels.length)} parcels), ${int(generated.hooks.lines)} webhook lines (${int(generated.hooks.parcels.length)} parcels), ${int(generated.base.lines)} baseline lines`,
    );
    const t0 = now();
    const seller = await createKey(s.db, deps.ids, { tenant: 'bench-seller', role: 'seller' });
    const operator = await createKey(s.db, deps.ids, { tenant: 'bench-ops', role: 'operator' });
    const parcels = [
      ...generated.batch.parcels,
      ...generated.hooks.parcels,
      ...generated.base.parcels,
    ];
    await setUp(deps, seller.tenantId, parcels);
    // The statistics a store in service has (autovacuum's, on PostgreSQL): one made in seconds
    // has none, and the planner then takes 100 shipments' legs for half the table.
    await sql`analyze`.execute(s.db);
    const partners = new Set([
      ...generated.batch.byPartner.keys(),
      ...generated.hooks.byPartner.keys(),
    ]);
    // What is sent, made now; the generated objects are then let go (see generate).
    const traffic = {
      batchLines: generated.batch.lines,
      files: batchFiles(generated.batch),
      webhookOrder: webhookOrder(generated.hooks),
      baseOrder: [...generated.base.byPartner.values()].flatMap((s2) =>
        [...s2.inOrder, ...s2.late].map((l) => l.e),
      ),
      parcelIds: parcels.map((p) => p.parcelId),
    };
    parcels.length = 0;
    generated = null;
    const keys = new Map<string, string>();
    const secrets = new Map<string, string>();
    for (const p of partners) {
      keys.set(
        p,
        (await createKey(s.db, deps.ids, { tenant: `partner-${p}`, role: 'partner', partnerId: p }))
          .key,
      );
      const issued = await issuePartnerSecret({ db: s.db, ids: deps.ids, now: clock.now() }, p, {
        rotate: false,
      });
      if (issued.ok) secrets.set(p, issued.secret);
    }
    const figures: Figures = { store: label, setupSeconds: (now() - t0) / 1000 };
    log(`${label}: set-up ${figures.setupSeconds!.toFixed(1)} s`);

    const app = createApp(deps);
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((ok) => server.once('listening', () => ok()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const counts: Record<string, number> = {};
      figures.machine = { before: await machineState() };
      const cpu0 = await cpuSample(s);
      Object.assign(rebuildStats, { parcels: 0, fromCache: 0, conflicts: 0, readBack: 0 });
      Object.assign(identifierStats, { lookups: 0, asked: 0 });
      Object.assign(queueStats, { passes: 0, parcels: 0, rows: 0, readBack: 0 });
      gcSince();
      const profiler = await startProfile(label);
      const bt = now();
      let sent = 0;
      // UPLOADS files in flight; a file is sent once every file of earlier days has been sent.
      const queue = traffic.files;
      let nextFile = 0;
      await Promise.all(
        Array.from({ length: UPLOADS }, async () => {
          for (;;) {
            const f = queue[nextFile++];
            if (!f) return;
            advanceTo(f.sendAt - HOUR);
            const res = await fetch(`${url}/v1/partner/events/batch`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${keys.get(f.partner)}`,
                'content-type': 'text/csv',
              },
              body: f.body,
            });
            const body = (await res.json()) as Record<string, number>;
            if (res.status !== 200)
              throw new Error(`batch upload: ${res.status} ${JSON.stringify(body)}`);
            for (const k of ['recorded', 'duplicates', 'unmatched', 'unmapped', 'invalid'])
              counts[k] = (counts[k] ?? 0) + body[k]!;
            sent += f.lines;
            log(
              `${label}: batch ${int(sent)} / ${int(traffic.batchLines)} lines, ${int(sent / ((now() - bt) / 1000))} events/s`,
            );
          }
        }),
      );
      const answeredSeconds = (now() - bt) / 1000;
      // Until the last parcel the files named is rebuilt, as an operator would see it.
      for (;;) {
        const res = await fetch(`${url}/v1/jobs`, {
          headers: { authorization: `Bearer ${operator.key}` },
        });
        const body = (await res.json()) as { trackingRebuilds?: { parcels: number } };
        if (res.status !== 200 || !body.trackingRebuilds)
          throw new Error(`jobs: ${res.status} ${JSON.stringify(body)}`);
        if (body.trackingRebuilds.parcels === 0) break;
        await new Promise((ok) => setTimeout(ok, 200));
      }
      const batchSeconds = (now() - bt) / 1000;
      await profiler?.stop();
      const cpu1 = await cpuSample(s);
      figures.batch = {
        cpu: cpuBetween(cpu0, cpu1),
        rebuilds: { ...rebuildStats },
        passes: { ...queueStats },
        lookups: { ...identifierStats },
        gc: { ...gcPauses },
        events: traffic.batchLines,
        seconds: batchSeconds,
        answeredSeconds,
        perSecond: traffic.batchLines / batchSeconds,
        files: traffic.files.length,
        counts,
        memory: {
          heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
          rssMiB: process.memoryUsage().rss / 2 ** 20,
        },
      };

      // Webhook: one signed event per request, CONCURRENCY in flight, in sending order (each
      // partner's lines by when it sends them, the late ones last); the clock stands at END.
      const order = traffic.webhookOrder;
      // The partners' side runs in its own process (tracking-webhook-client.ts), as it would.
      const clientInput = join(dir, 'webhook-client.json');
      writeFileSync(
        clientInput,
        JSON.stringify({
          url,
          concurrency: CONCURRENCY,
          timestamp: Math.floor(clock.now().getTime() / 1000),
          secrets: Object.fromEntries(secrets),
          events: order.map((e) => ({ partnerId: e.partnerId, body: JSON.stringify(e.event) })),
        }),
      );
      const wcpu0 = await cpuSample(s);
      Object.assign(identifierStats, { lookups: 0, asked: 0 });
      gcSince();
      const hookProfiler = await startProfile(`${label}-webhook`);
      const wt = now();
      const client = await runClient(clientInput);
      const hookSeconds = (now() - wt) / 1000;
      await hookProfiler?.stop();
      const wcpu1 = await cpuSample(s);
      figures.webhook = {
        cpu: cpuBetween(wcpu0, wcpu1),
        events: order.length,
        seconds: hookSeconds,
        perSecond: order.length / hookSeconds,
        p50: client.p50,
        p99: client.p99,
        counts: client.counts,
        clientCpu: client.cpuSeconds,
        lookups: { ...identifierStats },
        gc: { ...gcPauses },
      };
      log(`${label}: webhook ${int(figures.webhook.perSecond)} events/s`);
      figures.machine.after = await machineState();
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }

    // Baseline: the same service, one event per transaction.
    advanceTo(END);
    const baseOrder = traffic.baseOrder;
    const b0 = now();
    for (const e of baseOrder)
      await ingestChunk(deps, [{ partnerId: e.partnerId, input: e.event }], 'webhook');
    figures.baseline = {
      events: baseOrder.length,
      perSecond: baseOrder.length / ((now() - b0) / 1000),
    };
    log(`${label}: baseline ${int(figures.baseline.perSecond)} events/s`);
    // Only after the last store's timed phases: a forced collection slowed every phase after it
    // (a 1,000,000-line batch ran at two thirds of its speed, with twice the CPU).
    if (store === STORES.at(-1)) {
      const live = liveHeapMiB();
      if (live !== undefined) figures.liveHeap = { mib: live, parcels: traffic.parcelIds.length };
    }

    // The same data again (deterministic), with the ids set-up gave each parcel.
    const again = generate();
    const checked = [...again.batch.parcels, ...again.hooks.parcels, ...again.base.parcels];
    checked.forEach((p, i) => (p.parcelId = traffic.parcelIds[i]!));
    figures.check = await check(deps, ctx, checked);
    log(`${label}: check ${JSON.stringify(figures.check)}`);
    const size = await sql<{
      n: string;
    }>`select pg_size_pretty(pg_total_relation_size('tracking_events')) as n`.execute(s.db);
    figures.tables = size.rows[0]!.n;
    return figures;
  } finally {
    await s?.close();
    if (dbUrl) await dropPostgres(PG_URL!, dbUrl).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Figures[] = [];
for (const store of STORES) results.push(await measure(store));

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const cell = (f: Figures, pick: (f: Figures) => string | undefined) =>
  f.skipped ? '—' : (pick(f) ?? '—');
const counts = (c: Record<string, number> | undefined) =>
  c
    ? Object.entries(c)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${int(v)} ${k}`)
        .join(', ')
    : undefined;
// Per event too: on this machine the wall time varies by a third from run to run, CPU far less.
const cpuText = (c: { node: number; db: number | null }, wall: number, events: number) => {
  const us = (s: number) => int((s * 1e6) / Math.max(events, 1));
  const db = c.db === null ? 'in process' : c.db.toFixed(1);
  const perEvent = `${us(c.node)}${c.db === null ? '' : ` / ${us(c.db)}`} µs an event`;
  return `${c.node.toFixed(1)} / ${db} of ${wall.toFixed(1)} s (${perEvent})`;
};
const rows: [string, (f: Figures) => string | undefined][] = [
  [
    `batch: events (CSV uploads to POST /v1/partner/events/batch, ${UPLOADS} at a time; parcels rebuilt every ${REBUILD_DELAY_MS} ms meanwhile)`,
    (f) => f.batch && `${int(f.batch.events)} in ${f.batch.files} files`,
  ],
  ['  events/s', (f) => f.batch && int(f.batch.perSecond)],
  [
    '  seconds: to the last answer / to every parcel rebuilt',
    (f) => f.batch && `${f.batch.answeredSeconds.toFixed(1)} / ${f.batch.seconds.toFixed(1)}`,
  ],
  ['  outcome', (f) => counts(f.batch?.counts)],
  [
    '  CPU: this process / PostgreSQL server, seconds',
    (f) => f.batch && cpuText(f.batch.cpu, f.batch.seconds, f.batch.events),
  ],
  [
    '  parcels rebuilt (per event line): from the cache / conflicts / read back',
    (f) =>
      f.batch &&
      `${int(f.batch.rebuilds.parcels)} (${(f.batch.rebuilds.parcels / f.batch.events).toFixed(2)}): ${int(f.batch.rebuilds.fromCache)} / ${int(f.batch.rebuilds.conflicts)} / ${int(f.batch.rebuilds.readBack)}`,
  ],
  [
    '  rebuild passes: passes, queue rows claimed (per parcel rebuilt), parcels read back',
    (f) =>
      f.batch &&
      `${int(f.batch.passes.passes)}, ${int(f.batch.passes.rows)} (${(f.batch.passes.rows / Math.max(f.batch.passes.parcels, 1)).toFixed(2)}), ${int(f.batch.passes.readBack)}`,
  ],
  [
    '  identifier lookups sent to the store: statements (identifiers)',
    (f) => f.batch && `${int(f.batch.lookups.lookups)} (${int(f.batch.lookups.asked)})`,
  ],
  [
    '  collector pauses of this process, young / full, seconds',
    (f) => f.batch && pausesText(f.batch.gc),
  ],
  [
    `  memory of this process after the batch (heap used / resident), MiB; parcels kept: ${int(CACHE_PARCELS)}`,
    (f) => f.batch && `${int(f.batch.memory.heapMiB)} / ${int(f.batch.memory.rssMiB)}`,
  ],
  [
    '  live heap after the timed phases, MiB (KiB per parcel in the store; last store only)',
    (f) =>
      f.liveHeap &&
      `${int(f.liveHeap.mib)} (${((f.liveHeap.mib * 1024) / f.liveHeap.parcels).toFixed(1)})`,
  ],
  [
    `webhook: events (one signed event per request, ${CONCURRENCY} in flight)`,
    (f) => f.webhook && int(f.webhook.events),
  ],
  ['  events/s', (f) => f.webhook && int(f.webhook.perSecond)],
  [
    '  latency p50 / p99',
    (f) => f.webhook && `${f.webhook.p50.toFixed(0)} / ${f.webhook.p99.toFixed(0)} ms`,
  ],
  ['  outcome', (f) => counts(f.webhook?.counts)],
  [
    '  CPU: this process / PostgreSQL server, seconds',
    (f) => f.webhook && cpuText(f.webhook.cpu, f.webhook.seconds, f.webhook.events),
  ],
  [
    '  identifier lookups sent to the store: statements (identifiers)',
    (f) => f.webhook && `${int(f.webhook.lookups.lookups)} (${int(f.webhook.lookups.asked)})`,
  ],
  [
    '  collector pauses of this process, young / full, seconds',
    (f) => f.webhook && pausesText(f.webhook.gc),
  ],
  [
    '  CPU of the load generator (its own process), seconds',
    (f) => f.webhook && f.webhook.clientCpu.toFixed(0),
  ],
  [
    'baseline: one event per transaction, events/s',
    (f) => f.baseline && `${int(f.baseline.perSecond)} (${int(f.baseline.events)} events)`,
  ],
  [
    'timelines equal to the core’s of the generated events',
    (f) => f.check && `${int(f.check.timelines)} / ${int(f.check.parcels)} parcels`,
  ],
  [
    'stored status and event count equal',
    (f) => f.check && `${int(f.check.states)} / ${int(f.check.parcels)}`,
  ],
  [
    'the machine: the same work alone / as a pair, before the batch; after the webhook',
    (f) =>
      f.machine
        ? `${describeMachineState(f.machine.before)}; ${f.machine.after ? describeMachineState(f.machine.after) : '—'}`
        : undefined,
  ],
  ['set-up (not timed): shipments, legs, identifiers', (f) => f.setupSeconds?.toFixed(1) + ' s'],
  ['tracking_events size', (f) => f.tables],
];
const out = [
  `bench/tracking on ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()}, Node ${process.version}; ${await postgresVersion(PG_URL, STORES.includes('postgres'))}; load average at the end ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
  '',
  `| measurement | ${results.map((r) => r.store).join(' | ')} |`,
  `| --- | ${results.map(() => '---').join(' | ')} |`,
  ...rows.map(([name, pick]) => `| ${name} | ${results.map((r) => cell(r, pick)).join(' | ')} |`),
  ...results.filter((r) => r.skipped).map((r) => `\n${r.store}: ${r.skipped}`),
  ...results
    .filter((r) => r.check?.firstDifference)
    .map((r) => `\n${r.store}: first difference: ${r.check!.firstDifference}`),
];
process.stdout.write(out.join('\n') + '\n');
const failed = results.some(
  (r) => r.check && (r.check.timelines !== r.check.parcels || r.check.states !== r.check.parcels),
);
process.exit(failed ? 1 : 0);

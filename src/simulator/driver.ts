import { createHmac } from 'node:crypto';
import type { Network } from '../core/network/index.ts';
import type { Clock } from '../core/shared/index.ts';
import type { TrackingMappings } from '../core/tracking/index.ts';
import {
  DEFAULT_MODEL_OPTIONS,
  type Emission,
  type ModelOptions,
  type SimLeg,
  SimWorld,
  simulateShipment,
} from './model.ts';
import { loadOrder } from './orders.ts';

/*
 * The partner simulator's driver: it plays every partner of the network against a running
 * Silkline, through the public HTTP API only — as a real partner would, so it doubles as a load
 * generator. With an operator key it makes each partner a partner key (POST /v1/keys) and a
 * webhook secret (POST /v1/partners/{id}/secret); then it polls each partner's booked legs
 * (GET /v1/partner/legs?status=booked), acknowledges them, simulates each shipment once all its
 * legs are seen (model.ts), and posts the events when the simulated clock reaches them, signed,
 * batched per partner per tick, retried with backoff. Optionally it posts orders as a seller.
 */

export interface SimulatorOptions {
  /** Silkline's base URL, e.g. http://127.0.0.1:8080. */
  readonly baseUrl: string;
  /** Makes the partners' keys and secrets (and a seller key for --rate). */
  readonly operatorKey: string;
  readonly network: Network;
  readonly mappings: TrackingMappings;
  /**
   * Simulated time: in `serve --demo`, the integrator's own (accelerated) clock; standalone,
   * `calibratedClock`, which follows the server's clock from the times it answers with.
   */
  readonly clock: Clock & {
    observe?: (serverIso: string, sentAtMs: number, receivedAtMs: number) => void;
  };
  /** Simulated seconds per real second (reports only: the clock carries the speed). */
  readonly speed: number;
  readonly model?: Partial<ModelOptions>;
  /** Partners to play (default: every partner of the network with a mapping table). */
  readonly partners?: readonly string[];
  /** Real milliseconds between polls of the partners' legs (default 1000). */
  readonly pollIntervalMs?: number;
  /** Real milliseconds between sending rounds (default 200). */
  readonly tickMs?: number;
  /** Real milliseconds between progress lines (default 10000; 0: none). */
  readonly reportEveryMs?: number;
  /** Events per webhook request at most (default 200). */
  readonly batchSize?: number;
  /** Post orders as a seller: this many per real second (the load generator). */
  readonly ordersPerSecond?: number;
  /** Stop posting orders after this many (default: no limit). */
  readonly maxOrders?: number;
  /** A seller key for the orders (default: one made with the operator key). */
  readonly sellerKey?: string;
  /** Progress lines and problems (default: stderr). */
  readonly log?: (line: string) => void;
  readonly fetch?: typeof fetch;
  readonly realNowMs?: () => number;
}

export interface SimulatorStats {
  readonly partners: number;
  readonly legs: number;
  readonly shipments: number;
  /** Sendings scheduled and not yet posted. */
  readonly queued: number;
  /** Event sendings posted and accepted (duplicates included). */
  readonly sent: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
  readonly late: number;
  readonly unmapped: number;
  /** Events the simulated partners never sent (the deliberate losses of events). */
  readonly dropped: number;
  /** Parcels the simulation loses (at the services' loss rates) / delivers / returns. */
  readonly lostParcels: number;
  readonly deliveredParcels: number;
  readonly returnedParcels: number;
  readonly requests: number;
  readonly httpErrors: number;
  readonly networkErrors: number;
  readonly retries: number;
  /** Requests signed again after Silkline found the signature's timestamp stale. */
  readonly staleSignatures: number;
  /** What Silkline answered per event. */
  readonly server: {
    readonly recorded: number;
    readonly duplicates: number;
    readonly unmatched: number;
    readonly unmapped: number;
    readonly invalid: number;
  };
  readonly ordersPosted: number;
  readonly ordersFailed: number;
}

export interface Simulator {
  /** Each played partner's API key (its secret stays inside). */
  readonly partnerKeys: ReadonlyMap<string, string>;
  stats(): SimulatorStats;
  /** Whether sendings are due on the simulated clock or being posted (tests step the clock while it is not). */
  busy(): boolean;
  /** The progress line the simulator prints. */
  report(): string;
  stop(): Promise<void>;
}

/**
 * A clock for a simulator that runs apart from the server, `speed` times real time, set to the
 * server's simulated time the way NTP sets a clock: a server time it learns (a secret's
 * createdAt, a leg's acknowledgedAt) was stamped between the request's sending and its answer,
 * so the exchange with the shortest round trip places the server's clock best — within half of
 * it, times the speed. Before any exchange it reads real time.
 */
export function calibratedClock(speed: number, realNowMs: () => number = Date.now) {
  const realStart = realNowMs();
  let simAtStart = realStart;
  let bestRoundTripMs = Number.POSITIVE_INFINITY;
  return {
    now: () => new Date(Math.floor(simAtStart + (realNowMs() - realStart) * speed)),
    observe(serverIso: string, sentAtMs: number, receivedAtMs: number) {
      const server = Date.parse(serverIso);
      const roundTrip = receivedAtMs - sentAtMs;
      if (!Number.isFinite(server) || roundTrip < 0 || roundTrip >= bestRoundTripMs) return;
      bestRoundTripMs = roundTrip;
      simAtStart = server - ((sentAtMs + receivedAtMs) / 2 - realStart) * speed;
    },
  };
}

/** The `Silkline-Signature` header: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">. */
export function signatureHeader(secret: string, timestampS: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampS}.${body}`, 'utf8').digest('hex');
  return `t=${timestampS},v1=${mac}`;
}

/** A min-heap of sendings by sendAtMs. */
class SendQueue {
  private readonly items: Emission[] = [];
  get size(): number {
    return this.items.length;
  }
  /** The earliest sendAtMs queued (Infinity when empty). */
  get nextAtMs(): number {
    return this.items[0]?.sendAtMs ?? Number.POSITIVE_INFINITY;
  }
  push(e: Emission): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.sendAtMs <= a[i]!.sendAtMs) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  popDue(nowMs: number): Emission[] {
    const out: Emission[] = [];
    const a = this.items;
    while (a.length > 0 && a[0]!.sendAtMs <= nowMs) {
      out.push(a[0]!);
      const last = a.pop()!;
      if (a.length === 0) break;
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.sendAtMs < a[m]!.sendAtMs) m = l;
        if (r < a.length && a[r]!.sendAtMs < a[m]!.sendAtMs) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return out;
  }
}

interface ApiLeg {
  readonly id: string;
  readonly shipmentId: string;
  readonly seq: number;
  readonly activity: string;
  readonly serviceId: string;
  readonly from: string;
  readonly to: string;
  readonly destinationCountry: string | null;
  readonly destinationCity?: string | null;
  readonly partnerRef: string | null;
  readonly acknowledgedAt: string | null;
  readonly parcels?: { readonly count?: number };
}

/** A JSON object as the API answers. */
type Json = Record<string, unknown>;

interface Pending {
  readonly legs: Map<number, SimLeg>;
  readonly firstSeenPoll: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

class ApiError extends Error {
  readonly status: number;
  readonly detail: string;
  constructor(status: number, detail: string) {
    super(`HTTP ${status}: ${detail}`);
    this.status = status;
    this.detail = detail;
  }
}

/** Makes the partners' credentials, then starts polling, simulating and sending. */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const realNow = options.realNowMs ?? Date.now;
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const clock = options.clock;
  const model: ModelOptions = { ...DEFAULT_MODEL_OPTIONS, ...options.model };
  const world = new SimWorld(options.network, options.mappings);
  const batchSize = options.batchSize ?? 200;
  const partners = (
    options.partners ??
    [...options.network.partners.keys()].filter((p) => options.mappings.partners.has(p))
  )
    .filter((p) => options.network.partners.has(p))
    .sort();

  const counters = {
    legs: 0,
    shipments: 0,
    sent: 0,
    duplicates: 0,
    outOfOrder: 0,
    late: 0,
    unmapped: 0,
    dropped: 0,
    lostParcels: 0,
    deliveredParcels: 0,
    returnedParcels: 0,
    requests: 0,
    httpErrors: 0,
    networkErrors: 0,
    retries: 0,
    staleSignatures: 0,
    ordersPosted: 0,
    ordersFailed: 0,
  };
  const server = { recorded: 0, duplicates: 0, unmatched: 0, unmapped: 0, invalid: 0 };
  let stopping = false;
  /** Signatures carry the simulated time (what the demo's server checks them against) unless it refuses them. */
  let signWithRealTime = false;
  let clockProbe: 'open' | 'trying' | 'settled' = 'open';
  const signingSeconds = () =>
    Math.floor((signWithRealTime ? realNow() : clock.now().getTime()) / 1000);
  const errorsLogged = new Map<string, number>();
  const logOnce = (kind: string, line: string) => {
    const n = (errorsLogged.get(kind) ?? 0) + 1;
    errorsLogged.set(kind, n);
    if (n <= 3) log(`simulator: ${line}${n === 3 ? ' (further ones not shown)' : ''}`);
  };

  /** One JSON request with retries on network errors, 429 and 5xx (backoff 200 ms … 5 s). */
  async function request(
    method: string,
    path: string,
    init: {
      key?: string;
      body?: unknown;
      headers?: () => Record<string, string>;
      /** A signed webhook post (its headers are made again at each attempt). */
      signed?: boolean;
    } = {},
  ): Promise<{ status: number; body: Json }> {
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    for (let attempt = 0; ; attempt++) {
      // The clock this attempt signs with: the answer concerns it, not one chosen meanwhile.
      const signedReal = signWithRealTime;
      const headers: Record<string, string> = { ...init.headers?.() };
      if (init.key) headers.authorization = `Bearer ${init.key}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      let res: Response;
      counters.requests++;
      try {
        res = await doFetch(`${base}${path}`, {
          method,
          headers,
          ...(body !== undefined ? { body } : {}),
        });
      } catch (e) {
        counters.networkErrors++;
        if (attempt >= 5 || stopping) throw e;
        counters.retries++;
        await sleep(Math.min(5000, 200 * 2 ** attempt));
        continue;
      }
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (res.ok) {
        if (init.signed && clockProbe === 'trying' && signedReal === signWithRealTime) {
          clockProbe = 'settled';
          if (signWithRealTime)
            log(
              'simulator: Silkline checks signatures against its wall clock: signing with the real time',
            );
        }
        return { status: res.status, body: (parsed ?? {}) as Json };
      }
      const detail = (parsed as { detail?: string } | undefined)?.detail ?? text.slice(0, 200);
      // A signature judged stale or early (the accelerated clocks drifted under load): sign again.
      const staleSignature = res.status === 401 && /s old|future/.test(detail);
      if ((res.status === 429 || res.status >= 500 || staleSignature) && attempt < 5 && !stopping) {
        counters.retries++;
        if (staleSignature) {
          counters.staleSignatures++;
          // Twice stale in a row: perhaps Silkline judges freshness on its wall clock rather than
          // on the simulated one (or the reverse). Try the other once; keep whichever works.
          if (attempt >= 1 && clockProbe !== 'settled' && signedReal === signWithRealTime) {
            signWithRealTime = !signWithRealTime;
            if (clockProbe === 'open') clockProbe = 'trying';
            else {
              clockProbe = 'settled';
              logOnce(
                'clock',
                `signatures keep coming back stale: the webhook's 300 s freshness window, on Silkline's clock, is ${(300 / Math.max(1, options.speed)).toFixed(3)} real s at ×${options.speed}; a loaded server, or a simulator clock apart from Silkline's (run it at Silkline's --speed), exceeds it`,
              );
            }
          }
        }
        await sleep(staleSignature ? 0 : Math.min(5000, 200 * 2 ** attempt));
        continue;
      }
      throw new ApiError(res.status, detail);
    }
  }

  // 1. Credentials: a partner key and a webhook secret per partner, through the operators' API.
  const keys = new Map<string, string>();
  const secrets = new Map<string, string>();
  const provision = inParallel(partners, 4, async (partnerId) => {
    const key = await request('POST', '/v1/keys', {
      key: options.operatorKey,
      body: { tenant: `simulated-${partnerId}`, role: 'partner', partnerId },
    });
    let secret: { status: number; body: Json };
    const sentAt = realNow();
    try {
      secret = await request('POST', `/v1/partners/${encodeURIComponent(partnerId)}/secret`, {
        key: options.operatorKey,
      });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409)) throw e;
      // A secret from an earlier run: rotate it (the old one stays valid for the grace period).
      secret = await request(
        'POST',
        `/v1/partners/${encodeURIComponent(partnerId)}/secret?rotate=true`,
        {
          key: options.operatorKey,
        },
      );
    }
    clock.observe?.(String(secret.body.createdAt), sentAt, realNow());
    keys.set(partnerId, String(key.body.key));
    secrets.set(partnerId, String(secret.body.secret));
  });
  try {
    await provision;
  } catch (e) {
    stopping = true; // the other partners' requests give up too
    throw e;
  }

  // 2. Legs in: poll each partner's booked legs, acknowledge them, simulate complete shipments.
  const queue = new SendQueue();
  const seenLegs = new Set<string>();
  const pending = new Map<string, Pending>();
  let poll = 0;

  async function pollPartner(partnerId: string, fullScan: boolean) {
    const key = keys.get(partnerId)!;
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const query = `status=booked&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await request('GET', `/v1/partner/legs?${query}`, { key });
      const legs = (res.body.data ?? []) as ApiLeg[];
      let fresh = 0;
      for (const leg of legs) {
        if (seenLegs.has(leg.id)) continue;
        fresh++;
        seenLegs.add(leg.id);
        counters.legs++;
        if (leg.acknowledgedAt === null) {
          const sentAt = realNow();
          try {
            const ack = await request('POST', `/v1/partner/legs/${leg.id}/ack`, { key });
            if (typeof ack.body.acknowledgedAt === 'string')
              clock.observe?.(ack.body.acknowledgedAt, sentAt, realNow());
          } catch (e) {
            // Refused or cancelled meanwhile (a re-plan): the leg is not ours to carry.
            if (e instanceof ApiError && e.status === 409) continue;
            throw e;
          }
        }
        let p = pending.get(leg.shipmentId);
        if (!p) pending.set(leg.shipmentId, (p = { legs: new Map(), firstSeenPoll: poll }));
        p.legs.set(leg.seq, {
          legId: leg.id,
          shipmentId: leg.shipmentId,
          seq: leg.seq,
          partnerId,
          serviceId: leg.serviceId,
          activity: leg.activity,
          from: leg.from,
          to: leg.to,
          destinationCountry: leg.destinationCountry,
          destinationCity: leg.destinationCity ?? null,
          // The partner's own number (the integrator indexes it); a leg booked without one is
          // tracked by its shipment's id.
          trackingNumber: leg.partnerRef ?? leg.shipmentId,
        });
      }
      cursor = typeof res.body.nextCursor === 'string' ? res.body.nextCursor : null;
      // Newest first: a page with nothing new means the rest is known, unless this is a full scan.
      if (!cursor || (fresh === 0 && !fullScan)) break;
    }
  }

  /** A shipment is simulated once its legs run from 0 to the buyer, or after three polls. */
  function complete(p: Pending): boolean {
    const seqs = [...p.legs.keys()].sort((a, b) => a - b);
    const contiguous = seqs.every((s, i) => s === i);
    const last = p.legs.get(seqs[seqs.length - 1]!)!;
    return (contiguous && last.to.startsWith('buyer:')) || poll - p.firstSeenPoll >= 3;
  }

  function simulatePending() {
    for (const [shipmentId, p] of pending) {
      if (!complete(p)) continue;
      pending.delete(shipmentId);
      const sim = simulateShipment(world, [...p.legs.values()], clock.now().getTime(), model);
      counters.shipments++;
      counters.dropped += sim.counts.dropped;
      if (sim.outcome === 'lost') counters.lostParcels++;
      if (sim.outcome === 'delivered') counters.deliveredParcels++;
      if (sim.outcome === 'returned') counters.returnedParcels++;
      for (const e of sim.emissions) queue.push(e);
    }
  }

  async function pollLoop() {
    while (!stopping) {
      const fullScan = poll % 10 === 0;
      await inParallel(partners, 6, async (partnerId) => {
        try {
          await pollPartner(partnerId, fullScan);
        } catch (e) {
          if (!stopping) logOnce('poll', `polling ${partnerId}'s legs: ${(e as Error).message}`);
        }
      });
      poll++;
      simulatePending();
      await sleep(options.pollIntervalMs ?? 1000);
    }
  }

  // 3. Events out: what is due on the simulated clock, per partner, in batches.
  async function post(partnerId: string, batch: Emission[]) {
    const secret = secrets.get(partnerId)!;
    const events = batch.map((e) => e.event);
    const body = JSON.stringify(events);
    try {
      const res = await request('POST', '/v1/partner/events', {
        body: events,
        signed: true,
        // Signed at each attempt: a retry carries a fresh timestamp.
        headers: () => ({
          'silkline-partner': partnerId,
          'silkline-signature': signatureHeader(secret, signingSeconds(), body),
        }),
      });
      const count = (k: keyof typeof server) => {
        const v = res.body[k];
        server[k] += typeof v === 'number' ? v : 0;
      };
      for (const k of Object.keys(server) as (keyof typeof server)[]) count(k);
      for (const e of batch) {
        counters.sent++;
        if (e.duplicate) counters.duplicates++;
        if (e.outOfOrder && !e.duplicate) counters.outOfOrder++;
        if (e.late && !e.duplicate) counters.late++;
        if (e.unmapped && !e.duplicate) counters.unmapped++;
      }
    } catch (e) {
      if (e instanceof ApiError) {
        counters.httpErrors++;
        logOnce(`post-${e.status}`, `events from ${partnerId} refused: ${e.message}`);
        // Stale signatures are a matter of clocks, not of the events: send them again later.
        if (e.status === 401 && /s old|future/.test(e.detail) && !stopping) {
          // Five real seconds later, not at the next tick: a lasting clock mismatch must not spin.
          const later = clock.now().getTime() + 5000 * Math.max(1, options.speed);
          for (const em of batch) queue.push({ ...em, sendAtMs: later });
        }
      } else if (!stopping) {
        // The server is unreachable after the retries: keep the events for a later round.
        logOnce('network', `posting events from ${partnerId}: ${(e as Error).message}; will retry`);
        for (const em of batch) queue.push(em);
      }
    }
  }

  let inFlight = 0;
  async function sendLoop() {
    while (!stopping) {
      const due = queue.popDue(clock.now().getTime());
      inFlight = due.length;
      const byPartner = new Map<string, Emission[]>();
      for (const e of due) {
        let list = byPartner.get(e.partnerId);
        if (!list) byPartner.set(e.partnerId, (list = []));
        list.push(e);
      }
      const batches: [string, Emission[]][] = [];
      for (const [partnerId, list] of byPartner)
        for (let i = 0; i < list.length; i += batchSize)
          batches.push([partnerId, list.slice(i, i + batchSize)]);
      await inParallel(batches, 4, ([partnerId, batch]) => post(partnerId, batch));
      inFlight = 0;
      await sleep(options.tickMs ?? 200);
    }
  }

  // 4. Optional load: orders posted as a seller at a steady rate.
  async function orderLoop(perSecond: number) {
    let sellerKey = options.sellerKey;
    if (!sellerKey) {
      const made = await request('POST', '/v1/keys', {
        key: options.operatorKey,
        body: { tenant: 'simulated-seller', role: 'seller' },
      });
      sellerKey = String(made.body.key);
    }
    const started = realNow();
    const runId = Math.floor(started / 1000) % 1_000_000;
    let n = 0;
    while (!stopping && (options.maxOrders === undefined || n < options.maxOrders)) {
      const due = Math.floor(((realNow() - started) / 1000) * perSecond) + 1;
      const batch: number[] = [];
      while (n < due && (options.maxOrders === undefined || n < options.maxOrders)) batch.push(n++);
      await inParallel(batch, 8, async (i) => {
        const order = loadOrder(model.seed, i, `SIM${runId}`);
        try {
          await request('POST', '/v1/orders', {
            key: sellerKey,
            body: order,
            headers: () => ({ 'idempotency-key': order.id }),
          });
          counters.ordersPosted++;
        } catch (e) {
          counters.ordersFailed++;
          logOnce('order', `order ${order.id}: ${(e as Error).message}`);
        }
      });
      await sleep(Math.max(20, Math.min(1000, 1000 / perSecond)));
    }
  }

  function stats(): SimulatorStats {
    return { partners: partners.length, queued: queue.size, ...counters, server: { ...server } };
  }

  function report(): string {
    const s = stats();
    const simNow = clock.now().toISOString().slice(0, 16).replace('T', ' ');
    return (
      `simulator @ ${simNow}Z (×${options.speed}): legs ${s.legs} in ${s.shipments} shipments` +
      ` | sent ${s.sent} (duplicates ${s.duplicates}, out of order ${s.outOfOrder}, late ${s.late}, unmapped ${s.unmapped}), queued ${s.queued}` +
      ` | lost parcels ${s.lostParcels}, dropped events ${s.dropped}, delivered ${s.deliveredParcels}` +
      ` | Silkline: recorded ${s.server.recorded}, duplicates ${s.server.duplicates}, unmatched ${s.server.unmatched}, unmapped ${s.server.unmapped}` +
      ` | HTTP errors ${s.httpErrors}, network errors ${s.networkErrors}, retries ${s.retries} (stale signatures ${s.staleSignatures})` +
      (options.ordersPerSecond ? ` | orders ${s.ordersPosted} (failed ${s.ordersFailed})` : '')
    );
  }

  const loops: Promise<void>[] = [pollLoop(), sendLoop()];
  if (options.ordersPerSecond && options.ordersPerSecond > 0)
    loops.push(
      orderLoop(options.ordersPerSecond).catch((e) => {
        log(`simulator: orders stopped: ${(e as Error).message}`);
      }),
    );
  let reporter: ReturnType<typeof setInterval> | undefined;
  const every = options.reportEveryMs ?? 10_000;
  if (every > 0) reporter = setInterval(() => log(report()), every);

  return {
    partnerKeys: keys,
    stats,
    report,
    busy: () => inFlight > 0 || queue.nextAtMs <= clock.now().getTime(),
    async stop() {
      stopping = true;
      if (reporter) clearInterval(reporter);
      await Promise.all(loops);
    },
  };
}

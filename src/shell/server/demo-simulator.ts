// `silkline serve --demo`: the living demo network. The partner simulator (src/simulator) plays
// every demo partner against this very server over loopback HTTP, on the integrator's own
// accelerated clock; a few demo orders are posted as the seller so there is something to watch.
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { formatMappingIssue, readTrackingMappings } from '../files/tracking-mappings.ts';
import { demoOrderBody } from '../http/demo-order.ts';
import type { AppDeps } from '../http/context.ts';

/** Where the demo's first orders go: one of each kind of chain the demo network plans. */
const DEMO_BUYERS = [
  { country: 'DE', postcode: '10115', city: 'Berlin' },
  { country: 'GB', postcode: 'SW1A 1AA', city: 'London' },
  { country: 'US', postcode: '10001', city: 'New York' },
  { country: 'RU', postcode: '101000', city: 'Moscow' },
] as const;

export interface DemoSimulation {
  /** Lines for stdout: the demo parcels' tracking pages and what to try. */
  readonly lines: string;
  readonly simulator: Simulator | null;
  stop(): Promise<void>;
}

async function api(base: string, key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return { status: res.status, body: parsed };
}

/** The parcel's tracking number once its order is booked (its shipment id until then). */
async function trackingNumberOf(
  base: string,
  key: string,
  orderId: string,
  untilMs: number,
): Promise<string | null> {
  while (Date.now() < untilMs) {
    const shipments = await api(base, key, 'GET', `/v1/shipments?orderId=${orderId}`);
    const shipment = (shipments.body.data as { id: string }[] | undefined)?.[0];
    if (shipment) {
      const tracking = await api(base, key, 'GET', `/v1/tracking/${shipment.id}`);
      const parcel = tracking.body.parcel as { trackingNumber?: string } | undefined;
      return parcel?.trackingNumber ?? shipment.id;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return null;
}

export async function startDemoSimulation(options: {
  readonly base: string;
  readonly deps: AppDeps;
  readonly sellerKey: string;
  readonly operatorKey: string;
  readonly speed: number;
  readonly simulator: boolean;
  readonly seed?: number;
  readonly log: (line: string) => void;
}): Promise<DemoSimulation> {
  const { base, deps } = options;
  let simulator: Simulator | null = null;
  const lines: string[] = [];
  if (options.simulator) {
    const network = deps.planning.network;
    const mappings = await readTrackingMappings(network.timezone);
    if (!mappings.ok)
      throw new Error(
        `tracking mappings have errors:\n${mappings.error.map((i) => '  ' + formatMappingIssue(i)).join('\n')}`,
      );
    try {
      simulator = await startSimulator({
        baseUrl: base,
        operatorKey: options.operatorKey,
        network,
        mappings: mappings.value,
        clock: deps.clock,
        speed: options.speed,
        model: { seed: options.seed ?? 1 },
        log: options.log,
      });
    } catch (e) {
      // The integrator serves on; only the simulated partners are missing.
      options.log(`silkline: the partner simulator did not start: ${(e as Error).message}`);
    }
  }
  // A few orders as the seller, so parcels move at once; numbered per run (the data may persist).
  const run = deps.clock.now().getTime().toString(36).toUpperCase();
  const orders: { ref: string; city: string; id: string }[] = [];
  for (const [i, buyer] of DEMO_BUYERS.entries()) {
    const ref = `DEMO-${run}-${i + 1}`;
    const created = await api(
      base,
      options.sellerKey,
      'POST',
      '/v1/orders',
      demoOrderBody(ref, { buyer }),
    );
    if (created.status === 201) orders.push({ ref, city: buyer.city, id: String(created.body.id) });
  }
  const until = Date.now() + 15_000;
  const tracked: string[] = [];
  for (const o of orders) {
    const number = await trackingNumberOf(base, options.sellerKey, o.id, until);
    tracked.push(
      number
        ? `  ${o.ref} to ${o.city}: ${base}/track/${encodeURIComponent(number)}   (JSON: curl -s ${base}/v1/public/tracking/${encodeURIComponent(number)})`
        : `  ${o.ref} to ${o.city}: order ${o.id}, not booked yet (curl -s ${base}/v1/orders/${o.id} -H 'authorization: Bearer ${options.sellerKey}')`,
    );
  }
  if (tracked.length > 0) lines.push(`Demo parcels (watch them move):`, ...tracked, '');
  if (simulator) {
    const [partnerId, key] = [...simulator.partnerKeys].find(([p]) => p === 'globelink-express') ??
      [...simulator.partnerKeys][0] ?? [undefined, undefined];
    lines.push(
      `Partner simulator: ${simulator.partnerKeys.size} partners post signed events to ${base}/v1/partner/events, ×${options.speed} (1 real second = ${options.speed} simulated s); progress on stderr every 10 s.`,
    );
    if (partnerId && key)
      lines.push(
        `  a partner's view (${partnerId}): curl -s '${base}/v1/partner/legs?status=booked' -H 'authorization: Bearer ${key}'`,
      );
    lines.push(
      `  exceptions (operators): curl -s ${base}/v1/tracking/exceptions -H 'authorization: Bearer ${options.operatorKey}'`,
      `  unmapped partner codes: curl -s ${base}/v1/tracking/unmapped -H 'authorization: Bearer ${options.operatorKey}'`,
      `  more load (orders as a seller, 5/s): npx silkline simulate --url ${base} --operator-key ${options.operatorKey} --orders-only --rate 5`,
      '',
    );
  }
  return {
    lines: lines.length > 0 ? lines.join('\n') + '\n' : '',
    simulator,
    async stop() {
      if (simulator) {
        await simulator.stop();
        options.log(simulator.report());
      }
    },
  };
}

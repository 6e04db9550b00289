import type { Network } from '../../core/network/index.ts';
import { type ParcelToRate, priceParcel } from '../../core/rating/index.ts';
import { type CountryCode, formatMajor } from '../../core/shared/index.ts';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_NETWORK_DIR } from '../files/network-dir.ts';
import { type CliIo, table } from './io.ts';
import { compareCommand, planCommand } from './plan-command.ts';
import { networkCheck, networkOrReport } from './network-command.ts';

const SAMPLES: readonly { label: string; parcel: ParcelToRate }[] = [
  {
    label: '450 g phone case, 200×150×40 mm, to New York',
    parcel: {
      weightG: 450,
      dims: { lengthMm: 200, widthMm: 150, heightMm: 40 },
      goods: [],
      destination: { country: 'US' as CountryCode, postcode: '10001' },
    },
  },
  {
    label: '1.2 kg power bank (battery in equipment), 250×180×80 mm, to Berlin',
    parcel: {
      weightG: 1200,
      dims: { lengthMm: 250, widthMm: 180, heightMm: 80 },
      goods: ['battery-in-equipment'],
      destination: { country: 'DE' as CountryCode, postcode: '10115' },
    },
  },
  {
    label: '300 g cosmetics, 120×80×60 mm, to São Paulo',
    parcel: {
      weightG: 300,
      dims: { lengthMm: 120, widthMm: 80, heightMm: 60 },
      goods: ['cosmetics'],
      destination: { country: 'BR' as CountryCode, postcode: '01310-100' },
    },
  },
];

function servicesTo(network: Network, country: string) {
  return [...network.services.values()].filter((s) =>
    s.lanes.some((l) => l.to.some((to) => (network.locations.get(to)?.country ?? to) === country)),
  );
}

/**
 * The main job until the integrator service exists, always on the shipped demo network (the demo
 * orders are written for it): check it, price sample parcels on every service that reaches them,
 * plan the first demo order in full, and compare the value chain with today's modes over all of them.
 */
export async function demoCommand(io: CliIo, now: Date): Promise<number> {
  const status = await networkCheck(io, DEMO_NETWORK_DIR, false);
  if (status !== 0) return status;
  const network = (await networkOrReport(io, DEMO_NETWORK_DIR))!;
  for (const { label, parcel } of SAMPLES) {
    io.stdout(`\n${label}: every service that reaches ${parcel.destination.country}\n`);
    const rows: string[][] = [];
    for (const service of servicesTo(network, parcel.destination.country)) {
      if (parcel.goods.some((g) => service.restrictions.refusedGoods.includes(g))) {
        rows.push([
          service.id,
          service.activities.join('+'),
          'refused',
          '',
          `refuses ${parcel.goods.join(', ')}`,
        ]);
        continue;
      }
      const q = priceParcel(service.pricing, parcel, {
        at: now,
        currency: network.baseCurrency,
        fx: network.fx,
      });
      rows.push(
        q.ok
          ? [
              service.id,
              service.activities.join('+'),
              formatMajor(q.value.total),
              q.value.total.currency,
              `${q.value.weight.chargeableG} g chargeable`,
            ]
          : [service.id, service.activities.join('+'), '-', '', q.error.tag],
      );
    }
    io.stdout(table(['service', 'activities', 'price', 'cur', 'note'], rows, [2]));
  }
  const orders = fileURLToPath(DEMO_ORDERS);
  io.stdout(
    `\nThe value chain for the first demo order (data/demo-orders.csv), then for all of them against today's four modes:\n`,
  );
  const first = await firstOrders(orders, 1);
  const planned = await planCommand(
    io,
    { orders: first, network: DEMO_NETWORK_DIR, at: DEMO_ORDER_TIME },
    now,
  );
  await rm(first, { force: true });
  if (planned !== 0) return planned;
  io.stdout('\n');
  return compareCommand(io, { orders, network: DEMO_NETWORK_DIR, at: DEMO_ORDER_TIME }, now);
}

const DEMO_ORDERS = new URL('../../../data/demo-orders.csv', import.meta.url);
/** The demo orders were placed at this instant, so their promises and schedules read the same every day. */
const DEMO_ORDER_TIME = '2026-11-25T02:00:00Z';

/** A temporary CSV with the header and the first n orders. */
async function firstOrders(path: string, n: number): Promise<string> {
  const lines = (await readFile(path, 'utf8')).split('\n').slice(0, n + 1);
  const out = join(tmpdir(), `silkline-demo-${process.pid}.csv`);
  await writeFile(out, lines.join('\n') + '\n');
  return out;
}

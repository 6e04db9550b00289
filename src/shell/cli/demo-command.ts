import type { Network } from '../../core/network/index.ts';
import { type ParcelToRate, priceParcel } from '../../core/rating/index.ts';
import { type CountryCode, formatMajor } from '../../core/shared/index.ts';
import { type CliIo, table } from './io.ts';
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

/** The main job until the integrator service exists: check the demo network and price sample parcels on every service that reaches them. */
export async function demoCommand(io: CliIo, now: Date): Promise<number> {
  const status = await networkCheck(io, undefined, false);
  if (status !== 0) return status;
  const network = (await networkOrReport(io, undefined))!;
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
  return 0;
}

import { type Random, streamFor } from './random.ts';

/*
 * Orders the load generator posts as a seller (POST /v1/orders): one parcel from the demo
 * network's supplier regions to its destinations, in the proportions of China's cross-border
 * parcel exports (illustrative, as scripts/demo-orders.ts), with everyday goods.
 */

const DESTINATIONS: readonly (readonly [
  country: string,
  weight: number,
  postcode: string,
  city: string,
])[] = [
  ['US', 24, '10001', 'New York'],
  ['GB', 8, 'SW1A 1AA', 'London'],
  ['DE', 7, '10115', 'Berlin'],
  ['FR', 6, '75001', 'Paris'],
  ['ES', 4, '28001', 'Madrid'],
  ['IT', 4, '00118', 'Rome'],
  ['NL', 3, '1012', 'Amsterdam'],
  ['PL', 3, '00-001', 'Warsaw'],
  ['SE', 2, '111 20', 'Stockholm'],
  ['RU', 5, '101000', 'Moscow'],
  ['BR', 6, '01310-100', 'São Paulo'],
  ['MX', 4, '06000', 'Mexico City'],
  ['CA', 5, 'M5V 2T6', 'Toronto'],
  ['AU', 4, '2000', 'Sydney'],
  ['JP', 4, '100-0001', 'Tokyo'],
  ['KR', 3, '04524', 'Seoul'],
  ['SA', 3, '11564', 'Riyadh'],
  ['AE', 3, '00000', 'Dubai'],
  ['IL', 2, '6100000', 'Tel Aviv'],
];

const GOODS: readonly (readonly [description: string, hsCode: string, unitValueCents: number])[] = [
  ['phone case', '392690', 899],
  ['cotton t-shirt', '610910', 1299],
  ['ceramic mug', '691200', 750],
  ['scented candle', '340600', 650],
  ['toy building blocks', '950300', 1999],
  ['canvas tote bag', '420292', 1100],
  ['stainless steel lunch box', '732690', 1450],
  ['wall clock', '910599', 2300],
];

const PICKUPS = ['Shenzhen', 'Shenzhen', 'Guangzhou', 'Yiwu'];

function weighted<T extends readonly [unknown, number, ...unknown[]]>(
  rng: Random,
  items: readonly T[],
): T {
  const total = items.reduce((s, i) => s + i[1], 0);
  let x = rng.next() * total;
  for (const item of items) if ((x -= item[1]) < 0) return item;
  return items[items.length - 1]!;
}

/** The n-th order of a run: the same seed and n give the same order. */
export function loadOrder(seed: number, n: number, prefix = 'SIM') {
  const rng = streamFor(seed, `order:${n}`);
  const [country, , postcode, city] = weighted(rng, DESTINATIONS);
  const [description, hsCode, unitValue] = rng.pick(GOODS);
  const quantity = 1 + Math.floor(rng.next() * 3);
  const itemWeightG = Math.round(80 + 600 * rng.next() ** 2);
  const weightG = itemWeightG * quantity + 40;
  const side = Math.cbrt(weightG * 4000);
  const [lengthMm, widthMm, heightMm] = [1.6, 0.9, 0.5].map((f) =>
    Math.max(20, Math.round(side * f)),
  );
  return {
    id: `${prefix}-${seed}-${String(n).padStart(7, '0')}`,
    buyer: { country, postcode, city },
    tier: rng.pick(['economy', 'standard', 'standard', 'express'] as const),
    parcels: [
      {
        pickup: rng.pick(PICKUPS),
        weightG,
        dims: { lengthMm: lengthMm!, widthMm: widthMm!, heightMm: heightMm! },
        items: [
          {
            description,
            hsCode,
            quantity,
            unitValue: { amount: unitValue, currency: 'USD' },
            originCountry: 'CN',
            weightG: itemWeightG,
          },
        ],
      },
    ],
  };
}

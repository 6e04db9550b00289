// bench/rate: prices 1,000,000 parcels on the demo network's services and prints parcels/s,
// beside a naive baseline measured in the same run that re-parses the rate card CSV on every call.
//   node bench/rate.ts [--parcels N] [--baseline N]
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadNetwork, type Network, type Service } from '../src/core/network/index.ts';
import {
  exportZonesCsv,
  GOODS_FLAGS,
  importRateCardCsv,
  importZonesCsv,
  type ParcelToRate,
  priceParcel,
  type ServicePricing,
} from '../src/core/rating/index.ts';
import { type CountryCode, isCountryCode, seededUnit } from '../src/core/shared/index.ts';
import { DEMO_NETWORK_DIR, readNetworkDir } from '../src/shell/files/network-dir.ts';

const { values } = parseArgs({
  options: {
    parcels: { type: 'string', default: '1000000' },
    baseline: { type: 'string', default: '20000' },
  },
});
const PARCELS = Number(values.parcels);
const BASELINE_PARCELS = Number(values.baseline);
const AT = new Date('2026-11-25T08:00:00Z');

interface Job {
  readonly service: Service;
  readonly parcel: ParcelToRate;
}

function destinationCountries(network: Network, service: Service): CountryCode[] {
  const out = new Set<CountryCode>();
  for (const lane of service.lanes) {
    for (const to of lane.to) {
      const c = network.locations.get(to)?.country ?? (isCountryCode(to) ? to : undefined);
      if (c) out.add(c);
    }
  }
  return [...out];
}

function makeJobs(network: Network, count: number): Job[] {
  const random = seededUnit(20261125);
  const services = [...network.services.values()];
  const jobs: Job[] = [];
  for (let i = 0; i < count; i++) {
    const service = services[Math.floor(random() * services.length)]!;
    const countries = destinationCountries(network, service);
    const country = countries[Math.floor(random() * countries.length)]!;
    const weightG = 50 + Math.floor(random() * random() * 5000);
    const side = () => 50 + Math.floor(random() * 350);
    jobs.push({
      service,
      parcel: {
        weightG,
        dims: random() < 0.8 ? { lengthMm: side(), widthMm: side(), heightMm: side() } : undefined,
        goods: random() < 0.1 ? [GOODS_FLAGS[Math.floor(random() * GOODS_FLAGS.length)]!] : [],
        destination: { country, postcode: String(10000 + Math.floor(random() * 89999)) },
      },
    });
  }
  return jobs;
}

function run(
  jobs: readonly Job[],
  total: number,
  price: (job: Job) => boolean,
): { seconds: number; priced: number } {
  let priced = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < total; i++) if (price(jobs[i % jobs.length]!)) priced++;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, priced };
}

const files = await readNetworkDir(DEMO_NETWORK_DIR);
const loaded = loadNetwork(files);
if (!loaded.ok)
  throw new Error('demo network does not load: run node bin/silkline.js network check');
const network = loaded.value;
const fileText = new Map(files.map((f) => [f.path, f.text]));
const jobs = makeJobs(network, 10_000);
const ctx = { at: AT, currency: network.baseCurrency, fx: network.fx };

const compiled = (job: Job) => priceParcel(job.service.pricing, job.parcel, ctx).ok;

// The naive baseline: what a spreadsheet-driven script does, reading the card text into a card on every call.
const cardSources = new Map<string, { card: string; zones: string | undefined }>();
for (const service of network.services.values()) {
  for (const { card } of service.pricing.cards) {
    cardSources.set(card.id, {
      card: fileText.get(card.id)!,
      zones: card.zones ? exportZonesCsv(card.zones) : undefined,
    });
  }
}
const naive = (job: Job) => {
  const pricing: ServicePricing = job.service.pricing;
  const cards = pricing.cards.map((dated) => {
    const source = cardSources.get(dated.card.id)!;
    const zones = source.zones === undefined ? undefined : importZonesCsv(source.zones);
    const card = importRateCardCsv(source.card, {
      id: dated.card.id,
      zones: zones?.ok ? zones.value : null,
    });
    if (!card.ok) throw new Error(`card ${dated.card.id} did not re-parse`);
    return { ...dated, card: card.value };
  });
  return priceParcel({ ...pricing, cards }, job.parcel, ctx).ok;
};

// Both paths must agree before either is timed.
for (const job of jobs.slice(0, 500)) {
  const a = priceParcel(job.service.pricing, job.parcel, ctx);
  if (a.ok !== naive(job)) throw new Error('baseline and compiled disagree');
}

run(jobs, 50_000, compiled); // warm-up
const base = run(jobs, BASELINE_PARCELS, naive);
const fast = run(jobs, PARCELS, compiled);

const rate = (r: { seconds: number }, n: number) => n / r.seconds;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(
  [
    `bench/rate on ${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${network.services.size} services, ${cardSources.size} cards`,
    `  compiled cards : ${fmt(PARCELS)} parcels in ${fast.seconds.toFixed(2)} s = ${fmt(rate(fast, PARCELS))} parcels/s (${((fast.seconds / PARCELS) * 1e9).toFixed(0)} ns/parcel; ${fmt(fast.priced)} priced, the rest refused by the card: over its weight or no rate)`,
    `  naive baseline : ${fmt(BASELINE_PARCELS)} parcels in ${base.seconds.toFixed(2)} s = ${fmt(rate(base, BASELINE_PARCELS))} parcels/s (re-parses the card CSV per call)`,
    `  speed-up       : ${(rate(fast, PARCELS) / rate(base, BASELINE_PARCELS)).toFixed(1)}×`,
    '',
  ].join('\n'),
);

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Service } from '../../core/network/index.ts';
import {
  CHARGEABLE_WEIGHT_RULES,
  type ChargeableWeightPolicy,
  type ChargeableWeightRule,
  importRateCardCsv,
  importZonesCsv,
  type ParcelToRate,
  priceParcel,
  type RateQuote,
  type RatingFailure,
  type ServicePricing,
} from '../../core/rating/index.ts';
import { type CurrencyCode, formatInputIssue, formatMajor } from '../../core/shared/index.ts';
import type { FxTable } from '../../core/rating/index.ts';
import { type CliIo, table, UsageError } from './io.ts';
import * as input from './inputs.ts';
import { networkOrReport } from './network-command.ts';

export interface RateOptions {
  card?: string | undefined;
  zones?: string | undefined;
  service?: string | undefined;
  network?: string | undefined;
  destination?: string | undefined;
  postcode?: string | undefined;
  'weight-g'?: string | undefined;
  dims?: string | undefined;
  divisor?: string | undefined;
  rule?: string | undefined;
  'round-g'?: string | undefined;
  'min-g'?: string | undefined;
  goods?: string | undefined;
  at?: string | undefined;
  currency?: string | undefined;
  json?: boolean | undefined;
}

/** For a bare card: IATA's air-cargo divisor, billed by the gram on the greater of actual and volumetric weight. */
export const STANDALONE_CARD_POLICY: ChargeableWeightPolicy = {
  rule: 'max',
  divisor: 6000,
  roundUpToG: 1,
  minimumG: 0,
};

function describeFailure(f: RatingFailure): string {
  switch (f.tag) {
    case 'no-card-in-force':
      return `no rate card is in force at ${f.at}`;
    case 'no-rate-for-destination':
      return `card ${f.cardId} has no rate for ${f.country}${f.postcode ? ` postcode ${f.postcode}` : ''}`;
    case 'over-max-weight':
      return `chargeable weight ${f.chargeableG} g is over the ${f.maxG} g this card prices for ${f.rateKey}`;
    case 'no-fx-rate':
      return `no exchange rate from ${f.from} to ${f.to} at ${f.at}`;
  }
}

/** Why a service would not take the parcel at all (refused goods, over a weight or size limit), if it would not. */
function restrictionBreach(service: Service, parcel: ParcelToRate): string | undefined {
  const r = service.restrictions;
  const refused = parcel.goods.filter((g) => r.refusedGoods.includes(g));
  if (refused.length > 0) return `service ${service.id} refuses ${refused.join(', ')}`;
  if (r.maxWeightG !== null && parcel.weightG > r.maxWeightG) {
    return `${parcel.weightG} g is over the ${r.maxWeightG} g limit of service ${service.id}`;
  }
  if (parcel.dims) {
    const [longest, mid, short] = [
      parcel.dims.lengthMm,
      parcel.dims.widthMm,
      parcel.dims.heightMm,
    ].sort((a, b) => b - a) as [number, number, number];
    if (r.maxLongestSideMm !== null && longest > r.maxLongestSideMm) {
      return `longest side ${longest} mm is over the ${r.maxLongestSideMm} mm limit of service ${service.id}`;
    }
    const girth = longest + 2 * (mid + short);
    if (r.maxLengthPlusGirthMm !== null && girth > r.maxLengthPlusGirthMm) {
      return `length plus girth ${girth} mm is over the ${r.maxLengthPlusGirthMm} mm limit of service ${service.id}`;
    }
  }
  return undefined;
}

async function readText(io: CliIo, option: string, path: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch {
    throw new UsageError(`--${option}: cannot read ${path}`);
  }
}

function policyOverrides(opts: RateOptions, base: ChargeableWeightPolicy): ChargeableWeightPolicy {
  let rule: ChargeableWeightRule = base.rule;
  if (opts.rule !== undefined) {
    if (!(CHARGEABLE_WEIGHT_RULES as readonly string[]).includes(opts.rule)) {
      throw new UsageError(
        `--rule: "${opts.rule}" is not one of ${CHARGEABLE_WEIGHT_RULES.join(', ')}`,
      );
    }
    rule = opts.rule as ChargeableWeightRule;
  }
  return {
    rule,
    divisor:
      opts.divisor !== undefined
        ? input.wholeNumber('divisor', opts.divisor, 1000, 20000, 'cm³/kg')
        : base.divisor,
    roundUpToG:
      opts['round-g'] !== undefined
        ? input.wholeNumber('round-g', opts['round-g'], 1, 5000, 'g')
        : base.roundUpToG,
    minimumG:
      opts['min-g'] !== undefined
        ? input.wholeNumber('min-g', opts['min-g'], 0, 100000, 'g')
        : base.minimumG,
  };
}

function quoteJson(q: RateQuote) {
  return {
    amount: q.total.amount,
    currency: q.total.currency,
    chargeableWeightG: q.weight.chargeableG,
    actualWeightG: q.weight.actualG,
    volumetricWeightG: q.weight.volumetricG,
    rateKey: q.rateKey,
    card: q.cardId,
    fxRate: q.fxRate,
    lines: q.lines.map((l) => ({
      kind: l.kind,
      name: l.name,
      amount: l.amount.amount,
      currency: l.amount.currency,
    })),
  };
}

export async function rateCommand(io: CliIo, opts: RateOptions, now: Date): Promise<number> {
  if (!opts.card === !opts.service)
    throw new UsageError('give exactly one of --card FILE.csv or --service SERVICE_ID');
  const parcel: ParcelToRate = {
    weightG: input.wholeNumber('weight-g', opts['weight-g'], 1, input.MAX_PARCEL_WEIGHT_G, 'g'),
    dims: input.dimensions('dims', opts.dims),
    goods: input.goods('goods', opts.goods),
    destination: {
      country: input.country('destination', opts.destination),
      postcode: opts.postcode?.trim() || undefined,
    },
  };
  // Checked here so bad input fails before any file is read; re-read below in the network's time zone.
  let at = input.instant('at', opts.at, now);
  let pricing: ServicePricing;
  let fx: FxTable | undefined;
  let label: string;
  if (opts.card) {
    const zonesText = opts.zones ? await readText(io, 'zones', opts.zones) : undefined;
    const zones = zonesText === undefined ? null : importZonesCsv(zonesText);
    if (zones && !zones.ok) {
      for (const issue of zones.error)
        io.stderr(`${formatInputIssue({ ...issue, file: opts.zones })}\n`);
      return 2;
    }
    const card = importRateCardCsv(await readText(io, 'card', opts.card), {
      id: opts.card,
      zones: zones?.value ?? null,
    });
    if (!card.ok) {
      io.stderr(`${opts.card}: ${card.error.length} error(s); the card was not used:\n`);
      for (const issue of card.error)
        io.stderr(`  ${formatInputIssue({ ...issue, file: opts.card })}\n`);
      return 2;
    }
    pricing = {
      chargeableWeight: policyOverrides(opts, STANDALONE_CARD_POLICY),
      cards: [{ card: card.value, validFromMs: 0, validToMs: null }],
      surcharges: [],
      minimumCharge: null,
    };
    label = opts.card;
    if (opts.currency !== undefined)
      throw new UsageError('--currency needs --service: a bare card has no FX table');
  } else {
    const network = await networkOrReport(io, opts.network);
    if (!network) return 1;
    const service = network.services.get(opts.service!);
    if (!service)
      throw new UsageError(`--service: no service "${opts.service}" in network ${network.id}`);
    at = input.instant('at', opts.at, now, network.timezone);
    const breach = restrictionBreach(service, parcel);
    if (breach) {
      if (opts.json) io.stdout(JSON.stringify({ error: 'restricted', reason: breach }) + '\n');
      io.stderr(`cannot price: ${breach}\n`);
      return 1;
    }
    pricing = {
      ...service.pricing,
      chargeableWeight: policyOverrides(opts, service.pricing.chargeableWeight),
    };
    fx = network.fx;
    label = `${service.id} (${service.name})`;
  }
  const currency: CurrencyCode | undefined = opts.currency
    ? input.currency('currency', opts.currency)
    : undefined;
  const quote = priceParcel(pricing, parcel, { at, currency, fx });
  if (!quote.ok) {
    const reason = describeFailure(quote.error);
    if (opts.json)
      io.stdout(JSON.stringify({ error: quote.error.tag, reason, ...quote.error }) + '\n');
    io.stderr(`cannot price: ${reason}\n`);
    return 1;
  }
  const q = quote.value;
  if (opts.json) {
    io.stdout(JSON.stringify(quoteJson(q)) + '\n');
    return 0;
  }
  io.stdout(
    `${label} → ${parcel.destination.country}${parcel.destination.postcode ? ' ' + parcel.destination.postcode : ''} (rates: ${q.rateKey})\n`,
  );
  io.stdout(
    `weight: actual ${q.weight.actualG} g, volumetric ${q.weight.volumetricG ?? '-'} g, chargeable ${q.weight.chargeableG} g\n`,
  );
  io.stdout(
    table(
      ['charge', 'amount', 'currency'],
      [
        ...q.lines.map((l) => [l.name, formatMajor(l.amount), l.amount.currency]),
        ['TOTAL', formatMajor(q.total), q.total.currency],
      ],
      [1],
    ),
  );
  return 0;
}

export { describeFailure };

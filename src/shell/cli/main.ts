import { parseArgs } from 'node:util';
import { SilklineError } from '../../core/shared/index.ts';
import { demoCommand } from './demo-command.ts';
import { docsCommand, manifestCommand } from './docs-command.ts';
import { exportDeclarationCommand } from './export-declaration-command.ts';
import { hsCommand } from './hs-command.ts';
import { type CliIo, UsageError } from './io.ts';
import { landedCostCommand } from './landed-cost-command.ts';
import { networkCheck } from './network-command.ts';
import { compareCommand, planCommand } from './plan-command.ts';
import { rateCommand } from './rate-command.ts';
import { eventsCommand, partnersCommand } from './tracking-commands.ts';
import { simulateCommand } from './simulate-command.ts';
import {
  dbMigrateCommand,
  keysCreateCommand,
  serveCommand,
  workerCommand,
} from './server-commands.ts';

export const HELP = `silkline: the value-chain logistics integrator

Usage:
  silkline demo                      check the demo network and price sample parcels on it
  silkline network check [DIR] [--json]
                                     validate a partner network directory and summarise it
                                     (default: the demo network, or $SILKLINE_NETWORK_DIR)
  silkline rate --card FILE.csv --destination CC --weight-g N [--dims LxWxH] [--divisor N] [--json]
               [--zones ZONES.csv] [--postcode P] [--rule max|volumetric-if-double|actual]
               [--round-g N] [--min-g N]
                                     price one parcel on one rate card (amounts in the card's currency)
  silkline rate --service SERVICE_ID --destination CC --weight-g N [--network DIR] [--dims LxWxH]
               [--postcode P] [--goods battery-in-equipment;liquid;...] [--at ISO] [--currency CUR] [--json]
                                     price one parcel on a service of the loaded network
  silkline plan --orders FILE [--network DIR] [--tier economy|standard|express] [--at ISO] [--json]
               [--customs DIR]
                                     plan each order (FILE: .csv, .json or .jsonl): the cheapest value chain
                                     on landed cost (logistics + duties, taxes and fees at its border; rules
                                     from DIR, default data/customs) meeting its promise, alternatives, the four
                                     single-partner baselines, the return, the quote; --json: one JSON object
                                     per order per line
  silkline compare --orders FILE [--network DIR] [--tier …] [--at ISO] [--json] [--customs DIR]
                                     the value chain against postal, express, dedicated line and overseas
                                     warehouse over all orders: feasible share, cost, days, on time, losses, returns
  silkline landed-cost --input FILE.json [--json]
                                     duties, taxes and fees of one consignment at its destination on its import
                                     date, each line naming its dated rule (docs/customs.md; example input in
                                     data/customs/examples/); exit 1 when no rule covers the destination or date

  silkline serve [--port N] [--data DIR] [--demo [--speed N] [--no-simulator]] [--network DIR]
                                     the integrator service: API and job workers in one process, on embedded
                                     PGlite (DIR, $SILKLINE_DATA_DIR or .silkline/data) or PostgreSQL ($DATABASE_URL);
                                     --demo prints ready-to-use keys and curl lines, posts a few demo orders and
                                     runs the partner simulator on a clock N times real time (default 3600)
  silkline simulate --url URL --operator-key KEY [--speed N] [--seed N] [--rate ORDERS_PER_S]
               [--orders-only] [--duration SECONDS] [--network DIR]
                                     the partner simulator against a running Silkline, over its public API:
                                     partners post signed events for their booked legs (at the server's --speed);
                                     --rate also posts orders as a seller (a load generator)
  silkline worker [--network DIR]    job workers alone, against PostgreSQL ($DATABASE_URL), to scale out
  silkline keys create --tenant NAME --role seller|operator|partner [--partner ID] [--data DIR]
                                     print a new API key (alone on stdout; it is stored hashed)
  silkline db migrate                apply migrations to PostgreSQL ($DATABASE_URL)
  silkline partners secret PARTNER_ID [--rotate] [--data DIR] [--network DIR]
                                     print a partner's new webhook signing secret (alone on stdout); --rotate
                                     replaces one (the old one is accepted for 24 h more); exit 1 if one exists
  silkline events import FILE --partner ID [--data DIR] [--network DIR] [--json]
                                     import a partner's tracking events (.csv or .jsonl; docs/tracking.md),
                                     a chunk per transaction; bad lines are reported by line (exit 2), the rest kept
  silkline docs SHIPMENT_ID --out DIR [--data DIR] [--network DIR]
                                     write the shipment's PDFs: invoice.pdf, packing-list.pdf, cn22.pdf or
                                     cn23.pdf (postal items), label-N.pdf per parcel (4 × 6 in, Code 128 of the
                                     tracking number) (docs/documents.md); exit 1 when they cannot be made
  silkline manifest --service SERVICE_ID --departs ISO --out DIR [--data DIR] [--network DIR]
                                     write manifest.pdf and manifest.csv of a line-haul departure: its parcels
                                     and their declarations
  silkline export-declaration SHIPMENT_ID [--json] [--data DIR]
                                     the China export declaration (9610 data set) stored when the shipment was
                                     booked, with every missing field (docs/customs-export.md); exit 1 when it is
                                     incomplete or there is none

  silkline hs check CODE [--country CC] [--json]
                                     check an HS 2022 code (6 digits, or 8/10 with the national digits of
                                     CC's tariff; US HTS lines are verified) and print its description path;
                                     exit 1 when the code is refused (unknown, a heading, a pseudo-code)
  silkline hs suggest "TEXT" [--limit N] [--json]
                                     suggest HS subheadings for an item description, ranked, for a person to choose

Weights are whole grams, dimensions whole millimetres; JSON amounts are integer minor units.
--at takes a date (local midnight in the network's time zone) or an ISO 8601 instant with offset.
Exit codes: 0 done, 1 cannot be done (invalid network, no rate, refused by the service), 2 bad input.
`;

const PLAN_OPTIONS = {
  orders: { type: 'string' },
  network: { type: 'string' },
  tier: { type: 'string' },
  at: { type: 'string' },
  json: { type: 'boolean' },
  customs: { type: 'string' },
} as const;

const RATE_OPTIONS = {
  card: { type: 'string' },
  zones: { type: 'string' },
  service: { type: 'string' },
  network: { type: 'string' },
  destination: { type: 'string' },
  postcode: { type: 'string' },
  'weight-g': { type: 'string' },
  dims: { type: 'string' },
  divisor: { type: 'string' },
  rule: { type: 'string' },
  'round-g': { type: 'string' },
  'min-g': { type: 'string' },
  goods: { type: 'string' },
  at: { type: 'string' },
  currency: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * `--weight-g -5` would make parseArgs take `-5` for an option and fail without a reason; a string
 * option followed by a negative number gets it as its value, so the option's own check names the problem.
 */
function joinNegativeValues(
  args: readonly string[],
  options: Readonly<Record<string, { readonly type: string }>>,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (
      name !== undefined &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      /^-\d/.test(next)
    ) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

async function dispatch(argv: string[], io: CliIo, now: Date): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(HELP);
      return command === undefined ? 2 : 0;
    case 'demo':
      parseArgs({ args: rest, options: {}, strict: true });
      return demoCommand(io, now);
    case 'network': {
      const [sub, ...args] = rest;
      if (sub !== 'check')
        throw new UsageError(
          `unknown command "network ${sub ?? ''}"; try: silkline network check [DIR]`,
        );
      const { values, positionals } = parseArgs({
        args,
        options: { json: { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length > 1) throw new UsageError('network check takes one directory');
      return networkCheck(io, positionals[0], values.json ?? false);
    }
    case 'plan':
    case 'compare': {
      const { values } = parseArgs({ args: rest, options: PLAN_OPTIONS, strict: true });
      return command === 'plan' ? planCommand(io, values, now) : compareCommand(io, values, now);
    }
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: {
          port: { type: 'string' },
          data: { type: 'string' },
          demo: { type: 'boolean' },
          network: { type: 'string' },
          speed: { type: 'string' },
          'no-simulator': { type: 'boolean' },
        },
        strict: true,
      });
      return serveCommand(io, values);
    }
    case 'simulate': {
      const { values } = parseArgs({
        args: rest,
        options: {
          url: { type: 'string' },
          'operator-key': { type: 'string' },
          speed: { type: 'string' },
          seed: { type: 'string' },
          rate: { type: 'string' },
          duration: { type: 'string' },
          network: { type: 'string' },
          'orders-only': { type: 'boolean' },
        },
        strict: true,
      });
      return simulateCommand(io, values);
    }
    case 'worker': {
      const { values } = parseArgs({
        args: rest,
        options: { network: { type: 'string' } },
        strict: true,
      });
      return workerCommand(io, values);
    }
    case 'keys': {
      const [sub, ...args] = rest;
      if (sub !== 'create')
        throw new UsageError(
          `unknown command "keys ${sub ?? ''}"; try: silkline keys create --tenant NAME --role seller`,
        );
      const { values } = parseArgs({
        args,
        options: {
          tenant: { type: 'string' },
          role: { type: 'string' },
          partner: { type: 'string' },
          data: { type: 'string' },
        },
        strict: true,
      });
      return keysCreateCommand(io, values);
    }
    case 'db': {
      const [sub, ...args] = rest;
      if (sub !== 'migrate')
        throw new UsageError(`unknown command "db ${sub ?? ''}"; try: silkline db migrate`);
      parseArgs({ args, options: {}, strict: true });
      return dbMigrateCommand(io);
    }
    case 'docs':
      return docsCommand(io, rest);
    case 'manifest':
      return manifestCommand(io, rest);
    case 'partners':
      return partnersCommand(io, rest);
    case 'events':
      return eventsCommand(io, rest);
    case 'export-declaration':
      return exportDeclarationCommand(io, rest);
    case 'hs':
      return hsCommand(io, rest);
    case 'landed-cost': {
      const { values } = parseArgs({
        args: rest,
        options: { input: { type: 'string' }, json: { type: 'boolean' } },
        strict: true,
      });
      return landedCostCommand(io, values);
    }
    case 'rate': {
      const { values } = parseArgs({
        args: joinNegativeValues(rest, RATE_OPTIONS),
        options: RATE_OPTIONS,
        strict: true,
      });
      return rateCommand(io, values, now);
    }
    default:
      throw new UsageError(`unknown command "${command}"; run silkline help`);
  }
}

/** Runs one CLI invocation and returns its exit code; never lets a stack trace reach the user. */
export async function main(argv: string[], io: CliIo, now: Date = new Date()): Promise<number> {
  try {
    return await dispatch(argv, io, now);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`silkline: ${e.message}\n`);
      return 2;
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`silkline: ${(e as Error).message}\n`);
      return 2;
    }
    if (e instanceof SilklineError) {
      io.stderr(`silkline: ${e.message} (${e.code})\n`);
      return 1;
    }
    io.stderr(`silkline: internal error: ${(e as Error).message ?? String(e)}\n`);
    if (io.env.SILKLINE_DEBUG) io.stderr(`${(e as Error).stack}\n`);
    return 70;
  }
}

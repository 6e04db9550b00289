import { parseArgs } from 'node:util';
import { SilklineError } from '../../core/shared/index.ts';
import { demoCommand } from './demo-command.ts';
import { type CliIo, UsageError } from './io.ts';
import { networkCheck } from './network-command.ts';
import { compareCommand, planCommand } from './plan-command.ts';
import { rateCommand } from './rate-command.ts';
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
                                     plan each order (FILE: .csv, .json or .jsonl): the cheapest value chain
                                     meeting its promise, alternatives, the four single-partner baselines,
                                     the return, the quote; --json writes one JSON object per order per line
  silkline compare --orders FILE [--network DIR] [--tier …] [--at ISO] [--json]
                                     the value chain against postal, express, dedicated line and overseas
                                     warehouse over all orders: feasible share, cost, days, on time, losses, returns

  silkline serve [--port N] [--data DIR] [--demo] [--network DIR]
                                     the integrator service: API and job workers in one process, on embedded
                                     PGlite (DIR, $SILKLINE_DATA_DIR or .silkline/data) or PostgreSQL ($DATABASE_URL);
                                     --demo prints ready-to-use keys and curl lines
  silkline worker [--network DIR]    job workers alone, against PostgreSQL ($DATABASE_URL), to scale out
  silkline keys create --tenant NAME --role seller|operator|partner [--partner ID] [--data DIR]
                                     print a new API key (alone on stdout; it is stored hashed)
  silkline db migrate                apply migrations to PostgreSQL ($DATABASE_URL)

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
        },
        strict: true,
      });
      return serveCommand(io, values);
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

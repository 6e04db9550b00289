import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getRandomValues } from 'node:crypto';
import { createIdSource } from '../../core/shared/index.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { openStore } from '../db/store.ts';
import { eventFormatOfPath } from '../files/tracking-event-files.ts';
import { startRuntime, systemClock } from '../server/runtime.ts';
import {
  importEventFile,
  issuePartnerSecret,
  queuedRebuilder,
  SECRET_GRACE_MS,
} from '../service/tracking.ts';
import { type CliIo, UsageError } from './io.ts';
import { networkOrReport } from './network-command.ts';
import { dataDirOf } from './server-commands.ts';

function storeError(e: unknown): never {
  if (e instanceof DataDirLockedError) throw new UsageError(e.message);
  throw e;
}

/**
 * `silkline partners secret PARTNER_ID [--rotate] [--data DIR] [--network DIR]`: creates the
 * partner's webhook secret, or with --rotate replaces it (the old one is accepted for the grace
 * period). The secret alone goes to stdout; what happened, to stderr. Exit 1 when the partner
 * already has a secret and --rotate was not given.
 */
export async function partnersCommand(io: CliIo, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'secret')
    throw new UsageError(
      `unknown command "partners ${sub ?? ''}"; try: silkline partners secret PARTNER_ID [--rotate]`,
    );
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      rotate: { type: 'boolean' },
      data: { type: 'string' },
      network: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1)
    throw new UsageError(
      'partners secret takes one partner id: silkline partners secret PARTNER_ID',
    );
  const partnerId = positionals[0]!;
  const network = await networkOrReport(io, values.network);
  if (!network) return 1;
  if (!network.partners.has(partnerId))
    throw new UsageError(`no partner "${partnerId}" in network ${network.id}`);
  const store = await openStore({
    databaseUrl: io.env.DATABASE_URL,
    dataDir: dataDirOf(io, values),
    migrate: !io.env.DATABASE_URL,
  }).catch(storeError);
  try {
    const issued = await issuePartnerSecret(
      {
        db: store.db,
        ids: createIdSource(systemClock, (b) => getRandomValues(b)),
        now: systemClock.now(),
      },
      partnerId,
      { rotate: values.rotate ?? false },
    );
    if (!issued.ok) {
      io.stderr(
        `silkline: partner ${partnerId} has a webhook secret already; --rotate replaces it (the old one stays valid for ${SECRET_GRACE_MS / 3_600_000} h)\n`,
      );
      return 1;
    }
    io.stdout(`${issued.secret}\n`);
    io.stderr(
      issued.previousValidUntil
        ? `rotated the webhook secret of ${partnerId}; the previous one is accepted until ${issued.previousValidUntil}; the new one is not shown again\n`
        : `created the webhook secret of ${partnerId}; it is not shown again\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * `silkline events import FILE --partner ID [--data DIR] [--network DIR] [--json]`: a partner's
 * event file (.csv or .jsonl), streamed and stored a chunk per transaction, as the batch upload
 * does. Exit 0 when every line was read, 2 when some lines were invalid (the others are kept).
 */
export async function eventsCommand(io: CliIo, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import')
    throw new UsageError(
      `unknown command "events ${sub ?? ''}"; try: silkline events import FILE --partner ID`,
    );
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      partner: { type: 'string' },
      data: { type: 'string' },
      network: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('events import takes one file');
  if (!values.partner) throw new UsageError('--partner ID is required: whose events these are');
  const path = resolve(io.cwd, positionals[0]!);
  const format = eventFormatOfPath(path);
  if (!format) throw new UsageError(`${positionals[0]}: the file must end in .csv or .jsonl`);
  if (!(await stat(path).catch(() => undefined))?.isFile())
    throw new UsageError(`${positionals[0]}: no such file`);
  const runtime = await startRuntime({
    databaseUrl: io.env.DATABASE_URL,
    dataDir: dataDirOf(io, values),
    networkDir: values.network ? resolve(io.cwd, values.network) : undefined,
    // Seller webhooks of status changes are enqueued with the events; a server delivers them.
    jobs: true,
    workers: false,
    migrate: !io.env.DATABASE_URL,
  }).catch(storeError);
  try {
    if (!runtime.deps.planning.network.partners.has(values.partner))
      throw new UsageError(`no partner "${values.partner}" in the network`);
    const started = Date.now();
    const summary = await importEventFile(
      runtime.deps,
      values.partner,
      format,
      createReadStream(path),
    );
    // The parcels' timelines before the process exits (what another process queued too).
    await queuedRebuilder(runtime.deps).settle();
    const seconds = (Date.now() - started) / 1000;
    if (values.json) io.stdout(`${JSON.stringify(summary)}\n`);
    else {
      io.stdout(
        `${summary.total} event(s) read in ${seconds.toFixed(1)} s: ${summary.recorded} recorded, ${summary.unmatched} kept unmatched, ${summary.unmapped} with unmapped codes, ${summary.duplicates} duplicate(s), ${summary.invalid} invalid\n`,
      );
      for (const [code, n] of Object.entries(summary.unmappedCodes))
        io.stdout(
          `  unmapped code ${JSON.stringify(code)}: ${n} event(s), reported to operators\n`,
        );
      for (const e of summary.errors)
        io.stderr(`${positionals[0]}:${e.line}: ${e.field}: ${e.message}\n`);
      if (summary.errorsTruncated) io.stderr('  (more errors not listed)\n');
    }
    return summary.invalid > 0 ? 2 : 0;
  } finally {
    await runtime.stop();
  }
}

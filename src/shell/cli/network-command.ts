import { resolve } from 'node:path';
import {
  loadNetwork,
  type Network,
  type NetworkIssue,
  summarizeNetwork,
} from '../../core/network/index.ts';
import { formatInputIssue, type Result } from '../../core/shared/index.ts';
import { DEMO_NETWORK_DIR, readNetworkDir } from '../files/network-dir.ts';
import { type CliIo, table, UsageError } from './io.ts';

export async function readAndLoadNetwork(
  io: CliIo,
  dir: string | undefined,
): Promise<{ dir: string; result: Result<Network, NetworkIssue[]> }> {
  const path = dir
    ? resolve(io.cwd, dir)
    : io.env.SILKLINE_NETWORK_DIR
      ? resolve(io.cwd, io.env.SILKLINE_NETWORK_DIR)
      : DEMO_NETWORK_DIR;
  let files;
  try {
    files = await readNetworkDir(path);
  } catch {
    throw new UsageError(`network directory not found or unreadable: ${path}`);
  }
  return { dir: path, result: loadNetwork(files) };
}

/** Loads a network or prints every issue; undefined means the caller should exit 1. */
export async function networkOrReport(
  io: CliIo,
  dir: string | undefined,
): Promise<Network | undefined> {
  const { dir: path, result } = await readAndLoadNetwork(io, dir);
  if (result.ok) return result.value;
  io.stderr(`network ${path} has ${result.error.length} error(s); nothing was loaded:\n`);
  for (const issue of result.error) io.stderr(`  ${formatInputIssue(issue)}\n`);
  return undefined;
}

export async function networkCheck(
  io: CliIo,
  dir: string | undefined,
  json: boolean,
): Promise<number> {
  const { dir: path, result } = await readAndLoadNetwork(io, dir);
  if (!result.ok) {
    if (json) {
      io.stdout(JSON.stringify({ valid: false, directory: path, issues: result.error }) + '\n');
    } else {
      io.stderr(`network ${path} has ${result.error.length} error(s); nothing was loaded:\n`);
      for (const issue of result.error) io.stderr(`  ${formatInputIssue(issue)}\n`);
    }
    return 1;
  }
  const s = summarizeNetwork(result.value);
  if (json) {
    io.stdout(JSON.stringify({ valid: true, directory: path, summary: s }) + '\n');
    return 0;
  }
  const counts = (rec: Partial<Record<string, number>>) =>
    Object.entries(rec)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  io.stdout(`network ${s.id} (${s.name}) is valid: ${path}\n`);
  io.stdout(
    table(
      ['what', 'count', 'detail'],
      [
        ['locations', String(s.locations), counts(s.locationsByKind)],
        ['partners', String(s.partners), counts(s.partnersByKind)],
        ['services', String(s.services), counts(s.servicesByMode) || '-'],
        [
          'activities',
          String(Object.keys(s.servicesByActivity).length),
          counts(s.servicesByActivity),
        ],
        ['rate cards', String(s.rateCards), `base currency ${s.baseCurrency}`],
        ['destinations', String(s.destinationCountries.length), s.destinationCountries.join(' ')],
      ],
      [1],
    ),
  );
  return 0;
}

import { resolve } from 'node:path';
import { loadNetwork } from '../../core/network/index.ts';
import { formatInputIssue } from '../../core/shared/index.ts';
import { calibratedClock, startSimulator } from '../../simulator/index.ts';
import { DEMO_NETWORK_DIR, readNetworkDir } from '../files/network-dir.ts';
import { formatMappingIssue, readTrackingMappings } from '../files/tracking-mappings.ts';
import * as input from './inputs.ts';
import { type CliIo, UsageError } from './io.ts';

/**
 * `silkline simulate`: the partner simulator against a running Silkline, over its public API.
 * It plays the network's partners (keys and webhook secrets made with the operator key) and, with
 * --rate, posts orders as a seller: a load generator. Runs until Ctrl-C or --duration.
 */
export async function simulateCommand(
  io: CliIo,
  opts: {
    url?: string | undefined;
    'operator-key'?: string | undefined;
    speed?: string | undefined;
    seed?: string | undefined;
    rate?: string | undefined;
    duration?: string | undefined;
    network?: string | undefined;
    'orders-only'?: boolean | undefined;
  },
): Promise<number> {
  if (!opts.url) throw new UsageError('--url URL is required (the Silkline to simulate against)');
  let url: URL;
  try {
    url = new URL(opts.url);
  } catch {
    throw new UsageError(`--url: "${opts.url}" is not a URL such as http://127.0.0.1:8080`);
  }
  const operatorKey = opts['operator-key'] ?? io.env.SILKLINE_OPERATOR_KEY;
  if (!operatorKey)
    throw new UsageError('--operator-key KEY (or $SILKLINE_OPERATOR_KEY) is required');
  const speed =
    opts.speed === undefined ? 3600 : input.wholeNumber('speed', opts.speed, 1, 10_000_000, '');
  const seed =
    opts.seed === undefined ? 1 : input.wholeNumber('seed', opts.seed, 0, 2 ** 31 - 1, '');
  let rate = 0;
  if (opts.rate !== undefined) {
    rate = Number(opts.rate);
    if (!/^\d+(\.\d+)?$/.test(opts.rate.trim()) || !(rate >= 0 && rate <= 10_000))
      throw new UsageError(
        `--rate: "${opts.rate}" is not a number of orders per second from 0 to 10000`,
      );
  }
  const durationS =
    opts.duration === undefined
      ? undefined
      : input.wholeNumber('duration', opts.duration, 1, 31 * 86_400, 'seconds');
  if (opts['orders-only'] && rate === 0)
    throw new UsageError('--orders-only posts orders: give --rate N (orders per second)');

  const dir = opts.network ? resolve(io.cwd, opts.network) : DEMO_NETWORK_DIR;
  const network = loadNetwork(await readNetworkDir(dir));
  if (!network.ok) {
    for (const issue of network.error) io.stderr(`${formatInputIssue(issue)}\n`);
    return 1;
  }
  const mappings = await readTrackingMappings(network.value.timezone);
  if (!mappings.ok) {
    for (const issue of mappings.error) io.stderr(`${formatMappingIssue(issue)}\n`);
    return 1;
  }
  const base = url.toString().replace(/\/+$/, '');
  let simulator;
  try {
    simulator = await startSimulator({
      baseUrl: base,
      operatorKey,
      network: network.value,
      mappings: mappings.value,
      // Apart from the server: follow its clock from the times it answers with.
      clock: calibratedClock(speed),
      speed,
      model: { seed },
      ...(opts['orders-only'] ? { partners: [] } : {}),
      ordersPerSecond: rate,
      log: (line) => io.stderr(`${line}\n`),
    });
  } catch (e) {
    io.stderr(`silkline simulate: cannot start against ${base}: ${(e as Error).message}\n`);
    return 1;
  }
  io.stderr(
    `silkline simulate: playing ${simulator.partnerKeys.size} partners against ${base} at ×${speed}` +
      (rate > 0 ? `, posting ${rate} orders/s` : '') +
      `; Ctrl-C stops\n`,
  );
  await new Promise<void>((done) => {
    const finish = () => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      done();
    };
    const timer = durationS === undefined ? undefined : setTimeout(finish, durationS * 1000);
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
  });
  await simulator.stop();
  io.stdout(`${simulator.report()}\n`);
  return 0;
}

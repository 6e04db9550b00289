// How much this machine gives right now: the same allocation-heavy work (objects, strings, a map,
// as a service's heap sees them) timed alone and as two at once. Runs on this machine vary by
// ±15 % from minute to minute, and two memory-heavy processes slow each other down far more than
// two counting loops do; a benchmark prints this beside its figures, before and after, so that runs
// are compared on what the machine gave them (docs/benchmarks.md, bench/tracking).
import { execFile } from 'node:child_process';

const WORK = `
  const t = performance.now();
  const keep = [];
  let s = 0;
  for (let i = 0; i < 700_000; i++) {
    const o = { a: i, b: String(i), c: [i, i + 1, i + 2] };
    keep.push(o);
    if (keep.length > 100_000) keep.length = 0;
    s += o.c.length;
  }
  const m = new Map();
  for (let i = 0; i < 500_000; i++) m.set('k' + ((i * 7919) % 500_009), i);
  console.log(JSON.stringify({ ms: performance.now() - t, check: s + m.size }));
`;

function runOnce(): Promise<number> {
  return new Promise((ok, fail) => {
    // A process of its own, with a collector without helper threads: one copy is one core's work.
    execFile(
      process.execPath,
      ['--single-threaded-gc', '-e', WORK],
      { timeout: 60_000 },
      (error, stdout) => {
        if (error) fail(error);
        else ok((JSON.parse(stdout) as { ms: number }).ms);
      },
    );
  });
}

export interface MachineState {
  /** The work alone, ms. */
  readonly aloneMs: number;
  /** The slower of two copies run at once, ms. */
  readonly pairMs: number;
}

export async function machineState(): Promise<MachineState> {
  const aloneMs = await runOnce();
  const pair = await Promise.all([runOnce(), runOnce()]);
  return { aloneMs, pairMs: Math.max(...pair) };
}

export function describeMachineState(s: MachineState): string {
  return `${Math.round(s.aloneMs)} ms alone, ${Math.round(s.pairMs)} ms as a pair (×${(s.pairMs / s.aloneMs).toFixed(2)})`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (let i = 0; i < 3; i++)
    process.stdout.write(`${describeMachineState(await machineState())}\n`);
}

/** Time enters the core only through a Clock passed in, so tests and simulations control it. */
export interface Clock {
  now(): Date;
}

export const fixedClock = (at: Date): Clock => ({ now: () => new Date(at.getTime()) });

/**
 * A clock that runs `speed` times faster than a real one: from `startMs` (simulated) at the real
 * instant `realStartMs`, each real millisecond is `speed` simulated ones. The real time source is
 * passed in (the shell gives `Date.now`), so the clock stays pure and tests drive it. The demo
 * (`silkline serve --demo --speed N`) gives the same clock to the integrator and the partner
 * simulator, so ETAs and "no scan for too long" are judged in simulated time.
 */
export function acceleratedClock(options: {
  readonly speed: number;
  readonly realNowMs: () => number;
  /** The simulated instant at realStartMs; default: realStartMs itself (the simulation starts now). */
  readonly startMs?: number;
  /** Default: the real time when the clock is made. */
  readonly realStartMs?: number;
}): Clock & { readonly speed: number; simulatedMs(realMs: number): number } {
  const { speed, realNowMs } = options;
  if (!(Number.isFinite(speed) && speed > 0))
    throw new RangeError(`an accelerated clock needs a positive finite speed, not ${speed}`);
  const realStartMs = options.realStartMs ?? realNowMs();
  const startMs = options.startMs ?? realStartMs;
  const simulatedMs = (realMs: number) => Math.floor(startMs + (realMs - realStartMs) * speed);
  return { speed, simulatedMs, now: () => new Date(simulatedMs(realNowMs())) };
}

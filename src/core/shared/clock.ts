/** Time enters the core only through a Clock passed in, so tests and simulations control it. */
export interface Clock {
  now(): Date;
}

export const fixedClock = (at: Date): Clock => ({ now: () => new Date(at.getTime()) });

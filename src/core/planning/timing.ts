import type { Lane, Service } from '../network/index.ts';
import { addDist, type Dist, durationDist, mapDist, mixDist, pointDist } from './distribution.ts';
import { type DepartureSlot, nextDeparture } from './schedule.ts';

const legCache = new WeakMap<Lane, WeakMap<Service, Dist>>();

/**
 * What a leg takes once it has departed: the lane's transit, plus for a clearance service its
 * clearance time, with the inspection delay added in the inspected share of cases.
 */
export function legDurationDist(service: Service, lane: Lane): Dist {
  let byService = legCache.get(lane);
  if (!byService) legCache.set(lane, (byService = new WeakMap()));
  const cached = byService.get(service);
  if (cached) return cached;
  let d = durationDist(lane.transit);
  const c = service.clearance;
  if (c) {
    const clear = durationDist(c.clearanceTime);
    const inspected = addDist(clear, durationDist(c.inspectionDelay));
    d = addDist(d, mixDist(inspected, c.inspectionRate, clear));
  }
  byService.set(service, d);
  return d;
}

export function minDurationMs(service: Service, lane: Lane): number {
  return legDurationDist(service, lane).t[0]!;
}

/** Whether a departure of a service still has room for the goods (capacity already booked counts). */
export type SlotFilter = (serviceId: string, slot: DepartureSlot) => boolean;

/** The earliest instant the leg can start for goods ready at `readyMs`: its next departure, or at once. */
export function departureFor(service: Service, readyMs: number, accepts: SlotFilter): number | undefined {
  if (!service.schedule) return readyMs;
  return nextDeparture(service.schedule, readyMs, (slot) => accepts(service.id, slot))?.departsMs;
}

/** Arrival distribution of a leg for goods ready per `ready`; undefined if some ready time finds no departure. */
export function advance(service: Service, lane: Lane, ready: Dist, accepts: SlotFilter): Dist | undefined {
  let departed = ready;
  if (service.schedule) {
    let missing = false;
    departed = mapDist(ready, (t) => {
      const d = departureFor(service, t, accepts);
      if (d === undefined) missing = true;
      return d ?? t;
    });
    if (missing) return undefined;
  }
  return addDist(departed, legDurationDist(service, lane));
}

export { pointDist };

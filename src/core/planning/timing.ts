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
export function departureFor(
  service: Service,
  readyMs: number,
  accepts: SlotFilter,
): number | undefined {
  if (!service.schedule) return readyMs;
  return nextDeparture(service.schedule, readyMs, (slot) => accepts(service.id, slot))?.departsMs;
}

const advanceCache = new WeakMap<Dist, Map<Lane, Map<Service, Dist | null>>>();

/**
 * Arrival distribution of a leg for goods ready per `ready`; undefined if some ready time finds no
 * departure. Memoised on the `ready` object: distributions are created per order, so one order's
 * searches (plan, baselines, explanation) share every prefix they have in common. The slot filter
 * must be the same for every call with the same `ready` (it is: one filter per order).
 */
export function advance(
  service: Service,
  lane: Lane,
  ready: Dist,
  accepts: SlotFilter,
): Dist | undefined {
  let byLane = advanceCache.get(ready);
  if (!byLane) advanceCache.set(ready, (byLane = new Map()));
  let byService = byLane.get(lane);
  if (!byService) byLane.set(lane, (byService = new Map()));
  const hit = byService.get(service);
  if (hit !== undefined) return hit ?? undefined;
  const result = advanceUncached(service, lane, ready, accepts);
  byService.set(service, result ?? null);
  return result;
}

function advanceUncached(
  service: Service,
  lane: Lane,
  ready: Dist,
  accepts: SlotFilter,
): Dist | undefined {
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

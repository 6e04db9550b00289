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

/** The filter of goods that no departure can refuse (nothing booked, within every capacity). */
export const ANY_SLOT: SlotFilter = () => true;

const departCache = new WeakMap<Dist, Map<Service, Dist | null>>();
const arrivalCache = new WeakMap<Dist, Map<Lane, Map<Service, Dist>>>();
const interned = new Map<string, Dist>();

/**
 * One object per distinct departure distribution. Orders placed at different instants before the
 * same cut-off leave on the same departures; interning makes their later legs one computation.
 */
function intern(d: Dist): Dist {
  let key = '';
  for (let i = 0; i < d.t.length; i++) key += `${d.t[i]}:${d.p[i]};`;
  const hit = interned.get(key);
  if (hit) return hit;
  if (interned.size >= 20_000) interned.clear();
  interned.set(key, d);
  return d;
}

/**
 * Arrival distribution of a leg for goods ready per `ready`; undefined if some ready time finds no
 * departure. Arrivals are memoised on the departure distribution (a pure function of it); the
 * departure itself is memoised on `ready` only under ANY_SLOT, since other filters differ by order.
 */
export function advance(
  service: Service,
  lane: Lane,
  ready: Dist,
  accepts: SlotFilter,
): Dist | undefined {
  let departed: Dist | null = ready;
  if (service.schedule) {
    let byService = accepts === ANY_SLOT ? departCache.get(ready) : undefined;
    if (accepts === ANY_SLOT && !byService) departCache.set(ready, (byService = new Map()));
    const hit = byService?.get(service);
    if (hit !== undefined) departed = hit;
    else {
      departed = departures(service, ready, accepts);
      byService?.set(service, departed);
    }
  }
  if (departed === null) return undefined;
  let byLane = arrivalCache.get(departed);
  if (!byLane) arrivalCache.set(departed, (byLane = new Map()));
  let byService = byLane.get(lane);
  if (!byService) byLane.set(lane, (byService = new Map()));
  let arrival = byService.get(service);
  if (!arrival) {
    arrival = addDist(departed, legDurationDist(service, lane));
    byService.set(service, arrival);
  }
  return arrival;
}

/** Each ready instant mapped to its departure; null if one finds none. */
function departures(service: Service, ready: Dist, accepts: SlotFilter): Dist | null {
  let missing = false;
  const departed = mapDist(ready, (t) => {
    const d = departureFor(service, t, accepts);
    if (d === undefined) missing = true;
    return d ?? t;
  });
  return missing ? null : intern(departed);
}

export { pointDist };

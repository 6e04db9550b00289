import { WEEKDAYS, type Schedule } from '../network/index.ts';
import { localToInstant, toLocal } from '../shared/index.ts';
import { DAY_MS } from './distribution.ts';

export interface DepartureSlot {
  /** Goods must be ready by this instant. */
  readonly cutoffMs: number;
  readonly departsMs: number;
  readonly capacityKg: number | null;
  readonly capacityParcels: number | null;
}

const WEEK_MS = 7 * DAY_MS;
const slotCache = new WeakMap<Schedule, Map<number, DepartureSlot[]>>();

/** The departures whose cut-off falls in one UTC week (index = floor(ms / week)), from local times in the schedule's zone. */
function slotsOfWeek(schedule: Schedule, week: number): DepartureSlot[] {
  let byWeek = slotCache.get(schedule);
  if (!byWeek) slotCache.set(schedule, (byWeek = new Map()));
  const cached = byWeek.get(week);
  if (cached) return cached;
  const start = week * WEEK_MS;
  const end = start + WEEK_MS;
  const slots: DepartureSlot[] = [];
  // Local dates that can hold a cut-off inside the UTC week: from a day before to a day after.
  for (let dayStart = start - DAY_MS; dayStart < end + DAY_MS; dayStart += DAY_MS) {
    const local = toLocal(dayStart + DAY_MS / 2, schedule.timezone);
    const weekday = WEEKDAYS[local.weekday]!;
    for (const d of schedule.departures) {
      if (!d.weekdays.includes(weekday)) continue;
      const cutoffMs = localToInstant(
        local.year,
        local.month,
        local.day,
        d.cutoff,
        schedule.timezone,
      );
      if (cutoffMs < start || cutoffMs >= end) continue;
      // A departure listed earlier in the day than its cut-off leaves the next day.
      const departDay = d.departs < d.cutoff ? 1 : 0;
      const departsMs = localToInstant(
        local.year,
        local.month,
        local.day + departDay,
        d.departs,
        schedule.timezone,
      );
      slots.push({
        cutoffMs,
        departsMs,
        capacityKg: d.capacityKg,
        capacityParcels: d.capacityParcels,
      });
    }
  }
  slots.sort((a, b) => a.cutoffMs - b.cutoffMs || a.departsMs - b.departsMs);
  byWeek.set(week, slots);
  return slots;
}

/**
 * The first departure whose cut-off is at or after `readyMs` and which `accepts` (capacity left),
 * searching up to `horizonWeeks` ahead; undefined if none.
 */
export function nextDeparture(
  schedule: Schedule,
  readyMs: number,
  accepts: (slot: DepartureSlot) => boolean = () => true,
  horizonWeeks = 5,
): DepartureSlot | undefined {
  const first = Math.floor(readyMs / WEEK_MS);
  for (let week = first; week <= first + horizonWeeks; week++) {
    for (const slot of slotsOfWeek(schedule, week)) {
      if (slot.cutoffMs >= readyMs && accepts(slot)) return slot;
    }
  }
  return undefined;
}

/*
 * Local wall-clock time in IANA zones without I/O: the runtime's ICU data answers offsets.
 * Instants are UTC milliseconds; local times matter for cut-offs and dated rules.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Monday … 6 = Sunday. */
  readonly weekday: number;
}

const WEEKDAY_INDEX: Record<string, number> = {
  Mon: 0,
  Tue: 1,
  Wed: 2,
  Thu: 3,
  Fri: 4,
  Sat: 5,
  Sun: 6,
};

export function toLocal(atMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(atMs))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAY_INDEX[parts.weekday ?? 'Mon'] ?? 0,
  };
}

/** Local time minus UTC at an instant, in ms (+8 h for Asia/Shanghai). */
export function zoneOffsetMs(atMs: number, timeZone: string): number {
  const l = toLocal(atMs, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(atMs / 1000) * 1000;
}

const DAY_MS = 86_400_000;

/**
 * The instant of a local wall-clock time. In a spring-forward gap the time is moved forward by the
 * gap into the later offset (02:30 on the night clocks jump from 02:00 to 03:00 is 03:30 summer time);
 * in a fall-back overlap the earlier instant is chosen. (Temporal's "compatible" disambiguation.)
 */
export function localToInstant(
  year: number,
  month: number,
  day: number,
  minuteOfDay: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  // The offsets in force a day either side: equal unless a transition is near.
  const before = zoneOffsetMs(wall - DAY_MS, timeZone);
  const after = zoneOffsetMs(wall + DAY_MS, timeZone);
  let found: number | undefined;
  for (const offset of [before, after]) {
    const candidate = wall - offset;
    if (zoneOffsetMs(candidate, timeZone) === offset && (found === undefined || candidate < found))
      found = candidate;
  }
  // No candidate: the wall time falls in a gap, so it is read with the offset from before the gap.
  return found ?? wall - before;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Whether year-month-day names a day of the proleptic Gregorian calendar (no 2026-02-30). */
function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

/**
 * A rule date as written in data: `2026-11-01` means local midnight in `timeZone`; a full ISO 8601
 * instant with an offset (`2026-11-01T08:00:00+08:00`, `…Z`) is taken as it is. Undefined when the
 * text is neither, or names a day or time that does not exist (2026-02-30, 25:00).
 */
export function parseDateOrInstant(text: string, timeZone: string): number | undefined {
  const date = ISO_DATE.exec(text);
  if (date) {
    const [, y, m, d] = date.map(Number) as [number, number, number, number];
    if (!isCalendarDate(y, m, d)) return undefined;
    return localToInstant(y, m, d, 0, timeZone);
  }
  const instant = ISO_INSTANT.exec(text);
  if (!instant) return undefined;
  const [y, m, d, hh, mm, ss] = instant.slice(1, 7).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isCalendarDate(y, m, d) || hh > 23 || mm > 59 || ss > 59) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseLocalTime(text: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

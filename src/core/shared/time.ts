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

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

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

/**
 * The instant of a local wall-clock time. In a spring-forward gap the later offset applies;
 * in a fall-back overlap the earlier instant is chosen.
 */
export function localToInstant(
  year: number,
  month: number,
  day: number,
  minuteOfDay: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  let guess = wall - zoneOffsetMs(wall, timeZone);
  const second = wall - zoneOffsetMs(guess, timeZone);
  if (second !== guess) guess = Math.min(guess, second);
  return guess;
}

/**
 * A rule date as written in data: `2026-11-01` means local midnight in `timeZone`; a full ISO 8601
 * instant with an offset is taken as it is. Undefined when the text is neither.
 */
export function parseDateOrInstant(text: string, timeZone: string): number | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const [, y, m, d] = date.map(Number) as [number, number, number, number];
    if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCDate() !== d) return undefined;
    return localToInstant(y, m, d, 0, timeZone);
  }
  if (!/[zZ]|[+-]\d{2}:\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseLocalTime(text: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

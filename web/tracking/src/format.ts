// Dates, times and numbers with Intl in the page's language.

export interface LocalTime {
  /** The wall-clock date and time where the event happened, in the page's language. */
  readonly text: string;
  /** Its UTC offset, e.g. "+08:00". */
  readonly offset: string;
  /** For <time datetime>: the instant with its offset. */
  readonly dateTime: string;
}

const LOCAL_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function offsetText(z: string): string {
  if (z === 'Z') return '+00:00';
  return z.includes(':') ? z : `${z.slice(0, 3)}:${z.slice(3)}`;
}

/**
 * An event's time as the partner's clock showed it (its wall-clock time with its offset), so a scan
 * in Frankfurt reads in Frankfurt time wherever the buyer is. Without a local time: UTC.
 */
export function eventLocalTime(localTime: string | null, at: string, locale: string): LocalTime {
  const m = localTime ? LOCAL_TIME.exec(localTime) : null;
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  if (m && localTime) {
    // The wall-clock fields read as if they were UTC, then formatted in UTC: the same fields back.
    const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
    return {
      text: dateTimeFormat.format(wall),
      offset: offsetText(m[7]!),
      dateTime: localTime,
    };
  }
  const ms = Date.parse(at);
  return {
    text: Number.isNaN(ms) ? at : dateTimeFormat.format(ms),
    offset: '+00:00',
    dateTime: at,
  };
}

/** A calendar date in the reader's own time zone (ETA, promise, delivery). */
export function formatDate(iso: string, locale: string, timeZone?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(timeZone ? { timeZone } : {}),
  }).format(ms);
}

/** A date and time in the reader's own time zone. */
export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(ms);
}

export function sameCalendarDay(a: string, b: string, locale: string): boolean {
  const f = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric' });
  return f.format(Date.parse(a)) === f.format(Date.parse(b));
}

export function formatPercent(p: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(p);
}

// The page's only contact with the server: GET /v1/public/tracking/{number} (no key; any of the
// parcel's identifiers), read into the page's own types. The server's shape is described in
// src/shell/http/routes/tracking.ts (PublicTracking); a change there is adapted here only.
// Every text read here is shown by React as text, never as HTML.

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

export interface Place {
  readonly name: string | null;
  readonly city: string | null;
  /** ISO 3166-1 alpha-2. */
  readonly country: string | null;
  readonly coordinates: GeoPoint | null;
}

export interface RouteLeg {
  readonly seq: number;
  readonly from: Place;
  readonly to: Place;
}

export interface TimelineEvent {
  /** The instant, UTC (ISO 8601). */
  readonly at: string;
  /** Wall-clock time where it happened with the partner's offset, e.g. 2026-03-02T08:00:00+08:00. */
  readonly localTime: string | null;
  readonly status: string;
  readonly subStatus: string | null;
  /** The partner's words as sent: untrusted text. */
  readonly description: string;
  readonly city: string | null;
  readonly country: string | null;
  readonly legSeq: number | null;
}

export type Eta =
  | {
      readonly kind: 'estimate';
      readonly earliest: string;
      readonly likely: string | null;
      readonly latest: string;
      readonly onTimeProbability: number | null;
      readonly promisedBy: string | null;
    }
  | { readonly kind: 'delivered'; readonly at: string }
  | { readonly kind: 'none' };

export interface Tracking {
  readonly trackingNumber: string;
  readonly status: string;
  readonly subStatus: string | null;
  readonly since: string | null;
  readonly eta: Eta;
  readonly destination: { readonly city: string | null; readonly country: string | null };
  readonly route: readonly RouteLeg[];
  readonly currentLegSeq: number | null;
  /** In the journey's order, oldest first. */
  readonly timeline: readonly TimelineEvent[];
  readonly asOf: string | null;
}

export type TrackingResult =
  | { readonly kind: 'found'; readonly tracking: Tracking }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'error' };

export function trackingUrl(number: string): string {
  return `/v1/public/tracking/${encodeURIComponent(number)}`;
}

export async function fetchTracking(number: string, signal?: AbortSignal): Promise<TrackingResult> {
  let response: Response;
  try {
    response = await fetch(trackingUrl(number), {
      headers: { accept: 'application/json' },
      ...(signal ? { signal } : {}),
    });
  } catch {
    return { kind: 'error' };
  }
  // 400: a number the server cannot even read (too long, empty) is not found either.
  if (response.status === 404 || response.status === 400) return { kind: 'not-found' };
  if (!response.ok) return { kind: 'error' };
  try {
    const tracking = readTracking(await response.json(), number);
    return tracking ? { kind: 'found', tracking } : { kind: 'error' };
  } catch {
    return { kind: 'error' };
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function readPoint(v: unknown): GeoPoint | null {
  if (Array.isArray(v) && v.length === 2) {
    // [lon, lat], GeoJSON's order.
    const [lon, lat] = v.map(num);
    return lon !== null && lat !== null && lon !== undefined && lat !== undefined
      ? { lat, lon }
      : null;
  }
  if (!isObject(v)) return null;
  const lat = num(v.lat);
  const lon = num(v.lon);
  return lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
    ? { lat, lon }
    : null;
}

function readPlace(v: unknown): Place {
  const p = isObject(v) ? v : {};
  return {
    name: text(p.name),
    city: text(p.city),
    country: text(p.country),
    coordinates: readPoint(p.coordinates),
  };
}

function readEta(v: unknown): Eta {
  if (!isObject(v)) return { kind: 'none' };
  if (v.kind === 'estimate') {
    const earliest = text(v.earliest);
    const latest = text(v.latest);
    if (!earliest || !latest) return { kind: 'none' };
    const p = num(v.onTimeProbability);
    return {
      kind: 'estimate',
      earliest,
      likely: text(v.likely),
      latest,
      onTimeProbability: p !== null && p >= 0 && p <= 1 ? p : null,
      promisedBy: text(v.promisedBy),
    };
  }
  if (v.kind === 'delivered' && text(v.at)) return { kind: 'delivered', at: text(v.at)! };
  return { kind: 'none' };
}

function readEvent(v: unknown): TimelineEvent | null {
  if (!isObject(v)) return null;
  const at = text(v.at);
  const status = text(v.status);
  if (!at || !status) return null;
  const location = isObject(v.location) ? v.location : {};
  return {
    at,
    localTime: text(v.localTime),
    status,
    subStatus: text(v.subStatus),
    description: typeof v.description === 'string' ? v.description : '',
    city: text(location.city),
    country: text(location.country),
    legSeq: num(v.legSeq),
  };
}

/** The server's JSON as the page's types; undefined when it is not a tracking at all. */
export function readTracking(body: unknown, asked: string): Tracking | undefined {
  if (!isObject(body)) return undefined;
  const status = isObject(body.status) ? body.status : {};
  const statusCode = text(status.status);
  if (!statusCode) return undefined;
  const destination = isObject(body.destination) ? body.destination : {};
  const route = Array.isArray(body.route) ? body.route : [];
  const timeline = Array.isArray(body.timeline) ? body.timeline : [];
  return {
    trackingNumber: text(body.trackingNumber) ?? asked,
    status: statusCode,
    subStatus: text(status.subStatus),
    since: text(status.since),
    eta: readEta(body.eta),
    destination: { city: text(destination.city), country: text(destination.country) },
    route: route.filter(isObject).map((l, i) => ({
      seq: num(l.seq) ?? i + 1,
      from: readPlace(l.from),
      to: readPlace(l.to),
    })),
    currentLegSeq: num(body.currentLegSeq),
    timeline: timeline.map(readEvent).filter((e): e is TimelineEvent => e !== null),
    asOf: text(body.asOf),
  };
}

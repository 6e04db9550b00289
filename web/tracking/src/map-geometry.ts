// The route map's geometry, apart from React: the route's stops in order, where the parcel is
// now, and an equirectangular view (x = longitude, y = −latitude, in degrees) around the route.
import type { GeoPoint, Place, Tracking } from './tracking-api.ts';

export interface Stop {
  readonly place: Place;
  /** Where to draw it: the place's own coordinates or, for the buyer's end, its country's. */
  readonly point: GeoPoint | null;
  /** Drawn at its country, not at its own place (the buyer's city is never geocoded). */
  readonly approximate: boolean;
}

export interface RouteStops {
  readonly stops: readonly Stop[];
  /** Per leg of the route (same order): the indexes of its from and to stops. */
  readonly legStops: readonly {
    readonly seq: number;
    readonly from: number;
    readonly to: number;
  }[];
}

const samePlace = (a: Place, b: Place): boolean =>
  a.name === b.name &&
  a.city === b.city &&
  a.country === b.country &&
  a.coordinates?.lat === b.coordinates?.lat &&
  a.coordinates?.lon === b.coordinates?.lon;

/** The route's places once each in order (a leg that starts where the last one ended shares its stop). */
export function routeStops(
  tracking: Pick<Tracking, 'route'>,
  countryAnchor: (country: string) => GeoPoint | null,
): RouteStops {
  const stops: Stop[] = [];
  const legStops: { seq: number; from: number; to: number }[] = [];
  const add = (place: Place): number => {
    const last = stops[stops.length - 1];
    if (last && samePlace(last.place, place)) return stops.length - 1;
    const anchor = place.coordinates ? null : place.country ? countryAnchor(place.country) : null;
    stops.push({
      place,
      point: place.coordinates ?? anchor,
      approximate: !place.coordinates && anchor !== null,
    });
    return stops.length - 1;
  };
  for (const leg of [...tracking.route].sort((a, b) => a.seq - b.seq)) {
    const from = add(leg.from);
    const to = add(leg.to);
    legStops.push({ seq: leg.seq, from, to });
  }
  return { stops, legStops };
}

const norm = (s: string | null): string => (s ?? '').trim().toLocaleLowerCase();
const BEFORE_LEAVING = new Set(['info_received', 'picked_up', 'pending']);

/**
 * Which stop the parcel is at or nearest to: the delivered parcel at its destination; otherwise
 * the latest event's city on the current leg (or anywhere on the route), else the current leg's
 * end in the event's country, else the current leg's start. Null without a route.
 */
export function currentStop(
  tracking: Pick<Tracking, 'status' | 'timeline' | 'currentLegSeq'>,
  route: RouteStops,
): number | null {
  const { stops, legStops } = route;
  if (stops.length === 0) return null;
  if (tracking.status === 'delivered') return stops.length - 1;
  const latest = tracking.timeline[tracking.timeline.length - 1];
  if (!latest) return 0;
  const seq = tracking.currentLegSeq ?? latest.legSeq;
  const leg = legStops.find((l) => l.seq === seq) ?? legStops[0]!;
  const matches = (i: number): boolean =>
    norm(stops[i]!.place.city) !== '' &&
    norm(stops[i]!.place.city) === norm(latest.city) &&
    (latest.country === null || stops[i]!.place.country === latest.country);
  const fromHere = matches(leg.from);
  const toHere = matches(leg.to);
  if (fromHere && toHere) return BEFORE_LEAVING.has(latest.status) ? leg.from : leg.to;
  if (toHere) return leg.to;
  if (fromHere) return leg.from;
  const elsewhere = stops.findIndex((_, i) => i >= leg.from && matches(i));
  if (elsewhere >= 0) return elsewhere;
  const anywhere = stops.findIndex((_, i) => matches(i));
  if (anywhere >= 0) return anywhere;
  if (
    latest.country !== null &&
    stops[leg.to]!.place.country === latest.country &&
    stops[leg.from]!.place.country !== latest.country
  )
    return leg.to;
  return leg.from;
}

export interface ViewPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * The stops' points in view coordinates, longitudes unwrapped so that each hop takes the short
 * way round (Shenzhen → Los Angeles crosses the Pacific, not Asia and Europe).
 */
export function projectStops(stops: readonly Stop[]): (ViewPoint | null)[] {
  let previousLon: number | null = null;
  return stops.map((s) => {
    if (!s.point) return null;
    let lon = s.point.lon;
    if (previousLon !== null) {
      while (lon - previousLon > 180) lon -= 360;
      while (previousLon - lon > 180) lon += 360;
    }
    previousLon = lon;
    return { x: lon, y: -s.point.lat };
  });
}

export interface ViewBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const MAP_ASPECT = 2;

/** A 2:1 view around the points with a margin; the whole world when there is none. */
export function viewBoxAround(points: readonly (ViewPoint | null)[]): ViewBox {
  const ps = points.filter((p): p is ViewPoint => p !== null);
  if (ps.length === 0) return { x: -180, y: -90, width: 360, height: 180 };
  const minX = Math.min(...ps.map((p) => p.x));
  const maxX = Math.max(...ps.map((p) => p.x));
  const minY = Math.min(...ps.map((p) => p.y));
  const maxY = Math.max(...ps.map((p) => p.y));
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  let width = Math.max((maxX - minX) * 1.3, 60);
  let height = Math.max((maxY - minY) * 1.3, 30);
  if (width / height < MAP_ASPECT) width = height * MAP_ASPECT;
  else height = width / MAP_ASPECT;
  if (height > 180) {
    height = 180;
    width = 360;
  }
  if (width > 360) {
    width = 360;
    height = 180;
  }
  // Keep the view on the globe vertically: no empty band beyond a pole.
  const y = Math.min(Math.max(cy - height / 2, -90), 90 - height);
  return { x: cx - width / 2, y, width, height };
}

type Position = readonly number[];

/**
 * A ring or line with its longitudes made continuous. world-atlas stitches shapes across the
 * antimeridian (Chukotka, Fiji, Antarctica), so a ring may step from 179.9 to −179.9: drawn as
 * is, that step would be a line across the whole map. Unwrapped, Chukotka runs on past 180 (the
 * map draws the world three times side by side, so it lands where it should).
 */
export function unwrapped(points: readonly Position[]): [number, number][] {
  const out: [number, number][] = [];
  let shift = 0;
  let previous: number | null = null;
  for (const p of points) {
    const lon = p[0]!;
    if (previous !== null) {
      if (lon - previous > 180) shift -= 360;
      else if (previous - lon > 180) shift += 360;
    }
    previous = lon;
    out.push([lon + shift, p[1]!]);
  }
  return out;
}

const round = (n: number) => Math.round(n * 10) / 10;

function polygonsOf(geometry: {
  readonly type: string;
  readonly coordinates?: unknown;
}): readonly (readonly (readonly Position[])[])[] {
  return geometry.type === 'Polygon'
    ? [geometry.coordinates as Position[][]]
    : geometry.type === 'MultiPolygon'
      ? (geometry.coordinates as Position[][][])
      : [];
}

/** A GeoJSON (multi)polygon as an SVG path in view coordinates, rounded to 0.1°. */
export function pathOf(geometry: {
  readonly type: string;
  readonly coordinates?: unknown;
}): string {
  let d = '';
  for (const polygon of polygonsOf(geometry))
    for (const ring of polygon) {
      const points = unwrapped(ring);
      if (points.length === 0) continue;
      const first = points[0]!;
      const last = points[points.length - 1]!;
      // A ring around a pole (Antarctica) ends 360° from where it began: close it along the pole.
      if (Math.abs(last[0] - first[0]) > 180) {
        const poleLat = points.reduce((sum, p) => sum + p[1], 0) < 0 ? -90 : 90;
        points.push([last[0], poleLat], [first[0], poleLat]);
      }
      points.forEach(([lon, lat], i) => {
        d += `${i === 0 ? 'M' : 'L'}${round(lon)} ${round(-lat)}`;
      });
      d += 'Z';
    }
  return d;
}

/** GeoJSON lines (a mesh) as an SVG path in view coordinates. */
export function linesPathOf(geometry: {
  readonly type: string;
  readonly coordinates?: unknown;
}): string {
  const lines: readonly (readonly Position[])[] =
    geometry.type === 'LineString'
      ? [geometry.coordinates as Position[]]
      : geometry.type === 'MultiLineString'
        ? (geometry.coordinates as Position[][])
        : [];
  return lines
    .map((line) =>
      unwrapped(line)
        .map(([lon, lat], i) => `${i === 0 ? 'M' : 'L'}${round(lon)} ${round(-lat)}`)
        .join(''),
    )
    .join('');
}

/**
 * A representative point of a country: the area-weighted centroid of its largest polygon (so
 * France is drawn in Europe, not between Europe and French Guiana), sizes compared with cos(lat).
 */
export function anchorOfPolygons(geometry: {
  readonly type: string;
  readonly coordinates?: unknown;
}): GeoPoint | null {
  let best: { area: number; lon: number; lat: number } | null = null;
  for (const polygon of polygonsOf(geometry)) {
    const ring = unwrapped(polygon[0] ?? []);
    // A ring around a pole has no centre worth drawing a country at.
    if (ring.length < 4 || Math.abs(ring[ring.length - 1]![0] - ring[0]![0]) > 180) continue;
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i]!;
      const [x1, y1] = ring[i + 1]!;
      const cross = x0 * y1 - x1 * y0;
      a += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    if (a === 0) continue;
    const lon = cx / (3 * a);
    const lat = cy / (3 * a);
    // Degrees of longitude shrink towards the poles: compare true sizes.
    const area = Math.abs(a / 2) * Math.cos((lat * Math.PI) / 180);
    if (!best || area > best.area) best = { area, lon, lat };
  }
  // Back on the globe: an unwrapped centroid may lie past 180°.
  return best ? { lat: best.lat, lon: ((((best.lon + 180) % 360) + 360) % 360) - 180 } : null;
}

// The route on a small world map (equirectangular): the stops as dots joined by lines, the legs
// behind the parcel solid and the ones ahead dashed, the parcel's stop highlighted and the
// destination country shaded. The same route is listed as text beside it, so the page says
// everything without the picture.
import type { ReactElement } from 'react';
import type { Translator } from './i18n.ts';
import { projectStops, type RouteStops, viewBoxAround } from './map-geometry.ts';
import type { Place } from './tracking-api.ts';
import { world } from './world.ts';

export function placeText(place: Place, tr: Translator): string {
  const country = tr.countryName(place.country);
  const parts = [place.city, country].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(', ') : (place.name ?? tr.t('unknownPlace'));
}

interface Props {
  readonly route: RouteStops;
  readonly current: number | null;
  readonly destinationCountry: string | null;
  readonly tr: Translator;
}

export function RouteMap({ route, current, destinationCountry, tr }: Props): ReactElement | null {
  const points = projectStops(route.stops);
  if (points.every((p) => p === null)) return null;
  const box = viewBoxAround(points);
  const w = world();
  const destinationPath = destinationCountry ? w.countryPath(destinationCountry) : null;
  const dot = box.width / 110;
  const places = route.stops.map((s) => placeText(s.place, tr)).join(' → ');
  const currentText = current !== null ? placeText(route.stops[current]!.place, tr) : null;
  const label =
    tr.t('mapLabel', { places }) +
    (currentText ? ' ' + tr.t('mapCurrent', { place: currentText }) : '');
  // The parcel has gone through every stop up to the current one.
  const reached = current ?? -1;
  const segments: { key: string; d: string; done: boolean }[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (!a || !b) continue;
    segments.push({ key: `s${i}`, d: `M${a.x} ${a.y}L${b.x} ${b.y}`, done: i <= reached });
  }
  // Three copies of the world side by side: an unwrapped route east of 180° still has land under it.
  const offsets = [-360, 0, 360];
  return (
    <svg
      className="route-map"
      viewBox={`${box.x} ${box.y} ${box.width} ${box.height}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="xMidYMid meet"
      data-testid="route-map"
    >
      <title>{label}</title>
      <rect
        className="sea"
        x={box.x}
        y={box.y}
        width={box.width}
        height={box.height}
        aria-hidden="true"
      />
      {offsets.map((dx) => (
        <g key={dx} transform={`translate(${dx} 0)`} aria-hidden="true">
          <path className="land" d={w.land} />
          {destinationPath ? <path className="destination-country" d={destinationPath} /> : null}
          <path className="borders" d={w.borders} />
        </g>
      ))}
      <g aria-hidden="true">
        {segments.map((s) => (
          <path
            key={s.key}
            className={s.done ? 'leg leg-done' : 'leg leg-ahead'}
            d={s.d}
            vectorEffect="non-scaling-stroke"
          />
        ))}
        {points.map((p, i) =>
          p ? (
            <circle
              key={`stop${i}`}
              className={
                i === current
                  ? 'stop stop-current'
                  : route.stops[i]!.approximate
                    ? 'stop stop-approximate'
                    : 'stop'
              }
              cx={p.x}
              cy={p.y}
              r={i === current ? dot * 1.6 : dot}
              vectorEffect="non-scaling-stroke"
              data-stop={i}
            >
              <title>{placeText(route.stops[i]!.place, tr)}</title>
            </circle>
          ) : null,
        )}
        {current !== null && points[current] ? (
          <circle
            className="stop-halo"
            cx={points[current].x}
            cy={points[current].y}
            r={dot * 3.2}
            vectorEffect="non-scaling-stroke"
          />
        ) : null}
      </g>
    </svg>
  );
}

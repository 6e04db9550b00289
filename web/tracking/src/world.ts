// The world outline the route is drawn on: Natural Earth 1:110m (public domain) from the npm
// package world-atlas, bundled by Vite; countries matched by their ISO 3166-1 numeric code.
import countryCodes from 'i18n-iso-countries/codes.json';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import worldTopology from 'world-atlas/countries-110m.json';
import type { GeoPoint } from './tracking-api.ts';
import { anchorOfPolygons, linesPathOf, pathOf } from './map-geometry.ts';

type World = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

interface WorldPaths {
  readonly land: string;
  readonly borders: string;
  readonly countryPath: (alpha2: string) => string | null;
  readonly countryAnchor: (alpha2: string) => GeoPoint | null;
}

let cached: WorldPaths | undefined;

export function world(): WorldPaths {
  if (cached) return cached;
  const topology = worldTopology as unknown as World;
  const numericOf = new Map<string, string>(
    (countryCodes as readonly (readonly string[])[]).map((c) => [c[0]!, c[2]!]),
  );
  const land = feature(topology, topology.objects.land);
  const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
  const countries = new Map(
    topology.objects.countries.geometries
      .filter((g) => g.id !== undefined)
      .map((g) => {
        const f = feature(topology, g);
        return [String(g.id), 'geometry' in f ? f.geometry : null] as const;
      }),
  );
  const geometryOf = (alpha2: string) => {
    const numeric = numericOf.get(alpha2.toUpperCase());
    return numeric ? (countries.get(numeric) ?? undefined) : undefined;
  };
  cached = {
    land: land.features.map((f) => pathOf(f.geometry)).join(''),
    borders: linesPathOf(borders),
    countryPath: (alpha2) => {
      const g = geometryOf(alpha2);
      return g ? pathOf(g) : null;
    },
    countryAnchor: (alpha2) => {
      const g = geometryOf(alpha2);
      return g ? anchorOfPolygons(g) : null;
    },
  };
  return cached;
}

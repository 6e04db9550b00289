// The route map's geometry and the page's language choice, without a browser.
import { describe, expect, it } from 'vitest';
import { chooseLanguage, translator } from './i18n.ts';
import {
  currentStop,
  pathOf,
  projectStops,
  routeStops,
  unwrapped,
  viewBoxAround,
} from './map-geometry.ts';
import { readTracking, type Place, type Tracking } from './tracking-api.ts';
import { world } from './world.ts';

const place = (city: string, country: string, lat?: number, lon?: number): Place => ({
  name: null,
  city,
  country,
  coordinates: lat === undefined || lon === undefined ? null : { lat, lon },
});
const SZ_SELLER = place('Shenzhen', 'CN', 22.65, 114.03);
const SZ_HUB = { ...place('Shenzhen', 'CN', 22.66, 113.86), name: 'Shenzhen hub' };
const LAX = place('Los Angeles', 'US', 33.94, -118.41);
const BUYER = place('Chicago', 'US');

const tracking = (over: Partial<Tracking> = {}): Tracking => ({
  trackingNumber: 'RR123456785CN',
  status: 'in_transit',
  subStatus: null,
  since: null,
  eta: { kind: 'none' },
  destination: { city: 'Chicago', country: 'US' },
  route: [
    { seq: 1, from: SZ_SELLER, to: SZ_HUB },
    { seq: 2, from: SZ_HUB, to: SZ_HUB }, // export customs at the hub: one stop
    { seq: 3, from: SZ_HUB, to: LAX },
    { seq: 4, from: LAX, to: BUYER },
  ],
  currentLegSeq: 3,
  timeline: [],
  asOf: null,
  ...over,
});
const event = (status: string, city: string, country: string, legSeq: number) => ({
  at: '2026-11-20T02:00:00Z',
  localTime: '2026-11-20T10:00:00+08:00',
  status,
  subStatus: null,
  description: '',
  city,
  country,
  legSeq,
});

describe('the route map', () => {
  const anchor = (c: string) => world().countryAnchor(c);

  it('lists each place once in order, the buyer’s end drawn at its country', () => {
    const r = routeStops(tracking(), anchor);
    expect(r.stops.map((s) => s.place.city)).toEqual([
      'Shenzhen',
      'Shenzhen',
      'Los Angeles',
      'Chicago',
    ]);
    expect(r.legStops).toEqual([
      { seq: 1, from: 0, to: 1 },
      { seq: 2, from: 1, to: 1 },
      { seq: 3, from: 1, to: 2 },
      { seq: 4, from: 2, to: 3 },
    ]);
    const buyer = r.stops[3]!;
    expect(buyer.approximate).toBe(true);
    // The contiguous United States, not Alaska or the middle of the Pacific.
    expect(buyer.point!.lon).toBeGreaterThan(-110);
    expect(buyer.point!.lon).toBeLessThan(-85);
    expect(buyer.point!.lat).toBeGreaterThan(30);
    expect(buyer.point!.lat).toBeLessThan(48);
  });

  it('puts country anchors inside the country’s main land', () => {
    const fr = anchor('FR')!;
    expect(fr.lat).toBeGreaterThan(43);
    expect(fr.lon).toBeGreaterThan(-2);
    expect(fr.lon).toBeLessThan(7);
    const ru = anchor('RU')!; // a shape stitched across the antimeridian
    expect(ru.lat).toBeGreaterThan(50);
    expect(ru.lon).toBeGreaterThan(40);
    expect(ru.lon).toBeLessThan(140);
    expect(anchor('XX')).toBeNull();
  });

  it('finds the parcel at the latest scan’s city on the current leg, or at the end when delivered', () => {
    const r = routeStops(tracking(), anchor);
    expect(currentStop(tracking(), r)).toBe(0); // no scan yet: with the seller
    expect(currentStop(tracking({ timeline: [event('departed', 'Shenzhen', 'CN', 3)] }), r)).toBe(
      1,
    );
    expect(
      currentStop(tracking({ timeline: [event('import_customs', 'Los Angeles', 'US', 3)] }), r),
    ).toBe(2);
    // A scan in an unknown city of the destination country: the current leg's end.
    expect(
      currentStop(tracking({ timeline: [event('arrived_destination', 'Ontario', 'US', 3)] }), r),
    ).toBe(2);
    expect(currentStop(tracking({ status: 'delivered' }), r)).toBe(3);
  });

  it('takes the short way across the Pacific and frames the route 2:1', () => {
    const r = routeStops(tracking(), anchor);
    const points = projectStops(r.stops);
    expect(points[2]!.x).toBeCloseTo(-118.41 + 360);
    const box = viewBoxAround(points);
    expect(box.width / box.height).toBeCloseTo(2);
    for (const p of points) {
      expect(p!.x).toBeGreaterThan(box.x);
      expect(p!.x).toBeLessThan(box.x + box.width);
      expect(p!.y).toBeGreaterThan(box.y);
      expect(p!.y).toBeLessThan(box.y + box.height);
    }
    expect(box.y).toBeGreaterThanOrEqual(-90);
    expect(viewBoxAround([])).toEqual({ x: -180, y: -90, width: 360, height: 180 });
  });

  it('never draws a line across the map where a shape crosses the antimeridian', () => {
    expect(
      unwrapped([
        [179, 60],
        [-179, 61],
        [-178, 62],
      ]),
    ).toEqual([
      [179, 60],
      [181, 61],
      [182, 62],
    ]);
    // A ring around the South Pole is closed along the pole.
    const antarctic = pathOf({
      type: 'Polygon',
      coordinates: [
        [
          [-180, -70],
          [-60, -72],
          [60, -71],
          [180, -70],
        ],
      ],
    });
    expect(antarctic).toMatch(/L180 90L-180 90Z$/);
    for (const d of [world().land, world().borders]) {
      const coords = [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => Number(m[1]));
      let jumps = 0;
      for (let i = 1; i < coords.length; i++)
        if (Math.abs(coords[i]! - coords[i - 1]!) > 180) jumps++;
      // Only between separate shapes (a new M), never within one: the world outline has none.
      expect(jumps).toBeLessThan(coords.length / 50);
    }
  });
});

describe('the page’s language', () => {
  it('takes ?lang=, else the browser’s first language it has, else English', () => {
    expect(chooseLanguage('de', ['fr-FR'])).toBe('de');
    expect(chooseLanguage('xx', ['pt-BR', 'zh-CN', 'fr'])).toBe('zh');
    expect(chooseLanguage(null, ['es-MX'])).toBe('es');
    expect(chooseLanguage(null, ['ja-JP'])).toBe('en');
  });

  it('names statuses and sub-statuses per language and countries with Intl', () => {
    const de = translator('de');
    expect(de.statusName('import_customs')).toBe('Einfuhrzoll');
    expect(de.subStatusName('import_customs', 'held')).toBe('Vom Zoll zurückgehalten');
    expect(de.countryName('CN')).toBe('China');
    expect(translator('zh').countryName('DE')).toBe('德国');
    expect(translator('en').t('pageTitle', { number: 'X1' })).toBe('Parcel X1');
    // A status newer than the page: its code, readable.
    expect(translator('fr').statusName('held_by_dragons')).toBe('held by dragons');
  });
});

describe('reading the public tracking JSON', () => {
  it('keeps what the page shows, and refuses what is not a tracking', () => {
    const t = readTracking(
      {
        trackingNumber: 'RR123456785CN',
        status: { status: 'in_transit', subStatus: 'en_route', since: null },
        eta: { kind: 'estimate', earliest: 'a', latest: 'b', onTimeProbability: 7 },
        destination: { country: 'US', city: 'Chicago' },
        route: [{ seq: 1, from: { city: 'Shenzhen', coordinates: [114, 22.5] }, to: {} }],
        timeline: [{ at: 'x', status: 'picked_up', description: '<b>hi</b>' }, { at: 'y' }],
        currentLegSeq: 1,
      },
      'asked',
    )!;
    expect(t.eta).toMatchObject({ kind: 'estimate', onTimeProbability: null });
    expect(t.route[0]!.from.coordinates).toEqual({ lat: 22.5, lon: 114 });
    expect(t.timeline).toHaveLength(1);
    expect(t.timeline[0]!.description).toBe('<b>hi</b>');
    expect(readTracking({ type: 'about:blank', status: 404 }, 'x')).toBeUndefined();
    expect(readTracking(null, 'x')).toBeUndefined();
  });
});

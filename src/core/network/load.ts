import type { ZodError } from 'zod';
import {
  importRateCardCsv,
  importZonesCsv,
  type DatedRateCard,
  type FxRate,
  type GoodsFlag,
  type RateCard,
  type ServicePricing,
  type Surcharge,
  type ZoneRule,
} from '../rating/index.ts';
import {
  airportByIata,
  type CountryCode,
  type CurrencyCode,
  err,
  type Exact,
  isCountryCode,
  isCurrencyCode,
  isTimeZone,
  isUnlocodeShape,
  majorTextToExactMinor,
  ok,
  parseDateOrInstant,
  parseDecimal,
  parseLocalTime,
  type Result,
  seaportByUnlocode,
} from '../shared/index.ts';
import { durationFromFile } from './duration.ts';
import {
  type DurationFile,
  type LocationsFile,
  locationsFileSchema,
  type NetworkFile,
  networkFileSchema,
  type PartnerFile,
  partnerFileSchema,
  type ServiceFile,
} from './schema.ts';
import type {
  Duration,
  Location,
  Network,
  NetworkIssue,
  Partner,
  Service,
  SourceFile,
  Weekday,
} from './types.ts';
import { type PathSegment, readYaml, schemaIssues, type YamlSource } from './yaml-source.ts';

/** Where a network's parts live, relative to its directory. */
export const NETWORK_FILE = 'network.yaml';
export const LOCATIONS_FILE = 'locations.yaml';
export const PARTNERS_DIR = 'partners/';
export const RATES_DIR = 'rates/';

class IssueSink {
  readonly issues: NetworkIssue[] = [];
  private readonly source: YamlSource;
  constructor(source: YamlSource) {
    this.source = source;
  }
  at(path: readonly PathSegment[], message: string): undefined {
    const field = path.length > 0 ? formatField(path) : undefined;
    this.issues.push({ file: this.source.path, line: this.source.lineOf(path), field, message });
    return undefined;
  }
}

function formatField(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path)
    out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

function parseWith<T>(
  file: SourceFile,
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError };
  },
  issues: NetworkIssue[],
): { source: YamlSource; data: T } | undefined {
  const read = readYaml(file);
  if (!read.ok) {
    issues.push(...read.issues);
    return undefined;
  }
  const parsed = schema.safeParse(read.source.value ?? {});
  if (!parsed.success) {
    issues.push(...schemaIssues(read.source, parsed.error));
    return undefined;
  }
  return { source: read.source, data: parsed.data };
}

function instant(
  sink: IssueSink,
  path: readonly PathSegment[],
  text: string,
  timeZone: string,
): number | undefined {
  const ms = parseDateOrInstant(text, timeZone);
  return ms === undefined ? sink.at(path, `"${text}" is not a real date or instant`) : ms;
}

function loadLocations(
  parsed: { source: YamlSource; data: LocationsFile },
  network: NetworkFile,
  issues: NetworkIssue[],
): Map<string, Location> {
  const sink = new IssueSink(parsed.source);
  const locations = new Map<string, Location>();
  parsed.data.locations.forEach((loc, i) => {
    const at = (field: string) => ['locations', i, field];
    if (locations.has(loc.id)) sink.at(at('id'), `location id "${loc.id}" is used twice`);
    if (!isCountryCode(loc.country))
      sink.at(at('country'), `unknown ISO 3166 country "${loc.country}"`);
    let timezone = loc.timezone;
    if (loc.iata) {
      const airport = airportByIata(loc.iata);
      if (!airport) sink.at(at('iata'), `unknown IATA airport code "${loc.iata}"`);
      else {
        if (airport.country !== loc.country) {
          sink.at(
            at('iata'),
            `IATA ${loc.iata} is in ${airport.country}, but the location says ${loc.country}`,
          );
        }
        timezone ??= airport.timezone;
      }
    }
    if (loc.unlocode) {
      if (!isUnlocodeShape(loc.unlocode))
        sink.at(at('unlocode'), `"${loc.unlocode}" is not a UN/LOCODE (country + 3 characters)`);
      else if (loc.unlocode.slice(0, 2) !== loc.country) {
        sink.at(
          at('unlocode'),
          `UN/LOCODE ${loc.unlocode} belongs to ${loc.unlocode.slice(0, 2)}, but the location says ${loc.country}`,
        );
      }
      const seaport = seaportByUnlocode(loc.unlocode);
      if (loc.kind === 'seaport' && !seaport)
        sink.at(at('unlocode'), `${loc.unlocode} is not a known seaport UN/LOCODE`);
      if (seaport?.timezone) timezone ??= seaport.timezone;
    }
    if (loc.kind === 'airport' && !loc.iata) sink.at(at('iata'), 'an airport needs its IATA code');
    if (loc.kind === 'seaport' && !loc.unlocode)
      sink.at(at('unlocode'), 'a seaport needs its UN/LOCODE');
    if (loc.country === network.originCountry) timezone ??= network.timezone;
    if (!timezone)
      sink.at(
        at('timezone'),
        'needs an IANA time zone (none can be taken from an IATA or UN/LOCODE entry)',
      );
    else if (!isTimeZone(timezone)) sink.at(at('timezone'), `unknown IANA time zone "${timezone}"`);
    locations.set(loc.id, {
      id: loc.id,
      kind: loc.kind,
      name: loc.name,
      country: loc.country as CountryCode,
      city: loc.city ?? null,
      timezone: timezone ?? 'UTC',
      iata: loc.iata ?? null,
      unlocode: loc.unlocode ?? null,
      postcodePrefixes: loc.postcodePrefixes,
      coordinates: loc.coordinates ?? null,
    });
  });
  issues.push(...sink.issues);
  return locations;
}

interface LoadContext {
  readonly network: NetworkFile;
  readonly locations: ReadonlyMap<string, Location>;
  readonly files: ReadonlyMap<string, string>;
  readonly cardCache: Map<string, Result<RateCard, NetworkIssue[]>>;
  readonly fxCurrencies: ReadonlySet<string>;
}

function readCard(
  ctx: LoadContext,
  file: string,
  zonesFile: string | undefined,
): Result<RateCard, NetworkIssue[]> {
  const key = `${file}|${zonesFile ?? ''}`;
  const cached = ctx.cardCache.get(key);
  if (cached) return cached;
  let zones: ZoneRule[] | null = null;
  let result: Result<RateCard, NetworkIssue[]>;
  const zoneText = zonesFile === undefined ? undefined : ctx.files.get(zonesFile);
  if (zonesFile !== undefined && zoneText === undefined) {
    result = err([{ file: zonesFile, line: null, message: 'zone table file not found' }]);
  } else {
    const zoneResult = zoneText === undefined ? ok(null) : importZonesCsv(zoneText);
    if (!zoneResult.ok) result = err(zoneResult.error.map((i) => ({ ...i, file: zonesFile })));
    else {
      zones = zoneResult.value;
      const text = ctx.files.get(file);
      if (text === undefined)
        result = err([{ file, line: null, message: 'rate card file not found' }]);
      else {
        const card = importRateCardCsv(text, { id: file, zones });
        result = card.ok ? card : err(card.error.map((i) => ({ ...i, file })));
      }
    }
  }
  ctx.cardCache.set(key, result);
  return result;
}

function countriesOfEndpoint(ctx: LoadContext, endpoint: string): CountryCode[] {
  const loc = ctx.locations.get(endpoint);
  if (loc) return [loc.country];
  return isCountryCode(endpoint) ? [endpoint] : [];
}

function cardCovers(card: RateCard, country: CountryCode): boolean {
  if (!card.zones) return card.rates.has(country);
  return card.zones.some((z) => z.country === country && card.rates.has(z.zone));
}

function amount(
  sink: IssueSink,
  path: readonly PathSegment[],
  text: string,
  currency: CurrencyCode,
): Exact {
  return (
    majorTextToExactMinor(text, currency) ??
    (sink.at(path, `"${text}" is not a price`), { n: 0n, d: 1n })
  );
}

function duration(sink: IssueSink, path: readonly PathSegment[], file: DurationFile): Duration {
  const read = durationFromFile(file);
  if (!read.ok) {
    sink.at(path, read.reason);
    return { kind: 'quantiles', minH: 0, p50H: 0, p90H: 0, maxH: 0 };
  }
  return read.value;
}

function loadPricing(
  ctx: LoadContext,
  sink: IssueSink,
  base: PathSegment[],
  svc: ServiceFile,
  fileIssues: NetworkIssue[],
): ServicePricing | undefined {
  const p = svc.pricing;
  const tz = ctx.network.timezone;
  if (!isCurrencyCode(p.currency))
    return sink.at([...base, 'pricing', 'currency'], `unknown ISO 4217 currency "${p.currency}"`);
  const currency = p.currency;
  if (currency !== ctx.network.baseCurrency && !ctx.fxCurrencies.has(currency)) {
    sink.at(
      [...base, 'pricing', 'currency'],
      `no FX rate to ${ctx.network.baseCurrency} for ${currency} in ${NETWORK_FILE}`,
    );
  }
  const cards: DatedRateCard[] = [];
  p.rateCards.forEach((rc, i) => {
    const at = [...base, 'pricing', 'rateCards', i];
    const from = instant(sink, [...at, 'validFrom'], rc.validFrom, tz);
    const to = rc.validTo ? instant(sink, [...at, 'validTo'], rc.validTo, tz) : null;
    if (from !== undefined && to !== undefined && to !== null && to <= from)
      sink.at([...at, 'validTo'], 'must be after validFrom');
    const card = readCard(ctx, rc.file, rc.zones);
    if (!card.ok) {
      for (const issue of card.error) if (!fileIssues.includes(issue)) fileIssues.push(issue);
      sink.at([...at, 'file'], `rate card ${rc.file} has errors (listed under its file)`);
      return;
    }
    if (card.value.currency !== currency) {
      sink.at(
        [...at, 'file'],
        `${rc.file} is in ${card.value.currency}, but the service is priced in ${currency}`,
      );
      return;
    }
    if (from !== undefined && to !== undefined)
      cards.push({ card: card.value, validFromMs: from, validToMs: to });
  });
  const sorted = [...cards].sort((a, b) => a.validFromMs - b.validFromMs);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    if (prev.validToMs === null || prev.validToMs > next.validFromMs) {
      sink.at(
        [...base, 'pricing', 'rateCards'],
        `cards ${prev.card.id} and ${next.card.id} are both in force on ${new Date(next.validFromMs).toISOString()}: close the first with validTo`,
      );
    }
  }
  const surcharges: Surcharge[] = [];
  p.surcharges.forEach((s, i) => {
    const at: PathSegment[] = [...base, 'pricing', 'surcharges', i];
    switch (s.kind) {
      case 'fuel': {
        const schedule = s.schedule
          .map((step, j) => ({
            validFromMs:
              instant(sink, [...at, 'schedule', j, 'validFrom'], step.validFrom, tz) ?? 0,
            rate: parseDecimal(step.rate)!,
          }))
          .sort((a, b) => a.validFromMs - b.validFromMs);
        surcharges.push({ kind: 'fuel', name: s.name, schedule });
        break;
      }
      case 'remote-area':
        surcharges.push({
          kind: 'remote-area',
          name: s.name,
          areas: s.areas.map((a, j) => {
            if (!isCountryCode(a.country))
              sink.at([...at, 'areas', j, 'country'], `unknown ISO 3166 country "${a.country}"`);
            return {
              country: a.country as CountryCode,
              postcodePrefixes: a.postcodePrefixes.map((x) =>
                x.replace(/[\s-]/g, '').toUpperCase(),
              ),
            };
          }),
          fee: amount(sink, [...at, 'fee'], s.fee, currency),
          perKg: amount(sink, [...at, 'perKg'], s.perKg, currency),
        });
        break;
      case 'special-cargo':
        surcharges.push({
          kind: 'special-cargo',
          name: s.name,
          goods: s.goods,
          fee: amount(sink, [...at, 'fee'], s.fee, currency),
          perKg: amount(sink, [...at, 'perKg'], s.perKg, currency),
        });
        break;
      case 'oversize':
        if (
          s.longestSideOverMm === undefined &&
          s.lengthPlusGirthOverMm === undefined &&
          s.actualWeightOverG === undefined
        ) {
          sink.at(
            at,
            'an oversize surcharge needs longestSideOverMm, lengthPlusGirthOverMm or actualWeightOverG',
          );
        }
        surcharges.push({
          kind: 'oversize',
          name: s.name,
          longestSideOverMm: s.longestSideOverMm ?? null,
          lengthPlusGirthOverMm: s.lengthPlusGirthOverMm ?? null,
          actualWeightOverG: s.actualWeightOverG ?? null,
          fee: amount(sink, [...at, 'fee'], s.fee, currency),
        });
        break;
    }
  });
  return {
    chargeableWeight: p.chargeableWeight,
    cards,
    surcharges,
    minimumCharge: p.minimumCharge
      ? amount(sink, [...base, 'pricing', 'minimumCharge'], p.minimumCharge, currency)
      : null,
  };
}

function loadService(
  ctx: LoadContext,
  sink: IssueSink,
  partnerId: string,
  svc: ServiceFile,
  index: number,
  fileIssues: NetworkIssue[],
): Service | undefined {
  const base: PathSegment[] = ['services', index];
  const before = sink.issues.length;
  const lanes = svc.lanes.map((lane, i) => {
    const at: PathSegment[] = [...base, 'lanes', i];
    for (const side of ['from', 'to'] as const) {
      lane[side].forEach((endpoint, j) => {
        if (!ctx.locations.has(endpoint) && !isCountryCode(endpoint)) {
          sink.at(
            [...at, side, j],
            `"${endpoint}" is neither a location id of ${LOCATIONS_FILE} nor an ISO 3166 country code`,
          );
        }
      });
    }
    return {
      from: lane.from,
      to: lane.to,
      transit: duration(sink, [...at, 'transit'], lane.transit),
    };
  });
  if (svc.clearance?.aeoTrader && svc.clearance.side !== 'export') {
    sink.at(
      [...base, 'clearance', 'aeoTrader'],
      'AEO-trader figures apply to export clearance only (the exporter of record is the integrator)',
    );
  }
  const aeoTrader =
    svc.clearance?.side === 'export' && ctx.network.exporterOfRecord?.aeo
      ? svc.clearance.aeoTrader
      : undefined;
  const pricing = loadPricing(ctx, sink, base, svc, fileIssues);
  if (pricing) {
    // A service that claims a lane must be able to price it: every destination country needs a rate.
    pricing.cards.forEach((dated, c) => {
      svc.lanes.forEach((lane, i) => {
        for (const endpoint of lane.to) {
          for (const country of countriesOfEndpoint(ctx, endpoint)) {
            if (!cardCovers(dated.card, country)) {
              sink.at(
                [...base, 'lanes', i, 'to'],
                `lane to ${endpoint} (${country}) has no rate in ${dated.card.id} (rateCards[${c}])`,
              );
            }
          }
        }
      });
    });
  }
  let schedule: Service['schedule'] = null;
  if (svc.schedule) {
    const tz = svc.schedule.timezone;
    if (!isTimeZone(tz))
      sink.at([...base, 'schedule', 'timezone'], `unknown IANA time zone "${tz}"`);
    schedule = {
      timezone: tz,
      departures: svc.schedule.departures.map((d) => ({
        weekdays: d.weekdays as Weekday[],
        cutoff: parseLocalTime(d.cutoff)!,
        departs: parseLocalTime(d.departs)!,
        capacityKg: d.capacityKg ?? null,
        capacityParcels: d.capacityParcels ?? null,
      })),
    };
  }
  const r = svc.restrictions;
  let maxDeclaredValue: Service['restrictions']['maxDeclaredValue'] = null;
  if (r.maxDeclaredValue) {
    if (!isCurrencyCode(r.maxDeclaredValue.currency)) {
      sink.at(
        [...base, 'restrictions', 'maxDeclaredValue', 'currency'],
        `unknown ISO 4217 currency "${r.maxDeclaredValue.currency}"`,
      );
    } else {
      maxDeclaredValue = {
        currency: r.maxDeclaredValue.currency,
        amount: amount(
          sink,
          [...base, 'restrictions', 'maxDeclaredValue', 'amount'],
          r.maxDeclaredValue.amount,
          r.maxDeclaredValue.currency,
        ),
      };
    }
  }
  const needsClearance = svc.activities.filter(
    (a) => a === 'export-clearance' || a === 'import-clearance',
  );
  if (!svc.mode && needsClearance.length > 0 && !svc.clearance) {
    sink.at(
      base,
      `an ${needsClearance.join(' and ')} service needs a clearance block (AEO, inspection rate, clearance time)`,
    );
  }
  if (svc.clearance && !svc.activities.includes(`${svc.clearance.side}-clearance`)) {
    sink.at(
      [...base, 'clearance', 'side'],
      `the service does not list the activity ${svc.clearance.side}-clearance`,
    );
  }
  const lineHaul =
    svc.activities.includes('international-linehaul') ||
    svc.activities.includes('domestic-linehaul');
  if (lineHaul && !svc.transport)
    sink.at(base, 'a line-haul service needs its transport (air, sea, rail, road)');
  let warehouse: Service['warehouse'] = null;
  if (svc.warehouse) {
    const loc = ctx.locations.get(svc.warehouse.location);
    if (!loc || (loc.kind !== 'overseas-warehouse' && loc.kind !== 'border-warehouse')) {
      sink.at(
        [...base, 'warehouse', 'location'],
        `"${svc.warehouse.location}" is not an overseas or border warehouse of ${LOCATIONS_FILE}`,
      );
    }
    const cur = svc.warehouse.storagePerCubicMetreDay.currency;
    if (!isCurrencyCode(cur))
      sink.at(
        [...base, 'warehouse', 'storagePerCubicMetreDay', 'currency'],
        `unknown ISO 4217 currency "${cur}"`,
      );
    else {
      warehouse = {
        location: svc.warehouse.location,
        storagePerCubicMetreDay: {
          currency: cur,
          amount: amount(
            sink,
            [...base, 'warehouse'],
            svc.warehouse.storagePerCubicMetreDay.amount,
            cur,
          ),
        },
      };
    }
  } else if (svc.activities.includes('warehouse-fulfilment')) {
    sink.at(base, 'a warehouse-fulfilment service needs a warehouse block (location, storage fee)');
  }
  if (sink.issues.length > before || !pricing) return undefined;
  return {
    id: svc.id,
    partnerId,
    name: svc.name,
    activities: svc.activities,
    mode: svc.mode ?? null,
    transport: svc.transport ?? null,
    lanes,
    pricing,
    schedule,
    restrictions: {
      maxWeightG: r.maxWeightG ?? null,
      maxLongestSideMm: r.maxLongestSideMm ?? null,
      maxLengthPlusGirthMm: r.maxLengthPlusGirthMm ?? null,
      maxDeclaredValue,
      refusedGoods: r.refusedGoods as GoodsFlag[],
    },
    lossRate: svc.lossRate,
    damageRate: svc.damageRate,
    tracking: svc.tracking,
    clearance: svc.clearance
      ? {
          side: svc.clearance.side,
          aeo: svc.clearance.aeo,
          // Customs profiles the trader as well as the broker: an AEO exporter of record is
          // inspected less and cleared faster, by the broker's own figures for AEO traders.
          inspectionRate: aeoTrader ? aeoTrader.inspectionRate : svc.clearance.inspectionRate,
          clearanceTime: duration(
            sink,
            aeoTrader
              ? [...base, 'clearance', 'aeoTrader', 'clearanceTime']
              : [...base, 'clearance', 'clearanceTime'],
            aeoTrader ? aeoTrader.clearanceTime : svc.clearance.clearanceTime,
          ),
          aeoTraderApplied: aeoTrader !== undefined,
          inspectionDelay: duration(
            sink,
            [...base, 'clearance', 'inspectionDelay'],
            svc.clearance.inspectionDelay,
          ),
        }
      : null,
    incoterms: svc.incoterms,
    warehouse,
    sources: svc.sources,
  };
}

/**
 * Loads a partner network from its files (paths relative to the network directory). Either the
 * whole network is valid and returned, or every problem found is returned with its file, line,
 * path and reason: a network with errors is never half-loaded.
 */
export function loadNetwork(files: readonly SourceFile[]): Result<Network, NetworkIssue[]> {
  const issues: NetworkIssue[] = [];
  const byPath = new Map(files.map((f) => [f.path.replace(/\\/g, '/'), f.text]));
  const networkText = byPath.get(NETWORK_FILE);
  const locationsText = byPath.get(LOCATIONS_FILE);
  if (networkText === undefined)
    issues.push({
      file: NETWORK_FILE,
      line: null,
      message: 'missing: every network needs network.yaml',
    });
  if (locationsText === undefined)
    issues.push({
      file: LOCATIONS_FILE,
      line: null,
      message: 'missing: every network needs locations.yaml',
    });
  const partnerFiles = [...byPath.keys()]
    .filter((p) => p.startsWith(PARTNERS_DIR) && /\.ya?ml$/.test(p))
    .sort();
  if (partnerFiles.length === 0)
    issues.push({ file: PARTNERS_DIR, line: null, message: 'no partner files (partners/*.yaml)' });
  // Without a usable network.yaml and locations.yaml the partners cannot be checked against them,
  // but their YAML and schema errors are still reported in the same run.
  const withPartnerSchemaIssues = () => {
    for (const path of partnerFiles)
      parseWith({ path, text: byPath.get(path)! }, partnerFileSchema, issues);
    return err(issues);
  };

  const networkParsed =
    networkText === undefined
      ? undefined
      : parseWith({ path: NETWORK_FILE, text: networkText }, networkFileSchema, issues);
  const locationsParsed =
    locationsText === undefined
      ? undefined
      : parseWith({ path: LOCATIONS_FILE, text: locationsText }, locationsFileSchema, issues);
  if (!networkParsed || !locationsParsed) return withPartnerSchemaIssues();

  const net = networkParsed.data;
  const netSink = new IssueSink(networkParsed.source);
  if (!isCountryCode(net.originCountry))
    netSink.at(['originCountry'], `unknown ISO 3166 country "${net.originCountry}"`);
  if (!isCurrencyCode(net.baseCurrency))
    netSink.at(['baseCurrency'], `unknown ISO 4217 currency "${net.baseCurrency}"`);
  if (!isTimeZone(net.timezone))
    netSink.at(['timezone'], `unknown IANA time zone "${net.timezone}"`);
  const fxRates: FxRate[] = [];
  // An unknown zone is reported above; the dates are still checked, read in UTC (Intl throws on the unknown zone).
  const dateZone = isTimeZone(net.timezone) ? net.timezone : 'UTC';
  net.fx.forEach((row, i) => {
    if (!isCurrencyCode(row.currency))
      return netSink.at(['fx', i, 'currency'], `unknown ISO 4217 currency "${row.currency}"`);
    const from = instant(netSink, ['fx', i, 'validFrom'], row.validFrom, dateZone);
    const to = row.validTo ? instant(netSink, ['fx', i, 'validTo'], row.validTo, dateZone) : null;
    const perUnit = parseDecimal(row.perUnit)!;
    if (perUnit.n === 0n)
      return netSink.at(['fx', i, 'perUnit'], 'an exchange rate cannot be zero');
    if (from !== undefined && to !== undefined)
      fxRates.push({ currency: row.currency, perUnit, validFromMs: from, validToMs: to });
    return undefined;
  });
  issues.push(...netSink.issues);
  if (netSink.issues.length > 0) return withPartnerSchemaIssues();

  const locations = loadLocations(locationsParsed, net, issues);
  const ctx: LoadContext = {
    network: net,
    locations,
    files: byPath,
    cardCache: new Map(),
    fxCurrencies: new Set(fxRates.map((r) => r.currency)),
  };
  const partners = new Map<string, Partner>();
  const partnerOrigin = new Map<string, string>();
  const services = new Map<string, Service>();
  const serviceOrigin = new Map<string, string>();
  const fileIssues: NetworkIssue[] = [];
  for (const path of partnerFiles) {
    const parsed = parseWith({ path, text: byPath.get(path)! }, partnerFileSchema, issues);
    if (!parsed) continue;
    const p: PartnerFile = parsed.data;
    const sink = new IssueSink(parsed.source);
    const otherFile = partnerOrigin.get(p.id);
    if (otherFile) sink.at(['id'], `partner id "${p.id}" is also used by ${otherFile}`);
    partnerOrigin.set(p.id, path);
    if (!isCountryCode(p.country)) sink.at(['country'], `unknown ISO 3166 country "${p.country}"`);
    const loaded: Service[] = [];
    p.services.forEach((svc, i) => {
      const other = serviceOrigin.get(svc.id);
      if (other)
        sink.at(['services', i, 'id'], `service id "${svc.id}" is already used in ${other}`);
      serviceOrigin.set(svc.id, path);
      const service = loadService(ctx, sink, p.id, svc, i, fileIssues);
      if (service) loaded.push(service);
    });
    issues.push(...sink.issues);
    const partner: Partner = {
      id: p.id,
      name: p.name,
      kind: p.kind,
      country: p.country as CountryCode,
      aeo: p.aeo,
      services: loaded,
    };
    partners.set(p.id, partner);
    for (const s of loaded) services.set(s.id, s);
  }
  issues.push(...fileIssues);
  if (issues.length > 0) return err(issues);
  return ok({
    id: net.id,
    name: net.name,
    originCountry: net.originCountry as CountryCode,
    baseCurrency: net.baseCurrency as CurrencyCode,
    timezone: net.timezone,
    exporterOfRecord: net.exporterOfRecord
      ? {
          name: net.exporterOfRecord.name,
          aeo: net.exporterOfRecord.aeo,
          customsCode: net.exporterOfRecord.customsCode ?? null,
        }
      : null,
    locations,
    partners,
    services,
    fx: { base: net.baseCurrency as CurrencyCode, rates: fxRates },
  });
}

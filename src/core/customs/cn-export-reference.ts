import { z } from 'zod';
import {
  GATEWAY_KINDS,
  type Location,
  type Network,
  type SourceFile,
  TRANSPORT_MODES,
  type TransportMode,
  readYaml,
  schemaIssues,
} from '../network/index.ts';
import {
  type CountryCode,
  err,
  type Exact,
  type InputIssue,
  isCountryCode,
  isCurrencyCode,
  ok,
  parseDecimal,
  type Result,
} from '../shared/index.ts';

/*
 * China's export code lists (data/customs/cn-units.yaml, cn-country-codes.yaml, cn-export-codes.yaml)
 * and the integrator's China export set-up for its network (data/customs/cn-export-network.yaml):
 * the customs of each export gateway, the China customs codes of the partners that appear on the
 * filings, and the gateway each bundled service leaves by. The shell reads the files; this parses
 * and checks them, all or nothing, naming the file, line, path and reason of each problem.
 */

export const UNIT_KINDS = ['count', 'mass', 'length', 'area', 'volume', 'energy', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A China customs measurement unit (计量单位). */
export interface CnUnit {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: UnitKind;
  /** Mass units: grams per unit; count units: pieces per unit; otherwise null. */
  readonly perBase: Exact | null;
}

/** The legal units (法定计量单位) of the commodity codes under an HS prefix. */
export interface CnLegalUnits {
  readonly hs: string;
  readonly first: string;
  readonly second: string | null;
  readonly goods: string;
  readonly source: string;
}

export interface CnCountry {
  readonly iso2: CountryCode;
  /** China customs 3-digit code (国别代码). */
  readonly code: string;
  readonly iso3: string;
  readonly zh: string;
  readonly en: string;
  readonly secondary: boolean;
}

export interface CnCurrency {
  readonly iso: string;
  /** China customs 3-digit currency code (货币代码). */
  readonly code: string;
  readonly zh: string;
}

export interface CnTransportMode {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  /** The network transport mode the code stands for (null: post, other). */
  readonly transport: TransportMode | null;
}

export interface CnTradeMode {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

export interface CnExportCodes {
  readonly units: ReadonlyMap<string, CnUnit>;
  readonly defaultDeclaredUnit: string;
  /** Longest prefix first. */
  readonly legalUnits: readonly CnLegalUnits[];
  readonly countries: ReadonlyMap<string, CnCountry>;
  readonly currencies: ReadonlyMap<string, CnCurrency>;
  readonly transportModes: ReadonlyMap<string, CnTransportMode>;
  readonly tradeModes: ReadonlyMap<string, CnTradeMode>;
  /** Source key → text, from every file (for the notes a data set carries). */
  readonly sources: ReadonlyMap<string, string>;
}

export interface CnGatewaySetup {
  readonly locationId: string;
  /** 申报地海关 */
  readonly declarationCustoms: string | null;
  /** 出境关别 */
  readonly exitCustoms: string | null;
  /** 监管场所代码 */
  readonly supervisedSite: string | null;
  /** 运输方式 override (e.g. "4": trucked across the Hong Kong boundary before a flight). */
  readonly transportMode: string | null;
  /** 运抵国 override: where the goods first arrive. */
  readonly arrivalCountry: CountryCode | null;
  readonly source: string;
}

export interface CnPartnerSetup {
  /** 海关注册编码 (10 characters). */
  readonly customsCode: string | null;
  readonly illustrative: boolean;
}

export interface CnExportSetup {
  /** The file it was read from, for messages ("set it in …"). */
  readonly file: string;
  readonly network: string;
  readonly gateways: ReadonlyMap<string, CnGatewaySetup>;
  readonly partners: ReadonlyMap<string, CnPartnerSetup>;
  /** Service id → the export gateway its bundle leaves China by. */
  readonly bundles: ReadonlyMap<string, { readonly exitGateway: string }>;
}

const code3 = z.string().regex(/^\d{3}$/, 'must be a 3-digit code in quotes, e.g. "035"');
const customs4 = z
  .string()
  .regex(/^\d{4}$/, 'must be a 4-digit customs code in quotes, e.g. "5317"');
const text = z.string().trim().min(1);
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a plain decimal in quotes, e.g. "1000"');
const sources = z.record(z.string().regex(/^[a-z0-9-]+$/), text);

const unitsFileSchema = z.strictObject({
  version: z.literal(1),
  sources,
  units: z
    .array(
      z.strictObject({
        code: code3,
        zh: text,
        en: text,
        kind: z.enum(UNIT_KINDS),
        perBase: decimal.optional(),
      }),
    )
    .min(1),
  defaultDeclaredUnit: code3,
  legalUnits: z.array(
    z.strictObject({
      hs: z.string().regex(/^\d{4,10}$/, 'must be an HS prefix of 4 to 10 digits in quotes'),
      first: code3,
      second: code3.nullable(),
      goods: text,
      source: text,
    }),
  ),
});

const countriesFileSchema = z.strictObject({
  version: z.literal(1),
  sources,
  countries: z
    .array(
      z.strictObject({
        iso2: z.string().refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 code'),
        code: code3,
        iso3: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code'),
        zh: text,
        en: text,
        secondary: z.boolean().optional(),
      }),
    )
    .min(1),
});

const codesFileSchema = z.strictObject({
  version: z.literal(1),
  sources,
  tradeModes: z.array(z.strictObject({ code: z.string().regex(/^\d{4}$/), zh: text, en: text })),
  transportModes: z.array(
    z.strictObject({
      code: z.string().regex(/^[0-9A-Z]$/, 'must be one character, e.g. "5"'),
      zh: text,
      en: text,
      transport: z.enum(TRANSPORT_MODES).nullable(),
    }),
  ),
  currencies: z.array(
    z.strictObject({
      iso: z.string().refine(isCurrencyCode, 'must be an ISO 4217 currency code'),
      code: code3,
      zh: text,
    }),
  ),
});

const setupFileSchema = z.strictObject({
  version: z.literal(1),
  network: text,
  gateways: z.record(
    text,
    z.strictObject({
      declarationCustoms: customs4.nullable(),
      exitCustoms: customs4.nullable(),
      supervisedSite: z
        .string()
        .regex(/^[0-9A-Z]{4,10}$/, 'must be a supervised-site code (4 to 10 digits or capitals)')
        .nullable(),
      transportMode: z
        .string()
        .regex(/^[0-9A-Z]$/)
        .optional(),
      arrivalCountry: z
        .string()
        .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 code')
        .optional(),
      source: text,
    }),
  ),
  partners: z.record(
    text,
    z.strictObject({
      customsCode: z
        .string()
        .regex(/^[0-9A-Z]{10}$/, 'must be a 10-character China customs registration code')
        .nullable(),
      illustrative: z.boolean().optional(),
    }),
  ),
  bundles: z.record(text, z.strictObject({ exitGateway: text })).optional(),
});

function parseFile<S extends z.ZodTypeAny>(
  file: SourceFile,
  schema: S,
  issues: InputIssue[],
): { value: z.output<S>; lineOf: (path: (string | number)[]) => number | null } | null {
  const read = readYaml(file);
  if (!read.ok) {
    issues.push(...read.issues);
    return null;
  }
  const parsed = schema.safeParse(read.source.value);
  if (!parsed.success) {
    issues.push(...schemaIssues(read.source, parsed.error));
    return null;
  }
  return { value: parsed.data, lineOf: read.source.lineOf };
}

export interface CnExportCodeFiles {
  readonly units: SourceFile;
  readonly countries: SourceFile;
  readonly codes: SourceFile;
}

/** The three code-list files to code tables, or every problem (file, line, path, reason). */
export function parseCnExportCodes(files: CnExportCodeFiles): Result<CnExportCodes, InputIssue[]> {
  const issues: InputIssue[] = [];
  const u = parseFile(files.units, unitsFileSchema, issues);
  const c = parseFile(files.countries, countriesFileSchema, issues);
  const k = parseFile(files.codes, codesFileSchema, issues);
  if (!u || !c || !k) return err(issues);

  const at =
    (file: SourceFile, lineOf: (p: (string | number)[]) => number | null) =>
    (path: (string | number)[], message: string) =>
      issues.push({
        file: file.path,
        line: lineOf(path),
        field: path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.'),
        message,
      });

  const unitIssue = at(files.units, u.lineOf);
  const units = new Map<string, CnUnit>();
  u.value.units.forEach((unit, i) => {
    if (units.has(unit.code)) unitIssue(['units', i, 'code'], `unit ${unit.code} appears twice`);
    const needsBase = unit.kind === 'mass' || unit.kind === 'count';
    if (needsBase && unit.perBase === undefined)
      unitIssue(['units', i, 'perBase'], `a ${unit.kind} unit needs perBase`);
    if (!needsBase && unit.perBase !== undefined)
      unitIssue(['units', i, 'perBase'], `only mass and count units have perBase`);
    const perBase = unit.perBase !== undefined ? (parseDecimal(unit.perBase) ?? null) : null;
    if (perBase !== null && perBase.n === 0n)
      unitIssue(['units', i, 'perBase'], 'must be more than 0');
    units.set(unit.code, { ...unit, perBase });
  });
  if (!units.has(u.value.defaultDeclaredUnit))
    unitIssue(['defaultDeclaredUnit'], `unit ${u.value.defaultDeclaredUnit} is not in units`);
  const legalSeen = new Set<string>();
  u.value.legalUnits.forEach((l, i) => {
    if (legalSeen.has(l.hs)) unitIssue(['legalUnits', i, 'hs'], `prefix ${l.hs} appears twice`);
    legalSeen.add(l.hs);
    if (!units.has(l.first))
      unitIssue(['legalUnits', i, 'first'], `unit ${l.first} is not in units`);
    if (l.second !== null && !units.has(l.second))
      unitIssue(['legalUnits', i, 'second'], `unit ${l.second} is not in units`);
    if (!(l.source in u.value.sources))
      unitIssue(['legalUnits', i, 'source'], `"${l.source}" is not a key of sources`);
  });

  const countryIssue = at(files.countries, c.lineOf);
  const countries = new Map<string, CnCountry>();
  const countryCodes = new Set<string>();
  c.value.countries.forEach((country, i) => {
    if (countries.has(country.iso2))
      countryIssue(['countries', i, 'iso2'], `${country.iso2} appears twice`);
    if (countryCodes.has(country.code))
      countryIssue(['countries', i, 'code'], `code ${country.code} is given to two countries`);
    countryCodes.add(country.code);
    countries.set(country.iso2, {
      ...country,
      iso2: country.iso2 as CountryCode,
      secondary: country.secondary ?? false,
    });
  });

  const codeIssue = at(files.codes, k.lineOf);
  const unique = <T extends { code: string }>(list: T[], key: string) => {
    const map = new Map<string, T>();
    list.forEach((entry, i) => {
      if (map.has(entry.code)) codeIssue([key, i, 'code'], `code ${entry.code} appears twice`);
      map.set(entry.code, entry);
    });
    return map;
  };
  const tradeModes = unique(k.value.tradeModes, 'tradeModes');
  const transportModes = unique(k.value.transportModes, 'transportModes');
  const currencies = new Map<string, CnCurrency>();
  k.value.currencies.forEach((cur, i) => {
    if (currencies.has(cur.iso)) codeIssue(['currencies', i, 'iso'], `${cur.iso} appears twice`);
    currencies.set(cur.iso, cur);
  });
  for (const mode of ['9610', '9710', '9810'])
    if (!tradeModes.has(mode)) codeIssue(['tradeModes'], `trade mode ${mode} is missing`);

  if (issues.length > 0) return err(issues);
  const allSources = new Map<string, string>();
  for (const s of [u.value.sources, c.value.sources, k.value.sources])
    for (const [key, value] of Object.entries(s)) allSources.set(key, value);
  return ok({
    units,
    defaultDeclaredUnit: u.value.defaultDeclaredUnit,
    legalUnits: [...u.value.legalUnits].sort((a, b) => b.hs.length - a.hs.length),
    countries,
    currencies,
    transportModes,
    tradeModes,
    sources: allSources,
  });
}

/**
 * The integrator's export set-up (cn-export-network.yaml). With the network, every gateway,
 * partner and bundled service it names must exist there (a gateway must be a gateway location; a
 * bundle's service must sell export clearance); with the codes, transport-mode overrides must be
 * known codes.
 */
export function parseCnExportSetup(
  file: SourceFile,
  context: { readonly network?: Network; readonly codes?: CnExportCodes } = {},
): Result<CnExportSetup, InputIssue[]> {
  const issues: InputIssue[] = [];
  const s = parseFile(file, setupFileSchema, issues);
  if (!s) return err(issues);
  const issue = (path: (string | number)[], message: string) =>
    issues.push({ file: file.path, line: s.lineOf(path), field: path.join('.'), message });
  const { network, codes } = context;
  if (network && s.value.network !== network.id)
    issue(['network'], `the set-up is for network "${s.value.network}", not "${network.id}"`);

  const gateways = new Map<string, CnGatewaySetup>();
  for (const [id, g] of Object.entries(s.value.gateways)) {
    const location = network?.locations.get(id);
    if (network && !location) issue(['gateways', id], `no location "${id}" in the network`);
    else if (location && !isGatewayKind(location))
      issue(['gateways', id], `"${id}" is a ${location.kind}, not an export gateway`);
    if (codes && g.transportMode !== undefined && !codes.transportModes.has(g.transportMode))
      issue(['gateways', id, 'transportMode'], `"${g.transportMode}" is not a transport mode code`);
    gateways.set(id, {
      locationId: id,
      declarationCustoms: g.declarationCustoms,
      exitCustoms: g.exitCustoms,
      supervisedSite: g.supervisedSite,
      transportMode: g.transportMode ?? null,
      arrivalCountry: (g.arrivalCountry as CountryCode | undefined) ?? null,
      source: g.source,
    });
  }
  const partners = new Map<string, CnPartnerSetup>();
  for (const [id, p] of Object.entries(s.value.partners)) {
    if (network && !network.partners.has(id))
      issue(['partners', id], `no partner "${id}" in the network`);
    partners.set(id, { customsCode: p.customsCode, illustrative: p.illustrative ?? false });
  }
  const bundles = new Map<string, { exitGateway: string }>();
  for (const [id, b] of Object.entries(s.value.bundles ?? {})) {
    const service = network?.services.get(id);
    if (network && !service) issue(['bundles', id], `no service "${id}" in the network`);
    else if (service && !service.activities.includes('export-clearance'))
      issue(['bundles', id], `service "${id}" does not sell export clearance`);
    if (!gateways.has(b.exitGateway))
      issue(
        ['bundles', id, 'exitGateway'],
        `"${b.exitGateway}" is not one of the gateways of this file`,
      );
    bundles.set(id, { exitGateway: b.exitGateway });
  }
  if (issues.length > 0) return err(issues);
  return ok({ file: file.path, network: s.value.network, gateways, partners, bundles });
}

/** Airports, seaports, rail terminals and border crossings: where goods cross a border. */
export function isGatewayKind(location: Location): boolean {
  return GATEWAY_KINDS.includes(location.kind);
}

/** The legal units of a commodity code: the longest matching prefix, or null when none is held. */
export function legalUnitsFor(codes: CnExportCodes, hsCode: string): CnLegalUnits | null {
  return codes.legalUnits.find((l) => hsCode.startsWith(l.hs)) ?? null;
}

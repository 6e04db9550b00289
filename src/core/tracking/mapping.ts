import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { type Network, readYaml, schemaIssues, type SourceFile } from '../network/index.ts';
import { err, type InputIssue, ok, parseDateOrInstant, type Result } from '../shared/index.ts';
import { isSubStatusOf, subStatusesOf, TRACKING_STATUSES, type TrackingStatus } from './status.ts';

/*
 * Partner code → Silkline status tables, one YAML file per partner (data/tracking/mappings/), plus
 * shared tables a partner can use (upu-emsevt: the UPU postal event codes). They are dated data:
 * a partner that changes its codes gets a new file with a later validFrom, and an event is read
 * with the table in force when it occurred. docs/tracking.md describes the format.
 */

const idText = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'must be lower-case letters, digits and dashes (2-63 characters)',
  );

/** Statuses a code may map to: "pending" is the absence of events, never an event. */
const MAPPABLE_STATUSES = TRACKING_STATUSES.filter((s) => s !== 'pending') as [
  TrackingStatus,
  ...TrackingStatus[],
];

export const mappingEntrySchema = z
  .object({
    status: z.enum(MAPPABLE_STATUSES, {
      error: `must be one of the Silkline statuses: ${MAPPABLE_STATUSES.join(', ')}`,
    }),
    subStatus: z.string().min(1).optional(),
    description: z.string().trim().min(1, 'must say what the code means'),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.subStatus !== undefined && !isSubStatusOf(entry.status, entry.subStatus)) {
      const allowed = subStatusesOf(entry.status);
      ctx.addIssue({
        code: 'custom',
        path: ['subStatus'],
        message:
          allowed.length > 0
            ? `"${entry.subStatus}" is not a sub-status of ${entry.status} (one of: ${allowed.join(', ')})`
            : `${entry.status} has no sub-statuses`,
      });
    }
  });

export const trackingMappingFileSchema = z
  .object({
    partner: idText.optional(),
    shared: idText.optional(),
    validFrom: z
      .string({ error: 'must be a date (2026-01-01) or an instant with an offset' })
      .regex(
        /^\d{4}-\d{2}-\d{2}([Tt ].*)?$/,
        'must be a date (2026-01-01) or an instant with an offset',
      ),
    /** Where the codes come from (a partner's documentation, an EDI guide). */
    source: z.string().optional(),
    /** Shared tables consulted, in order, for codes this file does not list. */
    uses: z.array(idText).optional(),
    entries: z.record(
      z
        .string()
        .trim()
        .min(1, 'a code must not be empty')
        .max(64, 'a code is at most 64 characters'),
      mappingEntrySchema,
    ),
  })
  .strict()
  .superRefine((file, ctx) => {
    if ((file.partner === undefined) === (file.shared === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'name exactly one of "partner" (a partner id) or "shared" (a shared table id)',
      });
    }
    if (file.shared !== undefined && file.uses !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['uses'], message: 'a shared table cannot use others' });
    }
    if (Object.keys(file.entries).length === 0 && (file.uses ?? []).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['entries'],
        message: 'a table needs at least one entry or a shared table in "uses"',
      });
    }
  });

export type TrackingMappingFile = z.infer<typeof trackingMappingFileSchema>;

export interface MappingEntry {
  readonly status: TrackingStatus;
  readonly subStatus: string | null;
  readonly description: string;
}

export interface MappingTable {
  /** The partner id, or the shared table's id. */
  readonly id: string;
  readonly kind: 'partner' | 'shared';
  readonly validFrom: string;
  readonly validFromMs: number;
  readonly uses: readonly string[];
  readonly source: string | null;
  readonly entries: ReadonlyMap<string, MappingEntry>;
  /** The file it was read from, for operators. */
  readonly file: string;
}

/** Every table, each id's versions sorted by validFrom. */
export interface TrackingMappings {
  readonly partners: ReadonlyMap<string, readonly MappingTable[]>;
  readonly shared: ReadonlyMap<string, readonly MappingTable[]>;
}

export const MAPPINGS_DIR = 'mappings/';

/**
 * Reads mapping files (paths relative to data/tracking/, texts as read by the shell) into tables.
 * All or nothing: every problem is reported with its file, line, field path and reason. A date in
 * validFrom means local midnight in `timeZone` (the network's), as in the network files.
 */
export function loadTrackingMappings(
  files: readonly SourceFile[],
  timeZone: string,
): Result<TrackingMappings, InputIssue[]> {
  const issues: InputIssue[] = [];
  const tables: MappingTable[] = [];
  for (const file of files) {
    const read = readYaml(file);
    if (!read.ok) {
      issues.push(...read.issues);
      continue;
    }
    const keyIssues = nonTextCodes(file);
    if (keyIssues.length > 0) {
      issues.push(...keyIssues);
      continue;
    }
    const parsed = trackingMappingFileSchema.safeParse(read.source.value);
    if (!parsed.success) {
      issues.push(...schemaIssues(read.source, parsed.error));
      continue;
    }
    const data = parsed.data;
    const validFromMs = parseDateOrInstant(data.validFrom, timeZone);
    if (validFromMs === undefined) {
      issues.push({
        file: file.path,
        line: read.source.lineOf(['validFrom']),
        field: 'validFrom',
        message: `"${data.validFrom}" is not a date or an instant with an offset`,
      });
      continue;
    }
    const entries = new Map<string, MappingEntry>();
    for (const [code, entry] of Object.entries(data.entries)) {
      const key = code.trim();
      if (entries.has(key)) {
        issues.push({
          file: file.path,
          line: read.source.lineOf(['entries', code]),
          field: `entries.${code}`,
          message: `code "${key}" is listed twice (once with surrounding spaces)`,
        });
      }
      entries.set(key, {
        status: entry.status,
        subStatus: entry.subStatus ?? null,
        description: entry.description,
      });
    }
    tables.push({
      id: data.partner ?? data.shared ?? '',
      kind: data.partner !== undefined ? 'partner' : 'shared',
      validFrom: data.validFrom,
      validFromMs,
      uses: data.uses ?? [],
      source: data.source ?? null,
      entries,
      file: file.path,
    });
  }
  const partners = groupVersions(
    tables.filter((t) => t.kind === 'partner'),
    issues,
  );
  const shared = groupVersions(
    tables.filter((t) => t.kind === 'shared'),
    issues,
  );
  for (const table of tables) {
    if (table.kind === 'shared' && partners.has(table.id)) {
      issues.push({
        file: table.file,
        line: null,
        field: 'shared',
        message: `"${table.id}" is also a partner's id: a shared table needs its own name`,
      });
    }
    table.uses.forEach((use, i) => {
      if (!shared.has(use)) {
        issues.push({
          file: table.file,
          line: null,
          field: `uses[${i}]`,
          message: `no shared table "${use}" (known: ${[...shared.keys()].join(', ') || 'none'})`,
        });
      }
    });
  }
  return issues.length > 0 ? err(issues) : ok({ partners, shared });
}

/** YAML reads an unquoted code such as 01 or 1e3 as a number and loses what the partner wrote. */
function nonTextCodes(file: SourceFile): InputIssue[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { uniqueKeys: true, lineCounter });
  const entries = doc.get('entries', true);
  if (!isMap(entries)) return [];
  const issues: InputIssue[] = [];
  for (const pair of entries.items) {
    if (isScalar(pair.key) && typeof pair.key.value !== 'string') {
      const text = String(pair.key.source ?? pair.key.value);
      issues.push({
        file: file.path,
        line: pair.key.range ? lineCounter.linePos(pair.key.range[0]).line : null,
        field: `entries.${text}`,
        message: `code ${text} must be quoted ("${text}"): YAML reads it as ${typeof pair.key.value} ${String(pair.key.value)}`,
      });
    }
  }
  return issues;
}

function groupVersions(
  tables: readonly MappingTable[],
  issues: InputIssue[],
): Map<string, MappingTable[]> {
  const byId = new Map<string, MappingTable[]>();
  for (const t of tables) {
    const list = byId.get(t.id) ?? [];
    const clash = list.find((o) => o.validFromMs === t.validFromMs);
    if (clash) {
      issues.push({
        file: t.file,
        line: null,
        field: 'validFrom',
        message: `${t.kind} table "${t.id}" already has a version valid from ${clash.validFrom} (${clash.file})`,
      });
      continue;
    }
    list.push(t);
    byId.set(t.id, list);
  }
  for (const list of byId.values()) list.sort((a, b) => a.validFromMs - b.validFromMs);
  return byId;
}

/** The version of a table in force at an instant: the latest validFrom at or before it. */
export function tableInForce(
  versions: readonly MappingTable[] | undefined,
  atMs: number,
): MappingTable | undefined {
  let found: MappingTable | undefined;
  for (const v of versions ?? []) if (v.validFromMs <= atMs) found = v;
  return found;
}

export type UnmappedReason = 'no-table-for-partner' | 'no-table-in-force' | 'unknown-code';

export type CodeLookup =
  | {
      readonly ok: true;
      readonly entry: MappingEntry;
      /** The table that knew the code (the partner's, or a shared one it uses). */
      readonly table: string;
      readonly validFrom: string;
    }
  | { readonly ok: false; readonly reason: UnmappedReason };

/**
 * What a partner's code means at an instant: the partner's own table in force, then the shared
 * tables it uses, in order. A code nobody lists is unknown; it is never guessed from its look.
 * Codes are compared exactly after trimming (case included: some partners' codes differ by case).
 */
export function lookupCode(
  mappings: TrackingMappings,
  partnerId: string,
  code: string,
  atMs: number,
): CodeLookup {
  const versions = mappings.partners.get(partnerId);
  if (!versions || versions.length === 0) return { ok: false, reason: 'no-table-for-partner' };
  const table = tableInForce(versions, atMs);
  if (!table) return { ok: false, reason: 'no-table-in-force' };
  const key = code.trim();
  const own = table.entries.get(key);
  if (own) return { ok: true, entry: own, table: table.id, validFrom: table.validFrom };
  for (const use of table.uses) {
    const shared = tableInForce(mappings.shared.get(use), atMs);
    const entry = shared?.entries.get(key);
    if (shared && entry) return { ok: true, entry, table: shared.id, validFrom: shared.validFrom };
  }
  return { ok: false, reason: 'unknown-code' };
}

/**
 * Mapping tables against a network: a partner that sends events (any service tracked) without a
 * table, and a table for a partner the network does not know (usually a misspelt id).
 */
export function checkMappingsAgainstNetwork(
  mappings: TrackingMappings,
  network: Network,
): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const partner of network.partners.values()) {
    const tracked = partner.services.some((s) => s.tracking !== 'none');
    if (tracked && !mappings.partners.has(partner.id)) {
      issues.push({
        line: null,
        field: 'partner',
        message: `partner "${partner.id}" sends tracking events but has no mapping table`,
      });
    }
  }
  for (const [id, versions] of mappings.partners) {
    if (!network.partners.has(id)) {
      issues.push({
        file: versions[0]?.file,
        line: null,
        field: 'partner',
        message: `no partner "${id}" in network ${network.id}`,
      });
    }
  }
  return issues;
}

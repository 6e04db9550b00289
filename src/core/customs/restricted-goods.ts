import { z } from 'zod';
import { MODES, type Mode, readYaml, schemaIssues } from '../network/index.ts';
import { GOODS_FLAGS, type GoodsFlag } from '../rating/index.ts';
import {
  err,
  type InputIssue,
  isCountryCode,
  ok,
  type Result,
  SilklineError,
} from '../shared/index.ts';
import { foldWord } from './hs-suggest.ts';
import { type HsNomenclature, normalizeHsCode } from './hs.ts';

/*
 * Prohibited and restricted goods per destination, as dated data (data/customs/restricted-goods.yaml).
 * A rule names a destination (or '*' for every one), what it catches (HS prefixes, the goods flags
 * rating knows, words of the item description) and whether the goods are prohibited or allowed
 * only under named conditions (a licence, a permit, a prescription, a clearance route).
 *
 * What a carrier refuses is not here: each service's refusals are in the network
 * (restrictions.refusedGoods) and the planner applies them per service. A rule may limit itself to
 * modes (e.g. a postal ban) when it is the law of the destination for that channel.
 */

export const RESTRICTION_STATUSES = ['prohibited', 'restricted'] as const;
export type RestrictionStatus = (typeof RESTRICTION_STATUSES)[number];

export interface RestrictionRule {
  readonly id: string;
  /** ISO 3166 alpha-2, or '*' for every destination. */
  readonly destination: string;
  readonly hsPrefixes: readonly string[];
  readonly goods: readonly GoodsFlag[];
  /** Words or phrases of an item description, folded (lower case, singular). */
  readonly keywords: readonly string[];
  /** The modes the rule is limited to; null for every mode. */
  readonly modes: readonly Mode[] | null;
  readonly status: RestrictionStatus;
  /** For a restriction: the licence, permit or condition that allows the goods. */
  readonly conditions: string | null;
  /** Inclusive, YYYY-MM-DD. */
  readonly validFrom: string;
  /** Exclusive, YYYY-MM-DD; null while in force. */
  readonly validTo: string | null;
  readonly reason: string;
  readonly source: string;
  readonly notes: string | null;
}

export interface RestrictedGoodsRules {
  readonly rules: readonly RestrictionRule[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const dateText = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .refine(isCalendarDate, 'must be a real calendar date written YYYY-MM-DD, e.g. 2026-07-01');

const ruleSchema = z
  .strictObject({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{1,62}$/,
        'must be lower-case letters, digits and dashes (2-63 characters)',
      ),
    destination: z
      .string()
      .refine(
        (d) => d === '*' || isCountryCode(d),
        "must be an ISO 3166-1 alpha-2 code in capitals (e.g. GB) or '*' for every destination",
      ),
    hsPrefixes: z
      .array(
        z
          .string({ error: 'must be digits in quotes (a bare YAML number loses leading zeros)' })
          .regex(/^\d{2}(\d{2}){0,4}$/, 'must be 2, 4, 6, 8 or 10 digits, e.g. "854340"'),
      )
      .default([]),
    goods: z.array(z.enum(GOODS_FLAGS)).default([]),
    keywords: z.array(z.string().trim().min(2, 'must be at least 2 characters')).default([]),
    modes: z.array(z.enum(MODES)).min(1).optional(),
    status: z.enum(RESTRICTION_STATUSES),
    conditions: z.string().trim().min(1).optional(),
    validFrom: dateText,
    validTo: dateText.nullable().optional(),
    reason: z.string().trim().min(1, 'must say why'),
    source: z.string().trim().min(1, 'must name where the rule comes from'),
    notes: z.string().trim().min(1).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.hsPrefixes.length + r.goods.length + r.keywords.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['hsPrefixes'],
        message: 'a rule must catch something: give hsPrefixes, goods or keywords',
      });
    if (r.status === 'restricted' && r.conditions === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['conditions'],
        message:
          'a restriction must name its conditions (the licence, permit or route that allows the goods)',
      });
    if (r.validTo != null && r.validTo <= r.validFrom)
      ctx.addIssue({
        code: 'custom',
        path: ['validTo'],
        message: `must be after validFrom (${r.validFrom}); validTo is exclusive`,
      });
  });

/** The file's format; published for editors in the same way as the network's schemas. */
export const restrictedGoodsFileSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  rules: z.array(ruleSchema),
});

/** Folded words of a description or keyword: lower case, no accents, singular, no punctuation. */
export function descriptionWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019']s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')
    .map(foldWord);
}

/**
 * Parses and validates the restricted-goods file. Every problem is returned with the file, the
 * line, the path in the file and the reason; with a nomenclature, each HS prefix must also be a
 * code of it (a typo would otherwise catch nothing, silently).
 */
export function parseRestrictedGoods(
  text: string,
  opts: { file?: string; nomenclature?: HsNomenclature } = {},
): Result<RestrictedGoodsRules, InputIssue[]> {
  const file = opts.file ?? 'restricted-goods.yaml';
  const read = readYaml({ path: file, text });
  if (!read.ok) return err(read.issues);
  const parsed = restrictedGoodsFileSchema.safeParse(read.source.value ?? {});
  if (!parsed.success) return err(schemaIssues(read.source, parsed.error));
  const issues: InputIssue[] = [];
  const at = (path: (string | number)[], message: string) =>
    issues.push({
      file,
      line: read.source.lineOf(path),
      field: path
        .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
        .join(''),
      message,
    });
  const seen = new Map<string, number>();
  parsed.data.rules.forEach((r, i) => {
    const first = seen.get(r.id);
    if (first !== undefined)
      at(['rules', i, 'id'], `rule id "${r.id}" is already used by rules[${first}]`);
    else seen.set(r.id, i);
    const nom = opts.nomenclature;
    if (nom)
      r.hsPrefixes.forEach((p, j) => {
        const hs = p.slice(0, 6);
        if (!nom.entries.has(hs))
          at(
            ['rules', i, 'hsPrefixes', j],
            `"${p}": ${hs} is not an HS 2022 chapter, heading or subheading`,
          );
      });
  });
  if (issues.length > 0) return err(issues);
  return ok({
    rules: parsed.data.rules.map((r) => ({
      id: r.id,
      destination: r.destination,
      hsPrefixes: r.hsPrefixes,
      goods: r.goods,
      keywords: r.keywords.map((k) => descriptionWords(k).join(' ')),
      modes: r.modes ?? null,
      status: r.status,
      conditions: r.conditions ?? null,
      validFrom: r.validFrom,
      validTo: r.validTo ?? null,
      reason: r.reason,
      source: r.source,
      notes: r.notes ?? null,
    })),
  });
}

export interface RestrictionItem {
  readonly hsCode?: string | null | undefined;
  readonly description?: string | null | undefined;
  readonly goods?: readonly GoodsFlag[] | undefined;
}

export interface RestrictionFinding {
  readonly status: RestrictionStatus;
  /** Index of the item in the list given. */
  readonly itemIndex: number;
  readonly ruleId: string;
  /** The rule's destination: the country, or '*'. */
  readonly destination: string;
  /** What caught the item: "hs 854340", "goods cosmetics", "keyword vape". */
  readonly matchedBy: readonly string[];
  readonly reason: string;
  readonly conditions: string | null;
  /** The modes the rule is limited to (null: every mode). */
  readonly modes: readonly Mode[] | null;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly source: string;
}

/**
 * The prohibitions and restrictions of a destination that catch the items, for an import date
 * (YYYY-MM-DD; a rule is in force from validFrom, inclusive, to validTo, exclusive). With `mode`,
 * rules limited to other modes are left out; without it they are reported with their modes.
 * No finding means no rule held here catches the items, not that the destination allows them.
 */
export function restrictionsFor(
  rules: RestrictedGoodsRules,
  query: {
    destination: string;
    date: string;
    items: readonly RestrictionItem[];
    mode?: Mode | undefined;
  },
): RestrictionFinding[] {
  if (!isCalendarDate(query.date))
    throw new SilklineError('invalid-date', `"${query.date}" is not a date written YYYY-MM-DD`);
  const destination = query.destination.toUpperCase();
  const inForce = rules.rules.filter(
    (r) =>
      (r.destination === '*' || r.destination === destination) &&
      r.validFrom <= query.date &&
      (r.validTo === null || query.date < r.validTo) &&
      (query.mode === undefined || r.modes === null || r.modes.includes(query.mode)),
  );
  const findings: RestrictionFinding[] = [];
  query.items.forEach((item, itemIndex) => {
    const code = item.hsCode ? normalizeHsCode(item.hsCode) : '';
    const words = ` ${descriptionWords(item.description ?? '').join(' ')} `;
    for (const r of inForce) {
      const matchedBy = [
        ...r.hsPrefixes.filter((p) => code !== '' && code.startsWith(p)).map((p) => `hs ${p}`),
        ...r.goods.filter((g) => item.goods?.includes(g)).map((g) => `goods ${g}`),
        ...r.keywords.filter((k) => words.includes(` ${k} `)).map((k) => `keyword ${k}`),
      ];
      if (matchedBy.length === 0) continue;
      findings.push({
        status: r.status,
        itemIndex,
        ruleId: r.id,
        destination: r.destination,
        matchedBy,
        reason: r.reason,
        conditions: r.conditions,
        modes: r.modes,
        validFrom: r.validFrom,
        validTo: r.validTo,
        source: r.source,
      });
    }
  });
  return findings.sort(
    (a, b) =>
      a.itemIndex - b.itemIndex ||
      (a.status === b.status ? 0 : a.status === 'prohibited' ? -1 : 1) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  buildHsSuggestIndex,
  type HsNomenclature,
  parseHsNomenclature,
  parseRestrictedGoods,
  parseUsHtsTable,
  type RestrictedGoodsRules,
  type UsHtsTable,
} from '../../core/customs/index.ts';
import { formatInputIssue, SilklineError } from '../../core/shared/index.ts';

export const HS_FILE = fileURLToPath(
  new URL('../../../data/reference/hs2022.csv', import.meta.url),
);
export const HS_SECTIONS_FILE = fileURLToPath(
  new URL('../../../data/reference/hs2022-sections.csv', import.meta.url),
);
export const US_HTS_FILE = fileURLToPath(
  new URL('../../../data/reference/us-hts10-2026-02.csv', import.meta.url),
);
export const RESTRICTED_GOODS_FILE = fileURLToPath(
  new URL('../../../data/customs/restricted-goods.yaml', import.meta.url),
);

// Parsed once per process: the files are large (the HTS table is 1.2 MB) and never change while
// the process runs. A failed load is not cached, so a fixed file is read again.
let hs: Promise<HsNomenclature> | undefined;
let usHts: Promise<UsHtsTable> | undefined;
let restricted: Promise<RestrictedGoodsRules> | undefined;

function once<T>(
  get: () => Promise<T> | undefined,
  set: (p: Promise<T> | undefined) => void,
  load: () => Promise<T>,
): Promise<T> {
  const cached = get();
  if (cached) return cached;
  const p = load();
  set(p);
  p.catch(() => set(undefined));
  return p;
}

/** HS 2022 (chapters, headings, subheadings, sections), with the suggestion index built. */
export function loadHsNomenclature(): Promise<HsNomenclature> {
  return once(
    () => hs,
    (p) => (hs = p),
    async () => {
      const [codes, sections] = await Promise.all([
        readFile(HS_FILE, 'utf8'),
        readFile(HS_SECTIONS_FILE, 'utf8'),
      ]);
      const nom = parseHsNomenclature(codes, sections);
      buildHsSuggestIndex(nom);
      return nom;
    },
  );
}

/** The US HTS 10-digit lines (2026-02). */
export function loadUsHts(): Promise<UsHtsTable> {
  return once(
    () => usHts,
    (p) => (usHts = p),
    async () => parseUsHtsTable(await readFile(US_HTS_FILE, 'utf8')),
  );
}

/**
 * Reads and validates a restricted-goods file (default: data/customs/restricted-goods.yaml; the
 * default is cached). Its HS prefixes are checked against the nomenclature. An invalid file throws
 * a SilklineError listing every issue with file, line, path and reason.
 */
export function loadRestrictedGoods(path?: string): Promise<RestrictedGoodsRules> {
  const read = async (file: string) => {
    const [text, nomenclature] = await Promise.all([readFile(file, 'utf8'), loadHsNomenclature()]);
    const parsed = parseRestrictedGoods(text, { file, nomenclature });
    if (!parsed.ok)
      throw new SilklineError(
        'restricted-goods-invalid',
        `${file} has ${parsed.error.length} error(s):\n${parsed.error
          .map((i) => `  ${formatInputIssue(i)}`)
          .join('\n')}`,
        { issues: parsed.error },
      );
    return parsed.value;
  };
  if (path !== undefined) return read(path);
  return once(
    () => restricted,
    (p) => (restricted = p),
    () => read(RESTRICTED_GOODS_FILE),
  );
}

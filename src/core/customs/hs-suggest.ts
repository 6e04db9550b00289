import type { HsEntry, HsNomenclature } from './hs.ts';

/*
 * Suggesting HS subheadings from a seller's item description: a ranked text search over the
 * nomenclature, so that a person chooses. It never assigns a code.
 *
 * Ranking is BM25F over the 6-digit subheadings: each subheading is a document whose fields are
 * its own description (full weight), its heading's (lower) and its chapter's (lower still). Words
 * are lower-cased, folded to their singular, and stop words and the nomenclature's boilerplate
 * ("other", "n.e.c.", "thereof") are dropped. Words inside a negation ("other than cotton",
 * "excluding lip … preparations", "not knitted") are not indexed: "cotton" must not find the
 * subheading for T-shirts *other than* of cotton.
 *
 * Sellers and the nomenclature use different words (mug / tableware, power bank / accumulator,
 * jewelry / jewellery): a small vocabulary below adds the nomenclature's words to the query at a
 * lower weight. The head noun of the text (its last word that is not a material, colour or size:
 * "earphones" in "wireless bluetooth earphones") weighs more, subheadings that miss it rank lower,
 * and so do "parts of …" subheadings unless parts are asked for.
 */

export interface HsSuggestion {
  /** The 6-digit HS subheading. */
  readonly code: string;
  /** BM25F relevance, comparable only between suggestions for the same text. */
  readonly score: number;
  readonly description: string;
  /** Chapter → heading → subheading. */
  readonly path: readonly HsEntry[];
  /** The (folded) words of the text, or of its vocabulary expansion, that this subheading matched. */
  readonly matched: readonly string[];
}

export interface Posting {
  readonly docs: Int32Array;
  readonly weights: Float64Array;
  /** 1 where the term is in the subheading's or its heading's own text, not only in the chapter's. */
  readonly near: Uint8Array;
}

export interface HsSuggestIndex {
  readonly nomenclature: HsNomenclature;
  readonly docs: readonly HsEntry[];
  /** term → postings: document indices and each one's precomputed BM25F contribution. */
  readonly postings: ReadonlyMap<string, Posting>;
  /** Per document: whether it is a "parts" subheading. */
  readonly parts: readonly boolean[];
}

const FIELD_WEIGHTS = { subheading: 1, heading: 0.4, chapter: 0.2 } as const;
const K1 = 1.2;
const B = 0.75;
/** Query words added from the vocabulary count for less than the seller's own words. */
const EXPANSION_WEIGHT = 0.6;
/** The head noun ("earphones" in "wireless bluetooth earphones") counts for more than its modifiers. */
const HEAD_BOOST = 1.5;
/**
 * A subheading whose own or heading text matches none of the head noun's terms is rarely the thing
 * itself (a match in the chapter's title alone does not count).
 */
const MISSED_HEAD_FACTOR = 0.6;
/** "Parts of …" subheadings rank lower unless the text asks for parts. */
const PARTS_FACTOR = 0.75;

const STOP_WORDS = new Set(
  (
    'a an and any are as at be been but by each for from has have in into is it its may more most ' +
    'of on or per so such than that the their them these this those to up upon was were which ' +
    'whether with within without not other others nec thereof therefor therefore thereto therewith ' +
    'including excluding included except etc eg ie also whole wholly mainly chiefly principally ' +
    'heading headings chapter chapters subheading subheadings item items no nos note notes kind ' +
    'kinds type types used use using like similar containing incorporating combined form forms ' +
    'n.e.c whose only all both either neither new'
  ).split(' '),
);

// Plurals that the suffix rules below would get wrong.
const IRREGULAR: Readonly<Record<string, string>> = {
  knives: 'knife',
  shelves: 'shelf',
  leaves: 'leaf',
  halves: 'half',
  calves: 'calf',
  loaves: 'loaf',
  hooves: 'hoof',
  scarves: 'scarf',
  wives: 'wife',
  lives: 'life',
  wolves: 'wolf',
  thieves: 'thief',
  woman: 'women',
  man: 'men',
  child: 'children',
  mice: 'mouse',
  teeth: 'tooth',
  feet: 'foot',
  geese: 'goose',
  oxen: 'ox',
  dice: 'die',
  // British and American spellings meet on the nomenclature's (British) one.
  jewelry: 'jewellery',
  jewelries: 'jewellery',
  color: 'colour',
  colors: 'colour',
  aluminum: 'aluminium',
  fiber: 'fibre',
  fibers: 'fibre',
  gray: 'grey',
  tire: 'tyre',
  tires: 'tyre',
  mold: 'mould',
  molds: 'mould',
  vaporizing: 'vaporising',
  vaporizer: 'vaporising',
  vaporizers: 'vaporising',
  catalog: 'catalogue',
  catalogs: 'catalogue',
};

// Folding is pure and the vocabulary small: remembering results makes indexing several times
// faster. Bounded, because queries bring arbitrary words.
const foldCache = new Map<string, string>();

/** Light English folding: plurals to singular, possessives dropped; not a full stemmer. */
export function foldWord(word: string): string {
  let f = foldCache.get(word);
  if (f === undefined) {
    f = foldUncached(word);
    if (foldCache.size < 50_000) foldCache.set(word, f);
  }
  return f;
}

function foldUncached(word: string): string {
  const w = word.replace(/'s?$/, '');
  const irregular = IRREGULAR[w];
  if (irregular) return irregular;
  if (w.length <= 3) return w;
  if (/(ss|us|is|ous|ics)$/.test(w)) return w;
  if (/[^aeiou]ies$/.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/sses$/.test(w)) return w.slice(0, -2);
  if (/(sh|ch|x)es$/.test(w)) return w.slice(0, -2);
  if (/oes$/.test(w) && w.length > 5 && !/shoes$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

/** Seller words → nomenclature words (both folded when used). Phrases of two words are allowed. */
const VOCABULARY: Readonly<Record<string, readonly string[]>> = {
  phone: ['telephone', 'smartphone'],
  cellphone: ['telephone', 'smartphone'],
  mobile: ['telephone', 'smartphone'],
  smartphone: ['telephone'],
  earbud: ['earphone', 'headphone'],
  earpiece: ['earphone'],
  headset: ['headphone', 'microphone'],
  mug: ['tableware', 'kitchenware'],
  cup: ['tableware', 'kitchenware'],
  plate: ['tableware'],
  bowl: ['tableware'],
  'power bank': ['accumulator', 'lithium-ion'],
  powerbank: ['accumulator', 'lithium-ion'],
  // Phone cases are containers of heading 4202 (US rulings NY N156615, N120306) or, as moulded
  // shells, articles of plastics (3926.90).
  'phone case': ['container', 'plastic'],
  // A kitchen knife has a fixed blade (8211.92).
  'kitchen knife': ['fixed', 'blade'],
  'chef knife': ['fixed', 'blade'],
  battery: ['accumulator', 'cell'],
  laptop: ['portable', 'data', 'processing', 'machine'],
  'notebook computer': ['portable', 'data', 'processing', 'machine'],
  sneaker: ['footwear', 'sports'],
  trainer: ['footwear', 'sports'],
  shoe: ['footwear'],
  boot: ['footwear'],
  sandal: ['footwear'],
  slipper: ['footwear'],
  hoodie: ['jersey', 'pullover', 'sweatshirt'],
  sweater: ['jersey', 'pullover', 'cardigan'],
  jumper: ['jersey', 'pullover'],
  sweatshirt: ['jersey', 'pullover'],
  jeans: ['trouser', 'denim'],
  pant: ['trouser'],
  legging: ['trouser'],
  bra: ['brassiere'],
  panty: ['brief'],
  underwear: ['brief', 'underpant'],
  knicker: ['brief'],
  tee: ['tshirt'],
  necklace: ['jewellery'],
  bracelet: ['jewellery'],
  earring: ['jewellery'],
  pendant: ['jewellery'],
  ring: ['jewellery'],
  lipstick: ['lip', 'makeup'],
  mascara: ['eye', 'makeup'],
  eyeliner: ['eye', 'makeup'],
  eyeshadow: ['eye', 'makeup'],
  'nail polish': ['manicure'],
  moisturizer: ['skin', 'care'],
  moisturiser: ['skin', 'care'],
  serum: ['skin', 'care'],
  lotion: ['skin', 'care'],
  toothbrush: ['tooth', 'brush'],
  hairdryer: ['hair', 'dryer'],
  lamp: ['luminaire', 'light'],
  light: ['luminaire', 'lamp'],
  drone: ['unmanned', 'aircraft'],
  quadcopter: ['unmanned', 'aircraft'],
  vape: ['electronic', 'cigarette', 'vaporising'],
  ecigarette: ['electronic', 'cigarette', 'vaporising'],
  plush: ['toy'],
  silicone: ['plastic', 'rubber'],
  stainless: ['steel'],
  purse: ['handbag', 'wallet'],
  backpack: ['bag', 'travel'],
  rucksack: ['bag', 'travel'],
  eyeglass: ['spectacle'],
  glasses: ['spectacle'],
  charger: ['converter', 'static'],
  usb: ['insulated', 'electric', 'conductor', 'connector'],
};

const WORD = /[a-z0-9]+(?:['-][a-z0-9]+)*|[(),;:]/g;

function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'");
}

/** The words of a compound ("t-shirts") as the joined form plus its parts, all folded. */
function wordForms(raw: string): string[] {
  const plain = raw.replace(/'s$/, '').replace(/'$/, '');
  if (!plain.includes('-') && !plain.includes("'")) return [foldWord(plain)];
  const parts = plain.split(/['-]/).filter((p) => p !== '');
  return [foldWord(parts.join('')), ...parts.map(foldWord)];
}

const keep = (w: string) => w.length >= 2 && !STOP_WORDS.has(w) && !/^\d+$/.test(w);

/**
 * The indexable words of a nomenclature description, skipping negated spans: from "other than",
 * "excluding", "except" or a "not" (but not "whether or not") to the end of the clause, or of the
 * parenthesis the negation opened in.
 */
export function descriptionTerms(description: string): string[] {
  const tokens = normalize(description).match(WORD) ?? [];
  const out: string[] = [];
  let depth = 0;
  let negatedAtDepth: number | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '(') {
      depth++;
      continue;
    }
    if (t === ')') {
      if (negatedAtDepth !== null && depth <= negatedAtDepth) negatedAtDepth = null;
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (t === ',' || t === ';' || t === ':') {
      if (negatedAtDepth !== null && depth === negatedAtDepth) negatedAtDepth = null;
      continue;
    }
    const negation =
      (t === 'other' && tokens[i + 1] === 'than') ||
      t === 'excluding' ||
      t === 'except' ||
      (t === 'not' && !(tokens[i - 1] === 'or' && tokens[i - 2] === 'whether'));
    if (negation && negatedAtDepth === null) {
      negatedAtDepth = depth;
      continue;
    }
    if (negatedAtDepth !== null) continue;
    for (const w of wordForms(t)) if (keep(w)) out.push(w);
  }
  return out;
}

const indexCache = new WeakMap<HsNomenclature, HsSuggestIndex>();

/** Builds (once per nomenclature) the search index; suggestHs calls it for you. */
export function buildHsSuggestIndex(nom: HsNomenclature): HsSuggestIndex {
  const cached = indexCache.get(nom);
  if (cached) return cached;
  const docs = [...nom.entries.values()].filter((e) => e.level === 6);
  const fieldTerms = new Map<string, string[]>();
  const termsOf = (e: HsEntry) => {
    let t = fieldTerms.get(e.code);
    if (!t) fieldTerms.set(e.code, (t = descriptionTerms(e.description)));
    return t;
  };
  const fields = docs.map((d) => {
    const heading = nom.entries.get(d.parent!)!;
    const chapter = nom.entries.get(heading.parent!)!;
    return {
      subheading: termsOf(d),
      heading: termsOf(heading),
      chapter: termsOf(chapter),
    };
  });
  const names = ['subheading', 'heading', 'chapter'] as const;
  const avg = Object.fromEntries(
    names.map((f) => [
      f,
      Math.max(1, fields.reduce((s, x) => s + x[f].length, 0) / Math.max(1, fields.length)),
    ]),
  ) as Record<(typeof names)[number], number>;

  // term → doc → pseudo term frequency (BM25F: per-field length-normalised, weighted, summed)
  const tfs = new Map<string, Map<number, number>>();
  const near = new Map<string, Set<number>>();
  fields.forEach((f, doc) => {
    for (const name of names) {
      const terms = f[name];
      const norm = 1 - B + (B * terms.length) / avg[name];
      for (const term of terms) {
        let byDoc = tfs.get(term);
        if (!byDoc) tfs.set(term, (byDoc = new Map()));
        byDoc.set(doc, (byDoc.get(doc) ?? 0) + FIELD_WEIGHTS[name] / norm);
        if (name !== 'chapter') {
          let docs = near.get(term);
          if (!docs) near.set(term, (docs = new Set()));
          docs.add(doc);
        }
      }
    }
  });
  // Rarity is counted over the nomenclature's lines (chapters, headings and subheadings alike):
  // counted over subheadings, a chapter's words would seem common just because the chapter is big
  // ("jewellery" in chapter 71's title is in all 70 of its subheadings, yet on only 9 lines).
  const lineCount = new Map<string, number>();
  for (const terms of fieldTerms.values())
    for (const term of new Set(terms)) lineCount.set(term, (lineCount.get(term) ?? 0) + 1);
  const n = fieldTerms.size;
  const postings = new Map<string, Posting>();
  for (const [term, byDoc] of tfs) {
    const df = lineCount.get(term) ?? 1;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const ids = new Int32Array(byDoc.size);
    const weights = new Float64Array(byDoc.size);
    const isNear = new Uint8Array(byDoc.size);
    const nearDocs = near.get(term);
    let i = 0;
    for (const [doc, tf] of byDoc) {
      ids[i] = doc;
      weights[i] = (idf * tf * (K1 + 1)) / (K1 + tf);
      isNear[i] = nearDocs?.has(doc) ? 1 : 0;
      i++;
    }
    postings.set(term, { docs: ids, weights, near: isNear });
  }
  // "Lamps; parts of the lamps …" is a parts subheading; "Jewellery and parts thereof" is not.
  const parts = docs.map((d) => /(^|[;,]\s*)parts\b/i.test(d.description));
  const index = { nomenclature: nom, docs, postings, parts };
  indexCache.set(nom, index);
  return index;
}

/**
 * Words that describe what a thing is made of, its colour, size or packing: in "phone case
 * silicone" or "t-shirt black XL" they are not the thing itself, so the head noun is looked for
 * before them.
 */
const MODIFIERS = new Set(
  (
    'cotton silk wool linen polyester nylon spandex leather pu silicone plastic rubber steel stainless ' +
    'iron aluminium copper brass gold silver wood wooden bamboo glass ceramic porcelain paper metal ' +
    'titanium black white red blue green yellow pink purple grey brown orange beige small medium large ' +
    'xl xxl xxxl mini set pack pc pcs piece pair lot new women men kid children baby girl boy unisex'
  ).split(' '),
);

export interface QueryTerms {
  /** Folded term → weight (1 for the seller's words, less for vocabulary expansions). */
  readonly terms: ReadonlyMap<string, number>;
  /** The terms standing for the head noun (the last word that names the thing, or its expansions). */
  readonly head: ReadonlySet<string>;
}

/** The weighted, folded query terms for a seller's text: its own words, joined compounds, vocabulary. */
export function queryTerms(index: HsSuggestIndex, text: string): QueryTerms {
  const raw = (normalize(text).match(WORD) ?? []).filter((t) => !/^[(),;:]$/.test(t));
  const terms = new Map<string, number>();
  const add = (term: string, weight: number) => {
    if (keep(term) && weight > (terms.get(term) ?? 0)) terms.set(term, weight);
  };
  const expansions = (key: string) =>
    (VOCABULARY[key] ?? []).flatMap((e) => wordForms(e)).filter(keep);
  const folded = raw.map((t) => wordForms(t));
  const joinedAt = folded.map((_, i) =>
    i + 1 < raw.length ? foldWord(`${raw[i]!.replace(/'s?$/, '')}${raw[i + 1]!}`) : undefined,
  );
  folded.forEach((forms, i) => {
    for (const w of forms) {
      add(w, 1);
      for (const e of expansions(w)) add(e, EXPANSION_WEIGHT);
    }
    const joined = joinedAt[i];
    if (joined !== undefined) {
      // "t shirt" → "tshirt"; "power bank" → the vocabulary's words for the phrase
      if (index.postings.has(joined)) add(joined, 1);
      for (const e of [...expansions(`${forms[0]} ${folded[i + 1]![0]}`), ...expansions(joined)])
        add(e, EXPANSION_WEIGHT);
    }
  });

  // The head noun: the last word (or two-word phrase) the nomenclature or the vocabulary knows
  // that is not a material, colour, size or count.
  const head = new Set<string>();
  for (let i = folded.length - 1; i >= 0 && head.size === 0; i--) {
    const forms = folded[i]!.filter(keep);
    if (forms.length === 0 || MODIFIERS.has(forms[0]!)) continue;
    if (i > 0) {
      const phrase = [
        ...expansions(`${folded[i - 1]![0]} ${forms[0]}`),
        ...expansions(joinedAt[i - 1] ?? ''),
      ];
      const joined = joinedAt[i - 1]!;
      if (index.postings.has(joined)) phrase.push(joined);
      if (phrase.length > 0) {
        for (const t of phrase) head.add(t);
        break;
      }
    }
    const known = forms.filter((f) => index.postings.has(f));
    const expanded = forms.flatMap(expansions);
    for (const t of [...known, ...expanded]) head.add(t);
  }
  for (const t of head) if (terms.has(t)) terms.set(t, terms.get(t)! * HEAD_BOOST);
  return { terms, head };
}

/** Whether a term's postings hold a document (postings are in document order). */
function hasPosting(index: HsSuggestIndex, term: string, doc: number): boolean {
  const docs = index.postings.get(term)?.docs;
  if (!docs) return false;
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid] === doc) return true;
    if (docs[mid]! < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Ranked HS subheadings for an item description, best first, each with its description path, so a
 * person can choose. An empty list when no word of the text is in the nomenclature.
 */
export function suggestHs(
  nom: HsNomenclature,
  text: string,
  opts: { limit?: number | undefined } = {},
): HsSuggestion[] {
  const limit = Math.max(1, Math.min(50, Math.floor(opts.limit ?? 10)));
  const index = buildHsSuggestIndex(nom);
  const { terms, head } = queryTerms(index, text);
  if (terms.size === 0) return [];
  const scores = new Float64Array(index.docs.length);
  const hitsHead = new Uint8Array(index.docs.length);
  const touched: number[] = [];
  for (const [term, qw] of terms) {
    const p = index.postings.get(term);
    if (!p) continue;
    const isHead = head.has(term);
    for (let i = 0; i < p.docs.length; i++) {
      const doc = p.docs[i]!;
      if (scores[doc] === 0) touched.push(doc);
      scores[doc]! += qw * p.weights[i]!;
      if (isHead && p.near[i] === 1) hitsHead[doc] = 1;
    }
  }
  const wantsParts = terms.has('part') || terms.has('spare') || terms.has('component');
  for (const doc of touched) {
    if (head.size > 0 && hitsHead[doc] === 0) scores[doc]! *= MISSED_HEAD_FACTOR;
    if (!wantsParts && index.parts[doc]) scores[doc]! *= PARTS_FACTOR;
  }
  // The best `limit` documents by insertion into a short sorted list (cheaper than sorting every
  // touched document); ties (common among sibling subheadings) keep nomenclature order.
  const better = (a: number, b: number) =>
    scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  const best: number[] = [];
  for (const doc of touched) {
    if (best.length === limit && !better(doc, best[limit - 1]!)) continue;
    let at = best.length === limit ? limit - 1 : best.length;
    while (at > 0 && better(doc, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = doc;
  }
  return best.map((doc) => {
    const entry = index.docs[doc]!;
    const heading = nom.entries.get(entry.parent!)!;
    const chapter = nom.entries.get(heading.parent!)!;
    return {
      code: entry.code,
      score: Math.round(scores[doc]! * 1000) / 1000,
      description: entry.description,
      path: [chapter, heading, entry],
      matched: [...terms.keys()].filter((t) => hasPosting(index, t, doc)),
    };
  });
}

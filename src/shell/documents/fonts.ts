import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import anyAscii from 'any-ascii';
import * as fontkit from 'fontkit';

/*
 * The documents embed DejaVu Sans (Bitstream Vera licence, free to embed): Latin with its
 * extensions, Greek and Cyrillic, the punctuation and symbols the forms use. It has no Chinese,
 * Japanese or Korean glyphs, and the PDF writer neither shapes Arabic nor lays out right-to-left
 * text, so text in those scripts is transliterated to Latin letters (any-ascii: pinyin for Chinese,
 * Revised Romanization for Korean, Hepburn-like for kana) and the document says so. Nothing is ever
 * drawn with a glyph the font lacks: that would print empty boxes or garbage.
 */

const require = createRequire(import.meta.url);

export interface DocumentFonts {
  readonly regular: fontkit.Font;
  readonly bold: fontkit.Font;
}

let cached: DocumentFonts | undefined;

function open(file: string): fontkit.Font {
  const font = fontkit.create(readFileSync(require.resolve(file)));
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font`);
  return font;
}

/**
 * The fonts, parsed once per process and shared by every document: pdfkit embeds a subset per
 * document, and fontkit's layout tables (parsed on first use, the slow part) stay warm.
 */
export function documentFonts(): DocumentFonts {
  cached ??= {
    regular: open('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
    bold: open('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  };
  return cached;
}

/** Code points DejaVu Sans and DejaVu Sans Bold both draw (checked against the font files by a test). */
export const PRINTABLE_RANGES: readonly (readonly [number, number])[] = [
  [0x0020, 0x007e], // Basic Latin
  [0x00a0, 0x02af], // Latin-1, Latin Extended-A and -B, IPA
  [0x02b0, 0x02e9], // spacing modifier letters
  [0x0300, 0x034f], // combining diacritics
  [0x0370, 0x03ff], // Greek
  [0x0400, 0x0525], // Cyrillic and its supplement
  [0x1e00, 0x1efb], // Latin Extended Additional (Vietnamese)
  [0x2010, 0x2027], // dashes, quotes, bullets, ellipsis
  [0x2030, 0x205e], // per mille, primes, guillemets
  [0x20a0, 0x20b5], // currency signs
  [0x2100, 0x2109], // letterlike symbols (℃, №)
  [0x210b, 0x2149],
  [0x2190, 0x21ff], // arrows
  [0x2200, 0x22ff], // mathematical operators (≤, ×)
];

export function isPrintable(codePoint: number): boolean {
  for (const [a, z] of PRINTABLE_RANGES) if (codePoint >= a && codePoint <= z) return true;
  return false;
}

/** Scripts written as syllables per character: their transliterations get a space between syllables. */
const SYLLABIC = /[\p{Script=Han}\p{Script=Hangul}]/u;

/**
 * Text the embedded font can draw: runs of characters it cannot are transliterated to Latin letters
 * ("深圳市" → "Shen Zhen Shi"); control characters become spaces. `transliterated` says whether
 * anything was changed, so the document can say so.
 */
export function printable(text: string): { text: string; transliterated: boolean } {
  let out = '';
  let transliterated = false;
  let run = '';
  const flush = () => {
    if (!run) return;
    let latin = anyAscii(run);
    // any-ascii writes Chinese and Korean syllables capitalised and joined ("ShenZhenShi").
    if (SYLLABIC.test(run)) latin = latin.replace(/([a-z])(?=[A-Z])/g, '$1 ');
    if (out && /[\p{L}\p{N}]$/u.test(out) && /^[\p{L}\p{N}]/u.test(latin)) out += ' ';
    out += latin.trim();
    transliterated = true;
    run = '';
  };
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\n') {
      // Line breaks are the layout's own (address lines): kept.
      flush();
      out += '\n';
    } else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029) {
      flush();
      out += ' ';
    } else if (isPrintable(cp)) {
      if (run && /[\p{L}\p{N}]/u.test(ch)) {
        flush();
        out += ' ';
      } else flush();
      out += ch;
    } else run += ch;
  }
  flush();
  const tidy = out
    .split('\n')
    .map((l) => l.replace(/ {2,}/g, ' ').trim())
    .join('\n');
  return { text: tidy.trim(), transliterated };
}

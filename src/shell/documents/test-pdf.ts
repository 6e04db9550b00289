// Test helpers: a PDF page to PNG (pdftoppm), its text (pdftotext), word boxes, Code 128 decoding
// (ZXing), and how much of a page is ink. Needs poppler-utils (Debian) on the PATH.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
} from '@zxing/library';
import { PNG } from 'pngjs';

function withTemp<T>(pdf: Buffer, run: (dir: string, file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'silkline-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return run(dir, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Page `page` (1-based) as a PNG image at `dpi`. */
export function pageToPng(pdf: Buffer, page = 1, dpi = 200): PNG {
  return withTemp(pdf, (dir, file) => {
    const out = join(dir, 'page');
    execFileSync('pdftoppm', [
      '-r',
      String(dpi),
      '-png',
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      file,
      out,
    ]);
    return PNG.sync.read(readFileSync(`${out}.png`));
  });
}

/** The number of pages (pdfinfo). */
export function pageCount(pdf: Buffer): number {
  return withTemp(pdf, (_dir, file) => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  });
}

/** The text of the PDF in reading layout. */
export function pdfText(pdf: Buffer): string {
  return withTemp(pdf, (_dir, file) =>
    execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );
}

export interface Word {
  readonly page: number;
  readonly text: string;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
}

/** Every word with its box in points (pdftotext -bbox), pages 1-based. */
export function pdfWords(pdf: Buffer): Word[] {
  const html = withTemp(pdf, (_dir, file) =>
    execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );
  const words: Word[] = [];
  let page = 0;
  for (const part of html.split(/<page /).slice(1)) {
    page++;
    for (const m of part.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ))
      words.push({
        page,
        text: m[5]!
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"'),
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
      });
  }
  return words;
}

/** The share of the page's pixels that are dark (luminance below half). */
export function darkShare(png: PNG): number {
  let dark = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const lum = (png.data[i]! * 299 + png.data[i + 1]! * 587 + png.data[i + 2]! * 114) / 1000;
    if (lum < 128) dark++;
  }
  return dark / (png.width * png.height);
}

/** A region of a page image, in pixels. */
export interface Crop {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Decodes the Code 128 barcode on the image (ZXing, trying harder), or within a crop of it (as a
 * scanner is aimed at the code: ZXing reads a row from its first start pattern, so text beside a
 * barcode on the same rows can hide it); throws when none is found.
 */
export function decodeCode128(
  png: PNG,
  crop: Crop = { x: 0, y: 0, w: png.width, h: png.height },
): string {
  const lum = new Uint8ClampedArray(crop.w * crop.h);
  for (let y = 0; y < crop.h; y++)
    for (let x = 0; x < crop.w; x++) {
      const i = ((y + crop.y) * png.width + (x + crop.x)) * 4;
      lum[y * crop.w + x] =
        (png.data[i]! * 299 + png.data[i + 1]! * 587 + png.data[i + 2]! * 114) / 1000;
    }
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(lum, crop.w, crop.h)));
  const reader = new MultiFormatReader();
  reader.setHints(
    new Map<DecodeHintType, unknown>([
      [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]],
      [DecodeHintType.TRY_HARDER, true],
    ]),
  );
  return reader.decode(bitmap).getText();
}

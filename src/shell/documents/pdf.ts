import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';
import { documentFonts, printable } from './fonts.ts';

/*
 * Layout helpers for the document PDFs: boxes with captions, text that shrinks (then wraps, then
 * is cut with an ellipsis) to fit its box, tables that continue on new pages, Code 128 barcodes
 * drawn as vector bars. Every page is laid out by hand with zero page margins, so pdfkit never
 * adds a page on its own.
 */

export const POINTS_PER_INCH = 72;
export const A4: [number, number] = [595.28, 841.89];
/** 4 × 6 inches, the thermal label size. */
export const LABEL_4X6: [number, number] = [4 * POINTS_PER_INCH, 6 * POINTS_PER_INCH];

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface TextStyle {
  readonly size: number;
  /** The text shrinks down to this size before it is cut; default: size. */
  readonly minSize?: number;
  readonly bold?: boolean;
  readonly align?: 'left' | 'center' | 'right';
  /** Keep to one line (shrink, then cut) instead of wrapping. */
  readonly oneLine?: boolean;
  readonly color?: string;
}

export class Pdf {
  readonly doc: PDFKit.PDFDocument;
  readonly size: [number, number];
  /** Whether any text had to be transliterated (the document then says so). */
  transliterated = false;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(size: [number, number], meta: { title: string; createdAtMs: number }) {
    this.size = size;
    this.doc = new PDFDocument({
      size,
      margin: 0,
      autoFirstPage: true,
      // No default font: pdfkit would load and parse Helvetica's metrics for every document.
      font: null as unknown as string,
      info: {
        Title: meta.title,
        Author: 'Silkline',
        Creator: 'Silkline',
        Producer: 'Silkline (pdfkit)',
        CreationDate: new Date(meta.createdAtMs),
      },
    });
    const fonts = documentFonts();
    // pdfkit takes a parsed fontkit font as well as a file (its types list only the latter).
    this.doc.registerFont('regular', fonts.regular as unknown as Buffer);
    this.doc.registerFont('bold', fonts.bold as unknown as Buffer);
    this.doc.font('regular');
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => this.chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  /** The text as the embedded font can draw it. */
  clean(text: string): string {
    const p = printable(text);
    if (p.transliterated) this.transliterated = true;
    return p.text;
  }

  addPage(): void {
    this.doc.addPage({ size: this.size, margin: 0 });
  }

  finish(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }

  private use(style: TextStyle, size: number): void {
    this.doc
      .font(style.bold ? 'bold' : 'regular')
      .fontSize(size)
      .fillColor(style.color ?? '#000000');
  }

  /**
   * Draws text inside a box: at the style's size if it fits, else smaller down to minSize, else cut
   * with an ellipsis at minSize. Returns the height used.
   */
  text(raw: string, box: Box, style: TextStyle): number {
    const text = this.clean(raw);
    if (!text) return 0;
    const min = style.minSize ?? style.size;
    const options = (extra: PDFKit.Mixins.TextOptions = {}): PDFKit.Mixins.TextOptions => ({
      width: box.w,
      align: style.align ?? 'left',
      lineGap: 0,
      lineBreak: !style.oneLine,
      ...extra,
    });
    for (let size = style.size; size >= min - 1e-9; size -= 0.5) {
      this.use(style, size);
      const fits = style.oneLine
        ? this.doc.widthOfString(text) <= box.w
        : this.doc.heightOfString(text, options()) <= box.h + 0.01;
      if (fits) {
        const used = style.oneLine
          ? this.doc.currentLineHeight(true)
          : this.doc.heightOfString(text, options());
        this.doc.text(text, box.x, box.y, options());
        return used;
      }
    }
    this.use(style, min);
    if (style.oneLine) {
      let cut = text;
      while (cut.length > 1 && this.doc.widthOfString(`${cut}…`) > box.w) cut = cut.slice(0, -1);
      this.doc.text(`${cut}…`, box.x, box.y, options());
    } else {
      this.doc.text(text, box.x, box.y, options({ height: box.h, ellipsis: true }));
    }
    return box.h;
  }

  /** Height the text needs at a size within a width (for table rows). */
  measure(raw: string, width: number, style: TextStyle): number {
    this.use(style, style.size);
    return this.doc.heightOfString(this.clean(raw) || ' ', { width, lineGap: 0 });
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.6): void {
    this.doc.moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).strokeColor('#000000').stroke();
  }

  rect(box: Box, width = 0.8): void {
    this.doc.rect(box.x, box.y, box.w, box.h).lineWidth(width).strokeColor('#000000').stroke();
  }

  fill(box: Box, color: string): void {
    this.doc.rect(box.x, box.y, box.w, box.h).fill(color);
    this.doc.fillColor('#000000');
  }

  /** A framed box with a small caption in its top-left corner; returns the box inside, below the caption. */
  frame(box: Box, caption?: string): Box {
    this.rect(box);
    if (!caption) return { x: box.x + 4, y: box.y + 3, w: box.w - 8, h: box.h - 6 };
    this.text(
      caption,
      { x: box.x + 3, y: box.y + 2, w: box.w - 6, h: 8 },
      {
        size: 6,
        minSize: 4.5,
        oneLine: true,
        color: '#333333',
      },
    );
    return { x: box.x + 4, y: box.y + 11, w: box.w - 8, h: box.h - 14 };
  }

  /** A checkbox, ticked with a cross when checked, and its label beside it. */
  checkbox(x: number, y: number, label: string, checked: boolean, size = 7, textSize = 7): void {
    this.rect({ x, y, w: size, h: size }, 0.7);
    if (checked) {
      this.line(x + 1.2, y + 1.2, x + size - 1.2, y + size - 1.2, 1);
      this.line(x + 1.2, y + size - 1.2, x + size - 1.2, y + 1.2, 1);
    }
    this.text(
      label,
      { x: x + size + 3, y: y - 0.5, w: 90, h: size + 2 },
      {
        size: textSize,
        minSize: 5,
        oneLine: true,
      },
    );
  }

  /**
   * A Code 128 barcode of `text` centred in the box, bars as vector rectangles (sharp at any
   * resolution), with 10-module quiet zones each side. Returns the module width in points.
   */
  code128(text: string, box: Box, maxModule = 2): number {
    const [symbol] = bwipjs.raw('code128', text, {}) as { sbs: number[] }[];
    if (!symbol) throw new Error(`no Code 128 encoding of "${text}"`);
    const modules = symbol.sbs.reduce((a, b) => a + b, 0);
    const module = Math.min(maxModule, box.w / (modules + 20));
    let x = box.x + (box.w - modules * module) / 2;
    this.doc.fillColor('#000000');
    symbol.sbs.forEach((width, i) => {
      // sbs alternates bar, space, bar, … starting with a bar.
      if (i % 2 === 0) this.doc.rect(x, box.y, width * module, box.h).fill();
      x += width * module;
    });
    return module;
  }

  /** The note every document carries when it had to transliterate. */
  transliterationNote(box: Box): void {
    if (!this.transliterated) return;
    this.text(
      'Names and addresses in scripts the embedded font cannot show (e.g. Chinese) are transliterated to Latin letters.',
      box,
      { size: 6, minSize: 4.5, color: '#333333' },
    );
  }
}

export interface Column {
  readonly header: string;
  /** Share of the table's width. */
  readonly share: number;
  readonly align?: 'left' | 'center' | 'right';
}

/**
 * A table: a header row, then rows as tall as their wrapped text. When the next row would pass
 * `bottom`, a new page starts (continue() draws its heading and returns where the table resumes).
 * Returns the y below the last row.
 */
export function table(
  pdf: Pdf,
  at: { x: number; y: number; w: number; bottom: number },
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  options: {
    size?: number;
    continue: () => number;
    /** Rows drawn bold with a grey band (a parcel heading inside the table). */
    bandRows?: ReadonlySet<number>;
  },
): number {
  const size = options.size ?? 7.5;
  const pad = 2.5;
  const total = columns.reduce((s, c) => s + c.share, 0);
  const widths = columns.map((c) => (c.share / total) * at.w);
  const drawRow = (cells: readonly string[], y: number, bold: boolean, band: boolean): number => {
    const heights = cells.map((c, i) => pdf.measure(c, widths[i]! - 2 * pad, { size, bold }));
    const h = Math.max(...heights) + 2 * pad;
    if (band) pdf.fill({ x: at.x, y, w: at.w, h }, '#e6e6e6');
    let x = at.x;
    cells.forEach((c, i) => {
      pdf.text(
        c,
        { x: x + pad, y: y + pad, w: widths[i]! - 2 * pad, h: h - 2 * pad + 1 },
        {
          size,
          bold,
          align: columns[i]!.align ?? 'left',
        },
      );
      x += widths[i]!;
    });
    pdf.line(at.x, y + h, at.x + at.w, y + h, 0.4);
    return y + h;
  };
  const header = () => {
    const top = y;
    y = drawRow(
      columns.map((c) => c.header),
      y,
      true,
      true,
    );
    pdf.line(at.x, top, at.x + at.w, top, 0.8);
  };
  let y = at.y;
  header();
  rows.forEach((cells, i) => {
    const bold = options.bandRows?.has(i) ?? false;
    const need =
      Math.max(...cells.map((c, j) => pdf.measure(c, widths[j]! - 2 * pad, { size, bold }))) +
      2 * pad;
    if (y + need > at.bottom) {
      pdf.addPage();
      y = options.continue();
      header();
    }
    y = drawRow(cells, y, bold, bold);
  });
  return y;
}

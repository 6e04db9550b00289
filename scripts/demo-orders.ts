// Demo orders for the planner: descriptions and values from a sample of real cross-border order
// lines (UCI "Online Retail", CC BY 4.0, via shared/data/orders), destinations, weights, sizes and
// goods flags drawn deterministically. `node scripts/demo-orders.ts [COUNT] > orders.csv`.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ORDER_CSV_COLUMNS } from '../src/core/planning/index.ts';
import type { Network } from '../src/core/network/index.ts';
import { seededUnit } from '../src/core/shared/index.ts';

export const RETAIL_SAMPLE = new URL(
  '../../shared/data/orders/online-retail-sample.csv',
  import.meta.url,
);

interface RetailLine {
  readonly description: string;
  readonly valueGbp: number;
}

/** Order lines with a positive value, no cancellations (C…) and no postage lines. */
export function retailLines(text: string): RetailLine[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows
    .filter((r) => !r.InvoiceNo?.startsWith('C') && r.StockCode !== 'POST' && r.StockCode !== 'DOT')
    .map((r) => ({
      description: (r.Description ?? '').trim(),
      valueGbp: Number(r.Quantity) * Number(r.UnitPrice),
    }))
    .filter((l) => l.description !== '' && l.valueGbp > 0 && l.valueGbp < 2000);
}

/** mulberry32: a small deterministic PRNG so every run sees the same orders. */
export const rng = seededUnit;

// Share of China's cross-border parcel exports by destination, illustrative (US and Europe lead).
const DESTINATIONS: readonly [string, number, string][] = [
  ['US', 24, '10001'],
  ['GB', 8, 'SW1A 1AA'],
  ['DE', 7, '10115'],
  ['FR', 6, '75001'],
  ['ES', 4, '28001'],
  ['IT', 4, '00118'],
  ['NL', 3, '1012'],
  ['PL', 3, '00-001'],
  ['SE', 2, '111 20'],
  ['RU', 5, '101000'],
  ['BR', 6, '01310-100'],
  ['MX', 4, '06000'],
  ['CL', 2, '8320000'],
  ['CA', 5, 'M5V 2T6'],
  ['AU', 4, '2000'],
  ['JP', 4, '100-0001'],
  ['KR', 3, '04524'],
  ['SA', 3, '11564'],
  ['AE', 3, '00000'],
  ['IL', 2, '6100000'],
];
const HS_BY_WORD: readonly [RegExp, string][] = [
  [/LIGHT|LANTERN|LAMP/, '940540'],
  [/BAG|PURSE/, '420292'],
  [/MUG|CUP|PLATE|BOWL/, '691200'],
  [/CANDLE/, '340600'],
  [/CARD|WRAP|PAPER/, '490900'],
  [/BOTTLE/, '392330'],
  [/CLOCK/, '910599'],
  [/NECKL|BRACELET|EARRING/, '711719'],
  [/TOY|DOLL|GAME/, '950300'],
  [/TIN|BOX/, '732690'],
];
const SUPPLIERS = ['Shenzhen', 'Shenzhen', 'Guangzhou', 'Yiwu'];

function pick<T>(
  random: () => number,
  weighted: readonly (readonly [T, number, ...unknown[]])[],
): readonly [T, number, ...unknown[]] {
  const total = weighted.reduce((s, w) => s + w[1], 0);
  let x = random() * total;
  for (const w of weighted) if ((x -= w[1]) < 0) return w;
  return weighted[weighted.length - 1]!;
}

/** CSV field records of the planner's contract, generated one at a time (memory stays flat). */
export function* demoOrderRecords(
  count: number,
  seed: number,
  lines: readonly RetailLine[],
  skus: readonly string[] = [],
): Generator<Record<string, string>> {
  const random = rng(seed);
  for (let i = 0; i < count; i++) {
    const line = lines[Math.floor(random() * lines.length)]!;
    const [country, , postcode] = pick(random, DESTINATIONS) as [string, number, string];
    const weightG = Math.round(80 + 2500 * random() ** 2.2);
    const side = Math.cbrt(weightG * 4000);
    const dims = [
      side * (1 + random()),
      side * (0.6 + random() * 0.4),
      side * (0.3 + random() * 0.4),
    ].map((x) => Math.max(20, Math.round(x)));
    const flagRoll = random();
    const goods =
      flagRoll < 0.08
        ? 'battery'
        : flagRoll < 0.11
          ? 'liquid'
          : flagRoll < 0.14
            ? 'cosmetics'
            : flagRoll < 0.16
              ? 'magnet'
              : flagRoll < 0.17
                ? 'powder'
                : '';
    const within = random() < 0.3 ? String(5 + Math.floor(random() * 26)) : '';
    const hs = HS_BY_WORD.find(([re]) => re.test(line.description))?.[1] ?? '950300';
    const sku = skus.length > 0 && random() < 0.15 ? skus[Math.floor(random() * skus.length)]! : '';
    yield {
      order_id: `DEMO-${String(i + 1).padStart(6, '0')}`,
      pickup_city: SUPPLIERS[Math.floor(random() * SUPPLIERS.length)]!,
      destination_country: country,
      destination_postcode: postcode,
      weight_g: String(weightG),
      length_mm: String(dims[0]),
      width_mm: String(dims[1]),
      height_mm: String(dims[2]),
      // GBP values of the source lines, read as USD: the order of magnitude is what matters here.
      declared_value: line.valueGbp.toFixed(2),
      currency: 'USD',
      hs_code: hs,
      goods_flags: goods,
      deliver_within_days: within,
      description: line.description,
      sku,
    };
  }
}

export function skusOfNetworkStock(stockCsv: string | undefined): string[] {
  if (!stockCsv) return [];
  const rows = parse(stockCsv, { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  return [...new Set(rows.map((r) => r.sku ?? '').filter(Boolean))].sort();
}

export const DEMO_ORDER_COLUMNS = [...ORDER_CSV_COLUMNS, 'description', 'sku'];

export function csvLine(record: Record<string, string>): string {
  return DEMO_ORDER_COLUMNS.map((c) => {
    const v = record[c] ?? '';
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}

export type { Network };

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 1000);
  const stock = (() => {
    try {
      return readFileSync(new URL('../data/demo-network/stock.csv', import.meta.url), 'utf8');
    } catch {
      return undefined;
    }
  })();
  const lines = retailLines(readFileSync(RETAIL_SAMPLE, 'utf8'));
  process.stdout.write(DEMO_ORDER_COLUMNS.join(',') + '\n');
  for (const r of demoOrderRecords(count, 2026, lines, skusOfNetworkStock(stock)))
    process.stdout.write(csvLine(r) + '\n');
}

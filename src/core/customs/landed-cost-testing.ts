import { type CustomsRules, loadCustomsRules } from './customs-rules.ts';
import { parseHsNomenclature, parseUsHtsTable } from './hs.ts';
import {
  landedCost,
  type LandedCost,
  type LandedCostInput,
  type LandedCostItem,
} from './landed-cost.ts';

/*
 * Helpers for the landed-cost tests (no I/O: the tests read the shipped files and hand them in).
 */

/** An item line: `amount` minor units per unit. */
export function item(
  hsCode: string,
  amount: number,
  currency: string,
  more: Partial<LandedCostItem> = {},
): LandedCostItem {
  return {
    hsCode,
    description: more.description ?? `goods ${hsCode}`,
    quantity: more.quantity ?? 1,
    unitValue: { amount, currency },
    originCountry: more.originCountry === undefined ? 'CN' : more.originCountry,
    weightG: more.weightG ?? 500,
  };
}

export type QuoteInput = Omit<LandedCostInput, 'incoterm' | 'shipping'> &
  Partial<Pick<LandedCostInput, 'incoterm' | 'shipping'>>;

/** A quote that must succeed; DAP and free shipping in the first item's currency unless given. */
export function quoteWith(rules: CustomsRules, input: QuoteInput): LandedCost {
  const r = landedCost(rules, {
    incoterm: 'DAP',
    shipping: { amount: 0, currency: input.items[0]?.unitValue.currency ?? 'USD' },
    ...input,
  });
  if (!r.ok) throw new Error(`expected a landed cost, got ${r.error.tag}: ${r.error.message}`);
  return r.value;
}

/** "rule kind payer amount" per line, for compact assertions. */
export function summary(lc: LandedCost): string[] {
  return lc.lines.map((l) => `${l.rule} ${l.kind} ${l.payer} ${l.amount.amount}`);
}

/** The shipped rules with the shipped HS and HTS tables; the test hands in its file reading. */
export function shippedRules(io: {
  read(pathFromRoot: string): string;
  list(dirFromRoot: string): string[];
}): CustomsRules {
  const regimes = io
    .list('data/customs/regimes')
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => ({ path: `regimes/${n}`, text: io.read(`data/customs/regimes/${n}`) }));
  const loaded = loadCustomsRules(
    [...regimes, { path: 'fx-rates.csv', text: io.read('data/customs/fx-rates.csv') }],
    {
      nomenclature: parseHsNomenclature(io.read('data/reference/hs2022.csv')),
      usHts: parseUsHtsTable(io.read('data/reference/us-hts10-2026-02.csv')),
    },
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error, null, 2));
  return loaded.value;
}

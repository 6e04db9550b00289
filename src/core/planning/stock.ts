import { err, type InputIssue, ok, parseCsvTable, type Result } from '../shared/index.ts';
import type { StockTable } from './types.ts';

/** `stock.csv` in a network directory: `warehouse,sku,quantity`, one row per warehouse location and SKU. */
export function importStockCsv(
  text: string,
  warehouses: ReadonlySet<string>,
): Result<StockTable, InputIssue[]> {
  const parsed = parseCsvTable(text);
  if (!parsed.ok) return err([parsed.issue]);
  const missing = ['warehouse', 'sku', 'quantity'].filter((c) => !parsed.table.header.includes(c));
  if (missing.length > 0)
    return err([{ line: 1, message: `a stock table needs the column(s) ${missing.join(', ')}` }]);
  const issues: InputIssue[] = [...parsed.table.issues];
  const table = new Map<string, Map<string, number>>();
  for (const row of parsed.table.rows) {
    const warehouse = row.fields.warehouse ?? '';
    const sku = row.fields.sku ?? '';
    const quantity = row.fields.quantity ?? '';
    if (!warehouses.has(warehouse))
      issues.push({
        line: row.line,
        field: 'warehouse',
        message: `"${warehouse}" is not an overseas or border warehouse location`,
      });
    if (sku === '') issues.push({ line: row.line, field: 'sku', message: 'is empty' });
    if (!/^\d+$/.test(quantity))
      issues.push({
        line: row.line,
        field: 'quantity',
        message: `"${quantity}" is not a whole number of units`,
      });
    const byWarehouse = table.get(warehouse) ?? new Map<string, number>();
    byWarehouse.set(sku, (byWarehouse.get(sku) ?? 0) + Number(quantity));
    table.set(warehouse, byWarehouse);
  }
  return issues.length > 0 ? err(issues) : ok(table);
}

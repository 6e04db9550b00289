import { parseArgs } from 'node:util';
import type { ExportDeclarationData, ExportHead } from '../../core/customs/index.ts';
import { formatMajor, type Money } from '../../core/shared/index.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { openStore } from '../db/store.ts';
import {
  getExportDeclaration,
  type StoredExportDeclaration,
} from '../service/export-declarations.ts';
import { type CliIo, table, UsageError } from './io.ts';
import { dataDirOf } from './server-commands.ts';

const MODE_NAMES: Record<string, string> = {
  '9610': '9610 跨境贸易电子商务 (B2C parcels)',
  '9710': '9710 跨境电子商务企业对企业直接出口 (B2B direct export)',
  '9810': '9810 跨境电子商务出口海外仓 (export to an overseas warehouse)',
};

const money = (m: { amount: number; currency: string }) =>
  `${m.currency} ${formatMajor(m as Money)}`;
const or = (v: string | null | undefined, missing = '—') =>
  v === null || v === undefined ? missing : v;

/** Columns a terminal gives the text: CJK characters take two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const c of text) w += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(c) ? 2 : 1;
  return w;
}

function headOf(data: ExportDeclarationData): ExportHead {
  return data.mode === '9610' ? data.list.head : data.head;
}

function render(d: StoredExportDeclaration): string {
  const data = d.data;
  const head = headOf(data);
  const items = data.mode === '9610' ? data.list.items : data.items;
  const lines: string[] = [];
  lines.push(`Export declaration ${d.id}: shipment ${d.shipmentId}, order ${d.orderId}`);
  lines.push(`  ${MODE_NAMES[d.mode] ?? d.mode}`);
  lines.push(
    `  status: ${d.status}${d.status === 'incomplete' ? ` (${d.issues.length} field(s) missing or invalid)` : ' (ready to file before departure)'}`,
  );
  lines.push(`  updated ${d.updatedAt.toISOString()}`, '');
  const party = (e: { name: string | null; customsCode: string | null }) =>
    `${or(e.name)} (${or(e.customsCode, 'no customs code')})`;
  const rows: [string, string][] = [];
  if (data.mode === '9610') {
    const e = data.enterprises;
    rows.push(
      ['e-commerce enterprise 电商企业', party(e.ecommerce)],
      ['platform 电商平台', or(e.platform.name)],
      ['payment 支付企业', `${or(e.payment.name)}, transaction ${or(data.receipt.transactionNo)}`],
      ['logistics 物流企业', `${party(e.logistics)}, waybill ${or(data.waybill.waybillNo)}`],
      ['declarant 申报企业', party(e.declarant)],
    );
  } else {
    const e = data.enterprises;
    rows.push(
      ['exporter 境内发货人', party(e.exporter)],
      ['logistics 物流企业', party(e.logistics)],
      ['declarant 申报单位', party(e.declarant)],
      ['channel', data.channel === 'list' ? 'export list 申报清单' : 'declaration form 报关单'],
    );
  }
  rows.push(
    [
      'port of exit 离境口岸',
      `${or(head.portOfExit.locationId)} ${head.portOfExit.iata ?? head.portOfExit.unlocode ?? ''}`.trim(),
    ],
    ['declaration customs 申报地海关', or(head.declarationCustoms)],
    ['exit customs 出境关别', or(head.exitCustoms)],
    ['exit date 出口日期', or(head.exitDate, 'at departure')],
    ['transport mode 运输方式', or(head.transportMode)],
    [
      'country of arrival 运抵国',
      `${head.arrivalCountry.iso2} ${or(head.arrivalCountry.customsCode)}`,
    ],
    [
      'goods',
      `${items.length} line(s), ${money(head.totalValue)}, ${head.packages} package(s), gross ${head.grossWeightKg} kg, net ${head.netWeightKg} kg`,
    ],
  );
  const width = Math.max(...rows.map(([k]) => displayWidth(k)));
  for (const [k, v] of rows) lines.push(`  ${k}${' '.repeat(width - displayWidth(k))}  ${v}`);
  lines.push('');
  lines.push(
    table(
      ['#', 'commodity code', 'goods', 'qty', 'unit', 'legal qty', 'legal unit', 'total'],
      items.map((i) => [
        String(i.seq),
        i.hsCode,
        i.name,
        i.quantity,
        `${i.unit.code} ${i.unit.zh ?? ''}`.trim(),
        or(i.legalQuantity),
        `${i.legalUnit.code} ${i.legalUnit.zh ?? ''}`.trim(),
        money(i.totalPrice),
      ]),
      [0, 3, 5, 7],
    ),
  );
  if (d.issues.length > 0) {
    lines.push('Missing or invalid:');
    for (const i of d.issues) lines.push(`  ${i.path}: ${i.message}`);
    lines.push('');
  }
  if (data.notes.length > 0) {
    lines.push('Notes:');
    for (const n of data.notes) lines.push(`  - ${n}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * `silkline export-declaration SHIPMENT_ID [--json] [--data DIR]`: the China export declaration
 * stored for a shipment. Exit 0 when it is complete, 1 when it is incomplete or there is none.
 */
export async function exportDeclarationCommand(io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, data: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1)
    throw new UsageError(
      'export-declaration takes one shipment id: silkline export-declaration SHIPMENT_ID',
    );
  const shipmentId = positionals[0]!;
  if (!/^shp_[0-9a-z]{26}$/.test(shipmentId))
    throw new UsageError(`"${shipmentId}" is not a shipment id (shp_ followed by 26 characters)`);
  let store;
  try {
    store = await openStore({
      databaseUrl: io.env.DATABASE_URL,
      dataDir: dataDirOf(io, values),
      migrate: !io.env.DATABASE_URL,
    });
  } catch (e) {
    if (e instanceof DataDirLockedError) throw new UsageError(e.message);
    throw e;
  }
  try {
    const found = await getExportDeclaration(store.db, shipmentId, null);
    if (!found) {
      io.stderr(
        `silkline: no export declaration for ${shipmentId}: the shipment does not exist, is not booked yet, or its chain clears no export\n`,
      );
      return 1;
    }
    if (values.json)
      io.stdout(
        `${JSON.stringify({
          id: found.id,
          shipmentId: found.shipmentId,
          orderId: found.orderId,
          mode: found.mode,
          status: found.status,
          issues: found.issues,
          data: found.data,
          createdAt: found.createdAt.toISOString(),
          updatedAt: found.updatedAt.toISOString(),
        })}\n`,
      );
    else io.stdout(render(found));
    return found.status === 'complete' ? 0 : 1;
  } finally {
    await store.close();
  }
}

import { getRandomValues } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  documentCatalogue,
  parseDocumentKind,
  shipmentDocument,
} from '../../core/documents/index.ts';
import { createIdSource } from '../../core/shared/index.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { openStore, type Store } from '../db/store.ts';
import { renderManifestPdf, renderShipmentDocument } from '../documents/render.ts';
import { documentRules } from '../documents/rules.ts';
import { loadPlanning, systemClock } from '../server/runtime.ts';
import { departureManifest, type DocumentDeps, shipmentFacts } from '../service/documents.ts';
import { type CliIo, UsageError } from './io.ts';
import { dataDirOf } from './server-commands.ts';

const SHIPMENT_ID = /^shp_[0-9a-z]{26}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

async function openDocumentDeps(
  io: CliIo,
  opts: { data?: string | undefined; network?: string | undefined },
): Promise<{ deps: DocumentDeps; store: Store }> {
  const planning = await loadPlanning(opts.network ? resolve(io.cwd, opts.network) : undefined);
  let store: Store;
  try {
    store = await openStore({
      databaseUrl: io.env.DATABASE_URL,
      dataDir: dataDirOf(io, opts),
      migrate: !io.env.DATABASE_URL,
    });
  } catch (e) {
    if (e instanceof DataDirLockedError) throw new UsageError(e.message);
    throw e;
  }
  return {
    store,
    deps: {
      db: store.db,
      network: planning.network,
      // Parcels of a shipment stored before they were get their ids now.
      ids: createIdSource(systemClock, (b) => getRandomValues(b)),
      clock: systemClock,
    },
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * `silkline docs SHIPMENT_ID --out DIR`: writes the shipment's invoice.pdf, packing-list.pdf,
 * cn22.pdf and/or cn23.pdf (postal items only) and one label-N.pdf per parcel (a 4 × 6 in page
 * each, as label printers take them), and prints what it wrote and why anything was left out.
 */
export async function docsCommand(io: CliIo, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      out: { type: 'string' },
      data: { type: 'string' },
      network: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('usage: silkline docs SHIPMENT_ID --out DIR');
  const id = positionals[0]!;
  if (!SHIPMENT_ID.test(id))
    throw new UsageError(`"${id}" is not a shipment id (shp_ and 26 letters or digits)`);
  if (!values.out)
    throw new UsageError('--out DIR is required: the folder the PDFs are written to');
  const out = resolve(io.cwd, values.out);
  const { deps, store } = await openDocumentDeps(io, values);
  try {
    const got = await shipmentFacts(deps, id, null);
    if (!got.ok) {
      io.stderr(`silkline: ${got.message}\n`);
      return 1;
    }
    const rules = await documentRules();
    const catalogue = documentCatalogue(got.facts, rules);
    if (!catalogue.ok) {
      io.stderr(`silkline: no documents for ${id}: ${catalogue.error.message}\n`);
      for (const f of catalogue.error.fields ?? []) io.stderr(`  ${f.field}: ${f.message}\n`);
      return 1;
    }
    await mkdir(out, { recursive: true });
    io.stdout(`documents of shipment ${id} (order ${got.facts.orderRef}):\n`);
    // One file per parcel label; the all-parcels label file is the API's.
    for (const entry of catalogue.value.available.filter((e) => e.kind !== 'label')) {
      const request = parseDocumentKind(entry.kind)!;
      const doc = shipmentDocument(got.facts, rules, request);
      if (!doc.ok) throw new Error(doc.error.message);
      const started = performance.now();
      const bytes = await renderShipmentDocument(doc.value, got.facts.issuedAtMs);
      const ms = performance.now() - started;
      const file = join(out, entry.fileName);
      await writeFile(file, bytes);
      io.stdout(
        `  wrote ${file}  ${entry.title}  (${kb(bytes.length)}, rendered in ${ms.toFixed(0)} ms)\n`,
      );
    }
    for (const u of catalogue.value.unavailable) io.stdout(`  no ${u.kind}: ${u.reason}\n`);
    for (const w of catalogue.value.warnings) io.stderr(`warning: ${w}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** `silkline manifest --service SERVICE_ID --departs ISO --out DIR`: manifest.pdf and manifest.csv of a departure. */
export async function manifestCommand(io: CliIo, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      service: { type: 'string' },
      departs: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string' },
      network: { type: 'string' },
    },
    strict: true,
  });
  if (!values.service) throw new UsageError('--service SERVICE_ID is required');
  if (!values.departs || !INSTANT.test(values.departs) || Number.isNaN(Date.parse(values.departs)))
    throw new UsageError(
      '--departs must be the departure as an ISO 8601 instant with an offset, e.g. 2026-11-27T22:00:00Z',
    );
  if (!values.out)
    throw new UsageError('--out DIR is required: the folder the manifest is written to');
  const out = resolve(io.cwd, values.out);
  const { deps, store } = await openDocumentDeps(io, values);
  try {
    if (!deps.network.services.has(values.service))
      throw new UsageError(`no service "${values.service}" in network ${deps.network.id}`);
    const got = await departureManifest(deps, values.service, Date.parse(values.departs));
    if (!got.ok) {
      io.stderr(`silkline: ${got.message}\n`);
      return 1;
    }
    await mkdir(out, { recursive: true });
    const started = performance.now();
    const pdf = await renderManifestPdf(got.manifest, deps.clock.now().getTime());
    const ms = performance.now() - started;
    const pdfFile = join(out, 'manifest.pdf');
    const csvFile = join(out, 'manifest.csv');
    await writeFile(pdfFile, pdf);
    await writeFile(csvFile, got.manifest.csv);
    const t = got.manifest.totals;
    io.stdout(
      `manifest of ${got.manifest.serviceText} departing ${got.manifest.departsText}: ${t.shipments} shipment(s), ${t.parcels} parcel(s), ${t.grossWeightText}\n`,
    );
    io.stdout(`  wrote ${pdfFile}  (${kb(pdf.length)}, rendered in ${ms.toFixed(0)} ms)\n`);
    io.stdout(`  wrote ${csvFile}  (${got.manifest.rows.length} item line(s))\n`);
    return 0;
  } finally {
    await store.close();
  }
}

// `silkline docs` and `silkline manifest` on a PGlite data directory that the API filled: the files
// are written, listed, and the labels scan.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../db/store.ts';
import { decodeCode128, pageToPng, pdfText } from '../documents/test-pdf.ts';
import { openTestApp, orderBody } from '../http/test-app.ts';
import { bookOrder } from '../service/booking.ts';
import type { CliIo } from './io.ts';
import { main } from './main.ts';

const root = mkdtempSync(join(tmpdir(), 'silkline-docs-cli-'));
const dataDir = join(root, 'data');

function run(argv: string[]) {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: {},
    cwd: root,
  };
  return main(argv, io).then((code) => ({ code, out, err }));
}

describe('silkline docs and silkline manifest', () => {
  let shipmentId: string;
  let trackingNumber: string;
  let departs: string;

  beforeAll(async () => {
    const t = await openTestApp(
      { name: 'PGlite dir', open: () => openStore({ dataDir }) },
      { jobs: true },
    );
    try {
      const seller = await t.key('cli-seller', 'seller');
      await t.request('PUT', '/v1/seller/profile', {
        key: seller.key,
        body: {
          party: {
            name: '义乌小商品贸易有限公司',
            addressLines: ['88 Futian Road'],
            city: 'Yiwu',
            country: 'CN',
          },
        },
      });
      const body = orderBody('CLI-1', {
        buyer: {
          country: 'DE',
          postcode: '10115',
          city: 'Berlin',
          name: 'Max Muster',
          addressLines: ['Chausseestraße 1'],
        },
      });
      const order = await t.request('POST', '/v1/orders', { key: seller.key, body });
      await bookOrder(t.deps, t.adapters, order.body.id);
      const shipment = await t.store.db
        .selectFrom('shipments')
        .select('id')
        .where('order_id', '=', order.body.id)
        .executeTakeFirstOrThrow();
      shipmentId = shipment.id;
      const parcel = await t.store.db
        .selectFrom('parcels')
        .select('tracking_number')
        .where('shipment_id', '=', shipmentId)
        .executeTakeFirstOrThrow();
      trackingNumber = parcel.tracking_number;
      const leg = await t.store.db
        .selectFrom('legs')
        .select('departs_at')
        .where('shipment_id', '=', shipmentId)
        .where('service_id', '=', 'prc-szx-europe')
        .executeTakeFirstOrThrow();
      departs = new Date(leg.departs_at!).toISOString();
    } finally {
      await t.close();
    }
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes the shipment’s PDFs and says what it wrote and left out', async () => {
    const { code, out, err } = await run(['docs', shipmentId, '--out', 'out', '--data', dataDir]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(readdirSync(join(root, 'out')).sort()).toEqual([
      'invoice.pdf',
      'label-1.pdf',
      'packing-list.pdf',
    ]);
    expect(out).toContain(`wrote ${join(root, 'out', 'invoice.pdf')}`);
    expect(out).toMatch(/no cn22: CN 22 and CN 23 declare postal items/);
    const label = readFileSync(join(root, 'out', 'label-1.pdf'));
    expect(decodeCode128(pageToPng(label))).toBe(trackingNumber);
    // The Chinese seller name is transliterated, and the document says so.
    expect(pdfText(readFileSync(join(root, 'out', 'invoice.pdf')))).toContain(
      'Yi Wu Xiao Shang Pin',
    );
  }, 60_000);

  it('writes the manifest of a departure as PDF and CSV', async () => {
    const { code, out } = await run([
      'manifest',
      '--service',
      'prc-szx-europe',
      '--departs',
      departs,
      '--out',
      'm',
      '--data',
      dataDir,
    ]);
    expect(code).toBe(0);
    expect(out).toContain('1 shipment(s), 1 parcel(s), 0.450 kg');
    expect(readFileSync(join(root, 'm', 'manifest.csv'), 'utf8')).toContain(trackingNumber);
    expect(existsSync(join(root, 'm', 'manifest.pdf'))).toBe(true);
  }, 60_000);

  it('refuses bad input with exit 2 and an unknown shipment or departure with exit 1', async () => {
    expect((await run(['docs', 'nope', '--out', 'x', '--data', dataDir])).code).toBe(2);
    expect((await run(['docs', shipmentId, '--data', dataDir])).code).toBe(2);
    const unknown = await run([
      'docs',
      'shp_00000000000000000000000000',
      '--out',
      'x',
      '--data',
      dataDir,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no shipment with that id');
    const bad = await run([
      'manifest',
      '--service',
      'prc-szx-europe',
      '--departs',
      'soon',
      '--out',
      'm',
      '--data',
      dataDir,
    ]);
    expect(bad.code).toBe(2);
    const none = await run([
      'manifest',
      '--service',
      'prc-szx-europe',
      '--departs',
      '2020-01-01T00:00:00Z',
      '--out',
      'm',
      '--data',
      dataDir,
    ]);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`departures with parcels: ${departs}`);
  }, 60_000);
});

// China export declarations (9610) built when a shipment is booked, before it leaves, on PGlite and
// (when SILKLINE_TEST_DATABASE_URL is set) PostgreSQL: GET /v1/shipments/{id}/export-declaration,
// GET /v1/export-declarations, and `silkline export-declaration`. Booking jobs run here by calling
// bookOrder, so every step is deterministic.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { openStore } from '../db/store.ts';
import { storeCases } from '../db/test-stores.ts';
import { bookOrder } from '../service/booking.ts';
import { exportDeclarationId, prepareExportDeclaration } from '../service/export-declarations.ts';
import { openTestApp, orderBody, type TestApp } from './test-app.ts';

const PROFILE = {
  party: {
    name: 'Shenzhen Bright Gadgets Co., Ltd.',
    addressLines: ['Room 1203, Block B, Tech Park', '9 Keyuan Road, Nanshan District'],
    city: 'Shenzhen',
    postcode: '518057',
    region: 'CN-GD',
    country: 'CN',
  },
  exporter: { customsCode: '4403960ABC', creditCode: '91440300MA5EXAMPL0', aeo: true },
};

/** The demo order (Shenzhen → Berlin) with what 9610 needs: a 10-digit code, the payment, the platform. */
const fullOrder = (id: string) =>
  orderBody(id, {
    buyer: {
      country: 'DE',
      postcode: '10115',
      city: 'Berlin',
      name: 'Erika Mustermann',
      addressLines: ['Invalidenstraße 116'],
    },
    parcels: [
      {
        pickup: 'Shenzhen',
        weightG: 450,
        dims: { lengthMm: 200, widthMm: 150, heightMm: 40 },
        items: [
          {
            description: 'phone case',
            hsCode: '3926909090',
            quantity: 2,
            unitValue: { amount: 899, currency: 'USD' },
            originCountry: 'CN',
            weightG: 400,
            sku: 'CASE-IP15-BLK',
          },
        ],
      },
    ],
    payment: {
      provider: 'PingPong',
      transactionId: 'PP20261125000123',
      paidAt: '2026-11-25T09:58:00+08:00',
    },
    platform: 'Amazon DE',
  });

describe.each(storeCases())('export declarations on $name', (storeCase) => {
  let t: TestApp;
  let seller: { key: string; tenantId: string };
  let bare: { key: string; tenantId: string };
  let operator: string;
  let partner: string;
  let complete: { orderId: string; shipmentId: string };
  let incomplete: { orderId: string; shipmentId: string };

  const book = async (key: string, body: object) => {
    const res = await t.request('POST', '/v1/orders', { key, body });
    expect(res.status).toBe(201);
    await bookOrder(t.deps, t.adapters, res.body.id);
    const order = await t.request('GET', `/v1/orders/${res.body.id}`, { key });
    expect(order.body.status).toBe('booked');
    const shipments = await t.request('GET', `/v1/shipments?orderId=${res.body.id}`, { key });
    return { orderId: res.body.id as string, shipmentId: shipments.body.data[0].id as string };
  };

  beforeAll(async () => {
    t = await openTestApp(storeCase, { jobs: true });
    seller = await t.key('exd-seller', 'seller');
    bare = await t.key('exd-bare-seller', 'seller');
    operator = (await t.key('exd-ops', 'operator')).key;
    partner = (await t.key('exd-prc', 'partner', 'pearl-river-cargo')).key;
    expect(
      (await t.request('PUT', '/v1/seller/profile', { key: seller.key, body: PROFILE })).status,
    ).toBe(200);
    complete = await book(seller.key, fullOrder('EXD-1'));
    // A seller with no profile, and an order with a 6-digit code and no payment.
    incomplete = await book(bare.key, orderBody('EXD-2'));
  }, 120_000);
  afterAll(async () => t?.close());

  it('a booked shipment of a seller with a full profile has a complete 9610 data set, before departure', async () => {
    const res = await t.request('GET', `/v1/shipments/${complete.shipmentId}/export-declaration`, {
      key: seller.key,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: exportDeclarationId(complete.shipmentId),
      shipmentId: complete.shipmentId,
      orderId: complete.orderId,
      mode: '9610',
      status: 'complete',
      issues: [],
    });
    const d = res.body.data;
    expect(d.reference).toBe(complete.shipmentId);
    expect(d.enterprises.ecommerce).toMatchObject({ customsCode: '4403960ABC', aeo: true });
    expect(d.enterprises.declarant.customsCode).toMatch(/^[0-9A-Z]{10}$/);
    expect(d.enterprises.logistics).toMatchObject({ partnerId: 'pearl-river-cargo' });
    // the waybill number is the line-haul partner's booking reference
    const shipment = await t.request('GET', `/v1/shipments/${complete.shipmentId}`, {
      key: seller.key,
    });
    const linehaul = shipment.body.legs.find(
      (l: { partnerId: string }) => l.partnerId === 'pearl-river-cargo',
    );
    expect(d.waybill.waybillNo).toBe(linehaul.partnerRef);
    expect(d.receipt).toMatchObject({
      transactionNo: 'PP20261125000123',
      paidAt: '2026-11-25T01:58:00.000Z',
    });
    expect(d.list.head).toMatchObject({
      tradeMode: '9610',
      declarationCustoms: '5317',
      exitCustoms: '5317',
      transportMode: '5',
      arrivalCountry: { iso2: 'DE', customsCode: '304' },
      totalValue: { amount: 1798, currency: 'USD' },
    });
    expect(d.list.items[0]).toMatchObject({
      hsCode: '3926909090',
      legalUnit: { code: '035' },
      legalQuantity: '0.4',
    });
    // pre-clearance: declared at booking, for a departure still to come
    expect(Date.parse(d.declaredAt)).toBeLessThan(
      Date.parse(`${d.list.head.exitDate}T23:59:59+08:00`),
    );
  });

  it('an incomplete one lists every missing field with its path and reason', async () => {
    const res = await t.request(
      'GET',
      `/v1/shipments/${incomplete.shipmentId}/export-declaration`,
      {
        key: bare.key,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('incomplete');
    const byPath = Object.fromEntries(
      res.body.issues.map((i: { path: string; message: string }) => [i.path, i.message]),
    );
    expect(Object.keys(byPath)).toEqual([
      'enterprises.ecommerce.name',
      'enterprises.platform.name',
      'enterprises.payment.name',
      'receipt.transactionNo',
      'receipt.paidAt',
      'list.items[0].hsCode',
    ]);
    expect(byPath['enterprises.ecommerce.name']).toContain('PUT /v1/seller/profile');
    expect(byPath['list.items[0].hsCode']).toContain('10-digit commodity code');
  });

  it('operators see every declaration and list the incomplete ones with what is missing', async () => {
    const one = await t.request(
      'GET',
      `/v1/shipments/${incomplete.shipmentId}/export-declaration`,
      {
        key: operator,
      },
    );
    expect(one.status).toBe(200);
    const list = await t.request('GET', '/v1/export-declarations?status=incomplete', {
      key: operator,
    });
    expect(list.status).toBe(200);
    expect(list.body.data.map((d: { shipmentId: string }) => d.shipmentId)).toEqual([
      incomplete.shipmentId,
    ]);
    expect(list.body.data[0].issues.length).toBe(6);
    const all = await t.request('GET', '/v1/export-declarations', { key: operator });
    expect(all.body.data).toHaveLength(2);
    // a seller lists only its own
    const own = await t.request('GET', '/v1/export-declarations', { key: seller.key });
    expect(own.body.data.map((d: { status: string }) => d.status)).toEqual(['complete']);
  });

  it('is a seller’s own: another seller and partners get 404 or 403', async () => {
    const other = await t.request(
      'GET',
      `/v1/shipments/${complete.shipmentId}/export-declaration`,
      {
        key: bare.key,
      },
    );
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (
        await t.request('GET', `/v1/shipments/${complete.shipmentId}/export-declaration`, {
          key: partner,
        })
      ).status,
    ).toBe(404);
    expect((await t.request('GET', '/v1/export-declarations', { key: partner })).status).toBe(403);
    expect(
      (await t.request('GET', '/v1/shipments/shp_nope/export-declaration', { key: seller.key }))
        .status,
    ).toBe(400);
  });

  it('building it again keeps one row per shipment (idempotent), and reflects a fixed profile', async () => {
    await t.request('PUT', '/v1/seller/profile', { key: bare.key, body: PROFILE });
    const status = await t.store.db
      .transaction()
      .execute((trx) => prepareExportDeclaration(t.deps, trx, incomplete));
    expect(status).toBe('incomplete');
    const rows = await t.store.db
      .selectFrom('export_declarations')
      .select(['id', 'issues'])
      .where('shipment_id', '=', incomplete.shipmentId)
      .execute();
    expect(rows).toHaveLength(1);
    expect((rows[0]!.issues as { path: string }[]).map((i) => i.path)).not.toContain(
      'enterprises.ecommerce.name',
    );
  });
});

describe('silkline export-declaration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'silkline-exd-'));
  let shipmentId: string;
  let bareShipmentId: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    // Book two orders on a PGlite data directory, then close it: the CLI opens it on its own.
    const t = await openTestApp({ name: 'PGlite dir', open: () => openStore({ dataDir: dir }) });
    try {
      const seller = await t.key('cli-seller', 'seller');
      await t.request('PUT', '/v1/seller/profile', { key: seller.key, body: PROFILE });
      const bare = await t.key('cli-bare', 'seller');
      for (const [key, body] of [
        [seller.key, fullOrder('CLI-1')],
        [bare.key, orderBody('CLI-2')],
      ] as const) {
        const res = await t.request('POST', '/v1/orders', { key, body });
        await bookOrder(t.deps, t.adapters, res.body.id);
        const shipments = await t.request('GET', `/v1/shipments?orderId=${res.body.id}`, { key });
        if (key === seller.key) shipmentId = shipments.body.data[0].id;
        else bareShipmentId = shipments.body.data[0].id;
      }
    } finally {
      await t.close();
    }
  }, 120_000);

  const cli = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(
      args,
      { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd: dir },
      new Date('2026-11-25T03:00:00Z'),
    );
    return { code, stdout, stderr };
  };

  it('prints a complete declaration and exits 0', async () => {
    const r = await cli(['export-declaration', shipmentId, '--data', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('9610 跨境贸易电子商务');
    expect(r.stdout).toContain('status: complete');
    expect(r.stdout).toContain('exit customs 出境关别');
    expect(r.stdout).toContain('3926909090');
  });

  it('prints what an incomplete one lacks, exits 1; --json gives the stored record', async () => {
    const r = await cli(['export-declaration', bareShipmentId, '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Missing or invalid:');
    expect(r.stdout).toContain('receipt.transactionNo:');
    const j = await cli(['export-declaration', bareShipmentId, '--data', dir, '--json']);
    const record = JSON.parse(j.stdout);
    expect(record).toMatchObject({
      shipmentId: bareShipmentId,
      mode: '9610',
      status: 'incomplete',
    });
    expect(record.issues.length).toBeGreaterThan(0);
  });

  it('a bad id is bad input (2); an unknown shipment cannot be shown (1)', async () => {
    expect((await cli(['export-declaration', 'nope', '--data', dir])).code).toBe(2);
    const unknown = await cli(['export-declaration', `shp_${'0'.repeat(26)}`, '--data', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no export declaration');
  });
});

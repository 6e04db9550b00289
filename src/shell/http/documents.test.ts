// Shipment documents and departure manifests through the API, on PGlite and (when
// SILKLINE_TEST_DATABASE_URL is set) PostgreSQL: a seller with a profile orders, the order is
// booked, and each document is fetched, rendered to PNG, read as text and its barcodes scanned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isS10 } from '../../core/shared/index.ts';
import { storeCases } from '../db/test-stores.ts';
import { darkShare, decodeCode128, pageCount, pageToPng, pdfText } from '../documents/test-pdf.ts';
import { bookOrder } from '../service/booking.ts';
import { openTestApp, orderBody, type TestApp } from './test-app.ts';

const PROFILE = {
  party: {
    name: 'Shenzhen Bright Gadgets Co., Ltd.',
    addressLines: ['Room 1203, Block B, Tech Park', '9 Keyuan Road, Nanshan District'],
    city: 'Shenzhen',
    postcode: '518057',
    region: 'CN-GD',
    country: 'CN',
    phone: '+86 755 8888 0000',
  },
  registrations: { ioss: 'IM1560000123' },
  exporter: { customsCode: '4403960ABC', aeo: true },
};
const BUYER = {
  country: 'DE',
  postcode: '10115',
  city: 'Berlin',
  name: 'Erika Mustermann',
  addressLines: ['Invalidenstraße 117'],
  phone: '+49 30 1234567',
};
/** The demo network carries a light DAP economy parcel to Germany by a post's tracked packet. */
const postalBody = (id: string) =>
  orderBody(id, {
    buyer: BUYER,
    tier: 'economy',
    incoterm: 'DAP',
    parcels: [
      {
        pickup: 'Shenzhen',
        weightG: 300,
        dims: { lengthMm: 200, widthMm: 150, heightMm: 40 },
        items: [
          {
            description: 'phone case',
            hsCode: '392690',
            quantity: 1,
            unitValue: { amount: 899, currency: 'USD' },
            originCountry: 'CN',
            weightG: 300,
          },
        ],
      },
    ],
  });
const LINEHAUL = { partner: 'pearl-river-cargo', service: 'prc-szx-europe' };

/** Time to render each kind of document through the API (ms), printed at the end. */
const timings: Record<string, number[]> = {};

describe.each(storeCases())('shipment documents on $name', (storeCase) => {
  let t: TestApp;
  let seller: { key: string; tenantId: string };
  let otherSeller: string;
  let noProfileSeller: string;
  let operator: string;
  let linehaul: string;
  let lastMile: string;
  let chainShipment: string;
  let postalShipment: string;

  const shipmentOf = async (key: string, body: object) => {
    const res = await t.request('POST', '/v1/orders', { key, body });
    expect(res.status).toBe(201);
    await bookOrder(t.deps, t.adapters, res.body.id);
    const shipments = await t.request('GET', `/v1/shipments?orderId=${res.body.id}`, { key });
    expect(shipments.body.data).toHaveLength(1);
    return shipments.body.data[0] as { id: string; status: string; legs: { serviceId: string }[] };
  };
  const pdf = async (path: string, key = seller.key) => {
    const started = performance.now();
    const res = await t.app.request(path, { headers: { authorization: `Bearer ${key}` } });
    const ms = performance.now() - started;
    expect(
      res.status,
      await res
        .clone()
        .text()
        .then((s) => s.slice(0, 300)),
    ).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const kind = path.split('/').pop()!.replace(/-\d+$/, '-N').replace(/\?.*$/, '');
    (timings[kind] ??= []).push(ms);
    return Buffer.from(await res.arrayBuffer());
  };
  const parcelsOf = (shipmentId: string) =>
    t.store.db
      .selectFrom('parcels')
      .selectAll()
      .where('shipment_id', '=', shipmentId)
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    t = await openTestApp(storeCase, { jobs: true });
    seller = await t.key('docs-seller', 'seller');
    otherSeller = (await t.key('docs-other', 'seller')).key;
    noProfileSeller = (await t.key('docs-no-profile', 'seller')).key;
    operator = (await t.key('docs-ops', 'operator')).key;
    linehaul = (await t.key('docs-prc', 'partner', LINEHAUL.partner)).key;
    lastMile = (await t.key('docs-europa', 'partner', 'europa-parcel')).key;
    const put = await t.request('PUT', '/v1/seller/profile', { key: seller.key, body: PROFILE });
    expect(put.status).toBe(200);
    chainShipment = (await shipmentOf(seller.key, orderBody('DOC-1', { buyer: BUYER }))).id;
    const postal = await shipmentOf(seller.key, postalBody('DOC-2'));
    postalShipment = postal.id;
    expect(postal.legs.map((l) => l.serviceId)).toEqual(['merlion-post-tracked']);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (storeCase.name === 'PGlite')
      for (const [kind, ms] of Object.entries(timings))
        process.stdout.write(
          `render ${kind}: ${ms.map((m) => m.toFixed(0)).join(', ')} ms (through the API, first call warms the fonts)\n`,
        );
  });

  it('lists what applies to a value-chain shipment, and why CN 22/23 do not', async () => {
    const res = await t.request('GET', `/v1/shipments/${chainShipment}/documents`, {
      key: seller.key,
    });
    expect(res.status).toBe(200);
    expect(res.body.documents.map((d: { kind: string }) => d.kind)).toEqual([
      'invoice',
      'packing-list',
      'label',
      'label-1',
    ]);
    expect(res.body.documents[0].href).toBe(`/v1/shipments/${chainShipment}/documents/invoice`);
    expect(res.body.unavailable.map((u: { kind: string }) => u.kind)).toEqual(['cn22', 'cn23']);
    expect(res.body.unavailable[0].reason).toMatch(/no post carries this shipment/);
  });

  it('stores the parcels with the shipment: tracked by their id off the post', async () => {
    const [parcel] = await parcelsOf(chainShipment);
    expect(parcel).toMatchObject({ seq: 0, weight_g: 450, s10: null });
    expect(parcel!.id).toMatch(/^prc_[0-9a-z]{26}$/);
    expect(parcel!.tracking_number).toBe(parcel!.id);
  });

  it('renders the invoice, the packing list and the label; the label scans to the parcel id', async () => {
    const invoice = await pdf(`/v1/shipments/${chainShipment}/documents/invoice`);
    const share = darkShare(pageToPng(invoice, 1, 72));
    expect(share).toBeGreaterThan(0.005);
    expect(share).toBeLessThan(0.35);
    const text = pdfText(invoice);
    for (const s of [
      'COMMERCIAL INVOICE',
      'Shenzhen Bright Gadgets',
      'Erika Mustermann',
      '392690',
      '8.99 USD',
      'GERMANY',
    ])
      expect(text).toContain(s);
    expect(pdfText(await pdf(`/v1/shipments/${chainShipment}/documents/packing-list`))).toContain(
      'Parcel 1 of 1',
    );
    const [parcel] = await parcelsOf(chainShipment);
    const label = await pdf(`/v1/shipments/${chainShipment}/documents/label-1`);
    expect(pageCount(label)).toBe(1);
    expect(decodeCode128(pageToPng(label))).toBe(parcel!.tracking_number);
    const all = await pdf(`/v1/shipments/${chainShipment}/documents/label`);
    expect(decodeCode128(pageToPng(all))).toBe(parcel!.tracking_number);
  });

  it('gives a postal item an S10 for its post’s country, on its label and its CN 22', async () => {
    const [parcel] = await parcelsOf(postalShipment);
    expect(parcel!.s10).toMatch(/^LX\d{9}SG$/);
    expect(isS10(parcel!.s10!)).toBe(true);
    expect(parcel!.tracking_number).toBe(parcel!.s10);
    const list = await t.request('GET', `/v1/shipments/${postalShipment}/documents`, {
      key: seller.key,
    });
    expect(list.body.documents.map((d: { kind: string }) => d.kind)).toContain('cn22');
    expect(list.body.unavailable).toEqual([
      { kind: 'cn23', reason: expect.stringMatching(/declared on CN 22, not CN 23/) },
    ]);
    const label = await pdf(`/v1/shipments/${postalShipment}/documents/label-1`);
    expect(decodeCode128(pageToPng(label))).toBe(parcel!.s10);
    const cn22 = await pdf(`/v1/shipments/${postalShipment}/documents/cn22`);
    const text = pdfText(cn22);
    for (const s of [
      'CN 22',
      'Merlion Post',
      'IOSS IM1560000123',
      'Sale of goods',
      '392690',
      '8.99 USD',
    ])
      expect(text).toContain(s);
    const cn23 = await t.request('GET', `/v1/shipments/${postalShipment}/documents/cn23`, {
      key: seller.key,
    });
    expect(cn23.status).toBe(404);
    expect(cn23.body.detail).toMatch(/declared on CN 22, not CN 23 \(parcel 1: contents SDR/);
  });

  it('answers problems: not postal, unknown kind, no such parcel, bad id, not yours', async () => {
    const cn22 = await t.request('GET', `/v1/shipments/${chainShipment}/documents/cn22`, {
      key: seller.key,
    });
    expect(cn22.status).toBe(404);
    expect(cn22.headers.get('content-type')).toContain('application/problem+json');
    expect(cn22.body.detail).toMatch(
      /CN 22 and CN 23 declare postal items, and no post carries this shipment/,
    );
    const unknown = await t.request('GET', `/v1/shipments/${chainShipment}/documents/waybill`, {
      key: seller.key,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toMatch(/no document kind "waybill"/);
    const label2 = await t.request('GET', `/v1/shipments/${chainShipment}/documents/label-2`, {
      key: seller.key,
    });
    expect(label2.status).toBe(404);
    expect(label2.body.detail).toMatch(/there is no parcel 2/);
    expect(
      (await t.request('GET', '/v1/shipments/shp_nope/documents', { key: seller.key })).status,
    ).toBe(400);
    for (const key of [otherSeller, linehaul]) {
      const res = await t.request('GET', `/v1/shipments/${chainShipment}/documents/invoice`, {
        key,
      });
      expect(res.status).toBe(404);
    }
    // Operators see every seller's.
    expect(
      (await t.request('GET', `/v1/shipments/${chainShipment}/documents`, { key: operator }))
        .status,
    ).toBe(200);
  });

  it('asks for the seller profile before any paper names the shipper', async () => {
    const shipment = await shipmentOf(noProfileSeller, orderBody('DOC-NP', { buyer: BUYER }));
    const res = await t.request('GET', `/v1/shipments/${shipment.id}/documents/invoice`, {
      key: noProfileSeller,
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/PUT \/v1\/seller\/profile/);
  });

  it('asks for the buyer’s name and address before a label', async () => {
    const shipment = await shipmentOf(seller.key, orderBody('DOC-NOADDR'));
    const res = await t.request('GET', `/v1/shipments/${shipment.id}/documents/label`, {
      key: seller.key,
    });
    expect(res.status).toBe(409);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'buyer.name',
      'buyer.addressLines',
    ]);
  });

  it('makes parcels once for a shipment stored before parcels were, with stable S10s', async () => {
    const booked = await shipmentOf(seller.key, postalBody('DOC-OLD'));
    const [original] = await parcelsOf(booked.id);
    // A shipment as stored before migration 0005: its row and legs, no parcel rows.
    const db = t.store.db;
    const row = await db
      .selectFrom('shipments')
      .selectAll()
      .where('id', '=', booked.id)
      .executeTakeFirstOrThrow();
    const id = t.deps.ids.next('shp');
    await db
      .insertInto('shipments')
      .values({ ...row, id })
      .execute();
    const legs = await db
      .selectFrom('legs')
      .selectAll()
      .where('shipment_id', '=', booked.id)
      .execute();
    for (const leg of legs)
      await db
        .insertInto('legs')
        .values({ ...leg, id: t.deps.ids.next('leg'), shipment_id: id, departs_at: null })
        .execute();
    expect(await parcelsOf(id)).toEqual([]);
    const [a, b] = await Promise.all([
      t.request('GET', `/v1/shipments/${id}/documents`, { key: seller.key }),
      t.request('GET', `/v1/shipments/${id}/documents`, { key: seller.key }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const made = await parcelsOf(id);
    expect(made).toHaveLength(1);
    expect(isS10(made[0]!.s10!)).toBe(true);
    expect(made[0]!.s10).not.toBe(original!.s10);
    const label = await pdf(`/v1/shipments/${id}/documents/label`);
    expect(decodeCode128(pageToPng(label))).toBe(made[0]!.s10);
    expect(await parcelsOf(id)).toEqual(made);
    // Every S10 issued is distinct (a database sequence).
    const all = await db.selectFrom('parcels').select('s10').where('s10', 'is not', null).execute();
    expect(new Set(all.map((p) => p.s10)).size).toBe(all.length);
  });

  it('manifests a line-haul departure as PDF and CSV for operators and its partner', async () => {
    const leg = await t.store.db
      .selectFrom('legs')
      .select('departs_at')
      .where('shipment_id', '=', chainShipment)
      .where('service_id', '=', LINEHAUL.service)
      .executeTakeFirstOrThrow();
    expect(leg.departs_at).not.toBeNull();
    const departs = new Date(leg.departs_at!).toISOString();
    const q = `/v1/manifests?serviceId=${LINEHAUL.service}&departs=${departs}`;
    const [parcel] = await parcelsOf(chainShipment);
    const csv = await t.request('GET', `${q}&format=csv`, { key: operator });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toMatch(/^service_id,departs_at,shipment_id,parcel_id,tracking_number,s10,/);
    const mine = rows.filter((r) => r.includes(parcel!.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(
      `${LINEHAUL.service},${departs},${chainShipment},${parcel!.id},${parcel!.id},,1/1,Berlin,10115,DE,450,DDP,1,phone case,392690,CN,1,450,8.99,USD`,
    );
    // Nothing of the seller's: no seller name, no seller order id.
    expect(csv.text).not.toMatch(/Bright Gadgets|DOC-1/);
    const manifest = await pdf(q, linehaul);
    expect(pdfText(manifest)).toContain(parcel!.id);
    expect(darkShare(pageToPng(manifest, 1, 72))).toBeGreaterThan(0.005);
    expect((await t.request('GET', q, { key: lastMile })).status).toBe(404);
    expect((await t.request('GET', q, { key: seller.key })).status).toBe(403);
    const none = await t.request(
      'GET',
      `/v1/manifests?serviceId=${LINEHAUL.service}&departs=2020-01-01T00:00:00Z`,
      {
        key: operator,
      },
    );
    expect(none.status).toBe(404);
    expect(none.body.detail).toContain(`departures with parcels: ${departs}`);
    const bad = await t.request(
      'GET',
      `/v1/manifests?serviceId=${LINEHAUL.service}&departs=tomorrow`,
      { key: operator },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('departs');
  });
});

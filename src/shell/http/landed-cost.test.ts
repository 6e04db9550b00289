// POST /v1/landed-cost in process: the same body and answer as `silkline landed-cost --json`,
// problem+json naming the field for bad input, 422 when no rule covers the case, keys required.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeCases } from '../db/test-stores.ts';
import { openTestApp, type TestApp } from './test-app.ts';

const EXAMPLE = JSON.parse(
  readFileSync(
    new URL('../../../data/customs/examples/landed-cost-de-ddp.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown>;

describe.each(storeCases().slice(0, 1))('POST /v1/landed-cost on $name', (storeCase) => {
  let t: TestApp;
  let seller: string;
  let partner: string;

  beforeAll(async () => {
    t = await openTestApp(storeCase);
    seller = (await t.key('landed-seller', 'seller')).key;
    const partnerId = [...t.deps.planning.network.partners.keys()][0]!;
    partner = (await t.key('landed-partner', 'partner', partnerId)).key;
    // warm the shipped customs rules (HS, HTS and rule files are read once per process)
    await t.request('POST', '/v1/landed-cost', { key: seller, body: EXAMPLE });
  }, 120_000);
  afterAll(() => t.close());

  it('answers the example with the contract (the same as the CLI)', async () => {
    const r = await t.request('POST', '/v1/landed-cost', { key: seller, body: EXAMPLE });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['lines', 'totals', 'warnings']);
    expect(
      r.body.lines.map((l: { rule: string; amount: { amount: number } }) => [
        l.rule,
        l.amount.amount,
      ]),
    ).toEqual([
      ['eu-duty-flat-3', 600],
      ['eu-vat-ioss', 1691],
      ['integrator-ddp-disbursement', 85],
    ]);
    expect(r.body.totals).toEqual({
      seller: { amount: 2376, currency: 'EUR' },
      buyer: { amount: 0, currency: 'EUR' },
    });
  });

  it('bad input is a 400 problem naming each field', async () => {
    const r = await t.request('POST', '/v1/landed-cost', {
      key: seller,
      body: { ...EXAMPLE, incoterm: 'CIF', shipping: { amount: 1.5, currency: 'EUR' } },
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'incoterm',
      'shipping.amount',
    ]);
    const hs = await t.request('POST', '/v1/landed-cost', {
      key: seller,
      body: { ...EXAMPLE, items: [{ ...(EXAMPLE.items as object[])[0], hsCode: '999999' }] },
    });
    expect(hs.status).toBe(400);
    expect(hs.body.errors[0].field).toBe('items[0].hsCode');
  });

  it('no rule known: 422 with the message', async () => {
    const r = await t.request('POST', '/v1/landed-cost', {
      key: seller,
      body: { ...EXAMPLE, destination: 'NZ' },
    });
    expect(r.status).toBe(422);
    expect(r.body.detail).toBe('no rule known for NZ');
  });

  it('needs a seller or operator key', async () => {
    expect((await t.request('POST', '/v1/landed-cost', { body: EXAMPLE })).status).toBe(401);
    expect(
      (await t.request('POST', '/v1/landed-cost', { key: partner, body: EXAMPLE })).status,
    ).toBe(403);
  });
});

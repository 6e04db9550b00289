// The seller's profile (PUT/GET /v1/seller/profile) on PGlite and, when SILKLINE_TEST_DATABASE_URL
// is set, PostgreSQL: validation names each field, a seller sees only its own, other roles are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeCases } from '../db/test-stores.ts';
import { getSellerProfile } from '../service/seller-profile.ts';
import { openTestApp, type TestApp } from './test-app.ts';

const PROFILE = {
  party: {
    name: 'Shenzhen Bright Gadgets Co., Ltd.',
    addressLines: ['Room 1203, Block B, Tech Park', '9 Keyuan Road, Nanshan District'],
    city: 'Shenzhen',
    postcode: '518057',
    region: 'CN-GD',
    country: 'CN',
    phone: '+86 755 8888 0000',
    email: 'export@bright.example',
  },
  registrations: { ioss: 'IM1560000123', ukVat: 'GB123456789', auArn: '300000000123' },
  exporter: { customsCode: '4403960ABC', creditCode: '91440300MA5EXAMPLE', aeo: true },
};

describe.each(storeCases())('seller profile on $name', (storeCase) => {
  let t: TestApp;
  let seller: { key: string; tenantId: string };
  let otherSeller: string;
  let operator: string;

  beforeAll(async () => {
    t = await openTestApp(storeCase);
    seller = await t.key('profile-seller', 'seller');
    otherSeller = (await t.key('profile-other', 'seller')).key;
    operator = (await t.key('profile-ops', 'operator')).key;
  });
  afterAll(() => t.close());

  it('has none until set, then returns what was stored', async () => {
    expect((await t.request('GET', '/v1/seller/profile', { key: seller.key })).status).toBe(404);
    const put = await t.request('PUT', '/v1/seller/profile', { key: seller.key, body: PROFILE });
    expect(put.status).toBe(200);
    const got = await t.request('GET', '/v1/seller/profile', { key: seller.key });
    expect(got.status).toBe(200);
    expect(got.body.profile).toEqual(PROFILE);
    const core = await getSellerProfile(t.store.db, seller.tenantId);
    expect(core?.profile.registrations).toEqual({
      ioss: 'IM1560000123',
      ukVat: 'GB123456789',
      auArn: '300000000123',
      noVoec: null,
      eori: null,
      brRemessaConforme: false,
    });
    expect(core?.profile.exporter.aeo).toBe(true);
    // another seller does not see it
    expect((await t.request('GET', '/v1/seller/profile', { key: otherSeller })).status).toBe(404);
  });

  it('refuses bad fields by name and keeps the stored profile', async () => {
    const bad = {
      ...PROFILE,
      party: { ...PROFILE.party, country: 'XX' },
      registrations: { ioss: 'IM123' },
    };
    const res = await t.request('PUT', '/v1/seller/profile', { key: seller.key, body: bad });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('party.country');
    expect(fields).toContain('registrations.ioss');
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    const got = await t.request('GET', '/v1/seller/profile', { key: seller.key });
    expect(got.body.profile.registrations.ioss).toBe('IM1560000123');
  });

  it('is a seller’s own: operators are refused', async () => {
    const res = await t.request('PUT', '/v1/seller/profile', { key: operator, body: PROFILE });
    expect(res.status).toBe(403);
  });
});

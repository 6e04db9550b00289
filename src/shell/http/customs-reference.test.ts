// GET /v1/hs/{code} and GET /v1/hs: classification reference data for any authenticated key. The
// routes touch the store only to authenticate, so they run on PGlite alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeCases } from '../db/test-stores.ts';
import { openTestApp, type TestApp } from './test-app.ts';

describe('customs reference routes', () => {
  let t: TestApp;
  let seller: string;
  let partner: string;

  beforeAll(async () => {
    t = await openTestApp(storeCases()[0]!);
    seller = (await t.key('hs-seller', 'seller')).key;
    partner = (await t.key('hs-partner', 'partner', 'europa-parcel')).key;
  }, 90_000);
  afterAll(async () => t?.close());

  it('checks a code and returns its description path', async () => {
    const res = await t.request('GET', '/v1/hs/6109.10', { key: seller });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      code: '610910',
      subheading: '610910',
      national: null,
    });
    expect(res.body.path.map((e: { code: string }) => e.code)).toEqual(['61', '6109', '610910']);
  });

  it('verifies a US HTS line with ?country=US', async () => {
    const res = await t.request('GET', '/v1/hs/6109100012?country=us', { key: seller });
    expect(res.status).toBe(200);
    expect(res.body.national).toEqual({
      system: 'US-HTS',
      code: '6109100012',
      description: "Men's (338)",
      verified: true,
    });
  });

  it('answers a refused code with 422 problem+json naming the reason', async () => {
    const unknown = await t.request('GET', '/v1/hs/6109100099?country=US', { key: seller });
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(unknown.body).toMatchObject({
      status: 422,
      title: 'HS code refused',
      reason: 'unknown-national-line',
      code: '6109100099',
    });
    expect(unknown.body.detail).toMatch(/is not a line of the US HTS table/);
    expect(unknown.body.errors[0].field).toBe('code');
    for (const [code, reason] of [
      ['6109', 'format'],
      ['99', 'pseudo-code'],
      ['TOTAL', 'pseudo-code'],
      ['610930', 'unknown-subheading'],
    ]) {
      const res = await t.request('GET', `/v1/hs/${code}`, { key: seller });
      expect(res.status, code).toBe(422);
      expect(res.body.reason, code).toBe(reason);
    }
  });

  it('refuses a bad country with 400 naming the field', async () => {
    const res = await t.request('GET', '/v1/hs/610910?country=XX', { key: seller });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('country');
  });

  it('suggests subheadings for a description, best first', async () => {
    const res = await t.request('GET', '/v1/hs?q=ceramic%20mug&limit=3', { key: seller });
    expect(res.status).toBe(200);
    expect(res.body.text).toBe('ceramic mug');
    expect(res.body.suggestions).toHaveLength(3);
    expect(res.body.suggestions[0]).toMatchObject({ code: '691200' });
    expect(res.body.suggestions[0].path).toHaveLength(3);
    const none = await t.request('GET', '/v1/hs?q=zzzqqq', { key: seller });
    expect(none.status).toBe(200);
    expect(none.body.suggestions).toEqual([]);
  });

  it('validates the query: q required, limit 1 to 50', async () => {
    expect((await t.request('GET', '/v1/hs', { key: seller })).status).toBe(400);
    const res = await t.request('GET', '/v1/hs?q=mug&limit=51', { key: seller });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('limit');
  });

  it('lets any key read it and no one without a key', async () => {
    expect((await t.request('GET', '/v1/hs/610910', { key: partner })).status).toBe(200);
    expect((await t.request('GET', '/v1/hs?q=mug', { key: partner })).status).toBe(200);
    expect((await t.request('GET', '/v1/hs/610910')).status).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/openapi.json')).body;
    expect(doc.paths['/v1/hs/{code}'].get.responses['422']).toBeDefined();
    expect(doc.paths['/v1/hs'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['q', 'limit']),
    );
    expect(doc.components.schemas.HsCheck).toBeDefined();
  });
});

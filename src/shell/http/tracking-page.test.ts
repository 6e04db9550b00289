// Serving the buyers' tracking page (the page itself is tested in Chromium: test/browser), and its
// message files: each of the five languages names every status and sub-status of the taxonomy.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_TAXONOMY } from '../../core/tracking/index.ts';
import { registerTrackingPage, TRACKING_PAGE_CSP } from './tracking-page.ts';

describe('the tracking page’s server side', () => {
  let dir: string;
  let app: Hono;
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'silkline-page-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(
      join(dir, 'index.html'),
      '<!doctype html><title>t</title><script type="module" src="/track/assets/index-AbC123.js"></script>',
    );
    await writeFile(join(dir, 'assets', 'index-AbC123.js'), script);
    await writeFile(join(dir, 'secret.txt'), 'not an asset');
    app = new Hono();
    registerTrackingPage(app, { dir });
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('serves the page at /track and /track/{number}, never cached, with a strict CSP', async () => {
    for (const path of ['/track', '/track/', '/track/RR123456785CN', '/track/a%20b%2Fc']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(TRACKING_PAGE_CSP);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await res.text()).toContain('index-AbC123.js');
    }
    expect(TRACKING_PAGE_CSP).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(TRACKING_PAGE_CSP).toMatch(/(^|; )default-src 'none'(;|$)/);
    expect(TRACKING_PAGE_CSP).not.toMatch(/unsafe|\*/);
  });

  it('serves hashed assets for a year, compressed when asked, and nothing else', async () => {
    const plain = await app.request('/track/assets/index-AbC123.js');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await plain.text()).toBe(script);
    const gz = await app.request('/track/assets/index-AbC123.js', {
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(script);
    for (const path of [
      '/track/assets/missing-1.js',
      '/track/assets/..%2Fsecret.txt',
      '/track/assets/..%2Findex.html',
      '/track/assets/index-AbC123.exe',
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it('turns the search form’s GET into the parcel’s address, keeping the language', async () => {
    const res = await app.request('/track?number=%20rr123456785cn%20&lang=de');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/track/rr123456785cn?lang=de');
    const bad = await app.request('/track?number=X&lang=%22%3E%3Cscript%3E');
    expect(bad.headers.get('location')).toBe('/track/X');
  });

  it('answers 503 with what to do when the page has not been built', async () => {
    const unbuilt = new Hono();
    registerTrackingPage(unbuilt, { dir: join(dir, 'no-such-build') });
    const res = await unbuilt.request('/track/RR123456785CN');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build:web/);
  });
});

describe('the tracking page’s message files', () => {
  const MESSAGES_DIR = new URL('../../../web/tracking/messages/', import.meta.url).pathname;

  it('exist for English, Chinese, Spanish, German and French', async () => {
    expect((await readdir(MESSAGES_DIR)).sort()).toEqual(
      ['de.json', 'en.json', 'es.json', 'fr.json', 'zh.json'].sort(),
    );
  });

  it.each(['en', 'zh', 'es', 'de', 'fr'])(
    '%s names every status and sub-status and has every UI string of English',
    async (lang) => {
      const read = async (l: string) =>
        JSON.parse(await readFile(join(MESSAGES_DIR, `${l}.json`), 'utf8')) as {
          language: string;
          ui: Record<string, string>;
          status: Record<string, string>;
          subStatus: Record<string, Record<string, string>>;
        };
      const m = await read(lang);
      const en = await read('en');
      expect(m.language).not.toBe('');
      expect(Object.keys(m.ui).sort()).toEqual(Object.keys(en.ui).sort());
      for (const [key, text] of Object.entries(m.ui)) {
        expect(text, key).not.toBe('');
        // The same placeholders as English: a missing {date} would show nothing.
        const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
        expect(holes(text), key).toEqual(holes(en.ui[key]!));
      }
      expect(Object.keys(m.status).sort()).toEqual(Object.keys(STATUS_TAXONOMY).sort());
      for (const [status, def] of Object.entries(STATUS_TAXONOMY)) {
        expect(m.status[status], status).toBeTruthy();
        const subs = Object.keys(def.subStatuses).sort();
        expect(Object.keys(m.subStatus[status] ?? {}).sort(), status).toEqual(subs);
        for (const sub of subs) expect(m.subStatus[status]![sub], `${status}.${sub}`).toBeTruthy();
      }
    },
  );
});

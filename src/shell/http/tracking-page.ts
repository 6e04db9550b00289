// The buyers' tracking page (docs/tracking.md "The buyer's page"): the React page built by
// `npm run build:web` into dist/web/tracking/, served without a key at /track and
// /track/{number}. Its data comes from GET /v1/public/tracking/{number}.
//
// Hashed assets are cached for a year; index.html is revalidated on every load so a new build is
// picked up at once. A strict Content-Security-Policy (scripts and styles from this origin's files
// only, no inline script, no eval) means that even if a partner's text were ever rendered as HTML,
// a script in it could not run.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { Context, Hono } from 'hono';

/** Where `npm run build:web` writes the page (from the repository root). */
export const TRACKING_PAGE_DIR = new URL('../../../dist/web/tracking/', import.meta.url).pathname;

export const TRACKING_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': TRACKING_PAGE_CSP,
  'x-content-type-options': 'nosniff',
  // The tracking number is in the URL: it is not sent on to any other site.
  'referrer-policy': 'no-referrer',
} as const;

const ASSET_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  json: 'application/json',
};
/** Vite's output names: letters, digits, dash, underscore and dots; never a path. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.([a-z0-9]+)$/;

interface Asset {
  readonly body: Buffer;
  readonly gzipped: Buffer | null;
  readonly type: string;
}

export interface TrackingPageOptions {
  /** The built page; default dist/web/tracking/ of this checkout. */
  readonly dir?: string;
}

const notBuilt = (c: Context) =>
  c.text(
    'The tracking page has not been built. Run `npm run build:web` (npm start does it) and reload.\n',
    503,
    { 'cache-control': 'no-store', 'retry-after': '30' },
  );

/** Registers GET /track, /track/{number} and /track/assets/*: public, no key. */
export function registerTrackingPage(
  // Any Hono app: the page is plain HTML and files, not part of the OpenAPI document.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  app: Hono<any>,
  options: TrackingPageOptions = {},
): void {
  const dir = (options.dir ?? TRACKING_PAGE_DIR).replace(/\/?$/, '/');
  // Hashed names never change content: each is read (and compressed) once per process.
  const assets = new Map<string, Asset>();

  const page = async (c: Context) => {
    let html: string;
    try {
      html = await readFile(`${dir}index.html`, 'utf8');
    } catch {
      return notBuilt(c);
    }
    return c.html(html, 200, { ...PAGE_HEADERS, 'cache-control': 'no-cache' });
  };

  app.get('/track/assets/:name', async (c) => {
    const name = c.req.param('name');
    const m = ASSET_NAME.exec(name);
    const type = m ? ASSET_TYPES[m[1]!] : undefined;
    if (!m || !type) return c.text('Not found\n', 404, { 'cache-control': 'no-store' });
    let asset = assets.get(name);
    if (!asset) {
      let body: Buffer;
      try {
        body = await readFile(`${dir}assets/${name}`);
      } catch {
        return c.text('Not found\n', 404, { 'cache-control': 'no-store' });
      }
      const compressible =
        type.startsWith('text/') || type === 'image/svg+xml' || type === 'application/json';
      asset = { body, type, gzipped: compressible && body.length > 1024 ? gzipSync(body) : null };
      assets.set(name, asset);
    }
    const gzip = asset.gzipped !== null && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const body = gzip ? asset.gzipped! : asset.body;
    return c.body(new Uint8Array(body), 200, {
      'content-type': asset.type,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
  });

  const searchOrPage = async (c: Context) => {
    // The search form without the script: /track?number=X → /track/X (the language kept).
    const number = (c.req.query('number') ?? '').trim();
    if (number !== '') {
      const lang = c.req.query('lang');
      const query = lang && /^[A-Za-z-]{2,10}$/.test(lang) ? `?lang=${lang}` : '';
      return c.redirect(`/track/${encodeURIComponent(number)}${query}`, 303);
    }
    return page(c);
  };
  app.get('/track', searchOrPage);
  app.get('/track/', searchOrPage);
  app.get('/track/:number', page);
}

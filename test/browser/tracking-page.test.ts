// The buyers' tracking page in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
// playwright-core, against the API in-process on a loopback port with a PGlite store. A parcel is
// booked through the API (with the buyer's name, street, phone and e-mail) and its partners post
// their events through the signed webhook, one of them with a description that tries to inject
// script. Then: status, timeline, ETA, map, search, the five languages, escaping, privacy, and a
// screenshot. One browser for the file.
//
// Without /usr/bin/chromium the file is skipped with a message, except in CI (CI set), where it
// fails: `apt-get install -y chromium`.
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import de from '../../web/tracking/messages/de.json' with { type: 'json' };
import en from '../../web/tracking/messages/en.json' with { type: 'json' };
import es from '../../web/tracking/messages/es.json' with { type: 'json' };
import fr from '../../web/tracking/messages/fr.json' with { type: 'json' };
import zh from '../../web/tracking/messages/zh.json' with { type: 'json' };
import { buildWeb } from '../../scripts/build-web.ts';
import { storeCases } from '../../src/shell/db/test-stores.ts';
import { openTestApp, orderBody, type TestApp, TEST_NOW } from '../../src/shell/http/test-app.ts';
import { bookOrder } from '../../src/shell/service/booking.ts';
import { trackingContext } from '../../src/shell/service/tracking.ts';
import { storedLegOf } from '../../src/shell/service/tracking-rebuild.ts';
import { type JourneyEvent, journeyEvents } from '../../src/shell/service/tracking-testing.ts';
import { signatureHeader } from '../../src/shell/webhooks/signature.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = !!process.env.CI;
if (!HAVE_CHROMIUM && !IN_CI) {
  process.stderr.write(
    `\n  skipping the tracking page's browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)\n\n`,
  );
}

/** What the probe of this machine found Chromium needs here (/work/.library/env/machines/node.md). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const MESSAGES = { en, zh, es, de, fr } as const;
const HOUR = 3_600_000;

/** The buyer's personal data: none of it may reach the page. */
const BUYER = {
  country: 'DE',
  postcode: '10115',
  city: 'Berlin',
  name: 'Erika Mustermann',
  addressLines: ['Invalidenstraße 117', 'Hinterhaus 3. OG'],
  phone: '+49 30 5550 1234',
  email: 'erika.mustermann@example.org',
};
const PRIVATE = [
  'Mustermann',
  'Erika',
  'Invalidenstraße',
  'Hinterhaus',
  '5550 1234',
  'example.org',
  '10115',
];
const INJECTION =
  'Arrival scan <script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">';

// Generous per-test limit: a page load takes well under a second, but this 2-core machine is shared.
describe.skipIf(!HAVE_CHROMIUM && !IN_CI)(
  'the buyers’ tracking page in Chromium',
  { timeout: 60_000 },
  () => {
    let t: TestApp;
    let server: ServerType;
    let base: string;
    let browser: Browser;
    let context: BrowserContext;
    const newContext = (locale: string) =>
      browser.newContext({
        locale,
        timezoneId: 'Europe/Berlin',
        viewport: { width: 1000, height: 900 },
      });
    let shotDir: string;
    let trackingNumber: string;
    let orderRef: string;
    let lastMileRef: string;
    let json: {
      status: { status: string; subStatus: string | null };
      timeline: { localTime: string; description: string }[];
      route: unknown[];
      eta: { kind: string; earliest?: string; latest?: string; promisedBy?: string | null };
    };
    let jsonText: string;
    const timings: Record<string, number> = {};

    beforeAll(async () => {
      if (!HAVE_CHROMIUM) throw new Error(`CI needs ${CHROMIUM}: apt-get install -y chromium`);
      const started = performance.now();
      const [built, app, launched] = await Promise.all([
        buildWeb({ ifStale: true }),
        openTestApp(storeCases()[0]!),
        chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
      ]);
      t = app;
      browser = launched;
      context = await newContext('en-GB');
      timings.setup = performance.now() - started;
      timings.build = built === 'built' ? 1 : 0;
      shotDir = await mkdtemp(join(tmpdir(), 'silkline-tracking-page-'));
      server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      // A seller's order with the buyer's personal data, booked along the demo network.
      const seller = await t.key('acme-trading', 'seller');
      const operator = await t.key('ops', 'operator');
      orderRef = 'ACME-SECRET-ORDER-4711';
      const created = await t.request('POST', '/v1/orders', {
        key: seller.key,
        body: orderBody(orderRef, {
          buyer: BUYER,
          platform: 'acme-private-shop',
          payment: { provider: 'PrivatePay', transactionId: 'TXN-PRIVATE-0042' },
        }),
      });
      expect(created.status, created.text).toBe(201);
      await bookOrder(t.deps, t.adapters, created.body.id);
      const db = t.store.db;
      const shipment = await db
        .selectFrom('shipments')
        .selectAll()
        .where('order_id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      const legRows = await db
        .selectFrom('legs')
        .selectAll()
        .where('shipment_id', '=', shipment.id)
        .orderBy('seq')
        .execute();
      const parcel = await db
        .selectFrom('parcels')
        .selectAll()
        .where('shipment_id', '=', shipment.id)
        .executeTakeFirstOrThrow();
      trackingNumber = parcel.tracking_number;
      lastMileRef = legRows.at(-1)!.partner_ref ?? trackingNumber;

      // Every leg but the last one's scans, ending a day before now: in transit, with an ETA.
      const ctx = await trackingContext(t.deps.planning.network);
      const legs = legRows.map((l) => storedLegOf(l as never));
      const refs = new Map(legRows.map((l) => [l.seq, l.partner_ref ?? trackingNumber]));
      const all = journeyEvents(ctx, legs, (leg) => refs.get(leg.seq)!, {
        startMs: TEST_NOW.getTime() - 5 * 24 * HOUR,
        stepMs: 5 * HOUR,
        eventIdPrefix: 'page',
        perLeg: 2,
      });
      const lastSeq = legRows.at(-1)!.seq;
      const events: JourneyEvent[] = all.filter(
        (e) => legRows.find((l) => l.partner_id === e.partnerId)!.seq !== lastSeq,
      );
      // The newest event: the same scan again an hour later, its description an injection attempt.
      const newest = events.at(-1)!;
      const at = new Date(Date.parse(newest.event.occurredAt) + HOUR);
      events.push({
        partnerId: newest.partnerId,
        event: {
          ...newest.event,
          eventId: 'page-injection',
          occurredAt: newest.event.occurredAt.replace(
            /^.{19}/,
            new Date(at.getTime() + offsetMs(newest.event.occurredAt)).toISOString().slice(0, 19),
          ),
          description: INJECTION,
        },
      });

      // Posted as partners post them: the signed webhook, each partner with its own secret.
      const secrets = new Map<string, string>();
      for (const e of events) {
        let secret = secrets.get(e.partnerId);
        if (!secret) {
          const r = await t.request('POST', `/v1/partners/${e.partnerId}/secret`, {
            key: operator.key,
          });
          expect(r.status, r.text).toBe(201);
          secret = r.body.secret as string;
          secrets.set(e.partnerId, secret);
        }
        const body = JSON.stringify(e.event);
        const r = await fetch(`${base}/v1/partner/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'silkline-partner': e.partnerId,
            'silkline-signature': signatureHeader(
              secret,
              Math.floor(TEST_NOW.getTime() / 1000),
              body,
            ),
          },
          body,
        });
        expect(r.status, await r.clone().text()).toBeLessThan(300);
        expect(((await r.json()) as { recorded: number }).recorded).toBe(1);
      }

      const publicJson = await fetch(
        `${base}/v1/public/tracking/${encodeURIComponent(trackingNumber)}`,
      );
      expect(publicJson.status).toBe(200);
      jsonText = await publicJson.text();
      json = JSON.parse(jsonText);
      expect(json.timeline).toHaveLength(events.length);
      timings.ready = performance.now() - started;
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await t?.close();
      if (shotDir) await rm(shotDir, { recursive: true, force: true });
      process.stdout.write(
        `  [tracking page] setup ${Math.round(timings.setup ?? 0)} ms (page ${
          timings.build ? 'built' : 'up to date'
        }), parcel ready at ${Math.round(timings.ready ?? 0)} ms\n`,
      );
    });

    /** A page in the shared context (en-GB, Berlin time), or in a context of its own for another locale. */
    async function open(
      path: string,
      options: { locale?: string } = {},
    ): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
      const own = options.locale ? await newContext(options.locale) : undefined;
      const page = await (own ?? context).newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(`${base}${path}`);
      return { page, errors, close: async () => (own ? own.close() : page.close()) };
    }

    const statusOf = (page: Page) => page.getByTestId('status').textContent();

    it('shows the status, the timeline newest first in local times, the ETA and the route map', async () => {
      const { page, close, errors } = await open(`/track/${encodeURIComponent(trackingNumber)}`);
      try {
        await page.getByTestId('status').waitFor();
        expect(await statusOf(page)).toBe(en.status[json.status.status as keyof typeof en.status]);
        if (json.status.subStatus) {
          const subs = en.subStatus as Record<string, Record<string, string>>;
          expect(await page.getByTestId('sub-status').textContent()).toBe(
            subs[json.status.status]![json.status.subStatus],
          );
        }
        expect(await page.locator('h1').textContent()).toBe(`Parcel ${trackingNumber}`);

        // One list item per event, newest first, each at its partner's local time and offset.
        const items = page.getByTestId('timeline').locator('li');
        expect(await items.count()).toBe(json.timeline.length);
        const times = await items
          .locator('time')
          .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
        expect(times).toEqual(json.timeline.map((e) => e.localTime).reverse());
        const metas = await items.locator('.event-meta').allTextContents();
        const offsets = json.timeline.map((e) => e.localTime.slice(-6)).reverse();
        metas.forEach((m, i) => expect(m).toContain(`(UTC${offsets[i]})`));
        expect(new Set(offsets)).toEqual(new Set(['+08:00', '+01:00']));
        // The oldest scan, in China: the wall-clock hour as the partner wrote it.
        const oldest = json.timeline[0]!.localTime;
        const hour = oldest.slice(11, 16);
        expect(metas.at(-1)).toContain(hour);

        // The ETA as a date range, and the chance of meeting the promise.
        expect(json.eta.kind).toBe('estimate');
        const etaTimes = await page
          .getByTestId('eta-range')
          .locator('time')
          .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
        expect(etaTimes).toEqual([json.eta.earliest, json.eta.latest]);
        expect(await page.getByTestId('eta-range').textContent()).toMatch(/^Between .+ and .+$/);
        if (json.eta.promisedBy) {
          expect(await page.getByTestId('on-time').textContent()).toMatch(
            /^\d+% probability of arriving by .+, the promised date$/,
          );
        }

        // The map: a dot per stop (the buyer's end at country level), one of them the parcel's.
        const map = page.getByTestId('route-map');
        expect(await map.getAttribute('role')).toBe('img');
        expect(await map.getAttribute('aria-label')).toMatch(
          /^Map of the route: .*Berlin, Germany/,
        );
        const stops = await page.getByTestId('route-stops').locator('li').count();
        // Legs that start where the last one ended share a stop; a leg may start and end at one place.
        expect(stops).toBeGreaterThanOrEqual(2);
        expect(stops).toBeLessThanOrEqual(json.route.length + 1);
        expect(await map.locator('circle.stop').count()).toBe(stops);
        expect(await map.locator('circle.stop-current').count()).toBe(1);
        expect(await map.locator('path.land').count()).toBe(3);
        expect(await page.locator('.route-stops .stop-current').count()).toBe(1);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });

    it('serves the page with a strict CSP, and renders an injected description as text only', async () => {
      const res = await fetch(`${base}/track/${encodeURIComponent(trackingNumber)}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script in the page
      const asset = /src="(\/track\/assets\/[^"]+\.js)"/.exec(html)![1]!;
      const assetRes = await fetch(`${base}${asset}`);
      expect(assetRes.status).toBe(200);
      expect(assetRes.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

      expect(json.timeline.at(-1)!.description).toBe(INJECTION); // the API passes it on as sent
      const { page, close, errors } = await open(`/track/${encodeURIComponent(trackingNumber)}`);
      try {
        await page.getByTestId('timeline').waitFor();
        const newest = page.getByTestId('timeline').locator('li').first();
        expect(await newest.locator('.event-description').textContent()).toBe(INJECTION);
        expect(
          await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned),
        ).toBeUndefined();
        expect(await page.locator('main script, main img').count()).toBe(0);
        // The rendered page holds the text escaped, never the markup.
        const rendered = await page.content();
        expect(rendered).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
        expect(rendered).not.toContain('<img src="x"');
        expect(errors).toEqual([]);

        // The second wall: were the markup ever inserted as HTML, the CSP stops its script.
        // (A string: this file is type-checked without the DOM's types.)
        const blocked = (await page.evaluate(`(async () => {
          const violations = [];
          document.addEventListener('securitypolicyviolation', (e) =>
            violations.push(e.violatedDirective));
          const box = document.createElement('div');
          document.body.append(box);
          box.innerHTML = '<img src="x" onerror="window.__pwned=2">';
          await new Promise((resolve) => setTimeout(resolve, 500));
          return { violations, pwned: window.__pwned };
        })()`)) as { violations: string[]; pwned: unknown };
        expect(blocked.pwned).toBeUndefined();
        expect(blocked.violations.join(' ')).toMatch(/script-src/);
      } finally {
        await close();
      }
    });

    it('shows none of the buyer’s personal data nor the seller’s order details', async () => {
      const { page, close } = await open(`/track/${encodeURIComponent(trackingNumber)}`);
      try {
        await page.getByTestId('timeline').waitFor();
        const html = await page.content();
        const visible = await page.locator('body').innerText();
        for (const text of [...PRIVATE, orderRef, 'acme-private-shop', 'TXN-PRIVATE-0042']) {
          expect(html, text).not.toContain(text);
          expect(visible, text).not.toContain(text);
          expect(jsonText, text).not.toContain(text);
        }
        // The destination city is shown.
        expect(visible).toContain('Berlin');
      } finally {
        await close();
      }
    });

    it('finds the parcel from the search box by another of its numbers, however typed', async () => {
      const { page, close } = await open('/track');
      try {
        expect(await page.locator('h1').textContent()).toBe(en.ui.searchTitle);
        const typed = ` ${lastMileRef.toLowerCase()} `;
        await page.getByLabel(en.ui.searchLabel).fill(typed);
        await Promise.all([
          page.waitForURL(/\/track\/.+/),
          page.getByLabel(en.ui.searchLabel).press('Enter'),
        ]);
        expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/track/${typed.trim()}`);
        await page.getByTestId('status').waitFor();
        expect(await statusOf(page)).toBe(en.status[json.status.status as keyof typeof en.status]);
        expect(await page.locator('h1').textContent()).toBe(`Parcel ${trackingNumber}`);
      } finally {
        await close();
      }
    });

    it('answers an unknown number with a friendly not-found state', async () => {
      const { page, close, errors } = await open('/track/NO-SUCH-PARCEL-1?lang=de');
      try {
        await page.getByTestId('not-found').waitFor();
        expect(await page.locator('h1').textContent()).toBe(de.ui.notFoundTitle);
        expect(await page.getByTestId('not-found').innerText()).toContain('NO-SUCH-PARCEL-1');
        expect(await page.getByLabel(de.ui.searchLabel).inputValue()).toBe('NO-SUCH-PARCEL-1');
        // The 404 of the JSON call is the only console error: Chromium logs failed fetches.
        expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
      } finally {
        await close();
      }
    });

    it('speaks English, Chinese, Spanish, German and French: by ?lang=, by the browser, by the switcher', async () => {
      for (const lang of ['en', 'zh', 'es', 'de', 'fr'] as const) {
        const { page, close } = await open(
          `/track/${encodeURIComponent(trackingNumber)}?lang=${lang}`,
        );
        try {
          await page.getByTestId('status').waitFor();
          const statuses = MESSAGES[lang].status as Record<string, string>;
          expect(await statusOf(page), lang).toBe(statuses[json.status.status]);
          expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe(
            MESSAGES[lang].ui.statusHeading,
          );
          expect(await page.locator('html').getAttribute('lang')).toBe(
            lang === 'zh' ? 'zh-Hans' : lang,
          );
        } finally {
          await close();
        }
      }
      // No ?lang=: the browser's language; then the switcher.
      const { page, close } = await open(`/track/${encodeURIComponent(trackingNumber)}`, {
        locale: 'zh-CN',
      });
      try {
        await page.getByTestId('status').waitFor();
        expect(await statusOf(page)).toBe(
          (zh.status as Record<string, string>)[json.status.status],
        );
        await Promise.all([
          page.waitForURL(/lang=es/),
          page.getByRole('link', { name: 'Español' }).click(),
        ]);
        await page.getByTestId('status').waitFor();
        expect(await statusOf(page)).toBe(
          (es.status as Record<string, string>)[json.status.status],
        );
      } finally {
        await close();
      }
    });

    it('renders a non-blank page: a screenshot', async () => {
      const { page, close } = await open(`/track/${encodeURIComponent(trackingNumber)}`);
      try {
        await page.getByTestId('route-map').waitFor();
        const file = join(shotDir, 'tracking-page.png');
        await page.screenshot({ path: file, fullPage: true });
        const png = PNG.sync.read(await readFile(file));
        expect(png.width).toBe(1000);
        expect(png.height).toBeGreaterThan(900);
        const colours = new Set<number>();
        let nonWhite = 0;
        for (let i = 0; i < png.data.length; i += 4 * 7) {
          const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
          colours.add((r << 16) | (g << 8) | b);
          if (r < 240 || g < 240 || b < 240) nonWhite++;
        }
        expect(colours.size).toBeGreaterThan(20);
        expect(nonWhite / (png.data.length / (4 * 7))).toBeGreaterThan(0.05);
        // To look at it: SILKLINE_KEEP_SCREENSHOT=/tmp/page.png npx vitest run test/browser
        if (process.env.SILKLINE_KEEP_SCREENSHOT)
          await copyFile(file, process.env.SILKLINE_KEEP_SCREENSHOT);
      } finally {
        await close();
      }
    });
  },
);

/** The offset of an ISO 8601 instant written with one, in ms. */
function offsetMs(iso: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

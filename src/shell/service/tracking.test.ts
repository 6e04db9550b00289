// The tracking service on each store: events in by the signed webhook, batch files and polling,
// stored exactly once, matched to parcels by any identifier, timelines and status, exceptions,
// the public view, and partner secrets with rotation.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTimeline, normalizeEvent } from '../../core/tracking/index.ts';
import { storeCases } from '../db/test-stores.ts';
import { openTestApp, orderBody, type TestApp, TEST_NOW } from '../http/test-app.ts';
import type { AdapterRegistry, PartnerAdapter, PartnerEvent } from '../partners/adapter.ts';
import { builtinAdapter } from '../partners/builtin/adapter.ts';
import { insertEndpoint } from '../webhooks/endpoints.ts';
import { signatureHeader } from '../webhooks/signature.ts';
import { bookOrder } from './booking.ts';
import {
  ingestEvents,
  pollPartnerEvents,
  QueuedRebuilder,
  queuedRebuilder,
  queueStats,
  rebuildQueuedOnce,
  SECRET_GRACE_MS,
  shareOf,
  trackingContext,
  trackingView,
} from './tracking.ts';
import type { StoredLeg, TrackingContext } from './tracking-context.ts';
import { identifierStats, ingestChunk } from './tracking-ingest.ts';
import {
  eventAsSentOf,
  rebuildParcels,
  rebuildStats,
  type StoredEventRow,
  storedLegOf,
} from './tracking-rebuild.ts';
import { codeFor, isoWithOffset, type JourneyEvent, journeyEvents } from './tracking-testing.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Journeys start ten days before the test's now. */
const START = TEST_NOW.getTime() - 10 * DAY;

describe.each(storeCases())('the tracking service on $name', (storeCase) => {
  let t: TestApp;
  let ctx: TrackingContext;
  let nowMs = TEST_NOW.getTime();
  let seller: { key: string; tenantId: string };
  let otherSeller: { key: string; tenantId: string };
  let operator: { key: string; tenantId: string };
  const db = () => t.store.db;

  beforeAll(async () => {
    t = await openTestApp(storeCase, { clock: { now: () => new Date(nowMs) } });
    ctx = await trackingContext(t.deps.planning.network);
    seller = await t.key('acme-trading', 'seller');
    otherSeller = await t.key('other-seller', 'seller');
    operator = await t.key('ops', 'operator');
    // The seller listens to every event (tracking events are recorded for subscribers only).
    await insertEndpoint(t.store.db, t.deps.ids, {
      tenantId: seller.tenantId,
      url: 'https://hooks.example.com/silkline',
      events: null,
      allowPrivate: false,
      now: TEST_NOW,
    });
  }, 90_000);
  afterAll(async () => t?.close());

  let orderSeq = 0;
  /** A booked order's shipment, legs (by seq) and first parcel. */
  async function booked(overrides: Record<string, unknown> = {}, adapters?: AdapterRegistry) {
    const ref = `TRK-${++orderSeq}`;
    const r = await t.request('POST', '/v1/orders', {
      key: seller.key,
      body: orderBody(ref, overrides),
    });
    expect(r.status).toBe(201);
    await bookOrder(t.deps, adapters ?? t.adapters, r.body.id);
    const shipment = await db()
      .selectFrom('shipments')
      .selectAll()
      .where('order_id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    const legRows = await db()
      .selectFrom('legs')
      .selectAll()
      .where('shipment_id', '=', shipment.id)
      .orderBy('seq')
      .execute();
    const parcel = await db()
      .selectFrom('parcels')
      .selectAll()
      .where('shipment_id', '=', shipment.id)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    const legs: StoredLeg[] = legRows.map((l) => storedLegOf(l as never));
    return { orderId: r.body.id as string, ref, shipment, legRows, legs, parcel };
  }

  /** A full journey along the legs, each partner using its leg's reference. */
  function journey(
    b: Awaited<ReturnType<typeof booked>>,
    prefix: string,
    startMs = START,
  ): JourneyEvent[] {
    const refs = new Map(b.legRows.map((l) => [l.seq, l.partner_ref ?? b.parcel.tracking_number]));
    return journeyEvents(ctx, b.legs, (leg) => refs.get(leg.seq)!, {
      startMs,
      stepMs: 4 * HOUR,
      eventIdPrefix: prefix,
    });
  }

  /** The core's timeline of these events on the booked shipment's legs. */
  function coreTimeline(b: Awaited<ReturnType<typeof booked>>, events: readonly JourneyEvent[]) {
    return buildTimeline(
      b.legs.map((l) => ctx.shipmentLeg(l)),
      events.map((e) => {
        const n = normalizeEvent(e.partnerId, e.event, ctx.mappings);
        if (n.kind !== 'event') throw new Error('unmapped');
        return n.event;
      }),
    );
  }

  async function ingestAll(events: readonly JourneyEvent[]) {
    const out = [];
    for (const e of events)
      out.push(...(await ingestEvents(t.deps, e.partnerId, [e.event], 'webhook')));
    return out;
  }

  async function stateOf(parcelId: string) {
    return db()
      .selectFrom('tracking_state')
      .selectAll()
      .where('parcel_id', '=', parcelId)
      .executeTakeFirstOrThrow();
  }

  const secrets = new Map<string, string>();
  /** The partner's webhook secret, created by an operator the first time. */
  async function secretFor(partnerId: string): Promise<string> {
    const known = secrets.get(partnerId);
    if (known) return known;
    const r = await t.request('POST', `/v1/partners/${partnerId}/secret`, { key: operator.key });
    expect(r.status).toBe(201);
    secrets.set(partnerId, r.body.secret as string);
    return r.body.secret as string;
  }

  async function postSigned(
    partnerId: string,
    body: string,
    secret: string,
    opts: { at?: number; sign?: string } = {},
  ) {
    const ts = Math.floor((opts.at ?? nowMs) / 1000);
    return t.request('POST', '/v1/partner/events', {
      body,
      headers: {
        'content-type': 'application/json',
        'silkline-partner': partnerId,
        'silkline-signature': signatureHeader(secret, ts, opts.sign ?? body),
      },
    });
  }

  const eventCount = async () =>
    Number(
      (
        await db()
          .selectFrom('tracking_events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('registers every identifier of a booked parcel, and each finds it, however typed', async () => {
    const b = await booked();
    const ids = await db()
      .selectFrom('parcel_identifiers')
      .selectAll()
      .where('parcel_id', '=', b.parcel.id)
      .execute();
    const values = ids.map((i) => i.identifier);
    expect(values).toContain(b.parcel.id.toUpperCase());
    expect(values).toContain(b.shipment.id.toUpperCase());
    for (const l of b.legRows) expect(values).toContain(l.partner_ref!.toUpperCase());
    const lastMile = b.legRows.at(-1)!;
    expect(ids.find((i) => i.identifier === lastMile.partner_ref!.toUpperCase())).toMatchObject({
      kind: 'last-mile',
      partner_id: lastMile.partner_id,
    });
    for (const id of [
      ...values,
      b.parcel.id,
      ` ${lastMile.partner_ref!.toLowerCase()} `,
      lastMile.partner_ref!.replace('-', '-\u200b'),
    ]) {
      const r = await t.request('GET', `/v1/tracking/${encodeURIComponent(id)}`, {
        key: seller.key,
      });
      expect(r.status, id).toBe(200);
      expect(r.body.parcel.id).toBe(b.parcel.id);
    }
    // Another seller's key and a partner key see nothing; an operator sees it.
    expect(
      (await t.request('GET', `/v1/tracking/${b.parcel.id}`, { key: otherSeller.key })).status,
    ).toBe(404);
    expect(
      (await t.request('GET', `/v1/tracking/${b.parcel.id}`, { key: operator.key })).status,
    ).toBe(200);
  });

  it('knows a booked parcel’s numbers once its booking commits: its first events need no lookup', async () => {
    const b = await booked();
    const before = identifierStats.lookups;
    // Under the legs' references, the parcel's tracking number and S10 (however typed).
    const events = journey(b, 'known').slice(0, 2);
    const own = {
      ...events[0]!.event,
      eventId: 'known-own',
      trackingNumber: b.parcel.tracking_number,
    };
    const s10 = b.parcel.s10
      ? [
          {
            ...events[0]!.event,
            eventId: 'known-s10',
            trackingNumber: ` ${b.parcel.s10.toLowerCase()}`,
          },
        ]
      : [];
    const out = [
      ...(await ingestAll(events)),
      ...(await ingestEvents(t.deps, events[0]!.partnerId, [own, ...s10], 'webhook')),
    ];
    expect(out.map((o) => o.result)).toEqual(out.map(() => 'recorded'));
    expect(identifierStats.lookups).toBe(before);
    // A number no booking gave is asked for, and its event kept for later.
    const [unknown] = await ingestEvents(
      t.deps,
      events[0]!.partnerId,
      [{ ...events[0]!.event, eventId: 'known-unknown', trackingNumber: 'NOBODY-HAS-THIS-1' }],
      'webhook',
    );
    expect(unknown!.result).toBe('unmatched');
    expect(identifierStats.lookups).toBeGreaterThan(before);
  });

  it('refuses stale, future, wrongly signed and altered webhooks with 401 and stores nothing', async () => {
    const b = await booked();
    const partnerId = b.legRows[0]!.partner_id;
    const secret = await secretFor(partnerId);
    const [first] = journey(b, 'sig');
    const body = JSON.stringify(first!.event);
    const before = await eventCount();
    const cases = [
      await postSigned(partnerId, body, secret, { at: nowMs - 301_000 }),
      await postSigned(partnerId, body, secret, { at: nowMs + 301_000 }),
      await postSigned(partnerId, body, 'pwsec_not-the-secret'),
      await postSigned(partnerId, body, secret, { sign: body.replace('"code"', '"code" ') }),
      await postSigned(partnerId, body.replace(first!.event.code, 'ALTERED'), secret, {
        sign: body,
      }),
      await t.request('POST', '/v1/partner/events', {
        body,
        headers: { 'silkline-partner': partnerId },
      }),
      await postSigned('no-such-partner', body, secret),
    ];
    for (const r of cases) {
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(cases[0]!.body.detail).toMatch(/old/);
    expect(await eventCount()).toBe(before);
    // Signed now and unaltered: recorded.
    const ok = await postSigned(partnerId, body, secret, { at: nowMs - 60_000 });
    expect(ok.status).toBe(200);
    expect(ok.body.results).toEqual([
      { index: 0, result: 'recorded', eventId: first!.event.eventId },
    ]);
    expect(await eventCount()).toBe(before + 1);
  });

  it('refuses a signed webhook over the body limit with 413 and stores nothing', async () => {
    const b = await booked();
    const partnerId = b.legRows[0]!.partner_id;
    const secret = await secretFor(partnerId);
    const [first] = journey(b, 'big');
    const padded = { ...first!.event, description: 'x'.repeat(256 * 1024) };
    const before = await eventCount();
    const r = await postSigned(partnerId, JSON.stringify(padded), secret);
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(await eventCount()).toBe(before);
  });

  it('records the same event sent five times once, and says so per event', async () => {
    const b = await booked();
    const partnerId = b.legRows[0]!.partner_id;
    const secret = await secretFor(partnerId);
    const [first] = journey(b, 'dup');
    const body = JSON.stringify(first!.event);
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await postSigned(partnerId, body, secret)).body);
    // And once more inside an array with itself.
    const twice = await postSigned(partnerId, JSON.stringify([first!.event, first!.event]), secret);
    expect(results.map((r) => r.results[0].result)).toEqual([
      'recorded',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(twice.body.results.map((r: { result: string }) => r.result)).toEqual([
      'duplicate',
      'duplicate',
    ]);
    const stored = await db()
      .selectFrom('tracking_events')
      .selectAll()
      .where('partner_id', '=', partnerId)
      .where('event_id', '=', first!.event.eventId)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.parcel_id).toBe(b.parcel.id);
    // The columns give the event back exactly, so it is not stored twice.
    expect(stored[0]!.raw).toBeNull();
    expect(eventAsSentOf(stored[0]! as unknown as StoredEventRow & { raw: null })).toEqual(
      first!.event,
    );
    expect((await stateOf(b.parcel.id)).event_count).toBe(1);
  });

  it('gives the same timeline for shuffled events as in order; the status ends delivered', async () => {
    const a = await booked();
    const b = await booked();
    const inOrder = journey(a, 'ord');
    const shuffled = journey(b, 'shf');
    // A fixed shuffle: reversed, then every other one swapped.
    const mixed = [...shuffled].reverse();
    for (let i = 0; i + 1 < mixed.length; i += 2)
      [mixed[i], mixed[i + 1]] = [mixed[i + 1]!, mixed[i]!];
    await ingestAll(inOrder);
    await ingestAll(mixed);
    const va = (await trackingView(t.deps, a.parcel.id))!;
    const vb = (await trackingView(t.deps, b.parcel.id))!;
    const shape = (v: typeof va) =>
      v.timeline.map((e) => [e.at, e.status, e.subStatus, e.legSeq, e.effect, e.code, e.localTime]);
    expect(shape(vb)).toEqual(shape(va));
    expect(va.timeline).toHaveLength(inOrder.length);
    // Each event at the wall-clock time where it happened, as its partner wrote it.
    expect(va.timeline.map((e) => e.localTime)).toEqual(
      [...inOrder]
        .sort((x, y) => Date.parse(x.event.occurredAt) - Date.parse(y.event.occurredAt))
        .map((e) => e.event.occurredAt),
    );
    expect(va.status.status).toBe('delivered');
    expect(vb.status).toEqual(va.status);
    // The stored state is the core's timeline of the events, whichever way they came.
    const expected = coreTimeline(b, shuffled);
    const state = await stateOf(b.parcel.id);
    expect(state.status).toBe(expected.status.status);
    expect(state.event_count).toBe(expected.entries.length);
    // Delivered: every leg done, the shipment and the order delivered.
    const legs = await db()
      .selectFrom('legs')
      .select('status')
      .where('shipment_id', '=', b.shipment.id)
      .execute();
    expect(new Set(legs.map((l) => l.status))).toEqual(new Set(['done']));
    const shipment = await db()
      .selectFrom('shipments')
      .select('status')
      .where('id', '=', b.shipment.id)
      .executeTakeFirstOrThrow();
    expect(shipment.status).toBe('delivered');
    const order = await t.request('GET', `/v1/orders/${b.orderId}`, { key: seller.key });
    expect(order.body.status).toBe('delivered');
    const sellerEvents = await db()
      .selectFrom('events')
      .select('type')
      .where('subject_id', 'in', [b.parcel.id, b.shipment.id])
      .execute();
    expect(sellerEvents.map((e) => e.type)).toEqual(
      expect.arrayContaining(['tracking.status_changed', 'shipment.delivered']),
    );
  });

  it('gives every parcel of a shipment the events reported under the consignment’s numbers', async () => {
    const parcel = orderBody('x').parcels[0]!;
    const b = await booked({ parcels: [parcel, { ...parcel, weightG: 900 }] });
    const parcels = await db()
      .selectFrom('parcels')
      .selectAll()
      .where('shipment_id', '=', b.shipment.id)
      .orderBy('seq')
      .execute();
    expect(parcels).toHaveLength(2);
    // Each partner reports under its leg's reference, or the shipment's id: the consignment.
    const refs = new Map(b.legRows.map((l) => [l.seq, l.partner_ref ?? b.shipment.id]));
    const events = journeyEvents(ctx, b.legs, (leg) => refs.get(leg.seq)!, {
      startMs: START,
      stepMs: 4 * HOUR,
      eventIdPrefix: 'cons',
    });
    // Half before the second parcel's tracking row is read, half after (cache and read-back).
    await ingestAll(events.slice(0, 3));
    // A scan under the second parcel's own number is that parcel's alone.
    const own = {
      ...events[2]!.event,
      eventId: 'own-scan',
      trackingNumber: parcels[1]!.tracking_number,
      occurredAt: isoWithOffset(START + 9 * HOUR, 480),
    };
    await ingestEvents(t.deps, events[2]!.partnerId, [own], 'webhook');
    await ingestAll(events.slice(3));
    const first = (await trackingView(t.deps, parcels[0]!.tracking_number))!;
    const second = (await trackingView(t.deps, parcels[1]!.tracking_number))!;
    expect(first.status.status).toBe('delivered');
    expect(second.status.status).toBe('delivered');
    expect(first.timeline).toHaveLength(events.length);
    expect(second.timeline).toHaveLength(events.length + 1);
    expect(second.timeline.some((e) => e.eventId === 'own-scan')).toBe(true);
    expect(first.timeline.some((e) => e.eventId === 'own-scan')).toBe(false);
    for (const p of parcels) {
      const state = await stateOf(p.id);
      expect(state.status).toBe('delivered');
      const open = await db()
        .selectFrom('tracking_exceptions')
        .select('kind')
        .where('parcel_id', '=', p.id)
        .where('resolved_at', 'is', null)
        .execute();
      expect(open).toEqual([]);
    }
    // Rebuilt from the store alone (no process cache), the same.
    const ctxAgain = await trackingContext(t.deps.planning.network);
    await t.deps.store.db
      .transaction()
      .execute((trx) => rebuildParcels(t.deps, ctxAgain, trx, [parcels[1]!.id]));
    expect((await stateOf(parcels[1]!.id)).event_count).toBe(events.length + 1);
  });

  it('does not move the status backwards for a late event, and moves legs only forward', async () => {
    const b = await booked();
    const events = journey(b, 'late');
    // Everything up to the import broker's leg, then a late scan of the first leg.
    const brokerSeq = b.legRows.findIndex((l) => l.activity.includes('import-clearance'));
    const upTo = events.filter(
      (e) => b.legRows.find((l) => l.partner_id === e.partnerId)!.seq <= brokerSeq,
    );
    await ingestAll(upTo);
    const before = await stateOf(b.parcel.id);
    // The first leg's first scan again, stamped after everything else (a scanner that syncs late).
    const first = upTo[0]!;
    const late = {
      ...first.event,
      eventId: 'late-scan',
      occurredAt: new Date(Date.parse(upTo.at(-1)!.event.occurredAt) + HOUR).toISOString(),
    };
    const [outcome] = await ingestEvents(t.deps, first.partnerId, [late], 'batch');
    expect(outcome!.result).toBe('recorded');
    await queuedRebuilder(t.deps).settle();
    const after = await stateOf(b.parcel.id);
    expect([after.status, after.sub_status]).toEqual([before.status, before.sub_status]);
    expect(after.event_count).toBe(before.event_count + 1);
    const view = (await trackingView(t.deps, b.parcel.id))!;
    expect(view.timeline.find((e) => e.eventId === 'late-scan')!.effect).toBe('behind');
    // Legs before the current one are done, the current one in progress, later ones still booked.
    const legs = await db()
      .selectFrom('legs')
      .select(['seq', 'status'])
      .where('shipment_id', '=', b.shipment.id)
      .orderBy('seq')
      .execute();
    const current = after.current_leg_seq!;
    for (const l of legs) {
      expect(l.status).toBe(
        l.seq < current ? 'done' : l.seq === current ? 'in_progress' : 'booked',
      );
    }
    const shipment = await db()
      .selectFrom('shipments')
      .select('status')
      .where('id', '=', b.shipment.id)
      .executeTakeFirstOrThrow();
    expect(shipment.status).toBe('in_transit');
  });

  it('keeps an event for an unknown number and matches it when the number appears', async () => {
    const lastMileRef = `EARLY-${orderSeq + 1}`;
    // A partner answers bookings with known references; the last mile's is sent events early.
    const builtin = builtinAdapter();
    const adapter = (partnerId: string): PartnerAdapter => ({
      ...builtin,
      async book(leg) {
        const r = await builtin.book(leg);
        return r.ok && leg.activity.includes('last-mile')
          ? { ok: true, partnerRef: lastMileRef }
          : r;
      },
      cancel: builtin.cancel,
      fetchEvents: builtin.fetchEvents,
      ...(partnerId ? {} : {}),
    });
    const network = t.deps.planning.network;
    const lastMilePartner = [...network.services.values()].find(
      (s) => s.activities.includes('last-mile') && s.partnerId === 'europa-parcel',
    )!.partnerId;
    const code = codeFor(ctx.mappings, lastMilePartner, START, 'at_destination_hub')!;
    const early = {
      eventId: 'early-1',
      trackingNumber: lastMileRef.toLowerCase(),
      code,
      occurredAt: '2026-11-20T10:00:00+01:00',
      location: { country: 'DE', city: 'Berlin' },
      description: 'Arrived at the depot',
    };
    const [outcome] = await ingestEvents(t.deps, lastMilePartner, [early], 'webhook');
    expect(outcome!.result).toBe('unmatched');
    const kept = await db()
      .selectFrom('tracking_events')
      .select('parcel_id')
      .where('event_id', '=', 'early-1')
      .executeTakeFirstOrThrow();
    expect(kept.parcel_id).toBeNull();
    const b = await booked({}, adapter);
    expect(b.legRows.at(-1)!.partner_id).toBe(lastMilePartner);
    expect(b.legRows.at(-1)!.partner_ref).toBe(lastMileRef);
    const matched = await db()
      .selectFrom('tracking_events')
      .select('parcel_id')
      .where('event_id', '=', 'early-1')
      .executeTakeFirstOrThrow();
    expect(matched.parcel_id).toBe(b.parcel.id);
    const state = await stateOf(b.parcel.id);
    expect(state.status).toBe('at_destination_hub');
    const view = (await trackingView(t.deps, lastMileRef))!;
    expect(view.timeline.map((e) => e.eventId)).toEqual(['early-1']);
  });

  it('reports unmapped codes to operators and leaves them out of the timeline', async () => {
    const b = await booked();
    const partnerId = b.legRows[0]!.partner_id;
    const [first] = journey(b, 'unm');
    const outcomes = await ingestEvents(
      t.deps,
      partnerId,
      [
        { ...first!.event, eventId: 'unm-a', code: 'ZZ-NEVER-MAPPED' },
        { ...first!.event, eventId: 'unm-b', code: 'ZZ-NEVER-MAPPED' },
      ],
      'batch',
    );
    expect(outcomes).toEqual([
      {
        result: 'unmapped',
        eventId: 'unm-a',
        code: 'ZZ-NEVER-MAPPED',
        unmappedReason: 'unknown-code',
      },
      {
        result: 'unmapped',
        eventId: 'unm-b',
        code: 'ZZ-NEVER-MAPPED',
        unmappedReason: 'unknown-code',
      },
    ]);
    const r = await t.request('GET', '/v1/tracking/unmapped', { key: operator.key });
    expect(r.status).toBe(200);
    expect(r.body.data).toContainEqual(
      expect.objectContaining({
        partnerId,
        code: 'ZZ-NEVER-MAPPED',
        reason: 'unknown-code',
        events: 2,
        parcels: 1,
      }),
    );
    expect((await t.request('GET', '/v1/tracking/unmapped', { key: seller.key })).status).toBe(403);
    const view = (await trackingView(t.deps, b.parcel.id))!;
    expect(view.timeline).toHaveLength(0);
    expect(view.unmappedEvents).toBe(2);
    expect(view.status.status).toBe('pending');
  });

  it('raises a customs hold with its suggested action, tells the seller, and resolves it on release', async () => {
    const b = await booked();
    const broker = b.legRows.find((l) => l.activity.includes('import-clearance'))!;
    const held = codeFor(ctx.mappings, broker.partner_id, START, 'import_customs', 'held')!;
    const released = codeFor(ctx.mappings, broker.partner_id, START, 'import_customs', 'released')!;
    const at = (h: number) => new Date(nowMs - 48 * HOUR + h * HOUR).toISOString();
    const base = {
      trackingNumber: broker.partner_ref!,
      location: { country: 'NL', city: 'Amsterdam' },
      description: 'Customs',
    };
    await ingestEvents(
      t.deps,
      broker.partner_id,
      [{ ...base, eventId: 'hold-1', code: held, occurredAt: at(0) }],
      'webhook',
    );
    let list = await t.request('GET', '/v1/tracking/exceptions?kind=customs-hold', {
      key: operator.key,
    });
    const raised = list.body.data.find((x: { parcelId: string }) => x.parcelId === b.parcel.id);
    expect(raised).toMatchObject({
      kind: 'customs-hold',
      suggestedAction: 'request-documents',
      sellerNotified: true,
      resolvedAt: null,
    });
    const view = (await trackingView(t.deps, b.parcel.id))!;
    expect(view.exceptions.map((x) => x.kind)).toContain('customs-hold');
    const sellerEvents = await db()
      .selectFrom('events')
      .select(['type', 'payload', 'tenant_id'])
      .where('subject_id', '=', b.parcel.id)
      .where('type', '=', 'tracking.exception')
      .execute();
    expect(sellerEvents).toHaveLength(1);
    expect(sellerEvents[0]!.tenant_id).toBe(seller.tenantId);
    expect(sellerEvents[0]!.payload).toMatchObject({
      kind: 'customs-hold',
      suggestedAction: 'request-documents',
    });
    await ingestEvents(
      t.deps,
      broker.partner_id,
      [{ ...base, eventId: 'release-1', code: released, occurredAt: at(5) }],
      'webhook',
    );
    list = await t.request('GET', '/v1/tracking/exceptions?state=resolved&kind=customs-hold', {
      key: operator.key,
    });
    expect(
      list.body.data.find((x: { parcelId: string }) => x.parcelId === b.parcel.id)?.resolvedAt,
    ).toBe(TEST_NOW.toISOString());
    const after = (await trackingView(t.deps, b.parcel.id))!;
    expect(after.exceptions.map((x) => x.kind)).not.toContain('customs-hold');
  });

  it('keeps the good lines of a batch file and reports the bad ones by line', async () => {
    const b = await booked();
    const partner = await t.key('partner-first-leg', 'partner', b.legRows[0]!.partner_id);
    const events = journey(b, 'csv').filter((e) => e.partnerId === b.legRows[0]!.partner_id);
    expect(events.length).toBeGreaterThanOrEqual(2);
    const row = (e: JourneyEvent['event']) =>
      [
        e.eventId,
        e.trackingNumber,
        e.code,
        e.occurredAt,
        e.location.country ?? '',
        e.location.city ?? '',
        `"${e.description}"`,
      ].join(',');
    const csv = [
      'event_id,tracking_number,code,occurred_at,country,city,description',
      row(events[0]!.event),
      // Line 3: a local time without offset.
      row({ ...events[1]!.event, eventId: 'bad-time', occurredAt: '2026-11-20T10:00:00' }),
      // Line 4: a column short.
      'only,four,columns,here',
      row(events[1]!.event),
      // Line 6: no event id.
      row({ ...events[1]!.event, eventId: '' }),
    ].join('\n');
    const r = await t.request('POST', '/v1/partner/events/batch', {
      key: partner.key,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 5, recorded: 2, invalid: 3, duplicates: 0 });
    expect(r.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [3, 'occurredAt'],
      [4, '(row)'],
      [6, 'eventId'],
    ]);
    expect(r.body.errors[0].message).toMatch(/no UTC offset/);
    // The same file again: only duplicates and the same errors.
    const again = await t.request('POST', '/v1/partner/events/batch', {
      key: partner.key,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(again.body).toMatchObject({ recorded: 0, duplicates: 2, invalid: 3 });
    // JSON Lines, with a line that is not JSON.
    const jsonl = [JSON.stringify({ ...events[0]!.event, eventId: 'jl-1' }), '{not json', ''].join(
      '\n',
    );
    const jl = await t.request('POST', '/v1/partner/events/batch', {
      key: partner.key,
      body: jsonl,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(jl.body).toMatchObject({ total: 2, recorded: 1, invalid: 1 });
    expect(jl.body.errors).toEqual([
      { line: 2, field: '(line)', message: expect.stringMatching(/not valid JSON/) },
    ]);
    // Only partner keys may upload.
    expect(
      (
        await t.request('POST', '/v1/partner/events/batch', {
          key: seller.key,
          body: csv,
          headers: { 'content-type': 'text/csv' },
        })
      ).status,
    ).toBe(403);
  });

  it('shows the public no personal data and nothing of the seller', async () => {
    const personal = {
      name: 'Zebediah Quixworth',
      addressLines: ['Unter den Linden 77', 'Hinterhaus 3'],
      phone: '+49 30 5550199',
      email: 'zebediah@example.org',
    };
    const b = await booked({
      buyer: { country: 'DE', postcode: '10117', city: 'Berlin', ...personal },
    });
    await ingestAll(journey(b, 'pub'));
    const r = await t.request('GET', `/v1/public/tracking/${b.legRows.at(-1)!.partner_ref}`);
    expect(r.status).toBe(200);
    const text = r.text;
    for (const secret of [
      personal.name,
      'Zebediah',
      'Linden',
      'Hinterhaus',
      '5550199',
      'zebediah@',
      '10117',
      'acme-trading',
      seller.tenantId,
      b.orderId,
      b.ref,
      b.shipment.id,
      'phone case',
      'buyer:',
    ])
      expect(text, secret).not.toContain(secret);
    expect(Object.keys(r.body).sort()).toEqual(
      [
        'asOf',
        'currentLegSeq',
        'destination',
        'eta',
        'route',
        'status',
        'timeline',
        'trackingNumber',
      ].sort(),
    );
    expect(r.body.destination).toEqual({ country: 'DE', city: 'Berlin' });
    expect(r.body.status.status).toBe('delivered');
    expect(Object.keys(r.body.timeline[0]).sort()).toEqual(
      [
        'at',
        'description',
        'legSeq',
        'localTime',
        'location',
        'status',
        'statusDescription',
        'subStatus',
      ].sort(),
    );
    expect(r.body.route.at(-1).to).toEqual({
      name: null,
      country: 'DE',
      city: 'Berlin',
      coordinates: null,
    });
    expect((await t.request('GET', '/v1/public/tracking/NO-SUCH-NUMBER')).status).toBe(404);
  });

  it('rotates a partner secret: the old one works for the grace period, then not', async () => {
    const b = await booked();
    const partnerId = b.legRows[1]!.partner_id;
    const first = await secretFor(partnerId);
    const again = await t.request('POST', `/v1/partners/${partnerId}/secret`, {
      key: operator.key,
    });
    expect(again.status).toBe(409);
    expect(
      (await t.request('POST', `/v1/partners/${partnerId}/secret`, { key: seller.key })).status,
    ).toBe(403);
    const rotated = await t.request('POST', `/v1/partners/${partnerId}/secret`, {
      key: operator.key,
      body: { rotate: true },
    });
    expect(rotated.status).toBe(201);
    const second = rotated.body.secret as string;
    expect(second).not.toBe(first);
    expect(rotated.body.previousValidUntil).toBe(new Date(nowMs + SECRET_GRACE_MS).toISOString());
    const events = journey(b, 'rot').filter((e) => e.partnerId === partnerId);
    const body = (i: number) => JSON.stringify({ ...events[0]!.event, eventId: `rot-${i}` });
    expect((await postSigned(partnerId, body(1), first)).status).toBe(200);
    expect((await postSigned(partnerId, body(2), second)).status).toBe(200);
    const saved = nowMs;
    try {
      nowMs += SECRET_GRACE_MS + 60_000;
      const old = await postSigned(partnerId, body(3), first);
      expect(old.status).toBe(401);
      expect((await postSigned(partnerId, body(4), second)).status).toBe(200);
    } finally {
      nowMs = saved;
    }
  });

  it('polls a partner with a tracking API through the same path, recording repeats once', async () => {
    const b = await booked();
    const leg = b.legRows[0]!;
    // Within the first poll's look-back (a week).
    const events = journey(b, 'poll', nowMs - 2 * DAY).filter(
      (e) => e.partnerId === leg.partner_id,
    );
    const polled: PartnerEvent[] = events.map((e) => ({
      partnerRef: e.event.trackingNumber,
      code: e.event.code,
      occurredAt: e.event.occurredAt,
      description: e.event.description,
      location: e.event.location,
    }));
    const sinces: string[] = [];
    const adapter: PartnerAdapter = {
      ...builtinAdapter(),
      tracking: { pollEverySeconds: 60 },
      async fetchEvents(since) {
        sinces.push(since);
        return polled;
      },
    };
    const first = await pollPartnerEvents(t.deps, adapter, leg.partner_id);
    expect(first.outcomes.map((o) => o.result)).toEqual(polled.map(() => 'recorded'));
    const second = await pollPartnerEvents(t.deps, adapter, leg.partner_id);
    expect(second.outcomes.map((o) => o.result)).toEqual(polled.map(() => 'duplicate'));
    expect(sinces[1]).toBe(new Date(Date.parse(polled.at(-1)!.occurredAt)).toISOString());
    expect((await stateOf(b.parcel.id)).event_count).toBe(polled.length);
  });

  it('answers a webhook of invalid events with 400 naming each field, and mixes fine', async () => {
    const b = await booked();
    const partnerId = b.legRows[2]!.partner_id;
    const secret = await secretFor(partnerId);
    const bad = await postSigned(
      partnerId,
      JSON.stringify([{ eventId: 'x', code: 'Y', occurredAt: 'yesterday' }]),
      secret,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: '[0].trackingNumber', message: expect.any(String) }]);
    const [good] = journey(b, 'mix').filter((e) => e.partnerId === partnerId);
    const mixed = await postSigned(
      partnerId,
      JSON.stringify([
        good!.event,
        { ...good!.event, eventId: 'mix-bad', occurredAt: '2026-02-30T10:00:00Z' },
      ]),
      secret,
    );
    expect(mixed.status).toBe(200);
    expect(mixed.body).toMatchObject({ received: 2, recorded: 1, invalid: 1 });
    expect(mixed.body.results[1]).toMatchObject({
      index: 1,
      result: 'invalid',
      eventId: 'mix-bad',
      errors: [{ field: 'occurredAt', message: expect.stringMatching(/does not exist/) }],
    });
    const notJson = await postSigned(partnerId, '{"eventId":', secret);
    expect(notJson.status).toBe(400);
  });

  it('rebuilds from the store a cached parcel another process moved on, the rest from the cache', async () => {
    const [a, b] = [await booked(), await booked()];
    const [ea, eb] = [journey(a, 'moved'), journey(b, 'kept')];
    const item = (e: JourneyEvent) => ({ partnerId: e.partnerId, input: e.event });
    await ingestChunk(t.deps, [item(ea[0]!), item(eb[0]!)], 'webhook');
    // Another process stored a's tracking meanwhile: the version this one cached is stale.
    await sql`update tracking_state set version = version + 1 where parcel_id = ${a.parcel.id}`.execute(
      db(),
    );
    const before = { ...rebuildStats };
    // Repeats and new events in one chunk: a row for every stored event, none for the repeats.
    const outcomes = await ingestChunk(
      t.deps,
      [item(ea[1]!), item(eb[1]!), item(ea[0]!), item(eb[0]!)],
      'webhook',
    );
    expect(outcomes.map((o) => o.result)).toEqual([
      'recorded',
      'recorded',
      'duplicate',
      'duplicate',
    ]);
    expect(rebuildStats.fromCache - before.fromCache).toBe(1);
    expect(rebuildStats.conflicts - before.conflicts).toBe(1);
    for (const [parcel, events] of [
      [a.parcel.id, ea],
      [b.parcel.id, eb],
    ] as const) {
      const state = await stateOf(parcel);
      expect(state.event_count).toBe(2);
      const view = await trackingView(t.deps, parcel, null);
      expect(view!.timeline.map((e) => e.eventId)).toEqual([
        events[0]!.event.eventId,
        events[1]!.event.eventId,
      ]);
    }
  });

  describe('partner files: parcels rebuilt a moment after their events are stored', () => {
    const item = (e: JourneyEvent) => ({ partnerId: e.partnerId, input: e.event });
    /** The batches that queued the parcel, oldest first. */
    const queued = async (parcelId: string) =>
      (
        await sql<{ batch: string }>`select batch from tracking_rebuild_queue
          where ${parcelId} = any(parcel_ids) order by seq`.execute(db())
      ).rows.map((r) => r.batch);
    const timelineIds = async (parcelId: string) =>
      (await trackingView(t.deps, parcelId, null))!.timeline.map((e) => e.eventId);
    // Passes run only when the test asks (rebuildQueuedOnce); resumed after each test.
    beforeAll(() => queuedRebuilder(t.deps).stop());
    afterAll(() => queuedRebuilder(t.deps).resume());
    // Each test starts with nothing queued.
    beforeEach(() => queuedRebuilder(t.deps).settle());

    it('rebuilds a parcel that three files named once, from its cached timeline and their events', async () => {
      const b = await booked();
      const events = journey(b, 'files').slice(0, 3);
      for (const e of events) {
        const [outcome] = await ingestChunk(t.deps, [item(e)], 'batch');
        expect(outcome!.result).toBe('recorded');
      }
      // Stored and queued, not rebuilt yet: operators see the parcel waiting.
      expect((await stateOf(b.parcel.id)).event_count).toBe(0);
      expect(await queued(b.parcel.id)).toHaveLength(3);
      const jobs = await t.request('GET', '/v1/jobs', { key: operator.key });
      // Counted once per storing transaction that queued it: the rebuilds that wait, at most.
      expect(jobs.body.trackingRebuilds).toEqual({
        parcels: 3,
        oldestQueuedAt: TEST_NOW.toISOString(),
      });
      const [stats, rebuilt] = [{ ...queueStats }, { ...rebuildStats }];
      expect(await rebuildQueuedOnce(t.deps)).toBe(1);
      expect(queueStats.rows - stats.rows).toBe(3);
      expect(queueStats.readBack - stats.readBack).toBe(0);
      expect(rebuildStats.fromCache - rebuilt.fromCache).toBe(1);
      expect(rebuildStats.readBack - rebuilt.readBack).toBe(0);
      expect(await queued(b.parcel.id)).toEqual([]);
      expect((await stateOf(b.parcel.id)).event_count).toBe(3);
      expect(await timelineIds(b.parcel.id)).toEqual(events.map((e) => e.event.eventId));
      // Nothing left: a pass then rebuilds nothing.
      expect(await rebuildQueuedOnce(t.deps)).toBe(0);
      expect(
        (await t.request('GET', '/v1/jobs', { key: operator.key })).body.trackingRebuilds,
      ).toEqual({ parcels: 0, oldestQueuedAt: null });
    });

    it('queues a transaction’s parcels by share, and a pass over one share leaves the other', async () => {
      const a = await booked();
      let b = await booked();
      while (shareOf(b.parcel.id) === shareOf(a.parcel.id)) b = await booked();
      const [ea, eb] = [journey(a, 'share-a')[0]!, journey(b, 'share-b')[0]!];
      await ingestChunk(t.deps, [item(ea), item(eb)], 'batch');
      const [qa, qb] = [await queued(a.parcel.id), await queued(b.parcel.id)];
      // One batch, two rows.
      expect(qa).toEqual(qb);
      expect(
        (
          await sql<{ n: number }>`select count(*)::int as n from tracking_rebuild_queue`.execute(
            db(),
          )
        ).rows[0]!.n,
      ).toBe(2);
      expect(await rebuildQueuedOnce(t.deps, { share: shareOf(a.parcel.id) })).toBe(1);
      expect(await queued(a.parcel.id)).toEqual([]);
      expect(await queued(b.parcel.id)).toHaveLength(1);
      expect((await stateOf(a.parcel.id)).event_count).toBe(1);
      expect((await stateOf(b.parcel.id)).event_count).toBe(0);
      expect(await rebuildQueuedOnce(t.deps, { share: shareOf(b.parcel.id) })).toBe(1);
      expect((await stateOf(b.parcel.id)).event_count).toBe(1);
    });

    it('reads back from the store a parcel queued by a batch this process does not hold', async () => {
      const b = await booked();
      const events = journey(b, 'elsewhere').slice(0, 2);
      await ingestChunk(t.deps, [item(events[0]!)], 'batch');
      expect(await rebuildQueuedOnce(t.deps)).toBe(1);
      // The second event as another process (or one that stopped before its pass) left it: stored
      // and queued under a batch whose events are not in this process, whose cached copy of the
      // parcel is still at the stored version.
      await ingestChunk(t.deps, [item(events[1]!)], 'batch');
      await sql`update tracking_rebuild_queue set batch = 'another-process.1'
        where ${b.parcel.id} = any(parcel_ids)`.execute(db());
      const stats = { ...queueStats };
      expect(await rebuildQueuedOnce(t.deps)).toBe(1);
      expect(queueStats.readBack - stats.readBack).toBe(1);
      expect((await stateOf(b.parcel.id)).event_count).toBe(2);
      expect(await timelineIds(b.parcel.id)).toEqual(events.map((e) => e.event.eventId));
    });

    it('keeps a file’s queued events when a webhook rebuilds the parcel first', async () => {
      const b = await booked();
      const events = journey(b, 'mixed').slice(0, 3);
      await ingestChunk(t.deps, [item(events[0]!), item(events[2]!)], 'batch');
      await ingestChunk(t.deps, [item(events[1]!)], 'webhook');
      // The webhook's rebuild stores its own event at once; the file's come with the pass (the
      // timeline shown is read from the stored events, so it has all three already).
      expect((await stateOf(b.parcel.id)).event_count).toBe(1);
      expect(await queued(b.parcel.id)).toHaveLength(1);
      const rebuilt = { ...rebuildStats };
      expect(await rebuildQueuedOnce(t.deps)).toBe(1);
      expect(rebuildStats.fromCache - rebuilt.fromCache).toBe(1);
      expect(await timelineIds(b.parcel.id)).toEqual(events.map((e) => e.event.eventId));
      const state = await stateOf(b.parcel.id);
      expect(state.event_count).toBe(3);
      const core = coreTimeline(b, events);
      expect([state.status, state.sub_status]).toEqual([core.status.status, core.status.subStatus]);
    });

    it('drains once a window while files are imported, and soon after the last one ends', async () => {
      const windowed = new QueuedRebuilder({ ...t.deps, trackingRebuildDelayMs: 1_000 });
      const b = await booked();
      const [e0, e1, e2] = journey(b, 'window');
      const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
      const drained = async (within: number) => {
        for (const end = Date.now() + within; Date.now() < end; await sleep(20))
          if ((await queued(b.parcel.id)).length === 0) return true;
        return false;
      };
      const stats = { ...queueStats };
      try {
        windowed.importStarted();
        await ingestChunk(t.deps, [item(e0!)], 'batch');
        windowed.kick();
        await sleep(50);
        await ingestChunk(t.deps, [item(e1!)], 'batch');
        windowed.kick();
        // The window is not over: both files' rows wait, and are rebuilt together.
        expect(await queued(b.parcel.id)).toHaveLength(2);
        expect(await drained(5_000)).toBe(true);
        expect(queueStats.parcels - stats.parcels).toBe(1);
        expect(queueStats.rows - stats.rows).toBe(2);
        expect((await stateOf(b.parcel.id)).event_count).toBe(2);
        // The last import ends: what it queued is rebuilt well within a window.
        await ingestChunk(t.deps, [item(e2!)], 'batch');
        windowed.kick();
        windowed.importEnded();
        expect(await drained(900)).toBe(true);
        expect((await stateOf(b.parcel.id)).event_count).toBe(3);
      } finally {
        await windowed.stop();
      }
    });

    it('leaves the queue as it was when the rebuilding transaction fails', async () => {
      const b = await booked();
      const [first] = journey(b, 'fails');
      await ingestChunk(t.deps, [item(first!)], 'batch');
      // A rebuild that cannot store: the tracking row's version column refuses a write.
      await sql`alter table tracking_state add constraint no_writes check (version < 0) not valid`.execute(
        db(),
      );
      try {
        await expect(rebuildQueuedOnce(t.deps)).rejects.toThrow();
      } finally {
        await sql`alter table tracking_state drop constraint no_writes`.execute(db());
      }
      expect(await queued(b.parcel.id)).toHaveLength(1);
      expect(await rebuildQueuedOnce(t.deps)).toBe(1);
      expect(await timelineIds(b.parcel.id)).toEqual([first!.event.eventId]);
    });
  });

  it('serialises concurrent deliveries of overlapping events for one parcel', async () => {
    const b = await booked();
    const events = journey(b, 'conc');
    // Every event delivered by three concurrent requests at once.
    await Promise.all(
      [0, 1, 2].flatMap(() =>
        events.map((e) => ingestEvents(t.deps, e.partnerId, [e.event], 'webhook')),
      ),
    );
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from tracking_events where parcel_id = ${b.parcel.id}`.execute(db());
    expect(Number(rows[0]!.n)).toBe(events.length);
    const state = await stateOf(b.parcel.id);
    expect(state.event_count).toBe(events.length);
    expect(state.status).toBe('delivered');
  });
});

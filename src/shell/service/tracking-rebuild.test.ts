// The service's ETA (cached, shifted sums of the remaining legs) against the core's
// etaForTimeline computing it afresh, on journeys along chains the planner chooses.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderFromJson, planOrder } from '../../core/planning/index.ts';
import {
  buildTimeline,
  etaForTimeline,
  normalizeEvent,
  type SampledDist,
} from '../../core/tracking/index.ts';
import { demoPlanning, orderBody } from '../http/test-app.ts';
import type { AppDeps } from '../http/context.ts';
import type { Store } from '../db/store.ts';
import { storeCases } from '../db/test-stores.ts';
import { type StoredLeg, type TrackingContext, trackingContext } from './tracking-context.ts';
import { etaOf, resolveExceptions } from './tracking-rebuild.ts';
import { journeyEvents } from './tracking-testing.ts';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-10T00:00:00Z');

describe('the service ETA', () => {
  let planning: AppDeps['planning'];
  let ctx: TrackingContext;
  const chains: StoredLeg[][] = [];

  beforeAll(async () => {
    planning = await demoPlanning();
    ctx = await trackingContext(planning.network);
    for (const country of ['DE', 'GB', 'US', 'FR', 'JP']) {
      const body = orderBody(`ETA-${country}`, {
        buyer: { country, ...(country === 'GB' ? { postcode: 'SW1A 1AA' } : {}) },
      });
      const r = orderFromJson(body, 1, planning.network, {
        tier: 'standard',
        orderedAtMs: START,
        incoterm: 'DDP',
      });
      if (!r.ok) continue;
      const plan = planOrder(r.order, {
        index: planning.index,
        policy: planning.policy,
        stock: planning.stock,
      }).plan;
      if (!plan) continue;
      chains.push(
        plan.legs.map((l, seq) => ({
          id: `leg-${seq}`,
          shipmentId: 'shp',
          seq,
          partnerId: l.partnerId,
          serviceId: l.serviceId,
          fromPlace: l.from,
          toPlace: l.to,
          status: 'booked',
        })),
      );
    }
  }, 60_000);

  it('equals the core’s estimate from the same distributions, to the millisecond', () => {
    expect(chains.length).toBeGreaterThanOrEqual(3);
    let compared = 0;
    for (const legs of chains) {
      const events = journeyEvents(ctx, legs, (l) => `REF-${l.seq}`, {
        startMs: START,
        stepMs: 5 * HOUR,
        eventIdPrefix: 'e',
      }).map((e) => {
        const n = normalizeEvent(e.partnerId, e.event, ctx.mappings);
        if (n.kind !== 'event') throw new Error('unmapped');
        return n.event;
      });
      const timelineLegs = legs.map((l) => ctx.shipmentLeg(l));
      for (let n = 0; n < events.length; n++) {
        const timeline = buildTimeline(timelineLegs, events.slice(0, n));
        const last = timeline.lastEventMs ?? START;
        // As of the last event, a while later, and much later (past every sample of the leg).
        for (const nowMs of [last, last + 7 * HOUR, last + 30 * 24 * HOUR]) {
          for (const promiseMs of [START + 8 * 24 * HOUR, null]) {
            const ours = etaOf(ctx, legs, timeline, nowMs, promiseMs);
            // The core given the current leg and, after it, the later legs' sum (the service
            // adds the later legs once per chain, not one by one: sums of resampled
            // distributions agree within the resampling's 5 % slices, not exactly).
            const current = timeline.currentLegSeq;
            const index = current === null ? -1 : legs.findIndex((l) => l.seq === current);
            const durations = new Map<number, SampledDist>();
            if (index >= 0) durations.set(current!, ctx.legDuration(legs[index]!));
            const rest = ctx.remainingAfter(legs, index);
            if (rest) durations.set(index >= 0 ? current! + 0.5 : -1, rest);
            const core = etaForTimeline(
              timeline,
              durations,
              nowMs,
              promiseMs ?? Number.MAX_SAFE_INTEGER,
            );
            expect(ours.kind).toBe(core.kind);
            if (ours.kind === 'estimate' && core.kind === 'estimate') {
              expect(Math.abs(ours.p10Ms - core.p10Ms)).toBeLessThan(1);
              expect(Math.abs(ours.p50Ms - core.p50Ms)).toBeLessThan(1);
              expect(Math.abs(ours.p90Ms - core.p90Ms)).toBeLessThan(1);
              expect(ours.onTimeProbability).toBe(core.onTimeProbability);
              compared++;
            } else expect(ours).toEqual(core);
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});

describe.each(storeCases())('resolving exceptions on $name', ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("probes each parcel and key, never the open ones' index, and keeps a resolution time", async () => {
    await store.db.connection().execute(async (c) => {
      // The table's shape without its foreign keys, so it can be filled without parcels.
      await sql`create schema probe`.execute(c);
      await sql`create table probe.tracking_exceptions
        (like public.tracking_exceptions including all)`.execute(c);
      await sql`set search_path to probe, public`.execute(c);
      // 40,000 exceptions of 4,000 parcels, one in a hundred still open.
      await sql`
        insert into tracking_exceptions (id, parcel_id, shipment_id, tenant_id, key, kind,
          suggested_action, notify_seller, detail, since, raised_at, resolved_at)
        select 'exc_' || lpad(g::text, 6, '0'), 'prc_' || (g % 4000), 'shp_' || (g % 4000), 'ten_a',
          'no-scan:' || g, 'no-scan', 'contact-partner', false, '', now(), now(),
          case when g % 100 = 0 then null else now() end
        from generate_series(1, 40000) g`.execute(c);
      await sql`analyze tracking_exceptions`.execute(c);
      const { rows: partial } = await sql<{ indexname: string }>`
        select indexname from pg_indexes where schemaname = 'probe' and indexdef like '%WHERE%'`.execute(
        c,
      );
      expect(partial).toHaveLength(1);
      const at = '2026-11-20T10:00:00.000Z';
      const pairs = [
        ['prc_100', 'no-scan:100'],
        ['prc_200', 'no-scan:200'],
        ['prc_9', 'no-scan:9'], // resolved already: keeps its time
        ['prc_300', 'no-scan:4300'],
      ];
      const parcels = pairs.map(([parcel]) => parcel!);
      const keys = pairs.map(([, key]) => key!);
      // As the service runs it: prepared once, then planned for any arrays (a generic plan).
      const text = resolveExceptions(at, parcels, keys).compile(store.db).sql;
      await sql`set plan_cache_mode = force_generic_plan`.execute(c);
      await sql
        .raw(
          `prepare resolve_probe(timestamptz, text[], text[]) as with resolved as (${text}) select 1`,
        )
        .execute(c);
      const args = sql`(${sql.lit(at)}, ${sql.lit(`{${parcels.join(',')}}`)}, ${sql.lit(`{${keys.join(',')}}`)})`;
      const plan = async () =>
        (await sql<{ 'QUERY PLAN': string }>`explain execute resolve_probe${args}`.execute(c)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      const probing = await plan();
      expect(probing, probing).toMatch(
        /Index Cond: \(\(parcel_id = r\.parcel_id\) AND \(key = r\.key\)\)/,
      );
      // The planner's next choice must not be the open exceptions' partial index: with statistics
      // that count few open ones (a store analyzed in a quiet hour) it would come first, and read
      // every open exception of every parcel.
      await sql`set enable_nestloop = off`.execute(c);
      const otherwise = await plan();
      expect(otherwise, otherwise).not.toContain(partial[0]!.indexname);
      await sql`reset enable_nestloop`.execute(c);
      const before = await sql<{ resolved_at: Date }>`
        select resolved_at from tracking_exceptions where key = 'no-scan:9'`.execute(c);
      await sql`execute resolve_probe${args}`.execute(c);
      const { rows } = await sql<{ key: string; resolved_at: Date | null }>`
        select key, resolved_at from tracking_exceptions
        where key in ('no-scan:100', 'no-scan:200', 'no-scan:9', 'no-scan:300', 'no-scan:4300')
        order by key`.execute(c);
      expect(rows.map((r) => [r.key, r.resolved_at?.toISOString() ?? null])).toEqual([
        ['no-scan:100', at],
        ['no-scan:200', at],
        ['no-scan:300', null], // the same parcel's other key: untouched
        ['no-scan:4300', at],
        ['no-scan:9', before.rows[0]!.resolved_at.toISOString()],
      ]);
    });
  });
});

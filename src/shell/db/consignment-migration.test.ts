// Migration 0009 on a store that already tracks parcels: the shipment's id and its legs'
// references become consignment-level identifiers, and the events matched through them say so.
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/index.ts';
import { migrateToLatest, openStore } from './store.ts';

describe('migration 0009_consignment_identifiers', () => {
  it('marks the shipment id and leg references as the consignment’s, and their events', async () => {
    const store = await openStore({ migrate: false });
    try {
      const db = store.db;
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
      });
      expect((await migrator.migrateTo('0008_leg_observations')).error).toBeUndefined();
      await sql`insert into tenants (id, name, kind) values ('ten_1', 's', 'seller')`.execute(db);
      await sql`
        insert into orders (id, tenant_id, external_id, status, tier, request, plan)
        values ('ord_1', 'ten_1', 'X', 'booked', 'standard', '{}', '{}')`.execute(db);
      await sql`
        insert into shipments (id, tenant_id, order_id, status, cost_amount, cost_currency)
        values ('shp_1', 'ten_1', 'ord_1', 'booked', 1, 'CNY')`.execute(db);
      await sql`
        insert into parcels (id, shipment_id, tenant_id, seq, weight_g, tracking_number, s10)
        values ('prc_1', 'shp_1', 'ten_1', 0, 100, 'SL1', 'RR000000001CN'),
               ('prc_2', 'shp_1', 'ten_1', 1, 100, 'SL2', null)`.execute(db);
      await sql`
        insert into parcel_identifiers (identifier, parcel_id, kind, partner_id) values
          ('PRC_1', 'prc_1', 'silkline', null), ('SL1', 'prc_1', 'silkline', null),
          ('RR000000001CN', 'prc_1', 's10', null), ('SHP_1', 'prc_1', 'silkline', null),
          ('LINE-77', 'prc_1', 'line', 'air'), ('PRC_2', 'prc_2', 'silkline', null),
          ('SL2', 'prc_2', 'silkline', null)`.execute(db);
      const event = (id: string, key: string, parcel: string | null) =>
        sql`
          insert into tracking_events (partner_id, event_id, source, tracking_number, tracking_key,
            parcel_id, code, status, occurred_at, occurred_offset_min, occurred_at_text,
            description, raw)
          values ('air', ${id}, 'webhook', ${key}, ${key}, ${parcel}, 'DEP', 'departed',
            '2026-11-20T02:00:00Z', 480, '2026-11-20T10:00:00+08:00', '', '{}')`.execute(db);
      await event('e1', 'LINE-77', 'prc_1');
      await event('e2', 'SL2', 'prc_2');
      await event('e3', 'NOT-YET-KNOWN', null);
      await migrateToLatest(db);
      const ids = await db
        .selectFrom('parcel_identifiers')
        .select(['identifier', 'shipment_id'])
        .orderBy('identifier')
        .execute();
      expect(Object.fromEntries(ids.map((i) => [i.identifier, i.shipment_id]))).toEqual({
        'LINE-77': 'shp_1',
        PRC_1: null,
        PRC_2: null,
        RR000000001CN: null,
        SHP_1: 'shp_1',
        SL1: null,
        SL2: null,
      });
      const events = await db
        .selectFrom('tracking_events')
        .select(['event_id', 'shipment_id'])
        .orderBy('event_id')
        .execute();
      expect(events.map((e) => [e.event_id, e.shipment_id])).toEqual([
        ['e1', 'shp_1'],
        ['e2', null],
        ['e3', null],
      ]);
    } finally {
      await store.close();
    }
  });
});

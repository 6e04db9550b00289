// Migration 0005 on a store that already holds shipments: open legs get the departure their
// order's plan took; cancelled legs and legs of another service at that place stay without.
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/index.ts';
import { migrateToLatest, openStore } from './store.ts';

describe('migration 0005_parcels', () => {
  it('fills legs.departs_at from the stored plan, and starts S10 serials at 1', async () => {
    const store = await openStore({ migrate: false });
    try {
      const db = store.db;
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
      });
      const to4 = await migrator.migrateTo('0004_seller_profiles');
      expect(to4.error).toBeUndefined();
      const plan = {
        plan: {
          legs: [
            { serviceId: 'pickup-a', departure: null },
            { serviceId: 'air-b', departure: { departs: '2026-11-27T22:00:00.000Z' } },
            { serviceId: 'air-c', departure: { departs: '2026-11-28T22:00:00.000Z' } },
          ],
        },
      };
      await sql`insert into tenants (id, name, kind) values ('ten_1', 's', 'seller')`.execute(db);
      await sql`
        insert into orders (id, tenant_id, external_id, status, tier, request, plan)
        values ('ord_1', 'ten_1', 'X', 'booked', 'standard', '{}', ${JSON.stringify(plan)}::jsonb)`.execute(
        db,
      );
      await sql`
        insert into shipments (id, tenant_id, order_id, status, cost_amount, cost_currency)
        values ('shp_1', 'ten_1', 'ord_1', 'booked', 1, 'CNY')`.execute(db);
      const leg = (seq: number, service: string, status: string) =>
        sql`
        insert into legs (id, shipment_id, tenant_id, seq, activity, partner_id, service_id, from_place, to_place, status, cost_amount, cost_currency)
        values (${`leg_${seq}`}, 'shp_1', 'ten_1', ${seq}, 'x', 'p', ${service}, 'a', 'b', ${status}, 1, 'CNY')`.execute(
          db,
        );
      await leg(0, 'pickup-a', 'booked');
      await leg(1, 'air-b', 'booked');
      // A leg whose service is not the plan's at its place (the plan changed): left alone.
      await leg(2, 'air-x', 'booked');
      await migrateToLatest(db);
      const legs = await db
        .selectFrom('legs')
        .select(['id', 'departs_at'])
        .orderBy('seq')
        .execute();
      expect(
        legs.map((l) => [l.id, l.departs_at ? new Date(l.departs_at).toISOString() : null]),
      ).toEqual([
        ['leg_0', null],
        ['leg_1', '2026-11-27T22:00:00.000Z'],
        ['leg_2', null],
      ]);
      const { rows } = await sql<{ n: string }>`select nextval('parcel_s10_serial') as n`.execute(
        db,
      );
      expect(Number(rows[0]!.n)).toBe(1);
    } finally {
      await store.close();
    }
  }, 120_000);
});

// A parcel's identifiers: registered when its parcel rows are made and when a leg gets its
// partner's reference, in the same transaction; each registration also matches the events that
// arrived for those numbers before them and rebuilds the parcels they joined.
import { sql, type Transaction } from 'kysely';
import { normalizeIdentifier } from '../../core/tracking/index.ts';
import type { DB, ParcelIdentifiersTable } from '../db/schema.ts';
import { trackingContext } from './tracking-context.ts';
import { lockIdentifierBuckets, rememberIdentifiers } from './tracking-ingest.ts';
import { rememberShipmentParcels } from './tracking-shipments.ts';
import type { StoredLeg } from './tracking-context.ts';
import {
  type LegRow,
  primeParcels,
  rebuildParcels,
  storedLegOf,
  type TrackingDeps,
} from './tracking-rebuild.ts';

export type IdentifierKind = ParcelIdentifiersTable['kind'];

interface IdentifierRow {
  readonly identifier: string;
  readonly parcelId: string;
  readonly kind: IdentifierKind;
  readonly partnerId: string | null;
  /** Set for a consignment-level identifier: its events belong to every parcel of the shipment. */
  readonly shipmentId: string | null;
}

/** Whose number a leg's partner reference is, by what the leg's service does. */
function kindOfLegRef(activities: readonly string[] | undefined): IdentifierKind {
  if (activities?.includes('last-mile')) return 'last-mile';
  if (activities?.includes('international-linehaul')) return 'line';
  return 'other';
}

/**
 * Registers every identifier of these shipments' parcels and matches waiting events:
 *  - each parcel's id, its tracking number and its S10 (postal items);
 *  - the shipment's id and each leg's partner reference (line, last mile, others), which name the
 *    consignment rather than one parcel: they find the shipment's first parcel, and an event
 *    reported under one of them joins the timeline of every parcel of the shipment. Partners
 *    that track a multi-parcel shipment parcel by parcel send each parcel's own number.
 * An identifier already held by another parcel stays with it (the first registration wins; the
 * core's IdentifierIndex refuses such a merge the same way). Idempotent: call it again after any
 * change; a tracking_state row (with the order's promised delivery) is made for each parcel.
 */
export async function registerShipmentIdentifiers(
  deps: TrackingDeps,
  trx: Transaction<DB>,
  shipmentIds: readonly string[],
  options: {
    /** Only legs' references changed (a leg was booked): the parcels' rows are there already. */
    readonly legsOnly?: boolean;
    /**
     * Registers work to do once the caller's transaction has committed: this process then knows
     * the identifiers stored, and their parcels' first events need no lookup.
     */
    readonly afterCommit?: (fn: () => void) => void;
  } = {},
): Promise<void> {
  if (shipmentIds.length === 0) return;
  const ctx = await trackingContext(deps.planning.network);
  const parcels = (
    await sql<{
      id: string;
      shipment_id: string;
      tenant_id: string;
      tracking_number: string;
      s10: string | null;
    }>`
      select id, shipment_id, tenant_id, tracking_number, s10 from parcels
      where shipment_id = any(${shipmentIds}::text[]) order by shipment_id, seq`.execute(trx)
  ).rows;
  if (parcels.length === 0) return;
  const legs = (
    await sql<LegRow & { partner_ref: string | null }>`
      select id, shipment_id, seq, partner_id, service_id, from_place, to_place, status, partner_ref
      from legs where shipment_id = any(${shipmentIds}::text[]) and status <> 'cancelled'
      order by shipment_id, seq`.execute(trx)
  ).rows;

  const rows = new Map<string, IdentifierRow>();
  const add = (
    value: string,
    parcelId: string,
    kind: IdentifierKind,
    partnerId: string | null,
    shipmentId: string | null = null,
  ) => {
    const identifier = normalizeIdentifier(value);
    if (identifier !== '' && !rows.has(identifier))
      rows.set(identifier, { identifier, parcelId, kind, partnerId, shipmentId });
  };
  const lead = new Map<string, string>();
  for (const p of parcels) {
    if (!lead.has(p.shipment_id)) lead.set(p.shipment_id, p.id);
    add(p.id, p.id, 'silkline', null);
    if (p.s10) add(p.s10, p.id, 's10', null);
    add(p.tracking_number, p.id, p.tracking_number === p.s10 ? 's10' : 'silkline', null);
  }
  for (const [shipmentId, parcelId] of lead)
    add(shipmentId, parcelId, 'silkline', null, shipmentId);
  for (const l of legs) {
    const parcelId = lead.get(l.shipment_id);
    if (!parcelId || l.partner_ref === null) continue;
    const service = ctx.network.services.get(l.service_id);
    add(l.partner_ref, parcelId, kindOfLegRef(service?.activities), l.partner_id, l.shipment_id);
  }
  const list = [...rows.values()].sort((a, b) => (a.identifier < b.identifier ? -1 : 1));
  const keys = list.map((r) => r.identifier);
  const now = deps.clock.now().toISOString();

  await lockIdentifierBuckets(trx, keys);
  const { rows: stored } = await sql<{ identifier: string }>`
    insert into parcel_identifiers (identifier, parcel_id, kind, partner_id, shipment_id, created_at)
    select i, p, k, pa, sh, ${now}::timestamptz from unnest(
      ${keys}::text[], ${list.map((r) => r.parcelId)}::text[], ${list.map((r) => r.kind)}::text[],
      ${list.map((r) => r.partnerId)}::text[], ${list.map((r) => r.shipmentId)}::text[])
      as u(i, p, k, pa, sh)
    on conflict (identifier) do nothing
    returning identifier`.execute(trx);
  // Only those stored now: one held by another parcel stays its (and is looked up when sent).
  if (options.afterCommit && stored.length > 0) {
    const known = stored.map((r) => rows.get(r.identifier)!);
    options.afterCommit(() => rememberIdentifiers(deps, known));
  }
  const parcelsByShipment = new Map<string, string[]>(shipmentIds.map((id) => [id, []]));
  for (const p of parcels) parcelsByShipment.get(p.shipment_id)?.push(p.id);
  rememberShipmentParcels(deps, parcelsByShipment);

  if (!options.legsOnly) {
    const made = await createTrackingStates(trx, shipmentIds, parcels, now);
    const legsOf = new Map<string, StoredLeg[]>();
    for (const l of legs) {
      const list = legsOf.get(l.shipment_id) ?? [];
      list.push(storedLegOf(l));
      legsOf.set(l.shipment_id, list);
    }
    primeParcels(
      deps,
      parcels
        .filter((p) => made.has(p.id))
        .map((p) => ({
          parcelId: p.id,
          shipmentId: p.shipment_id,
          tenantId: p.tenant_id,
          trackingNumber: p.tracking_number,
          promiseMs: made.get(p.id)!,
          legs: legsOf.get(p.shipment_id) ?? [],
        })),
    );
  }

  // Events that came before their numbers were known join their parcel now.
  const { rows: matched } = await sql<{
    parcel_id: string;
    shipment_id: string | null;
    status: string | null;
  }>`
    update tracking_events e set parcel_id = i.parcel_id, shipment_id = i.shipment_id
    from parcel_identifiers i
    where e.parcel_id is null and e.tracking_key = i.identifier
      and i.identifier = any(${keys}::text[])
    returning e.parcel_id, e.shipment_id, e.status`.execute(trx);
  const touched = new Set<string>();
  for (const m of matched) {
    if (m.status === null) continue;
    touched.add(m.parcel_id);
    if (m.shipment_id !== null)
      for (const p of parcels) if (p.shipment_id === m.shipment_id) touched.add(p.id);
  }
  await rebuildParcels(deps, ctx, trx, [...touched]);
}

/**
 * A tracking_state row per parcel, with the order's promised delivery (its plan's deadline).
 * Returns the rows made, with their promise (epoch ms or null).
 */
async function createTrackingStates(
  trx: Transaction<DB>,
  shipmentIds: readonly string[],
  parcels: readonly { id: string; shipment_id: string; tenant_id: string }[],
  now: string,
): Promise<Map<string, number | null>> {
  const promises = (
    await sql<{ id: string; deadline: string | null }>`
      select s.id, o.plan -> 'plan' ->> 'deadline' as deadline
      from shipments s join orders o on o.id = s.order_id
      where s.id = any(${shipmentIds}::text[])`.execute(trx)
  ).rows;
  const deadline = new Map(promises.map((p) => [p.id, p.deadline]));
  const promiseOf = (shipmentId: string): string | null => {
    const ms = Date.parse(deadline.get(shipmentId) ?? '');
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  };
  const { rows } = await sql<{ parcel_id: string; promise_ms: string | number | null }>`
    insert into tracking_state (parcel_id, shipment_id, tenant_id, promise_at, updated_at)
    select p, s, t, pr, ${now}::timestamptz from unnest(
      ${parcels.map((p) => p.id)}::text[], ${parcels.map((p) => p.shipment_id)}::text[],
      ${parcels.map((p) => p.tenant_id)}::text[],
      ${parcels.map((p) => promiseOf(p.shipment_id))}::timestamptz[]) as u(p, s, t, pr)
    order by p
    on conflict (parcel_id) do nothing
    returning parcel_id, extract(epoch from promise_at) * 1000 as promise_ms`.execute(trx);
  return new Map(
    rows.map((r) => [r.parcel_id, r.promise_ms === null ? null : Number(r.promise_ms)]),
  );
}

/** The parcel an identifier (in any form a person or partner types it) finds, if any. */
export async function parcelOfIdentifier(
  db: Transaction<DB> | TrackingDeps['store']['db'],
  identifier: string,
): Promise<string | undefined> {
  const key = normalizeIdentifier(identifier);
  if (key === '') return undefined;
  const row = await db
    .selectFrom('parcel_identifiers')
    .select('parcel_id')
    .where('identifier', '=', key)
    .executeTakeFirst();
  return row?.parcel_id;
}

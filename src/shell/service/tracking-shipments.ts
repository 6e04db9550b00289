// The parcels of each shipment, as tracking needs them: an event reported under a consignment's
// identifier goes to every parcel of its shipment, and a parcel's timeline reads the consignment's
// events, which are stored under the shipment's first parcel (tracking-identifiers.ts).
import { sql, type Transaction } from 'kysely';
import { prepared } from '../db/prepared.ts';
import type { DB } from '../db/schema.ts';
import type { TrackingDeps } from './tracking-rebuild.ts';

/**
 * The parcels of shipments, per store: a consignment-level event goes to each of them. Set again
 * whenever a shipment's identifiers are registered (with its parcels as they are then).
 */
const MAX_CACHED_SHIPMENTS = 200_000;
const shipmentParcelCaches = new WeakMap<object, Map<string, readonly string[]>>();

function shipmentParcelCache(deps: TrackingDeps): Map<string, readonly string[]> {
  let cache = shipmentParcelCaches.get(deps.store);
  if (!cache) shipmentParcelCaches.set(deps.store, (cache = new Map()));
  return cache;
}

export function rememberShipmentParcels(
  deps: TrackingDeps,
  parcelsByShipment: ReadonlyMap<string, readonly string[]>,
): void {
  const cache = shipmentParcelCache(deps);
  if (cache.size + parcelsByShipment.size > MAX_CACHED_SHIPMENTS) cache.clear();
  for (const [id, parcels] of parcelsByShipment) cache.set(id, parcels);
}

/** The parcels of each shipment, in their order (the first holds the consignment's events). */
export async function parcelsOfShipments(
  deps: TrackingDeps,
  trx: Transaction<DB> | TrackingDeps['store']['db'],
  shipmentIds: Iterable<string>,
): Promise<ReadonlyMap<string, readonly string[]>> {
  const cache = shipmentParcelCache(deps);
  const out = new Map<string, readonly string[]>();
  const ask: string[] = [];
  for (const id of shipmentIds) {
    const known = cache.get(id);
    if (known) out.set(id, known);
    else ask.push(id);
  }
  if (ask.length > 0) {
    const { rows } = await prepared(sql<{ id: string; shipment_id: string }>`
      select id, shipment_id from parcels where shipment_id = any(${ask}::text[])
      order by shipment_id, seq`).execute(trx);
    const found = new Map<string, string[]>();
    for (const r of rows) {
      const list = found.get(r.shipment_id) ?? [];
      list.push(r.id);
      found.set(r.shipment_id, list);
    }
    if (cache.size + ask.length > MAX_CACHED_SHIPMENTS) cache.clear();
    for (const id of ask) {
      const parcels = found.get(id) ?? [];
      cache.set(id, parcels);
      out.set(id, parcels);
    }
  }
  return out;
}

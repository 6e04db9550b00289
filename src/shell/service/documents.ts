import type { Kysely } from 'kysely';
import { buildManifest, type Manifest, type ShipmentFacts } from '../../core/documents/index.ts';
import type { Network } from '../../core/network/index.ts';
import type { Clock, IdSource } from '../../core/shared/index.ts';
import type { DB } from '../db/schema.ts';
import { ACTIVE_LEG_STATUSES, ensureParcels, loadShipment } from './parcels.ts';
import { getSellerProfile } from './seller-profile.ts';

/** What the documents need from the running service (AppDeps has it all; the CLI builds its own). */
export interface DocumentDeps {
  readonly db: Kysely<DB>;
  readonly network: Network;
  readonly ids: IdSource;
  readonly clock: Clock;
}

export type FactsOutcome =
  | { readonly ok: true; readonly facts: ShipmentFacts }
  | { readonly ok: false; readonly status: 404 | 409; readonly message: string };

/**
 * A shipment's facts for its documents, scoped to a tenant (null: any), with its parcels (made
 * now, once, for a shipment from before parcels were stored) and its seller's profile.
 */
export async function shipmentFacts(
  deps: DocumentDeps,
  shipmentId: string,
  tenantScope: string | null,
): Promise<FactsOutcome> {
  const shipment = await loadShipment(deps.db, deps.network, shipmentId, tenantScope);
  if (!shipment) return { ok: false, status: 404, message: 'no shipment with that id' };
  if (!shipment.active)
    return {
      ok: false,
      status: 409,
      message: `shipment ${shipment.id} is ${shipment.status}: every leg was cancelled or refused, so its papers would be void; the order's current shipment has its own`,
    };
  const parcels = await ensureParcels(deps, deps.db, shipment);
  const seller = await getSellerProfile(deps.db, shipment.tenantId);
  return {
    ok: true,
    facts: {
      shipmentId: shipment.id,
      orderId: shipment.orderId,
      orderRef: shipment.orderRef,
      order: shipment.order,
      legs: shipment.legs,
      parcels,
      seller: seller?.profile ?? null,
      issuedAtMs: shipment.createdAt.getTime(),
      timezone: deps.network.timezone,
    },
  };
}

export type ManifestOutcome =
  | { readonly ok: true; readonly manifest: Manifest }
  | { readonly ok: false; readonly message: string };

/** The manifest of a service's departure: every active leg booked on it, with its shipment's parcels. */
export async function departureManifest(
  deps: DocumentDeps,
  serviceId: string,
  departsAtMs: number,
): Promise<ManifestOutcome> {
  const service = deps.network.services.get(serviceId);
  if (!service) return { ok: false, message: `no service "${serviceId}" in the network` };
  const departs = new Date(departsAtMs);
  const legs = await deps.db
    .selectFrom('legs')
    .select('shipment_id')
    .distinct()
    .where('service_id', '=', serviceId)
    .where('departs_at', '=', departs)
    .where('status', 'in', [...ACTIVE_LEG_STATUSES])
    .execute();
  if (legs.length === 0) {
    const known = await deps.db
      .selectFrom('legs')
      .select('departs_at')
      .distinct()
      .where('service_id', '=', serviceId)
      .where('status', 'in', [...ACTIVE_LEG_STATUSES])
      .where('departs_at', 'is not', null)
      .orderBy('departs_at', 'desc')
      .limit(8)
      .execute();
    const list = known
      .map((k) => new Date(k.departs_at!).toISOString())
      .sort()
      .join(', ');
    return {
      ok: false,
      message: `no parcels are booked on ${serviceId} departing ${departs.toISOString()}${list ? `; departures with parcels: ${list}` : '; it has no booked departures'}`,
    };
  }
  const shipments: ShipmentFacts[] = [];
  for (const { shipment_id } of legs) {
    const got = await shipmentFacts(deps, shipment_id, null);
    if (got.ok) shipments.push(got.facts);
  }
  const partner = deps.network.partners.get(service.partnerId);
  return {
    ok: true,
    manifest: buildManifest({
      service: {
        id: service.id,
        name: service.name,
        partnerId: service.partnerId,
        partnerName: partner?.name ?? service.partnerId,
        timezone: service.schedule?.timezone ?? deps.network.timezone,
      },
      departsAtMs,
      generatedAtMs: deps.clock.now().getTime(),
      shipments,
    }),
  };
}

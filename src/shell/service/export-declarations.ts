import type { Kysely, Transaction } from 'kysely';
import {
  build9610,
  type ExportDeclarationData,
  type ExportIssue,
  type ExportLegInput,
  hasExportClearance,
  resolveExportRoute,
} from '../../core/customs/index.ts';
import type { Order, PlannedLeg } from '../../core/planning/index.ts';
import type { DB } from '../db/schema.ts';
import { loadExportDeclarationReference } from '../files/cn-export-files.ts';
import type { AppDeps } from '../http/context.ts';
import { getSellerProfile } from './seller-profile.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** One declaration row per shipment: its id is the shipment's, under its own prefix. */
export function exportDeclarationId(shipmentId: string): string {
  return `exd_${shipmentId.replace(/^shp_/, '')}`;
}

/**
 * Builds and stores (or rebuilds in place) the 9610 data set of a booked shipment whose chain
 * clears export, in the caller's transaction, before the goods leave: the export list is filed
 * ahead of departure (pre-clearance). Returns the status, or null when the chain clears no export
 * (goods from overseas stock) and nothing is stored. Safe to run again: one row per shipment.
 */
export async function prepareExportDeclaration(
  deps: Pick<AppDeps, 'planning' | 'clock'>,
  trx: Executor,
  ids: { readonly orderId: string; readonly shipmentId: string },
): Promise<'complete' | 'incomplete' | null> {
  const order = await trx
    .selectFrom('orders')
    .select(['tenant_id', 'request', 'plan'])
    .where('id', '=', ids.orderId)
    .executeTakeFirstOrThrow();
  const planLegs = ((order.plan as { plan?: { legs?: PlannedLeg[] } } | null)?.plan?.legs ??
    []) as readonly PlannedLeg[];
  const legs = await trx
    .selectFrom('legs')
    .select(['seq', 'service_id', 'partner_ref', 'status'])
    .where('shipment_id', '=', ids.shipmentId)
    .orderBy('seq')
    .execute();
  // The shipment's legs are the stored plan's, seq for seq: the plan gives each its activities
  // and departure, the leg its partner's booking reference.
  const chain: (ExportLegInput & { readonly partnerRef: string | null })[] = [];
  for (const leg of legs) {
    const planned = planLegs[leg.seq];
    if (!planned || planned.serviceId !== leg.service_id) continue;
    chain.push({ ...planned, partnerRef: leg.partner_ref });
  }
  if (!hasExportClearance(chain)) return null;

  const network = deps.planning.network;
  const reference = await loadExportDeclarationReference(network);
  const seller = await getSellerProfile(trx as Kysely<DB>, order.tenant_id);
  const route = resolveExportRoute(chain, network, reference.setup)!;
  const linehaul =
    chain.find((l) => l.activities.includes('international-linehaul')) ??
    chain.find((l) => l.activities.includes('export-clearance'));
  // A post's item is known by its S10 number; other carriers by their booking reference.
  const parcel = await trx
    .selectFrom('parcels')
    .select('s10')
    .where('shipment_id', '=', ids.shipmentId)
    .where('s10', 'is not', null)
    .orderBy('seq')
    .executeTakeFirst();
  const built = build9610({
    order: order.request as unknown as Order,
    route,
    waybillNo: parcel?.s10 ?? linehaul?.partnerRef ?? null,
    seller: seller?.profile ?? null,
    codes: reference.codes,
    setup: reference.setup,
    declaredAtMs: deps.clock.now().getTime(),
    reference: ids.shipmentId,
    hs: reference.hs,
  });
  const now = deps.clock.now();
  const values = {
    mode: built.mode,
    status: built.status,
    data: JSON.stringify(built.data),
    issues: JSON.stringify(built.issues),
    updated_at: now,
  };
  await trx
    .insertInto('export_declarations')
    .values({
      id: exportDeclarationId(ids.shipmentId),
      shipment_id: ids.shipmentId,
      created_at: now,
      ...values,
    })
    .onConflict((oc) => oc.column('shipment_id').doUpdateSet(values))
    .execute();
  return built.status;
}

export interface StoredExportDeclaration {
  readonly id: string;
  readonly shipmentId: string;
  readonly orderId: string;
  readonly tenantId: string;
  readonly mode: '9610' | '9710' | '9810';
  readonly status: 'complete' | 'incomplete';
  readonly data: ExportDeclarationData;
  readonly issues: readonly ExportIssue[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

function baseQuery(db: Executor, tenantScope: string | null) {
  let q = db
    .selectFrom('export_declarations')
    .innerJoin('shipments', 'shipments.id', 'export_declarations.shipment_id')
    .select([
      'export_declarations.id',
      'export_declarations.shipment_id',
      'export_declarations.mode',
      'export_declarations.status',
      'export_declarations.data',
      'export_declarations.issues',
      'export_declarations.created_at',
      'export_declarations.updated_at',
      'shipments.order_id',
      'shipments.tenant_id',
    ]);
  if (tenantScope) q = q.where('shipments.tenant_id', '=', tenantScope);
  return q;
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function stored(row: Row): StoredExportDeclaration {
  return {
    id: row.id,
    shipmentId: row.shipment_id,
    orderId: row.order_id,
    tenantId: row.tenant_id,
    mode: row.mode,
    status: row.status,
    data: row.data as unknown as ExportDeclarationData,
    issues: row.issues as unknown as ExportIssue[],
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** A shipment's export declaration (a seller's own only, with its tenant as scope), or undefined. */
export async function getExportDeclaration(
  db: Executor,
  shipmentId: string,
  tenantScope: string | null,
): Promise<StoredExportDeclaration | undefined> {
  const row = await baseQuery(db, tenantScope)
    .where('export_declarations.shipment_id', '=', shipmentId)
    .executeTakeFirst();
  return row ? stored(row) : undefined;
}

/** Declarations newest first, optionally only complete or incomplete ones; cursor is an id. */
export async function listExportDeclarations(
  db: Executor,
  options: {
    readonly tenantScope: string | null;
    readonly status?: 'complete' | 'incomplete' | undefined;
    readonly cursor?: string | undefined;
    readonly limit: number;
  },
): Promise<{ data: StoredExportDeclaration[]; nextCursor: string | null }> {
  let q = baseQuery(db, options.tenantScope)
    .orderBy('export_declarations.id', 'desc')
    .limit(options.limit + 1);
  if (options.status) q = q.where('export_declarations.status', '=', options.status);
  if (options.cursor) q = q.where('export_declarations.id', '<', options.cursor);
  const rows = await q.execute();
  const page = rows.slice(0, options.limit).map(stored);
  return {
    data: page,
    nextCursor: rows.length > options.limit ? page[page.length - 1]!.id : null,
  };
}

import {
  type SellerProfile,
  sellerProfileFrom,
  sellerProfileSchema,
} from '../../core/customs/index.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

type Executor = Kysely<DB>;

/** The seller's stored profile, or null while it has none. */
export async function getSellerProfile(
  db: Executor,
  tenantId: string,
): Promise<{ profile: SellerProfile; body: object; updatedAt: Date } | null> {
  const row = await db
    .selectFrom('seller_profiles')
    .select(['profile', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return null;
  // Stored bodies were validated when written; parse again so an old row can never reach the core unchecked.
  const parsed = sellerProfileSchema.safeParse(row.profile);
  if (!parsed.success) return null;
  return {
    profile: sellerProfileFrom(parsed.data),
    body: parsed.data,
    updatedAt: new Date(row.updated_at),
  };
}

/** Replaces the seller's profile with a validated body. */
export async function putSellerProfile(
  db: Executor,
  tenantId: string,
  body: object,
  now: Date,
): Promise<void> {
  const json = JSON.stringify(body);
  await db
    .insertInto('seller_profiles')
    .values({ tenant_id: tenantId, profile: json, updated_at: now })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ profile: json, updated_at: now }))
    .execute();
}

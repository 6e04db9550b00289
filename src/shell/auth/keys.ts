import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export type Role = 'operator' | 'seller' | 'partner';

export interface Principal {
  readonly keyId: string;
  readonly tenantId: string;
  readonly role: Role;
  /** For partner keys: the network partner whose legs they see. */
  readonly partnerId: string | null;
}

/** Keys are stored only as SHA-256 hashes: 32 random bytes make a key that cannot be guessed from its hash. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function newKeySecret(role: Role): string {
  return `sl_${role.slice(0, 2)}_${randomBytes(32).toString('base64url')}`;
}

export async function createKey(
  db: Kysely<DB>,
  ids: { next(prefix: 'key' | 'ten'): string },
  input: { tenant: string; role: Role; partnerId?: string | undefined },
): Promise<{ key: string; keyId: string; tenantId: string }> {
  const secret = newKeySecret(input.role);
  return db.transaction().execute(async (trx) => {
    const kind =
      input.role === 'operator' ? 'integrator' : input.role === 'partner' ? 'partner' : 'seller';
    let tenant = await trx
      .selectFrom('tenants')
      .select(['id', 'kind'])
      .where('name', '=', input.tenant)
      .executeTakeFirst();
    if (!tenant) {
      tenant = { id: ids.next('ten'), kind };
      await trx.insertInto('tenants').values({ id: tenant.id, name: input.tenant, kind }).execute();
    } else if (tenant.kind !== kind) {
      throw new Error(
        `tenant "${input.tenant}" is a ${tenant.kind}; a ${input.role} key belongs to a ${kind} tenant`,
      );
    }
    const keyId = ids.next('key');
    await trx
      .insertInto('api_keys')
      .values({
        id: keyId,
        tenant_id: tenant.id,
        role: input.role,
        partner_id: input.role === 'partner' ? (input.partnerId ?? null) : null,
        key_hash: hashKey(secret),
        prefix: secret.slice(0, 10),
      })
      .execute();
    return { key: secret, keyId, tenantId: tenant.id };
  });
}

export async function principalForKey(db: Kysely<DB>, key: string): Promise<Principal | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'tenant_id', 'role', 'partner_id'])
    .where('key_hash', '=', hashKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row
    ? { keyId: row.id, tenantId: row.tenant_id, role: row.role, partnerId: row.partner_id }
    : undefined;
}

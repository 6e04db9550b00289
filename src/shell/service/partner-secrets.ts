// The secrets partners sign their webhooks with (POST /v1/partner/events). Operators create and
// rotate them (API and CLI); each is shown once. After a rotation the superseded secret is still
// accepted for SECRET_GRACE_MS, so a partner can switch without losing events.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { IdSource } from '../../core/shared/index.ts';
import type { DB } from '../db/schema.ts';
import { verify, type VerifyResult } from '../webhooks/signature.ts';

/** How long a superseded secret still verifies: a day, time to deploy the new one everywhere. */
export const SECRET_GRACE_MS = 24 * 3_600_000;
/** Signatures older (or further in the future) than this are refused: replay protection. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function newPartnerSecret(): string {
  return `pwsec_${randomBytes(32).toString('base64url')}`;
}

export type IssueResult =
  | {
      readonly ok: true;
      readonly partnerId: string;
      readonly secret: string;
      readonly createdAt: string;
      /** Until when the previous secret is still accepted (null: there was none). */
      readonly previousValidUntil: string | null;
    }
  | { readonly ok: false; readonly reason: 'exists' };

/**
 * Creates the partner's first secret, or with `rotate` replaces the current one (which stays valid
 * for the grace period). Without `rotate`, a partner that has a secret keeps it: reason "exists".
 */
export async function issuePartnerSecret(
  deps: { readonly db: Kysely<DB>; readonly ids: IdSource; readonly now: Date },
  partnerId: string,
  options: { readonly rotate: boolean },
): Promise<IssueResult> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('partner_secrets')
      .select('id')
      .where('partner_id', '=', partnerId)
      .where('superseded_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (current && !options.rotate) return { ok: false as const, reason: 'exists' as const };
    if (current) {
      await trx
        .updateTable('partner_secrets')
        .set({ superseded_at: deps.now })
        .where('id', '=', current.id)
        .execute();
    }
    const secret = newPartnerSecret();
    await trx
      .insertInto('partner_secrets')
      .values({
        id: `pws_${deps.ids.next('key').slice('key_'.length)}`,
        partner_id: partnerId,
        secret,
        created_at: deps.now,
      })
      .execute();
    return {
      ok: true as const,
      partnerId,
      secret,
      createdAt: deps.now.toISOString(),
      previousValidUntil: current
        ? new Date(deps.now.getTime() + SECRET_GRACE_MS).toISOString()
        : null,
    };
  });
  cacheOf(deps.db).delete(partnerId);
  return result;
}

/** The secrets that verify a partner's signature now: the current one and any still in grace. */
export async function acceptedSecrets(
  db: Kysely<DB>,
  partnerId: string,
  nowMs: number,
): Promise<{ secrets: string[]; validUntilMs: number }> {
  const rows = await db
    .selectFrom('partner_secrets')
    .select(['secret', 'superseded_at'])
    .where('partner_id', '=', partnerId)
    .where((eb) =>
      eb.or([
        eb('superseded_at', 'is', null),
        eb('superseded_at', '>', new Date(nowMs - SECRET_GRACE_MS)),
      ]),
    )
    .orderBy('created_at', 'desc')
    .execute();
  let validUntilMs = Number.POSITIVE_INFINITY;
  for (const r of rows)
    if (r.superseded_at)
      validUntilMs = Math.min(validUntilMs, new Date(r.superseded_at).getTime() + SECRET_GRACE_MS);
  return { secrets: rows.map((r) => r.secret), validUntilMs };
}

/**
 * Secrets read recently, per partner: a webhook burst does not read them for every request. A
 * cached list is used at most CACHE_MS and never past a grace period's end; a signature that does
 * not verify against it is checked again against the store (a rotation in another process).
 */
const CACHE_MS = 5_000;
const secretCaches = new WeakMap<Kysely<DB>, Map<string, { secrets: string[]; untilMs: number }>>();
function cacheOf(db: Kysely<DB>) {
  let cache = secretCaches.get(db);
  if (!cache) secretCaches.set(db, (cache = new Map()));
  return cache;
}

export type SignatureCheck = VerifyResult | { readonly ok: false; readonly reason: 'no-secret' };

/**
 * Verifies `Silkline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` for a
 * partner with any of its accepted secrets (constant-time comparison, signature.ts), and that t is
 * within SIGNATURE_TOLERANCE_SECONDS of now.
 */
export async function verifyPartnerSignature(
  db: Kysely<DB>,
  partnerId: string,
  header: string,
  rawBody: string,
  nowMs: number,
): Promise<SignatureCheck> {
  const check = (secrets: readonly string[]): SignatureCheck => {
    if (secrets.length === 0) return { ok: false, reason: 'no-secret' };
    let last: VerifyResult = { ok: false, reason: 'mismatch' };
    for (const secret of secrets) {
      last = verify(secret, header, rawBody, Math.floor(nowMs / 1000), SIGNATURE_TOLERANCE_SECONDS);
      // A stale or future timestamp with a valid signature is that, whichever secret signed.
      if (last.ok || last.reason !== 'mismatch') return last;
    }
    return last;
  };
  const cache = cacheOf(db);
  const cached = cache.get(partnerId);
  if (cached && cached.untilMs > nowMs) {
    const result = check(cached.secrets);
    if (result.ok || (result.reason !== 'mismatch' && result.reason !== 'no-secret')) return result;
  }
  const fresh = await acceptedSecrets(db, partnerId, nowMs);
  if (cache.size > 10_000) cache.clear();
  cache.set(partnerId, {
    secrets: fresh.secrets,
    untilMs: Math.min(nowMs + CACHE_MS, fresh.validUntilMs),
  });
  return check(fresh.secrets);
}

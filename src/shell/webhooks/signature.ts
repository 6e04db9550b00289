// Webhook signatures: HMAC-SHA256 over "<unix seconds>.<raw body>" with the endpoint's secret
// (its UTF-8 bytes, the whole `whsec_…` string). Pure functions: the caller passes the time.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The hex HMAC-SHA256 of `${timestamp}.${body}` keyed with the secret. */
export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The `Silkline-Signature` header value: `t=<unix seconds>,v1=<hex signature>`. */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${sign(secret, timestamp, body)}`;
}

export type VerifyResult =
  | { readonly ok: true; readonly timestamp: number }
  | { readonly ok: false; readonly reason: 'malformed' | 'mismatch' | 'too-old' | 'too-new' };

/**
 * Checks a `Silkline-Signature` header against the raw body as received: one of its `v1` values
 * must be the signature of `t` and the body, and `t` must lie within `toleranceSeconds` of
 * `nowSeconds` (replay protection). Receivers should also dedupe on the event id.
 */
export function verify(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds: number,
): VerifyResult {
  let timestamp: number | null = null;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (timestamp === null || candidates.length === 0) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(secret, timestamp, body), 'hex');
  const matches = candidates.some((c) => timingSafeEqual(Buffer.from(c, 'hex'), expected));
  if (!matches) return { ok: false, reason: 'mismatch' };
  if (nowSeconds - timestamp > toleranceSeconds) return { ok: false, reason: 'too-old' };
  if (timestamp - nowSeconds > toleranceSeconds) return { ok: false, reason: 'too-new' };
  return { ok: true, timestamp };
}

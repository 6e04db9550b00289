import { describe, expect, it } from 'vitest';
import { sign, signatureHeader, verify } from './signature.ts';

// The vector was computed outside this code, with OpenSSL:
//   printf '%s' '1700000000.{"id":"evt_01","type":"order.planned"}' \
//     | openssl dgst -sha256 -hmac 'whsec_test_secret'
const SECRET = 'whsec_test_secret';
const T = 1_700_000_000;
const BODY = '{"id":"evt_01","type":"order.planned"}';
const EXPECTED = 'b046ee0725159de13e88172a552192f801e2bdffaff2f7d1345554b7a79c4779';

describe('webhook signatures', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 (hand-computed vector)', () => {
    expect(sign(SECRET, T, BODY)).toBe(EXPECTED);
    expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${EXPECTED}`);
  });

  it('verifies a header within the tolerance', () => {
    const header = `t=${T},v1=${EXPECTED}`;
    expect(verify(SECRET, header, BODY, T, 300)).toEqual({ ok: true, timestamp: T });
    expect(verify(SECRET, header, BODY, T + 300, 300).ok).toBe(true);
    expect(verify(SECRET, header, BODY, T - 300, 300).ok).toBe(true);
    // Several v1 values (for example while a secret is rotated): one matching is enough.
    expect(verify(SECRET, `t=${T},v1=${'0'.repeat(64)},v1=${EXPECTED}`, BODY, T, 300).ok).toBe(
      true,
    );
  });

  it('refuses a changed body, another secret, a changed timestamp, an old or future one', () => {
    const header = `t=${T},v1=${EXPECTED}`;
    expect(verify(SECRET, header, BODY + ' ', T, 300)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify('whsec_other', header, BODY, T, 300)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verify(SECRET, `t=${T + 1},v1=${EXPECTED}`, BODY, T, 300)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verify(SECRET, header, BODY, T + 301, 300)).toEqual({ ok: false, reason: 'too-old' });
    expect(verify(SECRET, header, BODY, T - 301, 300)).toEqual({ ok: false, reason: 'too-new' });
  });

  it('refuses malformed headers', () => {
    for (const h of ['', 'v1=' + EXPECTED, `t=${T}`, `t=abc,v1=${EXPECTED}`, `t=${T},v1=xyz`])
      expect(verify(SECRET, h, BODY, T, 300)).toEqual({ ok: false, reason: 'malformed' });
  });
});

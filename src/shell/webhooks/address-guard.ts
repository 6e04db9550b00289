// Where webhooks may go. A seller's endpoint URL must not point the integrator at its own
// network: private, loopback, link-local, CGNAT, unspecified (and multicast or reserved)
// addresses are refused, in IPv4 and IPv6, including IPv4 embedded in IPv6 (mapped, compatible,
// NAT64, 6to4). Pure functions; delivery applies the same test to every resolved address.

/** Why an IPv4 range is refused: [first address, prefix length, reason]. */
const IPV4_BLOCKED: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'CGNAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** Parses dotted-quad IPv4 (four decimal parts 0–255) into a 32-bit number, or null. */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** Parses IPv6 text (with `::` and an optional trailing dotted quad; no zone) into 8 groups, or null. */
export function parseIpv6(text: string): number[] | null {
  let s = text;
  if (s.includes('%')) s = s.slice(0, s.indexOf('%'));
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return null;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    // A trailing dotted quad is the last two groups.
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith('::')) s = s.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  if (head === null) return null;
  if (halves.length === 1) {
    const all = [...head, ...tail];
    return all.length === 8 ? all : null;
  }
  const rest = groups(halves[1]!);
  if (rest === null) return null;
  const known = head.length + rest.length + tail.length;
  if (known > 7) return null;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
}

function ipv4Reason(n: number): string | null {
  for (const [base, bits, reason] of IPV4_BLOCKED) {
    const size = 2 ** (32 - bits);
    const start = parseIpv4(base)!;
    if (n >= start && n < start + size) return reason;
  }
  return null;
}

const v4From = (hi: number, lo: number): number => hi * 65536 + lo;
const formatV4 = (n: number): string =>
  [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

function ipv6Reason(g: readonly number[]): string | null {
  const zeroUpTo = (k: number) => g.slice(0, k).every((x) => x === 0);
  if (g.every((x) => x === 0)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  const embedded = (n: number, how: string) => {
    const r = ipv4Reason(n);
    return r === null ? null : `${r} (${how} ${formatV4(n)})`;
  };
  // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible, deprecated)
  if (zeroUpTo(5) && g[5] === 0xffff) return embedded(v4From(g[6]!, g[7]!), 'IPv4-mapped');
  if (zeroUpTo(6)) return embedded(v4From(g[6]!, g[7]!), 'IPv4-compatible');
  // 64:ff9b::/96 (NAT64) embeds the IPv4 target; 64:ff9b:1::/48 is local-use NAT64.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return embedded(v4From(g[6]!, g[7]!), 'NAT64');
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private (local-use NAT64)';
  // 2002::/16 (6to4) embeds the IPv4 address of the relay.
  if (g[0] === 0x2002) return embedded(v4From(g[1]!, g[2]!), '6to4');
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'private (unique local)';
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xffc0) === 0xfec0) return 'private (site-local)';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  if (first === 0x100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return 'reserved (discard)';
  return null;
}

/**
 * Why an IP address may not be a webhook target ('loopback', 'private', 'link-local', 'CGNAT',
 * 'unspecified', …), or null when it is a public address. Text that is not an IP address is
 * refused too ('not an IP address').
 */
export function blockedAddressReason(address: string): string | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const v4 = parseIpv4(bare);
  if (v4 !== null) return ipv4Reason(v4);
  const v6 = parseIpv6(bare);
  if (v6 !== null) return ipv6Reason(v6);
  return 'not an IP address';
}

/** True when the host part of a URL is an IP literal (IPv4 dotted quad or bracketed IPv6). */
export function isIpLiteral(hostname: string): boolean {
  return (
    parseIpv4(hostname) !== null ||
    (hostname.startsWith('[') &&
      hostname.endsWith(']') &&
      parseIpv6(hostname.slice(1, -1)) !== null)
  );
}

export type UrlCheck =
  { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly message: string };

/**
 * Checks a webhook URL as given: absolute, https or http, no credentials, and (unless
 * `allowPrivate`) not aimed at `localhost` or at a refused IP literal. Host names are checked
 * again when delivering, against what they resolve to then.
 */
export function checkWebhookUrl(raw: string, options: { allowPrivate: boolean }): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'must be an absolute https or http URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, message: `must use https or http, not ${url.protocol.replace(/:$/, '')}` };
  if (url.username !== '' || url.password !== '')
    return { ok: false, message: 'must not contain a user name or password' };
  const host = url.hostname.replace(/\.$/, '').toLowerCase();
  if (host === '') return { ok: false, message: 'must name a host' };
  if (options.allowPrivate) return { ok: true, url };
  let reason: string | null = null;
  if (host === 'localhost' || host.endsWith('.localhost')) reason = 'loopback (localhost)';
  else if (isIpLiteral(host)) reason = blockedAddressReason(host);
  if (reason !== null)
    return {
      ok: false,
      message:
        `targets a ${reason} address (${url.hostname}); private, loopback, link-local, CGNAT and ` +
        'unspecified targets are refused (a development server may allow them with SILKLINE_WEBHOOKS_ALLOW_PRIVATE=1)',
    };
  return { ok: true, url };
}

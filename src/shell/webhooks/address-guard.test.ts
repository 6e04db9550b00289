import { describe, expect, it } from 'vitest';
import { blockedAddressReason, checkWebhookUrl, parseIpv6 } from './address-guard.ts';

const refused = (url: string) => checkWebhookUrl(url, { allowPrivate: false });

describe('the webhook address guard', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['192.168.255.255', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.255', 'CGNAT'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'private (unique local)'],
    ['fd12:3456:789a::1', 'private (unique local)'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback (IPv4-mapped 127.0.0.1)'],
    ['::ffff:7f00:1', 'loopback (IPv4-mapped 127.0.0.1)'],
    ['::ffff:10.1.2.3', 'private (IPv4-mapped 10.1.2.3)'],
    ['::ffff:a9fe:a9fe', 'link-local (IPv4-mapped 169.254.169.254)'],
    ['0:0:0:0:0:ffff:192.168.1.1', 'private (IPv4-mapped 192.168.1.1)'],
    ['::127.0.0.1', 'loopback (IPv4-compatible 127.0.0.1)'],
    ['64:ff9b::7f00:1', 'loopback (NAT64 127.0.0.1)'],
    ['2002:c0a8:0101::1', 'private (6to4 192.168.1.1)'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(blockedAddressReason(address)).toBe(reason);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '169.253.255.255',
    '11.0.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:0808:0808::1',
    'fbff::1',
    '2a00:1450::1',
  ])('allows the public address %s', (address) => {
    expect(blockedAddressReason(address)).toBeNull();
  });

  it('parses IPv6 forms', () => {
    expect(parseIpv6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x102, 0x304]);
    expect(parseIpv6('fe80::1%eth0')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    for (const bad of ['1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '1:2:3:4:5:6:7', '::1.2.3', ''])
      expect(parseIpv6(bad)).toBeNull();
    expect(blockedAddressReason('example.com')).toBe('not an IP address');
  });

  it.each([
    'http://localhost/hook',
    'http://LOCALHOST:8080/hook',
    'http://api.localhost/hook',
    'http://localhost./hook',
    'http://127.0.0.1/hook',
    'http://127.1/hook', // the URL parser normalises this to 127.0.0.1
    'http://0x7f000001/hook',
    'http://2130706433/hook',
    'http://0.0.0.0/hook',
    'https://10.0.0.5/hook',
    'https://172.20.1.1/hook',
    'https://192.168.1.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'https://100.64.1.1/hook',
    'http://[::1]/hook',
    'http://[::]/hook',
    'http://[fc00::1]/hook',
    'http://[fd00::abcd]/hook',
    'http://[fe80::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:192.168.0.1]/hook',
  ])('refuses the URL %s, naming the reason', (url) => {
    const r = refused(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^targets a .* address/);
  });

  it.each([
    'https://hooks.example.com/silkline',
    'http://hooks.example.com:8080/in?x=1',
    'https://93.184.216.34/hook',
    'https://[2606:4700:4700::1111]/hook',
    'https://localhost.example.com/hook',
  ])('allows the public URL %s', (url) => {
    expect(refused(url).ok).toBe(true);
  });

  it('refuses other schemes, credentials and relative URLs', () => {
    expect(refused('ftp://hooks.example.com/')).toEqual({
      ok: false,
      message: 'must use https or http, not ftp',
    });
    expect(refused('file:///etc/passwd').ok).toBe(false);
    expect(refused('https://user:pw@hooks.example.com/').ok).toBe(false);
    expect(refused('/relative').ok).toBe(false);
    expect(refused('not a url').ok).toBe(false);
  });

  it('allows private targets under the development flag', () => {
    for (const url of ['http://127.0.0.1:9999/hook', 'http://localhost/hook', 'http://[::1]/'])
      expect(checkWebhookUrl(url, { allowPrivate: true }).ok).toBe(true);
    expect(checkWebhookUrl('ftp://127.0.0.1/', { allowPrivate: true }).ok).toBe(false);
  });
});

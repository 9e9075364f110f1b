import { describe, expect, it } from 'vitest';
import { addressRefusal, canonicalAddress } from './address-policy.js';

describe('addressRefusal', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['0:0:0:0:0:0:0:1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['[::ffff:7f00:1]', 'a loopback address'],
    ['10.0.0.5', 'a private address'],
    ['10.255.255.255', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['::ffff:10.0.0.5', 'a private address'],
    ['::ffff:c0a8:101', 'a private address'],
    ['169.254.169.254', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['febf:ffff::1', 'a link-local address'],
    ['fe80::1%eth0', 'an address with a zone (link-local)'],
    ['fc00::1', 'a unique local address'],
    ['fd12:3456:789a::1', 'a unique local address'],
    ['100.64.0.1', 'a carrier-grade NAT (shared) address'],
    ['100.127.255.255', 'a carrier-grade NAT (shared) address'],
    ['0.0.0.0', 'an unspecified ("this network") address'],
    ['0.1.2.3', 'an unspecified ("this network") address'],
    ['::', 'an unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'a reserved address'],
    ['240.0.0.1', 'a reserved address'],
    ['192.0.2.1', 'a documentation address'],
    ['2001:db8::1', 'a documentation address'],
    ['198.18.0.1', 'a benchmarking address'],
    ['::a00:5', 'a reserved address'],
    ['fec0::1', 'a site-local address'],
    ['2001::1', 'an IETF protocol address'],
    // NAT64 and 6to4 addresses lead to the IPv4 address inside them.
    ['64:ff9b::a00:5', 'a private address (NAT64)'],
    ['64:ff9b::7f00:1', 'a loopback address (NAT64)'],
    ['64:ff9b::169.254.169.254', 'a link-local address (NAT64)'],
    ['2002:a00:5::', 'a private address (6to4)'],
    ['2002:7f00:1::1', 'a loopback address (6to4)'],
    ['2002:c0a8:101::', 'a private address (6to4)'],
    ['64:ff9b:1::1', 'a local NAT64 address'],
    ['4000::1', 'not a global unicast address'],
    ['localhost', 'not an IP address'],
    ['example.com', 'not an IP address'],
    ['', 'not an IP address'],
  ])('refuses %s: %s', (address, kind) => {
    expect(addressRefusal(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '93.184.215.14',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '100.63.255.255',
    '192.169.0.1',
    '169.255.0.1',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '2a00:1450:4007:80f::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('allows %s', (address) => {
    expect(addressRefusal(address)).toBeNull();
  });

  it('writes addresses in their canonical form', () => {
    expect(canonicalAddress('0:0:0:0:0:FFFF:7F00:0001')).toBe('::ffff:127.0.0.1');
    expect(canonicalAddress('[2001:DB8:0::1]')).toBe('2001:db8::1');
    expect(canonicalAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalAddress('0x7f.1')).toBeNull();
  });
});

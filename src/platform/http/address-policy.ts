import net from 'node:net';

/**
 * Which IP addresses an outgoing request may connect to: public unicast only. Everything else is refused with the
 * kind of address it is, so the reason can be shown ("10.0.0.5 is a private address").
 *
 * IPv4: the special-purpose ranges of the IANA registry (RFC 6890 and later) are refused. IPv6: only global unicast
 * (2000::/3) is allowed, less its special-purpose ranges; an address that carries an IPv4 address (IPv4-mapped
 * ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) is judged by the IPv4 address inside it, since that is where
 * the packets end up. Checks use node's net.BlockList on the address's canonical form.
 */

type Rule = [address: string, prefix: number, kind: string];

const IPV4: Rule[] = [
  ['0.0.0.0', 8, 'an unspecified ("this network") address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT (shared) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a 6to4 relay address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

const IPV6: Rule[] = [
  ['::', 128, 'an unspecified address'],
  ['::1', 128, 'a loopback address'],
  // Deprecated IPv4-compatible addresses (::a.b.c.d); the IPv4-mapped ones are judged by their IPv4 address below.
  ['::', 96, 'a reserved address'],
  ['64:ff9b:1::', 48, 'a local NAT64 address'],
  ['100::', 64, 'a discard address'],
  ['2001::', 23, 'an IETF protocol address'],
  ['2001:db8::', 32, 'a documentation address'],
  ['3fff::', 20, 'a documentation address'],
  ['5f00::', 16, 'a segment routing address'],
  ['fc00::', 7, 'a unique local address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
];

/** The IPv6 forms that carry an IPv4 address, as the prefix to put before it (bits) and how to write it. */
const EMBEDDINGS: { name: string; prefix: number; write: (octets: number[]) => string }[] = [
  { name: 'IPv4-mapped', prefix: 96, write: (o) => `::ffff:${o.join('.')}` },
  { name: 'NAT64', prefix: 96, write: (o) => `64:ff9b::${o.join('.')}` },
  { name: '6to4', prefix: 16, write: (o) => `2002:${hex(o[0]!, o[1]!)}:${hex(o[2]!, o[3]!)}::` },
];

function hex(high: number, low: number): string {
  return ((high << 8) | low).toString(16);
}

/** One BlockList per rule, checked in order, so a match can say which kind of address it was. */
const rules: { kind: string; list: net.BlockList }[] = [];
function rule(address: string, prefix: number, family: 'ipv4' | 'ipv6', kind: string): void {
  const list = new net.BlockList();
  list.addSubnet(address, prefix, family);
  rules.push({ kind, list });
}
for (const [address, prefix, kind] of IPV4) {
  // BlockList matches IPv4-mapped addresses against IPv4 rules itself; the other embeddings need rules of their own.
  rule(address, prefix, 'ipv4', kind);
  const octets = address.split('.').map(Number);
  for (const embedding of EMBEDDINGS) {
    if (embedding.name !== 'IPv4-mapped') rule(embedding.write(octets), embedding.prefix + prefix, 'ipv6', `${kind} (${embedding.name})`);
  }
}
for (const [address, prefix, kind] of IPV6) rule(address, prefix, 'ipv6', kind);
/** Where a public IPv6 address may be: global unicast, or an IPv4-mapped or NAT64 form of a public IPv4 address. */
const publicIpv6 = new net.BlockList();
publicIpv6.addSubnet('2000::', 3, 'ipv6');
publicIpv6.addSubnet('::ffff:0:0', 96, 'ipv6');
publicIpv6.addSubnet('64:ff9b::', 96, 'ipv6');

/** The canonical form of an IP address (IPv6 compressed and lower-case, IPv4-mapped as ::ffff:a.b.c.d), or null. */
export function canonicalAddress(address: string): string | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = net.isIP(bare);
  if (family === 0) return null;
  return new net.SocketAddress({ address: bare, family: family === 6 ? 'ipv6' : 'ipv4' }).address;
}

/**
 * Why a connection to this IP address is refused ("a private address", "a loopback address"), or null when it is a
 * public unicast address. Anything that is not an IP address, or has an IPv6 zone (fe80::1%eth0), is refused too.
 */
export function addressRefusal(address: string): string | null {
  if (address.includes('%')) return 'an address with a zone (link-local)';
  const canonical = canonicalAddress(address);
  if (canonical === null) return 'not an IP address';
  const family = net.isIPv4(canonical) ? 'ipv4' : 'ipv6';
  for (const { kind, list } of rules) if (list.check(canonical, family)) return kind;
  if (family === 'ipv6' && !publicIpv6.check(canonical, 'ipv6')) return 'not a global unicast address';
  return null;
}

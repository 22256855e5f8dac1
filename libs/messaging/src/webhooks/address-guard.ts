import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Loopback, link-local, private (RFC 1918, CGNAT, unique local), multicast and reserved ranges: never a webhook target. */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** Whether an address is one webhooks must not reach (IPv4-mapped IPv6 is judged as its IPv4 address). */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class AddressRefused extends Error {
  constructor(readonly host: string, readonly address: string) {
    // An IP literal is the address itself: "10.0.0.1 resolves to 10.0.0.1" said nothing.
    const where = host === address ? address : `${host} resolves to ${address}`;
    super(`${where}, a loopback, link-local, private, multicast or reserved address; list it in WEBHOOK_ALLOWED_HOSTS to allow it`);
    this.name = 'AddressRefused';
  }
}

/** A DNS name as URLs write hosts: labels of letters, digits and inner hyphens, the last starting with a letter. */
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A host in one spelling, to compare an allow-list entry with the host a URL names: a name
 * lower-cased (a trailing dot dropped), an IP address as the URL parser writes it, without
 * brackets, and an IPv4-mapped IPv6 address as its IPv4 address (which is how it is judged
 * blocked too). Null for anything that is neither a host name nor an IP address (a port, a
 * scheme, a path, a wildcard).
 */
export function hostKey(host: string): string | null {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  if (family === 4) return new URL(`http://${bare}/`).hostname;
  if (family === 6) {
    const written = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(written);
    if (!mapped) return written;
    const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  const name = bare.replace(/\.$/, '');
  return HOST_NAME.test(name) && name.length <= 253 ? name : null;
}

/**
 * Whether WEBHOOK_ALLOWED_HOSTS names this host as the URL writes it (docs/webhooks.md): a name
 * is allowed by that name only, never because the address it resolves to is listed (any name can
 * be made to resolve to a listed address); an IP literal by its address, in any spelling.
 */
const allowed = (allowedHosts: readonly string[], host: string) => {
  const key = hostKey(host);
  return key !== null && allowedHosts.some((entry) => hostKey(entry) === key);
};

/** Refuses an IP literal in the URL at once (Node does not call `lookup` for those). */
export function checkLiteralHost(hostname: string, allowedHosts: readonly string[]): void {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isBlockedAddress(host) && !allowed(allowedHosts, host)) throw new AddressRefused(host, host);
}

/**
 * A `lookup` for http(s).request that checks the address the connection will really use, after
 * DNS: a name that resolves to an internal address when the message is sent (DNS rebinding) is
 * refused, whatever it resolved to when the endpoint was added.
 */
export function guardedLookup(allowedHosts: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      // A name the allow-list names may resolve anywhere; any other may not resolve inside.
      const refused = allowed(allowedHosts, hostname) ? undefined : addresses.find((a) => isBlockedAddress(a.address));
      if (refused) return callback(new AddressRefused(hostname, refused.address), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

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
    super(`${host} resolves to ${address}, a loopback, link-local, private or multicast address; list it in WEBHOOK_ALLOWED_HOSTS to allow it`);
    this.name = 'AddressRefused';
  }
}

/** Whether a host (as written in the URL, or the address it resolved to) is on the operator's allow-list. */
const allowed = (allowedHosts: readonly string[], ...names: string[]) =>
  names.some((name) => allowedHosts.includes(name.toLowerCase().replace(/^\[|\]$/g, '')));

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
      const refused = addresses.find((a) => isBlockedAddress(a.address) && !allowed(allowedHosts, hostname, a.address));
      if (refused) return callback(new AddressRefused(hostname, refused.address), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

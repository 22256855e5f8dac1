/**
 * The payload of the pairing QR code (docs/pairing.md):
 *   tenancy-pair://<host>?api=<this service's base URL>&token=<API token>
 * A device scans it, then POSTs {"apiToken": token} to <api>/v1/pairing.
 */
export function pairingUri(apiToken: string, serviceUrl: string = location.origin): string {
  const api = new URL(serviceUrl);
  const params = new URLSearchParams({ api: api.origin, token: apiToken });
  return `tenancy-pair://${api.host}?${params}`;
}

import { canonicalHttpUrl, checkHttpUrl, type FieldError } from '../shared';

/**
 * What an endpoint's URL must be, wherever the service runs: the URL rule every URL the service
 * is given follows (checkHttpUrl: absolute http(s), a host, no credentials, no fragment), at most
 * 2,048 characters. Whether plain http is allowed depends on the deployment (https only in
 * production) and is the application's rule; which addresses it may reach is checked on the
 * resolved address at delivery time.
 */
export function checkWebhookUrl(field: string, value: unknown): FieldError | null {
  if (typeof value !== 'string' || value.length > 2048) return { field, message: 'must be an absolute http(s) URL of at most 2048 characters' };
  return checkHttpUrl(field, value);
}

const DEFAULT_PORT = /^(?:(https):\/\/([^/?#]*?):443|(http):\/\/([^/?#]*?):80)(?=[/?#]|$)/;

/**
 * What makes two endpoint URLs the same address: scheme and host in any case, the default port
 * written or not (path and query as written, since receivers may tell them apart). A company
 * registers each address once, or every event would go to it once per copy.
 */
export function endpointAddressOf(url: string): string {
  return canonicalHttpUrl(url).replace(DEFAULT_PORT, (_all, https, httpsHost, http, httpHost) => `${https ?? http}://${httpsHost ?? httpHost}`);
}

const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9.]{0,63}$/;

/** null (every type) or 1 to 50 event type names, no repeats. */
export function checkEventTypes(field: string, value: unknown): FieldError | null {
  if (value === null || value === undefined) return null;
  const ok = Array.isArray(value) && value.length >= 1 && value.length <= 50
    && value.every((t) => typeof t === 'string' && EVENT_TYPE.test(t)) && new Set(value).size === value.length;
  return ok ? null : { field, message: 'must be null or 1 to 50 distinct event type names' };
}

export function checkWebhookDescription(field: string, value: unknown): FieldError | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' && value.length <= 500 ? null : { field, message: 'must be at most 500 characters' };
}

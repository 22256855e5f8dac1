/**
 * A repeated Idempotency-Key gets the first response back only while its caller may still make
 * that request: an admin removed since must not read the tenant secret again by replaying the
 * rotation. So a repeat runs its request once more as a check (its guards, its route's reads and
 * the command's decision against the company as it is now), stopping where it would change
 * anything; there the first response is given instead (IdempotencyInterceptor). A refusal of the
 * caller on the way is answered in its place.
 */
export interface ReplayCheck {
  /** The company revision the first response reported (its ETag), when it had one. */
  answeredAt?: bigint;
  /**
   * The company the first response named: in its Location (one it created), else as its body's
   * `companyId` (the company of an invitation answered), when it named one.
   */
  companyId?: string;
}

/** Thrown where a replay check stops: nothing refused the caller, so the first response may be given. */
export class ReplayMayBeAnswered extends Error {
  constructor() {
    super('The repeated request may be answered with its first response');
    this.name = 'ReplayMayBeAnswered';
  }
}

/** Every step that changes something calls this first: a replay check stops there. */
export function stopIfReplayCheck(check: ReplayCheck | undefined): void {
  if (check) throw new ReplayMayBeAnswered();
}

/** The revision an ETag names (`"12"`), as the command-response interceptor writes it. */
export function revisionOfEtag(etag: string | undefined): bigint | undefined {
  const digits = etag?.match(/^"(\d+)"$/)?.[1];
  return digits === undefined ? undefined : BigInt(digits);
}

/** The company a first response's body names as `companyId` (joined, or whose invitation was declined). */
export function companyOfBody(body: unknown): string | undefined {
  const companyId = typeof body === 'object' && body !== null ? (body as { companyId?: unknown }).companyId : undefined;
  return typeof companyId === 'string' ? companyId : undefined;
}

/** The company a Location header names (`/v1/companies/{id}…`). */
export function companyOfLocation(location: string | undefined): string | undefined {
  return location?.match(/^\/v1\/companies\/([^/?]+)/)?.[1];
}

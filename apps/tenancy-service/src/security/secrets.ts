import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenFingerprint } from '@tenancy/domain';
import { TenantSecretCipher } from '@tenancy/platform';
import { RandomPool } from './random-pool';

const TOKEN_PREFIX = 'tnc_';
const SECRET_PREFIX = 'tsk_';

/**
 * Makes and recognises raw secrets. Raw values leave only in the one response that hands
 * them out; everything stored is a keyed hash (API tokens) or ciphertext (tenant secrets,
 * which must be recoverable to sign webhooks).
 */
export class Secrets {
  private readonly hmacKey: Buffer;
  private readonly cipher: TenantSecretCipher;
  private readonly random = new RandomPool();

  constructor(serverKey: string) {
    // Separate keys per purpose, derived from the one server key.
    this.hmacKey = createHash('sha256').update(`api-token:${serverKey}`).digest();
    this.cipher = new TenantSecretCipher(serverKey);
  }

  /** A new API token (32 random bytes, URL-safe) and what may be stored of it. */
  newApiToken(): { raw: string; fingerprint: TokenFingerprint } {
    const raw = TOKEN_PREFIX + this.random.bytes(32).toString('base64url');
    return { raw, fingerprint: { tokenHash: this.hashApiToken(raw), tokenPrefix: raw.slice(0, TOKEN_PREFIX.length + 4) } };
  }

  hashApiToken(raw: string): string {
    return createHmac('sha256', this.hmacKey).update(raw).digest('base64url');
  }

  /** Constant-time comparison of two stored hashes. */
  sameHash(a: string, b: string): boolean {
    const [x, y] = [Buffer.from(a), Buffer.from(b)];
    return x.length === y.length && timingSafeEqual(x, y);
  }

  newTenantSecret(): { raw: string; ciphertext: string } {
    const raw = SECRET_PREFIX + this.random.bytes(32).toString('base64url');
    return { raw, ciphertext: this.encrypt(raw) };
  }

  /** AES-256-GCM (TenantSecretCipher, shared with the delivery worker, which signs with it). */
  encrypt(plain: string): string {
    return this.cipher.seal(plain, this.random.bytes(12));
  }

  decrypt(sealed: string): string {
    return this.cipher.open(sealed);
  }
}

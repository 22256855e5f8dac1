import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenFingerprint } from '@tenancy/domain';
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
  private readonly encryptionKey: Buffer;
  private readonly random = new RandomPool();

  constructor(serverKey: string) {
    // Separate keys per purpose, derived from the one server key.
    this.hmacKey = createHash('sha256').update(`api-token:${serverKey}`).digest();
    this.encryptionKey = createHash('sha256').update(`encryption:${serverKey}`).digest();
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

  /** AES-256-GCM; output is iv.tag.ciphertext, base64url. */
  encrypt(plain: string): string {
    const iv = this.random.bytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }

  decrypt(sealed: string): string {
    const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}

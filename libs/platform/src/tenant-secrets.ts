import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import type { EventStore } from '@tenancy/event-store';
import type { Clock } from './tokens';

const SECRET_PREFIX = 'tsk_';

/**
 * Seals and opens tenant secrets with a key derived from the server key (AES-256-GCM, output
 * iv.tag.ciphertext in base64url). Here, where the server key is, because both apps need it: the
 * service to hand secrets out, the delivery worker to sign webhooks. The domain only ever sees ciphertext.
 */
export class TenantSecretCipher {
  private readonly key: Buffer;

  constructor(serverKey: string) {
    this.key = createHash('sha256').update(`encryption:${serverKey}`).digest();
  }

  /** `iv`: 12 random bytes from the caller's pool. */
  seal(plain: string, iv: Buffer): string {
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }

  open(sealed: string): string {
    const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}

/** A raw tenant secret (`tsk_` + 32 bytes in base64url) as raw key bytes: what Standard Webhooks signs with. */
export const signingKeyOf = (secret: string): Buffer => Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64url');

/** The same key as Standard Webhooks libraries take it: `whsec_` + base64 (docs/webhooks.md). */
export const standardWebhooksSecretOf = (secret: string): string => `whsec_${signingKeyOf(secret).toString('base64')}`;

interface Rotation { ciphertext: string; at: number }

/** Companies whose secrets are remembered at once; then it starts over (docs/scale.md). */
export const REMEMBERED_COMPANIES = 10_000;

/**
 * The keys a company's messages are signed with, newest first: the current secret, and the
 * previous one for `graceSeconds` after a rotation so receivers can switch at their own pace.
 * Read from the company's TenantSecretRotated events (ciphertext only; opened at each use) and
 * kept per company until `forget`, for at most REMEMBERED_COMPANIES companies.
 */
export class TenantSigningKeys {
  private readonly rotations = new Map<string, Promise<Rotation[]>>();

  constructor(
    private readonly events: Pick<EventStore, 'readStream'>,
    private readonly cipher: TenantSecretCipher,
    private readonly graceSeconds: number,
    private readonly clock: Clock,
  ) {}

  async keysFor(companyId: string): Promise<Buffer[]> {
    const rotations = await this.rotationsOf(companyId);
    const [current, previous] = rotations;
    if (!current) return [];
    const keys = [signingKeyOf(this.cipher.open(current.ciphertext))];
    if (previous && this.clock.now().getTime() - current.at < this.graceSeconds * 1000) {
      keys.push(signingKeyOf(this.cipher.open(previous.ciphertext)));
    }
    return keys;
  }

  /** A rotation was recorded: read the company's secrets again next time. */
  forget(companyId: string): void {
    this.rotations.delete(companyId);
  }

  private rotationsOf(companyId: string): Promise<Rotation[]> {
    let found = this.rotations.get(companyId);
    if (!found) {
      if (this.rotations.size >= REMEMBERED_COMPANIES) this.rotations.clear();
      found = this.read(companyId);
      found.catch(() => this.rotations.delete(companyId));
      this.rotations.set(companyId, found);
    }
    return found;
  }

  private async read(companyId: string): Promise<Rotation[]> {
    const stream = await this.events.readStream(`company-${companyId}`).catch(() => []);
    return stream.filter((e) => e.type === 'TenantSecretRotated')
      .map((e) => ({ ciphertext: (e.data as { secretCiphertext: string }).secretCiphertext, at: Date.parse(String(e.metadata.occurredAt)) }))
      .reverse()
      .slice(0, 2);
  }
}

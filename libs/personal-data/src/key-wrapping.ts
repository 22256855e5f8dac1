import { hkdfSync, randomUUID } from 'node:crypto';
import { decrypt, encrypt } from './aes-gcm';
import { RandomPool } from './random-pool';

/** A data key in the clear, as only this process's memory ever holds it. */
export interface DataKey {
  keyId: string;
  key: Buffer;
}

/**
 * Makes data keys and wraps them for the key store with a key-wrapping key derived from
 * SERVER_KEY (HKDF-SHA-256, its own purpose label), so a copy of the key store alone opens nothing.
 */
export class KeyWrapping {
  private readonly wrappingKey: Buffer;
  private readonly random = new RandomPool();
  private readonly keyIds: { next(): string };

  /**
   * `keyIds` makes the ids of new keys (random uuids by default). Time-ordered ones (uuidv7, as
   * the service uses) put the keys made together on the last page of the key store's id index.
   */
  constructor(serverKey: string, options: { keyIds?: { next(): string } } = {}) {
    this.wrappingKey = Buffer.from(hkdfSync('sha256', serverKey, 'tenancy', 'personal-data key wrapping', 32));
    this.keyIds = options.keyIds ?? { next: randomUUID };
  }

  newKey(): DataKey {
    return { keyId: this.keyIds.next(), key: this.random.bytes(32) };
  }

  /** The key id is the additional data: a wrapped key copied to another id does not open. */
  wrap({ keyId, key }: DataKey): string {
    return encrypt(this.wrappingKey, key, keyId, this.random).toString('base64url');
  }

  unwrap(keyId: string, wrapped: string): DataKey {
    return { keyId, key: decrypt(this.wrappingKey, Buffer.from(wrapped, 'base64url'), keyId) };
  }
}

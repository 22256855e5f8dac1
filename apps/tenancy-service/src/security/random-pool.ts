import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;

/**
 * Cryptographically random bytes drawn from a pool filled a few kilobytes at a time, the way
 * Node pools randomUUID: one call to the system's generator per hundred tokens instead of
 * one per token. Bytes handed out are wiped from the pool, and none is handed out twice.
 */
export class RandomPool {
  private readonly pool = Buffer.alloc(POOL_BYTES);
  private offset = POOL_BYTES;

  bytes(length: number): Buffer {
    if (length > POOL_BYTES) return randomFillSync(Buffer.alloc(length));
    if (this.offset + length > POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const taken = Buffer.from(this.pool.subarray(this.offset, this.offset + length));
    this.pool.fill(0, this.offset, this.offset + length);
    this.offset += length;
    return taken;
  }
}

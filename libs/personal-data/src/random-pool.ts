import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the OS a few kilobytes at a time: one call per IV costs more than the encryption. */
export class RandomPool {
  private pool = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly size = 4096) {}

  /** A fresh copy, never shared with a later caller. */
  bytes(length: number): Buffer {
    if (this.offset + length > this.pool.length) {
      this.pool = randomFillSync(Buffer.allocUnsafe(Math.max(this.size, length)));
      this.offset = 0;
    }
    const out = Buffer.from(this.pool.subarray(this.offset, this.offset + length));
    this.offset += length;
    return out;
  }
}

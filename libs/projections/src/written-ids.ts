/**
 * The documents a rebuild has written since its reset, as a Bloom filter: an id it says was never
 * written names no stored document, so the rebuild need not look it up (an audit rebuild looked up
 * every event's id and found none). It can say "maybe" of an id never written (a few percent at
 * its size), never "no" of one written. About a byte per event of the log; capped at 16 MB.
 */
export class WrittenIds {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(events: number) {
    let size = 1 << 13;
    while (size < events * BITS_PER_EVENT && size < MAX_BITS) size *= 2;
    this.bits = new Uint32Array(size / 32);
    this.mask = size - 1;
  }

  add(id: string): void {
    this.probe(id, true);
  }

  mayHave(id: string): boolean {
    return this.probe(id, false);
  }

  /** Double hashing over two 32-bit FNV-1a hashes of the id; sets the bits, or tells whether all are set. */
  private probe(id: string, set: boolean): boolean {
    let a = 0x811c9dc5;
    let b = 0x050c5d1f;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    b |= 1;
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + i * b) & this.mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if (set) this.bits[word] |= flag;
      else if ((this.bits[word] & flag) === 0) return false;
    }
    return true;
  }
}

const BITS_PER_EVENT = 8;
const PROBES = 3;
const MAX_BITS = 2 ** 27;

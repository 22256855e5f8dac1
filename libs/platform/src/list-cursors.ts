import { hkdfSync } from 'node:crypto';
import { ListCursors } from '@tenancy/read-store';

/**
 * The lists' cursors, signed with a key derived from SERVER_KEY (HKDF-SHA-256, a purpose label of
 * their own): every instance of one installation reads the others' cursors, across restarts, and
 * nothing else (docs: README, *Cursors*).
 */
export const listCursorsOf = (serverKey: string): ListCursors =>
  new ListCursors(Buffer.from(hkdfSync('sha256', serverKey, 'tenancy', 'list cursors', 32)));

import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { ReadStore } from '@tenancy/read-store';

/**
 * Where the read store (beside the data keys) keeps the check value of the SERVER_KEY the
 * installation was written with: one document, no company.
 */
export const SERVER_KEY_CHECK_COLLECTION = 'server_key_check_v1';
const CHECK_ID = 'server-key';
/** As for the installation record: the checkpoint says whether it was written, so a start that finds none makes no collection. */
const RECORDED = 1n;

/**
 * An HMAC of a fixed label under a key derived from SERVER_KEY (HKDF-SHA-256, a purpose label of
 * its own): equal for equal keys, and it tells nothing of the key, nor opens anything.
 */
export function serverKeyCheckValue(serverKey: string): string {
  const checkKey = Buffer.from(hkdfSync('sha256', serverKey, 'tenancy', 'server key check', 32));
  return createHmac('sha256', checkKey).update('tenancy: the SERVER_KEY this installation is written with').digest('base64url');
}

/**
 * Whether SERVER_KEY is the one the stores were written with. The personal-data keys alone cannot
 * say: an installation may hold none yet (companies without a contact email), while its API-token
 * hashes, tenant secrets and cursors already depend on the key. So the check value is recorded
 * the first time a key meets the stores, and compared on every later open. Stores from before the
 * record take the key when their stored data keys (if any) open with it. The answer's `record()`
 * writes the value down once the caller's other checks have passed (a refused start changes nothing).
 */
export async function checkServerKey(
  readStore: ReadStore, serverKey: string, opensStoredKeys: () => Promise<boolean>,
): Promise<{ opens: boolean; record(): Promise<void> }> {
  const expected = serverKeyCheckValue(serverKey);
  const recorded = await recordedServerKeyCheck(readStore);
  const opens = recorded ? same(recorded, expected) : true;
  return {
    opens: opens && (await opensStoredKeys()),
    async record() {
      if (!recorded) await recordServerKeyCheck(readStore, expected);
    },
  };
}

async function recordedServerKeyCheck(readStore: ReadStore): Promise<string | null> {
  if (await readStore.checkpoint(SERVER_KEY_CHECK_COLLECTION) < RECORDED) return null;
  const doc = await readStore.get(SERVER_KEY_CHECK_COLLECTION, CHECK_ID) as { value: string } | null;
  return doc?.value ?? null;
}

/** Writes the check value down (the collection made first). */
export async function recordServerKeyCheck(readStore: ReadStore, value: string): Promise<void> {
  await readStore.ensureCollection(SERVER_KEY_CHECK_COLLECTION, []);
  await readStore.applyBatch(SERVER_KEY_CHECK_COLLECTION, {
    removeCompanies: [], removals: [], upserts: [{ id: CHECK_ID, companyId: CHECK_ID, position: 0n, doc: { value } }],
  }, RECORDED);
}

function same(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

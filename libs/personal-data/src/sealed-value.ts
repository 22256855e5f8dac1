import { decrypt, encrypt } from './aes-gcm';
import type { DataKey } from './key-wrapping';
import type { RandomPool } from './random-pool';

/** A personal value as stored: which key sealed it, and its JSON in an AES-256-GCM box (base64url). */
export interface SealedValue {
  keyId: string;
  sealed: string;
}

export function isSealed(value: unknown): value is SealedValue {
  if (typeof value !== 'object' || value === null) return false;
  const { keyId, sealed } = value as Partial<SealedValue>;
  return typeof keyId === 'string' && typeof sealed === 'string' && Object.keys(value).length === 2;
}

/** `where` (the field) is the additional data: the box opens only in the place it was sealed for. */
export function seal(value: unknown, { keyId, key }: DataKey, where: string, random: RandomPool): SealedValue {
  return { keyId, sealed: encrypt(key, Buffer.from(JSON.stringify(value), 'utf8'), where, random).toString('base64url') };
}

export function unseal(value: SealedValue, { key }: DataKey, where: string): unknown {
  return JSON.parse(decrypt(key, Buffer.from(value.sealed, 'base64url'), where).toString('utf8'));
}

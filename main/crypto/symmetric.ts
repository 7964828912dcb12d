import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes as nodeRandomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { toUint8Array } from './hash.ts';

/**
 * Symmetric primitives the Status protocol uses, all on OpenSSL through node:crypto: AES-GCM is
 * ~10× (1 KiB) to ~90× (1 MiB) faster there than in pure JS (anchors.md §A5). These functions
 * check only what OpenSSL would otherwise report as an opaque exception (key and IV lengths);
 * protocol rules (which key, which layout) belong to the callers.
 */

export const AES_GCM_NONCE_LENGTH = 12;
export const AES_GCM_TAG_LENGTH = 16;
export const AES_BLOCK_LENGTH = 16;
export const HMAC_SHA256_LENGTH = 32;

export function randomBytes(length: number): Uint8Array {
  return toUint8Array(nodeRandomBytes(length));
}

function gcmAlgorithm(key: Uint8Array): 'aes-128-gcm' | 'aes-256-gcm' {
  if (key.length === 32) return 'aes-256-gcm';
  if (key.length === 16) return 'aes-128-gcm';
  throw new RangeError(`AES-GCM key must be 16 or 32 bytes, got ${key.length}`);
}

/** AES-GCM without associated data; returns ciphertext ‖ 16-byte tag (Go's `Seal` layout). */
export function aesGcmSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  if (nonce.length !== AES_GCM_NONCE_LENGTH) throw new RangeError('AES-GCM nonce must be 12 bytes');
  const cipher = createCipheriv(gcmAlgorithm(key), key, nonce);
  const out = new Uint8Array(plaintext.length + AES_GCM_TAG_LENGTH);
  const body = cipher.update(plaintext);
  out.set(body, 0);
  const tail = cipher.final();
  out.set(tail, body.length);
  out.set(cipher.getAuthTag(), body.length + tail.length);
  return out;
}

/** Opens ciphertext ‖ tag; returns undefined when authentication fails (wrong key or tampering). */
export function aesGcmOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  if (nonce.length !== AES_GCM_NONCE_LENGTH) throw new RangeError('AES-GCM nonce must be 12 bytes');
  if (sealed.length < AES_GCM_TAG_LENGTH) return undefined;
  const split = sealed.length - AES_GCM_TAG_LENGTH;
  const decipher = createDecipheriv(gcmAlgorithm(key), key, nonce);
  decipher.setAuthTag(sealed.subarray(split));
  const body = decipher.update(sealed.subarray(0, split));
  try {
    const tail = decipher.final();
    if (tail.length === 0) return toUint8Array(body);
    return toUint8Array(Buffer.concat([body, tail]));
  } catch {
    // OpenSSL reports a tag mismatch as a generic Error; callers want a value, not an exception.
    return undefined;
  }
}

/**
 * AES-CTR with a 16-byte initial counter block, incremented as one 128-bit big-endian integer
 * (what Go's cipher.NewCTR and OpenSSL both do). Encryption and decryption are the same operation.
 */
export function aesCtr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (iv.length !== AES_BLOCK_LENGTH) throw new RangeError('AES-CTR IV must be 16 bytes');
  const algorithm = key.length === 16 ? 'aes-128-ctr' : key.length === 32 ? 'aes-256-ctr' : undefined;
  if (algorithm === undefined) throw new RangeError(`AES-CTR key must be 16 or 32 bytes, got ${key.length}`);
  const cipher = createCipheriv(algorithm, key, iv);
  const body = cipher.update(data);
  const tail = cipher.final();
  return toUint8Array(tail.length === 0 ? body : Buffer.concat([body, tail]));
}

export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return toUint8Array(mac.digest());
}

/** Constant-time comparison, so a MAC check does not leak how many leading bytes matched. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** HKDF-SHA256 (RFC 5869): extract with `salt`, expand with `info` to `length` bytes. */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array | string, length: number): Uint8Array {
  const infoBytes = typeof info === 'string' ? new TextEncoder().encode(info) : info;
  return new Uint8Array(hkdfSync('sha256', ikm, salt, infoBytes, length));
}

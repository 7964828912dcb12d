import { createHash } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3.js';

/**
 * Keccak-256 (the Ethereum variant, not NIST SHA3-256: the padding differs, so node:crypto's
 * 'sha3-256' gives other digests). Status hashes with it everywhere: content topics, envelope and
 * AMM signatures, message IDs, key IDs.
 */
export function keccak256(...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return keccak_256(parts[0]);
  const hasher = keccak_256.create();
  for (const part of parts) hasher.update(part);
  return hasher.digest();
}

/** SHA-256 via OpenSSL (node:crypto), several times faster than a JS implementation on large input. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hasher = createHash('sha256');
  for (const part of parts) hasher.update(part);
  return toUint8Array(hasher.digest());
}

/**
 * A plain Uint8Array view of a Buffer. Buffers are Uint8Arrays, but node:assert's deepStrictEqual
 * and structured clone treat the subclass differently, and callers compare with plain arrays.
 */
export function toUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

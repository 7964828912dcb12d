import { sha256 } from '../../crypto/hash.ts';
import type { Secp256k1 } from '../../crypto/secp256k1.ts';
import { AES_BLOCK_LENGTH, aesCtr, constantTimeEqual, HMAC_SHA256_LENGTH, hmacSha256 } from '../../crypto/symmetric.ts';
import { EnvelopeError } from './errors.ts';
import type { RandomSource } from './plaintext.ts';

/**
 * go-ethereum's ECIES with the parameters it picks for secp256k1, ECIES_AES128_SHA256
 * (crypto/ecies/ecies.go; status-reference.md §4.2). Not eciesjs: its KDF and layout differ.
 *
 *   R = ephemeral key; z = x-coordinate of r·Recipient (32 bytes, unhashed)
 *   K = concatKDF-SHA256(z, s1, 32); Ke = K[0:16]; Km = sha256(K[16:32])
 *   c = AES-128-CTR(Ke, IV random 16 bytes, m)
 *   d = HMAC-SHA256(Km, IV ‖ c ‖ s2)
 *   output R (65 bytes, uncompressed) ‖ IV ‖ c ‖ d (32)
 *
 * The envelope uses s1 = s2 = empty. `sharedMacData` (s2) is exposed because the devp2p EIP-8
 * handshake vectors, the only fixed go-ethereum ECIES ciphertexts we could find, use it.
 */

const AES_KEY_LENGTH = 16;
const EPHEMERAL_KEY_LENGTH = 65;
export const ECIES_OVERHEAD = EPHEMERAL_KEY_LENGTH + AES_BLOCK_LENGTH + HMAC_SHA256_LENGTH;

const EMPTY = new Uint8Array(0);

export type EciesOptions = {
  /** go-ethereum's s2, authenticated but not encrypted; empty for the v1 envelope */
  sharedMacData?: Uint8Array;
};

/** NIST SP 800-56 concatenation KDF with SHA-256: sha256(counter_be32 ‖ z ‖ s1) blocks, counter from 1. */
export function concatKdfSha256(z: Uint8Array, s1: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(length / 32) * 32);
  const counter = new Uint8Array(4);
  const view = new DataView(counter.buffer);
  for (let block = 0; block * 32 < length; block += 1) {
    view.setUint32(0, block + 1, false);
    out.set(sha256(counter, z, s1), block * 32);
  }
  return out.slice(0, length);
}

function deriveKeys(z: Uint8Array): { encryptionKey: Uint8Array; macKey: Uint8Array } {
  const k = concatKdfSha256(z, EMPTY, 2 * AES_KEY_LENGTH);
  return { encryptionKey: k.subarray(0, AES_KEY_LENGTH), macKey: sha256(k.subarray(AES_KEY_LENGTH)) };
}

function randomPrivateKey(curve: Secp256k1, random: RandomSource): Uint8Array {
  for (;;) {
    const candidate = random(32);
    if (curve.isValidPrivateKey(candidate)) return candidate;
  }
}

export function eciesEncrypt(
  recipient: Uint8Array,
  plaintext: Uint8Array,
  curve: Secp256k1,
  random: RandomSource,
  options: EciesOptions = {},
): Uint8Array {
  if (!curve.isValidPublicKey(recipient)) {
    throw new EnvelopeError('BAD_KEY', 'The recipient public key is not a valid secp256k1 key.');
  }
  const ephemeral = randomPrivateKey(curve, random);
  const { encryptionKey, macKey } = deriveKeys(curve.ecdh(ephemeral, recipient));
  const iv = random(AES_BLOCK_LENGTH);
  if (iv.length !== AES_BLOCK_LENGTH) throw new RangeError('the random source returned the wrong number of bytes');

  const out = new Uint8Array(ECIES_OVERHEAD + plaintext.length);
  out.set(curve.publicKey(ephemeral, false), 0);
  out.set(iv, EPHEMERAL_KEY_LENGTH);
  out.set(aesCtr(encryptionKey, iv, plaintext), EPHEMERAL_KEY_LENGTH + AES_BLOCK_LENGTH);
  const macEnd = out.length - HMAC_SHA256_LENGTH;
  out.set(hmacSha256(macKey, out.subarray(EPHEMERAL_KEY_LENGTH, macEnd), options.sharedMacData ?? EMPTY), macEnd);
  return out;
}

/** `recipient` must already be a valid private key (the caller reports BAD_KEY otherwise). */
export function eciesDecrypt(
  ciphertext: Uint8Array,
  recipient: Uint8Array,
  curve: Secp256k1,
  options: EciesOptions = {},
): Uint8Array {
  if (ciphertext.length < ECIES_OVERHEAD) {
    throw new EnvelopeError('TOO_SHORT', `An ECIES envelope has at least ${ECIES_OVERHEAD} bytes.`);
  }
  const ephemeral = ciphertext.subarray(0, EPHEMERAL_KEY_LENGTH);
  // go-ethereum unmarshals R as an uncompressed point; anything else cannot be authenticated.
  if (ephemeral[0] !== 0x04 || !curve.isValidPublicKey(ephemeral)) {
    throw new EnvelopeError('BAD_TAG', 'The ECIES ephemeral key is not a valid secp256k1 point.');
  }
  const { encryptionKey, macKey } = deriveKeys(curve.ecdh(recipient, ephemeral));
  const macEnd = ciphertext.length - HMAC_SHA256_LENGTH;
  const body = ciphertext.subarray(EPHEMERAL_KEY_LENGTH, macEnd);
  const expected = hmacSha256(macKey, body, options.sharedMacData ?? EMPTY);
  if (!constantTimeEqual(expected, ciphertext.subarray(macEnd))) {
    throw new EnvelopeError('BAD_TAG', 'The ECIES MAC does not match: wrong key or tampered envelope.');
  }
  return aesCtr(encryptionKey, body.subarray(0, AES_BLOCK_LENGTH), body.subarray(AES_BLOCK_LENGTH));
}

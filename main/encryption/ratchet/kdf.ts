// The key derivations and message AEAD of the double ratchet Status uses
// (status-im/doubleratchet with secp256k1 keys): HKDF-SHA256 root steps, HMAC chain steps,
// and AES-256-CTR + HMAC-SHA256 with a per-message IV derived from the message key.
import { aesCtr, constantTimeEqual, hkdfSha256, hmacSha256 } from '../../crypto/symmetric.ts';

const ROOT_INFO = 'rsZUpEuXUqqwXBvSy3EcievAh4cMj6QL';
const MESSAGE_INFO = 'pcwSByyx2CRdryCffXJwy7xgVZWtW5Sh';
const CHAIN_KEY_INPUT = Uint8Array.of(0x0f);
const MESSAGE_KEY_INPUT = Uint8Array.of(0x10);
const ZERO_SALT = new Uint8Array(32);
export const TAG_LENGTH = 32;
const IV_LENGTH = 16;

/** Root step: (root key, DH output) → (next root key, chain key). The third 32 bytes (header key) are unused. */
export function kdfRoot(rootKey: Uint8Array, dhOutput: Uint8Array): { rootKey: Uint8Array; chainKey: Uint8Array } {
  const out = hkdfSha256(dhOutput, rootKey, ROOT_INFO, 96);
  return { rootKey: out.slice(0, 32), chainKey: out.slice(32, 64) };
}

/** Chain step: chain key → (next chain key, message key). */
export function kdfChain(chainKey: Uint8Array): { chainKey: Uint8Array; messageKey: Uint8Array } {
  return { chainKey: hmacSha256(chainKey, CHAIN_KEY_INPUT), messageKey: hmacSha256(chainKey, MESSAGE_KEY_INPUT) };
}

function messageKeys(messageKey: Uint8Array) {
  const out = hkdfSha256(messageKey, ZERO_SALT, MESSAGE_INFO, 80);
  return { encKey: out.slice(0, 32), authKey: out.slice(32, 64), iv: out.slice(64, 80) };
}

/** IV ‖ AES-256-CTR(plaintext) ‖ HMAC-SHA256(authKey, ad ‖ IV ‖ ciphertext). */
export function sealMessage(messageKey: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array): Uint8Array {
  const { encKey, authKey, iv } = messageKeys(messageKey);
  const body = new Uint8Array(IV_LENGTH + plaintext.length);
  body.set(iv);
  body.set(aesCtr(encKey, iv, plaintext), IV_LENGTH);
  const tag = hmacSha256(authKey, associatedData, body);
  const out = new Uint8Array(body.length + TAG_LENGTH);
  out.set(body);
  out.set(tag, body.length);
  return out;
}

/** The plaintext, or undefined when the tag does not verify. */
export function openMessage(
  messageKey: Uint8Array,
  sealed: Uint8Array,
  associatedData: Uint8Array,
): Uint8Array | undefined {
  if (sealed.length < IV_LENGTH + TAG_LENGTH) return undefined;
  const { encKey, authKey } = messageKeys(messageKey);
  const body = sealed.subarray(0, sealed.length - TAG_LENGTH);
  const tag = sealed.subarray(sealed.length - TAG_LENGTH);
  if (!constantTimeEqual(hmacSha256(authKey, associatedData, body), tag)) return undefined;
  return aesCtr(encKey, body.subarray(0, IV_LENGTH), body.subarray(IV_LENGTH));
}

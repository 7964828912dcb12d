import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { base58 } from '@scure/base';
import { IdentityError } from './errors.ts';

/**
 * Public key formats Status shows or stores (status-reference.md §1.2):
 *   uncompressed  0x04‖X‖Y, 132 chars: contact ID, 1:1 chat ID, `from` fields
 *   compressed    0x02/0x03‖X, 68 chars: inside protobufs, community IDs
 *   chat key      "zQ3…": multibase base58btc ('z') of varint(0xe7 secp256k1-pub) = e7 01 ‖ compressed
 *
 * Parsing decisions:
 *   - hex is accepted with or without "0x"/"0X" and in any letter case, because people paste keys
 *     from block explorers, logs and status-go's own test data (which uses both);
 *   - surrounding whitespace is ignored;
 *   - other multibase prefixes ("f…" hex, "b…" base32) are not accepted: Status never shows them,
 *     and a bare "f…" would be ambiguous with hex;
 *   - every result is checked to be a point on secp256k1 (and not the point at infinity).
 */

export const UNCOMPRESSED_KEY_LENGTH = 65;
export const COMPRESSED_KEY_LENGTH = 33;

/** unsigned-varint encoding of multicodec 0xe7 (secp256k1-pub). */
const SECP256K1_PUB_MULTICODEC = Uint8Array.of(0xe7, 0x01);
const MULTIBASE_BASE58BTC = 'z';

/** A valid chat key is 49 characters; refusing far longer input keeps base58 (quadratic) cheap. */
const MAX_CHAT_KEY_TEXT_LENGTH = 100;
const MAX_HEX_KEY_TEXT_LENGTH = 2 + UNCOMPRESSED_KEY_LENGTH * 2;

const HEX_PATTERN = /^[0-9a-fA-F]*$/u;

type Point = ReturnType<typeof secp256k1.Point.fromBytes>;

function invalidKey(reason: string): IdentityError {
  return new IdentityError('INVALID_KEY', `Invalid public key: ${reason}.`);
}

function pointFromBytes(bytes: Uint8Array): Point {
  if (!(bytes instanceof Uint8Array)) {
    throw invalidKey('expected bytes');
  }
  const prefix = bytes[0];
  const lengthFits =
    (bytes.length === UNCOMPRESSED_KEY_LENGTH && prefix === 0x04) ||
    (bytes.length === COMPRESSED_KEY_LENGTH && (prefix === 0x02 || prefix === 0x03));
  if (!lengthFits) {
    throw invalidKey(
      `expected 65 bytes starting with 04 or 33 bytes starting with 02/03, got ${bytes.length} bytes` +
        (prefix === undefined ? '' : ` starting with ${prefix.toString(16).padStart(2, '0')}`),
    );
  }
  try {
    const point = secp256k1.Point.fromBytes(bytes);
    point.assertValidity();
    return point;
  } catch (cause) {
    throw new IdentityError('INVALID_KEY', 'Invalid public key: not a point on the secp256k1 curve.', { cause });
  }
}

/** Accepts a 33- or 65-byte SEC1 key and returns the validated 65-byte uncompressed form. */
export function publicKeyFromBytes(bytes: Uint8Array): Uint8Array {
  return pointFromBytes(bytes).toBytes(false);
}

function parseChatKey(text: string): Uint8Array {
  if (text.length > MAX_CHAT_KEY_TEXT_LENGTH) {
    throw invalidKey(`a chat key is 49 characters, this text has ${text.length}`);
  }
  let decoded: Uint8Array;
  try {
    decoded = base58.decode(text.slice(MULTIBASE_BASE58BTC.length));
  } catch {
    throw invalidKey('the chat key is not valid base58');
  }
  if (decoded[0] !== SECP256K1_PUB_MULTICODEC[0] || decoded[1] !== SECP256K1_PUB_MULTICODEC[1]) {
    throw invalidKey('the chat key does not carry the secp256k1-pub multicodec (0xe7)');
  }
  const compressed = decoded.subarray(SECP256K1_PUB_MULTICODEC.length);
  if (compressed.length !== COMPRESSED_KEY_LENGTH) {
    throw invalidKey(`a chat key holds a 33-byte compressed key, this one holds ${compressed.length} bytes`);
  }
  return publicKeyFromBytes(compressed);
}

function parseHexKey(text: string): Uint8Array {
  const digits = /^0x/iu.test(text) ? text.slice(2) : text;
  if (text.length > MAX_HEX_KEY_TEXT_LENGTH || !HEX_PATTERN.test(digits)) {
    throw invalidKey('expected a 0x04…/0x02…/0x03… hex key or a zQ3… chat key');
  }
  if (digits.length !== UNCOMPRESSED_KEY_LENGTH * 2 && digits.length !== COMPRESSED_KEY_LENGTH * 2) {
    throw invalidKey(`a hex key has 130 or 66 hex digits, this one has ${digits.length}`);
  }
  return publicKeyFromBytes(hexToBytes(digits));
}

/** Parses any user-typed public key into the 65-byte uncompressed form, or throws INVALID_KEY. */
export function parsePublicKey(text: string): Uint8Array {
  if (typeof text !== 'string') {
    throw invalidKey('expected text');
  }
  const trimmed = text.trim();
  if (trimmed === '') {
    throw invalidKey('the text is empty');
  }
  return trimmed.startsWith(MULTIBASE_BASE58BTC) ? parseChatKey(trimmed) : parseHexKey(trimmed);
}

export function isPublicKeyText(text: string): boolean {
  try {
    parsePublicKey(text);
    return true;
  } catch {
    return false;
  }
}

export function compressPublicKey(key: Uint8Array): Uint8Array {
  return pointFromBytes(key).toBytes(true);
}

/** "0x04…" lowercase, 132 characters: Status's canonical contact / chat ID form. */
export function toUncompressedHex(key: Uint8Array): string {
  return `0x${bytesToHex(publicKeyFromBytes(key))}`;
}

/** "0x02…"/"0x03…" lowercase, 68 characters. */
export function toCompressedHex(key: Uint8Array): string {
  return `0x${bytesToHex(compressPublicKey(key))}`;
}

/**
 * "zQ3shviW…k2bWB": first 8 and last 5 characters of the chat key. Newer status-go returns this
 * from GenerateFromPublicKeyString where it used to return the three-word alias.
 */
export function shortenChatKey(key: Uint8Array): string {
  const chatKey = toChatKey(key);
  return `${chatKey.slice(0, 8)}…${chatKey.slice(-5)}`;
}

/** "zQ3sh…": the short key Status shows in the UI and in links. */
export function toChatKey(key: Uint8Array): string {
  const payload = new Uint8Array(SECP256K1_PUB_MULTICODEC.length + COMPRESSED_KEY_LENGTH);
  payload.set(SECP256K1_PUB_MULTICODEC, 0);
  payload.set(compressPublicKey(key), SECP256K1_PUB_MULTICODEC.length);
  return MULTIBASE_BASE58BTC + base58.encode(payload);
}

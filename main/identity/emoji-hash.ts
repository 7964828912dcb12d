import { bytesToNumberBE } from '@noble/curves/utils.js';
import { readDataLines } from './data-files.ts';
import { IdentityError } from './errors.ts';
import { compressPublicKey } from './keys.ts';

/**
 * status-go's emoji hash (protocol/identity/emojihash): the 160 bits after the first 12 bits of
 * the 33-byte compressed key, written in base 2757 as exactly 14 digits, each digit indexing the
 * first 2757 lines of static/emojis.txt. 2757 is the smallest alphabet for which
 * 2757^14 >= 2^160, so the hash never needs more than 14 emojis.
 */

export const EMOJI_HASH_LENGTH = 14;
const EMOJI_ALPHABET_SIZE = 2757;
const EMOJI_FILE_LINES = 2800;

const EMOJI_SLICE_BITS = 160n;
/** compressed key (264 bits) = 12 dropped | 160 emoji | 80 colour | 12 dropped */
const EMOJI_SLICE_SHIFT = 80n + 12n;


let alphabet: readonly string[] | undefined;

function loadAlphabet(): readonly string[] {
  if (alphabet !== undefined) return alphabet;
  const lines = readDataLines('emojis.txt', EMOJI_FILE_LINES, 'the emoji list', 'shared');
  alphabet = lines.slice(0, EMOJI_ALPHABET_SIZE);
  return alphabet;
}

/** Big-endian digits of `value` in `base`, left-padded with zeros to at least `minLength`. */
export function toBaseDigits(value: bigint, base: number, minLength = 1): number[] {
  const bigBase = BigInt(base);
  const digits: number[] = [];
  let rest = value;
  do {
    digits.push(Number(rest % bigBase));
    rest /= bigBase;
  } while (rest > 0n);
  while (digits.length < minLength) digits.push(0);
  return digits.reverse();
}

/** The emojis for a 160-bit value; exposed for status-go's slice-level test vectors. */
export function emojiHashFromValue(value: bigint): string[] {
  if (value < 0n || value >> EMOJI_SLICE_BITS !== 0n) {
    throw new IdentityError('INVALID_ARGUMENT', 'The emoji hash encodes a non-negative 160-bit value.');
  }
  const emojis = loadAlphabet();
  return toBaseDigits(value, EMOJI_ALPHABET_SIZE, EMOJI_HASH_LENGTH).map((digit) => {
    const emoji = emojis[digit];
    if (emoji === undefined) {
      throw new IdentityError('DATA_UNAVAILABLE', 'The emoji list is shorter than the emoji hash needs.');
    }
    return emoji;
  });
}

/** The 14-emoji hash of a 33- or 65-byte public key. */
export function emojiHash(publicKey: Uint8Array): string[] {
  const keyValue = bytesToNumberBE(compressPublicKey(publicKey));
  return emojiHashFromValue((keyValue >> EMOJI_SLICE_SHIFT) & ((1n << EMOJI_SLICE_BITS) - 1n));
}

import { bytesToNumberBE } from '@noble/curves/utils.js';
import { toBaseDigits } from './emoji-hash.ts';
import { compressPublicKey, publicKeyFromBytes } from './keys.ts';

/**
 * status-go's colour hash (protocol/identity/colorhash) and colour ID (protocol/identity/utils.go
 * ToColorID). The colour hash is the ring of coloured segments around an avatar: the 80 bits
 * after the emoji slice of the compressed key, written in base 160 (no padding), each digit
 * mapped to (segment length 1..5, colour 0..31) units-major.
 */

/** [segment length in units (1..5), colour index (0..31)] */
export type ColorHashSegment = [units: number, color: number];
export type ColorHash = ColorHashSegment[];

const MAX_SEGMENT_UNITS = 5;
const COLOR_COUNT = 32;

const COLOR_SLICE_BITS = 80n;
/** compressed key (264 bits) = 12 dropped | 160 emoji | 80 colour | 12 dropped */
const COLOR_SLICE_SHIFT = 12n;

/** status-go divides by (palette length 12) - 1, so IDs run 0..10. */
const COLOR_ID_MODULUS = 11n;

export function colorHashFromValue(value: bigint, maxUnits = MAX_SEGMENT_UNITS, colorCount = COLOR_COUNT): ColorHash {
  const segments = toBaseDigits(value, maxUnits * colorCount).map(
    (digit): ColorHashSegment => [Math.floor(digit / colorCount) + 1, digit % colorCount],
  );
  // Neighbouring segments of the same colour would read as one longer segment.
  for (let i = 1; i < segments.length; i++) {
    const previous = segments[i - 1];
    const current = segments[i];
    if (previous !== undefined && current !== undefined && current[1] === previous[1]) {
      current[1] = (current[1] + 1) % colorCount;
    }
  }
  return segments;
}

/** The colour hash of a 33- or 65-byte public key. */
export function colorHash(publicKey: Uint8Array): ColorHash {
  const keyValue = bytesToNumberBE(compressPublicKey(publicKey));
  return colorHashFromValue((keyValue >> COLOR_SLICE_SHIFT) & ((1n << COLOR_SLICE_BITS) - 1n));
}

/** The uncompressed 65-byte key read as one big-endian integer, mod 11 (as status-go's ToColorID("0x04…")). */
export function colorId(publicKey: Uint8Array): number {
  return Number(bytesToNumberBE(publicKeyFromBytes(publicKey)) % COLOR_ID_MODULUS);
}

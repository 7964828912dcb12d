import { keccak256 } from '../../crypto/hash.ts';
import type { Secp256k1 } from '../../crypto/secp256k1.ts';
import { EnvelopeError } from './errors.ts';

/**
 * The plaintext inside a 26/WAKU2-PAYLOAD version-1 envelope (Whisper's layout), byte for byte
 * as go-waku's waku_payload.go writes and parses it (status-reference.md §4.2):
 *
 *   flags(1) ‖ size(1–4, little-endian, only as many bytes as needed) ‖ data ‖ padding ‖ [signature(65)]
 *
 *   flags: low two bits = length of the size field; 0x04 = signed.
 *   padding: 256 − (rawSize mod 256) random bytes (1..256), rawSize = 1 + sizeLen + len(data) + 65 if signed,
 *            so the whole plaintext is a multiple of 256 bytes and hides the exact message length.
 *   signature: R ‖ S ‖ V over keccak256(every byte before it), the flag set first.
 */

export const FLAGS_LENGTH = 1;
export const SIZE_MASK = 0x03;
export const SIGNED_FLAG = 0x04;
export const PADDING_TARGET = 256;
export const SIGNATURE_LENGTH = 65;
/** The size field has at most 4 bytes (go-waku writes a uint32). */
export const MAX_DATA_LENGTH = 0xffff_ffff;

export type RandomSource = (length: number) => Uint8Array;

export type DecodedPlaintext = {
  data: Uint8Array;
  padding: Uint8Array;
  /** present when the signed flag is set (then `signer` is too) */
  signature: Uint8Array | undefined;
  /** 65-byte uncompressed key recovered from the signature */
  signer: Uint8Array | undefined;
};

/** Bytes needed for the little-endian size field: 1 below 256, 2 below 65536, … (getSizeOfPayloadSizeField). */
export function sizeFieldLength(dataLength: number): number {
  let length = 1;
  for (let rest = dataLength; rest >= 256; rest = Math.floor(rest / 256)) length += 1;
  return length;
}

/** Total plaintext length for `dataLength` bytes of data; a multiple of 256. */
export function plaintextLength(dataLength: number, signed: boolean): number {
  const rawSize = FLAGS_LENGTH + sizeFieldLength(dataLength) + dataLength + (signed ? SIGNATURE_LENGTH : 0);
  return rawSize + paddingLength(rawSize);
}

function paddingLength(rawSize: number): number {
  return PADDING_TARGET - (rawSize % PADDING_TARGET);
}

/**
 * Builds the plaintext. `signer` null builds an unsigned one, which Status never sends; it exists
 * so tests can check how receivers treat other clients' unsigned envelopes.
 */
export function encodePlaintext(
  data: Uint8Array,
  signer: Uint8Array | null,
  curve: Secp256k1,
  random: RandomSource,
): Uint8Array {
  const sizeLength = sizeFieldLength(data.length);
  const signatureLength = signer === null ? 0 : SIGNATURE_LENGTH;
  const rawSize = FLAGS_LENGTH + sizeLength + data.length + signatureLength;
  const padding = paddingLength(rawSize);
  const out = new Uint8Array(rawSize + padding);

  out[0] = sizeLength | (signer === null ? 0 : SIGNED_FLAG);
  let size = data.length;
  for (let i = 0; i < sizeLength; i += 1) {
    out[FLAGS_LENGTH + i] = size & 0xff;
    size = Math.floor(size / 256);
  }
  let offset = FLAGS_LENGTH + sizeLength;
  out.set(data, offset);
  offset += data.length;
  const pad = random(padding);
  if (pad.length !== padding) throw new RangeError('the random source returned the wrong number of bytes');
  out.set(pad, offset);
  offset += padding;

  if (signer !== null) {
    const signature = curve.sign(keccak256(out.subarray(0, offset)), signer);
    out.set(signature, offset);
  }
  return out;
}

/**
 * Parses a decrypted plaintext and recovers the signer (go-waku validateAndParse). The size field
 * is checked before the signature so malformed plaintexts cost no public-key recovery.
 *
 * Deliberate differences from go-waku, both for input no conforming sender produces:
 *   - a size-field length of 0 is BAD_FLAGS (go-waku reads it as empty data; js-waku rejects it;
 *     every encoder, ours included, writes at least one size byte);
 *   - the reserved flag bits 0xF8 are ignored, as go-waku does, so we accept what status-go accepts.
 */
export function decodePlaintext(plaintext: Uint8Array, curve: Secp256k1): DecodedPlaintext {
  const flags = plaintext[0];
  if (flags === undefined) throw new EnvelopeError('TOO_SHORT', 'The decrypted envelope is empty.');
  const signed = (flags & SIGNED_FLAG) !== 0;
  const end = plaintext.length - (signed ? SIGNATURE_LENGTH : 0);
  if (end <= FLAGS_LENGTH) {
    throw new EnvelopeError('TOO_SHORT', 'The decrypted envelope is too short for its flags and signature.');
  }

  const sizeLength = flags & SIZE_MASK;
  if (sizeLength === 0) throw new EnvelopeError('BAD_FLAGS', 'The envelope flags declare no payload-size field.');
  const begin = FLAGS_LENGTH + sizeLength;
  if (end < begin) throw new EnvelopeError('TOO_SHORT', 'The decrypted envelope ends inside its size field.');
  let size = 0;
  for (let i = sizeLength - 1; i >= 0; i -= 1) size = size * 256 + (plaintext[FLAGS_LENGTH + i] ?? 0);
  if (begin + size > end) {
    throw new EnvelopeError(
      'BAD_SIZE',
      `The envelope declares ${size} bytes of data but holds at most ${end - begin}.`,
    );
  }

  let signature: Uint8Array | undefined;
  let signer: Uint8Array | undefined;
  if (signed) {
    signature = plaintext.slice(end);
    try {
      signer = curve.recover(keccak256(plaintext.subarray(0, end)), signature);
    } catch (cause) {
      throw new EnvelopeError('BAD_SIGNATURE', 'No public key can be recovered from the envelope signature.', {
        cause,
      });
    }
  }
  return {
    data: plaintext.slice(begin, begin + size),
    padding: plaintext.slice(begin + size, end),
    signature,
    signer,
  };
}

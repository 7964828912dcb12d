/**
 * Every way a v1 payload envelope can fail, as one typed error. The receive path tries every
 * installed filter key on every message whose 4-byte topic matches, so most failures are routine
 * (BAD_TAG = "not for this key") and callers count them by `code` instead of parsing messages.
 */
import { CodedError } from '../../../shared/coded-error.ts';
export const ENVELOPE_ERROR_CODES = {
  /** fewer bytes than the smallest possible envelope of that kind */
  TOO_SHORT: 'TOO_SHORT',
  /** over the size cap; checked before any cryptographic work */
  TOO_LARGE: 'TOO_LARGE',
  /** authentication failed: wrong key, tampered bytes, or an invalid ECIES ephemeral key */
  BAD_TAG: 'BAD_TAG',
  /** the decrypted flags byte declares no payload-size field */
  BAD_FLAGS: 'BAD_FLAGS',
  /** the declared payload size runs past the end of the plaintext, or data is not bytes */
  BAD_SIZE: 'BAD_SIZE',
  /** the signature flag is set but no public key can be recovered from the signature */
  BAD_SIGNATURE: 'BAD_SIGNATURE',
  /** decrypted fine but carries no signature, and the caller requires one (Status always signs) */
  UNSIGNED: 'UNSIGNED',
  /** a key the caller passed is unusable: wrong length, all zeros, not a valid secp256k1 key */
  BAD_KEY: 'BAD_KEY',
} as const;

export type EnvelopeErrorCode = (typeof ENVELOPE_ERROR_CODES)[keyof typeof ENVELOPE_ERROR_CODES];

export class EnvelopeError extends CodedError<EnvelopeErrorCode> {}

export function isEnvelopeError(value: unknown): value is EnvelopeError {
  return value instanceof EnvelopeError;
}

/**
 * Every failure of the crypto layer is a CryptoError, whichever backend (native libsecp256k1 or
 * @noble/curves) ran: callers switch on `code` and never see a backend-specific message, so
 * swapping backends cannot change what a caller observes. Messages never contain key material.
 */
import { CodedError } from '../../shared/coded-error.ts';
export const CRYPTO_ERROR_CODES = {
  INVALID_PRIVATE_KEY: 'INVALID_PRIVATE_KEY',
  INVALID_PUBLIC_KEY: 'INVALID_PUBLIC_KEY',
  INVALID_SIGNATURE: 'INVALID_SIGNATURE',
  INVALID_HASH: 'INVALID_HASH',
  BACKEND_UNAVAILABLE: 'BACKEND_UNAVAILABLE',
} as const;

export type CryptoErrorCode = (typeof CRYPTO_ERROR_CODES)[keyof typeof CRYPTO_ERROR_CODES];

export class CryptoError extends CodedError<CryptoErrorCode> {}

export function isCryptoError(value: unknown): value is CryptoError {
  return value instanceof CryptoError;
}

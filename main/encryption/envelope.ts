import { defaultSecp256k1, type Secp256k1 } from '../crypto/secp256k1.ts';
import { AES_GCM_NONCE_LENGTH, AES_GCM_TAG_LENGTH, aesGcmOpen, aesGcmSeal, randomBytes } from '../crypto/symmetric.ts';
import { ECIES_OVERHEAD, eciesDecrypt, eciesEncrypt } from './envelope/ecies.ts';
import { EnvelopeError } from './envelope/errors.ts';
import {
  decodePlaintext,
  encodePlaintext,
  MAX_DATA_LENGTH,
  plaintextLength,
  type RandomSource,
} from './envelope/plaintext.ts';

/**
 * The 26/WAKU2-PAYLOAD version-1 envelope every Status WakuMessage payload travels in
 * (status-reference.md §4.2): a signed, padded plaintext (envelope/plaintext.ts), sealed either
 * with AES-256-GCM under a topic key, ciphertext ‖ tag ‖ nonce(12) (nonce appended), or with
 * go-ethereum ECIES to the recipient's public key (envelope/ecies.ts).
 *
 * Status always signs with the identity key, and receivers use the recovered key as the
 * transport-level sender, so encrypt* require a signer, decrypt* return it, and requireSigner()
 * turns an unsigned result into an UNSIGNED error.
 *
 * Every function is synchronous (native secp256k1, OpenSSL AES): one message costs well under a
 * millisecond, less than handing it to a worker would. Every failure is an EnvelopeError.
 */

export { ECIES_OVERHEAD } from './envelope/ecies.ts';
export { ENVELOPE_ERROR_CODES, EnvelopeError, type EnvelopeErrorCode, isEnvelopeError } from './envelope/errors.ts';

export const SYMMETRIC_KEY_LENGTH = 32;
/** ciphertext ‖ 16-byte tag ‖ 12-byte nonce */
export const SYMMETRIC_OVERHEAD = AES_GCM_TAG_LENGTH + AES_GCM_NONCE_LENGTH;
/**
 * Default cap on an envelope, before any work: status-go's default Waku max message size
 * (1 MiB, wakuv2 DefaultMaxMessageSize); its largest segments (768 KiB) fit with room to spare.
 */
export const DEFAULT_MAX_ENVELOPE_SIZE = 1 << 20;

export type EnvelopeOptions = {
  /** secp256k1 backend; the default is native when available */
  curve?: Secp256k1;
  /** cap on the encrypted envelope size in bytes (both directions) */
  maxSize?: number;
  /**
   * Source of padding, AES-GCM nonce, ECIES IV and ephemeral key. Tests inject a deterministic one;
   * production must leave the default (node:crypto randomBytes).
   */
  random?: RandomSource;
};

export type DecryptedEnvelope = {
  data: Uint8Array;
  /** 65-byte uncompressed key recovered from the envelope signature; undefined if unsigned */
  signer: Uint8Array | undefined;
  /** 65-byte R ‖ S ‖ V; undefined if unsigned */
  signature: Uint8Array | undefined;
};

export type SignedEnvelope = DecryptedEnvelope & { signer: Uint8Array; signature: Uint8Array };

function curveOf(options: EnvelopeOptions): Secp256k1 {
  return options.curve ?? defaultSecp256k1();
}

function maxSizeOf(options: EnvelopeOptions): number {
  return options.maxSize ?? DEFAULT_MAX_ENVELOPE_SIZE;
}

function checkSymmetricKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== SYMMETRIC_KEY_LENGTH) {
    throw new EnvelopeError('BAD_KEY', 'A symmetric envelope key is 32 bytes.');
  }
  // go-waku refuses an all-zero key (validateDataIntegrity): it is the classic "key never set" bug.
  if (key.every((byte) => byte === 0)) {
    throw new EnvelopeError('BAD_KEY', 'A symmetric envelope key must not be all zeros.');
  }
}

function checkSigner(signer: Uint8Array, curve: Secp256k1): void {
  if (!curve.isValidPrivateKey(signer)) {
    throw new EnvelopeError('BAD_KEY', 'The signing key is not a valid secp256k1 private key.');
  }
}

/** Refuses data that is not bytes, or whose envelope would exceed the cap. */
function checkData(data: Uint8Array, overhead: number, options: EnvelopeOptions): void {
  if (!(data instanceof Uint8Array)) throw new EnvelopeError('BAD_SIZE', 'Envelope data must be bytes.');
  const maxSize = maxSizeOf(options);
  if (data.length > MAX_DATA_LENGTH || plaintextLength(data.length, true) + overhead > maxSize) {
    throw new EnvelopeError(
      'TOO_LARGE',
      `The envelope for ${data.length} bytes of data would exceed ${maxSize} bytes.`,
    );
  }
}

function checkEnvelope(envelope: Uint8Array, minimum: number, options: EnvelopeOptions): void {
  if (!(envelope instanceof Uint8Array)) throw new EnvelopeError('TOO_SHORT', 'An envelope must be bytes.');
  const maxSize = maxSizeOf(options);
  if (envelope.length > maxSize) {
    throw new EnvelopeError('TOO_LARGE', `The envelope has ${envelope.length} bytes; the cap is ${maxSize}.`);
  }
  if (envelope.length < minimum) {
    throw new EnvelopeError('TOO_SHORT', `The envelope has ${envelope.length} bytes; at least ${minimum} are needed.`);
  }
}

/** Signs `data` with `signer` and seals it under a 32-byte topic key (AES-256-GCM, nonce appended). */
export function encryptSymmetric(
  data: Uint8Array,
  key: Uint8Array,
  signer: Uint8Array,
  options: EnvelopeOptions = {},
): Uint8Array {
  const curve = curveOf(options);
  checkData(data, SYMMETRIC_OVERHEAD, options);
  checkSymmetricKey(key);
  checkSigner(signer, curve);
  const random = options.random ?? randomBytes;
  const plaintext = encodePlaintext(data, signer, curve, random);
  const nonce = random(AES_GCM_NONCE_LENGTH);
  const sealed = aesGcmSeal(key, nonce, plaintext);
  const out = new Uint8Array(sealed.length + AES_GCM_NONCE_LENGTH);
  out.set(sealed, 0);
  out.set(nonce, sealed.length);
  return out;
}

/** Signs `data` with `signer` and encrypts it to `recipient` (33- or 65-byte key) with go-ethereum ECIES. */
export function encryptAsymmetric(
  data: Uint8Array,
  recipient: Uint8Array,
  signer: Uint8Array,
  options: EnvelopeOptions = {},
): Uint8Array {
  const curve = curveOf(options);
  checkData(data, ECIES_OVERHEAD, options);
  if (!(recipient instanceof Uint8Array) || !curve.isValidPublicKey(recipient)) {
    throw new EnvelopeError('BAD_KEY', 'The recipient public key is not a valid secp256k1 key.');
  }
  checkSigner(signer, curve);
  const random = options.random ?? randomBytes;
  return eciesEncrypt(recipient, encodePlaintext(data, signer, curve, random), curve, random);
}

/** Opens an envelope sealed under a topic key. Wrong key or tampering: BAD_TAG. */
export function decryptSymmetric(
  envelope: Uint8Array,
  key: Uint8Array,
  options: EnvelopeOptions = {},
): DecryptedEnvelope {
  checkEnvelope(envelope, SYMMETRIC_OVERHEAD, options);
  checkSymmetricKey(key);
  const nonceStart = envelope.length - AES_GCM_NONCE_LENGTH;
  const plaintext = aesGcmOpen(key, envelope.subarray(nonceStart), envelope.subarray(0, nonceStart));
  if (plaintext === undefined) {
    throw new EnvelopeError('BAD_TAG', 'The envelope does not authenticate under this key.');
  }
  const { data, signer, signature } = decodePlaintext(plaintext, curveOf(options));
  return { data, signer, signature };
}

/** Opens an ECIES envelope with the recipient's private key. Wrong key or tampering: BAD_TAG. */
export function decryptAsymmetric(
  envelope: Uint8Array,
  recipient: Uint8Array,
  options: EnvelopeOptions = {},
): DecryptedEnvelope {
  const curve = curveOf(options);
  checkEnvelope(envelope, ECIES_OVERHEAD, options);
  if (!(recipient instanceof Uint8Array) || !curve.isValidPrivateKey(recipient)) {
    throw new EnvelopeError('BAD_KEY', 'The recipient private key is not a valid secp256k1 key.');
  }
  const { data, signer, signature } = decodePlaintext(eciesDecrypt(envelope, recipient, curve), curve);
  return { data, signer, signature };
}

/** Status drops unsigned envelopes: it cannot attribute them to a sender. */
export function requireSigner(envelope: DecryptedEnvelope): SignedEnvelope {
  const { signer, signature } = envelope;
  if (signer === undefined || signature === undefined) {
    throw new EnvelopeError('UNSIGNED', 'The envelope carries no signature.');
  }
  return { ...envelope, signer, signature };
}

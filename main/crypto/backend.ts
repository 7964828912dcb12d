/**
 * What a secp256k1 implementation must provide. The facade (secp256k1.ts) validates every input
 * (lengths, SEC1 prefixes, scalar range) before calling a backend, and wraps whatever a backend
 * throws into a CryptoError, so backends stay thin adapters and behave identically.
 */
export type BackendName = 'native' | 'noble';

export type RecoverableSignature = {
  /** 64 bytes: R ‖ S, S in the lower half of the order (both backends normalise) */
  signature: Uint8Array;
  /** 0..3 */
  recovery: number;
};

export type Secp256k1Backend = {
  readonly name: BackendName;
  privateKeyVerify(privateKey: Uint8Array): boolean;
  /** `publicKey` has already been checked for a 33-byte 02/03 or 65-byte 04 prefix */
  publicKeyVerify(publicKey: Uint8Array): boolean;
  publicKeyCreate(privateKey: Uint8Array, compressed: boolean): Uint8Array;
  publicKeyConvert(publicKey: Uint8Array, compressed: boolean): Uint8Array;
  /** RFC 6979 deterministic nonce, low-S: the same bytes as go-ethereum's crypto.Sign */
  sign(hash: Uint8Array, privateKey: Uint8Array): RecoverableSignature;
  /** 65-byte uncompressed key; throws when no key can be recovered */
  recover(hash: Uint8Array, signature: Uint8Array, recovery: number): Uint8Array;
  /** x-coordinate of privateKey·publicKey, 32 bytes big-endian (not hashed) */
  ecdhX(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
};

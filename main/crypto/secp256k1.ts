import type { BackendName, Secp256k1Backend } from './backend.ts';
import { loadNativeBackend } from './backend-native.ts';
import { loadNobleBackend } from './backend-noble.ts';
import { CryptoError, isCryptoError } from './errors.ts';
import { randomBytes } from './symmetric.ts';

/**
 * The secp256k1 operations the Status protocol needs, with go-ethereum's conventions:
 *   - signatures are 65 bytes R ‖ S ‖ V with V ∈ {0,1} (crypto.Sign), over a caller-supplied
 *     32-byte hash (keccak256 everywhere in Status), deterministic (RFC 6979) and low-S;
 *   - public keys come out uncompressed (0x04 ‖ X ‖ Y, crypto.FromECDSAPub) unless asked otherwise;
 *   - ECDH returns the raw 32-byte x-coordinate of priv·pub, not hashed (ecies.GenerateShared),
 *     which ECIES, X3DH, the double ratchet and negotiated topics all build on.
 *
 * Backend: native libsecp256k1 when its prebuilt addon loads, @noble/curves otherwise.
 * WSD_CRYPTO=native|noble forces one (tests, benchmarks); forcing native where it cannot load
 * throws BACKEND_UNAVAILABLE on first use instead of silently running 30–90× slower.
 *
 * Every input is validated here, before any backend sees it, and every failure is a CryptoError,
 * so both backends accept and reject exactly the same inputs. (libsecp256k1 alone would accept
 * the SEC1 "hybrid" 0x06/0x07 key encodings that noble and go-ethereum reject.)
 */

export const PRIVATE_KEY_LENGTH = 32;
export const HASH_LENGTH = 32;
export const SIGNATURE_LENGTH = 65;
export const COMPRESSED_PUBLIC_KEY_LENGTH = 33;
export const UNCOMPRESSED_PUBLIC_KEY_LENGTH = 65;
export const SHARED_SECRET_LENGTH = 32;

export type { BackendName } from './backend.ts';

export type Secp256k1 = {
  readonly backend: BackendName;
  /** 65-byte R ‖ S ‖ V (V ∈ {0,1}) over a 32-byte hash */
  sign(hash: Uint8Array, privateKey: Uint8Array): Uint8Array;
  /** 65-byte uncompressed public key of the signer */
  recover(hash: Uint8Array, signature: Uint8Array): Uint8Array;
  /** 32-byte x-coordinate of privateKey·publicKey */
  ecdh(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** uncompressed (65 bytes) unless `compressed` */
  publicKey(privateKey: Uint8Array, compressed?: boolean): Uint8Array;
  /** any valid 33/65-byte key → 33 bytes */
  compress(publicKey: Uint8Array): Uint8Array;
  /** any valid 33/65-byte key → 65 bytes */
  decompress(publicKey: Uint8Array): Uint8Array;
  isValidPublicKey(publicKey: Uint8Array): boolean;
  isValidPrivateKey(privateKey: Uint8Array): boolean;
  randomPrivateKey(): Uint8Array;
};

function isBytes(value: unknown, length?: number): value is Uint8Array {
  return value instanceof Uint8Array && (length === undefined || value.length === length);
}

function hasPublicKeyShape(key: Uint8Array): boolean {
  const prefix = key[0];
  return (
    (key.length === UNCOMPRESSED_PUBLIC_KEY_LENGTH && prefix === 0x04) ||
    (key.length === COMPRESSED_PUBLIC_KEY_LENGTH && (prefix === 0x02 || prefix === 0x03))
  );
}

function createCurve(backend: Secp256k1Backend): Secp256k1 {
  const isValidPrivateKey = (privateKey: Uint8Array): boolean =>
    isBytes(privateKey, PRIVATE_KEY_LENGTH) && backend.privateKeyVerify(privateKey);

  const isValidPublicKey = (publicKey: Uint8Array): boolean =>
    isBytes(publicKey) && hasPublicKeyShape(publicKey) && backend.publicKeyVerify(publicKey);

  const checkPrivateKey = (privateKey: Uint8Array): void => {
    if (!isValidPrivateKey(privateKey)) {
      throw new CryptoError('INVALID_PRIVATE_KEY', 'A private key is 32 bytes encoding an integer in [1, n-1].');
    }
  };
  const checkPublicKey = (publicKey: Uint8Array): void => {
    if (!isValidPublicKey(publicKey)) {
      throw new CryptoError(
        'INVALID_PUBLIC_KEY',
        'A public key is a point on secp256k1: 33 bytes starting 02/03 or 65 bytes starting 04.',
      );
    }
  };
  const checkHash = (hash: Uint8Array): void => {
    if (!isBytes(hash, HASH_LENGTH)) throw new CryptoError('INVALID_HASH', 'Signatures cover a 32-byte hash.');
  };

  /** Runs a backend call whose inputs were validated; anything it still throws is reported as `code`. */
  const guarded = <T>(code: CryptoError['code'], message: string, run: () => T): T => {
    try {
      return run();
    } catch (cause) {
      if (isCryptoError(cause)) throw cause;
      throw new CryptoError(code, message, { cause });
    }
  };

  return {
    backend: backend.name,
    sign(hash, privateKey) {
      checkHash(hash);
      checkPrivateKey(privateKey);
      const { signature, recovery } = guarded('INVALID_PRIVATE_KEY', 'Signing failed.', () =>
        backend.sign(hash, privateKey),
      );
      const out = new Uint8Array(SIGNATURE_LENGTH);
      out.set(signature, 0);
      out[64] = recovery;
      return out;
    },
    recover(hash, signature) {
      checkHash(hash);
      // go-ethereum (secp256k1.RecoverPubkey) accepts V in 0..3 only; 27/28 is the JSON-RPC form, not the wire form.
      const recovery = isBytes(signature, SIGNATURE_LENGTH) ? signature[64] : undefined;
      if (recovery === undefined || recovery > 3) {
        throw new CryptoError('INVALID_SIGNATURE', 'A signature is 65 bytes R ‖ S ‖ V with V in 0..3.');
      }
      return guarded('INVALID_SIGNATURE', 'No public key can be recovered from this signature.', () =>
        backend.recover(hash, signature.subarray(0, 64), recovery),
      );
    },
    ecdh(privateKey, publicKey) {
      checkPrivateKey(privateKey);
      checkPublicKey(publicKey);
      return guarded('INVALID_PUBLIC_KEY', 'ECDH failed.', () => backend.ecdhX(privateKey, publicKey));
    },
    publicKey(privateKey, compressed = false) {
      checkPrivateKey(privateKey);
      return guarded('INVALID_PRIVATE_KEY', 'Deriving the public key failed.', () =>
        backend.publicKeyCreate(privateKey, compressed),
      );
    },
    compress(publicKey) {
      checkPublicKey(publicKey);
      return guarded('INVALID_PUBLIC_KEY', 'Invalid public key.', () => backend.publicKeyConvert(publicKey, true));
    },
    decompress(publicKey) {
      checkPublicKey(publicKey);
      return guarded('INVALID_PUBLIC_KEY', 'Invalid public key.', () => backend.publicKeyConvert(publicKey, false));
    },
    isValidPublicKey,
    isValidPrivateKey,
    randomPrivateKey() {
      // A random 32-byte string is outside [1, n-1] with probability ~2^-128; loop anyway.
      for (;;) {
        const candidate = randomBytes(PRIVATE_KEY_LENGTH);
        if (backend.privateKeyVerify(candidate)) return candidate;
      }
    },
  };
}

let nativeLoad: { curve: Secp256k1 } | { error: unknown } | undefined;
let nobleCurve: Secp256k1 | undefined;

function loadNative(): { curve: Secp256k1 } | { error: unknown } {
  if (nativeLoad === undefined) {
    try {
      nativeLoad = { curve: createCurve(loadNativeBackend()) };
    } catch (error) {
      nativeLoad = { error };
    }
  }
  return nativeLoad;
}

/** Whether the native addon loads on this machine (tests of the native backend skip otherwise). */
export function isNativeAvailable(): boolean {
  return 'curve' in loadNative();
}

/** A specific backend, for tests and benchmarks that compare them. */
export function secp256k1With(name: BackendName): Secp256k1 {
  if (name === 'noble') {
    nobleCurve ??= createCurve(loadNobleBackend());
    return nobleCurve;
  }
  const loaded = loadNative();
  if ('curve' in loaded) return loaded.curve;
  throw new CryptoError('BACKEND_UNAVAILABLE', 'The native secp256k1 addon could not be loaded.', {
    cause: loaded.error,
  });
}

let defaultCurve: Secp256k1 | undefined;

/** The backend the app uses: WSD_CRYPTO if set, else native when available, else noble. */
export function defaultSecp256k1(): Secp256k1 {
  if (defaultCurve === undefined) {
    const forced = process.env.WSD_CRYPTO;
    if (forced === 'native' || forced === 'noble') {
      defaultCurve = secp256k1With(forced);
    } else if (forced === undefined || forced === '') {
      defaultCurve = isNativeAvailable() ? secp256k1With('native') : secp256k1With('noble');
    } else {
      throw new CryptoError(
        'BACKEND_UNAVAILABLE',
        `WSD_CRYPTO must be "native" or "noble", not ${JSON.stringify(forced)}.`,
      );
    }
  }
  return defaultCurve;
}

export function sign(hash: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return defaultSecp256k1().sign(hash, privateKey);
}

export function recover(hash: Uint8Array, signature: Uint8Array): Uint8Array {
  return defaultSecp256k1().recover(hash, signature);
}

export function ecdh(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  return defaultSecp256k1().ecdh(privateKey, publicKey);
}

export function publicKey(privateKey: Uint8Array, compressed = false): Uint8Array {
  return defaultSecp256k1().publicKey(privateKey, compressed);
}

export function compress(key: Uint8Array): Uint8Array {
  return defaultSecp256k1().compress(key);
}

export function decompress(key: Uint8Array): Uint8Array {
  return defaultSecp256k1().decompress(key);
}

export function isValidPublicKey(key: Uint8Array): boolean {
  return defaultSecp256k1().isValidPublicKey(key);
}

export function isValidPrivateKey(key: Uint8Array): boolean {
  return defaultSecp256k1().isValidPrivateKey(key);
}

export function randomPrivateKey(): Uint8Array {
  return defaultSecp256k1().randomPrivateKey();
}

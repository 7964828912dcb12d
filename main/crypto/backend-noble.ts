import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { Secp256k1Backend } from './backend.ts';

const SIGN_OPTIONS = { prehash: false, lowS: true, format: 'recovered' } as const;

/** Pure JS fallback for platforms without a prebuilt addon, and the reference the native backend is tested against. */
export function loadNobleBackend(): Secp256k1Backend {
  return {
    name: 'noble',
    privateKeyVerify: (privateKey) => secp256k1.utils.isValidSecretKey(privateKey),
    publicKeyVerify(publicKey) {
      try {
        secp256k1.Point.fromBytes(publicKey).assertValidity();
        return true;
      } catch {
        return false;
      }
    },
    publicKeyCreate: (privateKey, compressed) => secp256k1.getPublicKey(privateKey, compressed),
    publicKeyConvert: (publicKey, compressed) => secp256k1.Point.fromBytes(publicKey).toBytes(compressed),
    sign(hash, privateKey) {
      // noble's recovered format is recovery ‖ R ‖ S; Ethereum's is R ‖ S ‖ V.
      const recovered = secp256k1.sign(hash, privateKey, SIGN_OPTIONS);
      return { signature: recovered.slice(1), recovery: recovered[0] ?? 0 };
    },
    recover: (hash, signature, recovery) =>
      secp256k1.Signature.fromBytes(signature, 'compact')
        .addRecoveryBit(recovery)
        .recoverPublicKey(hash)
        .toBytes(false),
    ecdhX: (privateKey, publicKey) => secp256k1.getSharedSecret(privateKey, publicKey, true).slice(1),
  };
}

// X3DH key agreement as Status runs it (no one-time prekeys): the three DH outputs are the
// raw 32-byte x-coordinates, concatenated and hashed with keccak256.
import { keccak256 } from '../crypto/hash.ts';
import { ecdh, publicKey, randomPrivateKey } from '../crypto/secp256k1.ts';

export interface X3dhInitiation {
  sharedKey: Uint8Array;
  /** Our ephemeral key, compressed: it travels in the X3DH header. */
  ephemeralPublicKey: Uint8Array;
}

/** Alice's side: SK = keccak256(DH(IK_A, SPK_B) ‖ DH(EK_A, IK_B) ‖ DH(EK_A, SPK_B)). */
export function x3dhInitiate(
  ourIdentityPrivateKey: Uint8Array,
  theirIdentityPublicKey: Uint8Array,
  theirSignedPreKey: Uint8Array,
  ephemeralPrivateKey: Uint8Array = randomPrivateKey(),
): X3dhInitiation {
  const sharedKey = keccak256(
    ecdh(ourIdentityPrivateKey, theirSignedPreKey),
    ecdh(ephemeralPrivateKey, theirIdentityPublicKey),
    ecdh(ephemeralPrivateKey, theirSignedPreKey),
  );
  return { sharedKey, ephemeralPublicKey: publicKey(ephemeralPrivateKey, true) };
}

/** Bob's side, from Alice's identity and ephemeral keys: the same SK. */
export function x3dhRespond(
  ourIdentityPrivateKey: Uint8Array,
  ourSignedPreKeyPrivateKey: Uint8Array,
  theirIdentityPublicKey: Uint8Array,
  theirEphemeralPublicKey: Uint8Array,
): Uint8Array {
  return keccak256(
    ecdh(ourSignedPreKeyPrivateKey, theirIdentityPublicKey),
    ecdh(ourIdentityPrivateKey, theirEphemeralPublicKey),
    ecdh(ourSignedPreKeyPrivateKey, theirEphemeralPublicKey),
  );
}

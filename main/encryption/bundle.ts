// X3DH bundles as status-go signs them: one signed prekey per installation (no one-time
// prekeys), signed by the identity key over the installations in lexicographic order.
import { keccak256 } from '../crypto/hash.ts';
import { compress, recover, sign } from '../crypto/secp256k1.ts';

export interface SignedPreKey {
  /** Compressed secp256k1 public key (33 bytes). */
  signedPreKey: Uint8Array;
  version: number;
  protocolVersion: number;
}

export interface BundleContent {
  /** Compressed identity key (33 bytes). */
  identity: Uint8Array;
  /** installation id → its signed prekey. */
  signedPreKeys: ReadonlyMap<string, SignedPreKey>;
  /** Nanoseconds since the epoch; 0 leaves it out of the signature (old bundles). */
  timestamp: bigint;
}

export interface SignedBundle extends BundleContent {
  signature: Uint8Array;
}

/** status-go keeps at most this many installations per identity. */
export const MAX_INSTALLATIONS = 3;
/** Signed prekeys are rotated when the bundle is older than this (BundleRefreshInterval). */
export const BUNDLE_REFRESH_MS = 24 * 60 * 60 * 1000;

const utf8 = (text: string) => new TextEncoder().encode(text);

/** ⨁ over installation ids in order of id: utf8(id) ‖ prekey ‖ decimal(version); then decimal(timestamp) if set. */
export function bundleSignatureMaterial(content: BundleContent): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const id of [...content.signedPreKeys.keys()].sort()) {
    const entry = content.signedPreKeys.get(id) as SignedPreKey;
    parts.push(utf8(id), entry.signedPreKey, utf8(String(entry.version)));
  }
  if (content.timestamp !== 0n) parts.push(utf8(content.timestamp.toString()));
  return Buffer.concat(parts);
}

export function signBundle(content: BundleContent, identityPrivateKey: Uint8Array): SignedBundle {
  return { ...content, signature: sign(keccak256(bundleSignatureMaterial(content)), identityPrivateKey) };
}

/** True when the signature recovers to the bundle's own identity key. */
export function verifyBundle(bundle: SignedBundle): boolean {
  try {
    const signer = recover(keccak256(bundleSignatureMaterial(bundle)), bundle.signature);
    return Buffer.from(compress(signer)).equals(Buffer.from(bundle.identity));
  } catch {
    return false;
  }
}

// Bundles to and from their protobuf (encryption.Bundle).
import { type encryption, i64, toBigInt } from '../wire/proto.ts';
import type { SignedBundle, SignedPreKey } from './bundle.ts';

export function bundleToProto(bundle: SignedBundle): encryption.Bundle.$Properties {
  const signedPreKeys: Record<string, { signedPreKey: Uint8Array; version: number; protocolVersion: number }> = {};
  for (const [installationId, key] of bundle.signedPreKeys) signedPreKeys[installationId] = { ...key };
  return { identity: bundle.identity, signedPreKeys, signature: bundle.signature, timestamp: i64(bundle.timestamp) };
}

export function bundleFromProto(proto: encryption.Bundle.$Properties): SignedBundle {
  const signedPreKeys = new Map<string, SignedPreKey>();
  for (const [installationId, key] of Object.entries(proto.signedPreKeys ?? {})) {
    signedPreKeys.set(installationId, {
      signedPreKey: Uint8Array.from(key.signedPreKey ?? []),
      version: key.version ?? 0,
      protocolVersion: key.protocolVersion ?? 0,
    });
  }
  return {
    identity: Uint8Array.from(proto.identity ?? []),
    signedPreKeys,
    signature: Uint8Array.from(proto.signature ?? []),
    timestamp: toBigInt(proto.timestamp),
  };
}

// In-memory implementations of the messenger's stores: the reference the database-backed
// ones must behave like, and what tests and a first run use.
import { publicKey, randomPrivateKey } from '../../crypto/secp256k1.ts';
import { type SignedBundle, signBundle } from '../../encryption/bundle.ts';
import type { EncryptionSession, SessionUpdate } from '../../encryption/protocol-message.ts';
import type { BundleSource, SessionStore } from './ports.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export function memoryBundles(chatKey: Uint8Array, installationId: string, now: () => number = Date.now): BundleSource {
  const preKey = randomPrivateKey();
  const bundle = signBundle(
    {
      identity: publicKey(chatKey, true),
      signedPreKeys: new Map([
        [installationId, { signedPreKey: publicKey(preKey, true), version: 0, protocolVersion: 1 }],
      ]),
      timestamp: BigInt(now()) * 1_000_000n,
    },
    chatKey,
  );
  const peers = new Map<string, SignedBundle>();
  return {
    installationId,
    ourBundle: () => bundle,
    ourSignedPreKeys: () => new Map([[hex(publicKey(preKey, true)), preKey]]),
    bundleOf: (peer) => peers.get(peer),
    learn: (b) => {
      const key = hex(b.identity);
      const known = peers.get(key);
      if (!known || known.timestamp < b.timestamp) peers.set(key, b);
    },
  };
}

export function memorySessions(): SessionStore {
  const sessions = new Map<string, EncryptionSession>();
  return {
    lookup: (peer, installation) => sessions.get(`${peer}/${installation}`),
    apply: (updates: SessionUpdate[]) => {
      for (const u of updates) sessions.set(`${u.peerIdentity}/${u.installationId}`, u.session);
    },
  };
}

// The negotiated 1:1 topic (status-go protocol/encryption/sharedsecret): the secret is
// DH(our identity, their identity), the same on both sides. Receiving a ratchet message from an
// installation whose attached bundle says protocol_version ≥ 1 records the secret as agreed for
// that installation; we send on the negotiated topic only once it is agreed for every one of
// their installations we encrypt to, and otherwise on their partitioned topic.
import { ecdh } from '../../crypto/secp256k1.ts';
import type { SignedBundle } from '../../encryption/bundle.ts';
import { negotiatedTopic } from '../../wire/content-topics.ts';

/** status-go's sharedSecretNegotiationVersion. */
export const SHARED_SECRET_NEGOTIATION_VERSION = 1;

/** Persistence of agreements; `peer` is the 0x04 key. */
export interface NegotiatedSecretStore {
  /** Records the secret for a peer's installation (idempotent). */
  agree(peer: string, installationId: string, secret: Uint8Array): void;
  /** Keeps the secret of a peer we write to, agreed or not: we listen on its topic from then on. */
  remember(peer: string, secret: Uint8Array): void;
  agreedInstallations(peer: string): ReadonlySet<string>;
  /** Every peer with a recorded secret, and the secret. */
  all(): Array<{ peer: string; secret: Uint8Array }>;
}

export function sharedSecret(ourPrivateKey: Uint8Array, theirPublicKey: Uint8Array): Uint8Array {
  return ecdh(ourPrivateKey, theirPublicKey);
}

/** The topic string of the negotiated topic with a peer: lowercase hex of the secret. */
export function negotiatedTopicWith(ourPrivateKey: Uint8Array, theirPublicKey: Uint8Array): string {
  return negotiatedTopic(sharedSecret(ourPrivateKey, theirPublicKey));
}

/**
 * The protocol version the sender's installation announces, read as status-go does
 * (getProtocolVersion): from the first attached bundle, the signed prekey of that installation.
 */
export function announcedVersion(bundles: readonly SignedBundle[], installationId: string): number {
  if (installationId === '') return 0;
  const first = bundles[0];
  return first?.signedPreKeys.get(installationId)?.protocolVersion ?? 0;
}

/** Whether a received ratchet message makes the secret agreed for its installation. */
export function agreesOnSecret(bundles: readonly SignedBundle[], installationId: string): boolean {
  return announcedVersion(bundles, installationId) >= SHARED_SECRET_NEGOTIATION_VERSION;
}

/** status-go's Agreed: true only when every targeted installation has agreed (none: false). */
export function isAgreed(targets: readonly string[], agreed: ReadonlySet<string>): boolean {
  return targets.length > 0 && targets.every((id) => agreed.has(id));
}

export class MemoryNegotiatedSecrets implements NegotiatedSecretStore {
  readonly #secrets = new Map<string, Uint8Array>();
  readonly #installations = new Map<string, Set<string>>();

  agree(peer: string, installationId: string, secret: Uint8Array): void {
    this.#secrets.set(peer, secret);
    const set = this.#installations.get(peer) ?? new Set<string>();
    set.add(installationId);
    this.#installations.set(peer, set);
  }

  remember(peer: string, secret: Uint8Array): void {
    if (!this.#secrets.has(peer)) this.#secrets.set(peer, secret);
  }

  agreedInstallations(peer: string): ReadonlySet<string> {
    return this.#installations.get(peer) ?? new Set();
  }

  all(): Array<{ peer: string; secret: Uint8Array }> {
    return [...this.#secrets].map(([peer, secret]) => ({ peer, secret }));
  }
}

// What the messenger needs from the layers around it, as small interfaces: the transport (a
// full or a light Waku node), our bundle and the peers' bundles, and the session table.
import type { SignedBundle } from '../../encryption/bundle.ts';
import type { SessionLookup, SessionUpdate } from '../../encryption/protocol-message.ts';
import type { WakuMessage } from '../../transport/message.ts';

export interface IncomingWakuMessage {
  pubsubTopic: string;
  message: WakuMessage;
  hashHex: string;
}

/**
 * Stops a subscription. `ready`, when present, settles once the subscription is in effect on
 * the network (a light node's filter request acknowledged); a full node's is at once.
 */
export type TransportUnsubscribe = (() => void) & { ready?: Promise<void> };

export interface MessengerTransport {
  publish(pubsubTopic: string, message: WakuMessage): Promise<{ ok: boolean; reason?: string }>;
  /** Delivers every message of the given content topics (a full node filters its relay traffic). */
  subscribe(contentTopics: string[], handler: (incoming: IncomingWakuMessage) => void): TransportUnsubscribe;
}

export interface BundleSource {
  installationId: string;
  ourBundle(): SignedBundle;
  /** Our signed prekeys, current and recent, by compressed public key (hex). */
  ourSignedPreKeys(): ReadonlyMap<string, Uint8Array>;
  bundleOf(peerIdentityHex: string): SignedBundle | undefined;
  /** Stores a verified bundle unless an equal or newer one is known. */
  learn(bundle: SignedBundle): void;
}

export interface SessionStore {
  lookup: SessionLookup;
  apply(updates: SessionUpdate[]): void;
}

/**
 * Our own other installations (devices/devices-service.ts): learned from our own bundles, used
 * only once paired (status-go's enabled installations).
 */
export interface OwnDevices {
  isPaired(installationId: string): boolean;
  /** Any paired installation at all: our 1:1 messages then also go to our own key. */
  hasPaired(): boolean;
  /** A verified bundle of our own identity (an ad of another device of ours, or one on its message). */
  learnOwnBundle(bundle: SignedBundle): void;
}

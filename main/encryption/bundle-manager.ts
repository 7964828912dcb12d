// Our X3DH bundle and what we know of peers' bundles, kept in the account database.
//
// Ours: one installation id per account database (a random UUIDv4, as status-go makes it) and
// one active signed prekey, rotated when older than BUNDLE_REFRESH_MS (24 h). A rotated-away
// prekey stays for PREKEY_RETENTION_MS (30 days): a peer may start a session from an older
// bundle of ours (seen on the contact-code topic or in an old message, or sent while we were
// offline), and its first message must still decrypt. The bundle's timestamp is the active
// prekey's creation time in ns, so the bundle only changes (and is only re-signed) on rotation.
//
// Theirs: bundles that verify are stored per identity (the newest whole bundle) and per
// installation (each with the timestamp of the newest bundle that carried it; an older bundle
// never replaces a newer one). A person's devices publish separate bundles, so encryption uses
// the union, the MAX_INSTALLATIONS freshest installations (status-go's MaxInstallations):
// devices that stopped announcing themselves fall out first.
//
// Writes nest inside the caller's transaction (better-sqlite3 turns an inner db.transaction
// into a savepoint), so a bundle can be stored together with the message that carried it.
import crypto from 'node:crypto';
import { compress, isValidPublicKey, publicKey, randomPrivateKey } from '../crypto/secp256k1.ts';
import type { Db } from '../storage/database.ts';
import { KeysRepository } from '../storage/messenger/keys-repository.ts';
import { Bundle, decodeOrError, encode, WireDecodeError } from '../wire/proto.ts';
import {
  BUNDLE_REFRESH_MS,
  MAX_INSTALLATIONS,
  type SignedBundle,
  type SignedPreKey,
  signBundle,
  verifyBundle,
} from './bundle.ts';
import { bundleFromProto, bundleToProto } from './bundle-codec.ts';

/** How long a rotated-away signed prekey still decrypts first messages. */
export const PREKEY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** status-go's signed prekeys carry protocol version 1 (negotiated topics supported). */
export const PROTOCOL_VERSION = 1;
/** A bundle is a few hundred bytes; anything stored beyond this is not one of ours. */
const MAX_BUNDLE_BYTES = 64 * 1024;

export const StoreBundleResult = {
  Stored: 'stored',
  /** Signature does not verify: dropped. */
  Invalid: 'invalid',
  /** Nothing newer than what we hold. */
  Stale: 'stale',
} as const;
export type StoreBundleResult = (typeof StoreBundleResult)[keyof typeof StoreBundleResult];

export interface BundleManagerOptions {
  db: Db;
  /** Our identity (chat) private key: signs our bundle. */
  identityPrivateKey: Uint8Array;
  /** Unix ms. */
  now?: () => number;
  /** Only tests replace this. */
  newInstallationId?: () => string;
  /**
   * Our other installations that are paired (enabled), and when pairing last changed: our
   * bundle lists them too (status-go's "own active installations", MAX_INSTALLATIONS in all).
   */
  paired?: () => { ids: ReadonlySet<string>; changedAt: number };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const nsOf = (ms: number) => BigInt(ms) * 1_000_000n;

export class BundleManager {
  readonly #db: Db;
  readonly #keys: KeysRepository;
  readonly #identityPrivateKey: Uint8Array;
  readonly #identity: Uint8Array;
  readonly #now: () => number;
  readonly installationId: string;
  readonly #paired: BundleManagerOptions['paired'];
  /** What the cached signature covers: our prekey, the paired installations' prekeys, the timestamp. */
  #signed: { material: string; bundle: SignedBundle } | undefined;

  constructor(options: BundleManagerOptions) {
    this.#db = options.db;
    this.#keys = new KeysRepository(options.db);
    this.#identityPrivateKey = options.identityPrivateKey;
    this.#identity = publicKey(options.identityPrivateKey, true);
    this.#now = options.now ?? Date.now;
    this.#paired = options.paired;
    const existing = this.#keys.installation();
    this.installationId =
      existing?.installationId ??
      this.#keys.ensureInstallation((options.newInstallationId ?? crypto.randomUUID)(), this.#now());
  }

  /**
   * Our current signed bundle (rotating the prekey first if it is due): this installation and
   * our paired other installations (their freshest prekeys as learned from their own bundles),
   * MAX_INSTALLATIONS in all. Re-signed when any of that changes; the timestamp moves forward
   * with our prekey, the listed installations' bundles and the last pairing change, so peers
   * never take the new bundle for a stale one.
   */
  ourBundle(): SignedBundle {
    const active = this.#current();
    const signedPreKeys = new Map<string, SignedPreKey>([
      [this.installationId, { signedPreKey: active.publicKey, version: 0, protocolVersion: PROTOCOL_VERSION }],
    ]);
    let timestamp = nsOf(active.createdAt);
    const paired = this.#paired?.();
    if (paired && paired.ids.size > 0) {
      if (nsOf(paired.changedAt) > timestamp) timestamp = nsOf(paired.changedAt);
      const own = this.#keys
        .peerInstallations(hex(this.#identity), Number.MAX_SAFE_INTEGER)
        .filter((i) => paired.ids.has(i.installationId) && i.installationId !== this.installationId)
        .slice(0, MAX_INSTALLATIONS - 1);
      for (const i of own) {
        signedPreKeys.set(i.installationId, {
          signedPreKey: i.signedPreKey,
          version: i.version,
          protocolVersion: i.protocolVersion,
        });
        if (i.timestamp > timestamp) timestamp = i.timestamp;
      }
    }
    const material = [...signedPreKeys]
      .map(([id, key]) => `${id}:${hex(key.signedPreKey)}:${key.version}`)
      .concat(timestamp.toString())
      .join(',');
    if (this.#signed?.material !== material) {
      const bundle = signBundle({ identity: this.#identity, signedPreKeys, timestamp }, this.#identityPrivateKey);
      this.#signed = { material, bundle };
    }
    return this.#signed.bundle;
  }

  /** Our signed prekeys still kept, compressed public key (hex) → private key, for decryption. */
  ourSignedPreKeys(): Map<string, Uint8Array> {
    this.#current();
    return new Map(this.#keys.preKeys().map((key) => [hex(key.publicKey), key.privateKey]));
  }

  /** Rotates the signed prekey if due and drops expired ones; true when it rotated. */
  rotateIfDue(): boolean {
    const before = this.#keys.activePreKey(this.installationId);
    return hex(this.#current().publicKey) !== (before ? hex(before.publicKey) : '');
  }

  /**
   * Learns a peer's bundle (from a message or a contact-code advertisement). Our own installation
   * in a bundle of our own identity is not a peer and is skipped.
   */
  storePeerBundle(bundle: SignedBundle): StoreBundleResult {
    if (!verifyBundle(bundle)) return StoreBundleResult.Invalid;
    const identity = hex(compress(bundle.identity));
    const own = identity === hex(this.#identity);
    const store = this.#db.transaction((): boolean => {
      let changed = this.#keys.putBundle({
        identity,
        bundle: encode(Bundle, bundleToProto(bundle)),
        timestamp: bundle.timestamp,
        receivedAt: this.#now(),
      });
      for (const [installationId, key] of bundle.signedPreKeys) {
        if (own && installationId === this.installationId) continue;
        // The schema holds compressed keys only; a bundle entry with anything else is unusable.
        if (key.signedPreKey.length !== 33 || !isValidPublicKey(key.signedPreKey)) continue;
        changed =
          this.#keys.putPeerInstallation({
            identity,
            installationId,
            signedPreKey: key.signedPreKey,
            version: key.version,
            protocolVersion: key.protocolVersion,
            timestamp: bundle.timestamp,
          }) || changed;
      }
      return changed;
    });
    return store() ? StoreBundleResult.Stored : StoreBundleResult.Stale;
  }

  /**
   * What to encrypt for: the peer's (compressed hex or key bytes) MAX_INSTALLATIONS freshest
   * installations. When they all come from the newest stored bundle this is that bundle as
   * signed; when they are merged from several bundles the signature is empty (no one signed
   * the merge; use storedBundle() to forward or re-verify).
   */
  bundleOf(peerIdentity: string | Uint8Array): SignedBundle | undefined {
    const identity = typeof peerIdentity === 'string' ? peerIdentity : hex(compress(peerIdentity));
    const stored = this.storedBundle(identity);
    if (!stored) return undefined;
    const installations = this.#keys.peerInstallations(identity, MAX_INSTALLATIONS);
    if (installations.length === 0) return undefined;
    const signedPreKeys = new Map<string, SignedPreKey>(
      installations.map((i) => [
        i.installationId,
        { signedPreKey: i.signedPreKey, version: i.version, protocolVersion: i.protocolVersion },
      ]),
    );
    const asSigned =
      stored.signedPreKeys.size === signedPreKeys.size &&
      [...signedPreKeys].every(([id, key]) => {
        const theirs = stored.signedPreKeys.get(id);
        return theirs !== undefined && hex(theirs.signedPreKey) === hex(key.signedPreKey);
      });
    if (asSigned) return stored;
    const newest = installations.reduce((max, i) => (i.timestamp > max ? i.timestamp : max), 0n);
    return { identity: stored.identity, signedPreKeys, timestamp: newest, signature: new Uint8Array(0) };
  }

  /** The newest whole bundle a peer signed, as received. */
  storedBundle(peerIdentity: string): SignedBundle | undefined {
    const row = this.#keys.bundle(peerIdentity);
    if (!row) return undefined;
    const decoded = decodeOrError(Bundle, row.bundle, MAX_BUNDLE_BYTES);
    if (decoded instanceof WireDecodeError)
      throw new Error(`stored bundle of ${peerIdentity} is corrupt: ${decoded.message}`);
    return bundleFromProto(decoded);
  }

  /** The active prekey, made or rotated as needed; retired ones past retention are deleted. */
  #current() {
    const now = this.#now();
    const active = this.#keys.activePreKey(this.installationId);
    if (active && now - active.createdAt < BUNDLE_REFRESH_MS) return active;
    const rotate = this.#db.transaction(() => {
      if (active) this.#keys.retirePreKey(active.publicKey, now);
      this.#keys.pruneRetiredPreKeys(now - PREKEY_RETENTION_MS);
      const privateKey = randomPrivateKey();
      const fresh = {
        publicKey: publicKey(privateKey, true),
        installationId: this.installationId,
        privateKey,
        createdAt: now,
      };
      this.#keys.insertActivePreKey(fresh);
      return { ...fresh, active: true, retiredAt: null };
    });
    return rotate();
  }
}

// The encryption layer of a 1:1 message as status-go builds it: one ProtocolMessage with our
// bundle attached and, per recipient installation, a double-ratchet message (started with
// X3DH, whose header is repeated until the peer answers); with no bundle known, the DH
// fallback under the "none" key. Sessions are inputs and outputs, never mutated here: the
// caller stores the updated ones in the same transaction as the message.
import { CodedError } from '../../shared/coded-error.ts';
import { compress, ecdh, publicKey, randomPrivateKey } from '../crypto/secp256k1.ts';
import { AES_GCM_NONCE_LENGTH, aesGcmOpen, aesGcmSeal, randomBytes } from '../crypto/symmetric.ts';
import { decodeOrError, encode, ProtocolMessage, WireDecodeError } from '../wire/proto.ts';
import { MAX_INSTALLATIONS, type SignedBundle, verifyBundle } from './bundle.ts';
import { bundleFromProto, bundleToProto } from './bundle-codec.ts';
import {
  initiateRatchet,
  RatchetError,
  type RatchetState,
  ratchetDecrypt,
  ratchetEncrypt,
  respondRatchet,
} from './ratchet/double-ratchet.ts';
import { x3dhInitiate, x3dhRespond } from './x3dh.ts';

/** The map key status-go uses for messages not addressed to an installation (DH fallback). */
export const NO_INSTALLATION = 'none';
/** A ProtocolMessage carries at most a few bundles and ratchet copies; far below this. */
export const MAX_PROTOCOL_MESSAGE_BYTES = 2 * 1024 * 1024;

export const EncryptionErrorCode = {
  Malformed: 'MALFORMED',
  /** No copy for our installation and no DH-fallback copy (status-go: ErrDeviceNotFound). */
  DeviceNotFound: 'DEVICE_NOT_FOUND',
  /** The X3DH header names a signed prekey we do not have (rotated away, or not ours). */
  UnknownPreKey: 'UNKNOWN_PREKEY',
  /** A ratchet message without X3DH header from a peer we have no session with. */
  NoSession: 'NO_SESSION',
  DecryptFailed: 'DECRYPT_FAILED',
  Replay: 'REPLAY',
  TooManySkipped: 'TOO_MANY_SKIPPED',
} as const;
export type EncryptionErrorCode = (typeof EncryptionErrorCode)[keyof typeof EncryptionErrorCode];

export class EncryptionError extends CodedError<EncryptionErrorCode> {}

export interface EncryptionSession {
  ratchet: RatchetState;
  /** The signed prekey the session started from (theirs when we initiated, ours when they did). */
  preKey: Uint8Array;
  /** Initiator side: our X3DH ephemeral key, repeated in every message until the peer answers. */
  x3dhEphemeral: Uint8Array | undefined;
  /** Responder side: the initiator's X3DH ephemeral key, so a replayed first message is not a new session. */
  theirEphemeral: Uint8Array | undefined;
}

/** Sessions are found by the peer's identity (compressed hex) and installation id. */
export type SessionLookup = (peerIdentity: string, installationId: string) => EncryptionSession | undefined;

export interface SessionUpdate {
  peerIdentity: string;
  installationId: string;
  session: EncryptionSession;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const same = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && Buffer.from(a).equals(Buffer.from(b));

export interface EncryptOptions {
  payload: Uint8Array;
  ourIdentity: Uint8Array;
  ourInstallationId: string;
  ourBundle: SignedBundle;
  /** The recipient's identity key (33 or 65 bytes). */
  recipient: Uint8Array;
  /** Their latest verified bundle, if we know one. */
  recipientBundle: SignedBundle | undefined;
  sessions: SessionLookup;
}

export function encryptProtocolMessage(options: EncryptOptions): { bytes: Uint8Array; updates: SessionUpdate[] } {
  const recipient = compress(options.recipient);
  const peer = hex(recipient);
  const encryptedMessage: Record<string, object> = {};
  const updates: SessionUpdate[] = [];
  const installations = [...(options.recipientBundle?.signedPreKeys ?? new Map()).entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, MAX_INSTALLATIONS);

  if (installations.length === 0) {
    // No bundle: an ephemeral DH with their identity key; no forward secrecy (status-go does the same).
    const ephemeral = randomPrivateKey();
    const key = ecdh(ephemeral, recipient);
    const nonce = randomBytes(AES_GCM_NONCE_LENGTH);
    encryptedMessage[NO_INSTALLATION] = {
      DHHeader: { key: publicKey(ephemeral, true) },
      payload: Buffer.concat([aesGcmSeal(key, nonce, options.payload), nonce]),
    };
  }
  for (const [installationId, { signedPreKey }] of installations) {
    let session = options.sessions(peer, installationId);
    if (!session) {
      // No session with this installation yet: agree on a key with X3DH on its signed prekey.
      const agreed = x3dhInitiate(options.ourIdentity, recipient, signedPreKey);
      session = {
        ratchet: initiateRatchet(agreed.sharedKey, signedPreKey),
        preKey: signedPreKey,
        x3dhEphemeral: agreed.ephemeralPublicKey,
        theirEphemeral: undefined,
      };
    }
    const sent = ratchetEncrypt(session.ratchet, options.payload);
    encryptedMessage[installationId] = {
      ...(session.x3dhEphemeral ? { X3DHHeader: { key: session.x3dhEphemeral, id: session.preKey } } : {}),
      DRHeader: { key: sent.header.key, n: sent.header.n, pn: sent.header.pn, id: session.preKey },
      payload: sent.ciphertext,
    };
    updates.push({ peerIdentity: peer, installationId, session: { ...session, ratchet: sent.state } });
  }
  const bytes = encode(ProtocolMessage, {
    installationId: options.ourInstallationId,
    bundles: [bundleToProto(options.ourBundle)],
    encryptedMessage,
  });
  return { bytes, updates };
}

export interface DecryptOptions {
  bytes: Uint8Array;
  /** The sender's identity, as recovered from the envelope signature (65 bytes). */
  sender: Uint8Array;
  ourIdentity: Uint8Array;
  ourInstallationId: string;
  /** Our signed prekeys by compressed public key (hex) → private key. */
  ourSignedPreKeys: ReadonlyMap<string, Uint8Array>;
  sessions: SessionLookup;
}

export interface Decrypted {
  payload: Uint8Array;
  /** The sender's installation that encrypted it. */
  senderInstallationId: string;
  /** Bundles the sender attached that verify and belong to the sender: learn its installations. */
  bundles: SignedBundle[];
  update: SessionUpdate | undefined;
}

export function decryptProtocolMessage(options: DecryptOptions): Decrypted {
  const message = decodeOrError(ProtocolMessage, options.bytes, MAX_PROTOCOL_MESSAGE_BYTES);
  if (message instanceof WireDecodeError) throw new EncryptionError(EncryptionErrorCode.Malformed, message.message);
  const sender = compress(options.sender);
  const peer = hex(sender);
  const bundles = (message.bundles ?? [])
    .map(bundleFromProto)
    .filter((bundle) => same(bundle.identity, sender) && verifyBundle(bundle));
  const senderInstallationId = message.installationId ?? '';
  const base = { senderInstallationId, bundles };

  const entries = message.encryptedMessage ?? {};
  if (Object.keys(entries).length === 0 && message.publicMessage?.length) {
    return { ...base, payload: Uint8Array.from(message.publicMessage), update: undefined };
  }
  const entry = entries[options.ourInstallationId] ?? entries[NO_INSTALLATION];
  if (!entry) throw new EncryptionError(EncryptionErrorCode.DeviceNotFound, 'no copy of this message for this device');
  const payload = Uint8Array.from(entry.payload ?? []);

  if (entry.DHHeader?.key?.length) {
    let key: Uint8Array;
    try {
      key = ecdh(options.ourIdentity, entry.DHHeader.key);
    } catch {
      throw new EncryptionError(EncryptionErrorCode.Malformed, 'the DH header holds no valid key');
    }
    const plain =
      payload.length > AES_GCM_NONCE_LENGTH
        ? aesGcmOpen(
            key,
            payload.subarray(payload.length - AES_GCM_NONCE_LENGTH),
            payload.subarray(0, payload.length - AES_GCM_NONCE_LENGTH),
          )
        : undefined;
    if (!plain)
      throw new EncryptionError(EncryptionErrorCode.DecryptFailed, 'the DH-encrypted payload does not authenticate');
    return { ...base, payload: plain, update: undefined };
  }

  const dr = entry.DRHeader;
  if (!dr?.key?.length) throw new EncryptionError(EncryptionErrorCode.Malformed, 'neither a DH nor a ratchet header');
  const header = { key: Uint8Array.from(dr.key), n: dr.n ?? 0, pn: dr.pn ?? 0 };
  const existing = options.sessions(peer, senderInstallationId);
  const x3dh = entry.X3DHHeader?.key?.length ? entry.X3DHHeader : undefined;

  const attempt = (session: EncryptionSession): Decrypted => {
    const opened = ratchetDecrypt(session.ratchet, header, payload);
    // An answer from the peer confirms the session: stop repeating our X3DH header.
    const confirmed: EncryptionSession = { ...session, ratchet: opened.state, x3dhEphemeral: undefined };
    return {
      ...base,
      payload: opened.plaintext,
      update: { peerIdentity: peer, installationId: senderInstallationId, session: confirmed },
    };
  };

  // Both sides started a session before hearing the other (X3DH both ways at once: two devices
  // of ours pairing, or two peers writing first together). One session each way would leave each
  // side sending on the one the other replaced; status-go keeps both (by prekey id), we keep one:
  // the installation with the smaller id keeps its own, the other adopts it on its first message.
  let keepOurs = false;
  if (existing) {
    try {
      return attempt(existing);
    } catch (error) {
      // A peer that lost its session starts over with a new X3DH: fall through to a fresh one.
      // The same X3DH again is a replay of a first message, not a new start.
      if (!x3dh || same(existing.theirEphemeral, Uint8Array.from(x3dh.key ?? []))) throw ratchetFailure(error);
      keepOurs = existing.x3dhEphemeral !== undefined && options.ourInstallationId < senderInstallationId;
    }
  }
  if (!x3dh)
    throw new EncryptionError(EncryptionErrorCode.NoSession, 'a ratchet message from a peer without a session');
  const preKeyId = hex(Uint8Array.from(x3dh.id ?? []));
  const ourPreKey = options.ourSignedPreKeys.get(preKeyId);
  if (!ourPreKey)
    throw new EncryptionError(
      EncryptionErrorCode.UnknownPreKey,
      'the message was started with a prekey we do not have',
    );
  let sharedKey: Uint8Array;
  try {
    sharedKey = x3dhRespond(options.ourIdentity, ourPreKey, sender, Uint8Array.from(x3dh.key ?? []));
  } catch {
    throw new EncryptionError(EncryptionErrorCode.Malformed, 'the X3DH header holds no valid key');
  }
  const fresh: EncryptionSession = {
    ratchet: respondRatchet(sharedKey, ourPreKey),
    preKey: publicKey(ourPreKey, true),
    x3dhEphemeral: undefined,
    theirEphemeral: Uint8Array.from(x3dh.key ?? []),
  };
  try {
    const opened = attempt(fresh);
    // Read with their session, still sending on ours (its X3DH header repeated until they adopt it).
    return keepOurs && existing
      ? { ...opened, update: { peerIdentity: peer, installationId: senderInstallationId, session: existing } }
      : opened;
  } catch (error) {
    throw ratchetFailure(error);
  }
}

function ratchetFailure(error: unknown): EncryptionError {
  if (error instanceof RatchetError) {
    if (error.code === 'OLD_MESSAGE') return new EncryptionError(EncryptionErrorCode.Replay, error.message);
    if (error.code === 'TOO_MANY_SKIPPED')
      return new EncryptionError(EncryptionErrorCode.TooManySkipped, error.message);
    return new EncryptionError(EncryptionErrorCode.DecryptFailed, error.message);
  }
  return new EncryptionError(EncryptionErrorCode.DecryptFailed, String(error));
}

// Anchor for the 1:1 encryption cost: our Status double ratchet (secp256k1 DH, HKDF, AES-256-CTR
// + HMAC-SHA256) against Signal's (libsignal: X25519, AES-256-CBC + HMAC, in Rust through N-API)
// in the same run. Each op is a ping-pong: A encrypts to B, B decrypts, B answers, A decrypts,
// so every message carries a new ratchet key and both sides pay a DH ratchet step, the costly
// path. Sessions are set up before timing; the stores are in memory on both sides.
//
// libsignal is a 60 MB package with native builds for every platform, so it is not a dependency:
// `npm run bench:anchors` installs it (without saving) and runs this suite; otherwise it is skipped.
import { randomBytes } from 'node:crypto';
import { publicKey, randomPrivateKey } from '../../main/crypto/secp256k1.ts';
import {
  initiateRatchet,
  type RatchetState,
  ratchetDecrypt,
  ratchetEncrypt,
  respondRatchet,
} from '../../main/encryption/ratchet/double-ratchet.ts';
import { type Comparison, compare } from '../measure.ts';

const TEXT = new TextEncoder().encode(
  'a typical chat line of about eighty characters, as people write them every day.',
);

/** Our side: two ratchet states after X3DH (its shared key stands in as random bytes here). */
function ourPingPong(): () => void {
  const sharedKey = new Uint8Array(randomBytes(32));
  const bobSignedPreKey = randomPrivateKey();
  let alice: RatchetState = initiateRatchet(sharedKey, publicKey(bobSignedPreKey, true));
  let bob: RatchetState = respondRatchet(sharedKey, bobSignedPreKey);
  const send = (from: RatchetState, to: RatchetState): [RatchetState, RatchetState] => {
    const sealed = ratchetEncrypt(from, TEXT);
    const opened = ratchetDecrypt(to, sealed.header, sealed.ciphertext);
    return [sealed.state, opened.state];
  };
  return () => {
    [alice, bob] = send(alice, bob);
    [bob, alice] = send(bob, alice);
  };
}

// biome-ignore lint/suspicious/noExplicitAny: libsignal's types are only there when it is installed.
type Signal = any;

async function loadLibsignal(): Promise<Signal | undefined> {
  try {
    const name = '@signalapp/libsignal-client';
    return await import(name);
  } catch {
    return undefined;
  }
}

/** One party's in-memory stores, as libsignal's abstract classes want them. */
function party(S: Signal, name: string) {
  const identity = S.IdentityKeyPair.generate();
  const registrationId = 1 + Math.floor(Math.random() * 16000);
  const sessions = new Map<string, unknown>();
  const identities = new Map<string, unknown>();
  const preKeys = new Map<number, unknown>();
  const signedPreKeys = new Map<number, unknown>();
  const kyberPreKeys = new Map<number, unknown>();
  const key = (address: Signal) => `${address.name()}.${address.deviceId()}`;
  const stores = {
    session: new (class extends S.SessionStore {
      async saveSession(address: Signal, record: unknown) {
        sessions.set(key(address), record);
      }
      async getSession(address: Signal) {
        return sessions.get(key(address)) ?? null;
      }
      async getExistingSessions(addresses: Signal[]) {
        return addresses.map((a) => sessions.get(key(a))).filter(Boolean);
      }
    })(),
    identity: new (class extends S.IdentityKeyStore {
      async getIdentityKey() {
        return identity.privateKey;
      }
      async getLocalRegistrationId() {
        return registrationId;
      }
      async saveIdentity(address: Signal, publicKey: unknown) {
        const known = identities.has(key(address));
        identities.set(key(address), publicKey);
        return known ? 1 : 0;
      }
      async isTrustedIdentity() {
        return true;
      }
      async getIdentity(address: Signal) {
        return identities.get(key(address)) ?? null;
      }
    })(),
    preKey: new (class extends S.PreKeyStore {
      async savePreKey(id: number, record: unknown) {
        preKeys.set(id, record);
      }
      async getPreKey(id: number) {
        return preKeys.get(id);
      }
      async removePreKey(id: number) {
        preKeys.delete(id);
      }
    })(),
    signedPreKey: new (class extends S.SignedPreKeyStore {
      async saveSignedPreKey(id: number, record: unknown) {
        signedPreKeys.set(id, record);
      }
      async getSignedPreKey(id: number) {
        return signedPreKeys.get(id);
      }
    })(),
    kyberPreKey: new (class extends S.KyberPreKeyStore {
      async saveKyberPreKey(id: number, record: unknown) {
        kyberPreKeys.set(id, record);
      }
      async getKyberPreKey(id: number) {
        return kyberPreKeys.get(id);
      }
      async markKyberPreKeyUsed() {}
    })(),
  };
  const address = S.ProtocolAddress.new(name, 1);
  /** A bundle as a server would hand it out (one-time prekey, signed prekey, Kyber prekey). */
  const bundle = () => {
    const preKey = S.PrivateKey.generate();
    const signed = S.PrivateKey.generate();
    const signedSignature = identity.privateKey.sign(signed.getPublicKey().serialize());
    const kyber = S.KEMKeyPair.generate();
    const kyberSignature = identity.privateKey.sign(kyber.getPublicKey().serialize());
    preKeys.set(1, S.PreKeyRecord.new(1, preKey.getPublicKey(), preKey));
    signedPreKeys.set(1, S.SignedPreKeyRecord.new(1, Date.now(), signed.getPublicKey(), signed, signedSignature));
    kyberPreKeys.set(1, S.KyberPreKeyRecord.new(1, Date.now(), kyber, kyberSignature));
    return S.PreKeyBundle.new(
      registrationId,
      1,
      1,
      preKey.getPublicKey(),
      1,
      signed.getPublicKey(),
      signedSignature,
      identity.publicKey,
      1,
      kyber.getPublicKey(),
      kyberSignature,
    );
  };
  return { address, stores, bundle };
}

async function signalPingPong(S: Signal): Promise<() => Promise<void>> {
  const alice = party(S, 'alice');
  const bob = party(S, 'bob');
  await S.processPreKeyBundle(bob.bundle(), bob.address, alice.address, alice.stores.session, alice.stores.identity);
  const send = async (from: typeof alice, to: typeof alice) => {
    const sealed = await S.signalEncrypt(TEXT, to.address, from.address, from.stores.session, from.stores.identity);
    const bytes = sealed.serialize();
    if (sealed.type() === S.CiphertextMessageType.PreKey) {
      await S.signalDecryptPreKey(
        S.PreKeySignalMessage.deserialize(bytes),
        from.address,
        to.address,
        to.stores.session,
        to.stores.identity,
        to.stores.preKey,
        to.stores.signedPreKey,
        to.stores.kyberPreKey,
      );
    } else {
      await S.signalDecrypt(
        S.SignalMessage.deserialize(bytes),
        from.address,
        to.address,
        to.stores.session,
        to.stores.identity,
      );
    }
  };
  // The first exchange settles the pre-key stage; timing starts on the plain ratchet.
  await send(alice, bob);
  await send(bob, alice);
  return async () => {
    await send(alice, bob);
    await send(bob, alice);
  };
}

export async function ratchetAnchorBenchmarks(ops: number): Promise<Comparison[]> {
  const signal = await loadLibsignal();
  if (!signal) {
    process.stderr.write(
      'ratchet anchor skipped: @signalapp/libsignal-client is not installed (npm run bench:anchors)\n',
    );
    return [];
  }
  const ours = ourPingPong();
  const theirs = await signalPingPong(signal);
  return [
    await compare(
      'double ratchet ping-pong (2 messages, a DH step each)',
      'ours: Status ratchet (secp256k1, JS + native curve); baseline: libsignal (X25519, Rust)',
      { name: 'Status ratchet', op: ours },
      { name: 'libsignal', op: theirs },
      ops,
    ),
  ];
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import { type SignedBundle, signBundle } from '../../../main/encryption/bundle.ts';
import {
  decryptProtocolMessage,
  EncryptionError,
  type EncryptionSession,
  encryptProtocolMessage,
  NO_INSTALLATION,
  type SessionUpdate,
} from '../../../main/encryption/protocol-message.ts';
import { ProtocolMessage } from '../../../main/wire/proto.ts';

const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** One device of a person: identity, installation, signed prekey, bundle and session table. */
function device(identity: Uint8Array, installationId: string) {
  const signedPreKey = randomPrivateKey();
  const bundle: SignedBundle = signBundle(
    {
      identity: publicKey(identity, true),
      signedPreKeys: new Map([
        [installationId, { signedPreKey: publicKey(signedPreKey, true), version: 0, protocolVersion: 1 }],
      ]),
      timestamp: 1_700_000_000_000_000_000n,
    },
    identity,
  );
  const sessions = new Map<string, EncryptionSession>();
  return {
    identity,
    installationId,
    bundle,
    preKeys: new Map([[hex(publicKey(signedPreKey, true)), signedPreKey]]),
    sessions,
    lookup: (peer: string, inst: string) => sessions.get(`${peer}/${inst}`),
    apply: (updates: SessionUpdate[]) => {
      for (const u of updates) sessions.set(`${u.peerIdentity}/${u.installationId}`, u.session);
    },
  };
}

type Device = ReturnType<typeof device>;

function send(
  from: Device,
  to: Device | { identity: Uint8Array; bundle?: SignedBundle },
  message: string,
  bundle?: SignedBundle,
) {
  const out = encryptProtocolMessage({
    payload: text(message),
    ourIdentity: from.identity,
    ourInstallationId: from.installationId,
    ourBundle: from.bundle,
    recipient: publicKey(to.identity),
    recipientBundle: bundle,
    sessions: from.lookup,
  });
  from.apply(out.updates);
  return out.bytes;
}

function receive(at: Device, from: Device, bytes: Uint8Array) {
  const out = decryptProtocolMessage({
    bytes,
    sender: publicKey(from.identity),
    ourIdentity: at.identity,
    ourInstallationId: at.installationId,
    ourSignedPreKeys: at.preKeys,
    sessions: at.lookup,
  });
  if (out.update) at.apply([out.update]);
  return out;
}

const encryptionError = (code: string) => (error: unknown) => error instanceof EncryptionError && error.code === code;

describe('the 1:1 encryption layer', () => {
  test('first message: X3DH + ratchet to each installation of the bundle, our bundle attached', () => {
    const alice = device(randomPrivateKey(), 'alice-desktop');
    const bob = device(randomPrivateKey(), 'bob-phone');
    const bytes = send(alice, bob, 'hello bob', bob.bundle);
    const decoded = ProtocolMessage.decode(bytes);
    assert.equal(decoded.installationId, 'alice-desktop');
    assert.equal(decoded.bundles.length, 1);
    const entry = decoded.encryptedMessage['bob-phone'];
    assert.ok(entry?.X3DHHeader?.key?.length === 33 && entry.DRHeader?.key?.length === 33);
    assert.deepEqual(entry.DRHeader.id, bob.bundle.signedPreKeys.get('bob-phone')?.signedPreKey);
    const got = receive(bob, alice, bytes);
    assert.equal(read(got.payload), 'hello bob');
    assert.equal(got.senderInstallationId, 'alice-desktop');
    assert.equal(got.bundles.length, 1, 'the sender bundle verifies and is learnt');
  });

  test('the X3DH header is repeated until the peer answers, then the conversation runs on the ratchet', () => {
    const alice = device(randomPrivateKey(), 'a1');
    const bob = device(randomPrivateKey(), 'b1');
    receive(bob, alice, send(alice, bob, 'one', bob.bundle));
    const second = send(alice, bob, 'two', bob.bundle);
    assert.ok(ProtocolMessage.decode(second).encryptedMessage.b1?.X3DHHeader, 'not yet confirmed');
    assert.equal(read(receive(bob, alice, second).payload), 'two');
    const reply = send(bob, alice, 'hi alice', alice.bundle);
    assert.equal(ProtocolMessage.decode(reply).encryptedMessage.a1?.X3DHHeader, null, 'bob answers on the ratchet');
    assert.equal(read(receive(alice, bob, reply).payload), 'hi alice');
    const third = send(alice, bob, 'three', bob.bundle);
    assert.equal(ProtocolMessage.decode(third).encryptedMessage.b1?.X3DHHeader, null, 'confirmed: no more X3DH');
    assert.equal(read(receive(bob, alice, third).payload), 'three');
  });

  test('every installation of the recipient gets its own copy', () => {
    const alice = device(randomPrivateKey(), 'a1');
    const bobKey = randomPrivateKey();
    const phone = device(bobKey, 'phone');
    const desktop = device(bobKey, 'desktop');
    const both: SignedBundle = signBundle(
      {
        identity: publicKey(bobKey, true),
        signedPreKeys: new Map([...phone.bundle.signedPreKeys, ...desktop.bundle.signedPreKeys]),
        timestamp: 1n,
      },
      bobKey,
    );
    const bytes = send(alice, phone, 'to all of bob', both);
    assert.deepEqual(Object.keys(ProtocolMessage.decode(bytes).encryptedMessage).sort(), ['desktop', 'phone']);
    assert.equal(read(receive(phone, alice, bytes).payload), 'to all of bob');
    assert.equal(read(receive(desktop, alice, bytes).payload), 'to all of bob');
  });

  test('without a bundle: the DH fallback under "none"', () => {
    const alice = device(randomPrivateKey(), 'a1');
    const bob = device(randomPrivateKey(), 'b1');
    const bytes = send(alice, bob, 'no bundle yet');
    const decoded = ProtocolMessage.decode(bytes);
    assert.deepEqual(Object.keys(decoded.encryptedMessage), [NO_INSTALLATION]);
    assert.equal(decoded.encryptedMessage[NO_INSTALLATION]?.DHHeader?.key?.length, 33);
    assert.equal(read(receive(bob, alice, bytes).payload), 'no bundle yet');
    const carol = device(randomPrivateKey(), 'c1');
    assert.throws(() => receive(carol, alice, bytes), encryptionError('DECRYPT_FAILED'));
  });

  test('refusals: another device, a replay, a prekey we lack, a ratchet message without session', () => {
    const alice = device(randomPrivateKey(), 'a1');
    const bob = device(randomPrivateKey(), 'b1');
    const bytes = send(alice, bob, 'once', bob.bundle);
    const stranger = device(randomPrivateKey(), 'other');
    assert.throws(() => receive(stranger, alice, bytes), encryptionError('DEVICE_NOT_FOUND'));
    const bobWithoutKeys = { ...bob, preKeys: new Map<string, Uint8Array>() };
    assert.throws(() => receive(bobWithoutKeys, alice, bytes), encryptionError('UNKNOWN_PREKEY'));
    receive(bob, alice, bytes);
    assert.throws(() => receive(bob, alice, bytes), encryptionError('REPLAY'));
    // Alice's confirmed session: a fresh Bob (lost state) cannot read a header-less message.
    receive(alice, bob, send(bob, alice, 'ack', alice.bundle));
    const later = send(alice, bob, 'later', bob.bundle);
    const amnesiac = device(bob.identity, 'b1');
    assert.throws(() => receive(amnesiac, alice, later), encryptionError('NO_SESSION'));
  });

  test('a peer that lost its sessions starts over with a new X3DH and is understood', () => {
    const alice = device(randomPrivateKey(), 'a1');
    const bob = device(randomPrivateKey(), 'b1');
    receive(bob, alice, send(alice, bob, 'before', bob.bundle));
    receive(alice, bob, send(bob, alice, 'ack', alice.bundle));
    const reborn = { ...device(alice.identity, 'a1'), bundle: alice.bundle };
    assert.equal(
      read(receive(bob, reborn, send(reborn, bob, 'after a reinstall', bob.bundle)).payload),
      'after a reinstall',
    );
  });

  test('a forged sender cannot decrypt or impersonate', () => {
    const alice = device(randomPrivateKey(), 'a1');
    const bob = device(randomPrivateKey(), 'b1');
    const mallory = device(randomPrivateKey(), 'm1');
    const bytes = send(alice, bob, 'for bob', bob.bundle);
    // Bob is told the message comes from Mallory (a forged envelope signature cannot do that, but
    // if it did, X3DH with the wrong identity key yields another secret).
    assert.throws(() => receive(bob, mallory, bytes), encryptionError('DECRYPT_FAILED'));
    const got = receive(bob, alice, bytes);
    assert.equal(got.bundles.length, 1);
  });

  test('any bytes give a payload or a typed error', () => {
    const alice = device(randomPrivateKey(), 'a1');
    const bob = device(randomPrivateKey(), 'b1');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          receive(bob, alice, bytes);
        } catch (error) {
          assert.ok(error instanceof EncryptionError, String(error));
        }
      }),
      { numRuns: 500 },
    );
  });
});

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import { BUNDLE_REFRESH_MS, type SignedBundle, signBundle, verifyBundle } from '../../../main/encryption/bundle.ts';
import {
  BundleManager,
  PREKEY_RETENTION_MS,
  PROTOCOL_VERSION,
  StoreBundleResult,
} from '../../../main/encryption/bundle-manager.ts';
import { decryptProtocolMessage, encryptProtocolMessage } from '../../../main/encryption/protocol-message.ts';
import { SessionRepository } from '../../../main/encryption/session-repository.ts';
import { closeDatabase, type Db, openDatabase } from '../../../main/storage/database.ts';
import { accountMigrations } from '../../../main/storage/schema/account-migrations.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let dir: string;
let cleanup: () => void;
const opened = new Set<Db>();
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => {
  for (const db of opened) closeDatabase(db);
  opened.clear();
  cleanup();
});

const keys = new Map<string, Buffer>();
function openDb(name = 'account.db'): Db {
  const key = keys.get(name) ?? crypto.randomBytes(32);
  keys.set(name, key);
  const { db } = openDatabase({ path: path.join(dir, name), key, migrations: accountMigrations });
  opened.add(db);
  return db;
}
function close(db: Db): void {
  closeDatabase(db);
  opened.delete(db);
}

const T0 = 1_700_000_000_000;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);

/** A peer's bundle for one installation, signed at `ms`. */
function peerBundle(identity: Uint8Array, installationId: string, ms: number, preKey = randomPrivateKey()) {
  return signBundle(
    {
      identity: publicKey(identity, true),
      signedPreKeys: new Map([
        [installationId, { signedPreKey: publicKey(preKey, true), version: 0, protocolVersion: 1 }],
      ]),
      timestamp: BigInt(ms) * 1_000_000n,
    },
    identity,
  );
}

describe('our bundle', () => {
  test('one UUIDv4 installation id per account database, kept across opens', () => {
    const identity = randomPrivateKey();
    let db = openDb();
    const first = new BundleManager({ db, identityPrivateKey: identity }).installationId;
    assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    close(db);
    db = openDb();
    assert.equal(new BundleManager({ db, identityPrivateKey: identity }).installationId, first);
    assert.notEqual(new BundleManager({ db: openDb('other.db'), identityPrivateKey: identity }).installationId, first);
  });

  test('signed, lists our installation with its active prekey, stamped with the prekey creation time', () => {
    let now = T0;
    const identity = randomPrivateKey();
    const manager = new BundleManager({ db: openDb(), identityPrivateKey: identity, now: () => now });
    const bundle = manager.ourBundle();
    assert.equal(verifyBundle(bundle), true);
    assert.deepEqual(bundle.identity, publicKey(identity, true));
    assert.equal(bundle.timestamp, BigInt(T0) * 1_000_000n);
    assert.deepEqual([...bundle.signedPreKeys.keys()], [manager.installationId]);
    const entry = bundle.signedPreKeys.get(manager.installationId);
    assert.equal(entry?.protocolVersion, PROTOCOL_VERSION);
    const preKeys = manager.ourSignedPreKeys();
    assert.deepEqual([...preKeys.keys()], [hex(entry?.signedPreKey ?? new Uint8Array())]);
    now += BUNDLE_REFRESH_MS - 1;
    assert.equal(manager.ourBundle(), bundle, 'unchanged, not re-signed, before the refresh interval');
    assert.equal(manager.rotateIfDue(), false);
  });

  test('rotates after 24 h, keeps old prekeys for the retention, then drops them; survives reopening', () => {
    let now = T0;
    const identity = randomPrivateKey();
    let db = openDb();
    let manager = new BundleManager({ db, identityPrivateKey: identity, now: () => now });
    const first = manager.ourBundle();
    const firstKey = hex(first.signedPreKeys.get(manager.installationId)?.signedPreKey ?? new Uint8Array());

    now += BUNDLE_REFRESH_MS;
    const second = manager.ourBundle();
    assert.notEqual(second, first);
    assert.equal(verifyBundle(second), true);
    assert.equal(second.timestamp, BigInt(now) * 1_000_000n);
    const secondKey = hex(second.signedPreKeys.get(manager.installationId)?.signedPreKey ?? new Uint8Array());
    assert.notEqual(secondKey, firstKey);
    assert.deepEqual(new Set(manager.ourSignedPreKeys().keys()), new Set([firstKey, secondKey]));

    close(db);
    db = openDb();
    manager = new BundleManager({ db, identityPrivateKey: identity, now: () => now });
    assert.deepEqual(manager.ourBundle().signedPreKeys, second.signedPreKeys, 'the active prekey is stored');
    assert.equal(manager.ourBundle().timestamp, second.timestamp);

    // Daily rotations for the retention period: the first key goes once it is past retention.
    const retiredFirstAt = T0 + BUNDLE_REFRESH_MS;
    while (now <= retiredFirstAt + PREKEY_RETENTION_MS) {
      now += BUNDLE_REFRESH_MS;
      assert.equal(manager.rotateIfDue(), true);
      const kept = manager.ourSignedPreKeys();
      assert.equal(kept.has(firstKey), now - retiredFirstAt <= PREKEY_RETENTION_MS, `at +${now - T0} ms`);
    }
    assert.equal(manager.ourSignedPreKeys().has(firstKey), false);
    // Retired ones whose retirement is at most 30 days back (both ends of the window), plus the active one.
    assert.equal(manager.ourSignedPreKeys().size, PREKEY_RETENTION_MS / BUNDLE_REFRESH_MS + 2);
  });

  test('a first message started from our previous bundle still decrypts after rotation', () => {
    let now = T0;
    const alice = randomPrivateKey();
    const bob = randomPrivateKey();
    const aliceManager = new BundleManager({ db: openDb('alice.db'), identityPrivateKey: alice, now: () => now });
    const oldBundle = aliceManager.ourBundle();
    now += BUNDLE_REFRESH_MS * 3;
    assert.notEqual(aliceManager.ourBundle(), oldBundle);

    const bobManager = new BundleManager({ db: openDb('bob.db'), identityPrivateKey: bob, now: () => now });
    const out = encryptProtocolMessage({
      payload: text('late hello'),
      ourIdentity: bob,
      ourInstallationId: bobManager.installationId,
      ourBundle: bobManager.ourBundle(),
      recipient: publicKey(alice),
      recipientBundle: oldBundle,
      sessions: () => undefined,
    });
    const opened = decryptProtocolMessage({
      bytes: out.bytes,
      sender: publicKey(bob),
      ourIdentity: alice,
      ourInstallationId: aliceManager.installationId,
      ourSignedPreKeys: aliceManager.ourSignedPreKeys(),
      sessions: () => undefined,
    });
    assert.equal(read(opened.payload), 'late hello');
  });
});

describe("peers' bundles", () => {
  function manager() {
    let now = T0;
    const m = new BundleManager({ db: openDb(), identityPrivateKey: randomPrivateKey(), now: () => now });
    return { m, tick: (ms: number) => (now += ms) };
  }

  test('a stale bundle does not replace a newer one; forged ones are refused', () => {
    const { m } = manager();
    const peer = randomPrivateKey();
    const peerHex = hex(publicKey(peer, true));
    const newer = peerBundle(peer, 'device', T0 + 10);
    const older = peerBundle(peer, 'device', T0);
    assert.equal(m.bundleOf(peerHex), undefined);
    assert.equal(m.storePeerBundle(newer), StoreBundleResult.Stored);
    assert.equal(m.storePeerBundle(older), StoreBundleResult.Stale);
    assert.equal(m.storePeerBundle(newer), StoreBundleResult.Stale, 'the same again is no news');
    assert.deepEqual(m.bundleOf(peerHex), newer);
    assert.deepEqual(m.bundleOf(publicKey(peer)), newer, 'by key bytes too');
    assert.equal(verifyBundle(m.storedBundle(peerHex) as SignedBundle), true);

    const forged: SignedBundle = { ...peerBundle(peer, 'device', T0 + 20), signature: newer.signature };
    assert.equal(m.storePeerBundle(forged), StoreBundleResult.Invalid);
    const rotated = peerBundle(peer, 'device', T0 + 30);
    assert.equal(m.storePeerBundle(rotated), StoreBundleResult.Stored);
    assert.deepEqual(m.bundleOf(peerHex), rotated);
  });

  test('installations from separate bundles are merged; at most 3, the freshest', () => {
    const { m } = manager();
    const peer = randomPrivateKey();
    const peerHex = hex(publicKey(peer, true));
    const devices = ['d1', 'd2', 'd3', 'd4'].map((id, i) => peerBundle(peer, id, T0 + i * 1000));
    // Arrival order differs from signing order: the newest bundle is not the last to arrive.
    for (const i of [3, 0, 2, 1]) m.storePeerBundle(devices[i] as SignedBundle);
    const merged = m.bundleOf(peerHex);
    assert.deepEqual([...(merged?.signedPreKeys.keys() ?? [])].sort(), ['d2', 'd3', 'd4']);
    assert.equal(merged?.timestamp, (devices[3] as SignedBundle).timestamp);
    assert.equal(merged?.signature.length, 0, 'nobody signed the merge');
    assert.deepEqual(m.storedBundle(peerHex), devices[3], 'the newest whole bundle as signed');

    // d1 announces itself again: it is fresh now, d2 drops out.
    m.storePeerBundle(peerBundle(peer, 'd1', T0 + 5000));
    assert.deepEqual([...(m.bundleOf(peerHex)?.signedPreKeys.keys() ?? [])].sort(), ['d1', 'd3', 'd4']);
  });

  test('our own installation in a bundle of our own identity is not a peer installation', () => {
    const identity = randomPrivateKey();
    const m = new BundleManager({ db: openDb(), identityPrivateKey: identity, now: () => T0 });
    assert.equal(m.storePeerBundle(m.ourBundle()), StoreBundleResult.Stored);
    assert.equal(m.bundleOf(hex(publicKey(identity, true))), undefined);
    const paired = peerBundle(identity, 'laptop', T0 + 1);
    m.storePeerBundle(paired);
    assert.deepEqual([...(m.bundleOf(publicKey(identity))?.signedPreKeys.keys() ?? [])], ['laptop']);
  });

  test('storing a bundle joins the caller transaction', () => {
    const db = openDb();
    const m = new BundleManager({ db, identityPrivateKey: randomPrivateKey(), now: () => T0 });
    const peer = randomPrivateKey();
    assert.throws(() =>
      db.transaction(() => {
        m.storePeerBundle(peerBundle(peer, 'device', T0));
        throw new Error('the message could not be stored');
      })(),
    );
    assert.equal(m.bundleOf(hex(publicKey(peer, true))), undefined);
  });
});

describe('session repository', () => {
  test('a ratchet conversation survives closing and reopening both databases between every message', () => {
    const identities = { alice: randomPrivateKey(), bob: randomPrivateKey() };
    type Name = keyof typeof identities;
    const now = () => T0;
    const bundleOf = new Map<Name, SignedBundle>();
    const installation = new Map<Name, string>();
    for (const name of ['alice', 'bob'] as const) {
      const db = openDb(`${name}.db`);
      const m = new BundleManager({ db, identityPrivateKey: identities[name], now });
      bundleOf.set(name, m.ourBundle());
      installation.set(name, m.installationId);
      close(db);
    }

    // Each step opens the databases afresh, so only what was stored carries the conversation.
    const step = (from: Name, to: Name, body: string) => {
      const senderDb = openDb(`${from}.db`);
      const sender = new BundleManager({ db: senderDb, identityPrivateKey: identities[from], now });
      const senderSessions = new SessionRepository(senderDb, now);
      const out = encryptProtocolMessage({
        payload: text(body),
        ourIdentity: identities[from],
        ourInstallationId: sender.installationId,
        ourBundle: sender.ourBundle(),
        recipient: publicKey(identities[to]),
        recipientBundle: sender.bundleOf(publicKey(identities[to])),
        sessions: senderSessions.lookup,
      });
      senderDb.transaction(() => senderSessions.apply(out.updates))();
      close(senderDb);

      const receiverDb = openDb(`${to}.db`);
      const receiver = new BundleManager({ db: receiverDb, identityPrivateKey: identities[to], now });
      const receiverSessions = new SessionRepository(receiverDb, now);
      const opened = decryptProtocolMessage({
        bytes: out.bytes,
        sender: publicKey(identities[from]),
        ourIdentity: identities[to],
        ourInstallationId: receiver.installationId,
        ourSignedPreKeys: receiver.ourSignedPreKeys(),
        sessions: receiverSessions.lookup,
      });
      receiverDb.transaction(() => {
        for (const bundle of opened.bundles) receiver.storePeerBundle(bundle);
        if (opened.update) receiverSessions.apply([opened.update]);
      })();
      close(receiverDb);
      assert.equal(read(opened.payload), body);
      return opened;
    };

    // Bob knows Alice's bundle (e.g. from her contact code); Alice learns Bob's from his messages.
    const bobDb = openDb('bob.db');
    new BundleManager({ db: bobDb, identityPrivateKey: identities.bob, now }).storePeerBundle(
      bundleOf.get('alice') as SignedBundle,
    );
    close(bobDb);

    const first = step('bob', 'alice', 'hi alice');
    assert.equal(first.senderInstallationId, installation.get('bob'));
    assert.ok(first.update, 'an X3DH session was started');
    const turns: Array<[Name, Name]> = [
      ['bob', 'alice'],
      ['alice', 'bob'],
      ['alice', 'bob'],
      ['bob', 'alice'],
      ['alice', 'bob'],
      ['bob', 'alice'],
      ['bob', 'alice'],
      ['bob', 'alice'],
      ['alice', 'bob'],
    ];
    turns.forEach(([from, to], i) => {
      step(from, to, `message ${i} from ${from}`);
    });

    // After Alice answered, Bob's session is confirmed: no more X3DH header on his side.
    const db = openDb('bob.db');
    const session = new SessionRepository(db).lookup(
      hex(publicKey(identities.alice, true)),
      installation.get('alice') ?? '',
    );
    assert.ok(session);
    assert.equal(session.x3dhEphemeral, undefined);
  });

  test('apply in a rolled-back transaction leaves the previous session', () => {
    const db = openDb();
    const sessions = new SessionRepository(db, () => T0);
    const alice = randomPrivateKey();
    const bobManager = new BundleManager({
      db: openDb('bob.db'),
      identityPrivateKey: randomPrivateKey(),
      now: () => T0,
    });
    const encrypt = () =>
      encryptProtocolMessage({
        payload: text('x'),
        ourIdentity: alice,
        ourInstallationId: 'a',
        ourBundle: peerBundle(alice, 'a', T0),
        recipient: bobManager.ourBundle().identity,
        recipientBundle: bobManager.ourBundle(),
        sessions: sessions.lookup,
      });
    const first = encrypt();
    sessions.apply(first.updates);
    const [update] = first.updates;
    assert.ok(update);
    const stored = sessions.lookup(update.peerIdentity, update.installationId);
    assert.deepEqual(stored, update.session);
    assert.throws(() =>
      db.transaction(() => {
        sessions.apply(encrypt().updates);
        throw new Error('send failed');
      })(),
    );
    assert.deepEqual(sessions.lookup(update.peerIdentity, update.installationId), update.session);
    assert.equal(sessions.deletePeer(update.peerIdentity), 1);
    assert.equal(sessions.lookup(update.peerIdentity, update.installationId), undefined);
  });
});

// Our own other installations (status-go multidevice): learned from our own bundles, used only
// once paired; our 1:1 messages reach our paired devices; their acks are not the peer's.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DevicesService } from '../../../main/app/devices/devices-service.ts';
import { decodePairInstallation, encodePairInstallation } from '../../../main/app/devices/pair-installation.ts';
import { Messenger, type ReceivedChatMessage, type Rejection } from '../../../main/app/messenger/messenger.ts';
import { ownDevices, storedBundles } from '../../../main/app/messenger/stored-ports.ts';
import type { MessengerTransport } from '../../../main/app/messenger/ports.ts';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import { verifyBundle } from '../../../main/encryption/bundle.ts';
import { BundleManager } from '../../../main/encryption/bundle-manager.ts';
import { SessionRepository } from '../../../main/encryption/session-repository.ts';
import { MemoryMvdsStore } from '../../../main/reliability/mvds/node.ts';
import { closeDatabase, type Db, openDatabase } from '../../../main/storage/database.ts';
import { accountMigrations } from '../../../main/storage/schema/account-migrations.ts';
import { contactCodeTopic } from '../../../main/wire/content-topics.ts';
import { AmmType, ContactCodeAdvertisement, encode } from '../../../main/wire/proto.ts';
import { memoryBus, settle } from '../../helpers/memory-bus.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let dir: string;
let cleanup: () => void;
const opened: Db[] = [];
const running: Messenger[] = [];
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => {
  for (const m of running.splice(0)) m.stop();
  for (const db of opened.splice(0)) closeDatabase(db);
  cleanup();
});

function device(transport: MessengerTransport, chatKey: Uint8Array, name: string) {
  const { db } = openDatabase({
    path: path.join(dir, `${name}.db`),
    key: crypto.randomBytes(32),
    migrations: accountMigrations,
  });
  opened.push(db);
  const ourKey = `0x${Buffer.from(publicKey(chatKey)).toString('hex')}`;
  const inbox: ReceivedChatMessage[] = [];
  const rejections: Rejection[] = [];
  const delivered: string[] = [];
  let changes = 0;
  const bundles = new BundleManager({ db, identityPrivateKey: chatKey, paired: () => devices.paired() });
  const devices: DevicesService = new DevicesService({
    db,
    installationId: bundles.installationId,
    ourKey,
    name,
    sendToSelf: (type, payload) => messenger.sendApplication(ourKey, type, payload),
    onChanged: () => void changes++,
  });
  const messenger: Messenger = new Messenger({
    transport,
    chatKey,
    bundles: storedBundles(bundles),
    sessions: new SessionRepository(db),
    mvds: new MemoryMvdsStore(),
    atomically: (work) => db.transaction(work)(),
    devices: ownDevices(devices),
    events: {
      onMessage: (m) => inbox.push(m),
      onRejected: (r) => rejections.push(r),
      onDelivered: (id) => delivered.push(id),
      onApplicationMessage: (m) => void devices.onApplicationMessage(m),
    },
  });
  messenger.start();
  running.push(messenger);
  const advertise = () =>
    messenger.publishPublic(
      contactCodeTopic(ourKey),
      AmmType.CONTACT_CODE_ADVERTISEMENT,
      encode(ContactCodeAdvertisement, {}),
      {
        ephemeral: false,
      },
    );
  return { db, ourKey, bundles, devices, messenger, inbox, rejections, delivered, advertise, changes: () => changes };
}

/** Alice on two devices and Bob, on one bus; Alice's devices learned of each other from their ads. */
async function threeDevices() {
  const { transport } = memoryBus();
  const aliceKey = randomPrivateKey();
  const alice1 = device(transport, aliceKey, 'alice1');
  const alice2 = device(transport, aliceKey, 'alice2');
  const bob = device(transport, randomPrivateKey(), 'bob');
  await Promise.all([
    alice1.messenger.whenListening(),
    alice2.messenger.whenListening(),
    bob.messenger.whenListening(),
  ]);
  await alice1.advertise();
  await alice2.advertise();
  await settle();
  return { alice1, alice2, bob };
}

describe('own installations', () => {
  test('learned from our own contact-code ad, listed unpaired, this device first', async () => {
    const { alice1, alice2 } = await threeDevices();
    const list = alice2.devices.list();
    assert.equal(list[0]?.installationId, alice2.bundles.installationId);
    assert.equal(list[0]?.current, true);
    assert.equal(list[0]?.enabled, true);
    assert.deepEqual(
      list.slice(1).map((d) => [d.installationId, d.enabled, d.current]),
      [[alice1.bundles.installationId, false, false]],
    );
    assert.ok(alice2.changes() >= 1);
    // Unpaired: not in our bundle.
    assert.deepEqual([...alice2.bundles.ourBundle().signedPreKeys.keys()], [alice2.bundles.installationId]);
  });

  test('a message from an unpaired installation of ours is refused and counted', async () => {
    const { alice1, alice2, bob } = await threeDevices();
    await alice1.devices.setEnabled(alice2.bundles.installationId, true); // alice2 has not paired alice1
    await settle();
    await alice1.messenger.sendText(bob.ourKey, 'hi bob');
    await settle();
    assert.equal(bob.inbox.length, 1);
    assert.equal(alice2.inbox.length, 0);
    assert.ok(alice2.rejections.includes('not-paired-device'));
  });

  test('pairing lists the other installation in our bundle, re-signed; unpairing removes it', async () => {
    const { alice1, alice2 } = await threeDevices();
    const before = alice2.bundles.ourBundle();
    await alice2.devices.setEnabled(alice1.bundles.installationId, true);
    const after = alice2.bundles.ourBundle();
    assert.ok(verifyBundle(after));
    assert.deepEqual(
      [...after.signedPreKeys.keys()].sort(),
      [alice1.bundles.installationId, alice2.bundles.installationId].sort(),
    );
    assert.deepEqual(
      after.signedPreKeys.get(alice1.bundles.installationId)?.signedPreKey,
      alice1.bundles.ourBundle().signedPreKeys.get(alice1.bundles.installationId)?.signedPreKey,
    );
    assert.ok(after.timestamp >= before.timestamp);
    await alice2.devices.setEnabled(alice1.bundles.installationId, false);
    assert.deepEqual([...alice2.bundles.ourBundle().signedPreKeys.keys()], [alice2.bundles.installationId]);
    await assert.rejects(alice2.devices.setEnabled('nope', true), /no such installation/);
    await assert.rejects(alice2.devices.setEnabled(alice2.bundles.installationId, false), /always enabled/);
  });

  test('paired: our 1:1 message reaches our other device filed in the chat with the peer; the peer reaches both', async () => {
    const { alice1, alice2, bob } = await threeDevices();
    await alice1.devices.setEnabled(alice2.bundles.installationId, true);
    await alice2.devices.setEnabled(alice1.bundles.installationId, true);
    await settle();
    // The PairInstallation named the device.
    assert.equal(alice1.devices.list().find((d) => d.installationId === alice2.bundles.installationId)?.name, 'alice2');
    const id = await alice1.messenger.sendText(bob.ourKey, 'from my laptop');
    await settle();
    const copy = alice2.inbox.find((m) => m.id === id);
    assert.ok(copy, 'alice2 got the copy');
    assert.equal(copy.chatId, bob.ourKey);
    assert.equal(copy.sender, alice1.ourKey);
    assert.equal(copy.text, 'from my laptop');
    assert.equal(bob.inbox.length, 1);
    assert.equal(bob.inbox[0]?.id, id);
    // Bob learned alice2 from the bundle on alice1's message: his answer reaches both.
    await bob.messenger.sendText(alice1.ourKey, 'hello both');
    await settle();
    assert.deepEqual(
      alice1.inbox.map((m) => m.text),
      ['hello both'],
    );
    assert.deepEqual(
      alice2.inbox.map((m) => m.text),
      ['from my laptop', 'hello both'],
    );
    assert.equal(alice2.inbox[1]?.chatId, bob.ourKey);
    assert.equal(alice1.rejections.includes('not-paired-device'), false);
  });

  test("our own device's ack does not mark a message delivered to the peer", async () => {
    const { alice1, alice2 } = await threeDevices();
    await alice1.devices.setEnabled(alice2.bundles.installationId, true);
    await alice2.devices.setEnabled(alice1.bundles.installationId, true);
    await settle();
    const nobody = `0x${Buffer.from(publicKey(randomPrivateKey())).toString('hex')}`;
    const id = await alice1.messenger.sendText(nobody, 'no one is listening');
    await settle();
    assert.ok(alice2.inbox.some((m) => m.id === id));
    await settle();
    assert.deepEqual(alice1.delivered, []);
  });

  test('PairInstallation round-trips; garbage is refused', () => {
    const bytes = encodePairInstallation({ clock: 123n, installationId: 'abc', deviceType: 'desktop', name: 'laptop' });
    assert.deepEqual(decodePairInstallation(bytes), {
      clock: 123n,
      installationId: 'abc',
      deviceType: 'desktop',
      name: 'laptop',
    });
    assert.equal(decodePairInstallation(new Uint8Array([0xff, 0xff, 0xff])), null);
    assert.equal(
      decodePairInstallation(encodePairInstallation({ clock: 1n, installationId: '', deviceType: '', name: '' })),
      null,
    );
  });
});

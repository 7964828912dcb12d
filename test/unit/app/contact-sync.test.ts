// Contacts on our paired devices (status-go's SYNC_INSTALLATION_CONTACT_V2): the whole list when
// pairing, one contact on each change here; newer sides only; bad ones counted. Whole
// MessagingServices on an in-memory bus; Alice runs two installations of one account.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, describe, test } from 'node:test';
import { encodeContactSync, readContactSync } from '../../../main/app/devices/contact-sync.ts';
import { ContactRequestState } from '../../../main/storage/messenger/contacts-repository.ts';
import { AmmType, SyncInstallationContactV2 } from '../../../main/wire/proto.ts';
import {
  befriend,
  bus,
  closeAll,
  type Person,
  pairDevices,
  person,
  sentWhile,
  stateOf,
  until,
} from '../../helpers/messaging-people.ts';

after(closeAll);

const dropped = (p: Person, reason: string) => p.service.contactSync.dropped.get(reason as never) ?? 0;

/** Alice1 is mutual with Bob and blocked Mallory before Alice2 exists; then they pair. */
async function aliceOnTwoDevices() {
  const transport = bus();
  const seed = crypto.randomBytes(64);
  const alice1 = person(transport, 'Alice Liddell', seed);
  const bob = person(transport, 'Bob Builder');
  const mallory = person(transport, 'Mallory Evil');
  await befriend(alice1, bob);
  await until(() => alice1.service.contacts.get(bob.key)?.displayName === 'Bob Builder', "alice1 to get Bob's name");
  alice1.service.contacts.block(mallory.key);
  const alice2 = person(transport, 'Alice Liddell', seed);
  assert.equal(alice2.key, alice1.key);
  assert.equal(stateOf(alice2, bob), 'none');
  await pairDevices(alice1, alice2);
  await until(
    () => stateOf(alice2, bob) === 'mutual' && stateOf(alice2, mallory) === 'blocked',
    'alice2 to learn her contacts from alice1',
  );
  return { transport, alice1, alice2, bob, mallory };
}

describe('contact sync between paired devices', () => {
  test('after pairing, the new device lists the mutual contact (with its name) and the blocked one', async () => {
    const { alice1, alice2, bob, mallory } = await aliceOnTwoDevices();
    const listed = alice2.service.contacts.list();
    assert.deepEqual(listed.map((c) => [c.publicKey, c.state]).sort(), [
      ...[
        [bob.key, 'mutual'],
        [mallory.key, 'blocked'],
      ].sort(),
    ]);
    assert.equal(alice2.service.contacts.get(bob.key)?.displayName, 'Bob Builder');
    assert.ok(
      alice2.updates.some((c) => c.publicKey === bob.key && c.state === 'mutual'),
      'contacts.updated',
    );
    assert.equal(alice2.service.contacts.allows(bob.key), true);
    assert.equal(alice2.service.contacts.isBlocked(mallory.key), true);
    // Nothing was refused along the way on either side.
    for (const p of [alice1, alice2]) {
      for (const reason of ['invalid', 'future-clock', 'not-ours', 'send-failed'])
        assert.equal(dropped(p, reason), 0, reason);
    }
  });

  test('a later block, unblock and accept on one device shows on the other', async () => {
    const { transport, alice1, alice2, bob } = await aliceOnTwoDevices();
    alice2.service.contacts.block(bob.key);
    await until(() => stateOf(alice1, bob) === 'blocked', 'alice1 to see the block');
    alice1.service.contacts.unblock(bob.key);
    await until(() => stateOf(alice2, bob) !== 'blocked', 'alice2 to see the unblock');
    assert.equal(stateOf(alice2, bob), stateOf(alice1, bob));

    const carol = person(transport, 'Carol Singer');
    await carol.service.contacts.sendRequest(alice1.identity.chatKey, 'Hi Alice, Carol here');
    await until(() => stateOf(alice1, carol) === 'request-received', 'alice1 to get the request');
    await alice1.service.contacts.accept(carol.key);
    await until(() => stateOf(alice2, carol) === 'mutual', 'alice2 to see the accept');
    await until(() => stateOf(carol, alice1) === 'mutual', 'carol to see the accept');
  });

  test('a stale sync does not undo newer state; malformed and future ones are counted', async () => {
    const { alice1, alice2, bob } = await aliceOnTwoDevices();
    const mutual = alice1.service.contacts.ownDeviceContact(bob.key);
    assert.ok(mutual);
    // Not byte-identical to the sync sent on pairing (a re-send is simply deduplicated).
    const old = encodeContactSync({ ...mutual, displayName: 'Bob (old)' });
    alice1.service.contacts.block(bob.key);
    await until(() => stateOf(alice2, bob) === 'blocked', 'alice2 to see the block');

    const send = (payload: Uint8Array) =>
      alice1.service.messenger.sendApplication(alice1.key, AmmType.SYNC_INSTALLATION_CONTACT_V2, payload);
    const stale = dropped(alice2, 'stale');
    await send(old);
    await until(() => dropped(alice2, 'stale') > stale, 'alice2 to refuse the stale sync');
    assert.equal(stateOf(alice2, bob), 'blocked');
    assert.equal(alice2.service.contacts.get(bob.key)?.displayName, 'Bob Builder');

    await send(new Uint8Array([0xff, 0xff, 0xff]));
    await until(() => dropped(alice2, 'invalid') === 1, 'garbage counted');
    await send(encodeContactSync({ ...mutual, publicKey: '0x04abcd' }));
    await until(() => dropped(alice2, 'invalid') === 2, 'a bad key counted');
    const future = Date.now() + 24 * 3600_000;
    await send(encodeContactSync({ ...mutual, state: { ...mutual.state, localClock: future } }));
    await until(() => dropped(alice2, 'future-clock') === 1, 'a future clock counted');
    await send(encodeContactSync({ ...mutual, publicKey: alice1.key }));
    await until(() => dropped(alice2, 'about-us') === 1, 'a sync about ourselves counted');
    assert.equal(stateOf(alice2, bob), 'blocked');
  });

  test('a nickname names the contact and the chat, here and on the paired device; empty clears it', async () => {
    const { alice1, alice2, bob } = await aliceOnTwoDevices();
    const set = alice1.service.contacts.setNickname(bob.key, '  Bobby  ');
    assert.equal(set.nickname, 'Bobby');
    assert.equal(set.displayName, 'Bob Builder', 'their own name stays');
    await until(() => alice2.service.contacts.get(bob.key)?.nickname === 'Bobby', 'alice2 to get the nickname');
    assert.ok(alice2.updates.some((c) => c.publicKey === bob.key && c.nickname === 'Bobby'), 'contacts.updated there');
    await bob.service.sendText(alice1.key, 'hi');
    await until(
      () => alice1.service.listChats().some((c) => c.id === bob.key && c.name === 'Bobby'),
      'the chat named by the nickname',
    );
    assert.throws(() => alice1.service.contacts.setNickname(bob.key, 'x'.repeat(33)), { code: 'INVALID' });
    alice2.service.contacts.setNickname(bob.key, '');
    await until(() => alice1.service.contacts.get(bob.key)?.nickname === null, 'alice1 to see it cleared');
    assert.equal(alice1.service.listChats().find((c) => c.id === bob.key)?.name, 'Bob Builder');
  });

  test("a paired Status device's nickname and trust status come back unchanged in our next sync", async () => {
    const { alice1, alice2, bob } = await aliceOnTwoDevices();
    const mine = alice1.service.contacts.ownDeviceContact(bob.key);
    assert.ok(mine);
    // As a Status phone would send it: a newer local change with a nickname and trust.
    const clock = Date.now();
    const kept = { clock, nickname: 'Bobby', verificationStatus: 1, trustStatus: 1, customizationColor: 4 };
    await alice1.service.messenger.sendApplication(
      alice1.key,
      AmmType.SYNC_INSTALLATION_CONTACT_V2,
      encodeContactSync({ ...mine, kept }),
    );
    await until(
      () => alice2.service.contacts.ownDeviceContact(bob.key)?.kept?.nickname === 'Bobby',
      'alice2 to keep it',
    );
    // Alice2 blocks Bob later: her sync carries the kept fields back, not zeros.
    const sent = await sentWhile(alice2, AmmType.SYNC_INSTALLATION_CONTACT_V2, async () => {
      alice2.service.contacts.block(bob.key);
      await until(() => stateOf(alice1, bob) === 'blocked', 'alice1 to see the block');
    });
    const wire = SyncInstallationContactV2.decode(sent.at(-1) as Uint8Array);
    assert.equal(wire.blocked, true);
    assert.equal(wire.localNickname, 'Bobby');
    assert.equal(Number(wire.trustStatus), 1);
    assert.equal(Number(wire.verificationStatus), 1);
    assert.equal(wire.customizationColor, 4);
  });

  test('the message round-trips with status-go field semantics; unknown states are refused', () => {
    const key = `0x04${'11'.repeat(64)}`;
    const contact = {
      publicKey: key,
      state: {
        localState: ContactRequestState.Sent,
        localClock: 20,
        remoteState: ContactRequestState.Received,
        remoteClock: 10,
      },
      blocked: false,
      displayName: 'Bob',
      ensName: null,
      profileClock: 5,
    };
    // A point on the curve is needed for the key: use a real one.
    const real = person(bus(), 'X').key;
    const bytes = encodeContactSync({ ...contact, publicKey: real });
    // Without a mute, last_updated_locally is our side's clock, and it reads back as the mute's clock.
    const nothingKept = { clock: 20, nickname: '', verificationStatus: 0, trustStatus: 0, customizationColor: 0 };
    assert.deepEqual(readContactSync(bytes, 1000n), {
      ...contact,
      publicKey: real,
      mute: { muted: false, clock: 20 },
      kept: nothingKept,
    });
    const kept = { clock: 40, nickname: 'Bobby', verificationStatus: 1, trustStatus: 2, customizationColor: 3 };
    const full = encodeContactSync({ ...contact, publicKey: real, mute: { muted: true, clock: 30 }, kept });
    assert.deepEqual(readContactSync(full, 1000n), {
      ...contact,
      publicKey: real,
      mute: { muted: true, clock: 40 },
      kept,
    });
    const wire = SyncInstallationContactV2.decode(full);
    assert.equal(wire.localNickname, 'Bobby');
    assert.equal(Number(wire.lastUpdatedLocally), 40, 'the newest of our side, the mute and what we keep');
    const garbage = encodeContactSync({ ...contact, publicKey: real, kept: { ...kept, trustStatus: 1e6 } });
    assert.equal(readContactSync(garbage, 1000n), 'invalid');
    assert.equal(readContactSync(bytes, 19n), 'future-clock');
    const bad = encodeContactSync({ ...contact, publicKey: real, state: { ...contact.state, localState: 9 as never } });
    assert.equal(readContactSync(bad, 1000n), 'invalid');
  });
});

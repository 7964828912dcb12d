// Our chats on our paired devices (status-go's SYNC_CHAT_MESSAGES_READ, SYNC_CHAT_REMOVED,
// SYNC_DELETE_FOR_ME_MESSAGE, and `muted` in the contact sync): reading, hiding, muting a chat
// and deleting a message for me on one installation shows on the other; bad ones are counted. Whole MessagingServices on an in-memory
// bus; Alice runs two installations of one account.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { type ChatSyncDrop, readChatSync } from '../../../main/app/devices/chat-sync.ts';
import { encodeContactSync } from '../../../main/app/devices/contact-sync.ts';
import type { ReceivedApplication } from '../../../main/app/messenger/messenger.ts';
import type { MessengerTransport } from '../../../main/app/messenger/ports.ts';
import {
  AmmType,
  encode,
  SyncChatMessagesRead,
  SyncChatRemoved,
  SyncDeleteForMeMessage,
  u64,
} from '../../../main/wire/proto.ts';
import {
  befriend,
  bus,
  closeAll,
  type Person,
  pairDevices,
  person,
  stateOf,
  until,
} from '../../helpers/messaging-people.ts';

after(closeAll);

const dropped = (p: Person, reason: ChatSyncDrop) => p.service.chatSync.dropped.get(reason) ?? 0;
const unread = (p: Person, chatId: string) => p.service.listChats().find((c) => c.id === chatId)?.unreadCount;
const listed = (p: Person, chatId: string) => p.service.listChats().some((c) => c.id === chatId);
const NOW_NS = () => BigInt(Date.now()) * 1_000_000n;

/** A transport whose deliveries can be held, then released in an order of the test's choosing. */
function holdable(inner: MessengerTransport) {
  let held: Array<() => void> | null = null;
  const transport: MessengerTransport = {
    publish: inner.publish,
    subscribe: (topics, handler) =>
      inner.subscribe(topics, (incoming) => (held ? held.push(() => handler(incoming)) : handler(incoming))),
  };
  return {
    transport,
    hold: () => {
      held = [];
    },
    releaseNewestFirst: () => {
      const items = held ?? [];
      held = null;
      for (const deliver of items.reverse()) deliver();
      return items.length;
    },
  };
}

/** Alice1 (mutual with Bob) and Alice2, paired; Bob has written twice, and both devices have it unread. */
async function aliceOnTwoDevicesWithUnread(alice2Transport = (t: MessengerTransport) => t) {
  const transport = bus();
  const seed = crypto.randomBytes(64);
  const alice1 = person(transport, 'Alice Liddell', seed);
  const bob = person(transport, 'Bob Builder');
  await befriend(alice1, bob);
  const alice2 = person(alice2Transport(transport), 'Alice Liddell', seed);
  await pairDevices(alice1, alice2);
  await until(() => stateOf(alice2, bob) === 'mutual', 'alice2 to learn Bob from alice1');
  // Bob learns Alice2's installation from her advertisement, then writes to both.
  await alice2.service.contactCode.publish();
  await until(() => bob.service.messenger.bundleOf(alice1.key)?.signedPreKeys.size === 2, 'bob to know both devices');
  await bob.service.sendText(alice1.key, 'one');
  await bob.service.sendText(alice1.key, 'two');
  await until(() => unread(alice1, bob.key) === 2 && unread(alice2, bob.key) === 2, 'both devices to have 2 unread');
  return { transport, alice1, alice2, bob };
}

/** An app message as the messenger hands it over, signed by `sender`. */
const app = (sender: string, type: AmmType, payload: Uint8Array, extra: Partial<ReceivedApplication> = {}) =>
  ({
    id: `0x${crypto.randomBytes(32).toString('hex')}`,
    type,
    payload,
    sender,
    wakuTimestampNs: NOW_NS(),
    public: false,
    ...extra,
  }) as ReceivedApplication;

describe('chat sync between paired devices', () => {
  test('reading a chat on one device reads it on the other (up to the clock read there)', async () => {
    const { alice1, alice2, bob } = await aliceOnTwoDevicesWithUnread();
    assert.equal(alice1.service.markRead(bob.key), 2);
    await until(() => unread(alice2, bob.key) === 0, 'alice2 to see the chat read');
    assert.ok(alice2.chatChanges.includes(bob.key), 'chats.changed on the other device');
    assert.ok(alice1.chatChanges.includes(bob.key), 'and here');
    // Nothing left to read: nothing is sent, nothing changes.
    assert.equal(alice1.service.markRead(bob.key), 0);
    // A later message is unread on both, the earlier read does not cover it.
    await bob.service.sendText(alice1.key, 'three');
    await until(() => unread(alice1, bob.key) === 1 && unread(alice2, bob.key) === 1, 'the new one unread on both');
    alice2.service.markRead(bob.key);
    await until(() => unread(alice1, bob.key) === 0, 'alice1 to see it read');
    for (const p of [alice1, alice2]) {
      for (const reason of ['invalid', 'future-clock', 'not-ours', 'unknown-chat', 'send-failed'] as const)
        assert.equal(dropped(p, reason), 0, reason);
    }
  });

  test('deleting a message for me hides it on the other device too', async () => {
    const { alice1, alice2, bob } = await aliceOnTwoDevicesWithUnread();
    const one = alice1.service.listMessages(bob.key, null, 10).find((m) => m.text === 'one');
    assert.ok(one);
    await alice1.service.actions.delete(one.id, false);
    await until(() => alice2.removed.some((r) => r.id === one.id), 'alice2 to drop it from view');
    assert.deepEqual(
      alice2.service.listMessages(bob.key, null, 10).map((m) => m.text),
      ['two'],
    );
    // Bob still has it: this was for Alice only.
    assert.ok(bob.service.listMessages(alice1.key, null, 10).some((m) => m.text === 'one'));
  });

  test('a delete for me that comes before its message is kept and applied when the message arrives', async () => {
    let gate: ReturnType<typeof holdable> | undefined;
    const { alice1, alice2, bob } = await aliceOnTwoDevicesWithUnread((t) => {
      gate = holdable(t);
      return gate.transport;
    });
    assert.ok(gate);
    // Alice2 hears nothing for a while: Bob's message, then Alice1's delete of it, wait in line.
    gate.hold();
    await bob.service.sendText(alice1.key, 'regrettable');
    await until(() => alice1.incoming().some((m) => m.text === 'regrettable'), 'alice1 to get it');
    const regrettable = alice1.incoming().find((m) => m.text === 'regrettable');
    assert.ok(regrettable);
    await alice1.service.actions.delete(regrettable.id, false);
    // They reach Alice2 in the other order: the delete first (kept), then the message (deleted on arrival).
    assert.ok(gate.releaseNewestFirst() >= 2);
    await until(() => alice2.service.actions.pending.get('replayed') === 1, 'the kept delete to apply');
    assert.equal(alice2.service.actions.pending.get('kept'), 1);
    assert.deepEqual(
      alice2.service.listMessages(bob.key, null, 10).map((m) => m.text),
      ['two', 'one'],
    );
  });

  test('a delete for me from anyone but our paired devices, or garbage, is refused and counted', async () => {
    const { alice2, bob } = await aliceOnTwoDevicesWithUnread();
    const sync = encode(SyncDeleteForMeMessage, { clock: u64(Date.now()), messageId: `0x${'ab'.repeat(32)}` });
    alice2.service.actions.onApplicationMessage(app(bob.key, AmmType.SYNC_DELETE_FOR_ME_MESSAGE, sync));
    alice2.service.actions.onApplicationMessage(
      app(alice2.key, AmmType.SYNC_DELETE_FOR_ME_MESSAGE, sync, { public: true }),
    );
    assert.equal(alice2.service.actions.dropped.get('not-ours'), 2);
    alice2.service.actions.onApplicationMessage(
      app(alice2.key, AmmType.SYNC_DELETE_FOR_ME_MESSAGE, new Uint8Array([0xff, 0xff, 0xff])),
    );
    assert.equal(alice2.service.actions.dropped.get('invalid'), 1);
  });

  test('hiding a chat hides it on the other device; a newer message brings it back on both', async () => {
    const { alice1, alice2, bob } = await aliceOnTwoDevicesWithUnread();
    assert.equal(alice1.service.deleteChat(bob.key), true);
    await until(() => !listed(alice2, bob.key), 'alice2 to hide the chat');
    await bob.service.sendText(alice1.key, 'still there?');
    await until(() => listed(alice1, bob.key) && listed(alice2, bob.key), 'the chat back on both');
  });

  test('muting a 1:1 chat on one device mutes it on the other; an older mute does not undo a newer one', async () => {
    const { alice1, alice2, bob } = await aliceOnTwoDevicesWithUnread();
    const mutedAt = (p: Person) => p.service.listChats().find((c) => c.id === bob.key)?.muted;
    alice1.service.setMuted(bob.key, true);
    await until(() => mutedAt(alice2) === true, 'alice2 to mute it too');
    assert.ok(alice2.chatChanges.includes(bob.key));
    alice2.service.setMuted(bob.key, false);
    await until(() => mutedAt(alice1) === false, 'alice1 to unmute it too');
    // A contact sync carrying an older mute (its clock before the unmute) changes nothing.
    const contact = alice1.service.contacts.ownDeviceContact(bob.key);
    assert.ok(contact);
    const stale = encodeContactSync({
      ...contact,
      state: { ...contact.state, localClock: 1 },
      mute: { muted: true, clock: 2 },
    });
    const staleBefore = alice1.service.contactSync.dropped.get('stale') ?? 0;
    alice1.service.contactSync.onApplicationMessage(app(alice1.key, AmmType.SYNC_INSTALLATION_CONTACT_V2, stale));
    assert.equal(mutedAt(alice1), false);
    assert.equal(alice1.service.contactSync.dropped.get('stale'), staleBefore + 1);
  });

  test('a removal older than the chat’s latest message leaves it listed', async () => {
    const { alice2, bob } = await aliceOnTwoDevicesWithUnread();
    const last = alice2.service.listChats().find((c) => c.id === bob.key)?.lastMessage?.clock ?? 0;
    const removal = encode(SyncChatRemoved, { clock: u64(last - 1), id: bob.key });
    alice2.service.chatSync.onApplicationMessage(app(alice2.key, AmmType.SYNC_CHAT_REMOVED, removal));
    assert.equal(listed(alice2, bob.key), true);
    assert.equal(dropped(alice2, 'stale'), 1);
  });

  test('bad chat syncs are counted and change nothing', async () => {
    const { alice2, bob } = await aliceOnTwoDevicesWithUnread();
    const read = (id: string, clock: number) => encode(SyncChatMessagesRead, { clock: u64(clock), id });
    const deliver = (sender: string, payload: Uint8Array, extra: Partial<ReceivedApplication> = {}) =>
      alice2.service.chatSync.onApplicationMessage(app(sender, AmmType.SYNC_CHAT_MESSAGES_READ, payload, extra));
    deliver(bob.key, read(bob.key, Date.now())); // Bob cannot read Alice's chats
    deliver(alice2.key, read(bob.key, Date.now()), { public: true });
    deliver(alice2.key, new Uint8Array([0x0a, 0xff])); // truncated
    deliver(alice2.key, read('not a chat', Date.now()));
    deliver(alice2.key, read(bob.key, 0));
    deliver(alice2.key, read(bob.key, Date.now() + 10 * 60_000)); // from the future
    deliver(alice2.key, read(`0x04${'11'.repeat(64)}`, Date.now())); // not on the curve
    const stranger = person(bus(), 'Stranger');
    deliver(alice2.key, read(stranger.key, Date.now()));
    assert.deepEqual(Object.fromEntries(alice2.service.chatSync.dropped), {
      'not-ours': 2,
      invalid: 4,
      'future-clock': 1,
      'unknown-chat': 1,
    });
    assert.equal(unread(alice2, bob.key), 2);
    // Other app messages are not chat syncs.
    assert.equal(
      alice2.service.chatSync.onApplicationMessage(app(alice2.key, AmmType.CHAT_MESSAGE, new Uint8Array())),
      false,
    );
  });
});

describe('readChatSync', () => {
  const MAX = 10n ** 15n;
  test('wire: field 1 is the clock, field 2 the chat id (status-go pairing.proto)', () => {
    const bytes = encode(SyncChatMessagesRead, { clock: u64(300), id: 'x' });
    assert.deepEqual([...bytes], [0x08, 0xac, 0x02, 0x12, 0x01, 0x78]);
    assert.deepEqual([...encode(SyncChatRemoved, { clock: u64(300), id: 'x' })], [...bytes]);
  });

  test('a group id is kept as is; a 1:1 id is normalised to lowercase 0x04 hex', () => {
    const key = person(bus(), 'K').key;
    const upper = `0x${key.slice(2).toUpperCase()}`;
    assert.deepEqual(
      readChatSync(SyncChatMessagesRead, encode(SyncChatMessagesRead, { clock: u64(5), id: upper }), MAX),
      {
        chatId: key,
        clock: 5,
      },
    );
    const group = `0b6c8f0e-7d7c-4c7a-b1d1-6e3cfa7b9d42-${key}`;
    assert.deepEqual(readChatSync(SyncChatRemoved, encode(SyncChatRemoved, { clock: u64(5), id: group }), MAX), {
      chatId: group,
      clock: 5,
    });
  });

  test('any bytes give a chat and clock or a refusal, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        for (const type of [SyncChatMessagesRead, SyncChatRemoved]) {
          const result = readChatSync(type, bytes, MAX);
          assert.ok(
            result === 'invalid' || result === 'future-clock' || (result.clock > 0 && result.chatId.length > 0),
          );
        }
      }),
      { numRuns: 2000 },
    );
  });
});

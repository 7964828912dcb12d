// Private groups between whole MessagingServices on an in-memory bus: membership events reach
// every member (contacts or not), invitations from strangers wait for a join, messages reach
// exactly the members of the moment, and forged or stray traffic is counted, not applied.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { EventType, signEvent } from '../../../main/app/groups/group-events.ts';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import { AmmType, encode, MembershipUpdateMessage } from '../../../main/wire/proto.ts';
import { befriend, bus, closeAll, type Person, person, settle, until } from '../../helpers/messaging-people.ts';

after(closeAll);
const eve = randomPrivateKey();

const groupOf = (p: Person, chatId: string) => {
  try {
    return p.service.groups.get(chatId);
  } catch {
    return null;
  }
};
const texts = (p: Person, chatId: string) =>
  p.added.filter((m) => m.chatId === chatId && !m.system && !m.outgoing).map((m) => m.text);

describe('private groups on a bus', () => {
  const net = bus();
  const alice = person(net, 'Alice');
  const bob = person(net, 'Bob');
  const carol = person(net, 'Carol');
  const dave = person(net, 'Dave');
  let chatId = '';

  test('Alice creates a group: Bob (a contact) is in, Carol (a stranger) is invited and joins', async () => {
    await befriend(alice, bob);
    const view = await alice.service.groups.create('Trip', [bob.key, carol.key]);
    chatId = view.chatId;
    assert.equal(view.admin, true);
    assert.equal(view.members.length, 3);
    await until(() => groupOf(bob, chatId) !== null && groupOf(carol, chatId) !== null, 'both to learn the group');
    assert.equal(groupOf(bob, chatId)?.invitation, false);
    assert.equal(groupOf(carol, chatId)?.invitation, true);
    assert.equal(groupOf(carol, chatId)?.name, 'Trip');
    const chat = carol.service.listChats().find((c) => c.id === chatId);
    assert.equal(chat?.kind, 'private-group');
    assert.equal(chat?.name, 'Trip');
    // Names as each side knows them: Bob knows Alice; Carol knows nobody yet (aliases).
    const atBob = () => bob.added.filter((m) => m.chatId === chatId && m.system).map((m) => m.text);
    await until(() => atBob().length === 2, 'bob to file both system messages');
    assert.equal(atBob()[0], 'Alice created the group Trip');
    assert.ok(atBob()[1]?.startsWith('Alice added Bob, '));
    const atCarol = carol.added.filter((m) => m.chatId === chatId && m.system).map((m) => m.text);
    assert.ok(atCarol[0]?.endsWith(' created the group Trip'));
    const joined = await carol.service.groups.join(chatId);
    assert.equal(joined.invitation, false);
    await until(
      () => groupOf(alice, chatId)?.members.find((m) => m.publicKey === carol.key)?.joined === true,
      'alice to see carol join',
    );
  });

  test('messages reach exactly the members', async () => {
    await alice.service.sendText(chatId, 'hello group');
    await until(
      () => texts(bob, chatId).includes('hello group') && texts(carol, chatId).includes('hello group'),
      'both to get it',
    );
    await carol.service.sendText(chatId, 'hi from carol');
    await until(
      () => texts(alice, chatId).includes('hi from carol') && texts(bob, chatId).includes('hi from carol'),
      'carol heard',
    );
    assert.equal(dave.added.filter((m) => m.chatId === chatId).length, 0);
    const listed = bob.service.listMessages(chatId, null, 50);
    assert.ok(listed.some((m) => m.system === true && m.text === 'Alice created the group Trip'));
    assert.ok(listed.some((m) => m.text === 'hi from carol' && m.sender === carol.key));
  });

  test('Alice adds Dave and renames; removes Carol, who then gets nothing; Bob leaves', async () => {
    await alice.service.groups.addMembers(chatId, [dave.key]);
    await alice.service.groups.rename(chatId, 'Holiday');
    await until(
      () => groupOf(dave, chatId)?.name === 'Holiday' && groupOf(bob, chatId)?.name === 'Holiday',
      'the rename',
    );
    await alice.service.groups.removeMember(chatId, carol.key);
    await until(() => groupOf(carol, chatId)?.active === false, 'carol to learn she was removed');
    await alice.service.sendText(chatId, 'after carol');
    await until(
      () => texts(bob, chatId).includes('after carol') && texts(dave, chatId).includes('after carol'),
      'the rest to get it',
    );
    await settle();
    assert.ok(!texts(carol, chatId).includes('after carol'));
    // A removed member's messages are not filed.
    await assert.rejects(carol.service.sendText(chatId, 'still here?'));
    await bob.service.groups.leave(chatId);
    await until(() => groupOf(alice, chatId)?.members.every((m) => m.publicKey !== bob.key) === true, 'bob to be gone');
    const final = groupOf(alice, chatId);
    assert.deepEqual(final?.members.map((m) => m.publicKey).sort(), [alice.key, dave.key].sort());
    await until(() => groupOf(dave, chatId)?.members.length === 2, 'dave to converge');
    const systemAtDave = dave.service
      .listMessages(chatId, null, 50)
      .filter((m) => m.system)
      .map((m) => m.text);
    assert.ok(systemAtDave.some((t) => t.endsWith(' renamed the group to Holiday')));
    assert.ok(systemAtDave.some((t) => t.endsWith(' left')));
  });

  test('forged and stray membership updates are counted, never applied', async () => {
    const before = JSON.stringify(groupOf(dave, chatId));
    // Carol (removed) passes Dave a "removal of Dave" signed by Eve, who was never a member.
    const forged = signEvent(
      chatId,
      { clock: BigInt(Date.now()), type: EventType.MEMBER_REMOVED, members: [dave.key] },
      eve,
    );
    const junk = new Uint8Array(80).fill(7);
    await carol.service.messenger.sendApplication(
      dave.key,
      AmmType.MEMBERSHIP_UPDATE_MESSAGE,
      encode(MembershipUpdateMessage, { chatId, events: [forged.wire, junk] }),
    );
    // A group Dave is not in, from a stranger: not stored at all.
    const otherId = `${chatId.slice(0, 36)}-0x${Buffer.from(publicKey(eve)).toString('hex')}`;
    const created = signEvent(otherId, { clock: BigInt(Date.now()), type: EventType.CHAT_CREATED, name: 'x' }, eve);
    await carol.service.messenger.sendApplication(
      dave.key,
      AmmType.MEMBERSHIP_UPDATE_MESSAGE,
      encode(MembershipUpdateMessage, { chatId: otherId, events: [created.wire] }),
    );
    await until(() => (dave.service.groups.rejected.get('not-our-group') ?? 0) >= 1, 'the stray group to be refused');
    assert.equal(JSON.stringify(groupOf(dave, chatId)), before);
    assert.ok(
      (dave.service.groups.rejected.get('not-admin') ?? 0) + (dave.service.groups.rejected.get('not-member') ?? 0) >= 1,
    );
    assert.ok(
      (dave.service.groups.rejected.get('malformed') ?? 0) + (dave.service.groups.rejected.get('bad-signature') ?? 0) >=
        1,
    );
    assert.equal(groupOf(dave, otherId), null);
  });
});

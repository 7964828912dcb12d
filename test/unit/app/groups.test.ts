// Private groups between whole MessagingServices on an in-memory bus: membership events reach
// every member (contacts or not), invitations from strangers wait for a join while a mutual
// contact's addition joins at once, messages and reactions reach exactly the members of the
// moment, and forged, stray or blocked traffic is counted, not applied.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { EventType, parseEvent, signEvent } from '../../../main/app/groups/group-events.ts';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import { AmmType, EmojiReaction, encode, MembershipUpdateMessage, MessageType, u64 } from '../../../main/wire/proto.ts';
import { makePng } from '../../helpers/images.ts';
import {
  befriend,
  bus,
  closeAll,
  type Person,
  person,
  sentWhile,
  settle,
  until,
} from '../../helpers/messaging-people.ts';

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
    // Added by a mutual contact: Bob joined at once (his MEMBER_JOINED), never an invitation.
    await until(() => atBob().length === 3, 'bob to file the system messages and join');
    assert.equal(atBob()[0], 'Alice created the group Trip');
    assert.ok(atBob()[1]?.startsWith('Alice added Bob, '));
    assert.equal(atBob()[2], 'Bob joined');
    await until(
      () => groupOf(alice, chatId)?.members.find((m) => m.publicKey === bob.key)?.joined === true,
      'alice to see bob join by himself',
    );
    assert.equal(groupOf(carol, chatId)?.members.find((m) => m.publicKey === carol.key)?.joined, false);
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

  test('a reaction reaches the members only and applies; a non-member’s is counted and ignored', async () => {
    const target = alice.service.listMessages(chatId, null, 50).find((m) => m.text === 'hi from carol');
    assert.ok(target);
    const reacted = await bob.service.actions.react(target.id, 'love', false);
    assert.deepEqual(reacted.reactions, [{ emoji: 'love', count: 1, mine: true }]);
    const hearts = (p: Person) =>
      p.service
        .listMessages(chatId, null, 50)
        .find((m) => m.id === target.id)
        ?.reactions.find((r) => r.emoji === 'love')?.count ?? 0;
    await until(() => hearts(alice) === 1 && hearts(carol) === 1, 'alice and carol to see the heart');
    const seen = (p: Person) => p.service.listMessages(chatId, null, 50).find((m) => m.id === target.id);
    assert.equal(seen(dave), undefined);
    // Dave (not a member yet) sends a reaction to the group message anyway: refused.
    const forged = encode(EmojiReaction, {
      clock: u64(BigInt(Date.now())),
      chatId,
      messageId: target.id,
      messageType: MessageType.PRIVATE_GROUP,
      type: 2,
    });
    await dave.service.messenger.sendApplication(alice.key, AmmType.EMOJI_REACTION, forged);
    await until(() => (alice.service.actions.dropped.get('not-a-member') ?? 0) === 1, 'dave’s reaction refused');
    assert.equal(seen(alice)?.reactions.length, 1);
    // Retracting goes the same way.
    await bob.service.actions.react(target.id, 'love', true);
    await until(() => hearts(alice) === 0 && hearts(carol) === 0, 'the retraction');
    // Carol edits her group message: the members see it; a pin by Bob reaches everyone.
    await carol.service.actions.edit(target.id, 'hi from carol (edited)');
    await until(() => seen(alice)?.edited === true && seen(bob)?.text === 'hi from carol (edited)', 'the edit');
    await bob.service.actions.pin(target.id, true);
    await until(() => seen(alice)?.pinned === true && seen(carol)?.pinned === true, 'the pin');
    assert.equal(alice.service.actions.pinned(chatId)[0]?.id, target.id);
    // Alice may not edit Carol's message.
    await assert.rejects(alice.service.actions.edit(target.id, 'nope'), { code: 'NOT_AUTHOR' });
  });

  test('an image reaches the members', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const sent = await alice.service.sendImage(chatId, png);
    assert.ok(sent.image);
    const got = (p: Person) => p.service.listMessages(chatId, null, 50).find((m) => m.id === sent.id);
    await until(() => got(bob)?.image != null && got(carol)?.image != null, 'the image at both');
    assert.equal(bob.service.image(sent.id).mimeType, 'image/png');
  });

  test('any member sets the colour and the picture; everyone sees them; only the latest picture travels', async () => {
    const coloured = await carol.service.groups.setColor(chatId, '#26A69A');
    assert.equal(coloured.color, '#26a69a');
    const picture = makePng(40, 30);
    const pictured = await carol.service.groups.setImage(chatId, picture);
    assert.deepEqual(pictured.image, { format: 'png', width: 40, height: 30, bytes: picture.length });
    await until(
      () => groupOf(bob, chatId)?.image?.width === 40 && groupOf(alice, chatId)?.color === '#26a69a',
      'the others to see both',
    );
    const atBob = bob.service.groups.image(chatId);
    assert.equal(atBob.mimeType, 'image/png');
    assert.deepEqual(new Uint8Array(Buffer.from(atBob.data, 'base64')), picture);
    const lines = bob.added.filter((m) => m.chatId === chatId && m.system).map((m) => m.text);
    // Bob knows Carol by her alias only (no contact): the lines name her so.
    assert.ok(lines.some((l) => l.endsWith(" changed the group's color")));
    assert.ok(lines.some((l) => l.endsWith(" changed the group's picture")));
    // Not a picture, too big, or not a member: refused.
    await assert.rejects(carol.service.groups.setImage(chatId, Uint8Array.of(1, 2, 3)), { code: 'NOT_AN_IMAGE' });
    await assert.rejects(carol.service.groups.setImage(chatId, makePng(400, 400)), { code: 'TOO_LARGE' });
    await assert.rejects(dave.service.groups.setColor(chatId, '#123456'), { code: 'NOT_FOUND' });
    // A second picture: the next update carries only it.
    const second = makePng(20, 20);
    await bob.service.groups.setImage(chatId, second);
    await until(() => groupOf(alice, chatId)?.image?.width === 20, 'alice to see the second picture');
    const payloads = await sentWhile(alice, AmmType.MEMBERSHIP_UPDATE_MESSAGE, () =>
      alice.service.sendText(chatId, 'nice picture'),
    );
    assert.ok(payloads.length > 0);
    for (const payload of payloads) {
      const events = MembershipUpdateMessage.decode(payload).events.map((wire) => parseEvent(chatId, wire));
      const pictures = events.filter((e) => typeof e !== 'string' && e.type === EventType.IMAGE_CHANGED);
      assert.equal(pictures.length, 1);
      assert.deepEqual(typeof pictures[0] === 'string' ? null : pictures[0]?.image, second);
    }
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

describe('private groups and blocked or unknown adders', () => {
  const net = bus();
  const erin = person(net, 'Erika');
  const frank = person(net, 'Frank');
  const gina = person(net, 'Greta');

  test('a blocked creator: no invitation, counted; the group works for the others', async () => {
    await befriend(erin, gina);
    frank.service.contacts.block(erin.key);
    const view = await erin.service.groups.create('Blocked', [frank.key, gina.key]);
    await until(() => (frank.service.groups.rejected.get('blocked') ?? 0) >= 1, 'erin’s update to be dropped');
    assert.equal(groupOf(frank, view.chatId), null);
    await until(() => groupOf(gina, view.chatId)?.members.find((m) => m.me)?.joined === true, 'gina to auto-join');
    // Gina's join goes to Frank with the whole log (Erin's events relayed): known, never an invitation.
    await until(() => groupOf(frank, view.chatId) !== null, 'frank to learn the group from gina');
    assert.equal(groupOf(frank, view.chatId)?.invitation, false);
    assert.ok((frank.service.groups.rejected.get('blocked-invitation') ?? 0) >= 1);
    assert.equal(
      frank.service.listChats().find((c) => c.id === view.chatId),
      undefined,
    );
    // Erin's messages to the group are dropped at Frank, heard by Gina.
    await erin.service.sendText(view.chatId, 'from erin');

    await until(() => texts(gina, view.chatId).includes('from erin'), 'gina to get it');
    await settle();
    assert.ok(!texts(frank, view.chatId).includes('from erin'));
  });

  test('added by a stranger: an invitation, no join sent', async () => {
    const view = await gina.service.groups.create('Strangers', [frank.key]);
    await until(() => groupOf(frank, view.chatId) !== null, 'frank to learn the group');
    await frank.service.groups.idle();
    assert.equal(groupOf(frank, view.chatId)?.invitation, true);
    await settle();
    assert.equal(groupOf(gina, view.chatId)?.members.find((m) => m.publicKey === frank.key)?.joined, false);
  });
});

// The "stored" tick over real nodes: Carol is a full node that archives; Alice and Bob reach
// each other only through her. With Bob stopped, Alice's message turns 'stored' (Carol's store
// has it) but not 'delivered'; when Bob is back it turns 'delivered'. Dave's only peer is a
// relay without store: nothing of his is ever marked stored, and the check says so in a
// counter. Also messages.pinned over RPC, most recently pinned first.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MessageView } from '../../shared/api.ts';
import { becomeContacts, type ChatPerson, meshed, PASSWORD, SLOW, startPerson } from '../helpers/chat-people.ts';
import { type HeadlessProcess, startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { eventually, nextMatching } from '../helpers/wait.ts';
import { startTestNode, type TestNode, tcpAddress } from '../helpers/waku.ts';

const statusOf = async (person: ChatPerson, chatId: string, id: string) =>
  (await person.client.call('messages.list', { chatId, limit: 50 })).find((m) => m.id === id)?.status;

describe('stored: a store peer has our message', () => {
  const dirs = [tempDir(), tempDir(), tempDir(), tempDir()];
  let carol: HeadlessProcess;
  let alice: ChatPerson;
  let bob: ChatPerson;
  let relayOnly: TestNode;
  let dave: ChatPerson | undefined;

  before(async () => {
    carol = await startHeadlessProcess(dirs[0]?.dir ?? '');
    const carolAddress = carol.ready.listenAddresses[0] ?? '';
    [alice, bob] = await Promise.all([
      startPerson(dirs[1]?.dir ?? '', ['--static-node', carolAddress]),
      startPerson(dirs[2]?.dir ?? '', ['--static-node', carolAddress]),
    ]);
    const carolClient = await carol.connect();
    await Promise.all([meshed(alice.client), meshed(bob.client), meshed(carolClient)]);
    await eventually(
      async () => ((await carolClient.call('node.stats')).relay.meshPeers['/waku/2/rs/16/32'] ?? 0) >= 2 || undefined,
      15_000,
      'carol to mesh with both',
    );
    carolClient.close();
    await becomeContacts(alice, bob);
  });

  after(async () => {
    for (const p of [alice?.node, bob?.node, dave?.node, carol]) p?.child.kill('SIGTERM');
    await Promise.all([alice?.node.exited, bob?.node.exited, dave?.node.exited, carol?.exited]);
    await relayOnly?.close();
    for (const d of dirs) d.cleanup();
  });

  test('bob offline: stored, not delivered; bob back: delivered', async () => {
    bob.client.close();
    bob.node.child.kill('SIGTERM');
    assert.equal(await bob.node.exited, 0);

    const updates: Array<{ id: string; status: string | null }> = [];
    alice.client.on('messages.updated', (u) => updates.push(u));
    const sent = await alice.client.call(
      'messages.sendText',
      { chatId: bob.account.chatKey, text: 'are you there?' },
      SLOW,
    );
    await nextMatching<{ id: string; status: string | null }>(
      (l) => alice.client.on('messages.updated', l),
      (u) => u.id === sent.id && u.status === 'stored',
      30_000,
      'alice to see her message stored',
    );
    assert.equal(await statusOf(alice, bob.account.chatKey, sent.id), 'stored');
    assert.ok(!updates.some((u) => u.id === sent.id && u.status === 'delivered'));
    const counters = (await alice.client.call('node.stats')).protocols['stored-check'] ?? {};
    assert.ok((counters.stored ?? 0) >= 1, JSON.stringify(counters));

    // Bob comes back: history and MVDS bring him the message; his ack makes it delivered.
    const node = await startHeadlessProcess(dirs[2]?.dir ?? '', [
      '--static-node',
      carol.ready.listenAddresses[0] ?? '',
    ]);
    const client = await node.connect();
    bob = { ...bob, node, client };
    const delivered = nextMatching<{ id: string; status: string | null }>(
      (l) => alice.client.on('messages.updated', l),
      (u) => u.id === sent.id && u.status === 'delivered',
      60_000,
      'alice to see her message delivered',
    );
    await client.call('accounts.login', { keyUid: bob.account.keyUid, password: PASSWORD }, SLOW);
    await delivered;
    assert.equal(await statusOf(alice, bob.account.chatKey, sent.id), 'delivered');
  });

  test('messages.pinned: the chat’s pinned messages, most recently pinned first', async () => {
    const chatId = bob.account.chatKey;
    const first = await alice.client.call('messages.sendText', { chatId, text: 'pin me first' }, SLOW);
    const second = await alice.client.call('messages.sendText', { chatId, text: 'pin me second' }, SLOW);
    const third = await alice.client.call('messages.sendText', { chatId, text: 'not pinned' }, SLOW);
    assert.deepEqual(await alice.client.call('messages.pinned', { chatId }), []);
    await alice.client.call('messages.pin', { messageId: first.id, pinned: true }, SLOW);
    await alice.client.call('messages.pin', { messageId: second.id, pinned: true }, SLOW);
    const pinned = await alice.client.call('messages.pinned', { chatId });
    assert.deepEqual(
      pinned.map((m: MessageView) => m.id),
      [second.id, first.id],
    );
    assert.ok(pinned.every((m) => m.pinned));
    assert.ok(!pinned.some((m) => m.id === third.id));
    await alice.client.call('messages.pin', { messageId: first.id, pinned: false }, SLOW);
    await alice.client.call('messages.pin', { messageId: first.id, pinned: true }, SLOW);
    assert.deepEqual(
      (await alice.client.call('messages.pinned', { chatId })).map((m) => m.id),
      [first.id, second.id],
    );
    // Bob sees Alice's pins too, in the same order (once they arrive).
    await eventually(
      async () => {
        const theirs = (await bob.client.call('messages.pinned', { chatId: alice.account.chatKey })).map((m) => m.id);
        return theirs.length === 2 && theirs[0] === first.id && theirs[1] === second.id ? true : undefined;
      },
      30_000,
      'bob to see both pins',
    );
    await assert.rejects(alice.client.call('messages.pinned', { chatId: 'not a key' }));
  });

  test('a full node with no store peer never marks anything stored, and counts it', async () => {
    relayOnly = await startTestNode();
    dave = await startPerson(dirs[3]?.dir ?? '', ['--static-node', tcpAddress(relayOnly.node)]);
    await meshed(dave.client);
    const sent = await dave.client.call('messages.sendText', { chatId: alice.account.chatKey, text: 'anyone?' }, SLOW);
    const counters = await eventually(
      async () => {
        const c = (await dave?.client.call('node.stats'))?.protocols['stored-check'] ?? {};
        return (c['no-store-peer'] ?? 0) >= 2 ? c : undefined;
      },
      30_000,
      'dave’s check to find no store peer twice',
    );
    assert.equal(counters.stored ?? 0, 0);
    assert.equal(await statusOf(dave, alice.account.chatKey, sent.id), 'sent');
    // One warning for the outage, not one per round.
    assert.equal(dave.node.stderr().match(/no store peer/g)?.length ?? 0, 1);
  });
});

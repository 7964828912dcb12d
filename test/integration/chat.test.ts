// Two people, two headless cores in two processes: a 1:1 conversation over the RPC, with
// delivered ticks, persistence across a restart, and the reply path.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Api, ContactView, MessageView } from '../../shared/api.ts';
import type { RpcClient } from '../../shared/rpc/client.ts';
import { type HeadlessProcess, startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { eventually, nextMatching } from '../helpers/wait.ts';

const PASSWORD = 'a long enough password';
const SLOW = { timeoutMs: 30_000 };

describe('1:1 chat between two headless cores', () => {
  const dirs = [tempDir(), tempDir()];
  let alice: { node: HeadlessProcess; client: RpcClient<Api>; key: string; chatKey: string; keyUid: string };
  let bob: typeof alice;

  async function person(i: number, extra: string[]) {
    const node = await startHeadlessProcess(dirs[i]?.dir ?? '', extra);
    const client = await node.connect();
    const { account } = await client.call('accounts.create', { password: PASSWORD }, SLOW);
    return { node, client, key: account.publicKey, chatKey: account.chatKey, keyUid: account.keyUid };
  }

  before(async () => {
    alice = await person(0, []);
    bob = await person(1, ['--static-node', alice.node.ready.listenAddresses[0] ?? '']);
    // Both cores relay shard 32 together once gossipsub has meshed.
    await eventually(
      async () => {
        const stats = await bob.client.call('node.stats');
        return (stats.relay.meshPeers['/waku/2/rs/16/32'] ?? 0) >= 1 ? true : undefined;
      },
      15_000,
      'the two nodes to mesh',
    );
    // Only contacts are heard: Alice asks, Bob accepts.
    const request = nextMatching<ContactView>(
      (l) => bob.client.on('contacts.requestReceived', l),
      (c) => c.publicKey === alice.key,
      20_000,
      'bob to get the contact request',
    );
    await alice.client.call('contacts.sendRequest', { key: bob.chatKey, message: 'Hi, Alice here' }, SLOW);
    await request;
    const mutual = nextMatching<ContactView>(
      (l) => alice.client.on('contacts.updated', l),
      (c) => c.publicKey === bob.key && c.state === 'mutual',
      20_000,
      'alice to see the accept',
    );
    await bob.client.call('contacts.accept', { key: alice.key }, SLOW);
    await mutual;
  });

  after(async () => {
    for (const p of [alice, bob]) p?.node.child.kill('SIGTERM');
    await Promise.all([alice?.node.exited, bob?.node.exited]);
    for (const d of dirs) d.cleanup();
  });

  test('alice writes to bob by his zQ3 chat key; bob receives it, alice sees delivered', async () => {
    const arrived = nextMatching<MessageView>(
      (l) => bob.client.on('messages.added', l),
      (m) => !m.outgoing,
      20_000,
      'bob to receive',
    );
    const delivered = new Promise<string>((resolve) =>
      alice.client.on('messages.updated', (u) => {
        if (u.status === 'delivered') resolve(u.id);
      }),
    );
    const sent = await alice.client.call(
      'messages.sendText',
      { chatId: bob.chatKey, text: 'Hello Bob, this is Alice' },
      SLOW,
    );
    assert.equal(sent.outgoing, true);
    assert.equal(sent.chatId, bob.key);
    assert.ok(sent.status === 'sent' || sent.status === 'delivered');
    const got = await arrived;
    assert.equal(got.text, 'Hello Bob, this is Alice');
    assert.equal(got.id, sent.id);
    assert.equal(got.sender, alice.key);
    assert.equal(await delivered, sent.id);

    const chats = await bob.client.call('chats.list');
    assert.equal(chats.length, 1);
    assert.equal(chats[0]?.id, alice.key);
    // Named after the person (the name she gave), not after her key.
    assert.equal(chats[0]?.name, (await alice.client.call('profile.get')).displayName);
    assert.equal(chats[0]?.unreadCount, 1);
    assert.equal(chats[0]?.lastMessage?.text, 'Hello Bob, this is Alice');
    assert.deepEqual(await bob.client.call('chats.markRead', { chatId: alice.key }), { marked: 1 });
    assert.equal((await bob.client.call('chats.list'))[0]?.unreadCount, 0);
  });

  test('bob restarts: the conversation is still there and he can reply; alice reads it', async () => {
    bob.client.close();
    bob.node.child.kill('SIGTERM');
    assert.equal(await bob.node.exited, 0);
    const node = await startHeadlessProcess(dirs[1]?.dir ?? '', [
      '--static-node',
      alice.node.ready.listenAddresses[0] ?? '',
    ]);
    const client = await node.connect();
    await client.call('accounts.login', { keyUid: bob.keyUid, password: PASSWORD }, SLOW);
    bob = { ...bob, node, client };
    const history = await client.call('messages.list', { chatId: alice.chatKey });
    assert.deepEqual(
      history.map((m) => m.text),
      ['Hello Bob, this is Alice'],
    );
    await eventually(
      async () => {
        const stats = await client.call('node.stats');
        return (stats.relay.meshPeers['/waku/2/rs/16/32'] ?? 0) >= 1 ? true : undefined;
      },
      15_000,
      'bob to mesh again',
    );
    const arrived = nextMatching<MessageView>(
      (l) => alice.client.on('messages.added', l),
      (m) => !m.outgoing,
      20_000,
      'alice to receive',
    );
    await client.call('messages.sendText', { chatId: alice.key, text: 'Hi Alice, back again' }, SLOW);
    assert.equal((await arrived).text, 'Hi Alice, back again');
    const aliceView = await alice.client.call('messages.list', { chatId: bob.key, limit: 10 });
    assert.deepEqual(
      aliceView.map((m) => [m.text, m.outgoing]),
      [
        ['Hi Alice, back again', false],
        ['Hello Bob, this is Alice', true],
      ],
    );
  });

  test('bob mutes, then deletes the chat; alice’s next message brings it back, still muted, history kept', async () => {
    const muted = await bob.client.call('chats.mute', { chatId: alice.chatKey, muted: true });
    assert.equal(muted.muted, true);
    assert.equal(muted.id, alice.key);
    assert.deepEqual(await bob.client.call('chats.delete', { chatId: alice.key }), { deleted: true });
    assert.deepEqual(await bob.client.call('chats.list'), []);
    const arrived = nextMatching<MessageView>(
      (l) => bob.client.on('messages.added', l),
      (m) => !m.outgoing,
      20_000,
      'bob to receive',
    );
    await alice.client.call('messages.sendText', { chatId: bob.key, text: 'Still there?' }, SLOW);
    await arrived;
    const chats = await bob.client.call('chats.list');
    assert.deepEqual(
      chats.map((c) => [c.id, c.muted, c.lastMessage?.text]),
      [[alice.key, true, 'Still there?']],
    );
    const history = await bob.client.call('messages.list', { chatId: alice.key });
    assert.ok(history.length >= 3, 'earlier messages are kept');
    await assert.rejects(
      bob.client.call('chats.mute', { chatId: `0x04${'ee'.repeat(64)}`, muted: true }),
      (e: { code: number }) => e.code === -32010 || e.code === -32602,
    );
  });

  test('bad input: an invalid key and an empty text are typed errors', async () => {
    await assert.rejects(
      alice.client.call('messages.sendText', { chatId: '0x04zz', text: 'x' }),
      (e: { code: number }) => e.code === -32602,
    );
    await assert.rejects(
      alice.client.call('messages.sendText', { chatId: bob.chatKey, text: '   ' }),
      (e: { code: number }) => e.code === -32602,
    );
  });
});

// Private groups between four headless cores over real relay on 127.0.0.1: membership events and
// group messages go pairwise over the 1:1 channels; a stranger's invitation waits for a join;
// messages reach exactly the members of the moment; an offline member catches up on restart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Api, GroupView, MessageView } from '../../shared/api.ts';
import type { RpcClient } from '../../shared/rpc/client.ts';
import { becomeContacts, type ChatPerson, meshed, PASSWORD, SLOW, startPerson } from '../helpers/chat-people.ts';
import { startHeadlessProcess } from '../helpers/headless-process.ts';
import { makePng } from '../helpers/images.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { eventually, nextMatching } from '../helpers/wait.ts';

const groupAt = (client: RpcClient<Api>, chatId: string) =>
  client.call('groups.get', { chatId }, SLOW).catch(() => undefined);

describe('private groups between four headless cores', { timeout: 120_000 }, () => {
  const dirs = [tempDir(), tempDir(), tempDir(), tempDir()];
  let alice: ChatPerson;
  let bob: ChatPerson;
  let carol: ChatPerson;
  let dave: ChatPerson;
  let chatId = '';
  const heard = new Map<string, string[]>();
  const listen = (p: ChatPerson) => {
    heard.set(p.account.publicKey, []);
    p.client.on('messages.added', (m: MessageView) => {
      if (m.chatId === chatId && !m.system && !m.outgoing) heard.get(p.account.publicKey)?.push(m.text);
    });
  };
  const texts = (p: ChatPerson) => heard.get(p.account.publicKey) ?? [];

  before(async () => {
    alice = await startPerson(dirs[0]?.dir ?? '', [], 'Alice A');
    const hub = ['--static-node', alice.node.ready.listenAddresses[0] ?? ''];
    [bob, carol, dave] = await Promise.all([
      startPerson(dirs[1]?.dir ?? '', hub, 'Bob B'),
      startPerson(dirs[2]?.dir ?? '', hub, 'Carol C'),
      startPerson(dirs[3]?.dir ?? '', hub, 'Dave D'),
    ]);
    await Promise.all([meshed(bob.client), meshed(carol.client), meshed(dave.client)]);
    await becomeContacts(alice, bob);
    for (const p of [alice, bob, carol, dave]) listen(p);
  });

  after(async () => {
    for (const p of [alice, bob, carol, dave]) p?.node.child.kill('SIGTERM');
    await Promise.all([alice, bob, carol, dave].map((p) => p?.node.exited));
    for (const d of dirs) d.cleanup();
  });

  test('Alice creates a group with Bob (contact) and Carol (stranger): Carol is invited and joins', async () => {
    const invited = nextMatching<GroupView>(
      (l) => carol.client.on('groups.updated', l),
      (g) => g.invitation,
      20_000,
      'carol to get the invitation',
    );
    const created = await alice.client.call(
      'groups.create',
      { name: 'Trip', members: [bob.account.chatKey, carol.account.chatKey] },
      SLOW,
    );
    chatId = created.chatId;
    assert.equal((await invited).chatId, chatId);
    const atBob = await eventually(() => groupAt(bob.client, chatId), 20_000, 'bob to learn the group');
    assert.equal(atBob.invitation, false);
    const chats = await carol.client.call('chats.list');
    assert.deepEqual(
      chats.filter((c) => c.id === chatId).map((c) => [c.kind, c.name]),
      [['private-group', 'Trip']],
    );
    await carol.client.call('groups.join', { chatId }, SLOW);
    await eventually(
      async () =>
        (await groupAt(alice.client, chatId))?.members.find((m) => m.publicKey === carol.account.publicKey)?.joined
          ? true
          : undefined,
      20_000,
      'alice to see carol join',
    );
  });

  test('messages reach exactly the members', async () => {
    await alice.client.call('messages.sendText', { chatId, text: 'hello group' }, SLOW);
    await carol.client.call('messages.sendText', { chatId, text: 'carol here' }, SLOW);
    await eventually(
      async () =>
        texts(bob).includes('hello group') &&
        texts(bob).includes('carol here') &&
        texts(carol).includes('hello group') &&
        texts(alice).includes('carol here')
          ? true
          : undefined,
      20_000,
      'the members to hear each other',
    );
    assert.deepEqual(texts(dave), []);
  });

  test('Carol (a member, not an admin) sets a 100 kB picture: it reaches the others in segments', async () => {
    const picture = makePng(180, 180);
    assert.ok(picture.length > 90_000);
    const set = await carol.client.call(
      'groups.setImage',
      { chatId, data: Buffer.from(picture).toString('base64') },
      SLOW,
    );
    assert.equal(set.image?.bytes, picture.length);
    for (const p of [alice, bob]) {
      await eventually(
        async () => ((await groupAt(p.client, chatId))?.image?.bytes === picture.length ? true : undefined),
        20_000,
        'the picture to arrive',
      );
      const fetched = await p.client.call('groups.image', { chatId }, SLOW);
      assert.equal(fetched.mimeType, 'image/png');
      assert.deepEqual(new Uint8Array(Buffer.from(fetched.data, 'base64')), picture);
    }
  });

  test('Dave is added and goes offline; rename, removal of Carol, Bob leaves; Dave catches up', async () => {
    await alice.client.call('groups.addMembers', { chatId, members: [dave.account.chatKey] }, SLOW);
    await eventually(() => groupAt(dave.client, chatId), 20_000, 'dave to learn the group');
    dave.client.close();
    dave.node.child.kill('SIGTERM');
    assert.equal(await dave.node.exited, 0);

    await alice.client.call('groups.rename', { chatId, name: 'Holiday' }, SLOW);
    await alice.client.call('groups.removeMember', { chatId, member: carol.account.publicKey }, SLOW);
    await eventually(
      async () => ((await groupAt(carol.client, chatId))?.active === false ? true : undefined),
      20_000,
      'carol to be removed',
    );
    await bob.client.call('groups.leave', { chatId }, SLOW);
    const expected = [alice.account.publicKey, dave.account.publicKey].sort();
    await eventually(
      async () => {
        const g = await groupAt(alice.client, chatId);
        return JSON.stringify(g?.members.map((m) => m.publicKey).sort()) === JSON.stringify(expected)
          ? true
          : undefined;
      },
      20_000,
      'alice to see bob leave',
    );
    await alice.client.call('messages.sendText', { chatId, text: 'only dave now' }, SLOW);

    const node = await startHeadlessProcess(dirs[3]?.dir ?? '', [
      '--static-node',
      alice.node.ready.listenAddresses[0] ?? '',
    ]);
    const client = await node.connect();
    dave = { ...dave, node, client };
    listen(dave);
    await client.call('accounts.login', { keyUid: dave.account.keyUid, password: PASSWORD }, SLOW);
    const atDave = await eventually(
      async () => {
        const g = await groupAt(client, chatId);
        return g?.name === 'Holiday' &&
          JSON.stringify(g.members.map((m) => m.publicKey).sort()) === JSON.stringify(expected)
          ? g
          : undefined;
      },
      60_000,
      'dave to converge on the same group',
    );
    const atAlice = await groupAt(alice.client, chatId);
    const shape = (g: GroupView | undefined) =>
      g && {
        name: g.name,
        color: g.color,
        image: g.image,
        members: g.members.map((m) => [m.publicKey, m.admin]).sort(),
      };
    assert.deepEqual(shape(atDave), shape(atAlice));
    // What was said while Dave was away reaches him too (MVDS re-send or the store).
    await eventually(
      async () =>
        (await client.call('messages.list', { chatId })).some((m) => m.text === 'only dave now') ? true : undefined,
      30_000,
      'dave to get the message sent while he was offline',
    );
    // Carol, removed, got nothing after her removal.
    assert.ok(!texts(carol).includes('only dave now'));
    assert.ok(!texts(bob).includes('only dave now'));
  });
});

// Own-device pairing over real relay on 127.0.0.1, three headless cores: Alice on two devices
// (the same recovery phrase) and Bob. Her devices learn each other from their contact-code ads,
// pair both ways and exchange names and her contacts; her 1:1 message reaches Bob and shows on her other device
// as outgoing in the chat with him; his answer reaches both; unpaired, a device refuses her copies.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccountSummary, Api, DeviceView, MessageView } from '../../shared/api.ts';
import type { RpcClient } from '../../shared/rpc/client.ts';
import { becomeContacts, ChatPeople, type ChatPerson, dialling, meshed, PASSWORD, SLOW } from '../helpers/chat-people.ts';
import type { HeadlessProcess } from '../helpers/headless-process.ts';
import { eventually, nextMatching } from '../helpers/wait.ts';

const NOT_PAIRED = 'rejected.not-paired-device';

async function notPairedCount(client: RpcClient<Api>): Promise<number> {
  return (await client.call('node.stats')).protocols.messenger?.[NOT_PAIRED] ?? 0;
}

async function texts(client: RpcClient<Api>, chatId: string): Promise<MessageView[]> {
  return client.call('messages.list', { chatId, limit: 50 }, SLOW);
}

describe('own-device pairing between three headless cores', () => {
  // The first contact-code ad 1 s after login instead of ~2 min (a test-only knob).
  const people = new ChatPeople({ WSD_CONTACT_CODE_TICK_MS: '1000' });
  let alice1: ChatPerson;
  let alice2: ChatPerson;
  let bob: ChatPerson;
  let id1: string;
  let id2: string;
  /** Every devices.changed of each of Alice's devices, from before her login. */
  const changed = new Map<RpcClient<Api>, DeviceView[][]>();
  const watch = (client: RpcClient<Api>) => {
    const seen: DeviceView[][] = [];
    changed.set(client, seen);
    client.on('devices.changed', (list) => void seen.push(list));
    return client;
  };

  async function connected(node: HeadlessProcess, create: (c: RpcClient<Api>) => Promise<AccountSummary>) {
    const client = watch(await node.connect());
    return { node, client, account: await create(client) };
  }

  before(async () => {
    const n1 = await people.core();
    const [n2, n3] = await Promise.all([people.core(dialling(n1)), people.core(dialling(n1))]);
    let mnemonic = '';
    alice1 = await connected(n1, async (c) => {
      const created = await c.call('accounts.create', { password: PASSWORD, displayName: 'Alice' }, SLOW);
      mnemonic = created.mnemonic;
      return created.account;
    });
    bob = await connected(n3, async (c) => (await c.call('accounts.create', { password: PASSWORD }, SLOW)).account);
    // Alice2 must be meshed with the hub before her login, so that her first ad reaches Alice1.
    const client2 = watch(await n2.connect());
    await Promise.all([meshed(client2), meshed(bob.client)]);
    alice2 = {
      node: n2,
      client: client2,
      account: await client2.call('accounts.import', { mnemonic, password: PASSWORD }, SLOW),
    };
    assert.equal(alice2.account.publicKey, alice1.account.publicKey);
    id1 = (await alice1.client.call('devices.list'))[0]?.installationId ?? '';
    id2 = (await alice2.client.call('devices.list'))[0]?.installationId ?? '';
    assert.ok(id1 && id2 && id1 !== id2, 'two installations of one account');
  });

  after(() => people.stop());

  test('the devices learn each other from the contact-code ads, pair both ways and learn the names', async () => {
    // Alice1 hears Alice2's first ad (Alice1 was listening already).
    const listed1 = await eventually(
      async () => (await alice1.client.call('devices.list')).find((d) => d.installationId === id2),
      20_000,
      'alice1 to learn alice2 from her ad',
    );
    assert.deepEqual([listed1.current, listed1.enabled], [false, false]);
    // Alice2 hears Alice1's ad: her first, if Alice2 was logged in by then, else the one she
    // publishes on adding a contact (becoming contacts with Bob, needed below anyway).
    await becomeContacts(alice1, bob);
    await eventually(
      async () => ((await alice2.client.call('devices.list')).some((d) => d.installationId === id1) ? true : undefined),
      20_000,
      'alice2 to learn alice1 from her ad',
    );
    const list2 = await alice2.client.call('devices.list');
    assert.deepEqual(
      list2.map((d) => [d.installationId, d.current, d.enabled]),
      [
        [id2, true, true],
        [id1, false, false],
      ],
    );
    for (const [client, other] of [
      [alice1.client, id2],
      [alice2.client, id1],
    ] as const)
      assert.ok(
        changed.get(client)?.some((list) => list.some((d) => d.installationId === other && !d.enabled)),
        'devices.changed told of the other installation',
      );

    // Both enable each other; the PairInstallation of each names it on the other.
    const named1 = nextMatching<DeviceView[]>(
      (l) => alice1.client.on('devices.changed', l),
      (list) => list.some((d) => d.installationId === id2 && d.enabled && d.name !== ''),
      20_000,
      'alice1 to learn the name of alice2',
    );
    const named2 = nextMatching<DeviceView[]>(
      (l) => alice2.client.on('devices.changed', l),
      (list) => list.some((d) => d.installationId === id1 && d.enabled && d.name !== ''),
      20_000,
      'alice2 to learn the name of alice1',
    );
    const enabled1 = await alice1.client.call('devices.setEnabled', { installationId: id2, enabled: true }, SLOW);
    assert.equal(enabled1.enabled, true);
    const enabled2 = await alice2.client.call('devices.setEnabled', { installationId: id1, enabled: true }, SLOW);
    assert.equal(enabled2.enabled, true);
    const [on1, on2] = await Promise.all([named1, named2]);
    assert.equal(on1.find((d) => d.installationId === id2)?.deviceType, 'desktop');
    assert.equal(on2.find((d) => d.installationId === id1)?.deviceType, 'desktop');
    // Alice1's contacts reach Alice2 on pairing (SYNC_INSTALLATION_CONTACT_V2), before any new message.
    await eventually(
      async () =>
        (await alice2.client.call('contacts.list')).find(
          (c) => c.publicKey === bob.account.publicKey && c.state === 'mutual',
        ),
      20_000,
      'alice2 to learn Bob as a mutual contact from alice1',
    );
  });

  test("Alice1's text reaches Bob and shows on Alice2 as outgoing; Bob's reply reaches both", async () => {
    const bobKey = bob.account.publicKey;
    const aliceKey = alice1.account.publicKey;
    // Alice1's PairInstallation may have reached Alice2 before Alice2 paired her (refused, rightly);
    // from here on, paired both ways, nothing of Alice1's may be refused.
    const refusedBefore = await notPairedCount(alice2.client);
    const atBob = nextMatching<MessageView>(
      (l) => bob.client.on('messages.added', l),
      (m) => m.text === 'from my laptop',
      20_000,
      'bob to receive',
    );
    const copy = nextMatching<MessageView>(
      (l) => alice2.client.on('messages.added', l),
      (m) => m.text === 'from my laptop',
      20_000,
      'alice2 to get her copy',
    );
    const sent = await alice1.client.call(
      'messages.sendText',
      { chatId: bob.account.chatKey, text: 'from my laptop' },
      SLOW,
    );
    const received = await atBob;
    assert.equal(received.id, sent.id);
    assert.equal(received.outgoing, false);
    const mine = await copy;
    assert.deepEqual([mine.id, mine.chatId, mine.sender, mine.outgoing], [sent.id, bobKey, aliceKey, true]);
    const listed = (await texts(alice2.client, bobKey)).find((m) => m.id === sent.id);
    assert.equal(listed?.outgoing, true);
    assert.equal(listed?.text, 'from my laptop');

    const reply = (client: RpcClient<Api>, who: string) =>
      nextMatching<MessageView>(
        (l) => client.on('messages.added', l),
        (m) => m.text === 'hello both' && !m.outgoing,
        20_000,
        `${who} to receive the reply`,
      );
    const [at1, at2] = [reply(alice1.client, 'alice1'), reply(alice2.client, 'alice2')];
    await bob.client.call('messages.sendText', { chatId: alice1.account.chatKey, text: 'hello both' }, SLOW);
    const [r1, r2] = await Promise.all([at1, at2]);
    assert.equal(r1.id, r2.id);
    assert.equal(r2.chatId, bobKey);
    assert.equal(r2.sender, bobKey);
    assert.ok((await texts(alice2.client, bobKey)).some((m) => m.id === r2.id && !m.outgoing));
    assert.equal(await notPairedCount(alice2.client), refusedBefore);
  });

  test('reading the chat on Alice1 reads it on Alice2 (chats.changed, unread 0)', async () => {
    const bobKey = bob.account.publicKey;
    const unreadAt = async (client: RpcClient<Api>) =>
      (await client.call('chats.list', undefined, SLOW)).find((c) => c.id === bobKey)?.unreadCount ?? 0;
    await eventually(
      async () => ((await unreadAt(alice1.client)) > 0 && (await unreadAt(alice2.client)) > 0 ? true : undefined),
      10_000,
      "Bob's reply to be unread on both devices",
    );
    const changedThere = nextMatching<{ chatId: string }>(
      (l) => alice2.client.on('chats.changed', l),
      (c) => c.chatId === bobKey,
      20_000,
      'alice2 to hear of the read',
    );
    assert.ok((await alice1.client.call('chats.markRead', { chatId: bobKey }, SLOW)).marked > 0);
    await changedThere;
    assert.equal(await unreadAt(alice2.client), 0);
  });

  test('unpaired, Alice2 refuses the copy of a new message from Alice1', async () => {
    const bobKey = bob.account.publicKey;
    const unpaired = nextMatching<DeviceView[]>(
      (l) => alice2.client.on('devices.changed', l),
      (list) => list.some((d) => d.installationId === id1 && !d.enabled),
      10_000,
      'alice2 to unpair alice1',
    );
    assert.equal(
      (await alice2.client.call('devices.setEnabled', { installationId: id1, enabled: false }, SLOW)).enabled,
      false,
    );
    await unpaired;
    const refusedBefore = await notPairedCount(alice2.client);
    const atBob = nextMatching<MessageView>(
      (l) => bob.client.on('messages.added', l),
      (m) => m.text === 'after unpairing',
      20_000,
      'bob to receive',
    );
    const sent = await alice1.client.call(
      'messages.sendText',
      { chatId: bob.account.chatKey, text: 'after unpairing' },
      SLOW,
    );
    await atBob;
    // Alice1 still has Alice2 paired: the copy does travel, and Alice2 refuses (and counts) it.
    await eventually(
      async () => ((await notPairedCount(alice2.client)) > refusedBefore ? true : undefined),
      15_000,
      'alice2 to refuse the copy',
    );
    assert.ok(!(await texts(alice2.client, bobKey)).some((m) => m.id === sent.id), 'not shown on alice2');
  });
});

// Switching a running core between full and light mode (node.setMode): Alice, a full node next
// to Bob behind a full service node S, goes light and keeps chatting through S's lightpush and
// filter, stays light across a restart without mode flags, and relays again once back to full.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MessageView, NodeStats } from '../../shared/api.ts';
import { becomeContacts, type ChatPerson, meshed, PASSWORD, SLOW, startPerson } from '../helpers/chat-people.ts';
import { type HeadlessProcess, startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { eventually, nextMatching } from '../helpers/wait.ts';

const WAIT = 30_000;
const SWITCH = { timeoutMs: 60_000 };

describe('switching the node between full and light mode while running', () => {
  const dirs = [tempDir(), tempDir(), tempDir()];
  let service: HeadlessProcess;
  let alice: ChatPerson;
  let bob: ChatPerson;
  let serviceAddress = '';

  before(async () => {
    service = await startHeadlessProcess(dirs[0]?.dir ?? '');
    serviceAddress = service.ready.listenAddresses[0] ?? '';
    alice = await startPerson(dirs[1]?.dir ?? '', ['--static-node', serviceAddress], 'Alice Liddell');
    bob = await startPerson(dirs[2]?.dir ?? '', ['--static-node', serviceAddress], 'Bob Builder');
    await Promise.all([meshed(alice.client), meshed(bob.client)]);
    await becomeContacts(alice, bob);
  });

  after(async () => {
    for (const node of [service, alice?.node, bob?.node]) node?.child.kill('SIGTERM');
    await Promise.all([service?.exited, alice?.node.exited, bob?.node.exited]);
    for (const d of dirs) d.cleanup();
  });

  async function exchange(label: string): Promise<void> {
    const toBob = nextMatching<MessageView>(
      (l) => bob.client.on('messages.added', l),
      (m) => !m.outgoing && m.text === `${label}: from Alice`,
      WAIT,
      `bob to receive alice’s text (${label})`,
    );
    await alice.client.call('messages.sendText', { chatId: bob.account.chatKey, text: `${label}: from Alice` }, SLOW);
    await toBob;
    const toAlice = nextMatching<MessageView>(
      (l) => alice.client.on('messages.added', l),
      (m) => !m.outgoing && m.text === `${label}: from Bob`,
      WAIT,
      `alice to receive bob’s text (${label})`,
    );
    await bob.client.call('messages.sendText', { chatId: alice.account.chatKey, text: `${label}: from Bob` }, SLOW);
    await toAlice;
  }

  /** Alice's service peer is ready and S holds her filter subscription (dropped when she disconnects). */
  const servicePeerReady = async (person: ChatPerson) => {
    await eventually(
      async () => ((await person.client.call('node.stats')).peers >= 1 ? true : undefined),
      15_000,
      'the service peer to be ready',
    );
    await eventually(
      async () => ((await counted('filter', 'subscribers')) >= 1 ? true : undefined),
      15_000,
      'S to hold a filter subscription',
    );
  };

  const counted = async (section: string, name?: string) => {
    const stats = await service.connect();
    try {
      const protocols = (await stats.call('node.stats')).protocols[section] ?? {};
      if (name) return protocols[name] ?? 0;
      return Object.values(protocols).reduce((a, b) => a + b, 0);
    } finally {
      stats.close();
    }
  };

  test('full → light: info says light, chat goes through the service node', async () => {
    await exchange('full');
    const peerId = (await alice.client.call('node.info')).peerId;
    const lightpushBefore = await counted('lightpush');
    const statsPushed = nextMatching(
      (l: (s: NodeStats) => void) => alice.client.on('node.statsChanged', l),
      (s) => s.mode === 'light',
      WAIT,
      'a stats push in light mode',
    );
    const info = await alice.client.call('node.setMode', { mode: 'light' }, SWITCH);
    assert.equal(info.mode, 'light');
    assert.equal(info.peerId, peerId, 'the peer identity stays');
    assert.deepEqual(info.listenAddresses, [], 'a light node listens nowhere');
    await statsPushed;
    assert.equal((await alice.client.call('node.info')).mode, 'light');
    // Same mode again: nothing to do.
    assert.equal((await alice.client.call('node.setMode', { mode: 'light' })).mode, 'light');
    await servicePeerReady(alice);
    await exchange('light');
    assert.ok((await counted('lightpush')) > lightpushBefore, 'alice’s text went out by lightpush through S');
  });

  test('the choice survives a restart without mode flags; back to full relays again', async () => {
    alice.node.child.kill('SIGTERM');
    await alice.node.exited;
    alice.client.close();
    const node = await startHeadlessProcess(dirs[1]?.dir ?? '', ['--static-node', serviceAddress]);
    const client = await node.connect();
    alice = { ...alice, node, client };
    assert.equal((await client.call('node.info')).mode, 'light', 'the saved choice applies without --light/--full');
    assert.deepEqual(node.ready.listenAddresses, []);
    await client.call('accounts.login', { keyUid: alice.account.keyUid, password: PASSWORD }, SLOW);
    await servicePeerReady(alice);
    await exchange('light after restart');

    const info = await client.call('node.setMode', { mode: 'full' }, SWITCH);
    assert.equal(info.mode, 'full');
    assert.ok(info.listenAddresses.length > 0, 'a full node listens again');
    const stats = await client.call('node.stats');
    assert.equal(stats.mode, 'full');
    await meshed(client);
    await exchange('full again');
    const relayed = (await client.call('node.stats')).protocols.relay ?? {};
    assert.ok(Object.values(relayed).reduce((a, b) => a + b, 0) > 0, 'alice relays again');
  });

  test('an explicit flag wins over the saved choice', async () => {
    // Alice's saved choice is now full; --light at start wins for this run only.
    alice.node.child.kill('SIGTERM');
    await alice.node.exited;
    alice.client.close();
    const node = await startHeadlessProcess(dirs[1]?.dir ?? '', ['--light', '--static-node', serviceAddress]);
    const client = await node.connect();
    alice = { ...alice, node, client };
    assert.equal((await client.call('node.info')).mode, 'light');
  });
});

// A phone-like Carol in light mode talks to Alice through Alice's own service node: Carol's
// request and texts go out by lightpush, Alice's answers reach her by filter, the MVDS acks
// make both sides' messages "delivered", and Carol's history comes from Alice's store.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ContactView, MessageView, SyncProgress } from '../../shared/api.ts';
import { startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { eventually, nextMatching } from '../helpers/wait.ts';

const PASSWORD = 'a long enough password';
const SLOW = { timeoutMs: 30_000 };
const WAIT = 30_000;

describe('a light-mode client chatting through a full node', () => {
  const dirs = [tempDir(), tempDir()];
  type Person = Awaited<ReturnType<typeof person>>;
  let alice: Person;
  let carol: Person;

  async function person(i: number, displayName: string, extra: string[]) {
    const node = await startHeadlessProcess(dirs[i]?.dir ?? '', extra);
    const client = await node.connect();
    return { node, client, displayName };
  }

  before(async () => {
    alice = await person(0, 'Alice Liddell', []);
    carol = await person(1, 'Carol Danvers', ['--light', '--static-node', alice.node.ready.listenAddresses[0] ?? '']);
    await eventually(
      async () => ((await carol.client.call('node.stats')).peers >= 1 ? true : undefined),
      15_000,
      'carol’s service peer to be ready',
    );
  });

  after(async () => {
    for (const p of [alice, carol]) p?.node.child.kill('SIGTERM');
    await Promise.all([alice?.node.exited, carol?.node.exited]);
    for (const d of dirs) d.cleanup();
  });

  test('contact request by lightpush, accept by filter, then texts both ways with delivered ticks', async () => {
    const aliceAccount = (
      await alice.client.call('accounts.create', { password: PASSWORD, displayName: alice.displayName }, SLOW)
    ).account;
    // Carol logs in after Alice exists, so her first history sync runs against Alice's store.
    const firstSync = nextMatching<SyncProgress>(
      (l) => carol.client.on('sync.progress', l),
      (p) => p.phase === 'done' || p.phase === 'failed',
      WAIT,
      'carol’s first history sync',
    );
    const carolAccount = (
      await carol.client.call('accounts.create', { password: PASSWORD, displayName: carol.displayName }, SLOW)
    ).account;
    assert.equal((await firstSync).phase, 'done', 'a light client syncs history from its service node');

    const request = nextMatching<ContactView>(
      (l) => alice.client.on('contacts.requestReceived', l),
      (c) => c.publicKey === carolAccount.publicKey,
      WAIT,
      'alice to get carol’s request',
    );
    await carol.client.call('contacts.sendRequest', { key: aliceAccount.chatKey, message: 'Hi from my phone' }, SLOW);
    assert.equal((await request).requestMessage, 'Hi from my phone');

    const carolMutual = nextMatching<ContactView>(
      (l) => carol.client.on('contacts.updated', l),
      (c) => c.publicKey === aliceAccount.publicKey && c.state === 'mutual',
      WAIT,
      'carol to see the accept (by filter)',
    );
    await alice.client.call('contacts.accept', { key: carolAccount.publicKey }, SLOW);
    await carolMutual;

    const toAlice = nextMatching<MessageView>(
      (l) => alice.client.on('messages.added', l),
      (m) => !m.outgoing,
      WAIT,
      'alice to receive carol’s text',
    );
    const carolDelivered = nextMatching<{ id: string; status: string | null }>(
      (l) => carol.client.on('messages.updated', l),
      (u) => u.status === 'delivered',
      WAIT,
      'alice’s ack to reach carol',
    );
    const sent = await carol.client.call(
      'messages.sendText',
      { chatId: aliceAccount.publicKey, text: 'Light client here' },
      SLOW,
    );
    assert.equal((await toAlice).text, 'Light client here');
    assert.equal((await carolDelivered).id, sent.id);

    const toCarol = nextMatching<MessageView>(
      (l) => carol.client.on('messages.added', l),
      (m) => !m.outgoing,
      WAIT,
      'carol to receive alice’s text',
    );
    const aliceDelivered = nextMatching<{ id: string; status: string | null }>(
      (l) => alice.client.on('messages.updated', l),
      (u) => u.status === 'delivered',
      WAIT,
      'carol’s ack to reach alice',
    );
    const reply = await alice.client.call(
      'messages.sendText',
      { chatId: carolAccount.chatKey, text: 'Loud and clear' },
      SLOW,
    );
    assert.equal((await toCarol).text, 'Loud and clear');
    assert.equal((await aliceDelivered).id, reply.id);

    // Carol's traffic went through Alice's service protocols, not relay.
    const stats = await alice.client.call('node.stats');
    const lightpush = Object.values(stats.protocols.lightpush ?? {}).reduce((a, b) => a + b, 0);
    const filter = Object.values(stats.protocols.filter ?? {}).reduce((a, b) => a + b, 0);
    assert.ok(lightpush > 0, `alice served lightpush (${JSON.stringify(stats.protocols.lightpush)})`);
    assert.ok(filter > 0, `alice served filter (${JSON.stringify(stats.protocols.filter)})`);
  });
});

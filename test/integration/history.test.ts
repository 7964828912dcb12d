// Issue 6: Bob is offline while Alice sends 200 messages; when he comes back he gets all of
// them, in order, from store (+ MVDS), and Alice's messages turn delivered (acks arrive).
// Three headless cores: S (full, archives), Alice and Bob (full, --static-node S).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Api, ContactView, MessageView, SyncProgress } from '../../shared/api.ts';
import type { RpcClient } from '../../shared/rpc/client.ts';
import { meshed, PASSWORD, SLOW } from '../helpers/chat-people.ts';
import { type HeadlessProcess, startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { eventually, nextMatching } from '../helpers/wait.ts';

const COUNT = 200;

interface Person {
  node: HeadlessProcess;
  client: RpcClient<Api>;
  key: string;
  chatKey: string;
  keyUid: string;
}

async function allMessages(client: RpcClient<Api>, chatId: string): Promise<MessageView[]> {
  const out: MessageView[] = [];
  let before: { clock: number; id: string } | undefined;
  for (;;) {
    const page = await client.call('messages.list', { chatId, limit: 200, ...(before ? { before } : {}) });
    out.push(...page);
    const last = page.at(-1);
    if (page.length < 200 || !last) return out.reverse();
    before = { clock: last.clock, id: last.id };
  }
}

describe('history from store: 200 messages while offline', () => {
  const dirs = [tempDir(), tempDir(), tempDir()];
  let service: HeadlessProcess;
  let alice: Person;
  let bob: Person;
  let serviceAddress = '';

  async function person(i: number): Promise<Person> {
    const node = await startHeadlessProcess(dirs[i]?.dir ?? '', ['--static-node', serviceAddress]);
    const client = await node.connect();
    const firstSync = nextMatching<SyncProgress>(
      (l) => client.on('sync.progress', l),
      (p) => p.phase === 'done',
      20_000,
      'the first history sync',
    );
    const { account } = await client.call('accounts.create', { password: PASSWORD }, SLOW);
    const first = await firstSync;
    // A new account looks 9 days back.
    assert.ok(first.to - first.from >= 9 * 24 * 60 * 60 * 1000);
    return { node, client, key: account.publicKey, chatKey: account.chatKey, keyUid: account.keyUid };
  }

  before(async () => {
    service = await startHeadlessProcess(dirs[0]?.dir ?? '');
    serviceAddress = service.ready.listenAddresses[0] ?? '';
    [alice, bob] = await Promise.all([person(1), person(2)]);
    // S forwards only to its mesh: wait until it has grafted both (else the request is lost
    // until MVDS re-sends it, ~27 s later).
    const serviceClient = await service.connect();
    await Promise.all([
      meshed(alice.client, 15_000, 1, 'alice to mesh with S'),
      meshed(bob.client, 15_000, 1, 'bob to mesh with S'),
      meshed(serviceClient, 15_000, 2, 'S to mesh with both'),
    ]);
    serviceClient.close();
    // Only contacts are heard: make them mutual first.
    // The first request over a fresh mesh is sometimes lost (MVDS would re-send it ~27 s later):
    // ask again rather than wait for that.
    for (let attempt = 1; ; attempt += 1) {
      const requested = nextMatching<ContactView>(
        (l) => bob.client.on('contacts.requestReceived', l),
        (c) => c.publicKey === alice.key,
        8000,
        'bob to get the contact request',
      );
      await alice.client.call('contacts.sendRequest', { key: bob.chatKey, message: 'Hi Bob, Alice here' }, SLOW);
      try {
        await requested;
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    const mutual = nextMatching<ContactView>(
      (l) => alice.client.on('contacts.updated', l),
      (c) => c.publicKey === bob.key && c.state === 'mutual',
      20_000,
      'alice to see bob accept',
    );
    await bob.client.call('contacts.accept', { key: alice.chatKey }, SLOW);
    await mutual;
  });

  after(async () => {
    for (const p of [alice?.node, bob?.node, service]) p?.child.kill('SIGTERM');
    await Promise.all([alice?.node.exited, bob?.node.exited, service?.exited]);
    for (const d of dirs) d.cleanup();
  });

  test('bob gets all 200 in order from store; alice sees them delivered; her re-sends stop', async () => {
    bob.client.close();
    bob.node.child.kill('SIGTERM');
    assert.equal(await bob.node.exited, 0);

    const texts = Array.from({ length: COUNT }, (_, i) => `backlog ${String(i).padStart(3, '0')}`);
    const sendBegan = performance.now();
    const sent: MessageView[] = [];
    for (const text of texts) sent.push(await alice.client.call('messages.sendText', { chatId: bob.chatKey, text }, SLOW));
    const sendMs = performance.now() - sendBegan;

    // Bob comes back and logs in: the sync from his last checkpoint fetches the backlog.
    const node = await startHeadlessProcess(dirs[2]?.dir ?? '', ['--static-node', serviceAddress]);
    const client = await node.connect();
    bob = { ...bob, node, client };
    const progress: SyncProgress[] = [];
    client.on('sync.progress', (p) => progress.push(p));
    const backlog = nextMatching<SyncProgress>(
      (l) => client.on('sync.progress', l),
      (p) => p.phase === 'done' && p.fetched >= COUNT,
      30_000,
      'bob to fetch the backlog',
    );
    const loginBegan = performance.now();
    await client.call('accounts.login', { keyUid: bob.keyUid, password: PASSWORD }, SLOW);
    const done = await backlog;
    const backlogMs = performance.now() - loginBegan;

    const received = await eventually(
      async () => {
        const list = (await allMessages(client, alice.chatKey)).filter((m) => m.text.startsWith('backlog '));
        return list.length >= COUNT ? list : undefined;
      },
      20_000,
      'bob to hold all 200',
    );
    assert.deepEqual(
      received.map((m) => m.text),
      texts,
    );
    assert.equal(new Set(received.map((m) => m.id)).size, COUNT);
    assert.deepEqual(
      received.map((m) => m.id),
      sent.map((m) => m.id),
    );
    for (let i = 1; i < received.length; i += 1) {
      assert.ok((received[i]?.clock ?? 0) > (received[i - 1]?.clock ?? 0), `clock order at ${i}`);
    }
    // The sync had the 30 s overlap on his last checkpoint, not 9 days.
    assert.ok(done.to - done.from < 10 * 60_000, `a short range: ${done.to - done.from} ms`);

    // Acks reach Alice: every message turns delivered.
    const delivered = await eventually(
      async () => {
        const mine = (await allMessages(alice.client, bob.chatKey)).filter((m) => m.text.startsWith('backlog '));
        return mine.length === COUNT && mine.every((m) => m.status === 'delivered') ? mine : undefined;
      },
      30_000,
      'alice to see all 200 delivered',
    );
    assert.equal(delivered.length, COUNT);

    // Once acked, MVDS has nothing left to send: Alice's relay output stays put over the next
    // three stats pushes (a retransmission of 200 records would show at once).
    const outAt = async () => (await alice.client.call('node.stats')).protocols.relay?.['messages-out'] ?? 0;
    const settled = await outAt();
    let pushes = 0;
    await nextMatching(
      (l) => alice.client.on('node.statsChanged', l),
      () => ++pushes >= 3,
      15_000,
      'three stats pushes',
    );
    assert.ok((await outAt()) - settled < 5, 'alice keeps re-sending after the acks');

    const rate = Math.round((COUNT * 1000) / (done.ingestMs || 1));
    console.log(
      `# backlog: ${COUNT} sent in ${Math.round(sendMs)} ms; fetched ${done.fetched} (reason ${done.reason}) ` +
        `in ${done.ms} ms, ingest ${done.ingestMs} ms = ${rate} messages/s; login → synced ${Math.round(backlogMs)} ms; ` +
        `syncs: ${progress.filter((p) => p.phase !== 'fetching').map((p) => `${p.reason}:${p.phase}`).join(',')}`,
    );
  });
});

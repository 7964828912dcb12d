// Two people, each on their own full node, exchange 1:1 messages through the whole stack:
// AMM, MVDS, X3DH/double ratchet (DH fallback first), segments, ECIES envelopes, relay.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { memoryBundles, memorySessions } from '../../../main/app/messenger/memory-ports.ts';
import { Messenger, type ReceivedChatMessage } from '../../../main/app/messenger/messenger.ts';
import { fullNodeTransport } from '../../../main/app/messenger/waku-transport.ts';
import { randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import { MemoryMvdsStore } from '../../../main/reliability/mvds/node.ts';
import { withTimeout } from '../../helpers/wait.ts';
import { GLOBAL_TOPIC, startTestNode, type TestNode, tcpAddress, waitForMeshPeer } from '../../helpers/waku.ts';

function person(node: TestNode, name: string, segmentBytes?: number) {
  const key = randomPrivateKey();
  const inbox: ReceivedChatMessage[] = [];
  const delivered: string[] = [];
  const waiters: Array<() => void> = [];
  const messenger = new Messenger({
    transport: fullNodeTransport(node.node),
    chatKey: key,
    bundles: memoryBundles(key, `${name}-desktop`),
    sessions: memorySessions(),
    mvds: new MemoryMvdsStore(),
    events: {
      onMessage: (m) => {
        inbox.push(m);
        for (const w of waiters.splice(0)) w();
      },
      onDelivered: (id) => {
        delivered.push(id);
        for (const w of waiters.splice(0)) w();
      },
    },
    ...(segmentBytes ? { segmentBytes } : {}),
  });
  messenger.start();
  const until = (check: () => boolean, what: string) =>
    withTimeout(
      new Promise<void>((resolve) => {
        const poll = () => (check() ? resolve() : waiters.push(poll));
        poll();
      }),
      15_000,
      what,
    );
  return { messenger, inbox, delivered, until, key };
}

describe('1:1 messages between two full nodes', () => {
  let a: TestNode;
  let b: TestNode;

  before(async () => {
    [a, b] = await Promise.all([startTestNode(), startTestNode()]);
    await a.node.dial(tcpAddress(b.node));
    await Promise.all([
      waitForMeshPeer(a.node, GLOBAL_TOPIC, b.node.peerId.toString()),
      waitForMeshPeer(b.node, GLOBAL_TOPIC, a.node.peerId.toString()),
    ]);
  });

  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  test('alice writes first (no bundle yet), bob answers, both see the text and alice gets the delivered tick', async () => {
    const alice = person(a, 'alice');
    const bob = person(b, 'bob');
    try {
      const id = await alice.messenger.sendText(bob.messenger.publicKeyHex, 'hello bob');
      await bob.until(() => bob.inbox.length === 1, 'bob to get the message');
      assert.equal(bob.inbox[0]?.text, 'hello bob');
      assert.equal(bob.inbox[0]?.id, id, 'both sides agree on the message id');
      assert.equal(bob.inbox[0]?.sender, alice.messenger.publicKeyHex);
      await alice.until(() => alice.delivered.includes(id), 'the delivered tick');

      const reply = await bob.messenger.sendText(alice.messenger.publicKeyHex, 'hi alice, got it');
      await alice.until(() => alice.inbox.length === 1, 'alice to get the reply');
      assert.equal(alice.inbox[0]?.text, 'hi alice, got it');
      await bob.until(() => bob.delivered.includes(reply), 'bob’s delivered tick');

      for (let i = 0; i < 5; i += 1) await alice.messenger.sendText(bob.messenger.publicKeyHex, `message ${i}`);
      await bob.until(() => bob.inbox.length === 6, 'five more messages');
      assert.deepEqual(
        bob.inbox.slice(1).map((m) => m.text),
        ['message 0', 'message 1', 'message 2', 'message 3', 'message 4'],
      );
      assert.equal(bob.messenger.rejected.get('encryption') ?? 0, 0);
    } finally {
      alice.messenger.stop();
      bob.messenger.stop();
    }
  });

  test('a message larger than a segment is cut, sent in pieces and reassembled', async () => {
    const alice = person(a, 'alice2', 300);
    const bob = person(b, 'bob2', 300);
    try {
      const long = 'x'.repeat(3000);
      await alice.messenger.sendText(bob.messenger.publicKeyHex, long);
      await bob.until(() => bob.inbox.length === 1, 'the long message');
      assert.equal(bob.inbox[0]?.text, long);
    } finally {
      alice.messenger.stop();
      bob.messenger.stop();
    }
  });
});

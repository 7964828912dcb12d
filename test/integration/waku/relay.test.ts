// Three of our nodes in one process relay on /waku/2/rs/16/32 over TCP and WebSocket, and a
// peer sending invalid data gets it dropped by the validator and counted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { encodeRelayData } from '../../../main/transport/relay/relay-codec.ts';
import {
  GLOBAL_TOPIC,
  linkRelay,
  nextMessage,
  payloadText,
  type RogueRelay,
  startRogueRelay,
  startTestNode,
  type TestNode,
  tcpAddress,
  testMessage,
  waitForMeshPeer,
  wsAddress,
} from '../../helpers/waku.ts';

describe('relay between three nodes in one process', () => {
  let a: TestNode;
  let b: TestNode;
  let c: TestNode;

  before(async () => {
    [a, b] = await Promise.all([startTestNode(), startTestNode()]);
    // c finds b through its static peer list, over WebSocket; a dials b over TCP.
    c = await startTestNode({ staticPeers: [wsAddress(b.node)] });
    await Promise.all([
      waitForMeshPeer(b.node, GLOBAL_TOPIC, c.node.peerId.toString()),
      waitForMeshPeer(c.node, GLOBAL_TOPIC, b.node.peerId.toString()),
      linkRelay(a.node, b.node, tcpAddress(b.node)),
    ]);
  });

  after(async () => {
    await Promise.all([a, b, c].map((node) => node?.close()));
  });

  test('the links use the transports we asked for', async () => {
    const peersOfB = await b.node.peers();
    const fromA = peersOfB.find((peer) => peer.id === a.node.peerId.toString());
    const fromC = peersOfB.find((peer) => peer.id === c.node.peerId.toString());
    assert.ok(fromA && !fromA.addresses.some((address) => address.includes('/ws')), 'a–b over TCP');
    assert.equal(fromC?.direction, 'inbound');
    // An inbound WebSocket shows the socket's address; the dialling side sees the /ws multiaddr.
    const bFromC = (await c.node.peers()).find((peer) => peer.id === b.node.peerId.toString());
    assert.ok(
      bFromC?.addresses.some((address) => address.includes('/ws')),
      'c–b over WebSocket',
    );
    assert.equal(bFromC?.direction, 'outbound');
    assert.ok(fromA.protocols.includes('/vac/waku/relay/2.0.0'));
    assert.ok(!fromA.protocols.some((protocol) => protocol.startsWith('/meshsub')), 'relay only, no plain gossipsub');
    assert.deepEqual([fromA.clusterId, fromA.shards], [16, [32]], 'metadata learned on connect');
  });

  test('a message from a reaches b over TCP and c over b and WebSocket, with the same hash', async () => {
    const message = testMessage('hello over two hops');
    const atB = nextMessage(b.node, (m) => payloadText(m.message) === 'hello over two hops');
    const atC = nextMessage(c.node, (m) => payloadText(m.message) === 'hello over two hops');
    const published = await a.node.publish(GLOBAL_TOPIC, message);
    assert.ok(published.ok);
    assert.equal(published.recipients, 1, 'a only knows b');
    const [gotB, gotC] = await Promise.all([atB, atC]);
    assert.equal(gotB.source, 'relay');
    assert.equal(gotB.from, a.node.peerId.toString());
    assert.equal(gotC.from, b.node.peerId.toString());
    assert.equal(gotB.hashHex, gotC.hashHex);
    assert.equal(gotB.hashHex, Buffer.from(published.hash).toString('hex'));
    assert.equal(gotC.message.timestamp, message.timestamp);
  });

  test('relay latency a → c over two hops stays in milliseconds', async () => {
    const samples: number[] = [];
    for (let index = 0; index < 50; index += 1) {
      const tag = `latency ${index}`;
      const arrived = nextMessage(c.node, (m) => payloadText(m.message) === tag);
      const began = performance.now();
      await a.node.publish(GLOBAL_TOPIC, testMessage(tag));
      await arrived;
      samples.push(performance.now() - began);
    }
    samples.sort((x, y) => x - y);
    const p50 = samples[Math.floor(samples.length / 2)] ?? Number.NaN;
    const p90 = samples[Math.floor(samples.length * 0.9)] ?? Number.NaN;
    console.log(`relay a→b→c latency over 50 msgs: p50 ${p50.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms`);
    assert.ok(p50 < 100, `p50 ${p50} ms`);
  });

  test('publishing refuses what relay would reject, without touching the network', async () => {
    const before = b.node.stats().relay.counters['messages-in'] ?? 0;
    const empty = await a.node.publish(GLOBAL_TOPIC, testMessage('x', { contentTopic: '' }));
    assert.deepEqual(empty, { ok: false, reason: 'empty-content-topic' });
    const big = await a.node.publish(GLOBAL_TOPIC, testMessage('x', { payload: new Uint8Array(151 * 1024) }));
    assert.deepEqual(big, { ok: false, reason: 'too-large' });
    const otherCluster = await a.node.publish('/waku/2/rs/1/32', testMessage('x'));
    assert.deepEqual(otherCluster, { ok: false, reason: 'not-a-shard-topic' });
    assert.equal(a.node.stats().relay.counters['publish-refused'], 3);
    assert.equal(b.node.stats().relay.counters['messages-in'] ?? 0, before);
  });

  describe('a peer relaying invalid data', () => {
    let rogue: RogueRelay;

    before(async () => {
      rogue = await startRogueRelay();
      const meshed = waitForMeshPeer(b.node, GLOBAL_TOPIC, rogue.libp2p.peerId.toString());
      await rogue.libp2p.dial(b.node.libp2p.getMultiaddrs()[0] ?? assert.fail('no address'));
      await meshed;
    });

    after(async () => {
      await rogue?.close();
    });

    test('undecodable, empty-topic and oversize messages are dropped and counted; valid ones still flow', async () => {
      const invalid = [
        new Uint8Array([0xff, 0xff, 0xff, 0xff]),
        encodeRelayData(testMessage('no topic', { contentTopic: '' })),
        encodeRelayData(testMessage('huge', { payload: new Uint8Array(160 * 1024) })),
      ];
      for (const data of invalid) assert.equal(await rogue.publishRaw(GLOBAL_TOPIC, data), 1);
      const valid = nextMessage(c.node, (m) => payloadText(m.message) === 'after the garbage');
      const leaked: string[] = [];
      const stopWatching = c.node.on('message', (m) => leaked.push(payloadText(m.message)));
      // Published by the rogue after its garbage on the same stream: once it arrives at c (via
      // b), b has already judged the garbage.
      await rogue.publishRaw(GLOBAL_TOPIC, encodeRelayData(testMessage('after the garbage')));
      const got = await valid;
      assert.equal(got.from, b.node.peerId.toString());
      const counters = b.node.stats().relay.counters;
      assert.equal(counters['invalid:undecodable'], 1);
      assert.equal(counters['invalid:empty-content-topic'], 1);
      assert.equal(counters['invalid:too-large'], 1);
      assert.equal(c.node.stats().relay.counters['invalid:undecodable'] ?? 0, 0, 'nothing invalid was forwarded');
      stopWatching();
      assert.deepEqual(leaked, ['after the garbage']);
    });
  });
});

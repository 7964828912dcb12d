// A filter subscriber that comes back with the same peer id: a node switching from full to light
// mode (same persistent key), or a phone after a network change. The service node must push to
// the new connection, whatever order it learns of the old connection's end and the new request.
// And a light node whose subscriptions are made all at once (the messenger after a switch to
// light mode) receives on every one of them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { nextLightMessage, startLightNode, startServiceWithRelayPeer } from '../../helpers/light.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import {
  CONTENT_TOPIC,
  GLOBAL_TOPIC,
  linkRelay,
  payloadText,
  startTestNode,
  type TestNode,
  tcpAddress,
  testMessage,
} from '../../helpers/waku.ts';

describe('a filter subscriber reconnecting with the same peer id', () => {
  let service: TestNode;
  let relayPeer: TestNode;
  const data = tempDir('wsd-same-id-');

  before(async () => {
    ({ service, relayPeer } = await startServiceWithRelayPeer());
  });

  after(async () => {
    await Promise.all([service?.close(), relayPeer?.close()]);
    data.cleanup();
  });

  test('full node → light node with the same key: pushes reach the light node', async () => {
    const full = await startTestNode({ dataDir: data.dir, staticPeers: [tcpAddress(service.node)] });
    await linkRelay(full.node, service.node, tcpAddress(service.node));
    const peerId = full.node.peerId.toString();
    await full.close();
    const light = await startLightNode({ dataDir: data.dir, servicePeers: [tcpAddress(service.node)] });
    try {
      assert.equal(light.node.peerId.toString(), peerId, 'the same key, the same peer id');
      const subscription = await light.node.subscribe(GLOBAL_TOPIC, [CONTENT_TOPIC], () => {});
      assert.equal(subscription.acknowledged, true);
      for (let index = 0; index < 3; index += 1) {
        const tag = `after switch ${index}`;
        const arrived = nextLightMessage(light.node, (m) => payloadText(m.message) === tag);
        assert.ok((await relayPeer.node.publish(GLOBAL_TOPIC, testMessage(tag))).ok);
        await arrived;
      }
      assert.equal(service.node.stats().filter?.subscribers, 1);
    } finally {
      await light.close();
    }
  });

  test('a second connection with the same peer id subscribes while the first is open: pushes follow it', async () => {
    const first = await startLightNode({ dataDir: data.dir, servicePeers: [tcpAddress(service.node)] });
    let second: Awaited<ReturnType<typeof startLightNode>> | undefined;
    try {
      assert.equal((await first.node.subscribe(GLOBAL_TOPIC, [CONTENT_TOPIC], () => {})).acknowledged, true);
      const before = nextLightMessage(first.node, (m) => payloadText(m.message) === 'to the first');
      assert.ok((await relayPeer.node.publish(GLOBAL_TOPIC, testMessage('to the first'))).ok);
      await before;
      // The first connection stays open (as one S has not yet seen die); the same peer id
      // subscribes again over a new one.
      second = await startLightNode({ dataDir: data.dir, servicePeers: [tcpAddress(service.node)] });
      assert.ok(second.node.peerId.equals(first.node.peerId));
      assert.equal((await first.node.peers())[0]?.ready, true, 'the first connection is still up');
      assert.equal((await second.node.subscribe(GLOBAL_TOPIC, [CONTENT_TOPIC], () => {})).acknowledged, true);
      for (let index = 0; index < 3; index += 1) {
        const tag = `to the second ${index}`;
        const arrived = nextLightMessage(second.node, (m) => payloadText(m.message) === tag);
        assert.ok((await relayPeer.node.publish(GLOBAL_TOPIC, testMessage(tag))).ok);
        await arrived;
      }
      assert.equal(service.node.stats().filter?.pushStreams, 1, 'one push stream per subscriber');
    } finally {
      await second?.close();
      await first.close();
    }
  });
});

describe('a light node subscribing to many content topics at once', () => {
  let service: TestNode;
  let relayPeer: TestNode;

  before(async () => {
    ({ service, relayPeer } = await startServiceWithRelayPeer());
  });

  after(async () => {
    await Promise.all([service?.close(), relayPeer?.close()]);
  });

  test('concurrent subscribes on one pubsub topic: every handler receives its messages', async () => {
    const light = await startLightNode({ servicePeers: [tcpAddress(service.node)] });
    try {
      const topics = Array.from({ length: 5 }, (_, index) => `/wsd-test/1/concurrent-${index}/proto`);
      const handled = new Map<string, string[]>(topics.map((topic) => [topic, []]));
      const subscriptions = await Promise.all(
        topics.map((topic) =>
          light.node.subscribe(GLOBAL_TOPIC, [topic], (m) => handled.get(topic)?.push(payloadText(m.message))),
        ),
      );
      assert.deepEqual(
        subscriptions.map((s) => s.acknowledged),
        topics.map(() => true),
      );
      for (const topic of topics) {
        const arrived = nextLightMessage(light.node, (m) => payloadText(m.message) === topic);
        assert.ok((await relayPeer.node.publish(GLOBAL_TOPIC, testMessage(topic, { contentTopic: topic }))).ok);
        await arrived;
      }
      assert.deepEqual(
        topics.map((topic) => handled.get(topic)),
        topics.map((topic) => [topic]),
      );
      assert.equal(light.node.stats().counters['filter-received'], topics.length);
    } finally {
      await light.close();
    }
  });
});

// Filter v2 served to real @waku/sdk light nodes: messages lightpushed by another light node,
// relayed from another full node and published by the service node itself all reach the
// subscriber; ping, unsubscribe, the rate cap, bad input and disconnects behave as nwaku's.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Connection } from '@libp2p/interface';
import type { IDecodedMessage } from '@waku/interfaces';
import { Protocols } from '@waku/interfaces';
import {
  decodeFilterResponse,
  encodeFilterRequest,
  FILTER_SUBSCRIBE_CODEC,
  type FilterRequest,
  FilterRequestType,
  FilterStatus,
} from '../../../main/transport/filter/filter-codec.ts';
import {
  eventually,
  exchange,
  GLOBAL_TOPIC,
  type LightClient,
  linkRelay,
  nextPeersEvent,
  startServiceClient,
  startTestNode,
  type TestNode,
  tcpAddress,
  testMessage,
  wsAddress,
} from '../../helpers/waku.ts';
import { nextMatching } from '../../helpers/wait.ts';

const TOPIC_A = '/wsd-test/1/filter-a/proto';
const TOPIC_B = '/wsd-test/1/filter-b/proto';
const text = (payload: Uint8Array) => new TextDecoder().decode(payload);

function connectionOf(client: LightClient, node: TestNode): Connection {
  const connection = client.waku.libp2p.getConnections(node.node.peerId)[0];
  if (!connection) throw new Error('light client is not connected');
  return connection;
}

async function filterRequest(
  connection: Connection,
  request: Partial<FilterRequest> & { type: FilterRequest['type'] },
) {
  const bytes = await exchange(
    connection,
    FILTER_SUBSCRIBE_CODEC,
    encodeFilterRequest({ requestId: randomUUID(), pubsubTopic: '', contentTopics: [], ...request }),
  );
  const decoded = decodeFilterResponse(bytes);
  assert.ok(decoded.ok);
  return decoded.value;
}

/** Collects every message a light node's filter callback receives, with a way to await one. */
function inbox() {
  const received: IDecodedMessage[] = [];
  const listeners = new Set<(message: IDecodedMessage) => void>();
  return {
    received,
    callback: (message: IDecodedMessage) => {
      received.push(message);
      for (const listener of listeners) listener(message);
    },
    next: (payload: string, ms = 10_000) => {
      const already = received.find((message) => text(message.payload) === payload);
      if (already) return Promise.resolve(already);
      return nextMatching<IDecodedMessage>(
        (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        (message) => text(message.payload) === payload,
        ms,
        `filter push of "${payload}"`,
      );
    },
  };
}

describe('filter served to real light nodes', () => {
  let service: TestNode;
  let relayPeer: TestNode;
  let subscriber: LightClient;
  let pusher: LightClient;
  const box = { a: inbox(), b: inbox() };
  // The SDK keys callbacks by decoder object: unsubscribing needs the very same decoder.
  const decoders = new Map<string, ReturnType<LightClient['waku']['createDecoder']>>();

  before(async () => {
    [service, relayPeer] = await Promise.all([startTestNode({ filter: {} }), startTestNode()]);
    await linkRelay(relayPeer.node, service.node, tcpAddress(service.node));
    [subscriber, pusher] = await Promise.all([
      startServiceClient(wsAddress(service.node), { protocols: [Protocols.Filter] }),
      startServiceClient(wsAddress(service.node), { protocols: [Protocols.LightPush] }),
    ]);
    // One at a time: concurrent subscribes on one pubsub topic race inside the SDK (each creates
    // its own Subscription and only the last one is kept).
    for (const [topic, target] of [
      [TOPIC_A, box.a],
      [TOPIC_B, box.b],
    ] as const) {
      const decoder = subscriber.waku.createDecoder({ contentTopic: topic, shardId: 32 });
      decoders.set(topic, decoder);
      assert.equal(await subscriber.waku.filter.subscribe(decoder, target.callback), true);
    }
  });

  after(async () => {
    await Promise.all([subscriber?.close(), pusher?.close()]);
    await Promise.all([service?.close(), relayPeer?.close()]);
  });

  test('the subscription is registered with both content topics', () => {
    const stats = service.node.stats().filter;
    assert.ok(stats);
    assert.equal(stats.subscribers, 1);
    assert.equal(stats.criteria, 2);
  });

  test('a message lightpushed by another light node reaches the subscriber', async () => {
    const encoder = pusher.waku.createEncoder({ contentTopic: TOPIC_A, shardId: 32 });
    const arrived = box.a.next('lightpushed');
    const result = await pusher.waku.lightPush.send(encoder, { payload: new TextEncoder().encode('lightpushed') });
    assert.equal(result.successes.length, 1);
    const message = await arrived;
    assert.equal(message.contentTopic, TOPIC_A);
    assert.equal(message.pubsubTopic, GLOBAL_TOPIC);
  });

  test('a message relayed from another full node reaches the subscriber', async () => {
    const arrived = box.b.next('relayed');
    const outcome = await relayPeer.node.publish(GLOBAL_TOPIC, testMessage('relayed', { contentTopic: TOPIC_B }));
    assert.ok(outcome.ok && outcome.recipients === 1);
    await arrived;
  });

  test("the service node's own publishes reach the subscriber", async () => {
    const arrived = box.a.next('own publish');
    const outcome = await service.node.publish(GLOBAL_TOPIC, testMessage('own publish', { contentTopic: TOPIC_A }));
    assert.ok(outcome.ok);
    await arrived;
  });

  test('every push to one subscriber went over one stream', () => {
    const stats = service.node.stats();
    assert.equal(stats.lightpush['status:200'], 1);
    assert.equal(stats.filter?.counters.pushes, 3);
    assert.equal(stats.filter?.counters['push-streams-opened'], 1);
    assert.equal(stats.filter?.pushStreams, 1);
  });

  test('ping: 200 while subscribed, 404 for a peer without subscriptions', async () => {
    const ping = await filterRequest(connectionOf(subscriber, service), { type: FilterRequestType.SubscriberPing });
    assert.equal(ping.statusCode, FilterStatus.Ok);
    const stranger = await filterRequest(connectionOf(pusher, service), { type: FilterRequestType.SubscriberPing });
    assert.equal(stranger.statusCode, FilterStatus.NotFound);
    const unsubscribe = await filterRequest(connectionOf(pusher, service), {
      type: FilterRequestType.Unsubscribe,
      pubsubTopic: GLOBAL_TOPIC,
      contentTopics: [TOPIC_A],
    });
    assert.equal(unsubscribe.statusCode, FilterStatus.NotFound);
  });

  test('bad requests get 400 and leave the subscription alone', async () => {
    const connection = connectionOf(subscriber, service);
    const badTopic = await filterRequest(connection, {
      type: FilterRequestType.Subscribe,
      pubsubTopic: '/waku/2/rs/16/64',
      contentTopics: [TOPIC_A],
    });
    assert.equal(badTopic.statusCode, FilterStatus.BadRequest);
    const tooMany = await filterRequest(connection, {
      type: FilterRequestType.Subscribe,
      pubsubTopic: GLOBAL_TOPIC,
      contentTopics: Array.from({ length: 101 }, (_, index) => `/t/1/${index}/proto`),
    });
    assert.equal(tooMany.statusCode, FilterStatus.BadRequest);
    const garbage = decodeFilterResponse(await exchange(connection, FILTER_SUBSCRIBE_CODEC, Uint8Array.of(0x10, 0x09)));
    assert.ok(garbage.ok);
    assert.equal(garbage.value.statusCode, FilterStatus.BadRequest);
    const counters = service.node.stats().filter?.counters;
    assert.equal(counters?.['refused:unsupported-topic'], 1);
    assert.equal(counters?.['refused:too-many-content-topics'], 1);
    assert.equal(counters?.['refused:undecodable'], 1);
    assert.equal(service.node.stats().filter?.criteria, 2);
  });

  test('unsubscribe stops pushes for that content topic only', async () => {
    const removed = await filterRequest(connectionOf(subscriber, service), {
      type: FilterRequestType.Unsubscribe,
      pubsubTopic: GLOBAL_TOPIC,
      contentTopics: [TOPIC_A],
    });
    assert.equal(removed.statusCode, FilterStatus.Ok);
    assert.equal(service.node.stats().filter?.criteria, 1);
    // Pushes to one subscriber share one stream, in order: once the B message is in, an A
    // message sent before it would have been too.
    await service.node.publish(GLOBAL_TOPIC, testMessage('a after unsubscribe', { contentTopic: TOPIC_A }));
    const marker = box.b.next('b marker');
    await service.node.publish(GLOBAL_TOPIC, testMessage('b marker', { contentTopic: TOPIC_B }));
    await marker;
    assert.equal(
      box.a.received.some((message) => text(message.payload) === 'a after unsubscribe'),
      false,
    );
  });

  test("the SDK's unsubscribe is honoured; the subscription goes when the light node does", async () => {
    const decoderB = decoders.get(TOPIC_B);
    assert.ok(decoderB);
    await subscriber.waku.filter.unsubscribe(decoderB);
    // js-waku writes the unsubscribe without reading the answer: nothing to await but the effect.
    await eventually(() => service.node.stats().filter?.subscribers === 0, 10_000, 'the SDK unsubscribe');
    const again = await subscriber.waku.filter.subscribe(decoderB, box.b.callback);
    assert.equal(again, true);
    assert.equal(service.node.stats().filter?.subscribers, 1);
    const gone = nextPeersEvent(service.node, subscriber.waku.libp2p.peerId.toString(), 'disconnected');
    await subscriber.close();
    await gone;
    const stats = service.node.stats().filter;
    assert.deepEqual([stats?.subscribers, stats?.criteria, stats?.pushStreams], [0, 0, 0]);
    assert.equal(stats?.counters['dropped-on-disconnect'], 1);
  });
});

describe('filter on a lone node with a tight request cap', () => {
  let lone: TestNode;
  let client: LightClient;

  before(async () => {
    lone = await startTestNode({ filter: { rateLimit: { capacity: 4, perMinute: 1 } } });
    client = await startServiceClient(tcpAddress(lone.node), { protocols: [Protocols.Filter], transport: 'tcp' });
  });

  after(async () => {
    await client?.close();
    await lone?.close();
  });

  test('over TCP: lightpush to a lone node is 200 because a subscriber took it; then 429 past the cap', async () => {
    const received = inbox();
    assert.equal(
      await client.waku.filter.subscribe(
        client.waku.createDecoder({ contentTopic: TOPIC_A, shardId: 32 }),
        received.callback,
      ),
      true,
    );
    const arrived = received.next('alone');
    const sent = await client.waku.lightPush.send(client.waku.createEncoder({ contentTopic: TOPIC_A, shardId: 32 }), {
      payload: new TextEncoder().encode('alone'),
    });
    assert.equal(sent.successes.length, 1, 'no relay peers, but a local subscriber: 200, not 505');
    await arrived;
    // The subscribe used one token of four.
    const connection = connectionOf(client, lone);
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      statuses.push((await filterRequest(connection, { type: FilterRequestType.SubscriberPing })).statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const counters = lone.node.stats().filter?.counters;
    assert.equal(counters?.['refused:rate-limited'], 2);
    assert.equal(counters?.['status:429'], 2);
    assert.equal(client.waku.libp2p.getConnections(lone.node.peerId).length, 1, 'the client stays connected');
  });
});

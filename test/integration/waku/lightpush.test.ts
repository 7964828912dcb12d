// Real @waku/sdk light nodes lightpush through our node (v3 and v2), a relay peer receives the
// messages; hand-made requests over the light node's own connection check every status code.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Connection } from '@libp2p/interface';
import { LightPushError } from '@waku/interfaces';
import {
  decodeLightPushV2Response,
  decodeLightPushV3Response,
  encodeLightPushV2Request,
  encodeLightPushV3Request,
  LIGHTPUSH_V2_CODEC,
  LIGHTPUSH_V3_CODEC,
  LightPushStatus,
} from '../../../main/transport/lightpush/lightpush-codec.ts';
import type { WakuMessage } from '../../../main/transport/message.ts';
import {
  CONTENT_TOPIC,
  exchange,
  GLOBAL_TOPIC,
  type LightClient,
  linkRelay,
  nextMessage,
  payloadText,
  startLightClient,
  startTestNode,
  type TestNode,
  tcpAddress,
  testMessage,
  wsAddress,
} from '../../helpers/waku.ts';

function connectionOf(client: LightClient, node: TestNode): Connection {
  const connection = client.waku.libp2p.getConnections(node.node.peerId)[0];
  if (!connection) throw new Error('light client is not connected');
  return connection;
}

async function pushV3(connection: Connection, pubsubTopic: string, message: WakuMessage) {
  const requestId = randomUUID();
  const bytes = await exchange(
    connection,
    LIGHTPUSH_V3_CODEC,
    encodeLightPushV3Request({ requestId, pubsubTopic, message }),
  );
  const response = decodeLightPushV3Response(bytes);
  assert.ok(response.ok, 'the answer decodes');
  return { requestId, response: response.value };
}

describe('lightpush from real light nodes', () => {
  let service: TestNode;
  let relayPeer: TestNode;
  let client: LightClient;

  before(async () => {
    // This suite sends more than the default per-peer cap; the cap has its own suite below.
    [service, relayPeer] = await Promise.all([
      startTestNode({ lightpushRateLimit: { capacity: 1000, perMinute: 1000 } }),
      startTestNode(),
    ]);
    await linkRelay(relayPeer.node, service.node, tcpAddress(service.node));
    client = await startLightClient(wsAddress(service.node));
  });

  after(async () => {
    await client?.close();
    await Promise.all([service?.close(), relayPeer?.close()]);
  });

  test('v3 (the SDK default): the relay peer receives it and the service node emits it locally', async () => {
    const encoder = client.waku.createEncoder({ contentTopic: CONTENT_TOPIC, shardId: 32 });
    const atRelayPeer = nextMessage(relayPeer.node, (m) => payloadText(m.message) === 'via lightpush v3');
    const atService = nextMessage(service.node, (m) => payloadText(m.message) === 'via lightpush v3');
    const result = await client.waku.lightPush?.send(encoder, {
      payload: new TextEncoder().encode('via lightpush v3'),
    });
    assert.deepEqual(result?.failures, []);
    assert.equal(result?.successes[0]?.toString(), service.node.peerId.toString());
    const [relayed, local] = await Promise.all([atRelayPeer, atService]);
    assert.equal(local.source, 'lightpush');
    assert.equal(local.from, client.waku.libp2p.peerId.toString());
    assert.equal(relayed.hashHex, local.hashHex);
    assert.equal(service.node.stats().lightpush['requests:v3'], 1);
  });

  test('v2 (useLegacy) works the same', async () => {
    const encoder = client.waku.createEncoder({ contentTopic: CONTENT_TOPIC, shardId: 32 });
    const atRelayPeer = nextMessage(relayPeer.node, (m) => payloadText(m.message) === 'via lightpush v2');
    const result = await client.waku.lightPush?.send(
      encoder,
      { payload: new TextEncoder().encode('via lightpush v2') },
      { useLegacy: true },
    );
    assert.deepEqual(result?.failures, []);
    await atRelayPeer;
    assert.equal(service.node.stats().lightpush['requests:v2'], 1);
  });

  test('round trip through the SDK', async () => {
    const encoder = client.waku.createEncoder({ contentTopic: CONTENT_TOPIC, shardId: 32 });
    const samples: number[] = [];
    for (let index = 0; index < 20; index += 1) {
      const began = performance.now();
      const result = await client.waku.lightPush?.send(encoder, { payload: new TextEncoder().encode(`rt ${index}`) });
      samples.push(performance.now() - began);
      assert.equal(result?.successes.length, 1);
    }
    samples.sort((x, y) => x - y);
    console.log(
      `lightPush.send v3 round trip (SDK, WS, 1 process): p50 ${samples[10]?.toFixed(2)} ms, max ${samples.at(-1)?.toFixed(2)} ms`,
    );
  });

  test('200 echoes the request id and reports the relay peer count', async () => {
    const { requestId, response } = await pushV3(connectionOf(client, service), GLOBAL_TOPIC, testMessage('raw ok'));
    assert.deepEqual([response.requestId, response.statusCode, response.relayPeerCount], [requestId, 200, 1]);
  });

  test('413 for a message over 150 KiB, whether the frame is just over or far over', async () => {
    const connection = connectionOf(client, service);
    const justOver = await pushV3(connection, GLOBAL_TOPIC, testMessage('x', { payload: new Uint8Array(150 * 1024) }));
    assert.equal(justOver.response.statusCode, LightPushStatus.PayloadTooLarge);
    assert.equal(justOver.response.requestId, justOver.requestId);
    const farOver = await pushV3(connection, GLOBAL_TOPIC, testMessage('x', { payload: new Uint8Array(600 * 1024) }));
    assert.equal(farOver.response.statusCode, LightPushStatus.PayloadTooLarge);
    // The SDK sees the same refusal.
    const encoder = client.waku.createEncoder({ contentTopic: CONTENT_TOPIC, shardId: 32 });
    const sdk = await client.waku.lightPush?.send(
      encoder,
      { payload: new Uint8Array(200 * 1024) },
      { autoRetry: false },
    );
    assert.equal(sdk?.failures[0]?.error, LightPushError.REMOTE_PEER_REJECTED);
    assert.equal(service.node.stats().lightpush['status:413'], 3);
  });

  test('421 for a shard we do not serve or another cluster, 400 for an empty content topic', async () => {
    const connection = connectionOf(client, service);
    for (const topic of ['/waku/2/rs/16/64', '/waku/2/rs/1/32', '/waku/2/default-waku/proto']) {
      const { response } = await pushV3(connection, topic, testMessage('x'));
      assert.equal(response.statusCode, LightPushStatus.UnsupportedTopic, topic);
    }
    const { response } = await pushV3(connection, GLOBAL_TOPIC, testMessage('x', { contentTopic: '' }));
    assert.equal(response.statusCode, LightPushStatus.BadRequest);
    // v2 carries the reason in `info`.
    const v2 = decodeLightPushV2Response(
      await exchange(
        connection,
        LIGHTPUSH_V2_CODEC,
        encodeLightPushV2Request({ requestId: 'r2', pubsubTopic: '/waku/2/rs/16/64', message: testMessage('x') }),
      ),
    );
    assert.ok(v2.ok);
    assert.equal(v2.value.isSuccess, false);
    assert.match(v2.value.info ?? '', /^421 /);
  });

  test('the light node was never disconnected by any of this', () => {
    assert.equal(client.waku.libp2p.getConnections(service.node.peerId).length, 1);
    assert.equal(service.node.stats().lightpush['stream:reset'] ?? 0, 0);
  });
});

describe('lightpush to a node without relay peers, with a tight rate cap', () => {
  let lone: TestNode;
  let client: LightClient;

  before(async () => {
    lone = await startTestNode({ lightpushRateLimit: { capacity: 3, perMinute: 1 } });
    client = await startLightClient(wsAddress(lone.node));
  });

  after(async () => {
    await client?.close();
    await lone?.close();
  });

  test('505 NO_PEERS while the message is still handed to the node, then 429 past the cap', async () => {
    const connection = connectionOf(client, lone);
    const local = nextMessage(lone.node, (m) => payloadText(m.message) === 'nobody listens 0');
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      statuses.push(
        (await pushV3(connection, GLOBAL_TOPIC, testMessage(`nobody listens ${index}`))).response.statusCode,
      );
    }
    assert.deepEqual(statuses, [505, 505, 505, 429, 429]);
    assert.equal((await local).source, 'lightpush');
    const stats = lone.node.stats().lightpush;
    assert.equal(stats['status:505'], 3);
    assert.equal(stats['status:429'], 2);
  });
});

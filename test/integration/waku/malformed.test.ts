// Hostile or broken streams on every protocol we serve: garbage, lying length prefixes, streams
// that never send, peers vanishing mid-request. The node survives, counts each, and the same
// connection (mplex, the muxer light clients use) keeps serving other streams.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from '@libp2p/interface';
import { encodeVarint, FrameReader } from '../../../main/transport/frame.ts';
import {
  decodeLightPushV2Response,
  decodeLightPushV3Response,
  encodeLightPushV3Request,
  LIGHTPUSH_V2_CODEC,
  LIGHTPUSH_V3_CODEC,
} from '../../../main/transport/lightpush/lightpush-codec.ts';
import { METADATA_CODEC } from '../../../main/transport/metadata/metadata-codec.ts';
import { RELAY_CODEC } from '../../../main/transport/relay/gossipsub-options.ts';
import {
  CONTENT_TOPIC,
  encodeFrame,
  GLOBAL_TOPIC,
  type LightClient,
  linkRelay,
  nextMessage,
  payloadText,
  sendRaw,
  startLightClient,
  startTestNode,
  type TestNode,
  tcpAddress,
  testMessage,
  untilClosed,
  wsAddress,
} from '../../helpers/waku.ts';

const IDLE_TIMEOUT_MS = 400;

function firstFrame(chunks: Uint8Array[]): Uint8Array | null {
  const reader = new FrameReader(1024 * 1024);
  for (const chunk of chunks) {
    const state = reader.push(chunk);
    if (state.state === 'complete') return state.bytes;
  }
  return null;
}

describe('malformed traffic', () => {
  let service: TestNode;
  let relayPeer: TestNode;
  let client: LightClient;
  let connection: Connection;

  before(async () => {
    [service, relayPeer] = await Promise.all([
      startTestNode({ streamTimeouts: { idleTimeoutMs: IDLE_TIMEOUT_MS, requestTimeoutMs: 1000 } }),
      startTestNode(),
    ]);
    await linkRelay(relayPeer.node, service.node, tcpAddress(service.node));
    client = await startLightClient(wsAddress(service.node));
    connection = client.waku.libp2p.getConnections(service.node.peerId)[0] ?? assert.fail('not connected');
    assert.equal(connection.multiplexer, '/mplex/6.7.0');
  });

  after(async () => {
    await client?.close();
    await Promise.all([service?.close(), relayPeer?.close()]);
  });

  test('framed garbage gets a typed refusal on lightpush and silence on metadata', async () => {
    const garbage = encodeFrame(new Uint8Array([0xff, 0x01, 0x02, 0xfe, 0x99]));
    const v3 = firstFrame(await sendRaw(await connection.newStream(LIGHTPUSH_V3_CODEC), [garbage]));
    const v3Answer = v3 && decodeLightPushV3Response(v3);
    assert.equal(v3Answer?.ok && v3Answer.value.statusCode, 400);
    const v2 = firstFrame(await sendRaw(await connection.newStream(LIGHTPUSH_V2_CODEC), [garbage]));
    const v2Answer = v2 && decodeLightPushV2Response(v2);
    assert.equal(v2Answer?.ok && v2Answer.value.isSuccess, false);
    const metadata = await sendRaw(await connection.newStream(METADATA_CODEC), [
      encodeFrame(new Uint8Array([0x08, 0xff])),
    ]);
    assert.equal(firstFrame(metadata), null);
    assert.ok((service.node.stats().metadata['refused:undecodable'] ?? 0) >= 1);
  });

  test('a length prefix claiming megabytes gets 413 from the prefix alone; a runaway varint resets the stream', async () => {
    const liar = [encodeVarint(50 * 1024 * 1024), new Uint8Array(100)];
    const answer = firstFrame(await sendRaw(await connection.newStream(LIGHTPUSH_V3_CODEC), liar));
    const decoded = answer && decodeLightPushV3Response(answer);
    assert.equal(decoded?.ok && decoded.value.statusCode, 413);
    const runaway = await connection.newStream(LIGHTPUSH_V3_CODEC);
    await runaway.sink([new Uint8Array(12).fill(0xff)]);
    assert.equal(await untilClosed(runaway, 5000), 'reset');
    const metadataLiar = await connection.newStream(METADATA_CODEC);
    await metadataLiar.sink([encodeVarint(1024 * 1024)]);
    await untilClosed(metadataLiar, 5000);
  });

  test('a stream that never sends is recycled after the idle timeout, on each protocol', async () => {
    const idle = await Promise.all(
      [LIGHTPUSH_V3_CODEC, LIGHTPUSH_V2_CODEC, METADATA_CODEC].map((codec) => connection.newStream(codec)),
    );
    const began = performance.now();
    const endings = await Promise.all(idle.map((stream) => untilClosed(stream, 5000)));
    assert.deepEqual(endings, ['reset', 'reset', 'reset']);
    assert.ok(performance.now() - began >= IDLE_TIMEOUT_MS - 50);
  });

  test('a half-sent request then silence times out; relay garbage is shrugged off', async () => {
    const half = await connection.newStream(LIGHTPUSH_V3_CODEC);
    const request = encodeFrame(
      encodeLightPushV3Request({ requestId: 'h', pubsubTopic: GLOBAL_TOPIC, message: testMessage('half') }),
    );
    // Write half and keep our side open (the sink only ends when this promise resolves).
    let finish: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    void half
      .sink(
        (async function* () {
          yield request.subarray(0, 10);
          await held;
        })(),
      )
      .catch(() => {});
    assert.equal(await untilClosed(half, 5000), 'reset');
    finish();
    // Gossipsub on the relay protocol gets junk RPC bytes from a second light node.
    const relayJunk = await client.waku.libp2p.dialProtocol(service.node.peerId, RELAY_CODEC).catch(() => null);
    if (relayJunk) await relayJunk.sink([encodeFrame(new Uint8Array([0xde, 0xad, 0xbe, 0xef]))]).catch(() => {});
  });

  test('a peer that disconnects mid-request costs nothing', async () => {
    const quitter = await startLightClient(wsAddress(service.node));
    const quitterConnection =
      quitter.waku.libp2p.getConnections(service.node.peerId)[0] ?? assert.fail('not connected');
    const stream = await quitterConnection.newStream(LIGHTPUSH_V3_CODEC);
    const request = encodeFrame(
      encodeLightPushV3Request({ requestId: 'q', pubsubTopic: GLOBAL_TOPIC, message: testMessage('quit') }),
    );
    void stream
      .sink(
        (async function* () {
          yield request.subarray(0, 20);
          await new Promise<void>(() => {});
        })(),
      )
      .catch(() => {});
    await quitter.close();
    assert.equal(quitter.waku.libp2p.getConnections().length, 0);
  });

  test('after all that, the same connection still lightpushes, relays, and the node is healthy', async () => {
    assert.equal(connection.status, 'open');
    assert.equal(client.waku.libp2p.getConnections(service.node.peerId)[0]?.id, connection.id, 'never reconnected');
    const encoder = client.waku.createEncoder({ contentTopic: CONTENT_TOPIC, shardId: 32 });
    const relayed = nextMessage(relayPeer.node, (m) => payloadText(m.message) === 'still alive');
    const result = await client.waku.lightPush?.send(
      encoder,
      { payload: new TextEncoder().encode('still alive') },
      { autoRetry: false },
    );
    assert.deepEqual(result?.failures, []);
    await relayed;
    const stats = service.node.stats();
    assert.equal(stats.running, true);
    assert.ok((stats.lightpush['stream:idle-timeout'] ?? 0) >= 2, JSON.stringify(stats.lightpush));
    assert.ok((stats.lightpush['stream:bad-length'] ?? 0) >= 1);
    assert.ok((stats.lightpush['stream:request-timeout'] ?? 0) >= 1);
    assert.ok((stats.lightpush['status:413'] ?? 0) >= 1);
    assert.ok((stats.lightpush['status:400'] ?? 0) >= 2);
    assert.ok((stats.metadata['stream:idle-timeout'] ?? 0) >= 1);
    console.log(
      'service stats after the abuse:',
      JSON.stringify({ lightpush: stats.lightpush, metadata: stats.metadata }),
    );
  });
});

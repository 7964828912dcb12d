// Metadata: light nodes learn our cluster and shards; a peer of another cluster is dropped.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { IMetadata } from '@waku/interfaces';
import {
  decodeMetadataResponse,
  encodeMetadataRequest,
  encodeMetadataResponse,
  METADATA_CODEC,
} from '../../../main/transport/metadata/metadata-codec.ts';
import { serveRequestStream } from '../../../main/transport/request-stream.ts';
import {
  exchange,
  type LightClient,
  nextPeersEvent,
  type RogueRelay,
  startLightClient,
  startRogueRelay,
  startTestNode,
  type TestNode,
  tcpAddress,
  wsAddress,
} from '../../helpers/waku.ts';

describe('metadata', () => {
  let node: TestNode;
  let client: LightClient;

  before(async () => {
    node = await startTestNode({ shards: [32, 64] });
    client = await startLightClient(wsAddress(node.node));
  });

  after(async () => {
    await client?.close();
    await node?.close();
  });

  test("the SDK's own handshake sees cluster 16 and our shards", async () => {
    const metadata = client.waku.libp2p.services.metadata as IMetadata;
    const { shardInfo, error } = await metadata.confirmOrAttemptHandshake(node.node.peerId);
    assert.equal(error, null);
    assert.deepEqual(shardInfo, { clusterId: 16, shards: [32, 64] });
  });

  test('a raw request gets the same answer, and we learned the light node in return', async () => {
    const connection = client.waku.libp2p.getConnections(node.node.peerId)[0] ?? assert.fail('not connected');
    const answer = decodeMetadataResponse(
      await exchange(connection, METADATA_CODEC, encodeMetadataRequest({ clusterId: 16, shards: [] })),
    );
    assert.deepEqual(answer, { ok: true, value: { clusterId: 16, shards: [32, 64] } });
    const light = (await node.node.peers()).find((peer) => peer.id === client.waku.libp2p.peerId.toString());
    assert.equal(light?.clusterId, 16);
    assert.ok((node.node.stats().metadata.served ?? 0) >= 1);
  });

  test('shards added at runtime are advertised', async () => {
    node.node.subscribe(128);
    const connection = client.waku.libp2p.getConnections(node.node.peerId)[0] ?? assert.fail('not connected');
    const answer = decodeMetadataResponse(
      await exchange(connection, METADATA_CODEC, encodeMetadataRequest({ clusterId: 16, shards: [] })),
    );
    assert.deepEqual(answer.ok && answer.value.shards, [32, 64, 128]);
    node.node.unsubscribe(128);
  });

  describe('a peer of another cluster', () => {
    let stranger: RogueRelay;

    before(async () => {
      stranger = await startRogueRelay();
      // It answers metadata as cluster 17 and never hangs up by itself.
      await stranger.libp2p.handle(METADATA_CODEC, ({ stream }) => {
        void serveRequestStream(
          stream,
          { maxRequestBytes: 8192, idleTimeoutMs: 5000, requestTimeoutMs: 5000, maxDiscardBytes: 8192 },
          () => encodeMetadataResponse({ clusterId: 17, shards: [32] }),
        );
      });
    });

    after(async () => {
      await stranger?.close();
    });

    test('is disconnected after our metadata query, and counted', async () => {
      const strangerId = stranger.libp2p.peerId.toString();
      const dropped = nextPeersEvent(node.node, strangerId, 'disconnected');
      await stranger.libp2p.dial(node.node.libp2p.getMultiaddrs()[0] ?? assert.fail('no address'));
      await dropped;
      assert.equal(node.node.stats().metadata['disconnected:wrong-cluster'], 1);
      assert.equal(node.node.libp2p.getConnections(stranger.libp2p.peerId).length, 0);
      // The light node on our cluster is untouched.
      assert.equal(client.waku.libp2p.getConnections(node.node.peerId).length, 1);
    });

    test('one of our nodes configured for another cluster is dropped too', async () => {
      const other = await startTestNode({ clusterId: 17, shards: [32] });
      try {
        const dropped = nextPeersEvent(node.node, other.node.peerId.toString(), 'disconnected');
        await other.node.dial(tcpAddress(node.node)).catch(() => {});
        await dropped;
        const total =
          (node.node.stats().metadata['disconnected:wrong-cluster'] ?? 0) +
          (other.node.stats().metadata['disconnected:wrong-cluster'] ?? 0);
        assert.ok(total >= 2, 'counted on whichever side noticed first, on top of the stranger');
      } finally {
        await other.close();
      }
    });
  });
});

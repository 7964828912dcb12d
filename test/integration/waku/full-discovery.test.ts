// A full node with no static peers finds another full node through EIP-1459 DNS discovery
// (a signed ENR tree served by an in-memory DNS client), dials it and relays with it; with
// discovery off it dials nobody.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { discoveryModules } from '../../../main/transport/discovery/discovery-config.ts';
import { buildEnrTree, enrForNode, fakeDns } from '../../helpers/light.ts';
import type { PeersEvent } from '../../../main/transport/waku-node.ts';
import { nextMatching } from '../../helpers/wait.ts';
import {
  GLOBAL_TOPIC,
  nextMessage,
  payloadText,
  startTestNode,
  type TestNode,
  testMessage,
  waitForMeshPeer,
} from '../../helpers/waku.ts';

describe('full node bootstrapped by DNS discovery', () => {
  let known: TestNode;
  let seeker: TestNode | undefined;

  before(async () => {
    known = await startTestNode();
  });

  after(async () => {
    await Promise.all([known?.close(), seeker?.close()]);
  });

  test('it dials the peer the tree names, meshes with it and relays', async () => {
    const enr = await enrForNode(
      known.node,
      known.dataDir,
      { relay: true, store: false, filter: false, lightPush: true },
      { clusterId: 16, shards: [32] },
    );
    const tree = await buildEnrTree([enr], 'fleet.full-test.invalid');
    const dns = fakeDns(tree.records);
    const connected = nextMatching<PeersEvent>(
      (l) => known.node.on('peers', l),
      (e) => e.change === 'connected',
      15_000,
      'a discovered peer',
    );
    seeker = await startTestNode({
      peerDiscovery: discoveryModules({ enabled: true, enrTrees: [tree.url], peerExchange: false, dns }),
    });
    const event = await connected;
    assert.equal(event.peerId, seeker.node.peerId.toString());
    assert.ok(dns.queries.includes('fleet.full-test.invalid'));
    await waitForMeshPeer(known.node, GLOBAL_TOPIC, seeker.node.peerId.toString());
    const arrived = nextMessage(known.node, (m) => payloadText(m.message) === 'found you');
    assert.ok((await seeker.node.publish(GLOBAL_TOPIC, testMessage('found you'))).ok);
    await arrived;
    const stats = seeker.node.stats().discovery;
    assert.ok((stats.found ?? 0) >= 1 && (stats.dialled ?? 0) >= 1);
  });

  test('with discovery disabled there are no modules and nothing is dialled', async () => {
    assert.deepEqual(
      discoveryModules({
        enabled: false,
        enrTrees: ['enrtree://AMOJVZX4V6EXP7NTJPMAYJYST2QP6AJXYW76IU6VGJS7UVSNDYZG4@boot.prod.status.nodes.status.im'],
        peerExchange: true,
      }),
      [],
    );
    const lonely = await startTestNode({ peerDiscovery: [] });
    try {
      assert.equal(lonely.node.stats().discovery.found ?? 0, 0);
      assert.equal(lonely.node.stats().peers, 0);
    } finally {
      await lonely.close();
    }
  });
});

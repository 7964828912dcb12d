// A LightWakuNode configured with no service peers finds one through EIP-1459 DNS discovery:
// the ENR tree (signed, with a real ENR for our full node) is served by an in-memory DNS client,
// so the whole path (tree walk, peer store, the SDK's discovery dialer, our qualification) runs
// offline.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { discoveryModules } from '../../../main/transport/discovery/discovery-config.ts';
import {
  buildEnrTree,
  enrForNode,
  fakeDns,
  startLightNode,
  startServiceWithRelayPeer,
  type TestLightNode,
} from '../../helpers/light.ts';
import {
  GLOBAL_TOPIC,
  nextMessage,
  payloadText,
  startTestNode,
  type TestNode,
  testMessage,
} from '../../helpers/waku.ts';

describe('light node bootstrapped by DNS discovery', () => {
  let service: TestNode;
  let relayPeer: TestNode;
  let light: TestLightNode;

  before(async () => {
    ({ service, relayPeer } = await startServiceWithRelayPeer(startTestNode));
  });

  after(async () => {
    await light?.close();
    await Promise.all([service?.close(), relayPeer?.close()]);
  });

  test('the tree leads to the service node, which qualifies and takes a publish', async () => {
    const enr = await enrForNode(
      service.node,
      service.dataDir,
      { relay: true, store: false, filter: false, lightPush: true },
      { clusterId: 16, shards: [32] },
    );
    const tree = await buildEnrTree([enr], 'fleet.test.invalid');
    const dns = fakeDns(tree.records);
    const began = performance.now();
    light = await startLightNode({
      servicePeers: [],
      peerDiscovery: discoveryModules({ enabled: true, enrTrees: [tree.url], peerExchange: false, dns }),
    });
    assert.equal(light.node.state, 'ready');
    console.log(`DNS discovery → ready: ${(performance.now() - began).toFixed(0)} ms`);
    assert.ok(dns.queries.includes('fleet.test.invalid'));
    const [peer] = await light.node.peers();
    assert.equal(peer?.id, service.node.peerId.toString());
    assert.equal(peer?.configured, false);
    assert.equal(peer?.ready, true);
    const atRelayPeer = nextMessage(relayPeer.node, (m) => payloadText(m.message) === 'discovered');
    const result = await light.node.publish(GLOBAL_TOPIC, testMessage('discovered'));
    assert.ok(result.ok, JSON.stringify(result));
    await atRelayPeer;
  });
});

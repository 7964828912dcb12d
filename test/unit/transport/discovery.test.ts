// Discovery configuration, offline: which libp2p modules discoveryModules() builds, and an
// EIP-1459 tree (signed, with real ENRs) resolved through @waku/discovery's walker and its
// libp2p module from a DNS client that answers from memory.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import type { PeerInfo } from '@libp2p/interface';
import { DnsNodeDiscovery } from '@waku/discovery';
import { decodeRelayShard } from '@waku/utils';
import {
  assertEnrTree,
  DEFAULT_DISCOVERY,
  discoveryModules,
  STATUS_ENR_TREES,
} from '../../../main/transport/discovery/discovery-config.ts';
import { systemDnsClient } from '../../../main/transport/discovery/system-dns.ts';
import { buildEnrTree, enrFor, fakeDns } from '../../helpers/light.ts';

const FLAGS = { relay: true, store: true, filter: true, lightPush: true };

/** The parts of libp2p's components the two discovery modules touch when built and started. */
function fakeComponents() {
  const saved = new Map<string, { tags?: unknown; metadata?: Record<string, Uint8Array> }>();
  const peerStore = {
    has: async (id: { toString(): string }) => saved.has(id.toString()),
    get: async (id: { toString(): string }) => {
      const entry = saved.get(id.toString());
      if (!entry) throw new Error('not found');
      return { tags: new Map(), metadata: new Map(Object.entries(entry.metadata ?? {})) };
    },
    save: async (id: { toString(): string }, data: { tags?: unknown; metadata?: Record<string, Uint8Array> }) => {
      saved.set(id.toString(), data);
    },
    merge: async () => {},
  };
  return {
    saved,
    components: { peerStore, events: new EventTarget(), connectionManager: { getConnections: () => [] } },
  };
}

type Instance = { [Symbol.toStringTag]: string; start(): unknown; stop(): unknown } & EventTarget;

function instantiate(options: Parameters<typeof discoveryModules>[0]) {
  const { saved, components } = fakeComponents();
  const instances = discoveryModules(options).map((factory) => factory(components as never) as unknown as Instance);
  return { saved, instances, components };
}

async function testNode(port: number, shards: number[]) {
  const privateKey = await generateKeyPair('secp256k1');
  const peerId = peerIdFromPrivateKey(privateKey);
  const enr = await enrFor(
    peerId,
    privateKey,
    [`/ip4/127.0.0.1/tcp/${port}/p2p/${peerId}`, `/ip4/127.0.0.1/tcp/${port + 1}/ws/p2p/${peerId}`],
    FLAGS,
    { clusterId: 16, shards },
  );
  return { peerId: peerId.toString(), enr };
}

describe('discoveryModules', () => {
  test('--no-discovery gives no modules, whatever else is set', () => {
    assert.deepEqual(discoveryModules({ ...DEFAULT_DISCOVERY, enabled: false }), []);
    assert.deepEqual(discoveryModules({ enabled: false, enrTrees: ['not even a tree'], peerExchange: true }), []);
  });

  test('the default is the Status prod fleet tree plus peer exchange', () => {
    assert.deepEqual(DEFAULT_DISCOVERY.enrTrees, [STATUS_ENR_TREES['status.prod']]);
    assert.equal(
      STATUS_ENR_TREES['status.prod'],
      'enrtree://AMOJVZX4V6EXP7NTJPMAYJYST2QP6AJXYW76IU6VGJS7UVSNDYZG4@boot.prod.status.nodes.status.im',
    );
    const { instances } = instantiate(DEFAULT_DISCOVERY);
    // DNS_DISCOVERY_TAG is "@waku/bootstrap"; peer exchange names itself "@waku/peer-exchange".
    assert.deepEqual(
      instances.map((instance) => instance[Symbol.toStringTag]),
      ['@waku/bootstrap', '@waku/peer-exchange'],
    );
    const dns = instances[0] as unknown as { _options: { enrUrls: string[] }; nextPeer?: unknown };
    assert.deepEqual(dns._options.enrUrls, [STATUS_ENR_TREES['status.prod']]);
    // Our resolver is installed (the field this relies on still exists in @waku/discovery).
    assert.equal(typeof dns.nextPeer, 'function');
  });

  test('trees are deduplicated; each switch adds only its module', () => {
    const both = [STATUS_ENR_TREES['status.prod'], STATUS_ENR_TREES['status.staging'], STATUS_ENR_TREES['status.prod']];
    const dnsOnly = instantiate({ enabled: true, enrTrees: both, peerExchange: false }).instances;
    assert.equal(dnsOnly.length, 1);
    assert.deepEqual((dnsOnly[0] as unknown as { _options: { enrUrls: string[] } })._options.enrUrls, [
      STATUS_ENR_TREES['status.prod'],
      STATUS_ENR_TREES['status.staging'],
    ]);
    const pxOnly = instantiate({ enabled: true, enrTrees: [], peerExchange: true }).instances;
    assert.deepEqual(
      pxOnly.map((instance) => instance[Symbol.toStringTag]),
      ['@waku/peer-exchange'],
    );
    assert.deepEqual(discoveryModules({ enabled: true, enrTrees: [], peerExchange: false }), []);
    // 'https' keeps @waku/discovery's own DNS-over-HTTPS walker (no resolver of ours installed).
    const doh = instantiate({ enabled: true, enrTrees: both, peerExchange: false, dns: 'https' }).instances[0];
    assert.equal((doh as unknown as { nextPeer?: unknown }).nextPeer, undefined);
  });

  test('malformed trees are refused with the reason', () => {
    for (const [tree, reason] of [
      ['boot.prod.status.nodes.status.im', /not an enrtree URL/],
      ['enrtree://AMOJVZX4V6EXP7NTJPMAYJYST2QP6AJXYW76IU6VGJS7UVSNDYZG4', /not an enrtree URL/],
      ['enrtree://AMOJVZX4V6EXP7NTJPMAYJYST2QP6AJXYW76IU6VGJS7UVSNDYZG@boot.example.org', /not base32|compressed/],
      ['enrtree://AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA@boot.example.org', /compressed secp256k1/],
    ] as const) {
      assert.throws(() => assertEnrTree(tree), reason, tree);
      assert.throws(() => discoveryModules({ enabled: true, enrTrees: [tree], peerExchange: false }), reason);
    }
    for (const tree of Object.values(STATUS_ENR_TREES)) assertEnrTree(tree);
  });

  test('the system resolver fails cleanly for a name that does not resolve', async () => {
    // No DNS on this machine: only the shape is checked, against a name that cannot resolve.
    const client = systemDnsClient({ timeoutMs: 200, tries: 1 });
    await assert.rejects(client.resolveTXT('name.invalid'));
  });
});

describe('EIP-1459 resolution from an in-memory DNS', () => {
  test('the walker verifies the signed root and returns every ENR with its addresses and shards', async () => {
    const nodes = await Promise.all([testNode(30303, [32, 64]), testNode(30305, [32])]);
    const tree = await buildEnrTree(
      nodes.map((node) => node.enr),
      'nodes.test.invalid',
    );
    const dns = fakeDns(tree.records);
    const found = [];
    for await (const enr of new DnsNodeDiscovery(dns).getNextPeer([tree.url])) found.push(enr);
    assert.deepEqual(found.map((enr) => enr.peerId?.toString()).sort(), nodes.map((node) => node.peerId).sort());
    const first = found.find((enr) => enr.peerId?.toString() === nodes[0]?.peerId);
    assert.deepEqual(first?.shardInfo, { clusterId: 16, shards: [32, 64] });
    assert.deepEqual(first?.waku2, FLAGS);
    assert.deepEqual(first?.peerInfo?.multiaddrs.map(String).sort(), [
      `/ip4/127.0.0.1/tcp/30303/p2p/${nodes[0]?.peerId}`,
      `/ip4/127.0.0.1/tcp/30304/ws/p2p/${nodes[0]?.peerId}`,
    ]);
    assert.equal(dns.queries[0], 'nodes.test.invalid');
  });

  test('a root signed by another key yields nothing', async () => {
    const node = await testNode(30303, [32]);
    const genuine = await buildEnrTree([node.enr], 'nodes.test.invalid');
    const forged = await buildEnrTree([node.enr], 'nodes.test.invalid');
    const dns = fakeDns(forged.records);
    const found = [];
    for await (const enr of new DnsNodeDiscovery(dns).getNextPeer([genuine.url])) found.push(enr);
    assert.deepEqual(found, []);
  });

  test('the libp2p module emits each peer once, saving its shard info and bootstrap tag', async () => {
    const nodes = await Promise.all([testNode(30303, [32, 64]), testNode(30305, [32])]);
    const tree = await buildEnrTree(
      nodes.map((node) => node.enr),
      'nodes.test.invalid',
    );
    const dns = fakeDns(tree.records);
    const { instances, saved } = instantiate({ enabled: true, enrTrees: [tree.url], peerExchange: false, dns });
    const [module] = instances;
    assert.ok(module);
    const discovered: PeerInfo[] = [];
    module.addEventListener('peer', (event) => discovered.push((event as CustomEvent<PeerInfo>).detail));
    await module.start();
    module.stop();
    assert.deepEqual(discovered.map((peer) => peer.id.toString()).sort(), nodes.map((node) => node.peerId).sort());
    for (const node of nodes) {
      const entry = saved.get(node.peerId);
      assert.ok(entry?.tags, 'tagged');
      const shardInfo = entry?.metadata?.shardInfo;
      assert.ok(shardInfo);
      assert.equal(decodeRelayShard(shardInfo).clusterId, 16);
    }
  });
});

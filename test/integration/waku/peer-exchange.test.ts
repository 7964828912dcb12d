// Peer exchange between real nodes on 127.0.0.1: node A learns B's ENR (B's own record, from
// node.enrUri()) through DNS discovery of an offline ENR tree; a light node that only knows A
// asks A over peer exchange, learns B and connects to it. A second service node C, whose tree
// holds a dozen (undialable) records, is probed with raw streams for the caps: num_peers, the
// per-peer rate limit, and malformed frames on a connection that must stay up.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { noise } from '@chainsafe/libp2p-noise';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { Connection, Libp2p } from '@libp2p/interface';
import { mplex } from '@libp2p/mplex';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { wakuPeerExchangeDiscovery } from '@waku/discovery';
import { EnrDecoder } from '@waku/enr';
import { createLibp2p } from 'libp2p';
import { discoveryModules } from '../../../main/transport/discovery/discovery-config.ts';
import { buildEnr } from '../../../main/transport/enr.ts';
import { encodeVarint, FrameReader } from '../../../main/transport/frame.ts';
import {
  decodePeerExchangeResponse,
  encodePeerExchangeQuery,
  PEER_EXCHANGE_CODEC,
  type PeerExchangeResult,
} from '../../../main/transport/peer-exchange/peer-exchange-codec.ts';
import type { PeersEvent } from '../../../main/transport/waku-node.ts';
import { buildEnrTree, fakeDns, startLightNode, type TestLightNode } from '../../helpers/light.ts';
import { nextMatching } from '../../helpers/wait.ts';
import { encodeFrame, sendRaw, startTestNode, type TestNode, tcpAddress, untilClosed } from '../../helpers/waku.ts';

const RATE_CAPACITY = 4;

function nextConnected(node: TestNode, from: (peerId: string) => boolean, what: string): Promise<PeersEvent> {
  return nextMatching<PeersEvent>(
    (listener) => node.node.on('peers', listener),
    (event) => event.change === 'connected' && from(event.peerId),
    15_000,
    what,
  );
}

/** A bare libp2p peer speaking mplex (as js-waku light clients do) for hand-made frames. */
async function rawPeer(): Promise<Libp2p> {
  return createLibp2p({
    privateKey: await generateKeyPair('secp256k1'),
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [mplex()],
  });
}

function parse(chunks: Uint8Array[]): PeerExchangeResult {
  const reader = new FrameReader(64 * 1024);
  for (const chunk of chunks) {
    const state = reader.push(chunk);
    if (state.state === 'complete') {
      const decoded = decodePeerExchangeResponse(state.bytes, 100);
      assert.ok(decoded.ok, 'an undecodable peer exchange response');
      return decoded.value;
    }
  }
  return assert.fail('no response frame');
}

async function query(connection: Connection, numPeers: number): Promise<PeerExchangeResult> {
  return parse(
    await sendRaw(await connection.newStream(PEER_EXCHANGE_CODEC), [encodeFrame(encodePeerExchangeQuery(numPeers))]),
  );
}

describe('peer exchange', () => {
  let a: TestNode;
  let b: TestNode;
  let c: TestNode;
  let light: TestLightNode | undefined;
  const raw: Libp2p[] = [];
  const fakes: string[] = [];

  before(async () => {
    b = await startTestNode();
    // Twelve records C can hand out; their ports are closed, so nobody connects to them.
    const fakeRecords = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const privateKey = await generateKeyPair('secp256k1');
        fakes.push(peerIdFromPrivateKey(privateKey).toString());
        return buildEnr(
          privateKey,
          {
            waku2: { relay: true, store: false, filter: false, lightPush: true },
            shardInfo: { clusterId: 16, shards: [32] },
            listenAddresses: [`/ip4/127.0.0.1/tcp/${i + 1}`],
          },
          1n,
        ).uri;
      }),
    );
    const [treeA, treeC] = await Promise.all([
      buildEnrTree([b.node.enrUri()], 'fleet.px-a.invalid'),
      buildEnrTree(fakeRecords, 'fleet.px-c.invalid'),
    ]);
    const found = nextConnected(b, () => true, 'A dialling B');
    const dnsModules = (url: string, records: Map<string, string>) =>
      discoveryModules({ enabled: true, enrTrees: [url], peerExchange: false, dns: fakeDns(records) });
    [a, c] = await Promise.all([
      startTestNode({ peerDiscovery: dnsModules(treeA.url, treeA.records) }),
      startTestNode({
        peerDiscovery: dnsModules(treeC.url, treeC.records),
        peerExchange: { rateLimit: { capacity: RATE_CAPACITY, perMinute: 1 } },
      }),
    ]);
    const event = await found;
    assert.equal(event.peerId, a.node.peerId.toString());
  });

  after(async () => {
    await light?.close();
    await Promise.all(raw.map((node) => node.stop()));
    await Promise.all([a?.close(), b?.close(), c?.close()]);
  });

  test('a light node that only knows A finds B through A’s peer exchange and connects to it', async () => {
    // The record came from the DNS tree and is B's own signed ENR, byte for byte.
    const stats = a.node.stats().peerExchange;
    assert.equal(stats?.cachedEnrs, 1);
    assert.equal(stats?.cache['added:dns'], 1);
    const connectedToB = nextConnected(
      b,
      (peerId) => peerId !== a.node.peerId.toString(),
      'the light node connecting to B',
    );
    const began = performance.now();
    light = await startLightNode({
      servicePeers: [tcpAddress(a.node)],
      peerDiscovery: [wakuPeerExchangeDiscovery()],
    });
    const event = await connectedToB;
    console.log(`light start → connected to B via peer exchange: ${(performance.now() - began).toFixed(0)} ms`);
    assert.equal(event.peerId, light.node.peerId.toString());
    const served = a.node.stats().peerExchange?.counters;
    assert.ok((served?.['enrs-sent'] ?? 0) >= 1);
    assert.equal(served?.['refused:rate-limited'] ?? 0, 0);
  });

  test('answers carry min(num_peers, 10) distinct, valid records, never the node’s own', async () => {
    const client = await rawPeer();
    raw.push(client);
    const connection = await client.dial(multiaddr(tcpAddress(c.node)));
    const three = await query(connection, 3);
    assert.equal(three.enrs.length, 3);
    assert.equal(three.status, 200);
    assert.equal((await query(connection, 0)).enrs.length, 0);
    const many = await query(connection, 1000);
    assert.equal(many.enrs.length, 10);
    const ids = await Promise.all(many.enrs.map(async (bytes) => (await EnrDecoder.fromRLP(bytes)).peerId?.toString()));
    assert.equal(new Set(ids).size, 10);
    for (const id of ids) assert.ok(id !== undefined && fakes.includes(id));
    assert.ok(!ids.includes(c.node.peerId.toString()));
  });

  test('past the per-peer rate limit the answer is empty with 429, and counted', async () => {
    const client = await rawPeer();
    raw.push(client);
    const connection = await client.dial(multiaddr(tcpAddress(c.node)));
    for (let i = 0; i < RATE_CAPACITY; i++) assert.equal((await query(connection, 2)).enrs.length, 2);
    const refused = await query(connection, 2);
    assert.deepEqual([refused.enrs.length, refused.status], [0, 429]);
    assert.ok((c.node.stats().peerExchange?.counters['refused:rate-limited'] ?? 0) >= 1);
    // Another peer has its own budget.
    const other = await rawPeer();
    raw.push(other);
    assert.equal((await query(await other.dial(multiaddr(tcpAddress(c.node))), 2)).enrs.length, 2);
  });

  test('malformed frames get typed refusals or a reset stream; the connection keeps serving', async () => {
    const client = await rawPeer();
    raw.push(client);
    const connection = await client.dial(multiaddr(tcpAddress(c.node)));
    const garbage = parse(
      await sendRaw(await connection.newStream(PEER_EXCHANGE_CODEC), [encodeFrame(new Uint8Array([0x0a, 0xff, 0x01]))]),
    );
    assert.deepEqual([garbage.enrs.length, garbage.status], [0, 400]);
    const liar = parse(
      await sendRaw(await connection.newStream(PEER_EXCHANGE_CODEC), [
        encodeVarint(10 * 1024 * 1024),
        new Uint8Array(64),
      ]),
    );
    assert.deepEqual([liar.enrs.length, liar.status], [0, 400]);
    const runaway = await connection.newStream(PEER_EXCHANGE_CODEC);
    await runaway.sink([new Uint8Array(12).fill(0xff)]);
    assert.equal(await untilClosed(runaway, 5_000), 'reset');
    assert.equal(connection.status, 'open');
    assert.equal((await query(connection, 1)).enrs.length, 1);
    const counters = c.node.stats().peerExchange?.counters ?? {};
    assert.ok((counters['refused:undecodable'] ?? 0) >= 1);
    assert.ok((counters['refused:oversize'] ?? 0) >= 1);
    assert.ok((counters['stream:bad-length'] ?? 0) >= 1);
  });

  test('with peerExchange: false the protocol is not mounted', async () => {
    const off = await startTestNode({ peerExchange: false });
    try {
      assert.equal(off.node.stats().peerExchange, null);
      assert.ok(!off.node.libp2p.getProtocols().includes(PEER_EXCHANGE_CODEC));
      assert.ok(a.node.libp2p.getProtocols().includes(PEER_EXCHANGE_CODEC));
      // Our record is there either way (for /debug/v1/info).
      const decoded = await EnrDecoder.fromString(off.node.enrUri());
      assert.equal(decoded.peerId?.toString(), off.node.peerId.toString());
      assert.deepEqual(decoded.waku2, { relay: true, store: false, filter: false, lightPush: true });
      assert.deepEqual(decoded.shardInfo, { clusterId: 16, shards: [32] });
    } finally {
      await off.close();
    }
  });
});

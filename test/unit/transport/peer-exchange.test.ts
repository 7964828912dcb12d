// Peer exchange, offline: the codec (against @waku/proto's schema, which js-waku's client uses,
// and nwaku's response_status field), fuzzed decoders, the ENR cache's admission rules and
// sampling, and the taps that read ENRs out of @waku/discovery's modules.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { PeerDiscoveryDns, PeerExchangeDiscovery } from '@waku/discovery';
import { EnrDecoder } from '@waku/enr';
import type { IEnr } from '@waku/interfaces';
import { proto_peer_exchange } from '@waku/proto';
import fc from 'fast-check';
import { buildEnr, type Waku2Flags } from '../../../main/transport/enr.ts';
import { tapDiscovery, tappable } from '../../../main/transport/peer-exchange/discovery-tap.ts';
import { EnrCache, EnrRejectReason } from '../../../main/transport/peer-exchange/enr-cache.ts';
import {
  decodePeerExchangeQuery,
  decodePeerExchangeResponse,
  encodePeerExchangeQuery,
  encodePeerExchangeResponse,
  PeerExchangeReject,
  PeerExchangeStatus,
} from '../../../main/transport/peer-exchange/peer-exchange-codec.ts';

const FLAGS: Waku2Flags = { relay: true, store: false, filter: true, lightPush: true };

async function peerEnr(options: { clusterId?: number; port?: number; seq?: bigint; flags?: boolean } = {}) {
  const privateKey = await generateKeyPair('secp256k1');
  const peerId = peerIdFromPrivateKey(privateKey).toString();
  const record = buildEnr(
    privateKey,
    {
      waku2: FLAGS,
      shardInfo: { clusterId: options.clusterId ?? 16, shards: [32] },
      listenAddresses: [`/ip4/127.0.0.1/tcp/${options.port ?? 40000}`],
    },
    options.seq ?? 1n,
  );
  const enr = await EnrDecoder.fromRLP(record.bytes);
  if (options.flags === false) enr.delete('waku2');
  return { peerId, bytes: record.bytes, enr: enr as IEnr, privateKey };
}

describe('peer exchange codec', () => {
  test('queries round-trip; uint64 num_peers is clamped, not wrapped', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (numPeers) => {
        const decoded = decodePeerExchangeQuery(encodePeerExchangeQuery(numPeers));
        assert.ok(decoded.ok);
        const expected = numPeers > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(numPeers);
        assert.equal(decoded.value.numPeers, expected);
      }),
    );
    // js-waku's client encodes with @waku/proto: the same bytes.
    assert.deepEqual(
      encodePeerExchangeQuery(60),
      proto_peer_exchange.PeerExchangeRPC.encode({ query: { numPeers: 60n } }),
    );
  });

  test('responses round-trip and js-waku’s schema reads them (status in field 10 is skipped)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 12 }),
        fc.constantFrom(...Object.values(PeerExchangeStatus)),
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        (enrs, status, description) => {
          const bytes = encodePeerExchangeResponse({
            enrs,
            status,
            ...(description === undefined ? {} : { description }),
          });
          const ours = decodePeerExchangeResponse(bytes, 100);
          assert.ok(ours.ok);
          assert.deepEqual(ours.value.enrs, enrs);
          assert.equal(ours.value.status, status);
          assert.equal(ours.value.description, description ?? null);
          const theirs = proto_peer_exchange.PeerExchangeRPC.decode(bytes);
          assert.deepEqual(
            theirs.response?.peerInfos.map((info) => info.enr),
            enrs,
          );
        },
      ),
    );
  });

  test('refusals are typed', () => {
    const response = encodePeerExchangeResponse({ enrs: [new Uint8Array([1])], status: 200 });
    const notQuery = decodePeerExchangeQuery(response);
    assert.equal(notQuery.ok ? null : notQuery.reason, PeerExchangeReject.Undecodable);
    const empty = decodePeerExchangeQuery(new Uint8Array());
    assert.equal(empty.ok ? null : empty.reason, PeerExchangeReject.NoQuery);
    const many = decodePeerExchangeResponse(
      encodePeerExchangeResponse({ enrs: [new Uint8Array([1]), new Uint8Array([2])], status: 200 }),
      1,
    );
    assert.equal(many.ok ? null : many.reason, PeerExchangeReject.TooManyPeers);
    const query = decodePeerExchangeResponse(encodePeerExchangeQuery(3), 10);
    assert.equal(query.ok ? null : query.reason, PeerExchangeReject.NoResponse);
    const garbage = decodePeerExchangeQuery(new Uint8Array([0x0a, 0xff, 0xff]));
    assert.equal(garbage.ok ? null : garbage.reason, PeerExchangeReject.Undecodable);
  });

  test('fuzz: any bytes give a typed result, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const query = decodePeerExchangeQuery(bytes);
        assert.equal(typeof query.ok, 'boolean');
        if (!query.ok) assert.ok(Object.values(PeerExchangeReject).includes(query.reason));
        const response = decodePeerExchangeResponse(bytes, 10);
        assert.equal(typeof response.ok, 'boolean');
        if (!response.ok) assert.ok(Object.values(PeerExchangeReject).includes(response.reason));
      }),
      { numRuns: 2000 },
    );
    // Valid RPCs with random trailing fields (including a broken field 10) too.
    fc.assert(
      fc.property(fc.nat(100), fc.uint8Array({ maxLength: 64 }), (n, tail) => {
        const bytes = new Uint8Array([
          ...encodePeerExchangeResponse({ enrs: [], status: n as PeerExchangeStatus }),
          0x52,
          ...tail,
        ]);
        assert.equal(typeof decodePeerExchangeResponse(bytes, 10).ok, 'boolean');
      }),
    );
  });
});

describe('ENR cache', () => {
  test('admits usable records of our cluster and refuses the rest, with reasons', async () => {
    const self = await peerEnr();
    const cache = new EnrCache({ clusterId: 16, selfPeerId: self.peerId });
    const good = await peerEnr({ port: 40001 });
    assert.equal(cache.add(good.enr, 'dns'), null);
    assert.equal(cache.add(self.enr, 'dns'), EnrRejectReason.Self);
    assert.equal(cache.add((await peerEnr({ clusterId: 1 })).enr, 'dns'), EnrRejectReason.OtherCluster);
    assert.equal(cache.add((await peerEnr({ flags: false })).enr, 'peer-exchange'), EnrRejectReason.NoWaku2);
    const forged = await peerEnr();
    forged.enr.signature = new Uint8Array(64);
    assert.equal(cache.add(forged.enr, 'peer-exchange'), EnrRejectReason.Unsigned);
    assert.equal(cache.size, 1);
    assert.deepEqual(cache.sample(10), [good.bytes]);
    assert.deepEqual(cache.sample(10, new Set([good.peerId])), []);
    assert.deepEqual(cache.counters.snapshot(), {
      'added:dns': 1,
      'rejected:self': 1,
      'rejected:other-cluster': 1,
      'rejected:no-waku2': 1,
      'rejected:unsigned': 1,
    });
  });

  test('one record per peer (highest seq wins), bounded, random samples of distinct peers', async () => {
    const key = await generateKeyPair('secp256k1');
    const content = {
      waku2: FLAGS,
      shardInfo: { clusterId: 16, shards: [32] },
      listenAddresses: ['/ip4/1.2.3.4/tcp/1'],
    };
    const v2 = await EnrDecoder.fromRLP(buildEnr(key, content, 2n).bytes);
    const v1 = await EnrDecoder.fromRLP(buildEnr(key, content, 1n).bytes);
    const cache = new EnrCache({ clusterId: 16, selfPeerId: 'me', maxEntries: 3 });
    assert.equal(cache.add(v2, 'dns'), null);
    assert.equal(cache.add(v1, 'peer-exchange'), EnrRejectReason.Stale);
    const others = await Promise.all([1, 2, 3].map((i) => peerEnr({ port: 41000 + i })));
    for (const other of others) cache.add(other.enr, 'dns');
    assert.equal(cache.size, 3);
    assert.equal(cache.has(peerIdFromPrivateKey(key).toString()), false); // the oldest went
    assert.equal(cache.counters.get('evicted'), 1);
    const sample = cache.sample(2);
    assert.equal(sample.length, 2);
    assert.notDeepEqual(sample[0], sample[1]);
    assert.equal(cache.sample(0).length, 0);
    assert.equal(cache.sample(99).length, 3);
  });
});

describe('discovery taps', () => {
  const components = {
    peerStore: { has: async () => false, save: async () => {}, merge: async () => {}, get: async () => ({}) },
    events: new EventTarget(),
    connectionManager: { getConnections: () => [] },
  } as never;

  test('@waku/discovery’s modules still have the fields the taps read (pinned 0.0.13)', () => {
    assert.equal(tappable(new PeerDiscoveryDns(components, { enrUrls: [] })), 'dns');
    assert.equal(tappable(new PeerExchangeDiscovery(components)), 'peer-exchange');
  });

  test('the DNS tap sees every ENR the walker yields, set before or after construction', async () => {
    const records = [await peerEnr({ port: 42001 }), await peerEnr({ port: 42002 })];
    const seen: string[] = [];
    const walker = async function* () {
      for (const record of records) yield record.enr;
    };
    const early = tapDiscovery(
      () => {
        const module = new PeerDiscoveryDns(components, { enrUrls: [] });
        (module as unknown as { nextPeer: unknown }).nextPeer = walker;
        return module;
      },
      (enr, source) => seen.push(`${source}:${enr.peerId?.toString()}`),
    )(components) as unknown as { nextPeer: () => AsyncGenerator<IEnr> };
    const yielded: IEnr[] = [];
    for await (const enr of early.nextPeer()) yielded.push(enr);
    assert.equal(yielded.length, 2);
    const late = tapDiscovery(
      () => new PeerDiscoveryDns(components, { enrUrls: [] }),
      (enr, source) => seen.push(`${source}:${enr.peerId?.toString()}`),
    )(components) as unknown as { nextPeer: unknown };
    late.nextPeer = walker; // what findPeers() does for DNS-over-HTTPS
    for await (const _ of (late.nextPeer as () => AsyncGenerator<IEnr>)()) {
      // drain
    }
    const ids = records.map((r) => `dns:${r.peerId}`);
    assert.deepEqual(seen, [...ids, ...ids]);
  });

  test('the peer exchange tap sees the ENRs a query returned; a throwing listener is contained', async () => {
    const record = await peerEnr({ port: 43001 });
    const module = tapDiscovery(
      () => {
        const px = new PeerExchangeDiscovery(components);
        (px as unknown as { peerExchange: { query: unknown } }).peerExchange.query = async () => ({
          peerInfos: [{ ENR: record.enr }, {}],
          error: null,
        });
        return px;
      },
      () => {
        throw new Error('listener bug');
      },
    )(components) as unknown as { peerExchange: { query: (p: unknown) => Promise<{ peerInfos: unknown[] }> } };
    const result = await module.peerExchange.query({ numPeers: 1 });
    assert.equal(result.peerInfos.length, 2);
  });
});

// Our node's ENR (main/transport/enr.ts): built and signed from the peer key, decoded back with
// @waku/enr's own decoder (which checks the signature), the advertised-address rule, seq bumps,
// and the same record the test helper used to hand-build (kept below as the reference).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { PeerId, PrivateKey } from '@libp2p/interface';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { multiaddr } from '@multiformats/multiaddr';
import { EnrCreator, EnrDecoder } from '@waku/enr';
import { encodeRelayShard } from '@waku/utils';
import {
  buildEnr,
  encodeSignedEnr,
  LocalEnr,
  MAX_ENR_BYTES,
  pickAddresses,
  type Waku2Flags,
} from '../../../main/transport/enr.ts';

const FLAGS: Waku2Flags = { relay: true, store: false, filter: true, lightPush: true };

async function key(): Promise<{ privateKey: PrivateKey; peerId: PeerId }> {
  const privateKey = await generateKeyPair('secp256k1');
  return { privateKey, peerId: peerIdFromPrivateKey(privateKey) };
}

/** What test/helpers/light.ts built before enr.ts existed (EnrCreator + hand-rolled RLP). */
async function legacyEnrFor(
  peerId: PeerId,
  privateKey: PrivateKey,
  listenAddresses: readonly string[],
  flags: Waku2Flags,
  shard: { clusterId: number; shards: number[] },
): Promise<string> {
  const enr = await EnrCreator.fromPeerId(peerId);
  const ws: ReturnType<typeof multiaddr>[] = [];
  for (const text of listenAddresses) {
    const address = multiaddr(text).decapsulateCode(421);
    const [ip, port] = address.stringTuples();
    if (text.includes('/ws')) ws.push(address);
    else if (ip?.[1] !== undefined && port?.[1] !== undefined) {
      enr.ip = ip[1];
      enr.tcp = Number(port[1]);
    }
  }
  if (ws.length > 0) enr.multiaddrs = ws;
  enr.waku2 = flags;
  enr.set('rs', encodeRelayShard(shard));
  const content: Uint8Array[] = [new Uint8Array([Number(enr.seq)])];
  for (const k of [...enr.keys()].sort((a, b) => a.localeCompare(b))) {
    const value = enr.get(k);
    if (value !== undefined) content.push(new TextEncoder().encode(k), value);
  }
  const signature = await enr.sign(rlpList(content), privateKey.raw);
  return `enr:${Buffer.from(rlpList([signature, ...content])).toString('base64url')}`;
}

function rlpLength(length: number, offset: number): Uint8Array {
  if (length <= 55) return new Uint8Array([offset + length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return new Uint8Array([offset + 55 + bytes.length, ...bytes]);
}
function rlpBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 1 && (bytes[0] ?? 0) < 0x80) return bytes;
  return Buffer.concat([rlpLength(bytes.length, 0x80), bytes]);
}
function rlpList(items: readonly Uint8Array[]): Uint8Array {
  const payload = Buffer.concat(items.map(rlpBytes));
  return Buffer.concat([rlpLength(payload.length, 0xc0), payload]);
}

describe('our ENR', () => {
  test('decodes with @waku/enr: key, signature, ip/tcp, multiaddrs, waku2, rs, seq', async () => {
    const { privateKey, peerId } = await key();
    const record = buildEnr(
      privateKey,
      {
        waku2: FLAGS,
        shardInfo: { clusterId: 16, shards: [64, 32, 32] },
        listenAddresses: [`/ip4/127.0.0.1/tcp/60000/p2p/${peerId}`, `/ip4/127.0.0.1/tcp/60001/ws/p2p/${peerId}`],
      },
      1_700_000_000n,
    );
    assert.ok(record.uri.startsWith('enr:'));
    assert.ok(record.bytes.length <= MAX_ENR_BYTES);
    const decoded = await EnrDecoder.fromString(record.uri); // throws on a bad signature
    assert.equal(decoded.id, 'v4');
    assert.deepEqual(decoded.publicKey, privateKey.publicKey.raw);
    assert.equal(decoded.peerId?.toString(), peerId.toString());
    assert.equal(decoded.signature?.length, 64);
    assert.equal(decoded.seq, 1_700_000_000n);
    assert.equal(decoded.ip, '127.0.0.1');
    assert.equal(decoded.tcp, 60000);
    assert.deepEqual(decoded.multiaddrs?.map(String), ['/ip4/127.0.0.1/tcp/60001/ws']);
    assert.deepEqual(decoded.waku2, FLAGS);
    assert.deepEqual(decoded.shardInfo, { clusterId: 16, shards: [32, 64] });
    assert.deepEqual(decoded.rs, { clusterId: 16, shards: [32, 64] });
    assert.deepEqual(decoded.peerInfo?.multiaddrs.map(String), [
      `/ip4/127.0.0.1/tcp/60000/p2p/${peerId}`,
      `/ip4/127.0.0.1/tcp/60001/ws/p2p/${peerId}`,
    ]);
    // The same bytes through the RLP entry point, and re-encoding a decoded record is exact.
    assert.equal((await EnrDecoder.fromRLP(record.bytes)).peerId?.toString(), peerId.toString());
    assert.deepEqual(encodeSignedEnr(decoded), record.bytes);
  });

  test('a tampered record fails signature verification', async () => {
    const { privateKey } = await key();
    const record = buildEnr(
      privateKey,
      { waku2: FLAGS, shardInfo: { clusterId: 16, shards: [32] }, listenAddresses: ['/ip4/10.0.0.1/tcp/30303'] },
      5n,
    );
    const tampered = record.bytes.slice();
    // The last byte is the `waku2` value (keys are sorted): a changed capability, same signature.
    const at = tampered.length - 1;
    tampered[at] = (tampered[at] ?? 0) ^ 0x02;
    await assert.rejects(EnrDecoder.fromRLP(tampered));
    const decoded = await EnrDecoder.fromRLP(record.bytes);
    decoded.signature = new Uint8Array(64).fill(7);
    assert.equal(encodeSignedEnr(decoded), null);
  });

  test('it carries what the old hand-built helper record carried', async () => {
    const { privateKey, peerId } = await key();
    const listen = [`/ip4/127.0.0.1/tcp/4100/p2p/${peerId}`, `/ip4/127.0.0.1/tcp/4101/ws/p2p/${peerId}`];
    const shard = { clusterId: 16, shards: [32] };
    const legacy = await EnrDecoder.fromString(await legacyEnrFor(peerId, privateKey, listen, FLAGS, shard));
    const ours = await EnrDecoder.fromString(
      buildEnr(privateKey, { waku2: FLAGS, shardInfo: shard, listenAddresses: listen }, 1n).uri,
    );
    for (const field of ['id', 'secp256k1', 'ip', 'tcp', 'multiaddrs', 'waku2', 'rs']) {
      assert.deepEqual(ours.get(field), legacy.get(field), field);
    }
    assert.deepEqual([...ours.keys()].sort(), [...legacy.keys()].sort());
    assert.equal(ours.peerId?.toString(), legacy.peerId?.toString());
  });

  test('64 shards or more go in `rsv` (bit vector), and the record still fits', async () => {
    const { privateKey } = await key();
    const shards = Array.from({ length: 100 }, (_, i) => i * 10);
    const record = buildEnr(
      privateKey,
      { waku2: FLAGS, shardInfo: { clusterId: 16, shards }, listenAddresses: ['/ip4/1.2.3.4/tcp/30303'] },
      1n,
    );
    const decoded = await EnrDecoder.fromRLP(record.bytes);
    assert.equal(decoded.get('rs'), undefined);
    assert.deepEqual(decoded.rsv, { clusterId: 16, shards });
    assert.deepEqual(decoded.shardInfo, { clusterId: 16, shards });
  });

  test('WebSocket addresses are dropped (first the extra ones) to stay under 300 bytes', async () => {
    const { privateKey } = await key();
    const ws = Array.from({ length: 8 }, (_, i) => `/ip6/2001:db8::${i + 1}/tcp/${8000 + i}/ws`);
    const record = buildEnr(
      privateKey,
      {
        waku2: FLAGS,
        shardInfo: { clusterId: 16, shards: [1, 32, 64, 128, 256] },
        listenAddresses: ['/ip4/1.2.3.4/tcp/30303', ...ws],
      },
      1n,
    );
    assert.ok(record.bytes.length <= MAX_ENR_BYTES);
    const decoded = await EnrDecoder.fromRLP(record.bytes);
    assert.ok((decoded.multiaddrs?.length ?? 0) < ws.length);
    assert.equal(decoded.ip, '1.2.3.4');
  });
});

describe('advertised addresses', () => {
  test('unspecified addresses are never advertised; public > private > loopback', () => {
    assert.deepEqual(pickAddresses(['/ip4/0.0.0.0/tcp/1000', '/ip6/::/tcp/1001', '/ip4/0.0.0.0/tcp/1002/ws']), {
      ws: [],
    });
    const picked = pickAddresses([
      '/ip4/127.0.0.1/tcp/1000',
      '/ip4/192.168.1.5/tcp/1000',
      '/ip4/0.0.0.0/tcp/1000',
      '/ip4/203.0.113.9/tcp/1000',
      '/ip4/127.0.0.1/tcp/1001/ws',
      '/ip4/192.168.1.5/tcp/1001/ws',
      '/ip6/::1/tcp/1000',
      '/ip6/fd00::5/tcp/1000',
    ]);
    assert.deepEqual(picked.ip4, { host: '203.0.113.9', port: 1000 });
    assert.deepEqual(picked.ip6, { host: 'fd00::5', port: 1000 });
    assert.deepEqual(picked.ws.map(String), ['/ip4/192.168.1.5/tcp/1001/ws']);
  });

  test('loopback-only nodes advertise loopback; odd transports are skipped', () => {
    const picked = pickAddresses([
      '/ip4/127.0.0.1/tcp/1000/p2p/16Uiu2HAmAUdrQ3uwzuE4Gy4D56hX6uLKEeerJAnhKEHZ3DxF1EfT',
      '/ip4/127.0.0.1/udp/1000/quic-v1',
      '/dns4/example.org/tcp/443/wss',
      'not a multiaddr',
    ]);
    assert.deepEqual(picked, { ip4: { host: '127.0.0.1', port: 1000 }, ws: [] });
  });
});

describe('LocalEnr', () => {
  const content = (shards: number[], port = 5000) => ({
    waku2: FLAGS,
    shardInfo: { clusterId: 16, shards },
    listenAddresses: [`/ip4/127.0.0.1/tcp/${port}`, `/ip4/127.0.0.1/tcp/${port + 1}/ws`],
  });

  test('unchanged content keeps seq and bytes; any change re-signs with a higher seq', async () => {
    let now = 1_000_000_000_000;
    const { privateKey } = await key();
    const local = new LocalEnr(privateKey, { now: () => now });
    const first = local.update(content([32]));
    assert.equal(first.seq, 1_000_000_000n); // seconds: outranks a previous run's record
    assert.equal(local.update(content([32])), first);
    const second = local.update(content([32, 64]));
    assert.equal(second.seq, first.seq + 1n); // same second: +1
    assert.deepEqual((await EnrDecoder.fromRLP(second.bytes)).shardInfo, { clusterId: 16, shards: [32, 64] });
    now -= 3_600_000; // the clock went back: seq still grows
    const third = local.update(content([32, 64], 6000));
    assert.equal(third.seq, second.seq + 1n);
    now += 7_200_000;
    const fourth = local.update(content([32]));
    assert.equal(fourth.seq, 1_000_003_600n);
    // Order and duplicates of shards are not changes.
    assert.equal(local.update(content([32, 32])), fourth);
  });
});

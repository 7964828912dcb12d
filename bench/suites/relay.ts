// What Waku relay costs over plain gossipsub: three of our full nodes in a line (a–b–c)
// against three plain gossipsub nodes in a line with the same transport, same payloads, in
// the same run. Measures a→c delivery latency and sequential throughput.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type GossipSub, gossipsub } from '@chainsafe/libp2p-gossipsub';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import type { WakuMessage } from '../../main/transport/message.ts';
import { WakuNode } from '../../main/transport/waku-node.ts';
import { type Comparison, compare } from '../measure.ts';

const TOPIC = '/waku/2/rs/16/32';

function until(check: () => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out: ${what}`));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

/** Sends one payload from the first node and resolves when the last one has it. */
type Chain = { send: (payload: Uint8Array) => Promise<void>; close: () => Promise<void> };

async function wakuChain(dirs: string[]): Promise<Chain> {
  const nodes = await Promise.all(dirs.map((dataDir) => WakuNode.create({ dataDir, wsPort: null, shards: [32] })));
  await Promise.all(nodes.map((node) => node.start()));
  const [a, b, c] = nodes as [WakuNode, WakuNode, WakuNode];
  await a.dial(b.listenAddresses[0] as string);
  await c.dial(b.listenAddresses[0] as string);
  await until(
    () => a.meshPeers(TOPIC).length > 0 && c.meshPeers(TOPIC).length > 0 && b.meshPeers(TOPIC).length > 1,
    15_000,
    'waku mesh',
  );
  let waiting: { id: number; resolve: () => void } | undefined;
  let nextId = 0;
  c.on('message', ({ message }) => {
    if (waiting && Buffer.from(message.payload.subarray(0, 4)).readUInt32BE() === waiting.id) waiting.resolve();
  });
  return {
    send: (payload) =>
      new Promise<void>((resolve, reject) => {
        const id = nextId++;
        Buffer.from(payload.buffer, payload.byteOffset).writeUInt32BE(id);
        waiting = { id, resolve };
        const message: WakuMessage = {
          payload,
          contentTopic: '/bench/1/relay/proto',
          version: 1,
          timestamp: BigInt(Date.now()) * 1_000_000n,
          ephemeral: false,
          meta: undefined,
          rateLimitProof: undefined,
        };
        a.publish(TOPIC, message).then((outcome) => {
          if (!outcome.ok) reject(new Error(outcome.reason));
        }, reject);
      }),
    close: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
}

async function plainChain(): Promise<Chain> {
  const make = () =>
    createLibp2p({
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: {
        identify: identify(),
        // Unsigned like Waku relay, so the comparison isolates what Waku adds, not signatures.
        pubsub: gossipsub({
          allowPublishToZeroTopicPeers: true,
          emitSelf: false,
          globalSignaturePolicy: 'StrictNoSign',
        }),
      },
    });
  const nodes = await Promise.all([make(), make(), make()]);
  const [a, b, c] = nodes;
  for (const node of nodes) node.services.pubsub.subscribe(TOPIC);
  const bAddress = b.getMultiaddrs()[0] ?? multiaddr('/ip4/127.0.0.1/tcp/1');
  await a.dial(bAddress);
  await c.dial(bAddress);
  const mesh = (node: typeof a) => (node.services.pubsub as unknown as GossipSub).getMeshPeers(TOPIC).length;
  await until(() => mesh(a) > 0 && mesh(c) > 0, 15_000, 'plain mesh');
  let waiting: { id: number; resolve: () => void } | undefined;
  let nextId = 0;
  c.services.pubsub.addEventListener('message', (event) => {
    const data = event.detail.data;
    if (waiting && Buffer.from(data.subarray(0, 4)).readUInt32BE() === waiting.id) waiting.resolve();
  });
  return {
    send: (payload) =>
      new Promise<void>((resolve, reject) => {
        const id = nextId++;
        Buffer.from(payload.buffer, payload.byteOffset).writeUInt32BE(id);
        waiting = { id, resolve };
        a.services.pubsub.publish(TOPIC, payload).catch(reject);
      }),
    close: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
}

export async function relayBenchmarks(ops: number, payloadBytes = 1024): Promise<Comparison[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wsd-bench-relay-'));
  const dirs = ['a', 'b', 'c'].map((name) => path.join(root, name));
  for (const dir of dirs) fs.mkdirSync(dir);
  const waku = await wakuChain(dirs);
  const plain = await plainChain();
  try {
    return [
      await compare(
        `relay a→b→c, ${payloadBytes} B messages`,
        'our Waku relay (validation, hashing, scoring) vs plain unsigned gossipsub, same TCP/noise/yamux, one publish in flight',
        { name: 'Waku relay (3 nodes)', op: () => waku.send(new Uint8Array(payloadBytes)) },
        { name: 'plain gossipsub (3 nodes)', op: () => plain.send(new Uint8Array(payloadBytes)) },
        ops,
      ),
    ];
  } finally {
    await waku.close();
    await plain.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

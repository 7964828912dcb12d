// What the Status stack costs on top of relay: a 1:1 text through AMM, MVDS, the double
// ratchet, the ECIES envelope and back up (two messengers on two full nodes), against a plain
// relay publish of a payload of the same size, in the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memoryBundles, memorySessions } from '../../main/app/messenger/memory-ports.ts';
import { Messenger } from '../../main/app/messenger/messenger.ts';
import { fullNodeTransport } from '../../main/app/messenger/waku-transport.ts';
import { randomPrivateKey } from '../../main/crypto/secp256k1.ts';
import { MemoryMvdsStore } from '../../main/reliability/mvds/node.ts';
import type { WakuMessage } from '../../main/transport/message.ts';
import { WakuNode } from '../../main/transport/waku-node.ts';
import { type Comparison, compare } from '../measure.ts';

const TOPIC = '/waku/2/rs/16/32';
const TEXT = 'a typical chat line of about eighty characters, as people write them every day.';

function until(check: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = () =>
      check() ? resolve() : Date.now() > deadline ? reject(new Error('timeout')) : setTimeout(poll, 20);
    poll();
  });
}

export async function messagingBenchmarks(ops: number): Promise<Comparison[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wsd-bench-msg-'));
  const nodes = await Promise.all(
    ['a', 'b'].map(async (name) => {
      const dataDir = path.join(root, name);
      fs.mkdirSync(dataDir);
      const node = await WakuNode.create({ dataDir, wsPort: null, shards: [32] });
      await node.start();
      return node;
    }),
  );
  const [a, b] = nodes as [WakuNode, WakuNode];
  try {
    await a.dial(b.listenAddresses[0] as string);
    await until(() => a.meshPeers(TOPIC).length > 0 && b.meshPeers(TOPIC).length > 0, 15_000);

    const make = (node: WakuNode, name: string, onMessage?: (text: string) => void) => {
      const key = randomPrivateKey();
      const messenger = new Messenger({
        transport: fullNodeTransport(node),
        chatKey: key,
        bundles: memoryBundles(key, name),
        sessions: memorySessions(),
        mvds: new MemoryMvdsStore(),
        events: onMessage ? { onMessage: (m) => onMessage(m.text) } : {},
      });
      messenger.start();
      return messenger;
    };
    let waiting: { tag: string; resolve: () => void } | undefined;
    const alice = make(a, 'alice');
    const bob = make(b, 'bob', (text) => {
      if (waiting && text.endsWith(waiting.tag)) waiting.resolve();
    });
    // Warm the session up to the ratchet (first message DH, reply X3DH, then ratchet both ways).
    let n = 0;
    const sendOne = () =>
      new Promise<void>((resolve) => {
        const tag = ` #${n++}`;
        waiting = { tag, resolve };
        void alice.sendText(bob.publicKeyHex, TEXT + tag);
      });
    await sendOne();
    await bob.sendText(alice.publicKeyHex, 'hi');

    let rawWaiting: { id: number; resolve: () => void } | undefined;
    b.on('message', ({ message }) => {
      if (
        rawWaiting &&
        message.contentTopic === '/bench/1/raw/proto' &&
        Buffer.from(message.payload).readUInt32BE(0) === rawWaiting.id
      ) {
        rawWaiting.resolve();
      }
    });
    // A Status 1:1 text of ~80 characters is ~800 bytes on the wire: use that size for the baseline.
    const rawBytes = 800;
    let rawId = 0;
    const rawOne = () =>
      new Promise<void>((resolve) => {
        const id = rawId++;
        const payload = new Uint8Array(rawBytes);
        Buffer.from(payload.buffer).writeUInt32BE(id, 0);
        rawWaiting = { id, resolve };
        const message: WakuMessage = {
          payload,
          contentTopic: '/bench/1/raw/proto',
          version: 1,
          timestamp: BigInt(Date.now()) * 1_000_000n,
          ephemeral: false,
          meta: undefined,
          rateLimitProof: undefined,
        };
        void a.publish(TOPIC, message);
      });
    const result = await compare(
      '1:1 text between two full nodes',
      'send → receive through AMM, MVDS, double ratchet, ECIES envelope and relay vs a plain relay publish of ~800 B',
      { name: 'Status 1:1 text', op: sendOne },
      { name: 'plain relay 800 B', op: rawOne },
      ops,
      2,
    );
    alice.stop();
    bob.stop();
    return [result];
  } finally {
    await Promise.all(nodes.map((node) => node.stop()));
    fs.rmSync(root, { recursive: true, force: true });
  }
}

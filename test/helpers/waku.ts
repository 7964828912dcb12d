// Real Waku nodes on loopback for the transport tests: our WakuNode, @waku/sdk light
// clients, and raw libp2p exchanges for probing protocols with hand-made frames.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { GossipSub, MeshPeer } from '@chainsafe/libp2p-gossipsub';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { Connection, IdentifyResult, Libp2p, Stream } from '@libp2p/interface';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { type LightNode, Protocols } from '@waku/interfaces';
import { createLightNode } from '@waku/sdk';
import { closeDatabase, type Db, openDatabase } from '../../main/storage/database.ts';
import { encodeFrame } from '../../main/transport/frame.ts';
import type { WakuMessage } from '../../main/transport/message.ts';
import { createNodeLibp2p } from '../../main/transport/node-libp2p.ts';
import { requestOnce } from '../../main/transport/request-stream.ts';
import { storeMigrations } from '../../main/transport/store/schema.ts';
import type { NodeMessage, PeersEvent, WakuNode, WakuNodeOptions } from '../../main/transport/waku-node.ts';
import { WakuNode as Node } from '../../main/transport/waku-node.ts';
import { tempDir } from './temp-dir.ts';
import { nextMatching, withTimeout } from './wait.ts';

export const GLOBAL_TOPIC = '/waku/2/rs/16/32';
export const CONTENT_TOPIC = '/wsd-test/1/chat/proto';

export interface TestNode {
  node: WakuNode;
  dataDir: string;
  /** Stops the node and removes its data directory (idempotent). */
  close: () => Promise<void>;
}

/** A started WakuNode on 127.0.0.1 with ephemeral ports and loopback-friendly connection caps. */
export async function startTestNode(options: Partial<WakuNodeOptions> = {}): Promise<TestNode> {
  const { dir, cleanup } = options.dataDir ? { dir: options.dataDir, cleanup: () => {} } : tempDir('wsd-waku-');
  const node = await Node.create({
    dataDir: dir,
    host: '127.0.0.1',
    tcpPort: 0,
    wsPort: 0,
    shards: [32],
    // Every test peer shares 127.0.0.1.
    maxConnectionsPerIp: 100,
    inboundConnectionsPerIpPerSecond: 100,
    ...options,
  });
  await node.start();
  let closed = false;
  return {
    node,
    dataDir: dir,
    close: async () => {
      if (closed) return;
      closed = true;
      await node.stop();
      cleanup();
    },
  };
}

export function tcpAddress(node: WakuNode): string {
  const address = node.listenAddresses.find((text) => text.includes('/tcp/') && !text.includes('/ws'));
  if (!address) throw new Error('node has no TCP listen address');
  return address;
}

export function wsAddress(node: WakuNode): string {
  const address = node.listenAddresses.find((text) => text.includes('/ws'));
  if (!address) throw new Error('node has no WebSocket listen address');
  return address;
}

/** Resolves once `node` has `peerId` in its relay mesh for `topic` (driven by graft events). */
export function waitForMeshPeer(node: WakuNode, topic: string, peerId: string, ms = 10_000): Promise<void> {
  if (node.meshPeers(topic).includes(peerId)) return Promise.resolve();
  const pubsub = node.libp2p.services.pubsub as unknown as EventTarget;
  return nextMatching<MeshPeer>(
    (listener) => {
      const handler = (event: Event) => listener((event as CustomEvent<MeshPeer>).detail);
      pubsub.addEventListener('gossipsub:graft', handler);
      return () => pubsub.removeEventListener('gossipsub:graft', handler);
    },
    (peer) => peer.topic === topic && peer.peerId.toString() === peerId,
    ms,
    `${peerId.slice(-6)} in the mesh of ${node.peerId.toString().slice(-6)} on ${topic}`,
  ).then(() => undefined);
}

/** Connects a to b and waits until each has the other in its mesh for `topic`. */
export async function linkRelay(a: WakuNode, b: WakuNode, address: string, topic = GLOBAL_TOPIC): Promise<void> {
  const meshed = Promise.all([
    waitForMeshPeer(a, topic, b.peerId.toString()),
    waitForMeshPeer(b, topic, a.peerId.toString()),
  ]);
  await a.dial(address);
  await meshed;
}

export function nextMessage(
  node: WakuNode,
  predicate: (message: NodeMessage) => boolean,
  ms = 10_000,
  what = 'a message',
): Promise<NodeMessage> {
  return nextMatching<NodeMessage>((listener) => node.on('message', listener), predicate, ms, what);
}

export function nextPeersEvent(node: WakuNode, peerId: string, change: 'connected' | 'disconnected', ms = 10_000) {
  return nextMatching<PeersEvent>(
    (listener) => node.on('peers', listener),
    (event) => event.peerId === peerId && event.change === change,
    ms,
    `peer ${peerId.slice(-6)} ${change}`,
  );
}

let sequence = 0;

/** A valid WakuMessage with a fresh timestamp; the payload tag makes it unique. */
export function testMessage(tag = `m${++sequence}`, overrides: Partial<WakuMessage> = {}): WakuMessage {
  return {
    payload: new TextEncoder().encode(tag),
    contentTopic: CONTENT_TOPIC,
    version: 0,
    timestamp: BigInt(Date.now()) * 1_000_000n,
    ...overrides,
  };
}

export function payloadText(message: WakuMessage): string {
  return new TextDecoder().decode(message.payload);
}

export interface LightClient {
  waku: LightNode;
  close: () => Promise<void>;
}

/** A real js-waku light node on cluster 16, connected to `address` (plain ws allowed), ready for lightpush. */
export function startLightClient(address: string, clusterId = 16): Promise<LightClient> {
  return startServiceClient(address, { clusterId });
}

/** Opens a raw stream to `address` (dialling if needed) for hand-made frames. */
export async function rawStream(libp2p: Libp2p, address: string, protocol: string): Promise<Stream> {
  return libp2p.dialProtocol(multiaddr(address), protocol);
}

export async function connectionTo(libp2p: Libp2p, address: string): Promise<Connection> {
  return libp2p.dial(multiaddr(address));
}

/** One request/response exchange with raw bytes over a fresh stream. */
export async function exchange(connection: Connection, protocol: string, request: Uint8Array, ms = 10_000) {
  const result = await requestOnce(connection, protocol, request, { maxResponseBytes: 1024 * 1024, timeoutMs: ms });
  if (!result.ok) throw new Error(`${protocol} exchange failed: ${result.reason} ${result.detail}`);
  return result.bytes;
}

/** Writes raw chunks to a stream and closes our side; resolves with whatever comes back. */
/** Resolves when the remote ends or resets the stream (whichever), after draining what it sent. */
export async function untilClosed(stream: Stream, ms: number): Promise<'closed' | 'reset'> {
  return withTimeout(
    (async () => {
      try {
        for await (const _chunk of stream.source) {
          // drained, not read: only how the stream ends matters
        }
        return 'closed' as const;
      } catch {
        return 'reset' as const;
      }
    })(),
    ms,
    'the node to close the stream',
  );
}

export async function sendRaw(stream: Stream, chunks: Uint8Array[], ms = 10_000): Promise<Uint8Array[]> {
  return withTimeout(
    (async () => {
      await stream.sink(chunks);
      const received: Uint8Array[] = [];
      for await (const chunk of stream.source) received.push(chunk.subarray());
      return received;
    })(),
    ms,
    'a raw exchange',
  );
}

export { encodeFrame };

export interface NodeProcess {
  ready: { peerId: string; listenAddresses: string[] };
  /** Resolves with the next stdout JSON line matching `predicate`. */
  nextLine: (
    predicate: (line: Record<string, unknown>) => boolean,
    ms?: number,
    what?: string,
  ) => Promise<Record<string, unknown>>;
  send: (command: Record<string, unknown>) => void;
  stop: () => Promise<void>;
}

export const NODE_PROCESS_ENTRY = fileURLToPath(new URL('../fixtures/waku-node-process.ts', import.meta.url));

/** Runs test/fixtures/waku-node-process.ts and waits for its ready line. */
export async function startNodeProcess(args: string[]): Promise<NodeProcess> {
  const child = spawn(process.execPath, [NODE_PROCESS_ENTRY, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const listeners = new Set<(line: Record<string, unknown>) => void>();
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  readline.createInterface({ input: child.stdout }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    for (const listener of listeners) listener(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const nextLine = (predicate: (line: Record<string, unknown>) => boolean, ms = 10_000, what = 'a line') =>
    nextMatching<Record<string, unknown>>(
      (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      predicate,
      ms,
      what,
    );
  const readyLine = nextLine((line) => line.event === 'ready', 15_000, 'the node process ready line');
  const ready = await Promise.race([
    readyLine,
    exited.then(() => {
      throw new Error(`node process exited before ready:\n${stderr}`);
    }),
  ]);
  return {
    ready: ready as unknown as NodeProcess['ready'],
    nextLine,
    send: (command) => child.stdin.write(`${JSON.stringify(command)}\n`),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await withTimeout(exited, 10_000, 'the node process to exit').catch(() => child.kill('SIGKILL'));
    },
  };
}

export interface RogueRelay {
  libp2p: Libp2p;
  gossipsub: GossipSub;
  /** Publishes raw bytes as relay data, with no validation of our own. */
  publishRaw: (topic: string, data: Uint8Array) => Promise<number>;
  close: () => Promise<void>;
}

/** A relay peer with the Waku gossipsub settings but no validator: it sends whatever it is told. */
export async function startRogueRelay(topic = GLOBAL_TOPIC): Promise<RogueRelay> {
  const { libp2p, gossipsub } = await createNodeLibp2p({
    privateKey: await generateKeyPair('secp256k1'),
    listen: [],
    clusterId: 16,
    maxMessageBytes: 1024 * 1024,
    maxConnections: 10,
    inboundConnectionsPerIpPerSecond: 100,
    connectionGater: {},
  });
  await libp2p.start();
  gossipsub.subscribe(topic);
  return {
    libp2p,
    gossipsub,
    publishRaw: async (target, data) => (await gossipsub.publish(target, data)).recipients.length,
    close: async () => {
      await libp2p.stop();
    },
  };
}

// --- Filter and store (additions for test/integration/waku/{filter,store}*.test.ts) ---

export interface ServiceClientOptions {
  /** What waitForPeers waits for; the node must serve all of them. */
  protocols?: Protocols[];
  /** The SDK's default is WebSocket; 'tcp' swaps in a TCP transport (address must match). */
  transport?: 'ws' | 'tcp';
  clusterId?: number;
}

/** A real js-waku light node connected to `address`, ready for the given service protocols. */
export async function startServiceClient(address: string, options: ServiceClientOptions = {}): Promise<LightClient> {
  const waku = await createLightNode({
    networkConfig: { clusterId: options.clusterId ?? 16 },
    defaultBootstrap: false,
    libp2p: { filterMultiaddrs: false, ...(options.transport === 'tcp' ? { transports: [tcp()] } : {}) },
  });
  await waku.start();
  const target = multiaddr(address);
  const peerId = target.getPeerId() ?? '';
  // waitForPeers can resolve before identify told the client what we serve (an SDK race), so
  // first wait for our node's identify, then let waitForPeers do the metadata handshake.
  const identified = nextMatching<IdentifyResult>(
    (listener) => {
      const handler = (event: CustomEvent<IdentifyResult>) => listener(event.detail);
      waku.libp2p.addEventListener('peer:identify', handler);
      return () => waku.libp2p.removeEventListener('peer:identify', handler);
    },
    (result) => result.peerId.toString() === peerId,
    10_000,
    'identify of the service node',
  );
  await waku.libp2p.dial(target);
  await identified;
  // Our own deadline: the SDK's timeout leaves a 10 s timer running after success.
  await withTimeout(waku.waitForPeers(options.protocols ?? [Protocols.LightPush]), 10_000, 'waitForPeers');
  return {
    waku,
    close: async () => {
      await waku.stop();
      // stop() leaves the SDK's filter subscription timers (1 s resubscribe, 60 s ping) running;
      // once libp2p is down this clears them without any network call that could fail.
      waku.filter.unsubscribeAll();
    },
  };
}

export interface TestStoreDb {
  db: Db;
  file: string;
  /** Closes the database (checkpointing the WAL) and opens the same file again. */
  reopen: () => Db;
  /** Closes the database and removes its directory. */
  close: () => void;
}

/** An encrypted SQLite database with a random key, as the composer would hand to the store. */
export function openTestStoreDb(): TestStoreDb {
  const { dir, cleanup } = tempDir('wsd-waku-store-');
  const file = path.join(dir, 'core.db');
  const key = randomBytes(32);
  const open = () => openDatabase({ path: file, key, migrations: storeMigrations }).db;
  const handle: TestStoreDb = {
    db: open(),
    file,
    reopen: () => {
      closeDatabase(handle.db);
      handle.db = open();
      return handle.db;
    },
    close: () => {
      closeDatabase(handle.db);
      cleanup();
    },
  };
  return handle;
}

/** Resolves once `condition` holds, checking after every turn of I/O; for state with no event. */
export async function eventually(condition: () => boolean, ms = 10_000, what = 'a condition'): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

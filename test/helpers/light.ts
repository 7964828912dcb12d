// Light-mode test helpers: LightWakuNode instances on loopback, waiting on their events, and an
// offline EIP-1459 setup (ENRs for our own nodes, a signed ENR tree, a DNS client serving it).
import crypto from 'node:crypto';
import path from 'node:path';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { PeerId, PrivateKey } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { base32nopad } from '@scure/base';
import { EnrCreator, keccak256, sign } from '@waku/enr';
import type { DnsClient } from '@waku/interfaces';
import { encodeRelayShard } from '@waku/utils';
import {
  type LightNodeMessage,
  type LightNodeState,
  type LightStateEvent,
  LightWakuNode,
  type LightWakuNodeOptions,
} from '../../main/transport/light/light-node.ts';
import { closeDatabase, openDatabase } from '../../main/storage/database.ts';
import { loadOrCreatePeerKey } from '../../main/transport/peer-key.ts';
import { storeMigrations } from '../../main/transport/store/schema.ts';
import type { WakuNode, WakuNodeOptions } from '../../main/transport/waku-node.ts';
import { tempDir } from './temp-dir.ts';
import { nextMatching } from './wait.ts';
import { startTestNode, type TestNode } from './waku.ts';

export interface TestLightNode {
  node: LightWakuNode;
  /** Every state event since creation, in order. */
  states: LightStateEvent[];
  close: () => Promise<void>;
}

/** A started LightWakuNode with a temporary data directory and short back-off for tests. */
export async function startLightNode(options: Partial<LightWakuNodeOptions> = {}): Promise<TestLightNode> {
  const { dir, cleanup } = tempDir('wsd-light-');
  const node = await LightWakuNode.create({
    dataDir: dir,
    shards: [32],
    servicePeers: [],
    connectTimeoutMs: 3_000,
    requestTimeoutMs: 5_000,
    startTimeoutMs: 10_000,
    backoff: { initialMs: 100, maxMs: 1_000 },
    ...options,
  });
  const states: LightStateEvent[] = [];
  node.on('state', (event) => states.push(event));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await node.stop();
    cleanup();
  };
  try {
    await node.start();
  } catch (error) {
    await close();
    throw error;
  }
  return { node, states, close };
}

export function nextState(node: LightWakuNode, state: LightNodeState, ms = 15_000): Promise<LightStateEvent> {
  return nextMatching<LightStateEvent>(
    (listener) => node.on('state', listener),
    (event) => event.state === state,
    ms,
    `light node state ${state}`,
  );
}

export function nextLightMessage(
  node: LightWakuNode,
  predicate: (message: LightNodeMessage) => boolean,
  ms = 10_000,
  what = 'a filter message',
): Promise<LightNodeMessage> {
  return nextMatching<LightNodeMessage>((listener) => node.on('message', listener), predicate, ms, what);
}

/** Which light services a WakuNode serves (stats().filter/store are null or absent otherwise). */
export function services(node: WakuNode): { filter: boolean; store: boolean } {
  const stats = node.stats() as unknown as Record<string, unknown>;
  return { filter: stats.filter != null, store: stats.store != null };
}

/**
 * A full node serving lightpush, filter and store (its archive in a fresh encrypted database),
 * on top of startTestNode's loopback defaults.
 */
export async function startServiceNode(options: Partial<WakuNodeOptions> = {}): Promise<TestNode> {
  const { dir, cleanup } = tempDir('wsd-service-db-');
  const { db } = openDatabase({
    path: path.join(dir, 'core.db'),
    key: crypto.randomBytes(32),
    migrations: storeMigrations,
  });
  let started: TestNode;
  try {
    started = await startTestNode({ filter: {}, store: { db }, ...options });
  } catch (error) {
    closeDatabase(db);
    cleanup();
    throw error;
  }
  return {
    ...started,
    close: async () => {
      await started.close();
      closeDatabase(db);
      cleanup();
    },
  };
}

/**
 * Polls `check` until it holds. Only for state no event announces (the SDK's filter
 * resubscription happens inside the SDK); everything else waits on events.
 */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// --- ENRs and ENR trees (EIP-778, EIP-1459) --------------------------------------------------

/** Waku capability flags for an ENR's `waku2` field. */
export interface Waku2Flags {
  relay: boolean;
  store: boolean;
  filter: boolean;
  lightPush: boolean;
}

/**
 * A signed ENR for one of our test nodes: its TCP address in ip/tcp, its WebSocket address in
 * `multiaddrs`, the capabilities and `rs` shards given. The key is the node's own (its data
 * directory's), which ENRs require: a record is signed by the peer it describes.
 */
export async function enrForNode(
  node: WakuNode,
  dataDir: string,
  flags: Waku2Flags,
  shard: { clusterId: number; shards: number[] },
): Promise<string> {
  const { privateKey } = await loadOrCreatePeerKey(dataDir);
  return enrFor(node.peerId, privateKey, node.listenAddresses, flags, shard);
}

export async function enrFor(
  peerId: PeerId,
  privateKey: PrivateKey,
  listenAddresses: readonly string[],
  flags: Waku2Flags,
  shard: { clusterId: number; shards: number[] },
): Promise<string> {
  const enr = await EnrCreator.fromPeerId(peerId);
  const ws: ReturnType<typeof multiaddr>[] = [];
  for (const text of listenAddresses) {
    const address = multiaddr(text).decapsulateCode(421); // drop /p2p/<id>
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
  // EIP-778: sign rlp([seq, k, v, ...]) with keys sorted, publish rlp([signature, seq, k, v, ...]).
  // (@waku/enr has an EnrEncoder for this but does not export it.)
  const content: Uint8Array[] = [new Uint8Array([Number(enr.seq)])];
  for (const key of [...enr.keys()].sort((a, b) => a.localeCompare(b))) {
    const value = enr.get(key);
    if (value !== undefined) content.push(new TextEncoder().encode(key), value);
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

export interface EnrTree {
  /** enrtree://<key>@<domain> */
  url: string;
  /** TXT records by full DNS name. */
  records: Map<string, string>;
}

/** A signed EIP-1459 tree holding `enrs` under `domain` (all leaves in one branch). */
export async function buildEnrTree(enrs: readonly string[], domain: string, seq = 1): Promise<EnrTree> {
  const treeKey = await generateKeyPair('secp256k1');
  const records = new Map<string, string>();
  const put = (text: string): string => {
    // Subdomain = base32(keccak256(record)[:16]) (EIP-1459).
    const name = base32nopad.encode(keccak256(new TextEncoder().encode(text)).slice(0, 16));
    records.set(`${name}.${domain}`, text);
    return name;
  };
  const leaves = enrs.map(put);
  const eRoot = put(`enrtree-branch:${leaves.join(',')}`);
  const lRoot = put('enrtree-branch:');
  const unsigned = `enrtree-root:v1 e=${eRoot} l=${lRoot} seq=${seq}`;
  const signature = await sign(keccak256(new TextEncoder().encode(unsigned)), treeKey.raw);
  records.set(domain, `${unsigned} sig=${Buffer.from(signature).toString('base64url')}`);
  return { url: `enrtree://${base32nopad.encode(treeKey.publicKey.raw)}@${domain}`, records };
}

export interface FakeDns extends DnsClient {
  /** Names asked for, in order. */
  queries: string[];
}

/** A DnsClient answering from `records` only; unknown names fail like NXDOMAIN. */
export function fakeDns(records: ReadonlyMap<string, string>): FakeDns {
  const queries: string[] = [];
  return {
    queries,
    resolveTXT: async (domain) => {
      queries.push(domain);
      const text = records.get(domain);
      if (text === undefined) throw new Error(`queryTxt ENOTFOUND ${domain}`);
      // Real resolvers split TXT data into ≤255-byte character-strings; the walker must join them.
      const chunks: string[] = [];
      for (let offset = 0; offset < text.length; offset += 255) chunks.push(text.slice(offset, offset + 255));
      return chunks;
    },
  };
}

// Light-mode test helpers: LightWakuNode instances on loopback, waiting on their events, and an
// offline EIP-1459 setup (ENRs for our own nodes, a signed ENR tree, a DNS client serving it).
import crypto from 'node:crypto';
import path from 'node:path';
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { PeerId, PrivateKey } from '@libp2p/interface';
import { base32nopad } from '@scure/base';
import { keccak256, sign } from '@waku/enr';
import type { DnsClient } from '@waku/interfaces';
import {
  type LightNodeMessage,
  type LightNodeState,
  type LightStateEvent,
  LightWakuNode,
  type LightWakuNodeOptions,
} from '../../main/transport/light/light-node.ts';
import { closeDatabase, openDatabase } from '../../main/storage/database.ts';
import { buildEnr, type Waku2Flags } from '../../main/transport/enr.ts';
import { loadOrCreatePeerKey } from '../../main/transport/peer-key.ts';
import { storeMigrations } from '../../main/transport/store/schema.ts';
import type { WakuNode, WakuNodeOptions } from '../../main/transport/waku-node.ts';
import { tempDir } from './temp-dir.ts';
import { nextMatching } from './wait.ts';
import { linkRelay, startTestNode, type TestNode, tcpAddress } from './waku.ts';

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
 * A service node (`startService`: startServiceNode unless told) and a plain relay peer meshed
 * with it, the usual upstream of a light node; both closed again if the link fails.
 */
export async function startServiceWithRelayPeer(
  startService: () => Promise<TestNode> = startServiceNode,
): Promise<{ service: TestNode; relayPeer: TestNode }> {
  const [service, relayPeer] = await Promise.all([startService(), startTestNode()]);
  try {
    await linkRelay(relayPeer.node, service.node, tcpAddress(service.node));
  } catch (error) {
    await Promise.all([service.close(), relayPeer.close()]);
    throw error;
  }
  return { service, relayPeer };
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

export type { Waku2Flags } from '../../main/transport/enr.ts';

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

/** Built by main/transport/enr.ts (the node's own record uses the same code), with seq 1. */
export async function enrFor(
  _peerId: PeerId,
  privateKey: PrivateKey,
  listenAddresses: readonly string[],
  flags: Waku2Flags,
  shard: { clusterId: number; shards: number[] },
): Promise<string> {
  return buildEnr(privateKey, { waku2: flags, shardInfo: shard, listenAddresses }, 1n).uri;
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

// The nwaku-compatible REST endpoints of the Waku node: info, peers, relay publish and
// subscriptions with a polling cache, and Prometheus metrics. Loopback only (rest-server).
import type { WakuMessage } from '../transport/message.ts';
import { shardOfTopic } from '../transport/sharding.ts';
import type { Core } from './core.ts';
import type { RestResponse, RestRoute } from './rest-server.ts';

/** Messages kept per topic between two polls (nwaku keeps a bounded cache too). */
const CACHE_PER_TOPIC = 1000;

interface RestMessage {
  payload: string;
  contentTopic: string;
  version: number;
  timestamp: number | null;
  ephemeral: boolean;
  meta?: string;
}

function toRest(message: WakuMessage): RestMessage {
  const out: RestMessage = {
    payload: Buffer.from(message.payload).toString('base64'),
    contentTopic: message.contentTopic,
    version: message.version ?? 0,
    timestamp: message.timestamp === undefined ? null : Number(message.timestamp),
    ephemeral: message.ephemeral ?? false,
  };
  if (message.meta?.length) out.meta = Buffer.from(message.meta).toString('base64');
  return out;
}

function fromRest(body: unknown, nowMs: number): WakuMessage | string {
  if (!body || typeof body !== 'object') return 'the body must be a JSON object';
  const b = body as Record<string, unknown>;
  if (typeof b.payload !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b.payload)) return 'payload must be base64';
  if (typeof b.contentTopic !== 'string' || b.contentTopic === '') return 'contentTopic must be a non-empty string';
  if (b.version !== undefined && (typeof b.version !== 'number' || !Number.isInteger(b.version) || b.version < 0)) {
    return 'version must be a non-negative integer';
  }
  if (b.timestamp !== undefined && (typeof b.timestamp !== 'number' || !Number.isSafeInteger(b.timestamp))) {
    return 'timestamp must be an integer (ns)';
  }
  if (b.ephemeral !== undefined && typeof b.ephemeral !== 'boolean') return 'ephemeral must be a boolean';
  return {
    payload: new Uint8Array(Buffer.from(b.payload, 'base64')),
    contentTopic: b.contentTopic,
    version: (b.version as number | undefined) ?? 0,
    timestamp: b.timestamp === undefined ? BigInt(nowMs) * 1_000_000n : BigInt(b.timestamp as number),
    ephemeral: (b.ephemeral as boolean | undefined) ?? false,
    meta: undefined,
    rateLimitProof: undefined,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const bad = (message: string): RestResponse => ({ status: 400, body: message, text: true });
const unavailable: RestResponse = {
  status: 503,
  body: 'no relay: the Waku node is not running in full mode',
  text: true,
};

export function wakuRestRoutes(core: Core): Record<string, RestRoute> {
  const cache = new Map<string, RestMessage[]>();
  let unsubscribeEvents: (() => void) | undefined;
  const network = () => core.services?.network;
  const listen = () => {
    const node = network()?.full;
    if (!node || unsubscribeEvents) return;
    unsubscribeEvents = node.on('message', ({ pubsubTopic, message }) => {
      const list = cache.get(pubsubTopic);
      if (!list) return;
      list.push(toRest(message));
      if (list.length > CACHE_PER_TOPIC) list.splice(0, list.length - CACHE_PER_TOPIC);
    });
  };
  const topicsOf = (body: string): string[] | string => {
    const topics = parseJson(body);
    if (!Array.isArray(topics) || topics.some((t) => typeof t !== 'string'))
      return 'the body must be a JSON array of pubsub topics';
    for (const topic of topics as string[]) {
      if (shardOfTopic(topic, core.info().clusterId) === null) return `not a static shard of this cluster: ${topic}`;
    }
    return topics as string[];
  };

  return {
    'GET /debug/v1/info': () => ({
      status: 200,
      body: { listenAddresses: core.info().listenAddresses, enrUri: network()?.full?.enrUri() ?? null },
    }),
    'GET /admin/v1/peers': async () => {
      const peers = (await network()?.peers()) ?? [];
      return {
        status: 200,
        body: peers.map((peer) => ({
          multiaddr: peer.addresses[0] ? `${peer.addresses[0]}/p2p/${peer.id}` : `/p2p/${peer.id}`,
          protocols: peer.protocols.map((protocol) => ({ protocol, connected: true })),
        })),
      };
    },
    'POST /relay/v1/subscriptions': ({ body }) => {
      const node = network()?.full;
      if (!node) return unavailable;
      const topics = topicsOf(body);
      if (typeof topics === 'string') return bad(topics);
      listen();
      for (const topic of topics) {
        node.subscribe(shardOfTopic(topic, node.clusterId) as number);
        if (!cache.has(topic)) cache.set(topic, []);
      }
      return { status: 200, body: 'OK', text: true };
    },
    'DELETE /relay/v1/subscriptions': ({ body }) => {
      const node = network()?.full;
      if (!node) return unavailable;
      const topics = topicsOf(body);
      if (typeof topics === 'string') return bad(topics);
      for (const topic of topics) {
        node.unsubscribe(shardOfTopic(topic, node.clusterId) as number);
        cache.delete(topic);
      }
      return { status: 200, body: 'OK', text: true };
    },
    'GET /relay/v1/messages/*': ({ param }) => {
      const list = cache.get(param);
      if (!list) return { status: 404, body: `not subscribed to ${param}`, text: true };
      cache.set(param, []);
      return { status: 200, body: list };
    },
    'POST /relay/v1/messages/*': async ({ param, body }) => {
      const node = network()?.full;
      if (!node) return unavailable;
      if (shardOfTopic(param, node.clusterId) === null) return bad(`not a static shard of this cluster: ${param}`);
      const message = fromRest(parseJson(body), Date.now());
      if (typeof message === 'string') return bad(message);
      const outcome = await node.publish(param, message);
      if (!outcome.ok) return { status: 500, body: `publish failed: ${outcome.reason}`, text: true };
      return { status: 200, body: 'OK', text: true };
    },
    'GET /metrics': () => ({ status: 200, body: prometheus(core), text: true }),
  };
}

/** Prometheus text exposition of the node's counters. */
function prometheus(core: Core): string {
  const stats = core.stats();
  const status = core.status();
  const lines = [
    '# TYPE waku_peers gauge',
    `waku_peers ${stats.peers}`,
    '# TYPE waku_connections gauge',
    `waku_connections ${stats.connections}`,
    '# TYPE waku_rpc_sessions gauge',
    `waku_rpc_sessions ${status.rpcSessions}`,
    '# TYPE waku_uptime_seconds gauge',
    `waku_uptime_seconds ${Math.floor(status.uptimeMs / 1000)}`,
    '# TYPE waku_mesh_peers gauge',
    ...Object.entries(stats.relay.meshPeers).map(([topic, n]) => `waku_mesh_peers{pubsub_topic="${topic}"} ${n}`),
    '# TYPE waku_protocol_events_total counter',
  ];
  for (const [protocol, counters] of Object.entries(stats.protocols)) {
    for (const [name, value] of Object.entries(counters)) {
      lines.push(`waku_protocol_events_total{protocol="${protocol}",event="${name.replaceAll('"', '')}"} ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const HEX_HASH = /^(0x)?[0-9a-fA-F]{64}$/;

/**
 * GET /store/v3/messages over the local archive, with nwaku's query parameters:
 * pubsubTopic, contentTopics (comma separated), startTime/endTime (ns), hashes (comma
 * separated hex), cursor (hex), pageSize, ascending, includeData. Hashes are 0x hex here.
 */
export function storeRestRoute(core: Core): Record<string, RestRoute> {
  return {
    'GET /store/v3/messages': ({ url }) => {
      const archive = core.services?.network?.full?.archive;
      if (!archive) return { status: 503, body: 'no store: the node does not archive messages', text: true };
      const q = url.searchParams;
      const list = (name: string) =>
        (q.get(name) ?? '')
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean);
      const hashes = list('hashes');
      const cursor = q.get('cursor');
      if ([...hashes, ...(cursor ? [cursor] : [])].some((h) => !HEX_HASH.test(h)))
        return bad('hashes and cursor are 32-byte hex');
      const time = (name: string) => {
        const value = q.get(name);
        return value === null ? null : /^\d{1,20}$/.test(value) ? BigInt(value) : undefined;
      };
      const timeStart = time('startTime');
      const timeEnd = time('endTime');
      if (timeStart === undefined || timeEnd === undefined) return bad('startTime and endTime are integers (ns)');
      const pageSize = q.get('pageSize') === null ? 20 : Number(q.get('pageSize'));
      if (!Number.isInteger(pageSize) || pageSize < 1) return bad('pageSize is a positive integer');
      const toBytes = (hex: string) => new Uint8Array(Buffer.from(hex.replace(/^0x/, ''), 'hex'));
      const includeData = q.get('includeData') !== 'false';
      const outcome = archive.query({
        requestId: 'rest',
        includeData,
        pubsubTopic: q.get('pubsubTopic'),
        contentTopics: list('contentTopics'),
        timeStart,
        timeEnd,
        hashes: hashes.map(toBytes),
        cursor: cursor ? toBytes(cursor) : null,
        forward: q.get('ascending') !== 'false',
        pageSize: Math.min(pageSize, 100),
      });
      if (!outcome.ok) return bad(outcome.reason);
      return {
        status: 200,
        body: {
          requestId: 'rest',
          statusCode: 200,
          statusDesc: 'OK',
          messages: outcome.entries.map((entry) => ({
            messageHash: `0x${Buffer.from(entry.hash).toString('hex')}`,
            ...(entry.data ? { message: toRest(entry.data.message), pubsubTopic: entry.data.pubsubTopic } : {}),
          })),
          paginationCursor: outcome.cursor ? `0x${Buffer.from(outcome.cursor).toString('hex')}` : null,
        },
      };
    },
  };
}

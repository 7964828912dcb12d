// Store v3 client for the full node (/vac/waku/store-query/3.0.0): asks the connected peers
// that advertise the store protocol, one request per stream (request-stream.ts), following the
// exclusive message-hash cursor until the server gives none. Every page is checked: status
// 200, matching request id, entries with data carry their pubsub topic, and the hash the server
// names is the one we compute (a store cannot make us skip a message by lying about hashes).
//
// Peer failover: a query goes to the first store peer; if that peer fails (refusal, timeout,
// bad answer), the same query restarts on the next peer and the entries already handed out
// are skipped, so a caller sees every entry once however many peers it took.
import { randomUUID } from 'node:crypto';
import type { Libp2p, PeerId } from '@libp2p/interface';
import { DEFAULT_MAX_MESSAGE_BYTES, messageHash, toHex, type WakuMessage } from '../message.ts';
import { requestOnce } from '../request-stream.ts';
import {
  decodeStoreResponse,
  encodeStoreQuery,
  MAX_CONTENT_TOPICS_PER_QUERY,
  MAX_HASHES_PER_QUERY,
  MAX_PAGE_SIZE,
  MESSAGE_HASH_BYTES,
  STORE_CODEC,
  StoreStatus,
} from './store-codec.ts';

export const StoreClientFailure = {
  /** No connected peer advertises the store protocol. */
  NoPeer: 'no-peer',
  /** The peer does not speak store v3 after all. */
  Unsupported: 'unsupported',
  Timeout: 'timeout',
  /** The stream failed or closed without an answer. */
  Failed: 'failed',
  /** Undecodable, oversize, or inconsistent (wrong request id, hash mismatch, cursor loop). */
  BadResponse: 'bad-response',
  /** The server answered with a non-200 status (rate limit, bad request, internal error). */
  Refused: 'refused',
  /** The query itself is invalid (too many topics or hashes, bad page size). */
  BadQuery: 'bad-query',
} as const;
export type StoreClientFailure = (typeof StoreClientFailure)[keyof typeof StoreClientFailure];

export class StoreClientError extends Error {
  readonly reason: StoreClientFailure;
  /** The server's status code for Refused. */
  readonly status: number | undefined;
  /** The peer that failed (the last one tried for NoPeer-after-failures). */
  readonly peer: string | undefined;

  constructor(reason: StoreClientFailure, message: string, extra: { status?: number; peer?: string } = {}) {
    super(message);
    this.name = 'StoreClientError';
    this.reason = reason;
    this.status = extra.status;
    this.peer = extra.peer;
  }
}

export interface StoreClientQuery {
  /** Required with content topics; ignored on hash lookups. */
  pubsubTopic?: string;
  contentTopics?: readonly string[];
  /** Unix ns, inclusive. */
  timeStart?: bigint;
  /** Unix ns, exclusive. */
  timeEnd?: bigint;
  /** A hash lookup (no content topics or time range with it). */
  hashes?: readonly Uint8Array[];
  /** false: hashes only (gap detection). Default true. */
  includeData?: boolean;
  /** Oldest first (default). */
  forward?: boolean;
  /** 1..100, default 100. */
  pageSize?: number;
}

export interface StoreClientEntry {
  hash: Uint8Array;
  hashHex: string;
  /** Present when the query asked for data. */
  data?: { pubsubTopic: string; message: WakuMessage };
}

export interface StoreClientPage {
  peer: string;
  entries: StoreClientEntry[];
}

export interface StoreClientOptions {
  /** Per page request (stream open, request, response). */
  requestTimeoutMs?: number;
  /** A guard against a server that never stops handing out cursors. */
  maxPages?: number;
  /** Which peers to ask, in order; default: connected peers advertising STORE_CODEC. */
  peers?: () => Promise<PeerId[]>;
}

export interface StoreClientStats {
  queries: number;
  pages: number;
  entries: number;
  failovers: number;
  failures: Partial<Record<StoreClientFailure, number>>;
  hashMismatches: number;
}

const DEFAULTS = { requestTimeoutMs: 10_000, maxPages: 10_000 } as const;

/** 100 messages of the largest size, plus framing. */
const MAX_RESPONSE_BYTES = MAX_PAGE_SIZE * (DEFAULT_MAX_MESSAGE_BYTES + 1024) + 64 * 1024;

export class StoreClient {
  readonly #libp2p: Libp2p;
  readonly #options: Required<Omit<StoreClientOptions, 'peers'>> & Pick<StoreClientOptions, 'peers'>;
  readonly #stats: StoreClientStats = {
    queries: 0,
    pages: 0,
    entries: 0,
    failovers: 0,
    failures: {},
    hashMismatches: 0,
  };

  constructor(libp2p: Libp2p, options: StoreClientOptions = {}) {
    this.#libp2p = libp2p;
    this.#options = { ...DEFAULTS, ...options };
  }

  stats(): StoreClientStats {
    return { ...this.#stats, failures: { ...this.#stats.failures } };
  }

  /** Connected peers whose identify answer lists store v3, stable order (static peers first is libp2p's). */
  async storePeers(): Promise<PeerId[]> {
    if (this.#options.peers) return this.#options.peers();
    const seen = new Set<string>();
    const peers: PeerId[] = [];
    for (const connection of this.#libp2p.getConnections()) {
      const id = connection.remotePeer;
      if (seen.has(id.toString()) || connection.status !== 'open') continue;
      seen.add(id.toString());
      const protocols = await this.#libp2p.peerStore.get(id).then(
        (peer) => peer.protocols,
        () => [] as string[],
      );
      if (protocols.includes(STORE_CODEC)) peers.push(id);
    }
    return peers;
  }

  /**
   * Every entry matching `query`, page by page, from the first store peer that answers; on a
   * peer's failure the query moves on to the next peer. Throws StoreClientError when no peer
   * could complete it (the last peer's error).
   */
  async *query(query: StoreClientQuery): AsyncGenerator<StoreClientPage> {
    checkQuery(query);
    this.#stats.queries += 1;
    const peers = await this.storePeers();
    if (peers.length === 0) {
      this.#fail(StoreClientFailure.NoPeer);
      throw new StoreClientError(StoreClientFailure.NoPeer, 'no connected peer serves store v3');
    }
    const handedOut = new Set<string>();
    let lastError: StoreClientError | undefined;
    for (const [index, peer] of peers.entries()) {
      if (index > 0) this.#stats.failovers += 1;
      try {
        for await (const page of this.queryPeer(peer, query)) {
          const fresh = page.entries.filter((entry) => !handedOut.has(entry.hashHex));
          for (const entry of fresh) handedOut.add(entry.hashHex);
          if (fresh.length > 0) yield { peer: page.peer, entries: fresh };
        }
        return;
      } catch (error) {
        if (!(error instanceof StoreClientError) || error.reason === StoreClientFailure.BadQuery) throw error;
        lastError = error;
      }
    }
    throw lastError ?? new StoreClientError(StoreClientFailure.NoPeer, 'no store peer answered');
  }

  /** Pages of `query` from one peer; throws StoreClientError on its first failure. */
  async *queryPeer(peer: PeerId, query: StoreClientQuery): AsyncGenerator<StoreClientPage> {
    checkQuery(query);
    const peerText = peer.toString();
    const includeData = query.includeData ?? true;
    const lookup = (query.hashes?.length ?? 0) > 0;
    let cursor: Uint8Array | null = null;
    const cursors = new Set<string>();
    for (let pageIndex = 0; ; pageIndex += 1) {
      if (pageIndex >= this.#options.maxPages) {
        throw this.#error(StoreClientFailure.BadResponse, `more than ${this.#options.maxPages} pages`, peerText);
      }
      const requestId = randomUUID();
      const request = encodeStoreQuery({
        requestId,
        includeData,
        pubsubTopic: lookup ? null : (query.pubsubTopic ?? null),
        contentTopics: lookup ? [] : [...(query.contentTopics ?? [])],
        timeStart: lookup ? null : (query.timeStart ?? null),
        timeEnd: lookup ? null : (query.timeEnd ?? null),
        hashes: [...(query.hashes ?? [])],
        cursor,
        forward: query.forward ?? true,
        pageSize: query.pageSize ?? MAX_PAGE_SIZE,
      });
      const connection = this.#libp2p.getConnections(peer).find((c) => c.status === 'open');
      if (!connection) throw this.#error(StoreClientFailure.Failed, 'not connected', peerText);
      const result = await requestOnce(connection, STORE_CODEC, request, {
        maxResponseBytes: MAX_RESPONSE_BYTES,
        timeoutMs: this.#options.requestTimeoutMs,
      });
      if (!result.ok) {
        const reason =
          result.reason === 'unsupported'
            ? StoreClientFailure.Unsupported
            : result.reason === 'timeout'
              ? StoreClientFailure.Timeout
              : result.reason === 'oversize' || result.reason === 'bad-length'
                ? StoreClientFailure.BadResponse
                : StoreClientFailure.Failed;
        throw this.#error(reason, result.detail, peerText);
      }
      const decoded = decodeStoreResponse(result.bytes);
      if (!decoded.ok) throw this.#error(StoreClientFailure.BadResponse, decoded.detail ?? 'undecodable', peerText);
      const response = decoded.value;
      if (response.statusCode !== StoreStatus.Ok) {
        this.#fail(StoreClientFailure.Refused);
        throw new StoreClientError(
          StoreClientFailure.Refused,
          `store peer ${peerText} answered ${response.statusCode} ${response.statusDesc}`,
          { status: response.statusCode, peer: peerText },
        );
      }
      if (response.requestId !== requestId) {
        throw this.#error(StoreClientFailure.BadResponse, 'the response names another request', peerText);
      }
      const entries: StoreClientEntry[] = [];
      for (const item of response.messages) {
        const hash = item.messageHash;
        if (hash === undefined || hash.length !== MESSAGE_HASH_BYTES) continue;
        const hashHex = toHex(hash);
        if (!includeData) {
          entries.push({ hash, hashHex });
          continue;
        }
        // Data without its pubsub topic cannot be hashed or routed: skip it (spec: both or neither).
        if (item.message === undefined || !item.pubsubTopic) continue;
        if (toHex(messageHash(item.pubsubTopic, item.message)) !== hashHex) {
          this.#stats.hashMismatches += 1;
          continue;
        }
        entries.push({ hash, hashHex, data: { pubsubTopic: item.pubsubTopic, message: item.message } });
      }
      this.#stats.pages += 1;
      this.#stats.entries += entries.length;
      yield { peer: peerText, entries };
      const next = response.paginationCursor;
      if (next === undefined || next.length === 0) return;
      const nextHex = toHex(next);
      if (cursors.has(nextHex)) throw this.#error(StoreClientFailure.BadResponse, 'the cursor repeats', peerText);
      cursors.add(nextHex);
      cursor = next;
    }
  }

  #fail(reason: StoreClientFailure): void {
    this.#stats.failures[reason] = (this.#stats.failures[reason] ?? 0) + 1;
  }

  #error(reason: StoreClientFailure, detail: string, peer: string): StoreClientError {
    this.#fail(reason);
    return new StoreClientError(reason, `store query to ${peer}: ${detail}`, { peer });
  }
}

function checkQuery(query: StoreClientQuery): void {
  const hashes = query.hashes?.length ?? 0;
  const topics = query.contentTopics?.length ?? 0;
  const bad = (detail: string) => new StoreClientError(StoreClientFailure.BadQuery, detail);
  if (hashes > MAX_HASHES_PER_QUERY) throw bad(`at most ${MAX_HASHES_PER_QUERY} hashes per lookup`);
  if (hashes > 0 && (topics > 0 || query.timeStart !== undefined || query.timeEnd !== undefined)) {
    throw bad('a hash lookup cannot carry content topics or a time range');
  }
  if (topics > MAX_CONTENT_TOPICS_PER_QUERY) throw bad(`at most ${MAX_CONTENT_TOPICS_PER_QUERY} content topics`);
  if (topics > 0 && !query.pubsubTopic) throw bad('content topics need their pubsub topic');
  const pageSize = query.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw bad(`page size must be 1..${MAX_PAGE_SIZE}`);
  }
  if (query.timeStart !== undefined && query.timeEnd !== undefined && query.timeStart > query.timeEnd) {
    throw bad('timeStart is after timeEnd');
  }
}

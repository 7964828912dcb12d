// Metadata: we tell every peer our cluster and the shards we serve, ask every new connection
// for theirs, and drop peers of another cluster (66/WAKU2-METADATA; status-reference §3.1).
// Light clients refuse a peer whose metadata lacks their shard, so the answer must list the
// served shards (waku-notes §5.3); a handler mounted by anyone else is replaced.
import type { Connection, IncomingStreamData, Libp2p, PeerId } from '@libp2p/interface';
import { Counters } from '../counters.ts';
import { errorText, type TransportLogger } from '../logger.ts';
import { requestOnce, StreamOutcome, serveRequestStream } from '../request-stream.ts';
import { MAX_INBOUND_STREAMS_PER_PROTOCOL, requestLimits, type StreamTimeouts } from '../stream-limits.ts';
import {
  decodeMetadataRequest,
  decodeMetadataResponse,
  encodeMetadataRequest,
  encodeMetadataResponse,
  MAX_METADATA_BYTES,
  METADATA_CODEC,
  type MetadataReject,
  type ShardInfo,
} from './metadata-codec.ts';

export type MetadataCounter =
  | 'served'
  | `refused:${MetadataReject}`
  | `stream:${StreamOutcome}`
  | 'outbound:ok'
  | 'outbound:unsupported'
  | 'outbound:failed'
  | `outbound-invalid:${MetadataReject}`
  | 'disconnected:wrong-cluster';

export interface MetadataServiceInit {
  libp2p: Libp2p;
  clusterId: number;
  /** The shards we serve right now (changes as relay subscriptions change). */
  shards: () => readonly number[];
  timeouts: StreamTimeouts;
  log: TransportLogger;
}

const OUTBOUND_TIMEOUT_MS = 10_000;

export class MetadataService {
  readonly counters = new Counters<MetadataCounter>();
  readonly #init: MetadataServiceInit;
  readonly #peers = new Map<string, ShardInfo>();

  constructor(init: MetadataServiceInit) {
    this.#init = init;
  }

  async start(): Promise<void> {
    const { libp2p } = this.#init;
    await libp2p.unhandle(METADATA_CODEC);
    await libp2p.handle(METADATA_CODEC, this.#handleStream, {
      maxInboundStreams: MAX_INBOUND_STREAMS_PER_PROTOCOL,
      runOnLimitedConnection: false,
    });
    libp2p.addEventListener('connection:open', this.#onConnection);
    libp2p.addEventListener('peer:disconnect', this.#onDisconnect);
  }

  async stop(): Promise<void> {
    const { libp2p } = this.#init;
    libp2p.removeEventListener('connection:open', this.#onConnection);
    libp2p.removeEventListener('peer:disconnect', this.#onDisconnect);
    await libp2p.unhandle(METADATA_CODEC);
  }

  /** What a connected peer told us about itself, if it did. */
  shardInfo(peerId: string): ShardInfo | undefined {
    return this.#peers.get(peerId);
  }

  /** Asks a connected peer for its metadata; disconnects it when it is on another cluster. */
  async query(connection: Connection): Promise<ShardInfo | null> {
    const { clusterId, shards } = this.#init;
    const result = await requestOnce(
      connection,
      METADATA_CODEC,
      encodeMetadataRequest({ clusterId, shards: shards() }),
      {
        maxResponseBytes: MAX_METADATA_BYTES,
        timeoutMs: OUTBOUND_TIMEOUT_MS,
      },
    );
    if (!result.ok) {
      this.counters.inc(result.reason === 'unsupported' ? 'outbound:unsupported' : 'outbound:failed');
      return null;
    }
    const decoded = decodeMetadataResponse(result.bytes);
    if (!decoded.ok) {
      this.counters.inc(`outbound-invalid:${decoded.reason}`);
      return null;
    }
    this.counters.inc('outbound:ok');
    await this.#learn(connection.remotePeer, decoded.value);
    return decoded.value;
  }

  readonly #onConnection = (event: CustomEvent<Connection>): void => {
    void this.query(event.detail).catch((error: unknown) => {
      this.#init.log.debug('metadata query failed', { error: errorText(error) });
    });
  };

  readonly #onDisconnect = (event: CustomEvent<PeerId>): void => {
    this.#peers.delete(event.detail.toString());
  };

  readonly #handleStream = ({ stream, connection }: IncomingStreamData): void => {
    const { clusterId, shards, timeouts } = this.#init;
    let theirs: ShardInfo | null = null;
    void serveRequestStream(stream, requestLimits(MAX_METADATA_BYTES, timeouts), (request) => {
      if (request.kind === 'oversize') {
        this.counters.inc('refused:undecodable');
        return null;
      }
      const decoded = decodeMetadataRequest(request.bytes);
      if (!decoded.ok) {
        this.counters.inc(`refused:${decoded.reason}`);
        return null;
      }
      theirs = decoded.value;
      this.counters.inc('served');
      // Answer even a wrong-cluster peer, so it learns why it is being dropped.
      return encodeMetadataResponse({ clusterId, shards: shards() });
    }).then(async (outcome) => {
      if (outcome !== StreamOutcome.Request) this.counters.inc(`stream:${outcome}`);
      if (theirs !== null) await this.#learn(connection.remotePeer, theirs);
    });
  };

  async #learn(peerId: PeerId, info: ShardInfo): Promise<void> {
    if (info.clusterId !== null && info.clusterId !== this.#init.clusterId) {
      // Both our query and their request can reveal it; count the peer once.
      if (this.#init.libp2p.getConnections(peerId).length === 0) return;
      this.counters.inc('disconnected:wrong-cluster');
      this.#init.log.info('disconnecting a peer of another cluster', {
        peer: peerId.toString(),
        theirCluster: info.clusterId,
      });
      this.#peers.delete(peerId.toString());
      await this.#init.libp2p.hangUp(peerId).catch(() => {});
      return;
    }
    this.#peers.set(peerId.toString(), info);
  }
}

// Lightpush service (v3 and v2): a light client hands us a message, we relay it for them.
//
// Order of checks, cheapest first: rate cap (429) → frame size (413, from the length prefix
// alone) → decode (400) → shard we serve (421) → message size (413) and rules (400 empty
// content topic, 420 other invalid) → node running (503) → relay publish (500 on failure).
//
// No relay peers (waku-notes §5.9): 505 NO_PEERS unless a local service (filter subscriber,
// store) took the message. A 200 must mean "it reached someone"; with 505 the client tries
// another service peer instead of believing a message that went nowhere was sent. Either way
// an accepted message is handed to the node locally ('message' event), and a retry is
// harmless: relay ignores duplicate bytes and consumers dedupe by message hash.
import type { IncomingStreamData, Libp2p, PeerId } from '@libp2p/interface';
import { Counters } from '../counters.ts';
import type { PeerActivity } from '../peer-activity.ts';
import type { TransportLogger } from '../logger.ts';
import { MessageInvalid, messageInvalidReason, type WakuMessage } from '../message.ts';
import { type RateLimit, RateLimiter } from '../rate-limiter.ts';
import { encodeRelayData } from '../relay/relay-codec.ts';
import type { PublishOutcome } from '../relay/relay-service.ts';
import { StreamOutcome, serveRequestStream } from '../request-stream.ts';
import { MAX_INBOUND_STREAMS_PER_PROTOCOL, requestLimits, type StreamTimeouts } from '../stream-limits.ts';
import {
  decodeLightPushV2Request,
  decodeLightPushV3Request,
  encodeLightPushV2Response,
  encodeLightPushV3Response,
  LIGHTPUSH_FRAME_OVERHEAD_BYTES,
  LIGHTPUSH_V2_CODEC,
  LIGHTPUSH_V3_CODEC,
  type LightPushReject,
  type LightPushRequest,
  type LightPushResult,
  LightPushStatus,
  salvageRequestId,
} from './lightpush-codec.ts';

/**
 * Per peer: a burst of 30 (a segmented image plus a few chat lines at once), then 30 per
 * minute sustained — two orders of magnitude above a person typing, and low enough that one
 * light client cannot make us flood the shard (The Waku Network's RLN allows 100 per 10 min).
 */
export const DEFAULT_LIGHTPUSH_RATE_LIMIT: RateLimit = { capacity: 30, perMinute: 30 };

type Version = 'v2' | 'v3';

export type LightPushCounter =
  | `requests:${Version}`
  | `status:${LightPushStatus}`
  | `refused:${LightPushReject | MessageInvalid}`
  | `stream:${StreamOutcome}`;

export interface LightPushServiceInit {
  libp2p: Libp2p;
  clusterId: number;
  maxMessageBytes: number;
  rateLimit: RateLimit;
  timeouts: StreamTimeouts;
  log: TransportLogger;
  /** Whether we serve this pubsub topic (one of our cluster's shards that we carry). */
  servesTopic: (pubsubTopic: string) => boolean;
  /** Records which peers used the service (the dashboard's light clients served). */
  activity?: PeerActivity;
  isRunning: () => boolean;
  publish: (pubsubTopic: string, message: WakuMessage) => Promise<PublishOutcome>;
  /** Hands an accepted message to the node; returns how many local services took it. */
  deliverLocally: (pubsubTopic: string, message: WakuMessage, hash: Uint8Array, from: PeerId) => number;
}

export class LightPushService {
  readonly counters = new Counters<LightPushCounter>();
  readonly #init: LightPushServiceInit;
  readonly #limiter: RateLimiter;

  constructor(init: LightPushServiceInit) {
    this.#init = init;
    this.#limiter = new RateLimiter(init.rateLimit);
  }

  async start(): Promise<void> {
    const options = { maxInboundStreams: MAX_INBOUND_STREAMS_PER_PROTOCOL, runOnLimitedConnection: false };
    await this.#init.libp2p.handle(LIGHTPUSH_V3_CODEC, (data) => this.#handle(data, 'v3'), options);
    await this.#init.libp2p.handle(LIGHTPUSH_V2_CODEC, (data) => this.#handle(data, 'v2'), options);
  }

  async stop(): Promise<void> {
    await this.#init.libp2p.unhandle([LIGHTPUSH_V3_CODEC, LIGHTPUSH_V2_CODEC]);
  }

  #handle({ stream, connection }: IncomingStreamData, version: Version): void {
    const { maxMessageBytes, timeouts } = this.#init;
    const limits = requestLimits(maxMessageBytes + LIGHTPUSH_FRAME_OVERHEAD_BYTES, timeouts);
    const encode = version === 'v3' ? encodeLightPushV3Response : encodeLightPushV2Response;
    void serveRequestStream(stream, limits, async (request) => {
      this.counters.inc(`requests:${version}`);
      const result =
        request.kind === 'oversize'
          ? this.#refuseOversize(connection.remotePeer, request.length)
          : await this.#process(connection.remotePeer, request.bytes, version);
      this.counters.inc(`status:${result.status}`);
      return encode(result);
    }).then((outcome) => {
      if (outcome !== StreamOutcome.Request && outcome !== StreamOutcome.Oversize)
        this.counters.inc(`stream:${outcome}`);
    });
  }

  #refuseOversize(peer: PeerId, length: number): LightPushResult {
    if (!this.#limiter.take(peer.toString())) return rateLimited('');
    return {
      requestId: '',
      status: LightPushStatus.PayloadTooLarge,
      description: `request of ${length} bytes is too large`,
    };
  }

  async #process(peer: PeerId, bytes: Uint8Array, version: Version): Promise<LightPushResult> {
    const { maxMessageBytes, clusterId } = this.#init;
    if (!this.#limiter.take(peer.toString())) return rateLimited(salvageRequestId(bytes, version));
    const decoded = version === 'v3' ? decodeLightPushV3Request(bytes) : decodeLightPushV2Request(bytes);
    if (!decoded.ok) {
      this.counters.inc(`refused:${decoded.reason}`);
      return {
        requestId: salvageRequestId(bytes, version),
        status: LightPushStatus.BadRequest,
        description: `bad request: ${decoded.reason}`,
      };
    }
    const { requestId, pubsubTopic, message } = decoded.value;
    this.#init.activity?.touch(peer.toString());
    if (!this.#init.servesTopic(pubsubTopic)) {
      return {
        requestId,
        status: LightPushStatus.UnsupportedTopic,
        description: `pubsub topic ${truncate(pubsubTopic)} is not a shard of cluster ${clusterId} served here`,
      };
    }
    const size = encodeRelayData(message).length;
    if (size > maxMessageBytes) {
      return {
        requestId,
        status: LightPushStatus.PayloadTooLarge,
        description: `message of ${size} bytes exceeds ${maxMessageBytes}`,
      };
    }
    const invalid = messageInvalidReason(message);
    if (invalid !== null) {
      this.counters.inc(`refused:${invalid}`);
      const status =
        invalid === MessageInvalid.EmptyContentTopic ? LightPushStatus.BadRequest : LightPushStatus.InvalidMessage;
      return { requestId, status, description: `invalid message: ${invalid}` };
    }
    if (!this.#init.isRunning())
      return { requestId, status: LightPushStatus.Unavailable, description: 'node is not running' };
    return this.#relay(peer, { requestId, pubsubTopic, message });
  }

  async #relay(peer: PeerId, { requestId, pubsubTopic, message }: LightPushRequest): Promise<LightPushResult> {
    const published = await this.#init.publish(pubsubTopic, message);
    if (!published.ok) {
      this.#init.log.warn('lightpush relay publish failed', { reason: published.reason, detail: published.detail });
      return {
        requestId,
        status: LightPushStatus.InternalError,
        description: `relay publish failed: ${published.reason}`,
      };
    }
    const local = this.#init.deliverLocally(pubsubTopic, message, published.hash, peer);
    if (published.recipients === 0 && local === 0) {
      return {
        requestId,
        status: LightPushStatus.NoPeers,
        description: 'no relay peers for this pubsub topic',
        relayPeerCount: 0,
      };
    }
    return { requestId, status: LightPushStatus.Success, description: 'OK', relayPeerCount: published.recipients };
  }
}

function rateLimited(requestId: string): LightPushResult {
  return { requestId, status: LightPushStatus.TooManyRequests, description: 'rate limit exceeded, retry later' };
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

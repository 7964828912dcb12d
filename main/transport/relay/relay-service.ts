// Waku relay on top of gossipsub: per-shard subscriptions, a validator that refuses (and
// counts) what must not travel, publish with a recipient count, and a callback for every
// accepted message with its deterministic hash.
import type { GossipSub, GossipsubMessage } from '@chainsafe/libp2p-gossipsub';
import { type Message, type PeerId, TopicValidatorResult } from '@libp2p/interface';
import { Counters } from '../counters.ts';
import { errorText, type TransportLogger } from '../logger.ts';
import type { WakuMessage } from '../message.ts';
import { messageHash, messageInvalidReason } from '../message.ts';
import { shardOfTopic } from '../sharding.ts';
import { decodeRelayData, encodeRelayData, RelayReject } from './relay-codec.ts';

export type RelayCounter =
  | 'messages-in'
  | 'messages-out'
  | 'publish-failed'
  | 'publish-refused'
  | `invalid:${RelayReject}`;

export interface RelayedMessage {
  pubsubTopic: string;
  message: WakuMessage;
  hash: Uint8Array;
  from: PeerId;
}

export interface RelayServiceInit {
  gossipsub: GossipSub;
  clusterId: number;
  maxMessageBytes: number;
  log: TransportLogger;
  onMessage: (message: RelayedMessage) => void;
}

export type PublishOutcome =
  | { ok: true; recipients: number; hash: Uint8Array }
  | { ok: false; reason: RelayReject | 'not-a-shard-topic' | 'publish-failed'; detail?: string };

export class RelayService {
  readonly counters = new Counters<RelayCounter>();
  readonly #gossipsub: GossipSub;
  readonly #clusterId: number;
  readonly #maxMessageBytes: number;
  readonly #log: TransportLogger;
  readonly #onMessage: (message: RelayedMessage) => void;
  // The validator decodes once; the message handler reuses the result for the same Message.
  readonly #validated = new WeakMap<Message, WakuMessage>();

  constructor(init: RelayServiceInit) {
    this.#gossipsub = init.gossipsub;
    this.#clusterId = init.clusterId;
    this.#maxMessageBytes = init.maxMessageBytes;
    this.#log = init.log;
    this.#onMessage = init.onMessage;
  }

  start(): void {
    this.#gossipsub.addEventListener('gossipsub:message', this.#handleMessage);
  }

  stop(): void {
    this.#gossipsub.removeEventListener('gossipsub:message', this.#handleMessage);
  }

  subscribe(pubsubTopic: string): void {
    this.#assertShardTopic(pubsubTopic);
    if (!this.#gossipsub.topicValidators.has(pubsubTopic)) {
      this.#gossipsub.topicValidators.set(pubsubTopic, this.#validate);
    }
    this.#gossipsub.subscribe(pubsubTopic);
  }

  unsubscribe(pubsubTopic: string): void {
    this.#gossipsub.unsubscribe(pubsubTopic);
  }

  subscriptions(): string[] {
    return this.#gossipsub.getTopics();
  }

  meshPeers(pubsubTopic: string): string[] {
    return this.#gossipsub.getMeshPeers(pubsubTopic);
  }

  /** Peers that told us they subscribe to the topic (a superset of the mesh). */
  topicPeers(pubsubTopic: string): PeerId[] {
    return this.#gossipsub.getSubscribers(pubsubTopic);
  }

  async publish(pubsubTopic: string, message: WakuMessage): Promise<PublishOutcome> {
    if (shardOfTopic(pubsubTopic, this.#clusterId) === null) {
      this.counters.inc('publish-refused');
      return { ok: false, reason: 'not-a-shard-topic' };
    }
    const data = encodeRelayData(message);
    const invalid = data.length > this.#maxMessageBytes ? RelayReject.TooLarge : messageInvalidReason(message);
    if (invalid !== null) {
      this.counters.inc('publish-refused');
      return { ok: false, reason: invalid };
    }
    const hash = messageHash(pubsubTopic, message);
    try {
      const result = await this.#gossipsub.publish(pubsubTopic, data);
      this.counters.inc('messages-out');
      return { ok: true, recipients: result.recipients.length, hash };
    } catch (error) {
      this.counters.inc('publish-failed');
      this.#log.warn('relay publish failed', { pubsubTopic, error: errorText(error) });
      return { ok: false, reason: 'publish-failed', detail: errorText(error) };
    }
  }

  readonly #validate = (_from: PeerId, message: Message): TopicValidatorResult => {
    const decoded = decodeRelayData(message.data, this.#maxMessageBytes);
    if (!decoded.ok) {
      this.counters.inc(`invalid:${decoded.reason}`);
      this.#log.debug('relay message rejected', { topic: message.topic, reason: decoded.reason });
      return TopicValidatorResult.Reject;
    }
    this.#validated.set(message, decoded.value);
    return TopicValidatorResult.Accept;
  };

  readonly #handleMessage = (event: CustomEvent<GossipsubMessage>): void => {
    const { msg, propagationSource } = event.detail;
    let message = this.#validated.get(msg);
    if (message === undefined) {
      const decoded = decodeRelayData(msg.data, this.#maxMessageBytes);
      if (!decoded.ok) return;
      message = decoded.value;
    }
    this.counters.inc('messages-in');
    try {
      this.#onMessage({
        pubsubTopic: msg.topic,
        message,
        hash: messageHash(msg.topic, message),
        from: propagationSource,
      });
    } catch (error) {
      this.#log.error('relay message consumer failed', { error: errorText(error) });
    }
  };

  #assertShardTopic(pubsubTopic: string): void {
    if (shardOfTopic(pubsubTopic, this.#clusterId) === null) {
      throw new RangeError(`${pubsubTopic} is not a static shard topic of cluster ${this.#clusterId}`);
    }
  }
}

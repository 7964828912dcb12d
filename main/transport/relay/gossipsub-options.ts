// Gossipsub configured the way Waku relay (11/WAKU2-RELAY) runs it. Values mirror nwaku's
// waku_relay/protocol.nim (GossipsubParameters, TopicParameters) so our node scores and is
// scored like the rest of the network; gossipsub-js takes milliseconds where nim takes durations.

import type { GossipsubOpts } from '@chainsafe/libp2p-gossipsub';
import type { TopicScoreParams } from '@chainsafe/libp2p-gossipsub/score';
import { StrictNoSign } from '@libp2p/interface';
import { sha256 } from '../../crypto/hash.ts';
import { pubsubTopicForShard, SHARDS_PER_CLUSTER } from '../sharding.ts';

export const RELAY_CODEC = '/vac/waku/relay/2.0.0';

/** nwaku allows this much RPC framing around the largest message. */
export const RELAY_RPC_OVERHEAD_BYTES = 64 * 1024;

/**
 * Per-topic scoring (nwaku TopicParameters):
 * - P1 time in mesh: small positive weight, capped, favours stable mesh members;
 * - P2 first deliveries: rewards peers that bring us new messages first;
 * - P3/P3b mesh delivery deficits: off, as in nwaku (too easy to mis-tune on quiet shards,
 *   and a quiet Status shard would punish honest peers);
 * - P4 invalid messages: -100 × count², decaying by half each interval: a peer sending a
 *   handful of invalid messages falls below the gossip and publish thresholds quickly.
 */
export const TOPIC_SCORE_PARAMS: TopicScoreParams = {
  topicWeight: 1,
  timeInMeshWeight: 0.01,
  timeInMeshQuantum: 1_000,
  timeInMeshCap: 10,
  firstMessageDeliveriesWeight: 1,
  firstMessageDeliveriesDecay: 0.5,
  firstMessageDeliveriesCap: 10,
  meshMessageDeliveriesWeight: 0,
  meshMessageDeliveriesDecay: 0,
  meshMessageDeliveriesCap: 0,
  meshMessageDeliveriesThreshold: 0,
  meshMessageDeliveriesWindow: 0,
  meshMessageDeliveriesActivation: 0,
  meshFailurePenaltyWeight: 0,
  meshFailurePenaltyDecay: 0,
  invalidMessageDeliveriesWeight: -100,
  invalidMessageDeliveriesDecay: 0.5,
};

export interface RelayGossipsubConfig {
  clusterId: number;
  maxMessageBytes: number;
  /** A full node publishes (and counts 0 recipients) even when no peer shares the topic. */
  allowPublishToZeroTopicPeers: boolean;
}

/** The static-shard topics of the cluster: the only topics gossipsub will track. */
export function clusterTopics(clusterId: number): string[] {
  return Array.from({ length: SHARDS_PER_CLUSTER }, (_, shard) => pubsubTopicForShard(shard, clusterId));
}

/** Waku's message id: sha256 of the WakuMessage bytes (not the deterministic hash), like nwaku. */
export function relayMessageId(message: { data: Uint8Array }): Uint8Array {
  return sha256(message.data);
}

export function relayGossipsubOptions(config: RelayGossipsubConfig): Partial<GossipsubOpts> {
  const topics = clusterTopics(config.clusterId);
  return {
    fallbackToFloodsub: false,
    globalSignaturePolicy: StrictNoSign,
    msgIdFn: relayMessageId,
    emitSelf: false,
    floodPublish: true,
    allowPublishToZeroTopicPeers: config.allowPublishToZeroTopicPeers,
    // Lightpush retries re-publish identical bytes; a duplicate is not an error for us.
    ignoreDuplicatePublishError: true,
    doPX: false,
    D: 6,
    Dlo: 4,
    Dhi: 8,
    Dscore: 6,
    Dout: 3,
    Dlazy: 6,
    heartbeatInterval: 1_000,
    fanoutTTL: 60_000,
    mcacheLength: 6,
    mcacheGossip: 3,
    seenTTL: 120_000,
    pruneBackoff: 60_000,
    unsubcribeBackoff: 5_000,
    gossipFactor: 0.25,
    maxInboundDataLength: config.maxMessageBytes + RELAY_RPC_OVERHEAD_BYTES,
    // Anything but our cluster's static shards is ignored before it costs memory.
    allowedTopics: new Set(topics),
    decodeRpcLimits: {
      maxSubscriptions: SHARDS_PER_CLUSTER,
      maxMessages: 256,
      maxIhaveMessageIDs: 5_000,
      maxIwantMessageIDs: 5_000,
      maxIdontwantMessageIDs: 5_000,
      maxControlMessages: 1_000,
      maxPeerInfos: 16,
    },
    scoreParams: {
      topics: Object.fromEntries(topics.map((topic) => [topic, TOPIC_SCORE_PARAMS])),
      topicScoreCap: 0,
      appSpecificWeight: 0,
      // P6: more than 5 peers behind one IP start to cost score.
      IPColocationFactorWeight: -50,
      IPColocationFactorThreshold: 5,
      // P7: protocol misbehaviour (broken promises, graft during backoff).
      behaviourPenaltyWeight: -10,
      behaviourPenaltyDecay: 0.986,
      decayInterval: 12_000,
      decayToZero: 0.01,
      retainScore: 600_000,
    },
    scoreThresholds: {
      gossipThreshold: -100,
      publishThreshold: -1_000,
      graylistThreshold: -10_000,
      acceptPXThreshold: 100,
      opportunisticGraftThreshold: 1,
    },
  };
}

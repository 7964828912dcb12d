// Turning an envelope into what goes on the wire: a version-1 WakuMessage with a nanosecond
// timestamp and the ephemeral flag, on the pubsub topic of its functional scope.
import type { WakuMessage } from './message.ts';
import { pubsubTopicForScope, type Scope } from './sharding.ts';

/** Status payloads always use the v1 (26/WAKU2-PAYLOAD) envelope. */
export const STATUS_PAYLOAD_VERSION = 1;

export interface Outgoing {
  pubsubTopic: string;
  message: WakuMessage;
}

export function outgoingMessage(options: {
  scope: Scope;
  contentTopic: string;
  payload: Uint8Array;
  ephemeral: boolean;
  nowMs: number;
  communityShard?: number | null;
}): Outgoing {
  return {
    pubsubTopic: pubsubTopicForScope(options.scope, options.communityShard),
    message: {
      payload: options.payload,
      contentTopic: options.contentTopic,
      version: STATUS_PAYLOAD_VERSION,
      timestamp: BigInt(Math.floor(options.nowMs)) * 1_000_000n,
      ephemeral: options.ephemeral,
      meta: undefined,
      rateLimitProof: undefined,
    },
  };
}

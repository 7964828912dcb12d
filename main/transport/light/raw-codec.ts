// Decoders for the SDK's filter and store clients that hand us the WakuMessage exactly as it
// came off the wire. The SDK's own decoders rebuild it (timestamp as a Date in ms, version
// defaulted), which would change the deterministic hash everything above us dedupes on.
import type { IDecodedMessage, IDecoder, IProtoMessage } from '@waku/interfaces';
import { proto_message } from '@waku/proto';
import type { WakuMessage } from '../message.ts';

export interface RawDecodedMessage extends IDecodedMessage {
  /** The message as received. */
  raw: WakuMessage;
}

export function toWakuMessage(proto: IProtoMessage): WakuMessage {
  const message: WakuMessage = { payload: proto.payload, contentTopic: proto.contentTopic };
  if (proto.version !== undefined) message.version = proto.version;
  if (proto.timestamp !== undefined) message.timestamp = proto.timestamp;
  if (proto.meta !== undefined) message.meta = proto.meta;
  if (proto.ephemeral !== undefined) message.ephemeral = proto.ephemeral;
  if (proto.rateLimitProof !== undefined) message.rateLimitProof = proto.rateLimitProof;
  return message;
}

function decoded(pubsubTopic: string, raw: WakuMessage): RawDecodedMessage {
  return {
    raw,
    pubsubTopic,
    version: raw.version ?? 0,
    payload: raw.payload,
    contentTopic: raw.contentTopic,
    timestamp: raw.timestamp === undefined ? undefined : new Date(Number(raw.timestamp / 1_000_000n)),
    rateLimitProof: raw.rateLimitProof,
    ephemeral: raw.ephemeral,
    meta: raw.meta,
    // Unused by the SDK paths we drive (filter dedupes with its own hash, store ignores it);
    // our hash is computed where the message is consumed.
    hash: new Uint8Array(0),
    hashStr: '',
  };
}

/** A decoder for one content topic on one pubsub topic; `pubsubTopic` of results is the message's own. */
export function rawDecoder(pubsubTopic: string, contentTopic: string): IDecoder<RawDecodedMessage> {
  return {
    pubsubTopic,
    contentTopic,
    fromWireToProtoObj: async (bytes) => {
      const message = proto_message.WakuMessage.decode(bytes);
      return {
        payload: message.payload,
        contentTopic: message.contentTopic,
        version: message.version,
        timestamp: message.timestamp,
        meta: message.meta,
        rateLimitProof: message.rateLimitProof,
        ephemeral: message.ephemeral,
      };
    },
    fromProtoObj: async (topic, proto) => decoded(topic || pubsubTopic, toWakuMessage(proto)),
  };
}

// WakuMessage (14/WAKU2-MESSAGE): the type, its validity rules and its deterministic hash.
import type { proto_message } from '@waku/proto';
import { sha256 } from '../crypto/hash.ts';

export type WakuMessage = proto_message.WakuMessage;

/** 14/WAKU2-MESSAGE: meta is at most 64 bytes. */
export const MAX_META_BYTES = 64;

/** The Waku Network's (and our default) cap on an encoded WakuMessage: 150 KiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 150 * 1024;

export const MessageInvalid = {
  EmptyContentTopic: 'empty-content-topic',
  MetaTooLong: 'meta-too-long',
} as const;
export type MessageInvalid = (typeof MessageInvalid)[keyof typeof MessageInvalid];

/** Why a decoded message must not be relayed, or null if it may. */
export function messageInvalidReason(message: WakuMessage): MessageInvalid | null {
  if (message.contentTopic.length === 0) return MessageInvalid.EmptyContentTopic;
  if (message.meta !== undefined && message.meta.length > MAX_META_BYTES) return MessageInvalid.MetaTooLong;
  return null;
}

const encoder = new TextEncoder();

/**
 * Deterministic message hash: sha256(pubsubTopic ‖ payload ‖ contentTopic ‖ meta ‖ timestamp as
 * 8-byte big-endian). Version, ephemeral and the RLN proof are not part of it.
 *
 * The timestamp is always hashed, as 0 when absent, following the spec, nwaku and go-waku.
 * js-waku's messageHash skips a missing/zero timestamp instead; the two agree for every message
 * with a timestamp, which is every message we accept into the store.
 */
export function messageHash(pubsubTopic: string, message: WakuMessage): Uint8Array {
  const timestamp = new Uint8Array(8);
  new DataView(timestamp.buffer).setBigUint64(0, BigInt.asUintN(64, message.timestamp ?? 0n));
  const meta = message.meta !== undefined && message.meta.length > 0 ? [message.meta] : [];
  // OpenSSL's SHA-256: every message we relay, store or receive is hashed, payload included.
  return sha256(encoder.encode(pubsubTopic), message.payload, encoder.encode(message.contentTopic), ...meta, timestamp);
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function messageHashHex(pubsubTopic: string, message: WakuMessage): string {
  return toHex(messageHash(pubsubTopic, message));
}

import { pbkdf2, pbkdf2Sync } from 'node:crypto';
import { CodedError } from '../../shared/coded-error.ts';
import { keccak256, toUint8Array } from '../crypto/hash.ts';
import { decompress } from '../crypto/secp256k1.ts';

/**
 * Status topic strings, the Waku content topics derived from them, and their symmetric keys
 * (status-reference.md §2). The topic string is the filter's chat ID exactly as status-go builds
 * it; case, the "0x" prefix and separators all change the hash, so every string here is built
 * the way status-go's protocol/transport/topic.go, filters_manager.go and communities/community.go
 * build it, and keys come in as bytes (or hex) so callers cannot pass a differently formatted string.
 *
 *   contentTopic(s) = "/waku/1/0x" + hex(keccak256(utf8(s))[0:4]) + "/rfc26"
 *   symmetricKey(s) = PBKDF2-HMAC-SHA256(password = utf8(s), salt = "", 65356 iterations, 32 bytes)
 *
 * 65356 is not a typo for 65536: it is what status-go uses (wakuv2/waku.go).
 */

export const TOPIC_LENGTH = 4;
export const PARTITIONS_COUNT = 5000;
export const DISCOVERY_TOPIC = 'contact-discovery';
export const PBKDF2_ITERATIONS = 65356;
export const SYMMETRIC_KEY_LENGTH = 32;

export type TopicErrorCode = 'INVALID_KEY' | 'INVALID_ARGUMENT';

export class TopicError extends CodedError<TopicErrorCode> {}

/** A secp256k1 public key: 33 or 65 bytes, or their hex with or without "0x". */
export type PublicKeyInput = Uint8Array | string;

const HEX_KEY = /^(?:0x)?([0-9a-f]{66}|[0-9a-f]{130})$/iu;

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** The validated 65-byte uncompressed key. */
function uncompressed(key: PublicKeyInput): Uint8Array {
  let bytes: Uint8Array | undefined;
  if (typeof key === 'string') {
    const digits = HEX_KEY.exec(key)?.[1];
    if (digits !== undefined) bytes = toUint8Array(Buffer.from(digits, 'hex'));
  } else if (key instanceof Uint8Array) {
    bytes = key;
  }
  if (bytes === undefined) {
    throw new TopicError('INVALID_KEY', 'Expected a 33- or 65-byte secp256k1 public key (bytes or hex).');
  }
  try {
    return decompress(bytes);
  } catch (cause) {
    throw new TopicError('INVALID_KEY', 'The public key is not a point on secp256k1.', { cause });
  }
}

function compressedHex(key: PublicKeyInput): string {
  const full = uncompressed(key);
  const prefix = ((full[64] ?? 0) & 1) === 0 ? '02' : '03';
  return prefix + toHex(full.subarray(1, 33));
}

/** "04…" lowercase, 130 hex digits, no "0x": status-go's PublicKeyToStr. */
export function publicKeyHex(key: PublicKeyInput): string {
  return toHex(uncompressed(key));
}

/** `"0x" + HEX + "-contact-code"`: where a user publishes their bundle, identity and status updates. */
export function contactCodeTopic(key: PublicKeyInput): string {
  return `0x${publicKeyHex(key)}-contact-code`;
}

/** `"contact-discovery-" + (X mod 5000)`: the 1:1 inbox of a key (PartitionedTopic). */
export function partitionedTopic(key: PublicKeyInput): string {
  const x = uncompressed(key).subarray(1, 33);
  let partition = 0;
  for (const byte of x) partition = (partition * 256 + byte) % PARTITIONS_COUNT;
  return `${DISCOVERY_TOPIC}-${partition}`;
}

/** `"contact-discovery-" + HEX`: self-addressed traffic (backup, push-notification registration). */
export function personalTopic(key: PublicKeyInput): string {
  return `${DISCOVERY_TOPIC}-${publicKeyHex(key)}`;
}

/**
 * Lowercase hex of the 32-byte ECDH secret between two identity keys. (status-go labels the filter
 * `"0x" + HEX + "-negotiated"`, but the content topic and key come from this hex string.)
 */
export function negotiatedTopic(sharedSecret: Uint8Array): string {
  if (!(sharedSecret instanceof Uint8Array) || sharedSecret.length !== 32) {
    throw new TopicError('INVALID_ARGUMENT', 'A negotiated secret is 32 bytes.');
  }
  return toHex(sharedSecret);
}

/** Legacy public chats: the topic string is the chat name itself, e.g. "status". */
export function publicChatTopic(name: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new TopicError('INVALID_ARGUMENT', 'A public chat name is a non-empty string.');
  }
  return name;
}

/** `"0x02…"/"0x03…"` lowercase: the community ID (Community.IDString), also its description topic. */
export function communityId(communityKey: PublicKeyInput): string {
  return `0x${compressedHex(communityKey)}`;
}

/** The community ID: descriptions, events and rekey messages. */
export function communityDescriptionTopic(communityKey: PublicKeyInput): string {
  return communityId(communityKey);
}

/** `ID + "-memberUpdate"`: the universal channel all newer clients send on. */
export function communityMemberUpdateTopic(communityKey: PublicKeyInput): string {
  return `${communityId(communityKey)}-memberUpdate`;
}

/** `ID + "-shard-info"`: the signed shard announcement, always on shard 64. */
export function communityShardInfoTopic(communityKey: PublicKeyInput): string {
  return `${communityId(communityKey)}-shard-info`;
}

/** `"04…"` uncompressed, no "0x": the control node's ECIES inbox (join requests, leaves). */
export function communityControlTopic(communityKey: PublicKeyInput): string {
  return publicKeyHex(communityKey);
}

/** `ID + "-ping"`: community-scoped status updates (Oct-2024 status-go). */
export function communityPingTopic(communityKey: PublicKeyInput): string {
  return `${communityId(communityKey)}-ping`;
}

/** `ID + "-magnetlinks"`: history archive magnet links (Oct-2024 status-go). */
export function communityMagnetlinksTopic(communityKey: PublicKeyInput): string {
  return `${communityId(communityKey)}-magnetlinks`;
}

/** `ID + channelUUID`, no separator: the legacy per-channel topic, still subscribed for old clients. */
export function communityChannelTopic(communityKey: PublicKeyInput, channelUuid: string): string {
  if (typeof channelUuid !== 'string' || channelUuid === '') {
    throw new TopicError('INVALID_ARGUMENT', 'A channel UUID is a non-empty string.');
  }
  return communityId(communityKey) + channelUuid;
}

function checkTopicString(topic: string): void {
  if (typeof topic !== 'string' || topic === '') {
    throw new TopicError('INVALID_ARGUMENT', 'A topic string is a non-empty string.');
  }
}

/** The 4-byte Whisper-style topic: keccak256(utf8(topic))[0:4] (transport.ToTopic). */
export function topicBytes(topic: string): Uint8Array {
  checkTopicString(topic);
  return keccak256(Buffer.from(topic, 'utf8')).slice(0, TOPIC_LENGTH);
}

/** `/waku/1/0x<8 hex>/rfc26` (23/WAKU2-TOPICS bridging rule, TopicType.ContentTopic). */
export function contentTopic(topic: string): string {
  return `/waku/1/0x${toHex(topicBytes(topic))}/rfc26`;
}

const CONTENT_TOPIC = /^\/waku\/1\/0x([0-9a-f]{8})\/rfc26$/iu;

/** The 4 topic bytes of a `/waku/1/0x…/rfc26` content topic, or undefined for any other content topic. */
export function parseContentTopic(value: string): Uint8Array | undefined {
  const digits = typeof value === 'string' ? CONTENT_TOPIC.exec(value)?.[1] : undefined;
  return digits === undefined ? undefined : toUint8Array(Buffer.from(digits, 'hex'));
}

/**
 * Derived keys, most recently used last. One derivation costs ~10 ms of CPU (9.9 ms measured with
 * node:crypto on a 2-vCPU Xeon VM, Node 22), and a client re-derives the same few hundred topics on
 * every start and every community join, so caching matters; 4096 entries × ~150 bytes is ~600 KB.
 */
const MAX_CACHED_KEYS = 4096;
const keyCache = new Map<string, Uint8Array>();
const pending = new Map<string, Promise<Uint8Array>>();

function cached(topic: string): Uint8Array | undefined {
  const key = keyCache.get(topic);
  if (key !== undefined) {
    keyCache.delete(topic);
    keyCache.set(topic, key);
  }
  return key;
}

function remember(topic: string, key: Uint8Array): void {
  keyCache.set(topic, key);
  if (keyCache.size > MAX_CACHED_KEYS) {
    const oldest = keyCache.keys().next().value;
    if (oldest !== undefined) keyCache.delete(oldest);
  }
}

/** PBKDF2 key of a symmetric topic. Blocks ~10 ms on a cache miss: prefer symmetricKeyAsync on hot paths. */
export function symmetricKey(topic: string): Uint8Array {
  checkTopicString(topic);
  const hit = cached(topic);
  if (hit !== undefined) return hit.slice();
  const key = toUint8Array(
    pbkdf2Sync(Buffer.from(topic, 'utf8'), Buffer.alloc(0), PBKDF2_ITERATIONS, SYMMETRIC_KEY_LENGTH, 'sha256'),
  );
  remember(topic, key);
  return key.slice();
}

/**
 * Same key, derived on libuv's thread pool so the event loop keeps serving relay traffic while a
 * login derives dozens of community keys. Concurrent requests for one topic share one derivation.
 */
export async function symmetricKeyAsync(topic: string): Promise<Uint8Array> {
  checkTopicString(topic);
  const hit = cached(topic);
  if (hit !== undefined) return hit.slice();
  let derivation = pending.get(topic);
  if (derivation === undefined) {
    derivation = new Promise<Uint8Array>((resolve, reject) => {
      pbkdf2(
        Buffer.from(topic, 'utf8'),
        Buffer.alloc(0),
        PBKDF2_ITERATIONS,
        SYMMETRIC_KEY_LENGTH,
        'sha256',
        (error, key) => {
          if (error) reject(error);
          else resolve(toUint8Array(key));
        },
      );
    }).then(
      (key) => {
        pending.delete(topic);
        remember(topic, key);
        return key;
      },
      (error: unknown) => {
        pending.delete(topic);
        throw error;
      },
    );
    pending.set(topic, derivation);
  }
  return (await derivation).slice();
}

/** For tests and memory pressure. */
export function clearSymmetricKeyCache(): void {
  keyCache.clear();
}

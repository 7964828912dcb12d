// Store v3 /vac/waku/store-query/3.0.0 (WAKU2-STORE, waku-org/specs standards/core/store.md):
// StoreQueryRequest{request_id=1, include_data=2, pubsub_topic=10, content_topics=11,
// time_start=12, time_end=13 (sint64 ns), message_hashes=20, pagination_cursor=51,
// pagination_forward=52, pagination_limit=53}
// → StoreQueryResponse{request_id=1, status_code=10, status_desc=11,
//   messages=20: WakuMessageKeyValue{message_hash=1, message=2, pubsub_topic=3}, pagination_cursor=51}.
import { proto_store } from '@waku/proto';
import { accepted, type Decoded, describeError, refused } from '../decoded.ts';
import { MAX_TOPIC_LENGTH } from '../filter/filter-codec.ts';
import { MAX_REQUEST_ID_LENGTH } from '../lightpush/lightpush-codec.ts';
import type { WakuMessage } from '../message.ts';

export const STORE_CODEC = '/vac/waku/store-query/3.0.0';

/** What nwaku answers (waku_store/common.nim ErrorCode); js-waku throws on anything >= 300. */
export const StoreStatus = {
  Ok: 200,
  BadRequest: 400,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
} as const;
export type StoreStatus = (typeof StoreStatus)[keyof typeof StoreStatus];

/** nwaku DefaultPageSize / MaxPageSize (waku_archive/archive.nim); js-waku MAX_PAGE_SIZE is 100 too. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * nwaku's MaxContentTopicsPerQuery is 10 (waku_archive/archive.nim), and status-go never asks
 * for more (maxTopicsPerRequest = 10). js-waku has no limit of its own: one query per decoder set.
 */
export const MAX_CONTENT_TOPICS_PER_QUERY = 10;

/** A lookup may name at most one page worth of hashes. */
export const MAX_HASHES_PER_QUERY = MAX_PAGE_SIZE;

export const MESSAGE_HASH_BYTES = 32;

/** 100 hashes, 10 topics of the longest length, and framing: well under this. */
export const MAX_STORE_REQUEST_BYTES = 32 * 1024;

export interface StoreQuery {
  requestId: string;
  includeData: boolean;
  /** Content filter: null = any pubsub topic (ignored on hash lookups, which js-waku sends it with). */
  pubsubTopic: string | null;
  /** Content filter: empty = any content topic. */
  contentTopics: string[];
  /** Inclusive, unix ns. */
  timeStart: bigint | null;
  /** Exclusive, unix ns. */
  timeEnd: bigint | null;
  /** Non-empty makes this a lookup query. */
  hashes: Uint8Array[];
  /** Exclusive message-hash cursor. */
  cursor: Uint8Array | null;
  forward: boolean;
  pageSize: number;
}

export const StoreReject = {
  Undecodable: 'undecodable',
  RequestIdTooLong: 'request-id-too-long',
  TooManyContentTopics: 'too-many-content-topics',
  TooManyHashes: 'too-many-hashes',
  TopicTooLong: 'topic-too-long',
  /** Hashes together with content topics or a time range (the spec says to refuse it). */
  MixedQuery: 'mixed-query',
  /** Content topics need their pubsub topic. */
  ContentTopicsWithoutPubsubTopic: 'content-topics-without-pubsub-topic',
  BadHash: 'bad-hash',
  BadCursor: 'bad-cursor',
  BadTimeRange: 'bad-time-range',
} as const;
export type StoreReject = (typeof StoreReject)[keyof typeof StoreReject];

const ZERO_HASH = new Uint8Array(MESSAGE_HASH_BYTES);

function isHash(bytes: Uint8Array): boolean {
  return bytes.length === MESSAGE_HASH_BYTES && !Buffer.from(bytes).equals(ZERO_HASH);
}

/** Decodes and checks a query; never throws. Page size is clamped (spec: the server's max wins). */
export function decodeStoreQuery(bytes: Uint8Array): Decoded<StoreQuery, StoreReject> {
  let rpc: proto_store.StoreQueryRequest;
  try {
    rpc = proto_store.StoreQueryRequest.decode(bytes, {
      limits: { contentTopics: MAX_CONTENT_TOPICS_PER_QUERY, messageHashes: MAX_HASHES_PER_QUERY },
    });
  } catch (error) {
    const message = describeError(error);
    if ((error as { name?: string }).name === 'MaxLengthError') {
      return refused(
        message.includes('messageHashes') ? StoreReject.TooManyHashes : StoreReject.TooManyContentTopics,
        message,
      );
    }
    return refused(StoreReject.Undecodable, message);
  }
  if (rpc.requestId.length > MAX_REQUEST_ID_LENGTH) return refused(StoreReject.RequestIdTooLong);
  const pubsubTopic = rpc.pubsubTopic === undefined || rpc.pubsubTopic === '' ? null : rpc.pubsubTopic;
  const contentTopics = [...new Set(rpc.contentTopics)];
  if ((pubsubTopic?.length ?? 0) > MAX_TOPIC_LENGTH || contentTopics.some((topic) => topic.length > MAX_TOPIC_LENGTH))
    return refused(StoreReject.TopicTooLong);
  const timeStart = rpc.timeStart ?? null;
  const timeEnd = rpc.timeEnd ?? null;
  const hashes = rpc.messageHashes;
  if (hashes.length > 0) {
    if (contentTopics.length > 0 || timeStart !== null || timeEnd !== null) return refused(StoreReject.MixedQuery);
    if (!hashes.every(isHash)) return refused(StoreReject.BadHash);
  } else {
    if (contentTopics.length > 0 && pubsubTopic === null) return refused(StoreReject.ContentTopicsWithoutPubsubTopic);
    if (timeStart !== null && timeEnd !== null && timeStart > timeEnd) return refused(StoreReject.BadTimeRange);
  }
  const cursor = rpc.paginationCursor === undefined || rpc.paginationCursor.length === 0 ? null : rpc.paginationCursor;
  if (cursor !== null && !isHash(cursor)) return refused(StoreReject.BadCursor);
  const limit = rpc.paginationLimit ?? 0n;
  const pageSize = limit <= 0n ? DEFAULT_PAGE_SIZE : limit >= BigInt(MAX_PAGE_SIZE) ? MAX_PAGE_SIZE : Number(limit);
  return accepted({
    requestId: rpc.requestId,
    includeData: rpc.includeData,
    pubsubTopic: hashes.length > 0 ? null : pubsubTopic,
    contentTopics,
    timeStart,
    timeEnd,
    hashes: [...new Map(hashes.map((hash) => [Buffer.from(hash).toString('hex'), hash])).values()],
    cursor,
    forward: rpc.paginationForward,
    pageSize,
  });
}

/** The request id of a query we refuse, for echoing; '' when there is none worth echoing. */
export function salvageStoreRequestId(bytes: Uint8Array): string {
  try {
    const id = proto_store.StoreQueryRequest.decode(bytes).requestId;
    return id.length <= MAX_REQUEST_ID_LENGTH ? id : '';
  } catch {
    return '';
  }
}

export interface StoreEntry {
  hash: Uint8Array;
  /** Present iff the query asked for data; then the pubsub topic is present too (spec: both or neither). */
  data?: { pubsubTopic: string; message: WakuMessage };
}

export interface StoreResponse {
  requestId: string;
  status: StoreStatus;
  description: string;
  entries: StoreEntry[];
  /** Set when more entries match than the page holds. */
  cursor: Uint8Array | null;
}

export function encodeStoreResponse(response: StoreResponse): Uint8Array {
  return proto_store.StoreQueryResponse.encode({
    requestId: response.requestId,
    statusCode: response.status,
    statusDesc: response.description,
    messages: response.entries.map((entry) =>
      entry.data === undefined
        ? { messageHash: entry.hash }
        : { messageHash: entry.hash, message: entry.data.message, pubsubTopic: entry.data.pubsubTopic },
    ),
    ...(response.cursor === null ? {} : { paginationCursor: response.cursor }),
  });
}

/** Client side (tests, tools). */
export function encodeStoreQuery(query: Partial<StoreQuery> & { requestId: string }): Uint8Array {
  return proto_store.StoreQueryRequest.encode({
    requestId: query.requestId,
    includeData: query.includeData ?? true,
    ...(query.pubsubTopic ? { pubsubTopic: query.pubsubTopic } : {}),
    contentTopics: query.contentTopics ?? [],
    ...(query.timeStart === undefined || query.timeStart === null ? {} : { timeStart: query.timeStart }),
    ...(query.timeEnd === undefined || query.timeEnd === null ? {} : { timeEnd: query.timeEnd }),
    messageHashes: query.hashes ?? [],
    ...(query.cursor ? { paginationCursor: query.cursor } : {}),
    paginationForward: query.forward ?? true,
    ...(query.pageSize === undefined ? {} : { paginationLimit: BigInt(query.pageSize) }),
  });
}

export function decodeStoreResponse(bytes: Uint8Array): Decoded<proto_store.StoreQueryResponse, 'undecodable'> {
  try {
    return accepted(proto_store.StoreQueryResponse.decode(bytes));
  } catch (error) {
    return refused('undecodable', describeError(error));
  }
}

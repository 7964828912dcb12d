// Filter v2 (12/WAKU2-FILTER), both protocols:
// - /vac/waku/filter-subscribe/2.0.0-beta1, client → us, one request per stream:
//   FilterSubscribeRequest{request_id=1, filter_subscribe_type=2, pubsub_topic=10, content_topics=11}
//   → FilterSubscribeResponse{request_id=1, status_code=10, status_desc=11};
// - /vac/waku/filter-push/2.0.0-beta1, us → client, one long-lived stream per subscriber:
//   a sequence of MessagePush{waku_message=1, pubsub_topic=2} frames, never answered.
import { proto_filter_v2 } from '@waku/proto';
import { accepted, type Decoded, describeError, refused } from '../decoded.ts';
import { MAX_REQUEST_ID_LENGTH } from '../lightpush/lightpush-codec.ts';
import type { WakuMessage } from '../message.ts';

export const FILTER_SUBSCRIBE_CODEC = '/vac/waku/filter-subscribe/2.0.0-beta1';
export const FILTER_PUSH_CODEC = '/vac/waku/filter-push/2.0.0-beta1';

/** Wire values of FilterSubscribeRequest.FilterSubscribeType. */
export const FilterRequestType = {
  SubscriberPing: 0,
  Subscribe: 1,
  Unsubscribe: 2,
  UnsubscribeAll: 3,
} as const;
export type FilterRequestType = (typeof FilterRequestType)[keyof typeof FilterRequestType];

/** nwaku's FilterSubscribeErrorKind plus 200 and 429 (waku_filter_v2/common.nim, rate_limit). */
export const FilterStatus = {
  Ok: 200,
  BadRequest: 400,
  NotFound: 404,
  TooManyRequests: 429,
  ServiceUnavailable: 503,
} as const;
export type FilterStatus = (typeof FilterStatus)[keyof typeof FilterStatus];

/** nwaku MaxContentTopicsPerRequest (waku_filter_v2/protocol.nim). */
export const MAX_CONTENT_TOPICS_PER_REQUEST = 100;

/** A content or pubsub topic longer than this is not a topic anybody uses (Status's are < 100). */
export const MAX_TOPIC_LENGTH = 1024;

/**
 * Cap on a subscribe request, checked on the length prefix: 100 content topics of the maximum
 * length plus framing. nwaku allows 1.5 MiB here; nothing legitimate comes close to this cap.
 */
export const MAX_FILTER_REQUEST_BYTES = MAX_CONTENT_TOPICS_PER_REQUEST * (MAX_TOPIC_LENGTH + 4) + 4 * 1024;

const WIRE_TYPES: Record<string, FilterRequestType> = {
  SUBSCRIBER_PING: FilterRequestType.SubscriberPing,
  SUBSCRIBE: FilterRequestType.Subscribe,
  UNSUBSCRIBE: FilterRequestType.Unsubscribe,
  UNSUBSCRIBE_ALL: FilterRequestType.UnsubscribeAll,
};

const WireType = proto_filter_v2.FilterSubscribeRequest.FilterSubscribeType;
const TYPE_NAMES: Record<FilterRequestType, proto_filter_v2.FilterSubscribeRequest.FilterSubscribeType> = {
  [FilterRequestType.SubscriberPing]: WireType.SUBSCRIBER_PING,
  [FilterRequestType.Subscribe]: WireType.SUBSCRIBE,
  [FilterRequestType.Unsubscribe]: WireType.UNSUBSCRIBE,
  [FilterRequestType.UnsubscribeAll]: WireType.UNSUBSCRIBE_ALL,
};

export interface FilterRequest {
  requestId: string;
  type: FilterRequestType;
  /** Empty for ping and unsubscribe-all (js-waku sends "" there). */
  pubsubTopic: string;
  contentTopics: string[];
}

export const FilterReject = {
  Undecodable: 'undecodable',
  TooManyContentTopics: 'too-many-content-topics',
  RequestIdTooLong: 'request-id-too-long',
  TopicTooLong: 'topic-too-long',
  /** Subscribe/unsubscribe need both a pubsub topic and at least one content topic. */
  MissingTopics: 'missing-topics',
} as const;
export type FilterReject = (typeof FilterReject)[keyof typeof FilterReject];

/** Decodes and checks the shape of a request; never throws. Policy (served shards...) is the service's. */
export function decodeFilterRequest(bytes: Uint8Array): Decoded<FilterRequest, FilterReject> {
  let rpc: proto_filter_v2.FilterSubscribeRequest;
  try {
    rpc = proto_filter_v2.FilterSubscribeRequest.decode(bytes, {
      limits: { contentTopics: MAX_CONTENT_TOPICS_PER_REQUEST },
    });
  } catch (error) {
    const tooMany = (error as { name?: string }).name === 'MaxLengthError';
    return refused(tooMany ? FilterReject.TooManyContentTopics : FilterReject.Undecodable, describeError(error));
  }
  const type = WIRE_TYPES[rpc.filterSubscribeType];
  if (type === undefined) return refused(FilterReject.Undecodable, 'unknown request type');
  if (rpc.requestId.length > MAX_REQUEST_ID_LENGTH) return refused(FilterReject.RequestIdTooLong);
  const pubsubTopic = rpc.pubsubTopic ?? '';
  if (pubsubTopic.length > MAX_TOPIC_LENGTH || rpc.contentTopics.some((topic) => topic.length > MAX_TOPIC_LENGTH))
    return refused(FilterReject.TopicTooLong);
  if (
    (type === FilterRequestType.Subscribe || type === FilterRequestType.Unsubscribe) &&
    (pubsubTopic.length === 0 || rpc.contentTopics.length === 0 || rpc.contentTopics.some((topic) => topic === ''))
  )
    return refused(FilterReject.MissingTopics);
  return accepted({ requestId: rpc.requestId, type, pubsubTopic, contentTopics: [...new Set(rpc.contentTopics)] });
}

/** The request id of a request we refuse, for echoing; '' when there is none worth echoing. */
export function salvageFilterRequestId(bytes: Uint8Array): string {
  try {
    const id = proto_filter_v2.FilterSubscribeRequest.decode(bytes).requestId;
    return id.length <= MAX_REQUEST_ID_LENGTH ? id : '';
  } catch {
    return '';
  }
}

export interface FilterResponse {
  requestId: string;
  status: FilterStatus;
  description: string;
}

export function encodeFilterResponse(response: FilterResponse): Uint8Array {
  return proto_filter_v2.FilterSubscribeResponse.encode({
    requestId: response.requestId,
    statusCode: response.status,
    statusDesc: response.description,
  });
}

export function encodeFilterRequest(request: FilterRequest): Uint8Array {
  const filterSubscribeType = TYPE_NAMES[request.type];
  return proto_filter_v2.FilterSubscribeRequest.encode({
    requestId: request.requestId,
    filterSubscribeType,
    pubsubTopic: request.pubsubTopic,
    contentTopics: request.contentTopics,
  });
}

export function decodeFilterResponse(
  bytes: Uint8Array,
): Decoded<proto_filter_v2.FilterSubscribeResponse, 'undecodable'> {
  try {
    return accepted(proto_filter_v2.FilterSubscribeResponse.decode(bytes));
  } catch (error) {
    return refused('undecodable', describeError(error));
  }
}

export interface FilterPush {
  pubsubTopic: string;
  message: WakuMessage;
}

export function encodeFilterPush(push: FilterPush): Uint8Array {
  return proto_filter_v2.MessagePush.encode({ wakuMessage: push.message, pubsubTopic: push.pubsubTopic });
}

/** Subscriber side (tests, benchmarks): js-waku drops a push without message or topic, so do we. */
export function decodeFilterPush(bytes: Uint8Array): Decoded<FilterPush, 'undecodable' | 'incomplete'> {
  let push: proto_filter_v2.MessagePush;
  try {
    push = proto_filter_v2.MessagePush.decode(bytes);
  } catch (error) {
    return refused('undecodable', describeError(error));
  }
  if (push.wakuMessage === undefined || push.pubsubTopic === undefined || push.pubsubTopic === '')
    return refused('incomplete');
  return accepted({ pubsubTopic: push.pubsubTopic, message: push.wakuMessage });
}

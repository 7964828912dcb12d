// Lightpush, both wire versions a js-waku client may use:
// - v3 /vac/waku/lightpush/3.0.0: LightPushRequest{request_id=1, pubsub_topic=20, message=21}
//   → LightPushResponse{request_id=1, status_code=10, status_desc=11, relay_peer_count=12};
// - v2 /vac/waku/lightpush/2.0.0-beta1: PushRpc{request_id, request{pubsub_topic, message}}
//   → PushRpc{request_id, response{is_success, info}} (19/WAKU2-LIGHTPUSH).
import { proto_lightpush } from '@waku/proto';
import { accepted, type Decoded, describeError, refused } from '../decoded.ts';
import type { WakuMessage } from '../message.ts';

export const LIGHTPUSH_V3_CODEC = '/vac/waku/lightpush/3.0.0';
export const LIGHTPUSH_V2_CODEC = '/vac/waku/lightpush/2.0.0-beta1';

/** The values of @waku/interfaces' LightPushStatusCode (what js-waku and nwaku send). */
export const LightPushStatus = {
  Success: 200,
  BadRequest: 400,
  PayloadTooLarge: 413,
  InvalidMessage: 420,
  UnsupportedTopic: 421,
  TooManyRequests: 429,
  InternalError: 500,
  Unavailable: 503,
  NoRlnProof: 504,
  NoPeers: 505,
} as const;
export type LightPushStatus = (typeof LightPushStatus)[keyof typeof LightPushStatus];

/** Request ids are uuid v4 strings; anything much longer is not worth echoing back. */
export const MAX_REQUEST_ID_LENGTH = 128;

/** Bytes a request carries around its message: request id, pubsub topic, protobuf tags. */
export const LIGHTPUSH_FRAME_OVERHEAD_BYTES = 4 * 1024;

export interface LightPushRequest {
  requestId: string;
  pubsubTopic: string;
  message: WakuMessage;
}

export const LightPushReject = {
  Undecodable: 'undecodable',
  NotARequest: 'not-a-request',
  MissingMessage: 'missing-message',
  MissingPubsubTopic: 'missing-pubsub-topic',
  RequestIdTooLong: 'request-id-too-long',
} as const;
export type LightPushReject = (typeof LightPushReject)[keyof typeof LightPushReject];

function checkRequest(
  requestId: string,
  pubsubTopic: string | undefined,
  message: WakuMessage | undefined,
): Decoded<LightPushRequest, LightPushReject> {
  if (requestId.length > MAX_REQUEST_ID_LENGTH) return refused(LightPushReject.RequestIdTooLong);
  if (message === undefined) return refused(LightPushReject.MissingMessage);
  // No autosharding on cluster 16: without a pubsub topic we cannot know the shard.
  if (pubsubTopic === undefined || pubsubTopic.length === 0) return refused(LightPushReject.MissingPubsubTopic);
  return accepted({ requestId, pubsubTopic, message });
}

export function decodeLightPushV3Request(bytes: Uint8Array): Decoded<LightPushRequest, LightPushReject> {
  let rpc: proto_lightpush.LightPushRequestV3;
  try {
    rpc = proto_lightpush.LightPushRequestV3.decode(bytes);
  } catch (error) {
    return refused(LightPushReject.Undecodable, describeError(error));
  }
  return checkRequest(rpc.requestId, rpc.pubsubTopic, rpc.message);
}

export function decodeLightPushV2Request(bytes: Uint8Array): Decoded<LightPushRequest, LightPushReject> {
  let rpc: proto_lightpush.PushRpc;
  try {
    rpc = proto_lightpush.PushRpc.decode(bytes);
  } catch (error) {
    return refused(LightPushReject.Undecodable, describeError(error));
  }
  if (rpc.request === undefined) return refused(LightPushReject.NotARequest);
  return checkRequest(rpc.requestId, rpc.request.pubsubTopic, rpc.request.message);
}

/** The request id of a request we could not fully accept, for echoing in the answer. */
export function salvageRequestId(bytes: Uint8Array, version: 'v2' | 'v3'): string {
  try {
    const id =
      version === 'v3'
        ? proto_lightpush.LightPushRequestV3.decode(bytes).requestId
        : proto_lightpush.PushRpc.decode(bytes).requestId;
    return id.length <= MAX_REQUEST_ID_LENGTH ? id : '';
  } catch {
    return '';
  }
}

export interface LightPushResult {
  requestId: string;
  status: LightPushStatus;
  description: string;
  relayPeerCount?: number;
}

export function encodeLightPushV3Response(result: LightPushResult): Uint8Array {
  return proto_lightpush.LightPushResponseV3.encode({
    requestId: result.requestId,
    statusCode: result.status,
    statusDesc: result.description,
    ...(result.relayPeerCount === undefined ? {} : { relayPeerCount: result.relayPeerCount }),
  });
}

/** v2 only knows success or not; the reason travels in `info` ("<code> <description>"). */
export function encodeLightPushV2Response(result: LightPushResult): Uint8Array {
  const isSuccess = result.status === LightPushStatus.Success;
  return proto_lightpush.PushRpc.encode({
    requestId: result.requestId,
    response: { isSuccess, info: isSuccess ? 'OK' : `${result.status} ${result.description}` },
  });
}

export function encodeLightPushV3Request(request: LightPushRequest): Uint8Array {
  return proto_lightpush.LightPushRequestV3.encode(request);
}

export function encodeLightPushV2Request(request: LightPushRequest): Uint8Array {
  return proto_lightpush.PushRpc.encode({
    requestId: request.requestId,
    request: { pubsubTopic: request.pubsubTopic, message: request.message },
  });
}

export function decodeLightPushV3Response(
  bytes: Uint8Array,
): Decoded<proto_lightpush.LightPushResponseV3, 'undecodable'> {
  try {
    return accepted(proto_lightpush.LightPushResponseV3.decode(bytes));
  } catch (error) {
    return refused('undecodable', describeError(error));
  }
}

export function decodeLightPushV2Response(
  bytes: Uint8Array,
): Decoded<proto_lightpush.PushResponse, 'undecodable' | 'no-response'> {
  try {
    const rpc = proto_lightpush.PushRpc.decode(bytes);
    return rpc.response === undefined ? refused('no-response') : accepted(rpc.response);
  } catch (error) {
    return refused('undecodable', describeError(error));
  }
}

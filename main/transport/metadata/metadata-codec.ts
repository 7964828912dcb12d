// /vac/waku/metadata/1.0.0 (66/WAKU2-METADATA): both sides send {cluster_id, shards} and
// answer with their own. Request and response have the same shape on the wire.
import { proto_metadata } from '@waku/proto';
import { accepted, type Decoded, describeError, refused } from '../decoded.ts';
import { isValidShard, SHARDS_PER_CLUSTER } from '../sharding.ts';

export const METADATA_CODEC = '/vac/waku/metadata/1.0.0';

/** 1024 shards as varints plus framing fit comfortably. */
export const MAX_METADATA_BYTES = 8 * 1024;

export interface ShardInfo {
  /** Absent when the peer did not say (old or light clients). */
  clusterId: number | null;
  shards: number[];
}

export const MetadataReject = {
  Undecodable: 'undecodable',
  TooManyShards: 'too-many-shards',
  InvalidShard: 'invalid-shard',
} as const;
export type MetadataReject = (typeof MetadataReject)[keyof typeof MetadataReject];

function decodeShardInfo(bytes: Uint8Array): Decoded<ShardInfo, MetadataReject> {
  let decoded: proto_metadata.WakuMetadataRequest;
  try {
    decoded = proto_metadata.WakuMetadataRequest.decode(bytes, { limits: { shards: SHARDS_PER_CLUSTER } });
  } catch (error) {
    const tooMany = (error as { name?: string }).name === 'MaxLengthError';
    return refused(tooMany ? MetadataReject.TooManyShards : MetadataReject.Undecodable, describeError(error));
  }
  if (!decoded.shards.every(isValidShard)) return refused(MetadataReject.InvalidShard);
  return accepted({ clusterId: decoded.clusterId ?? null, shards: [...new Set(decoded.shards)].sort((a, b) => a - b) });
}

export const decodeMetadataRequest = decodeShardInfo;
export const decodeMetadataResponse = decodeShardInfo;

export function encodeMetadataRequest(info: { clusterId: number; shards: readonly number[] }): Uint8Array {
  return proto_metadata.WakuMetadataRequest.encode({ clusterId: info.clusterId, shards: [...info.shards] });
}

export function encodeMetadataResponse(info: { clusterId: number; shards: readonly number[] }): Uint8Array {
  return proto_metadata.WakuMetadataResponse.encode({ clusterId: info.clusterId, shards: [...info.shards] });
}

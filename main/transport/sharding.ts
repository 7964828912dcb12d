// Static sharding on the Status cluster: which pubsub topic each functional scope of the
// Status app protocols uses, and strict parsing of `/waku/2/rs/<cluster>/<shard>` topics.
// Sources are in shared/docs/status-reference.md §3 (RFC 51/relay-sharding, status-go
// protocol/common/shard/shard.go, status-app-protocols).

/** "Status main net" in the static shard allocation (§3.1). 17 and 18 are Status too, unused here. */
export const STATUS_CLUSTER_ID = 16;

/** Static sharding has 1024 shards per cluster (§3.1). */
export const SHARDS_PER_CLUSTER = 1024;

/**
 * Shard per functional scope (status-app-protocols names five scopes; §3.3).
 *
 * - globalContent 32: status-go's DefaultShardIndex. 1:1, group chats, contact codes, status
 *   updates and backup all live here, and so does a community without its own shard (§3.2).
 * - globalControl 32: the spec wants separate control and content topics, but status-go sends
 *   contact requests and other global control traffic on 32 as well; a different shard would
 *   make us deaf to real Status clients. Kept as its own constant so it can move later.
 * - communityControl 64: status-go's NonProtectedShardIndex (join requests/responses, kicks,
 *   COMMUNITY_PUBLIC_SHARD_INFO, always 64). Newer status-go is migrating this to 32, so a robust
 *   full node serves both (§3.2, §7.4).
 * - community: the owner-chosen shard of a community (0–1023), 32 when the description has none.
 * - selfAddressed 33 and largeMessages 34: Status has no values for these (status-go keeps self
 *   messages on 32, unsubscribed topics are not a thing there). Ours: adjacent to the default,
 *   outside the prod fleet's advertised set [1, 32, 64, 128, 256], so Status fleet relays never
 *   carry them by accident. Self-addressed traffic is published by lightpush only and read back
 *   by store queries: a node must never subscribe to it in relay (§3.3).
 */
export const StatusShard = {
  globalControl: 32,
  globalContent: 32,
  communityControl: 64,
  defaultCommunity: 32,
  selfAddressed: 33,
  largeMessages: 34,
} as const;

export const Scope = {
  GlobalControl: 'global-control',
  GlobalContent: 'global-content',
  CommunityControl: 'community-control',
  Community: 'community',
  SelfAddressed: 'self-addressed',
  LargeMessages: 'large-messages',
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];

/** The shards a full node relays by default: the two global ones, never the self-addressed one. */
export const DEFAULT_RELAY_SHARDS: readonly number[] = [StatusShard.globalContent, StatusShard.communityControl];

/** Shards that must never be subscribed in relay (publish by lightpush, read by store). */
export const NEVER_SUBSCRIBED_SHARDS: ReadonlySet<number> = new Set([StatusShard.selfAddressed]);

export function isValidShard(shard: number): boolean {
  return Number.isInteger(shard) && shard >= 0 && shard < SHARDS_PER_CLUSTER;
}

export function isValidClusterId(clusterId: number): boolean {
  // Cluster ids are uint16 on the wire (ENR `rs`) and uint32 in metadata; accept the narrower.
  return Number.isInteger(clusterId) && clusterId >= 0 && clusterId <= 0xffff;
}

/** The shard a scope maps to; `communityShard` is the community description's shard index, if any. */
export function shardForScope(scope: Scope, communityShard?: number | null): number {
  switch (scope) {
    case Scope.GlobalControl:
      return StatusShard.globalControl;
    case Scope.GlobalContent:
      return StatusShard.globalContent;
    case Scope.CommunityControl:
      return StatusShard.communityControl;
    case Scope.SelfAddressed:
      return StatusShard.selfAddressed;
    case Scope.LargeMessages:
      return StatusShard.largeMessages;
    case Scope.Community:
      if (communityShard === undefined || communityShard === null) return StatusShard.defaultCommunity;
      if (!isValidShard(communityShard)) throw new RangeError(`community shard ${communityShard} is not in 0..1023`);
      return communityShard;
  }
}

export function pubsubTopicForShard(shard: number, clusterId: number = STATUS_CLUSTER_ID): string {
  if (!isValidShard(shard)) throw new RangeError(`shard ${shard} is not in 0..1023`);
  if (!isValidClusterId(clusterId)) throw new RangeError(`cluster id ${clusterId} is not a uint16`);
  return `/waku/2/rs/${clusterId}/${shard}`;
}

export function pubsubTopicForScope(scope: Scope, communityShard?: number | null): string {
  return pubsubTopicForShard(shardForScope(scope, communityShard));
}

export interface StaticShard {
  clusterId: number;
  shard: number;
}

// Canonical decimal only: no leading zeros, signs or spaces, so one shard has one topic string
// (gossipsub compares topics as strings).
const STATIC_SHARD_TOPIC = /^\/waku\/2\/rs\/(0|[1-9][0-9]{0,4})\/(0|[1-9][0-9]{0,3})$/;

/** Parses a static-shard pubsub topic; null for anything else (named/auto sharding, garbage). */
export function parsePubsubTopic(topic: string): StaticShard | null {
  const match = STATIC_SHARD_TOPIC.exec(topic);
  if (!match) return null;
  const clusterId = Number(match[1]);
  const shard = Number(match[2]);
  if (!isValidClusterId(clusterId) || !isValidShard(shard)) return null;
  return { clusterId, shard };
}

/** The shard of `topic` if it is a static shard of `clusterId`, else null. */
export function shardOfTopic(topic: string, clusterId: number = STATUS_CLUSTER_ID): number | null {
  const parsed = parsePubsubTopic(topic);
  return parsed !== null && parsed.clusterId === clusterId ? parsed.shard : null;
}

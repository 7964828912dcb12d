import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  DEFAULT_RELAY_SHARDS,
  NEVER_SUBSCRIBED_SHARDS,
  parsePubsubTopic,
  pubsubTopicForScope,
  pubsubTopicForShard,
  Scope,
  STATUS_CLUSTER_ID,
  StatusShard,
  shardForScope,
  shardOfTopic,
} from '../../../main/transport/sharding.ts';

test('scopes map to the Status shards on cluster 16', () => {
  assert.equal(STATUS_CLUSTER_ID, 16);
  assert.equal(pubsubTopicForScope(Scope.GlobalContent), '/waku/2/rs/16/32');
  assert.equal(pubsubTopicForScope(Scope.GlobalControl), '/waku/2/rs/16/32');
  assert.equal(pubsubTopicForScope(Scope.CommunityControl), '/waku/2/rs/16/64');
  assert.equal(pubsubTopicForScope(Scope.Community), '/waku/2/rs/16/32', 'a community without a shard uses 32');
  assert.equal(pubsubTopicForScope(Scope.Community, 128), '/waku/2/rs/16/128');
  assert.equal(pubsubTopicForScope(Scope.SelfAddressed), `/waku/2/rs/16/${StatusShard.selfAddressed}`);
  assert.equal(shardForScope(Scope.LargeMessages), StatusShard.largeMessages);
});

test('the self-addressed shard is dedicated and never in the default relay set', () => {
  const others = [StatusShard.globalContent, StatusShard.communityControl, StatusShard.largeMessages];
  assert.ok(!others.includes(StatusShard.selfAddressed as never));
  assert.ok(NEVER_SUBSCRIBED_SHARDS.has(StatusShard.selfAddressed));
  assert.ok(!DEFAULT_RELAY_SHARDS.includes(StatusShard.selfAddressed));
  assert.deepEqual([...DEFAULT_RELAY_SHARDS], [32, 64]);
});

test('invalid shards and clusters are refused', () => {
  assert.throws(() => shardForScope(Scope.Community, 1024), RangeError);
  assert.throws(() => shardForScope(Scope.Community, -1), RangeError);
  assert.throws(() => pubsubTopicForShard(1.5), RangeError);
  assert.throws(() => pubsubTopicForShard(1, 70_000), RangeError);
});

test('parses only canonical static-shard topics', () => {
  assert.deepEqual(parsePubsubTopic('/waku/2/rs/16/32'), { clusterId: 16, shard: 32 });
  assert.deepEqual(parsePubsubTopic('/waku/2/rs/0/0'), { clusterId: 0, shard: 0 });
  assert.deepEqual(parsePubsubTopic('/waku/2/rs/16/1023'), { clusterId: 16, shard: 1023 });
  for (const bad of [
    '/waku/2/rs/16/1024',
    '/waku/2/rs/16/032',
    '/waku/2/rs/16/-1',
    '/waku/2/rs/16/32/',
    '/waku/2/rs/16',
    '/waku/2/default-waku/proto',
    ' /waku/2/rs/16/32',
    '/waku/2/rs/99999/1',
    '',
  ]) {
    assert.equal(parsePubsubTopic(bad), null, bad);
  }
  assert.equal(shardOfTopic('/waku/2/rs/16/64'), 64);
  assert.equal(shardOfTopic('/waku/2/rs/1/64'), null, 'another cluster');
});

test('topic strings round-trip for every shard and never throw on garbage', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1023 }), fc.integer({ min: 0, max: 0xffff }), (shard, cluster) => {
      assert.deepEqual(parsePubsubTopic(pubsubTopicForShard(shard, cluster)), { clusterId: cluster, shard });
    }),
  );
  fc.assert(
    fc.property(fc.string(), (text) => {
      const parsed = parsePubsubTopic(text);
      if (parsed !== null) assert.equal(pubsubTopicForShard(parsed.shard, parsed.clusterId), text);
    }),
  );
});

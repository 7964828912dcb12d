import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PEER_ACTIVITY_WINDOW_MS, PeerActivity } from '../../../main/transport/peer-activity.ts';

test('counts distinct peers, touching again does not double count', () => {
  const activity = new PeerActivity({ now: () => 0 });
  activity.touch('a');
  activity.touch('b');
  activity.touch('a');
  assert.equal(activity.count(), 2);
});

test('a peer drops out once its last use is older than the window; a touch renews it', () => {
  let now = 0;
  const activity = new PeerActivity({ now: () => now });
  assert.equal(activity.windowMs, PEER_ACTIVITY_WINDOW_MS);
  activity.touch('a');
  now = 60_000;
  activity.touch('b');
  now = PEER_ACTIVITY_WINDOW_MS;
  assert.equal(activity.count(), 2, 'exactly 10 minutes is still within');
  activity.touch('a');
  now = PEER_ACTIVITY_WINDOW_MS + 60_001;
  assert.equal(activity.count(), 1, 'b expired, a was renewed');
  now = 2 * PEER_ACTIVITY_WINDOW_MS + 1;
  assert.equal(activity.count(), 0);
  assert.equal(activity.size, 0, 'expired entries are removed, not just skipped');
});

test('bounded: beyond maxPeers the least recently used peer is evicted', () => {
  let now = 0;
  const activity = new PeerActivity({ maxPeers: 3, now: () => now });
  for (const peer of ['a', 'b', 'c']) {
    activity.touch(peer);
    now += 1;
  }
  activity.touch('a');
  activity.touch('d');
  assert.equal(activity.size, 3);
  assert.equal(activity.count(), 3);
  // b was the least recently used: touching it again makes it new, evicting c.
  activity.touch('b');
  activity.touch('e');
  assert.equal(activity.size, 3);
  for (let i = 0; i < 1_000; i += 1) activity.touch(`flood-${i}`);
  assert.equal(activity.size, 3, 'a flood of peers never grows the map');
});

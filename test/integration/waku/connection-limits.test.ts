// The per-IP cap: one host cannot take more than its share of our connection slots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestNode, tcpAddress } from '../../helpers/waku.ts';

test('inbound connections beyond maxConnectionsPerIp are refused and counted', async (t) => {
  const guarded = await startTestNode({ maxConnectionsPerIp: 1 });
  const [first, second] = await Promise.all([startTestNode(), startTestNode()]);
  t.after(() => Promise.all([guarded.close(), first.close(), second.close()]));
  await first.node.dial(tcpAddress(guarded.node));
  await assert.rejects(second.node.dial(tcpAddress(guarded.node)));
  assert.equal(guarded.node.stats().refusedConnectionsPerIp, 1);
  assert.deepEqual(
    (await guarded.node.peers()).map((peer) => peer.id),
    [first.node.peerId.toString()],
  );
});

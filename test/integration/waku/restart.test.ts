// The peer id lives in the data directory: a restarted node is the same peer at the same address.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PEER_KEY_FILE } from '../../../main/transport/peer-key.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { startTestNode, tcpAddress } from '../../helpers/waku.ts';

test('a restart keeps the peer id, and peers reach it at the old multiaddr', async (t) => {
  const { dir, cleanup } = tempDir('wsd-waku-restart-');
  t.after(cleanup);
  const first = await startTestNode({ dataDir: dir });
  const peerId = first.node.peerId.toString();
  const address = tcpAddress(first.node);
  const port = Number(address.split('/tcp/')[1]?.split('/')[0]);
  await first.close();
  assert.equal(fs.statSync(path.join(dir, PEER_KEY_FILE)).mode & 0o777, 0o600);

  const second = await startTestNode({ dataDir: dir, tcpPort: port });
  const other = await startTestNode();
  try {
    assert.equal(second.node.peerId.toString(), peerId);
    assert.equal(tcpAddress(second.node), address);
    // Noise verifies the remote key against /p2p/<id>: the dial succeeds only if it is the same peer.
    await other.node.dial(address);
    assert.deepEqual(
      (await other.node.peers()).map((peer) => peer.id),
      [peerId],
    );
  } finally {
    await Promise.all([second.close(), other.close()]);
  }
});

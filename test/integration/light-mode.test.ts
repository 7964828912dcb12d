// The same core in light mode: a headless node with --light uses a full headless node as its
// service peer instead of relaying.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type HeadlessProcess, startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { eventually } from '../helpers/wait.ts';

const nodes: HeadlessProcess[] = [];
const dirs: Array<{ dir: string; cleanup: () => void }> = [];

before(async () => {
  dirs.push(tempDir(), tempDir());
  nodes.push(await startHeadlessProcess(dirs[0]?.dir ?? ''));
});

after(async () => {
  for (const node of nodes) node.child.kill('SIGTERM');
  await Promise.all(nodes.map((node) => node.exited));
  for (const { cleanup } of dirs) cleanup();
});

test('a light node reaches readiness through its service peer and reports light mode', async () => {
  const service = nodes[0] as HeadlessProcess;
  const address = service.ready.listenAddresses[0] ?? '';
  const light = await startHeadlessProcess(dirs[1]?.dir ?? '', ['--light', '--static-node', address]);
  nodes.push(light);
  assert.deepEqual(light.ready.listenAddresses, [], 'a light node listens nowhere');
  const client = await light.connect();
  const info = await client.call('node.info');
  assert.equal(info.mode, 'light');
  const stats = await eventually(async () => {
    const s = await client.call('node.stats');
    return s.peers >= 1 ? s : undefined;
  }, 15_000, 'the service peer to be ready');
  assert.equal(stats.mode, 'light');
  const peers = await client.call('node.peers');
  assert.ok(peers.some((peer) => peer.id === service.ready.peerId && peer.shards?.includes(32)));
  client.close();
});

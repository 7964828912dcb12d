// Relay across processes: our node here, one in a child process (test/fixtures/waku-node-process.ts),
// linked once over TCP and once over WebSocket, messages flowing both ways.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { tempDir } from '../../helpers/temp-dir.ts';
import {
  GLOBAL_TOPIC,
  type NodeProcess,
  nextMessage,
  payloadText,
  startNodeProcess,
  startTestNode,
  type TestNode,
  tcpAddress,
  testMessage,
  waitForMeshPeer,
  wsAddress,
} from '../../helpers/waku.ts';

for (const transport of ['tcp', 'ws'] as const) {
  describe(`relay with a node in another process over ${transport}`, () => {
    let local: TestNode;
    let remote: NodeProcess;
    const { dir, cleanup } = tempDir('wsd-waku-proc-');

    after(async () => {
      await remote?.stop();
      await local?.close();
      cleanup();
    });

    test('the child dials us as a static peer and both meshes form', async () => {
      local = await startTestNode();
      const address = transport === 'tcp' ? tcpAddress(local.node) : wsAddress(local.node);
      const began = performance.now();
      remote = await startNodeProcess(['--data-dir', dir, '--static-peer', address]);
      assert.match(remote.ready.peerId, /^16Uiu2/);
      assert.ok(remote.ready.listenAddresses.every((text) => text.endsWith(`/p2p/${remote.ready.peerId}`)));
      await waitForMeshPeer(local.node, GLOBAL_TOPIC, remote.ready.peerId, 15_000);
      console.log(`${transport}: child process start → in our mesh: ${(performance.now() - began).toFixed(0)} ms`);
    });

    test('messages flow both ways', async () => {
      const toRemote = remote.nextLine((line) => line.event === 'message' && line.payload === `to child ${transport}`);
      const sent = await local.node.publish(GLOBAL_TOPIC, testMessage(`to child ${transport}`));
      assert.ok(sent.ok && sent.recipients === 1);
      const line = await toRemote;
      assert.equal(line.hashHex, Buffer.from(sent.hash).toString('hex'));

      const fromRemote = nextMessage(local.node, (m) => payloadText(m.message) === `from child ${transport}`);
      // The child may not have us in its own mesh yet; its publish floods to topic peers anyway.
      remote.send({ publish: `from child ${transport}` });
      const published = await remote.nextLine((l) => l.event === 'published');
      assert.equal(published.recipients, 1);
      const got = await fromRemote;
      assert.equal(got.from, remote.ready.peerId);
    });

    test('cross-process latency', async () => {
      const samples: number[] = [];
      for (let index = 0; index < 30; index += 1) {
        const tag = `lat ${transport} ${index}`;
        const arrived = remote.nextLine((line) => line.event === 'message' && line.payload === tag);
        const began = performance.now();
        await local.node.publish(GLOBAL_TOPIC, testMessage(tag));
        await arrived;
        samples.push(performance.now() - began);
      }
      samples.sort((x, y) => x - y);
      const p50 = samples[15] ?? Number.NaN;
      console.log(
        `${transport}: publish → child stdout line, p50 ${p50.toFixed(2)} ms, max ${samples.at(-1)?.toFixed(2)} ms`,
      );
      assert.ok(p50 < 200);
    });
  });
}

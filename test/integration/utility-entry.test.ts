// The core's Electron entry, run in a worker thread that mimics a utility process: main
// hands it one MessagePort per window and asks it to shut down on quit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { MessageChannel, Worker } from 'node:worker_threads';
import { CoreToHost, HostToCore } from '../../main/core/host-messages.ts';
import { DataFile } from '../../main/storage/data-dir.ts';
import type { Api } from '../../shared/api.ts';
import { RpcClient } from '../../shared/rpc/client.ts';
import { channelFromDomPort, type DomMessagePortLike } from '../../shared/rpc/transports/message-port.ts';
import { LOOPBACK_WAKU } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { withTimeout } from '../helpers/wait.ts';

const WORKER = new URL('../fixtures/utility-process-worker.ts', import.meta.url);

test('the utility-process core serves each window over its own port and shuts down cleanly', async () => {
  const { dir, cleanup } = tempDir();
  const worker = new Worker(WORKER, { argv: ['--data-dir', dir, ...LOOPBACK_WAKU], env: { ...process.env, LOG_LEVEL: 'warn' } });
  try {
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    const ready = await withTimeout(
      new Promise<{ type: string }>((resolve) => worker.on('message', resolve)),
      10_000,
      'the core to report ready',
    );
    assert.equal(ready.type, CoreToHost.Ready);

    const windows = [new MessageChannel(), new MessageChannel()];
    const clients = windows.map(({ port1, port2 }) => {
      worker.postMessage({ data: { type: HostToCore.Connect }, ports: [port1] }, [port1]);
      return new RpcClient<Api>(channelFromDomPort(port2 as unknown as DomMessagePortLike), { timeoutMs: 5000 });
    });
    const [a, b] = clients;
    assert.ok(a && b);
    await a.call('prefs.set', { key: 'shared', value: 1 });
    assert.deepEqual((await b.call('prefs.get', { key: 'shared' }))?.value, 1);
    assert.equal((await b.call('node.status')).rpcSessions, 2);

    const closed = Promise.all(clients.map((client) => new Promise((resolve) => client.onClose(resolve))));
    worker.postMessage({ data: { type: HostToCore.Shutdown } });
    assert.equal(await withTimeout(exited, 10_000, 'the core to exit'), 0);
    await withTimeout(closed, 5000, 'windows to see the core go');
    assert.equal(fs.existsSync(path.join(dir, DataFile.Lock)), false);
  } finally {
    await worker.terminate();
    cleanup();
  }
});

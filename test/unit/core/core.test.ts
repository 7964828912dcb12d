import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Core } from '../../../main/core/core.ts';
import { createLogger } from '../../../main/core/log.ts';
import { DataFile } from '../../../main/storage/data-dir.ts';
import { coreMigrations } from '../../../main/storage/schema/core-migrations.ts';
import { StorageError, StorageErrorCode } from '../../../main/storage/errors.ts';
import type { Api, NodeStatus } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { nextMatching } from '../../helpers/wait.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const silent = createLogger({ level: 'silent' });

function makeCore(options: { statusIntervalMs?: number } = {}) {
  const core = new Core({ dataDir: dir, appVersion: '9.9.9', log: silent, ...options });
  const [coreEnd, clientEnd] = createChannelPair();
  core.attach(coreEnd);
  return { core, client: new RpcClient<Api>(clientEnd, { timeoutMs: 5000 }) };
}

const statusEvents = (client: RpcClient<Api>) => (listener: (status: NodeStatus) => void) =>
  client.on('node.statusChanged', listener);

describe('core', () => {
  test('a session attached before start sees the core come up, then uses it', async () => {
    const { core, client } = makeCore();
    await assert.rejects(client.call('prefs.list'), (error: { code: number }) => error.code === RpcErrorCode.Unavailable);
    const running = nextMatching(statusEvents(client), (s) => s.state === 'running', 5000, 'running');
    await core.start();
    await running;
    const info = await client.call('node.info');
    assert.equal(info.appVersion, '9.9.9');
    assert.equal(info.dataDir, path.resolve(dir));
    assert.equal(info.schemaVersion, coreMigrations.length);
    assert.equal(info.mode, 'full');
    const status = await client.call('node.status');
    assert.equal(status.state, 'running');
    assert.equal(status.rpcSessions, 1);
    assert.ok(status.databaseBytes > 0);
    await core.stop();
  });

  test('preferences persist across restarts', async () => {
    const first = makeCore();
    await first.core.start();
    const saved = await first.client.call('prefs.set', { key: 'ui.theme', value: { mode: 'dark', accent: 3 } });
    assert.deepEqual(saved.value, { mode: 'dark', accent: 3 });
    await first.core.stop();

    const second = makeCore();
    await second.core.start();
    const pref = await second.client.call('prefs.get', { key: 'ui.theme' });
    assert.deepEqual(pref?.value, { mode: 'dark', accent: 3 });
    assert.equal(await second.client.call('prefs.get', { key: 'missing' }), null);
    assert.deepEqual(
      (await second.client.call('prefs.list')).map((p) => p.key),
      ['ui.theme'],
    );
    await second.core.stop();
  });

  test('status is pushed periodically while running', async () => {
    const { core, client } = makeCore({ statusIntervalMs: 20 });
    await core.start();
    const ticks: NodeStatus[] = [];
    await nextMatching<NodeStatus>(
      (listener) => client.on('node.statusChanged', listener),
      (status) => ticks.push(status) >= 3,
      5000,
      'three status pushes',
    );
    assert.ok(ticks.every((s) => s.state === 'running'));
    await core.stop();
  });

  test('stop tells sessions, closes them, releases the data dir; stop twice is fine', async () => {
    const { core, client } = makeCore();
    await core.start();
    const stopping = nextMatching(statusEvents(client), (s) => s.state === 'stopping', 5000, 'stopping');
    const closed = new Promise((resolve) => client.onClose(resolve));
    await Promise.all([core.stop(), core.stop()]);
    await stopping;
    await closed;
    assert.equal(core.state, 'stopped');
    assert.equal(fs.existsSync(path.join(dir, DataFile.Lock)), false);
    // The database was checkpointed: no WAL left behind.
    assert.equal(fs.existsSync(path.join(dir, `${DataFile.Database}-wal`)), false);
  });

  test('a second core on the same data directory is refused while the first runs', async () => {
    const first = makeCore();
    await first.core.start();
    const second = new Core({ dataDir: dir, appVersion: '1', log: silent });
    // Same process, so simulate another holder by the lock's pid check on a live foreign pid.
    fs.writeFileSync(path.join(dir, DataFile.Lock), String(process.ppid));
    await assert.rejects(
      second.start(),
      (error: unknown) => error instanceof StorageError && error.code === StorageErrorCode.Locked,
    );
    await first.core.stop();
  });

  test('a wrong database key file fails the start cleanly and frees the lock', async () => {
    const first = makeCore();
    await first.core.start();
    await first.core.stop();
    fs.writeFileSync(path.join(dir, DataFile.DatabaseKey), 'ab'.repeat(32));
    const second = new Core({ dataDir: dir, appVersion: '1', log: silent });
    await assert.rejects(
      second.start(),
      (error: unknown) => error instanceof StorageError && error.code === StorageErrorCode.WrongKey,
    );
    assert.equal(fs.existsSync(path.join(dir, DataFile.Lock)), false);
  });
});

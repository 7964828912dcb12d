// CoreHost: runs the core in a utility process, hands out ports, restarts it with back-off
// when it dies unexpectedly, and shuts it down cleanly (or kills it) on quit.
import { EventEmitter } from 'node:events';
import assert from 'node:assert/strict';
import { beforeEach, describe, it, mock, type TestContext } from 'node:test';

class FakeChild extends EventEmitter {
  readonly entry: string;
  readonly args: readonly string[];
  readonly options: unknown;
  readonly posted: Array<{ message: unknown; transfer: unknown[] | undefined }> = [];
  kills = 0;

  constructor(entry: string, args: readonly string[], options: unknown) {
    super();
    this.entry = entry;
    this.args = args;
    this.options = options;
  }

  postMessage(message: unknown, transfer?: unknown[]): void {
    this.posted.push({ message, transfer });
  }

  kill(): boolean {
    this.kills += 1;
    return true;
  }
}

class FakeMessageChannelMain {
  static instances: FakeMessageChannelMain[] = [];
  readonly port1 = { name: 'port1', id: FakeMessageChannelMain.instances.length };
  readonly port2 = { name: 'port2', id: FakeMessageChannelMain.instances.length };
  constructor() {
    FakeMessageChannelMain.instances.push(this);
  }
}

const forks: FakeChild[] = [];
const fakeUtilityProcess = {
  fork: (entry: string, args: readonly string[], options: unknown) => {
    const child = new FakeChild(entry, args, options);
    forks.push(child);
    return child;
  },
};

mock.module('electron', {
  namedExports: { utilityProcess: fakeUtilityProcess, MessageChannelMain: FakeMessageChannelMain },
});
const { CoreHost } = await import('../../../main/electron/core-host.ts');
type CoreHostOptions = ConstructorParameters<typeof CoreHost>[0];

const ENTRY = '/opt/app/build/main/core/utility-entry.js';
const DATA_DIR = '/home/u/.config/Waku Status Desktop/core';

function lastChild(): FakeChild {
  const child = forks.at(-1);
  assert.ok(child, 'a child must have been forked');
  return child;
}

/** Lets pending promise reactions run (setImmediate is not among the mocked timers). */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function newHost(t: TestContext, options: Partial<CoreHostOptions> = {}) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const onRestart = mock.fn();
  const onFatal = mock.fn((_message: string) => {});
  const host = new CoreHost({ entry: ENTRY, dataDir: DATA_DIR, onRestart, onFatal, ...options });
  return { host, onRestart, onFatal };
}

function tracked(promise: Promise<void>): { settled: () => boolean; promise: Promise<void> } {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  return { settled: () => done, promise };
}

describe('CoreHost', () => {
  beforeEach(() => {
    forks.length = 0;
    FakeMessageChannelMain.instances.length = 0;
  });

  describe('start', () => {
    it('forks the entry with --data-dir <dir>', (t) => {
      const { host } = newHost(t);
      assert.equal(host.running, false);
      host.start();
      assert.equal(forks.length, 1);
      assert.equal(lastChild().entry, ENTRY);
      assert.deepEqual(lastChild().args, ['--data-dir', DATA_DIR]);
      assert.equal(host.running, true);
    });

    it('does not call onRestart for the first start', (t) => {
      const { host, onRestart } = newHost(t);
      host.start();
      assert.equal(onRestart.mock.callCount(), 0);
    });
  });

  describe('connect', () => {
    it('returns undefined before start, creating no channel', (t) => {
      const { host } = newHost(t);
      assert.equal(host.connect(), undefined);
      assert.equal(FakeMessageChannelMain.instances.length, 0);
    });

    it('posts {type:"connect"} with port1 to the child and returns port2', (t) => {
      const { host } = newHost(t);
      host.start();
      const port = host.connect();
      assert.equal(FakeMessageChannelMain.instances.length, 1);
      const channel = FakeMessageChannelMain.instances[0];
      assert.ok(channel);
      assert.equal(port, channel.port2);
      assert.equal(lastChild().posted.length, 1);
      assert.deepEqual(lastChild().posted[0]?.message, { type: 'connect' });
      const transfer = lastChild().posted[0]?.transfer;
      assert.ok(transfer);
      assert.equal(transfer.length, 1);
      assert.equal(transfer[0], channel.port1);
    });

    it('creates a fresh channel for every call', (t) => {
      const { host } = newHost(t);
      host.start();
      const first = host.connect();
      const second = host.connect();
      assert.notEqual(first, second);
      assert.equal(FakeMessageChannelMain.instances.length, 2);
      assert.equal(lastChild().posted.length, 2);
    });

    it('returns undefined while the core is down between exit and restart', (t) => {
      const { host } = newHost(t, { backoffMs: [100] });
      host.start();
      lastChild().emit('exit', 1);
      assert.equal(host.running, false);
      assert.equal(host.connect(), undefined);
    });

    it('talks to the new child after a restart', (t) => {
      const { host } = newHost(t, { backoffMs: [1] });
      host.start();
      const first = lastChild();
      first.emit('exit', 1);
      t.mock.timers.tick(1);
      const second = lastChild();
      assert.notEqual(first, second);
      assert.ok(host.connect());
      assert.equal(first.posted.length, 0);
      assert.deepEqual(second.posted[0]?.message, { type: 'connect' });
    });
  });

  describe('restart with back-off', () => {
    it('restarts after the first back-off delay and calls onRestart', (t) => {
      const { host, onRestart, onFatal } = newHost(t, { backoffMs: [100, 200] });
      host.start();
      lastChild().emit('exit', 1);
      assert.equal(forks.length, 1, 'no immediate restart');
      t.mock.timers.tick(99);
      assert.equal(forks.length, 1);
      assert.equal(onRestart.mock.callCount(), 0);
      t.mock.timers.tick(1);
      assert.equal(forks.length, 2);
      assert.deepEqual(lastChild().args, ['--data-dir', DATA_DIR]);
      assert.equal(host.running, true);
      assert.equal(onRestart.mock.callCount(), 1);
      assert.equal(onFatal.mock.callCount(), 0);
    });

    it('calls onRestart after the new child is running, so it can connect at once', (t) => {
      let portInOnRestart: unknown;
      const { host } = newHost(t, {
        backoffMs: [1],
        onRestart: () => {
          portInOnRestart = host.connect();
        },
      });
      host.start();
      lastChild().emit('exit', 1);
      t.mock.timers.tick(1);
      assert.ok(portInOnRestart, 'connect() inside onRestart must return a port');
    });

    it('uses the next delay for each consecutive crash', (t) => {
      const { host, onRestart } = newHost(t, { backoffMs: [100, 200] });
      host.start();
      lastChild().emit('exit', 1);
      t.mock.timers.tick(100);
      assert.equal(forks.length, 2);
      lastChild().emit('exit', 1);
      t.mock.timers.tick(199);
      assert.equal(forks.length, 2);
      t.mock.timers.tick(1);
      assert.equal(forks.length, 3);
      assert.equal(onRestart.mock.callCount(), 2);
    });

    it('gives up after the back-off list is exhausted: onFatal, no more forks', (t) => {
      const { host, onRestart, onFatal } = newHost(t, { backoffMs: [1, 1] });
      host.start();
      lastChild().emit('exit', 3);
      t.mock.timers.tick(1);
      lastChild().emit('exit', 3);
      t.mock.timers.tick(1);
      assert.equal(forks.length, 3);
      assert.equal(onFatal.mock.callCount(), 0);
      lastChild().emit('exit', 3);
      assert.equal(onFatal.mock.callCount(), 1);
      const message = onFatal.mock.calls[0]?.arguments[0];
      assert.match(String(message), /code 3/);
      assert.match(String(message), /2 times/);
      t.mock.timers.tick(60_000);
      assert.equal(forks.length, 3, 'no fork after giving up');
      assert.equal(onRestart.mock.callCount(), 2);
      assert.equal(host.running, false);
      assert.equal(host.connect(), undefined);
    });

    it('with an empty back-off list it never restarts', (t) => {
      const { host, onFatal } = newHost(t, { backoffMs: [] });
      host.start();
      lastChild().emit('exit', 1);
      t.mock.timers.tick(60_000);
      assert.equal(forks.length, 1);
      assert.equal(onFatal.mock.callCount(), 1);
    });

    it('a ready message resets the restart count', (t) => {
      const { host, onFatal } = newHost(t, { backoffMs: [1] });
      host.start();
      lastChild().emit('exit', 1);
      t.mock.timers.tick(1);
      assert.equal(forks.length, 2);
      lastChild().emit('message', { type: 'ready' });
      lastChild().emit('exit', 1);
      t.mock.timers.tick(1);
      assert.equal(forks.length, 3, 'restarted again after a successful start');
      assert.equal(onFatal.mock.callCount(), 0);
      // Without another ready the single back-off step is now used up.
      lastChild().emit('exit', 1);
      t.mock.timers.tick(1);
      assert.equal(forks.length, 3);
      assert.equal(onFatal.mock.callCount(), 1);
    });

    it('a ready message restarts the back-off from its first delay', (t) => {
      const { host } = newHost(t, { backoffMs: [10, 1000] });
      host.start();
      lastChild().emit('exit', 1);
      t.mock.timers.tick(10);
      lastChild().emit('message', { type: 'ready' });
      lastChild().emit('exit', 1);
      t.mock.timers.tick(10);
      assert.equal(forks.length, 3, 'the short first delay applies again');
    });

    it('ignores unrelated or malformed messages', (t) => {
      const { host, onFatal } = newHost(t, { backoffMs: [1] });
      host.start();
      for (const message of [null, undefined, 'ready', 42, {}, { type: 'READY' }, { type: 'log' }]) {
        lastChild().emit('message', message);
      }
      assert.equal(onFatal.mock.callCount(), 0);
      lastChild().emit('exit', 1);
      t.mock.timers.tick(1);
      lastChild().emit('exit', 1);
      assert.equal(onFatal.mock.callCount(), 1, 'none of them counted as ready');
    });

    it('reports a failed message through onFatal', (t) => {
      const { host, onFatal } = newHost(t);
      host.start();
      lastChild().emit('message', { type: 'failed', message: 'database is locked' });
      assert.equal(onFatal.mock.callCount(), 1);
      assert.equal(onFatal.mock.calls[0]?.arguments[0], 'database is locked');
    });

    it('uses a default back-off starting at 500 ms when none is given', (t) => {
      const { host } = newHost(t);
      host.start();
      lastChild().emit('exit', 1);
      t.mock.timers.tick(499);
      assert.equal(forks.length, 1);
      t.mock.timers.tick(1);
      assert.equal(forks.length, 2);
    });

    it('works without onRestart / onFatal callbacks', (t) => {
      t.mock.timers.enable({ apis: ['setTimeout'] });
      const host = new CoreHost({ entry: ENTRY, dataDir: DATA_DIR, backoffMs: [1] });
      host.start();
      lastChild().emit('exit', 1);
      t.mock.timers.tick(1);
      lastChild().emit('exit', 1);
      t.mock.timers.tick(1);
      assert.equal(forks.length, 2);
    });

    it('does not restart a core that reported it cannot start, and reports it once', (t) => {
      t.mock.timers.enable({ apis: ['setTimeout'] });
      const fatal: string[] = [];
      const host = new CoreHost({ entry: ENTRY, dataDir: DATA_DIR, backoffMs: [1, 1, 1], onFatal: (m) => fatal.push(m) });
      host.start();
      lastChild().emit('message', { type: 'failed', message: 'database key is wrong' });
      lastChild().emit('exit', 1);
      t.mock.timers.tick(10);
      assert.equal(forks.length, 1);
      assert.deepEqual(fatal, ['database key is wrong']);
    });
  });

  describe('stop', () => {
    it('posts {type:"shutdown"} and resolves when the child exits', async (t) => {
      const { host } = newHost(t, { backoffMs: [1] });
      host.start();
      const child = lastChild();
      const stopping = tracked(host.stop());
      assert.deepEqual(
        child.posted.map((p) => p.message),
        [{ type: 'shutdown' }],
      );
      await flush();
      assert.equal(stopping.settled(), false, 'must wait for the child to exit');
      child.emit('exit', 0);
      await stopping.promise;
      assert.equal(child.kills, 0);
      assert.equal(host.running, false);
    });

    it('does not restart the core after a clean stop', async (t) => {
      const { host, onRestart, onFatal } = newHost(t, { backoffMs: [1, 1] });
      host.start();
      const stopping = host.stop();
      lastChild().emit('exit', 0);
      await stopping;
      t.mock.timers.tick(60_000);
      assert.equal(forks.length, 1);
      assert.equal(onRestart.mock.callCount(), 0);
      assert.equal(onFatal.mock.callCount(), 0);
    });

    it('kills the child if it does not exit within shutdownTimeoutMs', async (t) => {
      const { host, onRestart } = newHost(t, { backoffMs: [1], shutdownTimeoutMs: 50 });
      host.start();
      const child = lastChild();
      const stopping = tracked(host.stop());
      t.mock.timers.tick(49);
      await flush();
      assert.equal(child.kills, 0);
      assert.equal(stopping.settled(), false);
      t.mock.timers.tick(1);
      assert.equal(child.kills, 1);
      await stopping.promise;
      // The killed child's exit arrives later: still no restart.
      child.emit('exit', null);
      t.mock.timers.tick(60_000);
      assert.equal(forks.length, 1);
      assert.equal(onRestart.mock.callCount(), 0);
    });

    it('waits 5 s by default before killing', async (t) => {
      const { host } = newHost(t);
      host.start();
      const child = lastChild();
      const stopping = host.stop();
      t.mock.timers.tick(4999);
      assert.equal(child.kills, 0);
      t.mock.timers.tick(1);
      assert.equal(child.kills, 1);
      await stopping;
    });

    it('does not kill a child that exited in time', async (t) => {
      const { host } = newHost(t, { shutdownTimeoutMs: 50 });
      host.start();
      const child = lastChild();
      const stopping = host.stop();
      child.emit('exit', 0);
      await stopping;
      t.mock.timers.tick(1000);
      assert.equal(child.kills, 0);
    });

    it('cancels a pending restart when stopped during the back-off', async (t) => {
      const { host, onRestart } = newHost(t, { backoffMs: [100] });
      host.start();
      lastChild().emit('exit', 1);
      await host.stop();
      t.mock.timers.tick(100);
      assert.equal(forks.length, 1, 'no fork after stop()');
      assert.equal(onRestart.mock.callCount(), 0);
      assert.equal(host.running, false);
    });

    it('resolves at once when the core was never started', async (t) => {
      const { host } = newHost(t);
      await host.stop();
      assert.equal(forks.length, 0);
    });

    it('refuses new connections after the core has stopped', async (t) => {
      const { host } = newHost(t);
      host.start();
      const stopping = host.stop();
      lastChild().emit('exit', 0);
      await stopping;
      assert.equal(host.connect(), undefined);
    });
  });
});

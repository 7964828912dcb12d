// Which mode a core starts in (launcher flag vs the choice saved by node.setMode), and what
// node.setMode refuses.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Core } from '../../../main/core/core.ts';
import { parseNodeArgs, UsageError } from '../../../main/core/core-args.ts';
import { createLogger } from '../../../main/core/log.ts';
import {
  DEFAULT_NETWORK,
  lightModeProblem,
  type NetworkSettings,
  NODE_MODE_PREF,
  resolveStartMode,
} from '../../../main/core/network.ts';
import type { Api } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { RpcError, RpcErrorCode } from '../../../shared/rpc/protocol.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const PEER = '/ip4/127.0.0.1/tcp/60000/p2p/16Uiu2HAmAUdrQ3uwzuE4Gy4D56hX6uLKEeerJAnhKEHZ3DxF1EfT';
const LOOPBACK: NetworkSettings = {
  ...DEFAULT_NETWORK,
  host: '127.0.0.1',
  tcpPort: 0,
  wsPort: null,
  discovery: false,
  staticPeers: [],
};

describe('start mode precedence', () => {
  const withPeer: NetworkSettings = { ...LOOPBACK, staticPeers: [PEER] };

  test('an explicit flag wins over the saved choice', () => {
    assert.deepEqual(resolveStartMode({ ...withPeer, mode: 'full' }, true, 'light'), { mode: 'full', source: 'flag' });
    assert.deepEqual(resolveStartMode({ ...withPeer, mode: 'light' }, true, 'full'), { mode: 'light', source: 'flag' });
  });

  test('without a flag the saved choice applies, else the default', () => {
    assert.deepEqual(resolveStartMode(withPeer, false, 'light'), { mode: 'light', source: 'saved' });
    assert.deepEqual(resolveStartMode({ ...withPeer, mode: 'light' }, false, 'full'), {
      mode: 'full',
      source: 'saved',
    });
    assert.deepEqual(resolveStartMode(withPeer, false, undefined), { mode: 'full', source: 'default' });
    assert.deepEqual(resolveStartMode(withPeer, false, 'bogus'), { mode: 'full', source: 'default' });
  });

  test('a saved light choice that can find no service peer falls back, saying why', () => {
    const start = resolveStartMode(LOOPBACK, false, 'light');
    assert.equal(start.mode, 'full');
    assert.match(start.problem ?? '', /needs a service peer/);
    assert.equal(lightModeProblem({ ...LOOPBACK, discovery: true }), null, 'discovery may find one');
  });

  test('--light and --full mark the mode explicit; neither leaves it to the saved choice', () => {
    assert.equal(parseNodeArgs(['--data-dir', 'd', '--full'], {})?.explicitMode, true);
    assert.equal(parseNodeArgs(['--data-dir', 'd', '--full'], {})?.network.mode, 'full');
    const light = parseNodeArgs(['--data-dir', 'd', '--light', '--static-node', PEER], {});
    assert.equal(light?.explicitMode, true);
    assert.equal(light?.network.mode, 'light');
    assert.equal(parseNodeArgs(['--data-dir', 'd'], {})?.explicitMode, undefined);
    assert.throws(() => parseNodeArgs(['--data-dir', 'd', '--light', '--full', '--static-node', PEER], {}), UsageError);
  });
});

describe('Core with a saved mode', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());
  const silent = createLogger({ level: 'silent' });

  async function startCore(settings: NetworkSettings, explicitMode: boolean) {
    const core = new Core({ dataDir: dir, appVersion: '1', log: silent, network: settings, explicitMode });
    await core.start();
    const [coreEnd, clientEnd] = createChannelPair();
    core.attach(coreEnd);
    return { core, client: new RpcClient<Api>(clientEnd, { timeoutMs: 10_000 }) };
  }

  test('node.setMode saves the choice; the saved full beats a non-explicit light default', async () => {
    const first = await startCore(LOOPBACK, false);
    try {
      assert.equal((await first.client.call('node.setMode', { mode: 'full' })).mode, 'full');
      assert.equal(first.core.services?.prefs.get(NODE_MODE_PREF)?.value, 'full');
      // No static peer, no discovery: light could never work, and nothing changes.
      await assert.rejects(
        first.client.call('node.setMode', { mode: 'light' }),
        (error: unknown) =>
          error instanceof RpcError &&
          error.code === RpcErrorCode.Conflict &&
          /needs a service peer/.test(error.message),
      );
      assert.equal((await first.client.call('node.info')).mode, 'full');
      assert.ok(first.core.services?.network?.full, 'the full node still runs');
    } finally {
      await first.core.stop();
    }
    // A launcher default of light (not explicit) yields to the saved full.
    const second = await startCore({ ...LOOPBACK, mode: 'light', staticPeers: [PEER] }, false);
    try {
      assert.equal(second.core.info().mode, 'full');
    } finally {
      await second.core.stop();
    }
  });

  test('an offline core refuses to switch', async () => {
    const core = new Core({ dataDir: dir, appVersion: '1', log: silent });
    await core.start();
    try {
      await assert.rejects(core.setMode('light'), (error: unknown) => {
        return error instanceof RpcError && error.code === RpcErrorCode.Unavailable;
      });
    } finally {
      await core.stop();
    }
  });
});

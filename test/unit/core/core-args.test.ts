import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNodeArgs, UsageError } from '../../../main/core/core-args.ts';
import { DEFAULT_NETWORK } from '../../../main/core/network.ts';

const PEER = '/ip4/127.0.0.1/tcp/60000/p2p/16Uiu2HAmAUdrQ3uwzuE4Gy4D56hX6uLKEeerJAnhKEHZ3DxF1EfT';

test('parses the documented flags', () => {
  assert.deepEqual(
    parseNodeArgs(
      [
        '--data-dir',
        'd',
        '--rpc-port',
        '0',
        '--rest-port',
        '8645',
        '--log-level',
        'debug',
        '--tcp-port',
        '0',
        '--ws-port',
        '0',
        '--host',
        '127.0.0.1',
        '--static-node',
        PEER,
        '--static-node',
        PEER,
        '--no-discovery',
        '--cluster-id',
        '16',
        '--shard',
        '32',
        '--shard',
        '128',
      ],
      {},
    ),
    {
      dataDir: 'd',
      rpcPort: 0,
      restPort: 8645,
      logLevel: 'debug',
      network: {
        mode: 'full',
        host: '127.0.0.1',
        tcpPort: 0,
        wsPort: 0,
        clusterId: 16,
        shards: [32, 128],
        staticPeers: [PEER, PEER],
        discovery: false,
      },
    },
  );
  assert.deepEqual(parseNodeArgs(['--data-dir=d'], { LOG_LEVEL: 'warn' }), {
    dataDir: 'd',
    logLevel: 'warn',
    network: DEFAULT_NETWORK,
  });
  assert.equal(parseNodeArgs(['--data-dir', 'd', '--light', '--static-node', PEER], {})?.network.mode, 'light');
  assert.equal(parseNodeArgs(['--help'], {}), null);
});

test('unknown flags, missing data dir and bad values are usage errors', () => {
  const bad = [
    ['--data-dir', 'd', '--bogus'],
    [],
    ['--data-dir', 'd', '--rpc-port', '70000'],
    ['--data-dir', 'd', '--rpc-port', '-1'],
    ['--data-dir', 'd', '--rpc-port', 'abc'],
    ['--data-dir', 'd', '--rest-port', ''],
    ['--data-dir', 'd', '--log-level', 'loud'],
    ['--data-dir', 'd', 'positional'],
    ['--data-dir'],
    ['--data-dir', 'd', '--shard', '1024'],
    ['--data-dir', 'd', '--cluster-id', 'x'],
    ['--data-dir', 'd', '--host', 'localhost'],
    ['--data-dir', 'd', '--host', '300.1.1.1'],
    ['--data-dir', 'd', '--static-node', '/ip4/127.0.0.1/tcp/1'],
    ['--data-dir', 'd', '--static-node', 'garbage'],
    ['--data-dir', 'd', '--light'],
  ];
  for (const argv of bad) assert.throws(() => parseNodeArgs(argv, {}), UsageError, argv.join(' '));
});

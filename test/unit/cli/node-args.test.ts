import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNodeArgs, UsageError } from '../../../main/cli/node-args.ts';

test('parses the documented flags', () => {
  assert.deepEqual(parseNodeArgs(['--data-dir', 'd', '--rpc-port', '0', '--rest-port', '8645', '--log-level', 'debug'], {}), {
    dataDir: 'd',
    rpcPort: 0,
    restPort: 8645,
    logLevel: 'debug',
  });
  assert.deepEqual(parseNodeArgs(['--data-dir=d'], { LOG_LEVEL: 'warn' }), { dataDir: 'd', logLevel: 'warn' });
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
  ];
  for (const argv of bad) assert.throws(() => parseNodeArgs(argv, {}), UsageError, argv.join(' '));
});

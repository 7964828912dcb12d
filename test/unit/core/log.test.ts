import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, REDACTED, redactFields } from '../../../main/core/log.ts';

test('secret-looking fields are redacted, others kept', () => {
  const fields = redactFields({
    token: 'abc',
    rpcToken: 'abc',
    password: 'p',
    mnemonic: 'm',
    privateKey: 'k',
    key: 'k',
    dbKey: 'k',
    seed: 's',
    count: 3,
    keyboard: 'us',
    dataDir: '/x',
  });
  for (const name of ['token', 'rpcToken', 'password', 'mnemonic', 'privateKey', 'key', 'dbKey', 'seed']) {
    assert.equal(fields[name], REDACTED, name);
  }
  assert.equal(fields.count, 3);
  assert.equal(fields.keyboard, 'us');
  assert.equal(fields.dataDir, '/x');
});

test('lines below the threshold are dropped; scope and fields are printed', () => {
  const lines: string[] = [];
  const log = createLogger({ level: 'warn', write: (line) => lines.push(line), now: () => new Date(0) });
  log.info('hidden');
  log.child('rpc').warn('refused', { reason: 'parse', token: 'abc' });
  assert.deepEqual(lines, ['1970-01-01T00:00:00.000Z WARN  [rpc] refused {"reason":"parse","token":"[redacted]"}']);
});

test('unserialisable fields do not throw', () => {
  const lines: string[] = [];
  const log = createLogger({ write: (line) => lines.push(line) });
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  log.error('x', { cyclic, big: 10n });
  assert.match(lines[0] ?? '', /unserialisable/);
});

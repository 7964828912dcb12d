import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  DataFile,
  ensureDataDir,
  loadOrCreateHexSecret,
  lockDataDir,
  writeSecretFile,
} from '../../../main/storage/data-dir.ts';
import { StorageError, StorageErrorCode } from '../../../main/storage/errors.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { withTimeout } from '../../helpers/wait.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('data directory', () => {
  test('is created owner-only', () => {
    const created = ensureDataDir(path.join(dir, 'a', 'b'));
    assert.equal(fs.statSync(created).mode & 0o777, 0o700);
  });

  test('secrets are created once, 0600, and read back identically', () => {
    const file = path.join(dir, 'secret');
    const first = loadOrCreateHexSecret(file, 32);
    assert.equal(first.length, 32);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(loadOrCreateHexSecret(file, 32), first);
    assert.deepEqual(
      fs.readdirSync(dir).filter((name) => name.endsWith('.tmp')),
      [],
    );
  });

  test('a malformed secret file is refused rather than silently replaced', () => {
    const file = path.join(dir, 'secret');
    writeSecretFile(file, 'not hex');
    assert.throws(
      () => loadOrCreateHexSecret(file, 32),
      (error: unknown) => error instanceof StorageError && error.code === StorageErrorCode.Corrupt,
    );
    assert.equal(fs.readFileSync(file, 'utf8'), 'not hex');
  });

  test('one core per directory: a live holder is refused, a released lock is free again', () => {
    const lock = lockDataDir(dir);
    // Our own pid holds it; a second lock from "another process" is simulated by a live pid.
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      lock.release();
      fs.writeFileSync(path.join(dir, DataFile.Lock), String(sleeper.pid));
      assert.throws(
        () => lockDataDir(dir),
        (error: unknown) =>
          error instanceof StorageError && error.code === StorageErrorCode.Locked && error.message.includes(String(sleeper.pid)),
      );
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  test('a lock left by a dead process is taken over', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid;
    await withTimeout(new Promise((resolve) => child.once('exit', resolve)), 10_000, 'child exit');
    fs.writeFileSync(path.join(dir, DataFile.Lock), String(pid));
    const lock = lockDataDir(dir);
    assert.equal(fs.readFileSync(path.join(dir, DataFile.Lock), 'utf8'), String(process.pid));
    lock.release();
    assert.equal(fs.existsSync(path.join(dir, DataFile.Lock)), false);
  });

  test('a garbage lock file is taken over', () => {
    fs.writeFileSync(path.join(dir, DataFile.Lock), 'garbage');
    lockDataDir(dir).release();
  });
});

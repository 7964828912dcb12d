// The core's data directory: owner-only, held by one core at a time, and home of a few
// small secret files written atomically with mode 0600.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StorageError, StorageErrorCode } from './errors.ts';

export const DataFile = {
  Lock: 'core.lock',
  Database: 'core.db',
  /** The Waku store archive: large and busy, so apart from the core database. */
  StoreDatabase: 'store.db',
  DatabaseKey: 'db.key',
  RpcToken: 'rpc-token',
  AccountsDir: 'accounts',
} as const;

export function ensureDataDir(dir: string): string {
  const absolute = path.resolve(dir);
  fs.mkdirSync(absolute, { recursive: true, mode: 0o700 });
  return absolute;
}

/** Writes via a temp file and rename, so a crash never leaves half a secret. */
export function writeSecretFile(file: string, contents: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, contents, { mode: 0o600 });
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, file);
}

/** Reads a hex secret of the given size, creating it on first use. */
export function loadOrCreateHexSecret(file: string, bytes: number): Buffer {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    if (!new RegExp(`^[0-9a-f]{${bytes * 2}}$`).test(text)) {
      throw new StorageError(StorageErrorCode.Corrupt, `${path.basename(file)} is malformed`);
    }
    return Buffer.from(text, 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = crypto.randomBytes(bytes);
  writeSecretFile(file, secret.toString('hex'));
  return secret;
}

export interface DataDirLock {
  release(): void;
}

/**
 * Makes sure only one core uses a data directory. A lock left by a killed core (its pid
 * no longer runs) is taken over; a live one is refused with a clear error.
 */
export function lockDataDir(dir: string): DataDirLock {
  const file = path.join(dir, DataFile.Lock);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isSafeInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new StorageError(StorageErrorCode.Locked, `data directory ${dir} is in use by process ${holder}`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new StorageError(StorageErrorCode.Locked, `could not lock data directory ${dir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

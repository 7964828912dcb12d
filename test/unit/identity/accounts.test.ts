import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { AccountManager } from '../../../main/identity/accounts.ts';
import { deriveAccount } from '../../../main/identity/derivation.ts';
import { IdentityError } from '../../../main/identity/errors.ts';
import { AccountsRepository } from '../../../main/storage/accounts-repository.ts';
import { closeDatabase, type Db, openDatabase } from '../../../main/storage/database.ts';
import { StorageError } from '../../../main/storage/errors.ts';
import { coreMigrations } from '../../../main/storage/schema/core-migrations.ts';
import { accountMigrations } from '../../../main/storage/schema/account-migrations.ts';
import type { LoginState } from '../../../shared/api.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const FAST_KDF = { n: 2 ** 10, r: 8, p: 1 };
const PASSWORD = 'correct horse battery';
const PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

let dir: string;
let cleanup: () => void;
let coreDb: Db;
let states: LoginState[];
let manager: AccountManager;

function newManager(): AccountManager {
  return new AccountManager({
    accountsDir: path.join(dir, 'accounts'),
    repository: new AccountsRepository(coreDb),
    kdf: FAST_KDF,
    onLoginChanged: (state) => states.push(state),
  });
}

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  coreDb = openDatabase({ path: path.join(dir, 'core.db'), key: new Uint8Array(32).fill(7), migrations: coreMigrations }).db;
  states = [];
  manager = newManager();
});

afterEach(async () => {
  await manager.close();
  closeDatabase(coreDb);
  cleanup();
});

const identityError = (code: string) => (error: unknown) => error instanceof IdentityError && error.code === code;

describe('accounts', () => {
  test('create makes a 12-word account, logs into it, and lists it with its visual identity', async () => {
    const { account, mnemonic } = await manager.create({ password: PASSWORD });
    assert.equal(mnemonic.split(' ').length, 12);
    assert.equal(account.keyUid, deriveAccount(mnemonic).keyUid);
    assert.equal(account.displayName, account.alias);
    assert.match(account.chatKey, /^zQ3/);
    assert.equal(account.emojiHash.length, 14);
    assert.equal(account.hasMnemonic, true);
    assert.deepEqual(manager.loginState(), { state: 'logged-in', account: manager.profile() });
    assert.deepEqual(
      manager.list().map((a) => a.keyUid),
      [account.keyUid],
    );
    assert.equal(states.at(-1)?.state, 'logged-in');
  });

  test('24-word accounts are supported', async () => {
    const { mnemonic } = await manager.create({ password: PASSWORD, words: 24 });
    assert.equal(mnemonic.split(' ').length, 24);
  });

  test('import restores the same account the phrase derives; importing twice is refused', async () => {
    const account = await manager.import({ mnemonic: `  ${PHRASE.toUpperCase()} `, password: PASSWORD, displayName: 'Alice Liddell' });
    const derived = deriveAccount(PHRASE);
    assert.equal(account.keyUid, derived.keyUid);
    assert.equal(account.displayName, 'Alice Liddell');
    await assert.rejects(manager.import({ mnemonic: PHRASE, password: PASSWORD }), identityError('ACCOUNT_EXISTS'));
  });

  test('a bad phrase is refused with a clear error and leaves nothing behind', async () => {
    await assert.rejects(manager.import({ mnemonic: 'abandon abandon', password: PASSWORD }), identityError('INVALID_MNEMONIC'));
    assert.deepEqual(manager.list(), []);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'accounts')), []);
  });

  test('logout, wrong password refused, right password logs in', async () => {
    const account = await manager.import({ mnemonic: PHRASE, password: PASSWORD });
    await manager.logout();
    assert.deepEqual(manager.loginState(), { state: 'logged-out' });
    assert.throws(() => manager.profile(), identityError('NOT_LOGGED_IN'));
    await assert.rejects(manager.login(account.keyUid, 'wrong password!'), identityError('WRONG_PASSWORD'));
    assert.deepEqual(manager.loginState(), { state: 'logged-out' });
    const again = await manager.login(account.keyUid, PASSWORD);
    assert.equal(again.keyUid, account.keyUid);
    assert.ok(again.lastLoginAt !== null);
    await assert.rejects(manager.login(`0x${'0'.repeat(64)}`, PASSWORD), identityError('ACCOUNT_NOT_FOUND'));
  });

  test('the display name persists in the account database and the login list', async () => {
    const account = await manager.import({ mnemonic: PHRASE, password: PASSWORD });
    manager.setDisplayName('Queen of Hearts');
    await manager.logout();
    assert.equal(manager.list()[0]?.displayName, 'Queen of Hearts');
    await manager.login(account.keyUid, PASSWORD);
    assert.equal(manager.profile().displayName, 'Queen of Hearts');
    assert.equal(manager.session?.prefs.get('profile.displayName')?.value, 'Queen of Hearts');
  });

  test('several accounts: logging into one closes the other', async () => {
    const first = await manager.import({ mnemonic: PHRASE, password: PASSWORD });
    const { account: second } = await manager.create({ password: 'another password' });
    assert.equal(manager.profile().keyUid, second.keyUid);
    await manager.login(first.keyUid, PASSWORD);
    assert.equal(manager.profile().keyUid, first.keyUid);
    assert.equal(manager.list().length, 2);
    assert.deepEqual(
      states.map((s) => s.state),
      ['logged-in', 'logged-out', 'logged-in', 'logged-out', 'logged-in'],
    );
  });

  test('change password: the old one stops working, the new one works', async () => {
    const account = await manager.import({ mnemonic: PHRASE, password: PASSWORD });
    await assert.rejects(manager.changePassword(account.keyUid, 'not it at all', 'new password 1'), identityError('WRONG_PASSWORD'));
    await manager.changePassword(account.keyUid, PASSWORD, 'new password 1');
    await manager.logout();
    await assert.rejects(manager.login(account.keyUid, PASSWORD), identityError('WRONG_PASSWORD'));
    await manager.login(account.keyUid, 'new password 1');
  });

  test('the phrase is shown only with the password, and can be removed for good', async () => {
    const account = await manager.import({ mnemonic: PHRASE, password: PASSWORD });
    await assert.rejects(manager.revealMnemonic(account.keyUid, 'nope nope nope'), identityError('WRONG_PASSWORD'));
    assert.equal(await manager.revealMnemonic(account.keyUid, PASSWORD), PHRASE);
    const after = await manager.removeMnemonic(account.keyUid, PASSWORD);
    assert.equal(after.hasMnemonic, false);
    await assert.rejects(manager.revealMnemonic(account.keyUid, PASSWORD), identityError('MNEMONIC_REMOVED'));
    // The account still logs in: the seed is enough.
    await manager.logout();
    await manager.login(account.keyUid, PASSWORD);
    const keystore = fs.readFileSync(path.join(dir, 'accounts', account.keyUid, 'keystore.json'), 'utf8');
    assert.equal(keystore.includes('abandon'), false);
  });

  test('concurrent logins are serialised: each gets its own answer, the state stays consistent', async () => {
    const account = await manager.import({ mnemonic: PHRASE, password: PASSWORD });
    await manager.logout();
    const attempts = await Promise.allSettled([
      manager.login(account.keyUid, 'wrong one here'),
      manager.login(account.keyUid, PASSWORD),
      manager.login(account.keyUid, 'wrong two here'),
      manager.login(account.keyUid, PASSWORD),
    ]);
    assert.deepEqual(
      attempts.map((a) => a.status),
      ['rejected', 'fulfilled', 'rejected', 'fulfilled'],
    );
    assert.equal(manager.profile().keyUid, account.keyUid);
  });

  test('a truncated or tampered keystore is reported as damaged, not as a wrong password', async () => {
    const account = await manager.import({ mnemonic: PHRASE, password: PASSWORD });
    await manager.logout();
    const file = path.join(dir, 'accounts', account.keyUid, 'keystore.json');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.slice(0, original.length / 2));
    await assert.rejects(manager.login(account.keyUid, PASSWORD), identityError('CORRUPT_KEYSTORE'));
    fs.writeFileSync(file, original.replace(/"ciphertext":"(.)/, (_m, c: string) => `"ciphertext":"${c === 'A' ? 'B' : 'A'}`));
    await assert.rejects(manager.login(account.keyUid, PASSWORD), identityError('CORRUPT_KEYSTORE'));
    fs.rmSync(file);
    await assert.rejects(manager.login(account.keyUid, PASSWORD), identityError('CORRUPT_KEYSTORE'));
    fs.writeFileSync(file, original);
    await manager.login(account.keyUid, PASSWORD);
  });

  test('account files are owner-only; the database key is never stored and opens nothing else', async () => {
    const account = await manager.import({ mnemonic: PHRASE, password: PASSWORD });
    const accountDir = path.join(dir, 'accounts', account.keyUid);
    assert.equal(fs.statSync(accountDir).mode & 0o777, 0o700);
    for (const name of ['keystore.json', 'account.db']) {
      assert.equal(fs.statSync(path.join(accountDir, name)).mode & 0o777, 0o600, name);
    }
    await manager.logout();
    assert.deepEqual(fs.readdirSync(accountDir).sort(), ['account.db', 'keystore.json']);
    // The core database key cannot open an account database.
    assert.throws(
      () => openDatabase({ path: path.join(accountDir, 'account.db'), key: new Uint8Array(32).fill(7), migrations: accountMigrations }),
      (error: unknown) => error instanceof StorageError && error.code === 'WRONG_KEY',
    );
  });

  test('a fresh manager on the same directory sees the accounts (restart)', async () => {
    const account = await manager.import({ mnemonic: PHRASE, password: PASSWORD });
    await manager.close();
    manager = newManager();
    assert.deepEqual(manager.loginState(), { state: 'logged-out' });
    assert.equal(manager.list()[0]?.keyUid, account.keyUid);
    await manager.login(account.keyUid, PASSWORD);
  });
});

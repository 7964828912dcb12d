// Accounts on this device. Each account is a BIP-39 phrase; its secrets (master seed, and the
// phrase until the user removes it) live in a keystore file sealed with the user's password,
// and everything else in the account's own SQLCipher database, keyed from the derivation
// (never stored). Layout: <accountsDir>/<keyUid>/{keystore.json, account.db}.
import fs from 'node:fs';
import path from 'node:path';
import type { AccountSummary, LoginState } from '../../shared/api.ts';
import type { AccountRow, AccountsRepository } from '../storage/accounts-repository.ts';
import { closeDatabase, type Db, openDatabase } from '../storage/database.ts';
import { writeSecretFile } from '../storage/data-dir.ts';
import { PrefsRepository } from '../storage/prefs-repository.ts';
import { accountMigrations } from '../storage/schema/account-migrations.ts';
import { type DerivedAccount, deriveAccountFromSeed, deriveDatabaseKey } from './derivation.ts';
import { IdentityError } from './errors.ts';
import { openKeystore, parseKeystore, type ScryptParams, sealKeystore, serializeKeystore } from './keystore.ts';
import { createMnemonic, mnemonicToSeed, type NewMnemonicLength, validateMnemonic } from './mnemonic.ts';
import { describePublicKey } from './visual-identity.ts';

const KEYSTORE_FILE = 'keystore.json';
const DATABASE_FILE = 'account.db';
const DISPLAY_NAME_PREF = 'profile.displayName';

/** What the keystore holds. The seed alone recreates every key; the phrase is for showing again. */
interface AccountSecrets {
  seed: string;
  mnemonic?: string;
}

/** A logged-in account: its open database and the keys the protocol layers will sign with. */
export interface AccountSession {
  readonly keyUid: string;
  readonly db: Db;
  readonly prefs: PrefsRepository;
  readonly keys: DerivedAccount;
}

export interface AccountManagerOptions {
  accountsDir: string;
  repository: AccountsRepository;
  /** Keystore KDF parameters for new seals (tests lower them; the default is strong). */
  kdf?: ScryptParams;
  now?: () => number;
  onLoginChanged?: (state: LoginState) => void;
}

export class AccountManager {
  readonly #options: AccountManagerOptions;
  readonly #now: () => number;
  #session: AccountSession | undefined;
  /** Every operation that touches keystores or the session runs one at a time. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: AccountManagerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    fs.mkdirSync(options.accountsDir, { recursive: true, mode: 0o700 });
  }

  get session(): AccountSession | undefined {
    return this.#session;
  }

  list(): AccountSummary[] {
    return this.#options.repository.list().map((row) => summarize(row));
  }

  loginState(): LoginState {
    const session = this.#session;
    return session ? { state: 'logged-in', account: this.#summary(session.keyUid) } : { state: 'logged-out' };
  }

  create(options: { password: string; displayName?: string | undefined; words?: NewMnemonicLength }) {
    const mnemonic = createMnemonic(options.words ?? 12);
    return this.#serial(async () => ({ account: await this.#add(mnemonic, options.password, options.displayName), mnemonic }));
  }

  import(options: { mnemonic: string; password: string; displayName?: string | undefined }): Promise<AccountSummary> {
    return this.#serial(() => this.#add(validateMnemonic(options.mnemonic), options.password, options.displayName));
  }

  login(keyUid: string, password: string): Promise<AccountSummary> {
    return this.#serial(async () => {
      this.#require(keyUid);
      const secrets = await this.#unlock(keyUid, password);
      return this.#open(keyUid, secrets);
    });
  }

  logout(): Promise<void> {
    return this.#serial(async () => this.#close());
  }

  changePassword(keyUid: string, oldPassword: string, newPassword: string): Promise<void> {
    return this.#serial(async () => {
      this.#require(keyUid);
      const secrets = await this.#unlock(keyUid, oldPassword);
      await this.#seal(keyUid, secrets, newPassword);
    });
  }

  revealMnemonic(keyUid: string, password: string): Promise<string> {
    return this.#serial(async () => {
      this.#require(keyUid);
      const { mnemonic } = await this.#unlock(keyUid, password);
      if (mnemonic === undefined) {
        throw new IdentityError('MNEMONIC_REMOVED', 'The recovery phrase was removed from this device.');
      }
      return mnemonic;
    });
  }

  removeMnemonic(keyUid: string, password: string): Promise<AccountSummary> {
    return this.#serial(async () => {
      this.#require(keyUid);
      const { seed } = await this.#unlock(keyUid, password);
      await this.#seal(keyUid, { seed }, password);
      this.#options.repository.setHasMnemonic(keyUid, false);
      return this.#summary(keyUid);
    });
  }

  setDisplayName(displayName: string): AccountSummary {
    const session = this.#requireSession();
    session.db.transaction(() => session.prefs.set(DISPLAY_NAME_PREF, displayName, this.#now()))();
    this.#options.repository.setDisplayName(session.keyUid, displayName);
    return this.#summary(session.keyUid);
  }

  profile(): AccountSummary {
    return this.#summary(this.#requireSession().keyUid);
  }

  /** Closes the session, if any (on shutdown). */
  close(): Promise<void> {
    return this.logout();
  }

  async #add(mnemonic: string, password: string, displayName: string | undefined): Promise<AccountSummary> {
    const seed = mnemonicToSeed(mnemonic);
    const keys = deriveAccountFromSeed(seed);
    if (this.#options.repository.get(keys.keyUid)) {
      throw new IdentityError('ACCOUNT_EXISTS', 'This account is already on this device: log in instead.');
    }
    const identity = describePublicKey(keys.chatKey.publicKey);
    const dir = this.#dir(keys.keyUid);
    // A leftover directory from a crash mid-creation holds nothing of value: start afresh.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const secrets: AccountSecrets = { seed: Buffer.from(seed).toString('hex'), mnemonic };
    await this.#seal(keys.keyUid, secrets, password);
    const name = displayName ?? identity.alias;
    const { db } = openDatabase({ path: path.join(dir, DATABASE_FILE), key: databaseKey(keys), migrations: accountMigrations });
    try {
      new PrefsRepository(db).set(DISPLAY_NAME_PREF, name, this.#now());
    } finally {
      closeDatabase(db);
    }
    // The row goes in last: an account is listed only once its files are complete.
    this.#options.repository.insert({
      keyUid: keys.keyUid,
      publicKey: identity.publicKey,
      displayName: name,
      hasMnemonic: true,
      createdAt: this.#now(),
    });
    return this.#open(keys.keyUid, secrets);
  }

  async #open(keyUid: string, secrets: AccountSecrets): Promise<AccountSummary> {
    this.#close();
    const keys = deriveAccountFromSeed(Buffer.from(secrets.seed, 'hex'));
    const { db } = openDatabase({
      path: path.join(this.#dir(keyUid), DATABASE_FILE),
      key: databaseKey(keys),
      migrations: accountMigrations,
    });
    this.#session = { keyUid, db, prefs: new PrefsRepository(db), keys };
    this.#options.repository.recordLogin(keyUid, this.#now());
    const account = this.#summary(keyUid);
    this.#options.onLoginChanged?.({ state: 'logged-in', account });
    return account;
  }

  #close(): void {
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    closeDatabase(session.db);
    session.keys.chatKey.privateKey.fill(0);
    session.keys.encryptionKey.privateKey.fill(0);
    this.#options.onLoginChanged?.({ state: 'logged-out' });
  }

  async #unlock(keyUid: string, password: string): Promise<AccountSecrets> {
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.#dir(keyUid), KEYSTORE_FILE), 'utf8');
    } catch (cause) {
      throw new IdentityError('CORRUPT_KEYSTORE', 'The keystore file of this account is missing.', { cause });
    }
    const secret = await openKeystore(text, password);
    if (secret instanceof Uint8Array || typeof secret.seed !== 'string' || !/^[0-9a-f]{128}$/.test(secret.seed)) {
      throw new IdentityError('CORRUPT_KEYSTORE', 'The keystore of this account does not hold an account seed.');
    }
    return typeof secret.mnemonic === 'string' ? { seed: secret.seed, mnemonic: secret.mnemonic } : { seed: secret.seed };
  }

  async #seal(keyUid: string, secrets: AccountSecrets, password: string): Promise<void> {
    const kdf = this.#options.kdf;
    const file = await sealKeystore({ ...secrets }, password, kdf ? { kdf } : {});
    parseKeystore(serializeKeystore(file)); // never replace a good keystore with one we cannot read back
    writeSecretFile(path.join(this.#dir(keyUid), KEYSTORE_FILE), serializeKeystore(file));
  }

  #require(keyUid: string): AccountRow {
    const row = this.#options.repository.get(keyUid);
    if (!row) throw new IdentityError('ACCOUNT_NOT_FOUND', 'There is no such account on this device.');
    return row;
  }

  #requireSession(): AccountSession {
    if (!this.#session) throw new IdentityError('NOT_LOGGED_IN', 'Log in first.');
    return this.#session;
  }

  #summary(keyUid: string): AccountSummary {
    return summarize(this.#require(keyUid));
  }

  #dir(keyUid: string): string {
    // keyUid is "0x" + 64 hex characters (checked at the RPC boundary and derived here).
    return path.join(this.#options.accountsDir, keyUid);
  }

  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function databaseKey(keys: DerivedAccount): Uint8Array {
  return deriveDatabaseKey(keys.encryptionKey.privateKey);
}

function summarize(row: AccountRow): AccountSummary {
  const identity = describePublicKey(Buffer.from(row.publicKey.slice(2), 'hex'));
  return {
    ...identity,
    keyUid: row.keyUid,
    displayName: row.displayName,
    hasMnemonic: row.hasMnemonic,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
  };
}

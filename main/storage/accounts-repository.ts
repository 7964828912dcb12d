// Typed access to the accounts table of the core database.
import type { Db } from './database.ts';

export interface AccountRow {
  keyUid: string;
  publicKey: string;
  displayName: string;
  hasMnemonic: boolean;
  createdAt: number;
  lastLoginAt: number | null;
}

interface Row {
  key_uid: string;
  public_key: string;
  display_name: string;
  has_mnemonic: number;
  created_at: number;
  last_login_at: number | null;
}

const toAccount = (row: Row): AccountRow => ({
  keyUid: row.key_uid,
  publicKey: row.public_key,
  displayName: row.display_name,
  hasMnemonic: row.has_mnemonic === 1,
  createdAt: row.created_at,
  lastLoginAt: row.last_login_at,
});

const COLUMNS = 'key_uid, public_key, display_name, has_mnemonic, created_at, last_login_at';

export class AccountsRepository {
  readonly #get;
  readonly #list;
  readonly #insert;
  readonly #setLogin;
  readonly #setName;
  readonly #setHasMnemonic;

  constructor(db: Db) {
    this.#get = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM accounts WHERE key_uid = ?`);
    // Most recently used first, as a login screen lists them.
    this.#list = db.prepare<[], Row>(
      `SELECT ${COLUMNS} FROM accounts ORDER BY coalesce(last_login_at, created_at) DESC`,
    );
    this.#insert = db.prepare<[string, string, string, number, number]>(
      'INSERT INTO accounts (key_uid, public_key, display_name, has_mnemonic, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#setHasMnemonic = db.prepare<[number, string]>('UPDATE accounts SET has_mnemonic = ? WHERE key_uid = ?');
    this.#setLogin = db.prepare<[number, string]>('UPDATE accounts SET last_login_at = ? WHERE key_uid = ?');
    this.#setName = db.prepare<[string, string]>('UPDATE accounts SET display_name = ? WHERE key_uid = ?');
  }

  get(keyUid: string): AccountRow | null {
    const row = this.#get.get(keyUid);
    return row ? toAccount(row) : null;
  }

  list(): AccountRow[] {
    return this.#list.all().map(toAccount);
  }

  insert(account: Omit<AccountRow, 'lastLoginAt'>): void {
    this.#insert.run(
      account.keyUid,
      account.publicKey,
      account.displayName,
      account.hasMnemonic ? 1 : 0,
      account.createdAt,
    );
  }

  recordLogin(keyUid: string, at: number): void {
    this.#setLogin.run(at, keyUid);
  }

  setDisplayName(keyUid: string, displayName: string): void {
    this.#setName.run(displayName, keyUid);
  }

  setHasMnemonic(keyUid: string, hasMnemonic: boolean): void {
    this.#setHasMnemonic.run(hasMnemonic ? 1 : 0, keyUid);
  }
}

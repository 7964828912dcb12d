// Login cost with a large account database: keystore unlock (scrypt, reported on its own),
// then database open + migrations, against Status Desktop's ~6 s (anchors.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AccountManager } from '../../main/identity/accounts.ts';
import { openKeystore } from '../../main/identity/keystore.ts';
import { AccountsRepository } from '../../main/storage/accounts-repository.ts';
import { closeDatabase, openDatabase } from '../../main/storage/database.ts';
import { coreMigrations } from '../../main/storage/schema/core-migrations.ts';
import { type Timing, time } from '../measure.ts';

const PASSWORD = 'benchmark password';

export async function loginBenchmarks(messages: number, runs = 5): Promise<Timing[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsd-bench-login-'));
  const core = openDatabase({
    path: path.join(dir, 'core.db'),
    key: new Uint8Array(32).fill(1),
    migrations: coreMigrations,
  }).db;
  try {
    const accounts = new AccountManager({
      accountsDir: path.join(dir, 'accounts'),
      repository: new AccountsRepository(core),
    });
    const { account } = await accounts.create({ password: PASSWORD });
    const db = accounts.session?.db;
    if (!db) throw new Error('not logged in');
    // Stand-in for the message table the chat layers will add: realistic row sizes and an index.
    db.exec('CREATE TABLE bench_messages (id TEXT PRIMARY KEY, chat_id TEXT, clock INTEGER, body TEXT) STRICT');
    db.exec('CREATE INDEX bench_messages_chat ON bench_messages (chat_id, clock)');
    const insert = db.prepare('INSERT INTO bench_messages VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < messages; i += 1) insert.run(`m${i}`, `chat${i % 50}`, i, 'x'.repeat(120 + (i % 200)));
    })();
    await accounts.logout();
    const keystore = fs.readFileSync(path.join(dir, 'accounts', account.keyUid, 'keystore.json'), 'utf8');
    const dbBytes = fs.statSync(path.join(dir, 'accounts', account.keyUid, 'account.db')).size;

    const results = [
      await time('keystore unlock only (scrypt N=2^17, r=8, p=1)', 'the KDF alone', runs, () =>
        openKeystore(keystore, PASSWORD),
      ),
      await time(
        `login with ${messages.toLocaleString('en')} messages (${Math.round(dbBytes / 2 ** 20)} MiB database)`,
        'unlock + derive + open SQLCipher + migrations + first query',
        runs,
        async () => {
          await accounts.login(account.keyUid, PASSWORD);
          accounts.session?.db.prepare('SELECT count(*) FROM bench_messages WHERE chat_id = ?').get('chat7');
          await accounts.logout();
        },
      ),
    ];
    return results;
  } finally {
    closeDatabase(core);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

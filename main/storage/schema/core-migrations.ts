// Schema of the core database (node-level data, independent of any account).
import type { Migration } from '../migrations.ts';
import { PREFS_TABLE_SQL } from './prefs-table.ts';

export const coreMigrations: readonly Migration[] = [
  { version: 1, name: 'preferences', up: PREFS_TABLE_SQL },
  {
    version: 2,
    name: 'accounts',
    // Only what the login screen shows before any account database can be opened; secrets
    // live in each account's keystore file, everything else in its own encrypted database.
    up: `
      CREATE TABLE accounts (
        key_uid       TEXT PRIMARY KEY NOT NULL,   -- "0x" + sha256(master public key)
        public_key    TEXT NOT NULL UNIQUE,        -- chat key, 0x04…
        display_name  TEXT NOT NULL,
        has_mnemonic  INTEGER NOT NULL,            -- 1 while the keystore still holds the phrase
        created_at    INTEGER NOT NULL,            -- unix ms
        last_login_at INTEGER                      -- unix ms
      ) STRICT;
    `,
  },
];

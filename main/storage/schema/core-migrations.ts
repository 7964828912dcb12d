// Schema of the core database (node-level data, independent of any account).
import type { Migration } from '../migrations.ts';

export const coreMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'preferences',
    up: `
      CREATE TABLE prefs (
        key        TEXT PRIMARY KEY NOT NULL,
        value      TEXT NOT NULL,          -- JSON
        updated_at INTEGER NOT NULL        -- unix ms
      ) STRICT;
    `,
  },
];

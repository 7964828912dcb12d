// Schema of an account database (one per account, keyed from the account's derivation).
// Later layers (chats, messages, contacts, ratchet state, ...) add their migrations here.
import type { Migration } from '../migrations.ts';
import { PREFS_TABLE_SQL } from './prefs-table.ts';

export const accountMigrations: readonly Migration[] = [{ version: 1, name: 'settings', up: PREFS_TABLE_SQL }];

// Account migration 9: the clock of a chat's last mute change, so that a mute or unmute synced
// from a paired device of ours (SyncInstallationContactV2.muted) applies only when it is newer.
import type { Migration } from '../migrations.ts';

export const CHAT_MUTE_MIGRATION: Migration = {
  version: 9,
  name: 'chat mute clock',
  up: `
  ALTER TABLE chats ADD COLUMN muted_clock INTEGER NOT NULL DEFAULT 0 CHECK (muted_clock >= 0);
`,
};

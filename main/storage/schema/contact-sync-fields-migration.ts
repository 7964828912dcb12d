import type { Migration } from '../migrations.ts';

// Account migration 11: what a paired Status device says of a contact that we do not use
// ourselves (verification and trust status, the profile colour id) is kept, with the clock it came
// with (last_updated_locally), so that our own contact syncs carry it back unchanged: status-go
// applies every field of a newer sync, and sending zeros would wipe them on the user's phone.
// The nickname goes in the existing `nickname` column.
export const CONTACT_SYNC_FIELDS_MIGRATION: Migration = {
  version: 11,
  name: 'contact fields kept for paired devices',
  up: `
  ALTER TABLE contacts ADD COLUMN verification_status INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE contacts ADD COLUMN trust_status INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE contacts ADD COLUMN customization_color INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE contacts ADD COLUMN kept_clock INTEGER NOT NULL DEFAULT 0 CHECK (kept_clock >= 0);
`,
};

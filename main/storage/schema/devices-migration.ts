import type { Migration } from '../migrations.ts';

// Our own other installations (status-go's installations table): learned from our own bundles,
// and used only once enabled (paired). The signed prekeys stay in peer_installations under our
// own identity (bundle-manager.ts); this table holds what pairing adds: the switch, the name
// and device type from PairInstallation, and when we last heard of the installation.
// `changed_at` dates the last pairing change, so our re-signed bundle's timestamp moves forward.
export const DEVICES_MIGRATION: Migration = {
  version: 7,
  name: 'own installations (devices)',
  up: `
  CREATE TABLE own_installations (
    installation_id TEXT PRIMARY KEY NOT NULL CHECK (length(installation_id) BETWEEN 1 AND 100),
    enabled         INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    name            TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    device_type     TEXT NOT NULL DEFAULT '' CHECK (length(device_type) <= 50),
    pair_clock      INTEGER NOT NULL DEFAULT 0,
    last_seen_at    INTEGER,
    changed_at      INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
`,
};

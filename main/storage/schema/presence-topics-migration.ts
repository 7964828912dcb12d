import type { Migration } from '../migrations.ts';

// Negotiated 1:1 topics (status-go's sharedsecret tables): the DH secret per peer, and the
// installations of that peer that have agreed on it (a ratchet message from them announcing
// protocol_version ≥ 1). Presence needs no table: contacts already has presence_type,
// presence_clock, custom_status and last_seen_at.
export const PRESENCE_TOPICS_MIGRATION: Migration = {
  version: 4,
  name: 'negotiated secrets, presence',
  up: `
  CREATE TABLE negotiated_secrets (
    peer       TEXT PRIMARY KEY NOT NULL CHECK (peer GLOB '0x04*'),
    secret     BLOB NOT NULL CHECK (length(secret) = 32),
    created_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE negotiated_installations (
    peer            TEXT NOT NULL REFERENCES negotiated_secrets (peer) ON DELETE CASCADE,
    installation_id TEXT NOT NULL,
    agreed_at       INTEGER NOT NULL,
    PRIMARY KEY (peer, installation_id)
  ) STRICT, WITHOUT ROWID;
`,
};

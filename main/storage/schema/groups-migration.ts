import type { Migration } from '../migrations.ts';

// Private groups (status-go's membership update events). The log holds every verified event we
// received or made, exactly as on the wire (signature ‖ event bytes), so the whole log can be sent
// on, as status-go does; the group's state is always recomputed from it (main/app/groups/
// group-state.ts), never stored. `event_id` is the signature, status-go's identity of an event.
// group_local is this device's own view: an invitation we declined stays hidden.
export const GROUPS_MIGRATION: Migration = {
  version: 8,
  name: 'private group events',
  up: `
  CREATE TABLE group_events (
    chat_id     TEXT NOT NULL CHECK (length(chat_id) BETWEEN 40 AND 200),
    event_id    TEXT NOT NULL CHECK (event_id GLOB '0x*' AND length(event_id) = 132),
    signer      TEXT NOT NULL CHECK (signer GLOB '0x04*'),
    clock       INTEGER NOT NULL CHECK (clock > 0),
    wire        BLOB NOT NULL CHECK (length(wire) BETWEEN 66 AND 16384),
    received_at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, event_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE group_local (
    chat_id     TEXT PRIMARY KEY NOT NULL,
    declined    INTEGER NOT NULL DEFAULT 0 CHECK (declined IN (0, 1)),
    updated_at  INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
`,
};

import type { Migration } from '../migrations.ts';

// Account migration 10: group events may carry the group's picture (IMAGE_CHANGED, up to
// status-go's 400,000 bytes), so an event's wire may be that big plus a plain event's 16 KiB and
// the 65-byte signature (group-events.ts refuses anything larger before it gets here). SQLite
// cannot change a CHECK in place: the table is rebuilt with the same rows.
export const GROUP_PICTURES_MIGRATION: Migration = {
  version: 10,
  name: 'group events with pictures',
  up: `
  CREATE TABLE group_events_v10 (
    chat_id     TEXT NOT NULL CHECK (length(chat_id) BETWEEN 40 AND 200),
    event_id    TEXT NOT NULL CHECK (event_id GLOB '0x*' AND length(event_id) = 132),
    signer      TEXT NOT NULL CHECK (signer GLOB '0x04*'),
    clock       INTEGER NOT NULL CHECK (clock > 0),
    wire        BLOB NOT NULL CHECK (length(wire) BETWEEN 66 AND 416449),
    received_at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, event_id)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO group_events_v10 (chat_id, event_id, signer, clock, wire, received_at)
    SELECT chat_id, event_id, signer, clock, wire, received_at FROM group_events;
  DROP TABLE group_events;
  ALTER TABLE group_events_v10 RENAME TO group_events;
`,
};

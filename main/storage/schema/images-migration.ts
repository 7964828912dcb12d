import type { Migration } from '../migrations.ts';

// Image messages' pictures, apart from the messages table so that paging a chat never drags
// blobs along. One row per IMAGE message; it goes with the message's content when the message
// is deleted for everyone (the row stays as a tombstone, the picture does not).
export const IMAGES_MIGRATION: Migration = {
  version: 5,
  name: 'image payloads',
  up: `
    CREATE TABLE images (
      message_id TEXT PRIMARY KEY NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
      format     TEXT NOT NULL CHECK (format IN ('png', 'jpeg', 'webp', 'gif')),  -- sniffed from the bytes
      width      INTEGER NOT NULL CHECK (width >= 0),                            -- from the image header
      height     INTEGER NOT NULL CHECK (height >= 0),
      bytes      BLOB NOT NULL CHECK (length(bytes) BETWEEN 1 AND 524288)        -- MAX_IMAGE_BYTES
    ) STRICT;

    CREATE TRIGGER images_gone_with_content AFTER UPDATE OF deleted ON messages WHEN NEW.deleted = 1
    BEGIN
      DELETE FROM images WHERE message_id = NEW.id;
    END;
  `,
};

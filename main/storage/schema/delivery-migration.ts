import type { Migration } from '../migrations.ts';

// Account migration 6: the Waku messages our app messages went out in (for the "stored" check),
// and their actions that arrived before the message they are about.
export const DELIVERY_MIGRATION: Migration = {
  version: 6,
  name: 'published hashes, pending actions',
  up: `
  -- One row per (app message, Waku message carrying it). A copy is one publish of an MVDS
  -- payload: all its segments share copy_id, a re-send is a new copy with new hashes. The
  -- message counts as stored once every segment of one copy is found in a store. Rows go
  -- when the message is stored or delivered, or when the check gives up.
  CREATE TABLE published_hashes (
    message_id    TEXT NOT NULL CHECK (message_id GLOB '0x*'),  -- no FK: checked against messages on use
    hash          TEXT NOT NULL CHECK (length(hash) = 64),       -- Waku deterministic hash, hex
    copy_id       TEXT NOT NULL,
    pubsub_topic  TEXT NOT NULL,
    published_at  INTEGER NOT NULL,
    found         INTEGER NOT NULL DEFAULT 0 CHECK (found IN (0, 1)),
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_check_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, hash)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX published_hashes_due ON published_hashes (next_check_at) WHERE found = 0;

  -- Edits, deletions, reactions and pins whose target message has not arrived yet: the whole
  -- verified app message, replayed through the normal checks when the target comes.
  CREATE TABLE pending_actions (
    id                TEXT PRIMARY KEY NOT NULL,   -- the action's app message id
    target_id         TEXT NOT NULL,
    chat_id           TEXT NOT NULL CHECK (chat_id GLOB '0x04*'),  -- the signer's chat
    type              INTEGER NOT NULL,            -- AmmType
    payload           BLOB NOT NULL,
    sender            TEXT NOT NULL CHECK (sender GLOB '0x04*'),
    waku_timestamp_ns TEXT NOT NULL,               -- decimal: beyond 2^53
    received_at       INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX pending_actions_by_target ON pending_actions (target_id);
  CREATE INDEX pending_actions_by_chat ON pending_actions (chat_id, received_at);
  CREATE INDEX pending_actions_by_age ON pending_actions (received_at);
  `,
};

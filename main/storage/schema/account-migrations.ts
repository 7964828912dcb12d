// Schema of an account database (one per account, keyed from the account's derivation).
// Later layers (chats, messages, contacts, ratchet state, ...) add their migrations here.
// Append only: a migration that has shipped is never edited, a change is a new version.
import type { Migration } from '../migrations.ts';
import { CHAT_MUTE_MIGRATION } from './chat-mute-migration.ts';
import { CONTACT_SYNC_FIELDS_MIGRATION } from './contact-sync-fields-migration.ts';
import { DELIVERY_MIGRATION } from './delivery-migration.ts';
import { DEVICES_MIGRATION } from './devices-migration.ts';
import { GROUP_PICTURES_MIGRATION } from './group-pictures-migration.ts';
import { GROUPS_MIGRATION } from './groups-migration.ts';
import { IMAGES_MIGRATION } from './images-migration.ts';
import { PREFS_TABLE_SQL } from './prefs-table.ts';
import { PRESENCE_TOPICS_MIGRATION } from './presence-topics-migration.ts';

// Conventions of the tables below:
// - STRICT everywhere, booleans are INTEGER 0/1 with a CHECK.
// - Public keys of people are '0x04…' hex (uncompressed, as status-go shows them); keys inside
//   the encryption layer are compressed hex without prefix, as protocol-message.ts looks them up.
// - *_at columns are unix milliseconds of the local clock; `clock` columns are Lamport-ish
//   message clocks from the wire (ms-based, far below 2^53); bundle timestamps are nanoseconds
//   (beyond 2^53: read them with safe integers).
// - Nothing here trusts a row order: every list has an ORDER BY on indexed columns.

const ENCRYPTION_AND_SYNC_SQL = `
  -- This device's installation id: a random UUIDv4 made once per account database
  -- (status-go style). Exactly one row; peers address our copy of a message by it.
  CREATE TABLE installation (
    singleton       INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
    installation_id TEXT NOT NULL,
    created_at      INTEGER NOT NULL
  ) STRICT;

  -- Our signed prekeys (X3DH, one per installation, rotated every 24 h). The active one goes in
  -- our bundle; retired ones stay for PREKEY_RETENTION (30 days) so that a first message a
  -- peer started with an older bundle of ours still decrypts, then are deleted.
  CREATE TABLE signed_prekeys (
    public_key      BLOB PRIMARY KEY NOT NULL CHECK (length(public_key) = 33),  -- compressed
    installation_id TEXT NOT NULL,
    private_key     BLOB NOT NULL CHECK (length(private_key) = 32),
    created_at      INTEGER NOT NULL,
    active          INTEGER NOT NULL CHECK (active IN (0, 1)),
    retired_at      INTEGER                                                       -- set when rotated away
  ) STRICT, WITHOUT ROWID;
  -- At most one active signed prekey per installation.
  CREATE UNIQUE INDEX signed_prekeys_active ON signed_prekeys (installation_id) WHERE active = 1;

  -- Peers' latest verified bundle as a whole (the protobuf bytes, to forward or re-verify),
  -- one per identity; a bundle with an older or equal timestamp never replaces it.
  CREATE TABLE bundles (
    identity    TEXT PRIMARY KEY NOT NULL,        -- compressed identity key, hex
    bundle      BLOB NOT NULL,                    -- encryption.Bundle protobuf
    timestamp   INTEGER NOT NULL,                 -- ns, from the signed bundle
    received_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;

  -- The installations peers' bundles announced, each with the timestamp of the newest bundle
  -- that carried it: different devices of one person publish different bundles, so the set of
  -- installations to encrypt for is the union, freshest first (at most MAX_INSTALLATIONS used).
  CREATE TABLE bundle_installations (
    identity         TEXT NOT NULL REFERENCES bundles (identity) ON DELETE CASCADE,
    installation_id  TEXT NOT NULL,
    signed_prekey    BLOB NOT NULL CHECK (length(signed_prekey) = 33),
    version          INTEGER NOT NULL,
    protocol_version INTEGER NOT NULL,
    timestamp        INTEGER NOT NULL,            -- ns
    PRIMARY KEY (identity, installation_id)
  ) STRICT, WITHOUT ROWID;

  -- Double-ratchet sessions by (peer identity, peer installation): the state after the last
  -- message sent or received, written in the same transaction as that message.
  CREATE TABLE encryption_sessions (
    peer_identity   TEXT NOT NULL,                -- compressed hex
    installation_id TEXT NOT NULL,
    ratchet         TEXT NOT NULL,                -- serializeRatchet JSON (holds private keys)
    prekey          BLOB NOT NULL,                -- the signed prekey the session started from
    x3dh_ephemeral  BLOB,                         -- initiator: repeated until the peer answers
    their_ephemeral BLOB,                         -- responder: tells a replayed first message
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (peer_identity, installation_id)
  ) STRICT, WITHOUT ROWID;

  -- MVDS (batch mode) records still to be acknowledged by a peer. seq keeps first-insertion
  -- order, so the store lists records in the same order as the in-memory reference store.
  CREATE TABLE mvds_outgoing (
    seq        INTEGER PRIMARY KEY,
    peer       TEXT NOT NULL,
    id         TEXT NOT NULL,                     -- hex MVDS message id
    group_id   BLOB NOT NULL,
    timestamp  INTEGER NOT NULL,                  -- unix seconds (int64 on the wire)
    body       BLOB NOT NULL,
    send_count INTEGER NOT NULL,
    send_epoch INTEGER NOT NULL,
    UNIQUE (peer, id)
  ) STRICT;
  CREATE INDEX mvds_outgoing_due ON mvds_outgoing (send_epoch);

  -- Acks to send to a peer with its next payload (never retransmitted on their own).
  CREATE TABLE mvds_pending_acks (
    seq  INTEGER PRIMARY KEY,
    peer TEXT NOT NULL,
    id   TEXT NOT NULL,
    UNIQUE (peer, id)
  ) STRICT;

  -- MVDS ids already handed up, so a retransmission is acked but not delivered twice. Pruned
  -- after 30 days: MVDS gives up re-sending after ~10 days, so nothing older comes back.
  CREATE TABLE mvds_received (
    id          TEXT PRIMARY KEY NOT NULL,
    received_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX mvds_received_age ON mvds_received (received_at);

  -- Hashes of Waku messages already processed (the deterministic message hash), so one message
  -- seen on relay, filter and store is handled once. Bounded by age (pruned like mvds_received).
  CREATE TABLE processed_waku_messages (
    hash         TEXT PRIMARY KEY NOT NULL,
    processed_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX processed_waku_messages_age ON processed_waku_messages (processed_at);
`;

const MESSENGER_SQL = `
  -- People we know of: profile, the contact-request state machine and presence.
  -- request states mirror status-go's ContactRequestState: 0 none, 1 mutual, 2 sent,
  -- 3 received, 4 dismissed; local = our side, remote = theirs, each with the clock of the
  -- decision that set it (an older decision never overrides a newer one).
  CREATE TABLE contacts (
    public_key          TEXT PRIMARY KEY NOT NULL CHECK (public_key GLOB '0x04*'),
    display_name        TEXT NOT NULL DEFAULT '',
    alias               TEXT NOT NULL DEFAULT '',       -- three-word pseudonym
    ens_name            TEXT,
    nickname            TEXT,                           -- local only
    added               INTEGER NOT NULL DEFAULT 0 CHECK (added IN (0, 1)),
    has_added_us        INTEGER NOT NULL DEFAULT 0 CHECK (has_added_us IN (0, 1)),
    blocked             INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    local_state         INTEGER NOT NULL DEFAULT 0 CHECK (local_state BETWEEN 0 AND 4),
    local_clock         INTEGER NOT NULL DEFAULT 0,
    remote_state        INTEGER NOT NULL DEFAULT 0 CHECK (remote_state BETWEEN 0 AND 4),
    remote_clock        INTEGER NOT NULL DEFAULT 0,
    request_message_id  TEXT,                           -- the CONTACT_REQUEST ChatMessage
    profile_clock       INTEGER NOT NULL DEFAULT 0,     -- ContactUpdate / ChatIdentity clock
    presence_type       INTEGER NOT NULL DEFAULT 0,     -- StatusUpdate.status_type
    presence_clock      INTEGER NOT NULL DEFAULT 0,     -- StatusUpdate.clock (unix seconds)
    custom_status       TEXT NOT NULL DEFAULT '',
    last_seen_at        INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX contacts_added ON contacts (added) WHERE added = 1;

  -- Conversations. last_clock / last_message_id follow the newest message (trigger below);
  -- unread_count is kept by triggers from messages, so it cannot drift from them.
  CREATE TABLE chats (
    id              TEXT PRIMARY KEY NOT NULL,
    type            TEXT NOT NULL CHECK (type IN ('one-to-one', 'private-group')),
    name            TEXT NOT NULL DEFAULT '',
    last_clock      INTEGER NOT NULL DEFAULT 0,
    last_message_id TEXT,
    unread_count    INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
    muted           INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1)),
    deleted_at      INTEGER,                        -- the user removed the chat (hidden until a new message)
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX chats_recent ON chats (last_clock DESC);

  -- Chat messages (ours and theirs). status is for our outgoing ones only:
  -- pending (queued) → sent (on the wire) → stored (a store node has it) → delivered (MVDS ack)
  -- or failed. seen is for incoming ones. Deleted messages keep their row (so a late edit or
  -- reaction finds it) but lose their text and payload.
  CREATE TABLE messages (
    id             TEXT PRIMARY KEY NOT NULL CHECK (id GLOB '0x*'),
    chat_id        TEXT NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    sender         TEXT NOT NULL CHECK (sender GLOB '0x04*'),
    clock          INTEGER NOT NULL CHECK (clock > 0),
    timestamp      INTEGER NOT NULL,                -- sender's ms
    content_type   INTEGER NOT NULL,                -- ChatMessage.ContentType
    message_type   INTEGER NOT NULL,                -- MessageType
    text           TEXT NOT NULL DEFAULT '',
    response_to    TEXT,                            -- no FK: the replied-to message may be unknown
    payload        BLOB,                            -- image / audio / sticker bytes
    payload_format INTEGER,                         -- ImageFormat / AudioType
    outgoing       INTEGER NOT NULL CHECK (outgoing IN (0, 1)),
    status         TEXT CHECK (status IN ('pending', 'sent', 'stored', 'delivered', 'failed')),
    seen           INTEGER NOT NULL DEFAULT 0 CHECK (seen IN (0, 1)),
    edited_clock   INTEGER NOT NULL DEFAULT 0,      -- clock of the last applied EditMessage
    edited_at      INTEGER,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    deleted_by     TEXT,
    deleted_for_me INTEGER NOT NULL DEFAULT 0 CHECK (deleted_for_me IN (0, 1)),
    pinned         INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    pinned_by      TEXT,
    pinned_clock   INTEGER NOT NULL DEFAULT 0,      -- clock of the last applied PinMessage
    received_at    INTEGER NOT NULL,
    CHECK ((outgoing = 1) = (status IS NOT NULL))
  ) STRICT;
  -- Paging a chat by the (clock, id) cursor, both directions (the index is walked either way).
  CREATE INDEX messages_by_chat ON messages (chat_id, clock, id);
  -- Unread counts: only the few unread rows are indexed.
  CREATE INDEX messages_unread ON messages (chat_id, clock)
    WHERE seen = 0 AND outgoing = 0 AND deleted = 0 AND deleted_for_me = 0;
  CREATE INDEX messages_pinned ON messages (chat_id, pinned_clock) WHERE pinned = 1;
  CREATE INDEX messages_outgoing_status ON messages (status) WHERE status IN ('pending', 'sent');

  -- Unread bookkeeping: a message counts while incoming, unseen and not deleted.
  CREATE TRIGGER messages_unread_insert AFTER INSERT ON messages
    WHEN NEW.outgoing = 0 AND NEW.seen = 0 AND NEW.deleted = 0 AND NEW.deleted_for_me = 0
  BEGIN
    UPDATE chats SET unread_count = unread_count + 1 WHERE id = NEW.chat_id;
  END;
  CREATE TRIGGER messages_unread_update AFTER UPDATE OF seen, deleted, deleted_for_me ON messages
    WHEN (OLD.outgoing = 0 AND OLD.seen = 0 AND OLD.deleted = 0 AND OLD.deleted_for_me = 0)
      <> (NEW.outgoing = 0 AND NEW.seen = 0 AND NEW.deleted = 0 AND NEW.deleted_for_me = 0)
  BEGIN
    UPDATE chats SET unread_count = unread_count
      + (NEW.outgoing = 0 AND NEW.seen = 0 AND NEW.deleted = 0 AND NEW.deleted_for_me = 0)
      - (OLD.outgoing = 0 AND OLD.seen = 0 AND OLD.deleted = 0 AND OLD.deleted_for_me = 0)
    WHERE id = NEW.chat_id;
  END;
  CREATE TRIGGER messages_unread_delete AFTER DELETE ON messages
    WHEN OLD.outgoing = 0 AND OLD.seen = 0 AND OLD.deleted = 0 AND OLD.deleted_for_me = 0
  BEGIN
    UPDATE chats SET unread_count = unread_count - 1 WHERE id = OLD.chat_id;
  END;
  -- The chat's newest message (by clock, then id) and its clock for the next send's clock rule;
  -- a new message also brings a deleted chat back.
  CREATE TRIGGER messages_last_insert AFTER INSERT ON messages BEGIN
    UPDATE chats SET last_clock = NEW.clock, last_message_id = NEW.id, deleted_at = NULL
    WHERE id = NEW.chat_id
      AND (last_clock < NEW.clock OR (last_clock = NEW.clock AND coalesce(last_message_id, '') < NEW.id));
  END;

  -- Emoji reactions, one row per (message, sender, emoji); a retraction keeps the row (its clock
  -- orders it against a late re-add). No FK: a reaction can arrive before its message.
  CREATE TABLE reactions (
    message_id TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    sender     TEXT NOT NULL CHECK (sender GLOB '0x04*'),
    emoji      INTEGER NOT NULL CHECK (emoji BETWEEN 1 AND 6),   -- EmojiReaction.Type
    clock      INTEGER NOT NULL,
    retracted  INTEGER NOT NULL CHECK (retracted IN (0, 1)),
    PRIMARY KEY (message_id, sender, emoji)
  ) STRICT, WITHOUT ROWID;
`;

export const accountMigrations: readonly Migration[] = [
  { version: 1, name: 'settings', up: PREFS_TABLE_SQL },
  { version: 2, name: 'encryption keys, sessions, MVDS state, processed messages', up: ENCRYPTION_AND_SYNC_SQL },
  { version: 3, name: 'contacts, chats, messages, reactions', up: MESSENGER_SQL },
  PRESENCE_TOPICS_MIGRATION,
  IMAGES_MIGRATION,
  DELIVERY_MIGRATION,
  DEVICES_MIGRATION,
  GROUPS_MIGRATION,
  CHAT_MUTE_MIGRATION,
  GROUP_PICTURES_MIGRATION,
  CONTACT_SYNC_FIELDS_MIGRATION,
];

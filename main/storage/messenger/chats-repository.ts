// Typed access to the chats table. last_clock, last_message_id and unread_count are kept by
// triggers on messages (account migration 3); this repository never writes them directly.
import type { Db } from '../database.ts';

export const ChatType = { OneToOne: 'one-to-one', PrivateGroup: 'private-group' } as const;
export type ChatType = (typeof ChatType)[keyof typeof ChatType];

export interface ChatRecord {
  id: string;
  type: ChatType;
  name: string;
  lastClock: number;
  lastMessageId: string | null;
  unreadCount: number;
  muted: boolean;
  /** Clock of the last mute change (0: never changed): a synced change applies only when newer. */
  mutedClock: number;
  deletedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  type: ChatType;
  name: string;
  last_clock: number;
  last_message_id: string | null;
  unread_count: number;
  muted: number;
  muted_clock: number;
  deleted_at: number | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS =
  'id, type, name, last_clock, last_message_id, unread_count, muted, muted_clock, deleted_at, created_at, updated_at';

const toChat = (row: Row): ChatRecord => ({
  id: row.id,
  type: row.type,
  name: row.name,
  lastClock: row.last_clock,
  lastMessageId: row.last_message_id,
  unreadCount: row.unread_count,
  muted: row.muted === 1,
  mutedClock: row.muted_clock,
  deletedAt: row.deleted_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class ChatsRepository {
  readonly #upsert;
  readonly #get;
  readonly #list;
  readonly #setMuted;
  readonly #adoptMuted;
  readonly #setDeleted;
  readonly #restore;
  readonly #totalUnread;

  constructor(db: Db) {
    // Re-upserting an existing chat renames it and brings it back if it was deleted; the
    // counters and the newest message are left alone.
    this.#upsert = db.prepare<{ id: string; type: ChatType; name: string; now: number }>(
      `INSERT INTO chats (id, type, name, created_at, updated_at) VALUES (:id, :type, :name, :now, :now)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`,
    );
    this.#get = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM chats WHERE id = ?`);
    this.#list = db.prepare<[], Row>(
      `SELECT ${COLUMNS} FROM chats WHERE deleted_at IS NULL ORDER BY last_clock DESC, id ASC`,
    );
    this.#setMuted = db.prepare<{ id: string; muted: number; clock: number; now: number }>(
      `UPDATE chats SET muted = :muted, muted_clock = max(muted_clock, :clock), updated_at = :now WHERE id = :id`,
    );
    this.#adoptMuted = db.prepare<{ id: string; muted: number; clock: number; now: number }>(
      `UPDATE chats SET muted = :muted, muted_clock = :clock, updated_at = :now
       WHERE id = :id AND muted_clock < :clock AND muted != :muted`,
    );
    this.#setDeleted = db.prepare<[number, number, string]>(
      'UPDATE chats SET deleted_at = ?, updated_at = ? WHERE id = ?',
    );
    this.#restore = db.prepare<[number, string]>(
      'UPDATE chats SET deleted_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL',
    );
    this.#totalUnread = db.prepare<[], { n: number }>(
      'SELECT coalesce(sum(unread_count), 0) AS n FROM chats WHERE deleted_at IS NULL AND muted = 0',
    );
  }

  /** Creates the chat, or updates its name; returns it as stored. The type of a chat never changes. */
  upsert(chat: { id: string; type: ChatType; name: string }, now: number): ChatRecord {
    this.#upsert.run({ ...chat, now });
    const stored = this.get(chat.id) as ChatRecord;
    if (stored.type !== chat.type) throw new Error(`chat ${chat.id} is ${stored.type}, not ${chat.type}`);
    return stored;
  }

  get(id: string): ChatRecord | null {
    const row = this.#get.get(id);
    return row ? toChat(row) : null;
  }

  /** Chats not deleted, most recent activity first. */
  list(): ChatRecord[] {
    return this.#list.all().map(toChat);
  }

  /** A mute change here; `clock` (its Lamport clock) is kept for the sync to our paired devices. */
  setMuted(id: string, muted: boolean, now: number, clock = 0): boolean {
    return this.#setMuted.run({ id, muted: muted ? 1 : 0, clock, now }).changes === 1;
  }

  /** A mute change from a paired device of ours: applied when newer than ours and different. */
  adoptMuted(id: string, muted: boolean, clock: number, now: number): boolean {
    return this.#adoptMuted.run({ id, muted: muted ? 1 : 0, clock, now }).changes === 1;
  }

  /** Hides the chat (a newer message brings it back, see the messages_last_insert trigger). */
  markDeleted(id: string, now: number): boolean {
    return this.#setDeleted.run(now, now, id).changes === 1;
  }

  restore(id: string, now: number): boolean {
    return this.#restore.run(now, id).changes === 1;
  }

  /** The badge: unread messages over chats that are neither deleted nor muted. */
  totalUnread(): number {
    return this.#totalUnread.get()?.n ?? 0;
  }
}

// Typed access to the messages table: insert, page a chat by (clock, id) cursor, outgoing
// status, read state, edits, deletions and pins. Unread counts and a chat's newest message are
// kept by triggers (account migration 3), so every write here keeps `chats` in step.
// No method opens a transaction: callers group writes in their own db.transaction().
import type { ImageInfo } from '../../../shared/api.ts';
import type { Db } from '../database.ts';
import { ImagesRepository } from './images-repository.ts';

/** Our outgoing messages: pending → sent → stored → delivered, or failed (wire values). */
export const OutgoingStatus = {
  Pending: 'pending',
  Sent: 'sent',
  Stored: 'stored',
  Delivered: 'delivered',
  Failed: 'failed',
} as const;
export type OutgoingStatus = (typeof OutgoingStatus)[keyof typeof OutgoingStatus];

export interface NewMessage {
  /** 0x-prefixed hex. */
  id: string;
  chatId: string;
  /** 0x04… public key. */
  sender: string;
  clock: number;
  /** Sender's unix ms. */
  timestamp: number;
  contentType: number;
  messageType: number;
  text: string;
  responseTo?: string | null;
  payload?: Uint8Array | null;
  payloadFormat?: number | null;
  outgoing: boolean;
  /** Required for outgoing messages, absent for incoming ones. */
  status?: OutgoingStatus | null;
  seen?: boolean;
  receivedAt: number;
}

export interface MessageRecord {
  id: string;
  chatId: string;
  sender: string;
  clock: number;
  timestamp: number;
  contentType: number;
  messageType: number;
  text: string;
  responseTo: string | null;
  payload: Uint8Array | null;
  payloadFormat: number | null;
  outgoing: boolean;
  status: OutgoingStatus | null;
  seen: boolean;
  editedClock: number;
  editedAt: number | null;
  deleted: boolean;
  deletedBy: string | null;
  deletedForMe: boolean;
  pinned: boolean;
  pinnedBy: string | null;
  pinnedClock: number;
  receivedAt: number;
}

/** A position in a chat: messages are ordered by clock, ties broken by id. */
export interface MessageCursor {
  clock: number;
  id: string;
}

interface Row {
  id: string;
  chat_id: string;
  sender: string;
  clock: number;
  timestamp: number;
  content_type: number;
  message_type: number;
  text: string;
  response_to: string | null;
  payload: Buffer | null;
  payload_format: number | null;
  outgoing: number;
  status: OutgoingStatus | null;
  seen: number;
  edited_clock: number;
  edited_at: number | null;
  deleted: number;
  deleted_by: string | null;
  deleted_for_me: number;
  pinned: number;
  pinned_by: string | null;
  pinned_clock: number;
  received_at: number;
}

const COLUMNS = `id, chat_id, sender, clock, timestamp, content_type, message_type, text, response_to, payload,
  payload_format, outgoing, status, seen, edited_clock, edited_at, deleted, deleted_by, deleted_for_me, pinned,
  pinned_by, pinned_clock, received_at`;

const toMessage = (row: Row): MessageRecord => ({
  id: row.id,
  chatId: row.chat_id,
  sender: row.sender,
  clock: row.clock,
  timestamp: row.timestamp,
  contentType: row.content_type,
  messageType: row.message_type,
  text: row.text,
  responseTo: row.response_to,
  payload: row.payload ? new Uint8Array(row.payload) : null,
  payloadFormat: row.payload_format,
  outgoing: row.outgoing === 1,
  status: row.status,
  seen: row.seen === 1,
  editedClock: row.edited_clock,
  editedAt: row.edited_at,
  deleted: row.deleted === 1,
  deletedBy: row.deleted_by,
  deletedForMe: row.deleted_for_me === 1,
  pinned: row.pinned === 1,
  pinnedBy: row.pinned_by,
  pinnedClock: row.pinned_clock,
  receivedAt: row.received_at,
});

// Status may only move forward (a late "sent" must not undo "delivered"); failed can be
// retried (→ pending); delivered is final.
const STATUS_RANK = `CASE status WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'stored' THEN 2 WHEN 'delivered' THEN 3 ELSE -1 END`;
const NEW_RANK = `CASE :status WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'stored' THEN 2 WHEN 'delivered' THEN 3 ELSE -1 END`;

const MAX_PAGE = 1000;

function assertClock(clock: number): void {
  if (!Number.isSafeInteger(clock) || clock <= 0)
    throw new RangeError(`a message clock must be a positive safe integer: ${clock}`);
}

function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw new RangeError(`page limit must be 1..${MAX_PAGE}`);
}

export class MessagesRepository {
  readonly #insert;
  readonly #get;
  readonly #latest;
  readonly #before;
  readonly #oldest;
  readonly #after;
  readonly #setStatus;
  readonly #byStatus;
  readonly #markSeen;
  readonly #markChatRead;
  readonly #countUnread;
  readonly #latestIncomingClock;
  readonly #edit;
  readonly #delete;
  readonly #deleteForMe;
  readonly #pin;
  readonly #pinned;
  readonly #setResponseTo;
  readonly #images: ImagesRepository;

  constructor(db: Db) {
    this.#images = new ImagesRepository(db);
    this.#insert = db.prepare(
      `INSERT INTO messages (id, chat_id, sender, clock, timestamp, content_type, message_type, text, response_to,
         payload, payload_format, outgoing, status, seen, received_at)
       VALUES (:id, :chatId, :sender, :clock, :timestamp, :contentType, :messageType, :text, :responseTo,
         :payload, :payloadFormat, :outgoing, :status, :seen, :receivedAt)
       ON CONFLICT (id) DO NOTHING`,
    );
    this.#get = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM messages WHERE id = ?`);
    // Row-value comparisons let SQLite walk messages_by_chat from the cursor in either direction.
    const visible = 'chat_id = :chatId AND deleted_for_me = 0';
    this.#latest = db.prepare<{ chatId: string; limit: number }, Row>(
      `SELECT ${COLUMNS} FROM messages WHERE ${visible} ORDER BY clock DESC, id DESC LIMIT :limit`,
    );
    this.#before = db.prepare<{ chatId: string; clock: number; id: string; limit: number }, Row>(
      `SELECT ${COLUMNS} FROM messages WHERE ${visible} AND (clock, id) < (:clock, :id)
       ORDER BY clock DESC, id DESC LIMIT :limit`,
    );
    this.#oldest = db.prepare<{ chatId: string; limit: number }, Row>(
      `SELECT ${COLUMNS} FROM messages WHERE ${visible} ORDER BY clock ASC, id ASC LIMIT :limit`,
    );
    this.#after = db.prepare<{ chatId: string; clock: number; id: string; limit: number }, Row>(
      `SELECT ${COLUMNS} FROM messages WHERE ${visible} AND (clock, id) > (:clock, :id)
       ORDER BY clock ASC, id ASC LIMIT :limit`,
    );
    this.#setStatus = db.prepare<{ id: string; status: OutgoingStatus }>(
      `UPDATE messages SET status = :status
       WHERE id = :id AND outgoing = 1 AND status <> 'delivered' AND status <> :status
         AND (${NEW_RANK} > ${STATUS_RANK} OR :status = 'failed' OR (:status = 'pending' AND status = 'failed'))`,
    );
    this.#byStatus = db.prepare<[string], Row>(
      `SELECT ${COLUMNS} FROM messages WHERE status = ? ORDER BY clock ASC, id ASC`,
    );
    this.#markSeen = db.prepare<[string]>('UPDATE messages SET seen = 1 WHERE id = ? AND seen = 0');
    this.#markChatRead = db.prepare<{ chatId: string; upTo: number }>(
      `UPDATE messages SET seen = 1
       WHERE chat_id = :chatId AND clock <= :upTo AND seen = 0 AND outgoing = 0 AND deleted = 0 AND deleted_for_me = 0`,
    );
    this.#latestIncomingClock = db.prepare<[string], { clock: number | null }>(
      'SELECT max(clock) AS clock FROM messages WHERE chat_id = ? AND outgoing = 0',
    );
    this.#countUnread = db.prepare<[string], { n: number }>(
      `SELECT count(*) AS n FROM messages
       WHERE chat_id = ? AND seen = 0 AND outgoing = 0 AND deleted = 0 AND deleted_for_me = 0`,
    );
    this.#edit = db.prepare<{ id: string; text: string; clock: number; at: number }>(
      `UPDATE messages SET text = :text, edited_clock = :clock, edited_at = :at
       WHERE id = :id AND deleted = 0 AND edited_clock < :clock`,
    );
    this.#delete = db.prepare<{ id: string; by: string }>(
      `UPDATE messages SET deleted = 1, deleted_by = :by, text = '', payload = NULL, payload_format = NULL,
         pinned = 0, pinned_by = NULL
       WHERE id = :id AND deleted = 0`,
    );
    this.#deleteForMe = db.prepare<[string]>(
      'UPDATE messages SET deleted_for_me = 1 WHERE id = ? AND deleted_for_me = 0',
    );
    this.#pin = db.prepare<{ id: string; pinned: number; by: string; clock: number }>(
      `UPDATE messages SET pinned = :pinned, pinned_by = :by, pinned_clock = :clock
       WHERE id = :id AND deleted = 0 AND pinned_clock < :clock`,
    );
    this.#setResponseTo = db.prepare<{ id: string; responseTo: string }>(
      'UPDATE messages SET response_to = :responseTo WHERE id = :id',
    );
    this.#pinned = db.prepare<[string], Row>(
      `SELECT ${COLUMNS} FROM messages WHERE chat_id = ? AND pinned = 1 ORDER BY pinned_clock DESC, id DESC`,
    );
  }

  /** Inserts a message; false when a message with this id is already stored (a duplicate). */
  insert(message: NewMessage): boolean {
    assertClock(message.clock);
    if (message.outgoing !== (message.status != null)) {
      throw new Error('outgoing messages need a status and incoming ones must not have one');
    }
    const result = this.#insert.run({
      id: message.id,
      chatId: message.chatId,
      sender: message.sender,
      clock: message.clock,
      timestamp: message.timestamp,
      contentType: message.contentType,
      messageType: message.messageType,
      text: message.text,
      responseTo: message.responseTo ?? null,
      payload: message.payload ?? null,
      payloadFormat: message.payloadFormat ?? null,
      outgoing: message.outgoing ? 1 : 0,
      status: message.status ?? null,
      // Our own messages are never unread.
      seen: message.outgoing || message.seen ? 1 : 0,
      receivedAt: message.receivedAt,
    });
    return result.changes === 1;
  }

  get(id: string): MessageRecord | null {
    const row = this.#get.get(id);
    return row ? toMessage(row) : null;
  }

  /**
   * Up to `limit` messages strictly before the cursor (or the newest ones, with no cursor),
   * newest first: scrolling back from the bottom of a chat. Hidden (deleted-for-me) ones are
   * skipped; deleted ones are returned with `deleted` set so the UI can show a placeholder.
   */
  before(chatId: string, cursor: MessageCursor | null, limit: number): MessageRecord[] {
    assertLimit(limit);
    const rows = cursor
      ? this.#before.all({ chatId, clock: cursor.clock, id: cursor.id, limit })
      : this.#latest.all({ chatId, limit });
    return rows.map(toMessage);
  }

  /** Up to `limit` messages strictly after the cursor (or the oldest ones), oldest first. */
  after(chatId: string, cursor: MessageCursor | null, limit: number): MessageRecord[] {
    assertLimit(limit);
    const rows = cursor
      ? this.#after.all({ chatId, clock: cursor.clock, id: cursor.id, limit })
      : this.#oldest.all({ chatId, limit });
    return rows.map(toMessage);
  }

  /** Moves an outgoing message's status forward; false when the move is not allowed or a no-op. */
  setStatus(id: string, status: OutgoingStatus): boolean {
    return this.#setStatus.run({ id, status }).changes === 1;
  }

  /** Our messages in one status, oldest first (e.g. the pending ones to send after a restart). */
  withStatus(status: OutgoingStatus): MessageRecord[] {
    return this.#byStatus.all(status).map(toMessage);
  }

  /** Marks messages seen; returns how many were unseen. */
  markSeen(ids: readonly string[]): number {
    let changed = 0;
    for (const id of ids) changed += this.#markSeen.run(id).changes;
    return changed;
  }

  /** Marks a chat read up to a clock (everything, by default); returns how many became read. */
  markChatRead(chatId: string, upToClock: number = Number.MAX_SAFE_INTEGER): number {
    return this.#markChatRead.run({ chatId, upTo: upToClock }).changes;
  }

  /** The clock of the chat's latest incoming message (status-go's latestIncomingMessageClock), or null. */
  latestIncomingClock(chatId: string): number | null {
    return this.#latestIncomingClock.get(chatId)?.clock ?? null;
  }

  /** Counted from the messages themselves (chats.unread_count holds the same, kept by triggers). */
  countUnread(chatId: string): number {
    return this.#countUnread.get(chatId)?.n ?? 0;
  }

  /** Applies an edit if it is newer than the last one applied and the message is not deleted. */
  edit(id: string, text: string, editClock: number, at: number): boolean {
    assertClock(editClock);
    return this.#edit.run({ id, text, clock: editClock, at }).changes === 1;
  }

  /** Deleted for everyone: the row stays as a tombstone, its content goes. */
  markDeleted(id: string, deletedBy: string): boolean {
    return this.#delete.run({ id, by: deletedBy }).changes === 1;
  }

  /** Hidden on this account only. */
  markDeletedForMe(id: string): boolean {
    return this.#deleteForMe.run(id).changes === 1;
  }

  /** Applies a pin or unpin if it is newer than the last one applied to the message. */
  setPinned(id: string, pinned: boolean, by: string, clock: number): boolean {
    assertClock(clock);
    return this.#pin.run({ id, pinned: pinned ? 1 : 0, by, clock }).changes === 1;
  }

  /** Marks a stored message as a reply (ChatMessage.response_to); false when there is no such row. */
  setResponseTo(id: string, responseTo: string): boolean {
    return this.#setResponseTo.run({ id, responseTo }).changes === 1;
  }

  /** The picture of an IMAGE message, as views show it (null once deleted for everyone). */
  image(id: string): ImageInfo | null {
    return this.#images.info(id);
  }

  /** Pinned messages of a chat, most recently pinned first. */
  pinned(chatId: string): MessageRecord[] {
    return this.#pinned.all(chatId).map(toMessage);
  }
}

// Typed access to pending_actions (account migration 6): their edits, deletions, reactions and
// pins that came before the message they are about. No transactions here.
import type { Db } from '../database.ts';

export interface PendingAction {
  id: string;
  targetId: string;
  chatId: string;
  type: number;
  payload: Uint8Array;
  sender: string;
  wakuTimestampNs: bigint;
  receivedAt: number;
}

interface Row {
  id: string;
  target_id: string;
  chat_id: string;
  type: number;
  payload: Buffer;
  sender: string;
  waku_timestamp_ns: string;
  received_at: number;
}

const COLUMNS = 'id, target_id, chat_id, type, payload, sender, waku_timestamp_ns, received_at';

const toAction = (row: Row): PendingAction => ({
  id: row.id,
  targetId: row.target_id,
  chatId: row.chat_id,
  type: row.type,
  payload: new Uint8Array(row.payload),
  sender: row.sender,
  wakuTimestampNs: BigInt(row.waku_timestamp_ns),
  receivedAt: row.received_at,
});

export class PendingActionsRepository {
  readonly #insert;
  readonly #forTarget;
  readonly #deleteForTarget;
  readonly #countChat;
  readonly #countAll;
  readonly #oldestInChat;
  readonly #oldest;
  readonly #delete;
  readonly #expire;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO pending_actions (${COLUMNS})
       VALUES (:id, :targetId, :chatId, :type, :payload, :sender, :wakuTimestampNs, :receivedAt)
       ON CONFLICT (id) DO NOTHING`,
    );
    this.#forTarget = db.prepare<[string], Row>(
      `SELECT ${COLUMNS} FROM pending_actions WHERE target_id = ? ORDER BY received_at, id`,
    );
    this.#deleteForTarget = db.prepare<[string]>('DELETE FROM pending_actions WHERE target_id = ?');
    this.#countChat = db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM pending_actions WHERE chat_id = ?',
    );
    this.#countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM pending_actions');
    this.#oldestInChat = db.prepare<[string], { id: string }>(
      'SELECT id FROM pending_actions WHERE chat_id = ? ORDER BY received_at, id LIMIT 1',
    );
    this.#oldest = db.prepare<[], { id: string }>('SELECT id FROM pending_actions ORDER BY received_at, id LIMIT 1');
    this.#delete = db.prepare<[string]>('DELETE FROM pending_actions WHERE id = ?');
    this.#expire = db.prepare<[number]>('DELETE FROM pending_actions WHERE received_at < ?');
  }

  /** Keeps an action; false when it is kept already (a duplicate). */
  add(action: PendingAction): boolean {
    return (
      this.#insert.run({
        id: action.id,
        targetId: action.targetId,
        chatId: action.chatId,
        type: action.type,
        payload: action.payload,
        sender: action.sender,
        wakuTimestampNs: action.wakuTimestampNs.toString(),
        receivedAt: action.receivedAt,
      }).changes === 1
    );
  }

  /** Takes (returns and deletes) the actions waiting for a message, oldest first. */
  takeFor(targetId: string): PendingAction[] {
    const actions = this.#forTarget.all(targetId).map(toAction);
    if (actions.length > 0) this.#deleteForTarget.run(targetId);
    return actions;
  }

  countInChat(chatId: string): number {
    return this.#countChat.get(chatId)?.n ?? 0;
  }

  count(): number {
    return this.#countAll.get()?.n ?? 0;
  }

  /** Deletes the oldest action of a chat (or of all chats); false when there is none. */
  evictOldest(chatId?: string): boolean {
    const row = chatId === undefined ? this.#oldest.get() : this.#oldestInChat.get(chatId);
    return row ? this.#delete.run(row.id).changes === 1 : false;
  }

  /** Deletes actions received before `before`; returns how many. */
  expire(before: number): number {
    return this.#expire.run(before).changes;
  }
}

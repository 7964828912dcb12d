// Typed access to the reactions table: one row per (message, sender, emoji), last writer by
// clock wins, so reactions and retractions may arrive in any order and still converge.
import type { Db } from '../database.ts';

/** EmojiReaction.Type (wire values). */
export const EmojiType = { Love: 1, ThumbsUp: 2, ThumbsDown: 3, Laugh: 4, Sad: 5, Angry: 6 } as const;
export type EmojiType = (typeof EmojiType)[keyof typeof EmojiType];

export interface ReactionRecord {
  messageId: string;
  chatId: string;
  sender: string;
  emoji: EmojiType;
  clock: number;
  retracted: boolean;
}

interface Row {
  message_id: string;
  chat_id: string;
  sender: string;
  emoji: EmojiType;
  clock: number;
  retracted: number;
}

const toReaction = (row: Row): ReactionRecord => ({
  messageId: row.message_id,
  chatId: row.chat_id,
  sender: row.sender,
  emoji: row.emoji,
  clock: row.clock,
  retracted: row.retracted === 1,
});

const COLUMNS = 'message_id, chat_id, sender, emoji, clock, retracted';

export class ReactionsRepository {
  readonly #upsert;
  readonly #list;
  readonly #listAll;

  constructor(db: Db) {
    this.#upsert = db.prepare<[string, string, string, number, number, number]>(
      `INSERT INTO reactions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (message_id, sender, emoji) DO UPDATE SET clock = excluded.clock, retracted = excluded.retracted
       WHERE excluded.clock > reactions.clock`,
    );
    this.#list = db.prepare<[string], Row>(
      `SELECT ${COLUMNS} FROM reactions WHERE message_id = ? AND retracted = 0 ORDER BY clock ASC, sender ASC, emoji ASC`,
    );
    this.#listAll = db.prepare<[string], Row>(
      `SELECT ${COLUMNS} FROM reactions WHERE message_id = ? ORDER BY clock ASC, sender ASC, emoji ASC`,
    );
  }

  /** Applies a reaction or its retraction; false when an equal or newer one is already stored. */
  upsert(reaction: ReactionRecord): boolean {
    const r = reaction;
    return this.#upsert.run(r.messageId, r.chatId, r.sender, r.emoji, r.clock, r.retracted ? 1 : 0).changes === 1;
  }

  /** The reactions shown on a message (retracted ones left out unless asked for), oldest first. */
  forMessage(messageId: string, options: { includeRetracted?: boolean } = {}): ReactionRecord[] {
    return (options.includeRetracted ? this.#listAll : this.#list).all(messageId).map(toReaction);
  }
}

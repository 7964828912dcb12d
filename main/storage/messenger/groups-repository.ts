// Typed access to the private group tables (account migration 8): the event log of each group
// and this device's local flags. No method opens a transaction: callers group writes.
import type { Db } from '../database.ts';

export interface StoredGroupEvent {
  chatId: string;
  eventId: string;
  signer: string;
  clock: number;
  wire: Uint8Array;
}

export class GroupsRepository {
  readonly #insert;
  readonly #events;
  readonly #chats;
  readonly #declined;
  readonly #setDeclined;

  constructor(db: Db) {
    this.#insert = db.prepare<[string, string, string, number, Uint8Array, number]>(
      `INSERT INTO group_events (chat_id, event_id, signer, clock, wire, received_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    this.#events = db.prepare<
      [string],
      { chat_id: string; event_id: string; signer: string; clock: number; wire: Uint8Array }
    >('SELECT chat_id, event_id, signer, clock, wire FROM group_events WHERE chat_id = ? ORDER BY clock, event_id');
    this.#chats = db.prepare<[], { chat_id: string }>('SELECT DISTINCT chat_id FROM group_events ORDER BY chat_id');
    this.#declined = db.prepare<[string], { declined: number }>('SELECT declined FROM group_local WHERE chat_id = ?');
    this.#setDeclined = db.prepare<[string, number, number]>(
      `INSERT INTO group_local (chat_id, declined, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (chat_id) DO UPDATE SET declined = excluded.declined, updated_at = excluded.updated_at`,
    );
  }

  /** Adds an event to the log; false when it was already there. */
  add(event: StoredGroupEvent, now: number): boolean {
    return this.#insert.run(event.chatId, event.eventId, event.signer, event.clock, event.wire, now).changes === 1;
  }

  events(chatId: string): StoredGroupEvent[] {
    return this.#events.all(chatId).map((r) => ({
      chatId: r.chat_id,
      eventId: r.event_id,
      signer: r.signer,
      clock: r.clock,
      wire: new Uint8Array(r.wire),
    }));
  }

  /** Every group we hold events of. */
  chatIds(): string[] {
    return this.#chats.all().map((r) => r.chat_id);
  }

  declined(chatId: string): boolean {
    return this.#declined.get(chatId)?.declined === 1;
  }

  setDeclined(chatId: string, declined: boolean, now: number): void {
    this.#setDeclined.run(chatId, declined ? 1 : 0, now);
  }
}

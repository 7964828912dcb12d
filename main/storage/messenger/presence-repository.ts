// Contacts' last StatusUpdate, in the presence columns of the contacts table (migration 3), so
// "last seen" survives a restart. Only known contacts have a row; others stay in memory.
import type { Db } from '../database.ts';

export interface StoredPresence {
  publicKey: string;
  statusType: number;
  /** StatusUpdate.clock, unix seconds. */
  clock: number;
  customText: string;
}

export class PresenceRepository {
  readonly #update;
  readonly #all;

  constructor(db: Db) {
    // An older update never overwrites a newer one.
    this.#update = db.prepare<[number, number, string, number, string, number]>(
      `UPDATE contacts SET presence_type = ?, presence_clock = ?, custom_status = ?, last_seen_at = ?
       WHERE public_key = ? AND presence_clock < ?`,
    );
    this.#all = db.prepare<
      [],
      { public_key: string; presence_type: number; presence_clock: number; custom_status: string }
    >('SELECT public_key, presence_type, presence_clock, custom_status FROM contacts WHERE presence_clock > 0');
  }

  save(p: StoredPresence): boolean {
    return this.#update.run(p.statusType, p.clock, p.customText, p.clock * 1000, p.publicKey, p.clock).changes === 1;
  }

  all(): StoredPresence[] {
    return this.#all.all().map((row) => ({
      publicKey: row.public_key,
      statusType: row.presence_type,
      clock: row.presence_clock,
      customText: row.custom_status,
    }));
  }
}

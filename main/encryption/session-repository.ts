// Double-ratchet sessions in the account database (table encryption_sessions, account
// migration 2). `lookup` feeds encrypt/decryptProtocolMessage; `apply` stores the updates they
// return and must run inside the caller's transaction together with the message they belong
// to: then a crash either keeps both or neither, and no message key is lost or used twice.
// It opens no transaction of its own (a nested db.transaction() would become a savepoint).
import type { Db } from '../storage/database.ts';
import type { EncryptionSession, SessionLookup, SessionUpdate } from './protocol-message.ts';
import { deserializeRatchet, serializeRatchet } from './ratchet/double-ratchet.ts';

interface Row {
  ratchet: string;
  prekey: Buffer;
  x3dh_ephemeral: Buffer | null;
  their_ephemeral: Buffer | null;
}

const bytes = (buffer: Buffer) => new Uint8Array(buffer);

export class SessionRepository {
  readonly #get;
  readonly #put;
  readonly #delete;
  readonly #now: () => number;

  constructor(db: Db, now: () => number = Date.now) {
    this.#now = now;
    this.#get = db.prepare<[string, string], Row>(
      `SELECT ratchet, prekey, x3dh_ephemeral, their_ephemeral FROM encryption_sessions
       WHERE peer_identity = ? AND installation_id = ?`,
    );
    this.#put = db.prepare<[string, string, string, Uint8Array, Uint8Array | null, Uint8Array | null, number]>(
      `INSERT INTO encryption_sessions
         (peer_identity, installation_id, ratchet, prekey, x3dh_ephemeral, their_ephemeral, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (peer_identity, installation_id) DO UPDATE SET ratchet = excluded.ratchet, prekey = excluded.prekey,
         x3dh_ephemeral = excluded.x3dh_ephemeral, their_ephemeral = excluded.their_ephemeral,
         updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare<[string]>('DELETE FROM encryption_sessions WHERE peer_identity = ?');
  }

  /** Sessions by (peer identity as compressed hex, installation id). */
  readonly lookup: SessionLookup = (peerIdentity, installationId) => {
    const row = this.#get.get(peerIdentity, installationId);
    if (!row) return undefined;
    const session: EncryptionSession = {
      ratchet: deserializeRatchet(row.ratchet),
      preKey: bytes(row.prekey),
      x3dhEphemeral: row.x3dh_ephemeral ? bytes(row.x3dh_ephemeral) : undefined,
      theirEphemeral: row.their_ephemeral ? bytes(row.their_ephemeral) : undefined,
    };
    return session;
  };

  /** Stores the sessions encrypt/decrypt returned; call inside the transaction that stores the message. */
  apply(updates: readonly SessionUpdate[]): void {
    const now = this.#now();
    for (const { peerIdentity, installationId, session } of updates) {
      this.#put.run(
        peerIdentity,
        installationId,
        serializeRatchet(session.ratchet),
        session.preKey,
        session.x3dhEphemeral ?? null,
        session.theirEphemeral ?? null,
        now,
      );
    }
  }

  /** Forgets every session with a peer (e.g. on block or reset); returns how many. */
  deletePeer(peerIdentity: string): number {
    return this.#delete.run(peerIdentity).changes;
  }
}

// MVDS state in the account database (tables mvds_outgoing, mvds_pending_acks, mvds_received
// of account migration 2): the durable twin of MemoryMvdsStore, returning records in the same
// order (first insertion, kept by a rowid that re-puts do not change), so the node behaves the
// same over either. No method opens a transaction: the caller wraps a node step together with
// the messages it stores, so a crash never acks a message that was not kept.
import type { Db } from '../../storage/database.ts';
import type { MvdsStore, OutgoingRecord } from './node.ts';

/** MVDS gives up re-sending after ~10 days (MAX_SEND_COUNT); received ids older than this cannot return. */
export const MVDS_RECEIVED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

interface OutgoingRow {
  peer: string;
  id: string;
  group_id: Buffer;
  timestamp: bigint;
  body: Buffer;
  send_count: bigint;
  send_epoch: bigint;
}

const toRecord = (row: OutgoingRow): OutgoingRecord => ({
  id: row.id,
  peer: row.peer,
  message: { groupId: new Uint8Array(row.group_id), timestamp: row.timestamp, body: new Uint8Array(row.body) },
  sendCount: Number(row.send_count),
  sendEpoch: Number(row.send_epoch),
});

const OUTGOING_COLUMNS = 'peer, id, group_id, timestamp, body, send_count, send_epoch';

export class SqliteMvdsStore implements MvdsStore {
  readonly #now: () => number;
  readonly #put;
  readonly #delete;
  readonly #due;
  readonly #for;
  readonly #addAck;
  readonly #acksOf;
  readonly #deleteAcks;
  readonly #ackPeers;
  readonly #markReceived;
  readonly #prune;
  readonly #reschedule;

  /** `now` (unix ms) stamps received ids for pruning. */
  constructor(db: Db, now: () => number = Date.now) {
    this.#now = now;
    this.#put = db.prepare<[string, string, Uint8Array, bigint, Uint8Array, number, number]>(
      `INSERT INTO mvds_outgoing (${OUTGOING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (peer, id) DO UPDATE SET group_id = excluded.group_id, timestamp = excluded.timestamp,
         body = excluded.body, send_count = excluded.send_count, send_epoch = excluded.send_epoch`,
    );
    this.#delete = db.prepare<[string, string]>('DELETE FROM mvds_outgoing WHERE peer = ? AND id = ?');
    // The timestamp is an int64 on the wire: read it exactly.
    this.#due = db
      .prepare<[number], OutgoingRow>(
        `SELECT ${OUTGOING_COLUMNS} FROM mvds_outgoing WHERE send_epoch <= ? ORDER BY seq`,
      )
      .safeIntegers(true);
    this.#for = db
      .prepare<[string], OutgoingRow>(`SELECT ${OUTGOING_COLUMNS} FROM mvds_outgoing WHERE peer = ? ORDER BY seq`)
      .safeIntegers(true);
    this.#addAck = db.prepare<[string, string]>(
      'INSERT INTO mvds_pending_acks (peer, id) VALUES (?, ?) ON CONFLICT (peer, id) DO NOTHING',
    );
    this.#acksOf = db.prepare<[string], { id: string }>('SELECT id FROM mvds_pending_acks WHERE peer = ? ORDER BY seq');
    this.#deleteAcks = db.prepare<[string]>('DELETE FROM mvds_pending_acks WHERE peer = ?');
    // A peer's place is that of its oldest pending ack, as a Map keeps its first insertion.
    this.#ackPeers = db.prepare<[], { peer: string }>(
      'SELECT peer FROM mvds_pending_acks GROUP BY peer ORDER BY min(seq)',
    );
    this.#markReceived = db.prepare<[string, number]>(
      'INSERT INTO mvds_received (id, received_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.#prune = db.prepare<[number]>('DELETE FROM mvds_received WHERE received_at < ?');
    this.#reschedule = db.prepare<[number, string, number]>(
      'UPDATE mvds_outgoing SET send_epoch = ? WHERE peer = ? AND send_epoch > ?',
    );
  }

  rescheduleOutgoing(peer: string, epoch: number): number {
    return this.#reschedule.run(epoch, peer, epoch).changes;
  }

  putOutgoing(record: OutgoingRecord): void {
    const { message } = record;
    this.#put.run(
      record.peer,
      record.id,
      message.groupId,
      message.timestamp,
      message.body,
      record.sendCount,
      record.sendEpoch,
    );
  }

  deleteOutgoing(peer: string, ids: string[]): string[] {
    return ids.filter((id) => this.#delete.run(peer, id).changes === 1);
  }

  dueOutgoing(epoch: number): OutgoingRecord[] {
    return this.#due.all(epoch).map(toRecord);
  }

  outgoingFor(peer: string): OutgoingRecord[] {
    return this.#for.all(peer).map(toRecord);
  }

  /**
   * Unlike the memory store, adding no ids leaves no trace: the memory store would then list
   * the peer in peersWithPendingAcks with nothing to send. MvdsNode never adds an empty list.
   */
  addPendingAcks(peer: string, ids: string[]): void {
    for (const id of ids) this.#addAck.run(peer, id);
  }

  takePendingAcks(peer: string): string[] {
    const ids = this.#acksOf.all(peer).map((row) => row.id);
    this.#deleteAcks.run(peer);
    return ids;
  }

  peersWithPendingAcks(): string[] {
    return this.#ackPeers.all().map((row) => row.peer);
  }

  markReceived(id: string): boolean {
    return this.#markReceived.run(id, this.#now()).changes === 1;
  }

  /** Forgets received ids older than the retention; returns how many. Run it now and then. */
  pruneReceived(retentionMs: number = MVDS_RECEIVED_RETENTION_MS): number {
    return this.#prune.run(this.#now() - retentionMs).changes;
  }
}

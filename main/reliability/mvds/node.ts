// The MVDS node in batch mode, as status-go uses it: every message is sent and re-sent with
// back-off until the peer acknowledges it; every message received is acknowledged (again,
// if it arrives again) and handed up once. State lives in a store so nothing is lost on a
// crash; the transport is whoever calls `due()` and `receive()`.
import { mvdsMessageId } from './ids.ts';
import { MAX_SEND_COUNT, nextEpoch, onlineEpoch } from './schedule.ts';

export interface MvdsMessage {
  groupId: Uint8Array;
  /** Unix seconds. */
  timestamp: bigint;
  body: Uint8Array;
}

/** What travels to one peer in one go (the protobuf Payload, interactive fields unused). */
export interface MvdsPayload {
  acks: Uint8Array[];
  messages: MvdsMessage[];
}

export interface OutgoingRecord {
  /** hex of the MVDS message id */
  id: string;
  peer: string;
  message: MvdsMessage;
  sendCount: number;
  sendEpoch: number;
}

/** Persistence of the node's state; one implementation per database. */
export interface MvdsStore {
  putOutgoing(record: OutgoingRecord): void;
  deleteOutgoing(peer: string, ids: string[]): string[];
  dueOutgoing(epoch: number): OutgoingRecord[];
  outgoingFor(peer: string): OutgoingRecord[];
  addPendingAcks(peer: string, ids: string[]): void;
  takePendingAcks(peer: string): string[];
  peersWithPendingAcks(): string[];
  /** Records an id as received; returns false when it had been received before. */
  markReceived(id: string): boolean;
  /** Moves the peer's records due after `epoch` to `epoch`; returns how many moved. */
  rescheduleOutgoing(peer: string, epoch: number): number;
}

export interface MvdsEvents {
  /** Our message reached the peer (its ack arrived); `message` is what was sent. */
  onDelivered?: (peer: string, id: string, message: MvdsMessage) => void;
  /** We stopped re-sending after MAX_SEND_COUNT attempts. */
  onExpired?: (peer: string, id: string) => void;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

export class MvdsNode {
  readonly #store: MvdsStore;
  readonly #events: MvdsEvents;
  readonly #random: () => number;

  constructor(store: MvdsStore, events: MvdsEvents = {}, random: () => number = Math.random) {
    this.#store = store;
    this.#events = events;
    this.#random = random;
  }

  /** Queues a message for a peer; it goes out at the next `due()`. Returns its MVDS id. */
  send(peer: string, message: MvdsMessage, epoch: number): string {
    const id = hex(mvdsMessageId(message.groupId, message.timestamp, message.body));
    this.#store.putOutgoing({ id, peer, message, sendCount: 0, sendEpoch: epoch });
    return id;
  }

  /** Everything that should be sent now, one payload per peer; reschedules what it returns. */
  due(epoch: number): Map<string, MvdsPayload> {
    const out = new Map<string, MvdsPayload>();
    const payloadFor = (peer: string) => {
      let payload = out.get(peer);
      if (!payload) {
        payload = { acks: [], messages: [] };
        out.set(peer, payload);
      }
      return payload;
    };
    for (const record of this.#store.dueOutgoing(epoch)) {
      if (record.sendCount >= MAX_SEND_COUNT) {
        this.#store.deleteOutgoing(record.peer, [record.id]);
        this.#events.onExpired?.(record.peer, record.id);
        continue;
      }
      payloadFor(record.peer).messages.push(record.message);
      const sendCount = record.sendCount + 1;
      this.#store.putOutgoing({ ...record, sendCount, sendEpoch: nextEpoch(sendCount, epoch, this.#random) });
    }
    // Acks are never scheduled: they go out with the next payload, or alone.
    for (const peer of this.#store.peersWithPendingAcks()) {
      payloadFor(peer).acks.push(...this.#store.takePendingAcks(peer).map(bytes));
    }
    return out;
  }

  /** Handles a payload from a peer: returns the messages to hand up (each once). */
  receive(peer: string, payload: MvdsPayload): Array<MvdsMessage & { id: string }> {
    if (payload.acks.length > 0) {
      const ackIds = new Set(payload.acks.map(hex));
      const records = new Map(
        this.#store
          .outgoingFor(peer)
          .filter((record) => ackIds.has(record.id))
          .map((record) => [record.id, record.message]),
      );
      const acked = this.#store.deleteOutgoing(peer, [...ackIds]);
      for (const id of acked) {
        const message = records.get(id);
        if (message) this.#events.onDelivered?.(peer, id, message);
      }
    }
    const fresh: Array<MvdsMessage & { id: string }> = [];
    const acks: string[] = [];
    for (const message of payload.messages) {
      const id = hex(mvdsMessageId(message.groupId, message.timestamp, message.body));
      acks.push(id);
      if (this.#store.markReceived(id)) fresh.push({ ...message, id });
    }
    if (acks.length > 0) this.#store.addPendingAcks(peer, acks);
    return fresh;
  }

  /**
   * The peer just showed it is online (its StatusUpdate): what it still lacks goes out within
   * 0–18 s instead of at its back-off (status-go resets the peer's retransmission epochs).
   * Records already due sooner keep their place; the send count (the back-off) is kept.
   * Returns how many records were moved.
   */
  peerOnline(peer: string, epoch: number): number {
    return this.#store.rescheduleOutgoing(peer, onlineEpoch(epoch, this.#random));
  }
}

/** An in-memory store: for tests, and as the reference for the database one. */
export class MemoryMvdsStore implements MvdsStore {
  readonly outgoing = new Map<string, OutgoingRecord>();
  readonly pendingAcks = new Map<string, Set<string>>();
  readonly received = new Set<string>();

  putOutgoing(record: OutgoingRecord): void {
    this.outgoing.set(`${record.peer}/${record.id}`, record);
  }

  deleteOutgoing(peer: string, ids: string[]): string[] {
    return ids.filter((id) => this.outgoing.delete(`${peer}/${id}`));
  }

  dueOutgoing(epoch: number): OutgoingRecord[] {
    return [...this.outgoing.values()].filter((r) => r.sendEpoch <= epoch);
  }

  outgoingFor(peer: string): OutgoingRecord[] {
    return [...this.outgoing.values()].filter((r) => r.peer === peer);
  }

  addPendingAcks(peer: string, ids: string[]): void {
    const set = this.pendingAcks.get(peer) ?? new Set<string>();
    for (const id of ids) set.add(id);
    this.pendingAcks.set(peer, set);
  }

  takePendingAcks(peer: string): string[] {
    const ids = [...(this.pendingAcks.get(peer) ?? [])];
    this.pendingAcks.delete(peer);
    return ids;
  }

  peersWithPendingAcks(): string[] {
    return [...this.pendingAcks.keys()];
  }

  markReceived(id: string): boolean {
    if (this.received.has(id)) return false;
    this.received.add(id);
    return true;
  }

  rescheduleOutgoing(peer: string, epoch: number): number {
    let moved = 0;
    for (const record of this.outgoingFor(peer)) {
      if (record.sendEpoch <= epoch) continue;
      this.putOutgoing({ ...record, sendEpoch: epoch });
      moved += 1;
    }
    return moved;
  }
}

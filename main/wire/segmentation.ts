// Large payloads are cut into SegmentMessages, each sent in its own Waku message, with
// Reed-Solomon parity segments so a few may be lost (status-go's segmentation, byte for byte:
// same hash, counts, parity rate and klauspost-compatible parity). Reassembly keeps bounded
// state in memory and refuses inconsistent or forged segments.
import { keccak256 } from '../crypto/hash.ts';
import { decodeOrError, encode, SegmentMessage, WireDecodeError } from './proto.ts';
import { MAX_TOTAL_SHARDS, ReedSolomon } from './reed-solomon.ts';

/**
 * Bytes of payload per segment: a 150 KiB Waku message minus 4 KiB for the segment metadata
 * (~60 B), the v1 envelope (≤ 440 B with ECIES and the largest padding) and the Waku message
 * fields. status-go uses 3/4 of its 1 MiB limit; on The Waku Network, 150 KiB is the limit.
 */
export const DEFAULT_SEGMENT_BYTES = 150 * 1024 - 4 * 1024;
const PARITY_RATE = 0.125;
/** Largest segment accepted from others (status-go's own size is 768 KiB). */
const MAX_RECEIVED_SEGMENT_BYTES = 1 << 20;
/** At most this many data segments per message (≈ 73 MB at the default size). */
const MAX_SEGMENTS = 512;
/** Lengths tried for a rebuilt last segment whose data ended in zeros (its length is unknown). */
const MAX_LAST_SEGMENT_TRIMS = 256;

/** The bytes to send: the payload itself when it fits, else encoded SegmentMessages (data, then parity). */
export function segmentPayload(payload: Uint8Array, segmentBytes = DEFAULT_SEGMENT_BYTES): Uint8Array[] {
  if (payload.length <= segmentBytes) return [payload];
  const hash = keccak256(payload);
  const count = Math.ceil(payload.length / segmentBytes);
  const parityCount = Math.floor(count * PARITY_RATE);
  const chunks = Array.from({ length: count }, (_, i) => payload.subarray(i * segmentBytes, (i + 1) * segmentBytes));
  const out = chunks.map((chunk, index) =>
    encode(SegmentMessage, { entireMessageHash: hash, index, segmentsCount: count, payload: chunk }),
  );
  if (parityCount === 0 || count + parityCount > MAX_TOTAL_SHARDS) return out;
  const padded = chunks.map((chunk) => (chunk.length === segmentBytes ? chunk : padTo(chunk, segmentBytes)));
  new ReedSolomon(count, parityCount).encode(padded).forEach((parity, parityIndex) => {
    out.push(
      encode(SegmentMessage, {
        entireMessageHash: hash,
        segmentsCount: 0,
        paritySegmentIndex: parityIndex,
        paritySegmentsCount: parityCount,
        payload: parity,
      }),
    );
  });
  return out;
}

function padTo(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(bytes);
  return out;
}

export const SegmentRejection = {
  Malformed: 'malformed',
  BadHash: 'bad_hash',
  BadIndex: 'bad_index',
  TooLarge: 'too_large',
  Inconsistent: 'inconsistent',
  Duplicate: 'duplicate',
  AlreadyCompleted: 'already_completed',
  HashMismatch: 'hash_mismatch',
  Evicted: 'evicted',
} as const;
export type SegmentRejection = (typeof SegmentRejection)[keyof typeof SegmentRejection];

export type SegmentOutcome =
  | { kind: 'plain' }
  | { kind: 'pending' }
  | { kind: 'complete'; payload: Uint8Array }
  | { kind: 'rejected'; reason: SegmentRejection };

interface PendingSet {
  dataCount: number | undefined;
  parityCount: number | undefined;
  segmentSize: number | undefined;
  data: Map<number, Uint8Array>;
  parity: Map<number, Uint8Array>;
  bytes: number;
  firstSeenMs: number;
}

export interface ReassemblerOptions {
  maxPendingSets?: number;
  maxPendingBytes?: number;
  /** Incomplete sets older than this are dropped. */
  ttlMs?: number;
  now?: () => number;
}

export class SegmentReassembler {
  readonly #pending = new Map<string, PendingSet>();
  readonly #completed = new Set<string>();
  readonly #maxSets: number;
  readonly #maxBytes: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #bytes = 0;
  readonly rejected: Record<SegmentRejection, number> = {
    malformed: 0,
    bad_hash: 0,
    bad_index: 0,
    too_large: 0,
    inconsistent: 0,
    duplicate: 0,
    already_completed: 0,
    hash_mismatch: 0,
    evicted: 0,
  };

  constructor(options: ReassemblerOptions = {}) {
    this.#maxSets = options.maxPendingSets ?? 64;
    this.#maxBytes = options.maxPendingBytes ?? 64 * 1024 * 1024;
    this.#ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  get pendingSets(): number {
    return this.#pending.size;
  }

  get pendingBytes(): number {
    return this.#bytes;
  }

  /**
   * Feeds the decrypted bytes of one Waku message from `sender` (hex of its signing key:
   * segments of different senders never mix). 'plain' means it was no segment at all.
   */
  accept(bytes: Uint8Array, sender: string): SegmentOutcome {
    const decoded = decodeOrError(SegmentMessage, bytes, MAX_RECEIVED_SEGMENT_BYTES + 1024);
    if (decoded instanceof WireDecodeError) return { kind: 'plain' };
    const dataCount = decoded.segmentsCount ?? 0;
    const parityCount = decoded.paritySegmentsCount ?? 0;
    if (dataCount < 2 && parityCount === 0) return { kind: 'plain' };
    const isParity = dataCount === 0;
    this.#expire();

    const hash = decoded.entireMessageHash ?? new Uint8Array();
    if (hash.length !== 32) return this.#reject(SegmentRejection.BadHash);
    const payload = Uint8Array.from(decoded.payload ?? []);
    if (payload.length === 0 || payload.length > MAX_RECEIVED_SEGMENT_BYTES) return this.#reject(SegmentRejection.TooLarge);
    const index = isParity ? (decoded.paritySegmentIndex ?? 0) : (decoded.index ?? 0);
    if (isParity ? index >= parityCount || parityCount > MAX_TOTAL_SHARDS : index >= dataCount || dataCount > MAX_SEGMENTS) {
      return this.#reject(SegmentRejection.BadIndex);
    }
    const key = `${sender}/${Buffer.from(hash).toString('hex')}`;
    if (this.#completed.has(key)) return this.#reject(SegmentRejection.AlreadyCompleted);

    let set = this.#pending.get(key);
    if (!set) {
      set = { dataCount: undefined, parityCount: undefined, segmentSize: undefined, data: new Map(), parity: new Map(), bytes: 0, firstSeenMs: this.#now() };
      this.#pending.set(key, set);
    }
    if (!this.#consistent(set, isParity, isParity ? parityCount : dataCount, index, payload)) {
      return this.#reject(SegmentRejection.Inconsistent);
    }
    const slot = isParity ? set.parity : set.data;
    if (slot.has(index)) return this.#reject(SegmentRejection.Duplicate);
    slot.set(index, payload);
    set.bytes += payload.length;
    this.#bytes += payload.length;
    if (isParity) set.parityCount = parityCount;
    else set.dataCount = dataCount;
    this.#enforceBounds(key);
    if (!this.#pending.has(key)) return this.#reject(SegmentRejection.Evicted);

    const assembled = this.#tryAssemble(set, hash);
    if (assembled === undefined) return { kind: 'pending' };
    this.#drop(key);
    if (assembled === null) return this.#reject(SegmentRejection.HashMismatch);
    this.#completed.add(key);
    if (this.#completed.size > 10_000) this.#completed.delete(this.#completed.values().next().value as string);
    return { kind: 'complete', payload: assembled };
  }

  /** Counts must agree across a set; all segments but the last data one share one size. */
  #consistent(set: PendingSet, isParity: boolean, count: number, index: number, payload: Uint8Array): boolean {
    if (isParity ? set.parityCount !== undefined && set.parityCount !== count : set.dataCount !== undefined && set.dataCount !== count) {
      return false;
    }
    const dataCount = isParity ? set.dataCount : count;
    const parityCount = isParity ? count : set.parityCount;
    if (dataCount !== undefined && parityCount !== undefined && dataCount + parityCount > MAX_TOTAL_SHARDS) return false;
    const isLastData = !isParity && index === count - 1;
    if (isLastData) return set.segmentSize === undefined || payload.length <= set.segmentSize;
    if (set.segmentSize === undefined) {
      const last = set.dataCount !== undefined ? set.data.get(set.dataCount - 1) : undefined;
      if (last && last.length > payload.length) return false;
      set.segmentSize = payload.length;
      return true;
    }
    return payload.length === set.segmentSize;
  }

  /** The payload, null when the pieces do not hash to the announced value, undefined while waiting. */
  #tryAssemble(set: PendingSet, hash: Uint8Array): Uint8Array | null | undefined {
    const dataCount = set.dataCount;
    if (dataCount === undefined) return undefined;
    if (set.data.size === dataCount) {
      const whole = Buffer.concat(Array.from({ length: dataCount }, (_, i) => set.data.get(i) as Uint8Array));
      return Buffer.from(keccak256(whole)).equals(Buffer.from(hash)) ? new Uint8Array(whole) : null;
    }
    const parityCount = set.parityCount;
    const size = set.segmentSize;
    if (parityCount === undefined || size === undefined || set.data.size + set.parity.size < dataCount) return undefined;
    const lastIndex = dataCount - 1;
    const lastReceived = set.data.get(lastIndex);
    const shards: Array<Uint8Array | undefined> = [
      ...Array.from({ length: dataCount }, (_, i) => {
        const shard = set.data.get(i);
        return shard && i === lastIndex && shard.length < size ? padTo(shard, size) : shard;
      }),
      ...Array.from({ length: parityCount }, (_, i) => set.parity.get(i)),
    ];
    const rebuilt = new ReedSolomon(dataCount, parityCount).reconstructData(shards);
    if (!rebuilt) return undefined;
    const head = Buffer.concat(rebuilt.slice(0, lastIndex));
    const last = rebuilt[lastIndex] as Uint8Array;
    if (lastReceived) {
      const whole = Buffer.concat([head, lastReceived]);
      return Buffer.from(keccak256(whole)).equals(Buffer.from(hash)) ? new Uint8Array(whole) : null;
    }
    // The lost last segment comes back padded with zeros and its length is not on the wire:
    // it ends at or after its last non-zero byte; try those lengths against the hash.
    let start = last.length;
    while (start > 0 && last[start - 1] === 0) start -= 1;
    const end = Math.min(last.length, start + MAX_LAST_SEGMENT_TRIMS);
    for (let length = Math.max(start, 1); length <= end; length += 1) {
      const whole = Buffer.concat([head, last.subarray(0, length)]);
      if (Buffer.from(keccak256(whole)).equals(Buffer.from(hash))) return new Uint8Array(whole);
    }
    return null;
  }

  /** Over the bounds, the oldest other sets go first; a set too big on its own goes too. */
  #enforceBounds(justTouched: string): void {
    const over = () => this.#pending.size > this.#maxSets || this.#bytes > this.#maxBytes;
    for (const key of [...this.#pending.keys()]) {
      if (!over()) return;
      if (key === justTouched) continue;
      this.#drop(key);
      this.rejected.evicted += 1;
    }
    if (over()) this.#drop(justTouched);
  }

  #expire(): void {
    const oldest = this.#now() - this.#ttlMs;
    for (const [key, set] of this.#pending) if (set.firstSeenMs < oldest) this.#drop(key);
  }

  #drop(key: string): void {
    const set = this.#pending.get(key);
    if (!set) return;
    this.#bytes -= set.bytes;
    this.#pending.delete(key);
  }

  #reject(reason: SegmentRejection): SegmentOutcome {
    this.rejected[reason] += 1;
    return { kind: 'rejected', reason };
  }
}

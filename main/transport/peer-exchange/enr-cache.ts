// The ENRs peer exchange hands out: records of other nodes we learned from discovery (the DNS
// tree, peer exchange answers we got ourselves), kept as the exact signed bytes so a client can
// verify them. Bounded: at most `maxEntries` peers, the least recently (re)learned dropped
// first, and one record per peer (the highest seq wins).
//
// Only records a light client of our cluster can use get in: a valid signature, a peer id, a
// `waku2` field, shard info for our cluster, at least one address, and not our own record
// (the requester is already connected to us; see peer-exchange-service.ts).
import type { IEnr } from '@waku/interfaces';
import { Counters } from '../counters.ts';
import { encodeSignedEnr, MAX_ENR_BYTES } from '../enr.ts';

export type EnrSource = 'dns' | 'peer-exchange';

export const EnrRejectReason = {
  Unsigned: 'unsigned',
  TooLarge: 'too-large',
  NoPeerId: 'no-peer-id',
  Self: 'self',
  NoWaku2: 'no-waku2',
  OtherCluster: 'other-cluster',
  NoAddress: 'no-address',
  Stale: 'stale',
} as const;
export type EnrRejectReason = (typeof EnrRejectReason)[keyof typeof EnrRejectReason];

export type EnrCacheCounter = `added:${EnrSource}` | `rejected:${EnrRejectReason}` | 'evicted';

export const DEFAULT_MAX_CACHED_ENRS = 200;

interface Entry {
  bytes: Uint8Array;
  seq: bigint;
  source: EnrSource;
}

export interface EnrCacheInit {
  clusterId: number;
  /** Our own peer id: our record is never cached. */
  selfPeerId: string;
  maxEntries?: number;
  random?: () => number;
}

export class EnrCache {
  readonly counters = new Counters<EnrCacheCounter>();
  readonly #clusterId: number;
  readonly #selfPeerId: string;
  readonly #maxEntries: number;
  readonly #random: () => number;
  /** By peer id, in least-recently-learned order. */
  readonly #entries = new Map<string, Entry>();

  constructor(init: EnrCacheInit) {
    this.#clusterId = init.clusterId;
    this.#selfPeerId = init.selfPeerId;
    this.#maxEntries = Math.max(1, init.maxEntries ?? DEFAULT_MAX_CACHED_ENRS);
    this.#random = init.random ?? Math.random;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Adds a decoded (signature-checked) record; returns why it was refused, or null. Never throws. */
  add(enr: IEnr, source: EnrSource): EnrRejectReason | null {
    const reason = this.#add(enr, source);
    this.counters.inc(reason === null ? `added:${source}` : `rejected:${reason}`);
    return reason;
  }

  #add(enr: IEnr, source: EnrSource): EnrRejectReason | null {
    let peerId: string | undefined;
    let addresses = 0;
    let clusterId: number | undefined;
    try {
      const info = enr.peerInfo;
      peerId = info?.id.toString();
      addresses = info?.multiaddrs.length ?? 0;
      clusterId = enr.shardInfo?.clusterId;
    } catch {
      return EnrRejectReason.NoPeerId;
    }
    if (peerId === undefined) return EnrRejectReason.NoPeerId;
    if (peerId === this.#selfPeerId) return EnrRejectReason.Self;
    if (enr.get('waku2') === undefined) return EnrRejectReason.NoWaku2;
    if (clusterId !== this.#clusterId) return EnrRejectReason.OtherCluster;
    if (addresses === 0) return EnrRejectReason.NoAddress;
    const existing = this.#entries.get(peerId);
    if (existing !== undefined && existing.seq > enr.seq) return EnrRejectReason.Stale;
    const bytes = encodeSignedEnr(enr);
    if (bytes === null) return EnrRejectReason.Unsigned;
    if (bytes.length > MAX_ENR_BYTES) return EnrRejectReason.TooLarge;
    // Re-insert so the map order stays least-recently-learned first.
    this.#entries.delete(peerId);
    this.#entries.set(peerId, { bytes, seq: enr.seq, source });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
      this.counters.inc('evicted');
    }
    return null;
  }

  /** Drops a peer's record (e.g. it turned out to be on another cluster). */
  delete(peerId: string): boolean {
    return this.#entries.delete(peerId);
  }

  has(peerId: string): boolean {
    return this.#entries.has(peerId);
  }

  /** Up to `count` records chosen at random, never those of `exclude` (the requester). */
  sample(count: number, exclude: ReadonlySet<string> = new Set()): Uint8Array[] {
    const pool: Uint8Array[] = [];
    for (const [peerId, entry] of this.#entries) if (!exclude.has(peerId)) pool.push(entry.bytes);
    // Partial Fisher-Yates: spread the load over everyone we know instead of always the same few.
    const wanted = Math.min(Math.max(0, Math.floor(count)), pool.length);
    for (let i = 0; i < wanted; i++) {
      const j = i + Math.floor(this.#random() * (pool.length - i));
      const picked = pool[j] as Uint8Array;
      pool[j] = pool[i] as Uint8Array;
      pool[i] = picked;
    }
    return pool.slice(0, wanted);
  }
}

// Who wants which (pubsub topic, content topic) pairs pushed, with nwaku's limits and expiry
// (waku_filter_v2/subscriptions.nim): a peer's subscriptions live while it keeps talking to us
// (any request refreshes them) and lapse `ttlMs` after its last request. The clock is injected.
//
// Two indexes, kept in step: per peer (limits, expiry, unsubscribe) and per criterion (the hot
// path: one lookup per message to find its subscribers).

export interface FilterLimits {
  /** Distinct subscriber peers (nwaku CLI default 1000; code default 100). */
  maxPeers: number;
  /** (pubsub topic, content topic) pairs per peer (nwaku 1000). */
  maxCriteriaPerPeer: number;
  /** A peer's subscriptions lapse this long after its last request (nwaku 5 min). */
  ttlMs: number;
}

export const DEFAULT_FILTER_LIMITS: FilterLimits = {
  maxPeers: 1000,
  maxCriteriaPerPeer: 1000,
  ttlMs: 5 * 60_000,
};

interface PeerEntry {
  lastSeen: number;
  /** pubsub topic → content topics. */
  criteria: Map<string, Set<string>>;
  count: number;
}

export type SubscribeResult =
  | { ok: true; added: number }
  | { ok: false; reason: 'too-many-peers' | 'too-many-criteria' };

export class FilterSubscriptions {
  readonly limits: FilterLimits;
  readonly #now: () => number;
  readonly #peers = new Map<string, PeerEntry>();
  /** pubsub topic → content topic → peers. */
  readonly #index = new Map<string, Map<string, Set<string>>>();
  #criteria = 0;

  constructor(limits: Partial<FilterLimits> = {}, now: () => number = Date.now) {
    this.limits = { ...DEFAULT_FILTER_LIMITS, ...limits };
    this.#now = now;
  }

  /** Peers with live subscriptions (expired ones may linger until the next sweep). */
  get peerCount(): number {
    return this.#peers.size;
  }

  get criteriaCount(): number {
    return this.#criteria;
  }

  isSubscribed(peer: string): boolean {
    const entry = this.#peers.get(peer);
    return entry !== undefined && this.#alive(entry, this.#now());
  }

  /** Renews a live subscription; false when the peer has none (a ping then answers 404). */
  refresh(peer: string): boolean {
    const entry = this.#peers.get(peer);
    const now = this.#now();
    if (entry === undefined || !this.#alive(entry, now)) return false;
    entry.lastSeen = now;
    return true;
  }

  subscribe(peer: string, pubsubTopic: string, contentTopics: readonly string[]): SubscribeResult {
    const now = this.#now();
    let entry = this.#peers.get(peer);
    if (entry !== undefined && !this.#alive(entry, now)) {
      // A lapsed subscription is gone: the new request starts afresh.
      this.removePeer(peer);
      entry = undefined;
    }
    if (entry === undefined) {
      if (this.#peers.size >= this.limits.maxPeers) this.sweep();
      if (this.#peers.size >= this.limits.maxPeers) return { ok: false, reason: 'too-many-peers' };
    }
    const existing = entry?.criteria.get(pubsubTopic);
    const fresh = contentTopics.filter((topic) => !existing?.has(topic));
    if ((entry?.count ?? 0) + fresh.length > this.limits.maxCriteriaPerPeer) {
      if (entry !== undefined) entry.lastSeen = now;
      return { ok: false, reason: 'too-many-criteria' };
    }
    if (entry === undefined) {
      entry = { lastSeen: now, criteria: new Map(), count: 0 };
      this.#peers.set(peer, entry);
    }
    entry.lastSeen = now;
    let topics = entry.criteria.get(pubsubTopic);
    if (topics === undefined) {
      topics = new Set();
      entry.criteria.set(pubsubTopic, topics);
    }
    let byContent = this.#index.get(pubsubTopic);
    if (byContent === undefined) {
      byContent = new Map();
      this.#index.set(pubsubTopic, byContent);
    }
    for (const topic of fresh) {
      topics.add(topic);
      let peers = byContent.get(topic);
      if (peers === undefined) {
        peers = new Set();
        byContent.set(topic, peers);
      }
      peers.add(peer);
    }
    entry.count += fresh.length;
    this.#criteria += fresh.length;
    return { ok: true, added: fresh.length };
  }

  /**
   * Removes the given pairs; returns how many the peer had, or null when it has no live
   * subscription at all. A peer left without criteria is forgotten.
   */
  unsubscribe(peer: string, pubsubTopic: string, contentTopics: readonly string[]): number | null {
    const entry = this.#peers.get(peer);
    const now = this.#now();
    if (entry === undefined || !this.#alive(entry, now)) return null;
    entry.lastSeen = now;
    const topics = entry.criteria.get(pubsubTopic);
    if (topics === undefined) return 0;
    let removed = 0;
    for (const topic of contentTopics) {
      if (!topics.delete(topic)) continue;
      removed += 1;
      this.#unindex(peer, pubsubTopic, topic);
    }
    if (topics.size === 0) entry.criteria.delete(pubsubTopic);
    entry.count -= removed;
    this.#criteria -= removed;
    if (entry.count === 0) this.#peers.delete(peer);
    return removed;
  }

  /** Drops everything the peer subscribed to; false when it had nothing live. */
  unsubscribeAll(peer: string): boolean {
    const live = this.isSubscribed(peer);
    this.removePeer(peer);
    return live;
  }

  /** Forgets a peer (disconnect, expiry), live or not. */
  removePeer(peer: string): boolean {
    const entry = this.#peers.get(peer);
    if (entry === undefined) return false;
    for (const [pubsubTopic, topics] of entry.criteria) {
      for (const topic of topics) this.#unindex(peer, pubsubTopic, topic);
    }
    this.#criteria -= entry.count;
    this.#peers.delete(peer);
    return true;
  }

  /** Live subscribers of a (pubsub topic, content topic) pair. */
  subscribers(pubsubTopic: string, contentTopic: string): string[] {
    const peers = this.#index.get(pubsubTopic)?.get(contentTopic);
    if (peers === undefined) return [];
    const now = this.#now();
    const live: string[] = [];
    for (const peer of peers) {
      const entry = this.#peers.get(peer);
      if (entry !== undefined && this.#alive(entry, now)) live.push(peer);
    }
    return live;
  }

  /** What a peer is subscribed to (for tests and diagnostics). */
  criteriaOf(peer: string): Array<[string, string]> {
    const entry = this.#peers.get(peer);
    if (entry === undefined) return [];
    return [...entry.criteria].flatMap(([pubsubTopic, topics]) =>
      [...topics].map((topic): [string, string] => [pubsubTopic, topic]),
    );
  }

  /** Removes lapsed peers; returns their ids. */
  sweep(): string[] {
    const now = this.#now();
    const expired: string[] = [];
    for (const [peer, entry] of this.#peers) {
      if (!this.#alive(entry, now)) expired.push(peer);
    }
    for (const peer of expired) this.removePeer(peer);
    return expired;
  }

  #alive(entry: PeerEntry, now: number): boolean {
    return now - entry.lastSeen <= this.limits.ttlMs;
  }

  #unindex(peer: string, pubsubTopic: string, contentTopic: string): void {
    const byContent = this.#index.get(pubsubTopic);
    const peers = byContent?.get(contentTopic);
    if (byContent === undefined || peers === undefined) return;
    peers.delete(peer);
    if (peers.size === 0) byContent.delete(contentTopic);
    if (byContent.size === 0) this.#index.delete(pubsubTopic);
  }
}

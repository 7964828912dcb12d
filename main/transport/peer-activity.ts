// Which remote peers used our light-client services (filter, lightpush, store) recently: one
// bounded last-use map the services share, for the dashboard's "light clients served".
//
// The map is kept in last-use order (a touch re-inserts the key), so expiry and eviction both
// pop from the front: counting is O(expired), never a scan of the live entries.

/** "In the last 10 minutes", as the contract says. */
export const PEER_ACTIVITY_WINDOW_MS = 10 * 60_000;
/** More distinct clients than a desktop node can serve at once; bounds memory under churn. */
export const PEER_ACTIVITY_MAX_PEERS = 10_000;

export interface PeerActivityOptions {
  windowMs?: number;
  maxPeers?: number;
  now?: () => number;
}

export class PeerActivity {
  readonly windowMs: number;
  readonly maxPeers: number;
  readonly #now: () => number;
  /** peer id → last use (ms), oldest first. */
  readonly #lastUse = new Map<string, number>();

  constructor(options: PeerActivityOptions = {}) {
    this.windowMs = options.windowMs ?? PEER_ACTIVITY_WINDOW_MS;
    this.maxPeers = Math.max(1, options.maxPeers ?? PEER_ACTIVITY_MAX_PEERS);
    this.#now = options.now ?? Date.now;
  }

  /** Records that `peer` used a service now. */
  touch(peer: string): void {
    const now = this.#now();
    this.#lastUse.delete(peer);
    this.#lastUse.set(peer, now);
    this.#prune(now);
    while (this.#lastUse.size > this.maxPeers) {
      const oldest = this.#lastUse.keys().next().value as string;
      this.#lastUse.delete(oldest);
    }
  }

  /** Distinct peers that used a service within the window. */
  count(): number {
    this.#prune(this.#now());
    return this.#lastUse.size;
  }

  /** Entries held (live or not yet pruned), for tests of the bound. */
  get size(): number {
    return this.#lastUse.size;
  }

  #prune(now: number): void {
    for (const [peer, at] of this.#lastUse) {
      if (now - at <= this.windowMs) return;
      this.#lastUse.delete(peer);
    }
  }
}

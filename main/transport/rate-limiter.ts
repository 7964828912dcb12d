// A token bucket per key (a peer id): `capacity` requests at once, refilled at
// `perMinute`. Idle buckets are forgotten, so a flood of distinct peers cannot grow the
// map past `maxKeys` (a forgotten bucket is a full one, which is what it would be anyway).

export interface RateLimit {
  /** Burst size. */
  capacity: number;
  /** Sustained rate. */
  perMinute: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(limit: RateLimit, options: { maxKeys?: number; now?: () => number } = {}) {
    if (!(limit.capacity >= 1) || !(limit.perMinute > 0))
      throw new Error('rate limit needs capacity >= 1 and perMinute > 0');
    this.#limit = limit;
    this.#maxKeys = options.maxKeys ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Takes one token for `key`; false means the request must be refused. */
  take(key: string): boolean {
    const now = this.#now();
    const bucket = this.#refilled(key, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  get size(): number {
    return this.#buckets.size;
  }

  #refilled(key: string, now: number): Bucket {
    const { capacity, perMinute } = this.#limit;
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.#maxKeys) this.#forgetFullBuckets(now);
      bucket = { tokens: capacity, updatedAt: now };
      this.#buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(capacity, bucket.tokens + (elapsed * perMinute) / 60_000);
    bucket.updatedAt = now;
    return bucket;
  }

  #forgetFullBuckets(now: number): void {
    const { capacity, perMinute } = this.#limit;
    for (const [key, bucket] of this.#buckets) {
      const tokens = bucket.tokens + (Math.max(0, now - bucket.updatedAt) * perMinute) / 60_000;
      if (tokens >= capacity) this.#buckets.delete(key);
    }
    // Still full of active peers: drop the oldest entry (Map keeps insertion order).
    if (this.#buckets.size >= this.#maxKeys) {
      const oldest = this.#buckets.keys().next();
      if (!oldest.done) this.#buckets.delete(oldest.value);
    }
  }
}

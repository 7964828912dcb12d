// A bounded set of recently seen message hashes. Filter may push the same message twice (two
// service peers, a resubscription racing a push, a service node restart replaying), and the
// SDK's own 60 s dedupe uses js-waku's hash, which differs from ours for timestamp-less messages.

export class RecentHashes {
  readonly #capacity: number;
  // Map keeps insertion order, so the first key is the oldest.
  readonly #seen = new Map<string, true>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.#capacity = capacity;
  }

  /** Records `hashHex`; false if it was already there. */
  add(hashHex: string): boolean {
    if (this.#seen.has(hashHex)) return false;
    this.#seen.set(hashHex, true);
    if (this.#seen.size > this.#capacity) {
      const oldest = this.#seen.keys().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.#seen.size;
  }
}

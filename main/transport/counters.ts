// Named counters for stats(): every served request and every rejection is counted by
// reason, so an operator can tell "quiet" from "refusing everything".

export class Counters<Name extends string> {
  readonly #values = new Map<Name, number>();

  inc(name: Name, by = 1): void {
    this.#values.set(name, (this.#values.get(name) ?? 0) + by);
  }

  get(name: Name): number {
    return this.#values.get(name) ?? 0;
  }

  snapshot(): Partial<Record<Name, number>> {
    return Object.fromEntries(this.#values) as Partial<Record<Name, number>>;
  }
}

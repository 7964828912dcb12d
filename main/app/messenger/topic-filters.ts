// The messenger's filters, as status-go's FiltersManager keeps them: each names a topic string,
// the Waku content topic derived from it, and how envelopes on it are opened (ECIES with our
// key, or AES-GCM under the topic's PBKDF2 key). Filters come and go at run time (a new contact,
// a negotiated secret); one transport subscription serves every filter of a content topic, and
// since content topics keep only 4 bytes of the hash, a receiver tries every matching filter.
import { contentTopic, symmetricKey, symmetricKeyAsync } from '../../wire/content-topics.ts';
import type { IncomingWakuMessage, MessengerTransport } from './ports.ts';

/** What a filter is for; public filters carry unencrypted (public_message) traffic. */
export const FilterKind = {
  Partitioned: 'partitioned',
  Personal: 'personal',
  ContactCode: 'contact-code',
  Negotiated: 'negotiated',
  /** Any other symmetric topic (a public chat). */
  Public: 'public',
} as const;
export type FilterKind = (typeof FilterKind)[keyof typeof FilterKind];

export interface TopicFilter {
  /** The topic string (status-go's filter chat id) the content topic and key come from. */
  topic: string;
  contentTopic: string;
  kind: FilterKind;
  /** Undefined: asymmetric (ECIES to our key); otherwise the topic's 32-byte key. */
  symmetricKey: Uint8Array | undefined;
}

interface Subscription {
  filters: Map<string, TopicFilter>;
  unsubscribe: () => void;
  /** Settles once the transport says the subscription is in effect. */
  ready: Promise<void>;
}

export class TopicFilters {
  readonly #transport: MessengerTransport;
  readonly #handler: (incoming: IncomingWakuMessage) => void;
  readonly #byContentTopic = new Map<string, Subscription>();
  /** Filters whose key is being derived: added once it is ready (unless removed meanwhile). */
  readonly #pending = new Map<string, Promise<void>>();
  #closed = false;

  constructor(transport: MessengerTransport, handler: (incoming: IncomingWakuMessage) => void) {
    this.#transport = transport;
    this.#handler = handler;
  }

  /** An ECIES filter: ready at once. */
  addAsymmetric(topic: string, kind: FilterKind): void {
    this.#install({ topic, contentTopic: contentTopic(topic), kind, symmetricKey: undefined });
  }

  /**
   * A symmetric filter; resolves once its key is derived and the subscription is in place.
   * `now`: derive the key on this thread (~10 ms) and subscribe before returning, for a topic
   * a peer may answer on at once (the negotiated topic as we send on it).
   */
  addSymmetric(topic: string, kind: FilterKind, now = false): Promise<void> {
    if (this.has(topic)) return Promise.resolve();
    if (now) {
      this.#pending.delete(topic);
      this.#install({ topic, contentTopic: contentTopic(topic), kind, symmetricKey: symmetricKey(topic) });
      return Promise.resolve();
    }
    const known = this.#pending.get(topic);
    if (known) return known;
    const adding = symmetricKeyAsync(topic).then((key) => {
      // Removed (or closed) while the key was being derived: stay removed.
      if (!this.#pending.has(topic) || this.#closed) return;
      this.#pending.delete(topic);
      this.#install({ topic, contentTopic: contentTopic(topic), kind, symmetricKey: key });
    });
    this.#pending.set(topic, adding);
    return adding;
  }

  remove(topic: string): void {
    this.#pending.delete(topic);
    const id = contentTopic(topic);
    const subscription = this.#byContentTopic.get(id);
    if (!subscription?.filters.delete(topic)) return;
    if (subscription.filters.size === 0) {
      this.#byContentTopic.delete(id);
      subscription.unsubscribe();
    }
  }

  /**
   * Settles once the topic's subscription is in effect on the network (a light node's filter
   * acknowledged), or at once for a topic not subscribed.
   */
  ready(topic: string): Promise<void> {
    return this.#byContentTopic.get(contentTopic(topic))?.ready ?? Promise.resolve();
  }

  has(topic: string): boolean {
    return this.#byContentTopic.get(contentTopic(topic))?.filters.has(topic) ?? false;
  }

  /** Every filter that may open a message of this content topic (more than one on a collision). */
  matching(contentTopicId: string): TopicFilter[] {
    return [...(this.#byContentTopic.get(contentTopicId)?.filters.values() ?? [])];
  }

  list(kind?: FilterKind): TopicFilter[] {
    const all = [...this.#byContentTopic.values()].flatMap((s) => [...s.filters.values()]);
    return kind === undefined ? all : all.filter((f) => f.kind === kind);
  }

  close(): void {
    this.#closed = true;
    this.#pending.clear();
    for (const subscription of this.#byContentTopic.values()) subscription.unsubscribe();
    this.#byContentTopic.clear();
  }

  #install(filter: TopicFilter): void {
    if (this.#closed) return;
    const existing = this.#byContentTopic.get(filter.contentTopic);
    if (existing) {
      existing.filters.set(filter.topic, filter);
      return;
    }
    const unsubscribe = this.#transport.subscribe([filter.contentTopic], this.#handler);
    this.#byContentTopic.set(filter.contentTopic, {
      filters: new Map([[filter.topic, filter]]),
      unsubscribe,
      ready: unsubscribe.ready ?? Promise.resolve(),
    });
  }
}

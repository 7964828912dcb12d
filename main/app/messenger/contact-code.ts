// The contact-code topic (status-reference §1.5, §4.5): we advertise our bundle and identity on
// ours (ContactCodeAdvertisement, a public message: the ProtocolMessage around it carries the
// bundle), and listen on those of everyone we relate to, so a first message to them can start
// with X3DH instead of the DH fallback, and a changed display name reaches us.
// status-go's schedule: a 120 s ticker publishes when 6 h have passed since the last publish,
// held in memory only (so the first one ~2 min after start), and again after adding a contact.
// The advertisement is not ephemeral (status-go's RawMessage sets no Ephemeral flag).
import type { ContactState, ContactView } from '../../../shared/api.ts';
import { contactCodeTopic } from '../../wire/content-topics.ts';
import { checkDisplayName, MAX_CLOCK_DRIFT_MS, transportTimeMs } from '../../wire/message-validation.ts';
import {
  AmmType,
  ContactCodeAdvertisement,
  decodeOrError,
  encode,
  toBigInt,
  u64,
  WireDecodeError,
} from '../../wire/proto.ts';
import type { Messenger, ReceivedApplication } from './messenger.ts';

export const CONTACT_CODE_TICK_MS = 120_000;
export const CONTACT_CODE_MIN_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** Advertisements carry a ChatIdentity (images aside, which we do not send): far below this. */
const MAX_ADVERTISEMENT_BYTES = 512 * 1024;

/** Why an advertisement was not used: each is counted. */
export type AdvertisementDrop = 'own' | 'invalid' | 'future-clock' | 'bad-name';

/** The states in which we listen on someone's contact-code topic. */
const RELATED: ReadonlySet<ContactState> = new Set(['mutual', 'request-sent', 'request-received']);
/** Reaching these (from another state) means we added them: status-go republishes then. */
const ADDED: ReadonlySet<ContactState> = new Set(['mutual', 'request-sent']);

export interface ContactCodeOptions {
  messenger: Messenger;
  /** Our display name for the ChatIdentity. */
  displayName: () => string;
  /** Everyone we know of, at start (those we relate to are listened to). */
  contacts: () => Array<Pick<ContactView, 'publicKey' | 'state'>>;
  /** A related peer's advertised display name (with the ChatIdentity clock, ms). */
  onIdentity?: (sender: string, displayName: string, clock: number) => void;
  now?: () => number;
  tickMs?: number;
  minIntervalMs?: number;
}

export class ContactCodeService {
  readonly dropped = new Map<AdvertisementDrop, number>();
  readonly #options: ContactCodeOptions;
  readonly #now: () => number;
  readonly #states = new Map<string, ContactState>();
  #lastPublished: number | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #publishing: Promise<void> = Promise.resolve();

  constructor(options: ContactCodeOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    for (const { publicKey, state } of this.#options.contacts()) {
      this.#states.set(publicKey, state);
      if (RELATED.has(state)) void this.#options.messenger.listenToContactCode(publicKey);
    }
    this.#timer = setInterval(() => void this.#tick(), this.#options.tickMs ?? CONTACT_CODE_TICK_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Publishes our advertisement now (whatever the schedule says). */
  publish(): Promise<void> {
    this.#publishing = this.#publishing.then(
      () => this.#publishNow(),
      () => this.#publishNow(),
    );
    return this.#publishing;
  }

  /** A contact's state changed: listen or stop listening, and republish when we added them. */
  onContactChanged(contact: ContactView): void {
    const before = this.#states.get(contact.publicKey) ?? 'none';
    this.#states.set(contact.publicKey, contact.state);
    if (RELATED.has(contact.state)) void this.#options.messenger.listenToContactCode(contact.publicKey);
    else this.#options.messenger.stopListeningToContactCode(contact.publicKey);
    if (ADDED.has(contact.state) && !ADDED.has(before)) void this.publish().catch(() => {});
  }

  /** A contact-code advertisement; false when the message is of another type. */
  onApplicationMessage(message: ReceivedApplication): boolean {
    if (message.type !== AmmType.CONTACT_CODE_ADVERTISEMENT) return false;
    // Our own, echoed back on our topic: our other devices are another matter (pairing).
    if (message.sender === this.#options.messenger.publicKeyHex) return this.#drop('own');
    const ad = decodeOrError(ContactCodeAdvertisement, message.payload, MAX_ADVERTISEMENT_BYTES);
    if (ad instanceof WireDecodeError) return this.#drop('invalid');
    // The bundle was learned by the messenger already; what is left is the identity.
    const identity = ad.chatIdentity;
    if (!identity?.displayName) return true;
    const clock = toBigInt(identity.clock);
    if (clock === 0n || clock > transportTimeMs(message.wakuTimestampNs) + MAX_CLOCK_DRIFT_MS) {
      return this.#drop('future-clock');
    }
    if (checkDisplayName(identity.displayName) !== null) return this.#drop('bad-name');
    if (RELATED.has(this.#states.get(message.sender) ?? 'none')) {
      this.#options.onIdentity?.(message.sender, identity.displayName, Number(clock));
    }
    return true;
  }

  async #tick(): Promise<void> {
    const last = this.#lastPublished;
    if (last !== undefined && this.#now() - last < (this.#options.minIntervalMs ?? CONTACT_CODE_MIN_INTERVAL_MS))
      return;
    await this.publish().catch(() => {});
  }

  async #publishNow(): Promise<void> {
    const now = this.#now();
    const name = this.#options.displayName();
    const payload = encode(ContactCodeAdvertisement, {
      chatIdentity: { clock: u64(now), displayName: checkDisplayName(name) === null ? name : '' },
    });
    this.#lastPublished = now;
    await this.#options.messenger.publishPublic(
      contactCodeTopic(this.#options.messenger.publicKeyHex),
      AmmType.CONTACT_CODE_ADVERTISEMENT,
      payload,
      { ephemeral: false },
    );
  }

  #drop(reason: AdvertisementDrop): true {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
    return true;
  }
}

/** Test-only override of the ticker for cores in child processes: WSD_CONTACT_CODE_TICK_MS. */
export function contactCodeTimingFromEnv(env: NodeJS.ProcessEnv = process.env): { tickMs?: number } {
  const tickMs = Number(env.WSD_CONTACT_CODE_TICK_MS);
  return tickMs > 0 ? { tickMs } : {};
}

// Presence: every 5 minutes (the first 5 s after start) we publish an ephemeral
// StatusUpdate{clock in unix seconds, AUTOMATIC} on our contact-code topic; contacts' updates
// arrive on theirs. We keep each contact's last update (in memory, and in the contacts table
// when they have a row), tell the UI when someone comes online or goes offline (a timer flips
// them when their window ends), and have MVDS re-send at once what a peer seen online lacks.
import type { PresenceView } from '../../../shared/api.ts';
import type { PresenceRepository } from '../../storage/messenger/presence-repository.ts';
import { contactCodeTopic } from '../../wire/content-topics.ts';
import {
  AmmType,
  decodeOrError,
  encode,
  StatusType,
  StatusUpdate,
  toBigInt,
  u64,
  WireDecodeError,
} from '../../wire/proto.ts';
import type { Messenger, ReceivedApplication } from '../messenger/messenger.ts';
import { checkStatusUpdate, isOnline, onlineUntil, RESETS_RETRANSMISSION } from './presence-rules.ts';

export const PRESENCE_FIRST_MS = 5_000;
export const PRESENCE_INTERVAL_MS = 5 * 60 * 1000;
/** A StatusUpdate is three small fields; custom text is at most 128 runes. */
const MAX_STATUS_UPDATE_BYTES = 4096;

/** Why a StatusUpdate was not used: each is counted (validation reasons by their name). */
export type PresenceDrop = 'own' | 'not-a-contact' | 'malformed' | 'stale' | string;

interface Seen {
  statusType: number;
  /** Unix seconds. */
  clock: number;
  customText: string;
}

export interface PresenceOptions {
  messenger: Pick<Messenger, 'publicKeyHex' | 'publishPublic' | 'peerOnline'>;
  /** Whether we relate to this 0x04 key (only their presence is kept). */
  isContact: (key: string) => boolean;
  onPresence?: (presence: PresenceView) => void;
  repository?: PresenceRepository;
  now?: () => number;
  firstMs?: number;
  intervalMs?: number;
}

export class PresenceService {
  readonly dropped = new Map<PresenceDrop, number>();
  readonly #options: PresenceOptions;
  readonly #now: () => number;
  readonly #seen = new Map<string, Seen>();
  readonly #offlineTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #publishTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: PresenceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    for (const p of options.repository?.all() ?? []) {
      this.#seen.set(p.publicKey, { statusType: p.statusType, clock: p.clock, customText: p.customText });
    }
  }

  start(): void {
    for (const peer of this.#seen.keys()) this.#scheduleOffline(peer);
    const interval = this.#options.intervalMs ?? PRESENCE_INTERVAL_MS;
    const loop = (delay: number) => {
      this.#publishTimer = setTimeout(() => {
        if (this.#stopped) return;
        void this.publish().catch(() => {});
        loop(interval);
      }, delay);
      this.#publishTimer.unref?.();
    };
    loop(this.#options.firstMs ?? PRESENCE_FIRST_MS);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#publishTimer);
    for (const timer of this.#offlineTimers.values()) clearTimeout(timer);
    this.#offlineTimers.clear();
  }

  /** Publishes our StatusUpdate (AUTOMATIC: ephemeral, as status-go marks it). */
  async publish(): Promise<void> {
    const payload = encode(StatusUpdate, {
      clock: u64(Math.floor(this.#now() / 1000)),
      statusType: StatusType.AUTOMATIC,
      customText: '',
    });
    await this.#options.messenger.publishPublic(
      contactCodeTopic(this.#options.messenger.publicKeyHex),
      AmmType.STATUS_UPDATE,
      payload,
      { ephemeral: true },
    );
  }

  view(key: string): PresenceView {
    const seen = this.#seen.get(key);
    return {
      publicKey: key,
      online: seen ? isOnline(seen.statusType, seen.clock, this.#now()) : false,
      lastSeen: seen ? seen.clock * 1000 : null,
    };
  }

  /** A StatusUpdate; false when the message is of another type. */
  onApplicationMessage(message: ReceivedApplication): boolean {
    if (message.type !== AmmType.STATUS_UPDATE) return false;
    const sender = message.sender;
    if (sender === this.#options.messenger.publicKeyHex) return this.#drop('own');
    if (!this.#options.isContact(sender)) return this.#drop('not-a-contact');
    const update = decodeOrError(StatusUpdate, message.payload, MAX_STATUS_UPDATE_BYTES);
    if (update instanceof WireDecodeError) return this.#drop('malformed');
    const invalid = checkStatusUpdate(update, message.wakuTimestampNs);
    if (invalid) return this.#drop(invalid);
    const clock = Number(toBigInt(update.clock));
    const known = this.#seen.get(sender);
    if (known && known.clock >= clock) return this.#drop('stale');

    const wasOnline = this.view(sender).online;
    const seen = { statusType: update.statusType, clock, customText: update.customText ?? '' };
    this.#seen.set(sender, seen);
    this.#options.repository?.save({ publicKey: sender, ...seen });
    if (RESETS_RETRANSMISSION.has(update.statusType)) this.#options.messenger.peerOnline(sender);
    this.#scheduleOffline(sender);
    const now = this.view(sender);
    if (!known || now.online !== wasOnline) this.#options.onPresence?.(now);
    return true;
  }

  /** Flips the peer offline when its window ends (and tells the UI). */
  #scheduleOffline(peer: string): void {
    clearTimeout(this.#offlineTimers.get(peer));
    this.#offlineTimers.delete(peer);
    const seen = this.#seen.get(peer);
    const until = seen ? onlineUntil(seen.statusType, seen.clock) : undefined;
    if (until === undefined || this.#stopped) return;
    const delay = until - this.#now();
    if (delay <= 0) return;
    // setTimeout keeps at most ~24.8 days; ALWAYS_ONLINE's two weeks fit.
    const timer = setTimeout(() => {
      this.#offlineTimers.delete(peer);
      this.#options.onPresence?.(this.view(peer));
    }, delay);
    timer.unref?.();
    this.#offlineTimers.set(peer, timer);
  }

  #drop(reason: PresenceDrop): true {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
    return true;
  }
}

/**
 * Test-only overrides of the schedule for whole cores in child processes (integration tests):
 * WSD_PRESENCE_FIRST_MS and WSD_PRESENCE_INTERVAL_MS. Unset in normal runs.
 */
export function presenceTimingFromEnv(env: NodeJS.ProcessEnv = process.env): { firstMs?: number; intervalMs?: number } {
  const ms = (value: string | undefined) => (value && Number(value) > 0 ? Number(value) : undefined);
  const firstMs = ms(env.WSD_PRESENCE_FIRST_MS);
  const intervalMs = ms(env.WSD_PRESENCE_INTERVAL_MS);
  return { ...(firstMs ? { firstMs } : {}), ...(intervalMs ? { intervalMs } : {}) };
}

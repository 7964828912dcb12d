// HistorySync composed onto the node the core runs: the right store source for the mode, the
// account's checkpoint, and the triggers (peers regained; a store peer identified while the
// last sync had failed, e.g. the login came before the first peer finished identify).
import type { LightWakuNode } from '../../transport/light/light-node.ts';
import { pubsubTopicForScope, Scope } from '../../transport/sharding.ts';
import { StoreClient } from '../../transport/store/store-client.ts';
import { STORE_CODEC } from '../../transport/store/store-codec.ts';
import type { WakuNode } from '../../transport/waku-node.ts';
import type { PrefsRepository } from '../../storage/prefs-repository.ts';
import {
  type GapCheckResult,
  HistorySync,
  type HistoryMessenger,
  type HistorySyncOptions,
  type SyncProgress,
} from './history-sync.ts';
import { lightNodeSource, prefsCheckpoint, storeClientSource } from './sources.ts';

export interface HistoryServiceOptions {
  full?: WakuNode | undefined;
  light?: LightWakuNode | undefined;
  messenger: HistoryMessenger;
  prefs: PrefsRepository;
  onProgress?: (progress: SyncProgress) => void;
  log?: { info(message: string, fields?: object): void; warn(message: string, fields?: object): void };
  settings?: HistorySyncOptions['settings'];
  now?: () => number;
}

export class HistoryService {
  readonly sync: HistorySync;
  readonly storeClient: StoreClient | undefined;
  readonly #cleanups: Array<() => void> = [];

  constructor(options: HistoryServiceOptions) {
    const { full, light, log } = options;
    if (!full && !light) throw new Error('history needs a full or a light node');
    this.storeClient = full ? new StoreClient(full.libp2p) : undefined;
    const source = this.storeClient ? storeClientSource(this.storeClient) : lightNodeSource(light as LightWakuNode);
    this.sync = new HistorySync({
      source,
      messenger: options.messenger,
      pubsubTopic: pubsubTopicForScope(Scope.GlobalContent),
      checkpoint: prefsCheckpoint(options.prefs, options.now),
      ...(options.now ? { now: options.now } : {}),
      ...(options.settings ? { settings: options.settings } : {}),
      onProgress: (progress) => {
        if (progress.phase === 'done' || progress.phase === 'failed') {
          const { phase, reason, fetched, ms, ingestMs, error } = progress;
          const fields = { reason, fetched, ms, ingestMs, ...(error ? { error } : {}) };
          if (phase === 'done') log?.info('history sync done', fields);
          else log?.warn('history sync failed', fields);
        }
        options.onProgress?.(progress);
      },
      onGapsFilled: (result: GapCheckResult) => {
        if (result.missing > 0) log?.info('history gaps filled', { ...result });
      },
      onError: (what, error) => log?.warn(`${what} failed`, { error: String(error) }),
    });
    if (full) {
      const { messenger } = options;
      const startTopics = new Set(messenger.contentTopics);
      const ours = (topic: string) => messenger.listensTo?.(topic) ?? startTopics.has(topic);
      this.#cleanups.push(
        full.on('message', ({ message, hashHex }) => {
          if (ours(message.contentTopic)) this.sync.noteSeen(hashHex);
        }),
        full.on('peers', ({ change, count }) => {
          if (change === 'connected' && count === 1) this.sync.online();
        }),
      );
      const onIdentify = (event: CustomEvent<{ protocols: string[] }>) => {
        if (event.detail.protocols.includes(STORE_CODEC) && this.sync.status().last?.phase === 'failed') {
          this.sync.online();
        }
      };
      full.libp2p.addEventListener('peer:identify', onIdentify);
      this.#cleanups.push(() => full.libp2p.removeEventListener('peer:identify', onIdentify));
    } else if (light) {
      this.#cleanups.push(
        light.on('state', ({ state, previous }) => {
          if (state === 'ready' && previous !== 'ready') this.sync.online();
        }),
      );
    }
  }

  start(): void {
    void this.sync.start();
  }

  stop(): void {
    this.sync.stop();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }
}

// The stores a HistorySync reads: our store client over the full node's connections, or a
// light node's store protocol; and where it keeps its checkpoint (the account's prefs).
import type { LightWakuNode } from '../../transport/light/light-node.ts';
import type { StoreClient } from '../../transport/store/store-client.ts';
import type { PrefsRepository } from '../../storage/prefs-repository.ts';
import type { HistoryPage, HistoryRequest, HistorySource, SyncCheckpoint } from './history-sync.ts';

const NS_PER_MS = 1_000_000n;

const fromHex = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

/** Full mode: store v3 queries to connected peers that serve store (hash-only queries too). */
export function storeClientSource(client: StoreClient): HistorySource {
  return {
    hashOnly: true,
    async *query(request: HistoryRequest): AsyncGenerator<HistoryPage> {
      const pages =
        request.kind === 'lookup'
          ? client.query({ hashes: request.hashes.map(fromHex), includeData: request.includeData ?? true })
          : client.query({
              pubsubTopic: request.pubsubTopic,
              contentTopics: request.contentTopics,
              timeStart: BigInt(request.timeStart) * NS_PER_MS,
              timeEnd: BigInt(request.timeEnd) * NS_PER_MS,
              includeData: request.includeData,
              pageSize: request.pageSize,
            });
      for await (const page of pages) {
        yield {
          entries: page.entries.map((entry) =>
            entry.data
              ? {
                  hashHex: entry.hashHex,
                  message: { pubsubTopic: entry.data.pubsubTopic, message: entry.data.message, hashHex: entry.hashHex },
                }
              : { hashHex: entry.hashHex },
          ),
        };
      }
    },
  };
}

/**
 * Light mode: the light node's store queries (always with data, also for hash lookups that
 * would need none; so no gap checks: a light
 * node's filter subscription is what a gap check would double-check, and the periodic and
 * on-reconnect syncs cover it).
 */
export function lightNodeSource(node: LightWakuNode): HistorySource {
  return {
    hashOnly: false,
    async *query(request: HistoryRequest): AsyncGenerator<HistoryPage> {
      if (request.kind === 'range' && !request.includeData) {
        throw new Error('a light node cannot list hashes only');
      }
      const pages =
        request.kind === 'lookup'
          ? node.queryStore({ pubsubTopic: request.pubsubTopic, messageHashes: request.hashes.map(fromHex) })
          : node.queryStore({
              pubsubTopic: request.pubsubTopic,
              contentTopics: request.contentTopics,
              timeStart: new Date(request.timeStart),
              timeEnd: new Date(request.timeEnd),
              pageSize: request.pageSize,
            });
      for await (const page of pages) {
        yield {
          entries: page.messages.map(({ pubsubTopic, message, hashHex }) => ({
            hashHex,
            message: { pubsubTopic, message, hashHex },
          })),
        };
      }
    },
  };
}

export const LAST_SYNCED_PREF = 'sync.lastSyncedAt';

/** The checkpoint in the account database's prefs (survives restarts, per account). */
export function prefsCheckpoint(prefs: PrefsRepository, now: () => number = Date.now): SyncCheckpoint {
  return {
    get: () => {
      const value = prefs.get(LAST_SYNCED_PREF)?.value;
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    },
    set: (ms) => void prefs.set(LAST_SYNCED_PREF, ms, now()),
  };
}

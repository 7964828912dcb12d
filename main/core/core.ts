// The core: owns the data directory and its database, serves the RPC contract to any
// number of sessions (windows, browsers, tools), and reports its status. It runs the same
// in Electron's utility process and as a headless Node process.
import fs from 'node:fs';
import path from 'node:path';
import type { LoginState } from '../../shared/api.ts';
import {
  type Api,
  api,
  type NodeInfo,
  type NodeMode,
  NodeState,
  type NodeStats,
  type NodeStatus,
} from '../../shared/api.ts';
import type { RpcChannel } from '../../shared/rpc/channel.ts';
import { RpcCloseCode, RpcError, RpcErrorCode } from '../../shared/rpc/protocol.ts';
import { RpcServer, type RpcServerStats, type RpcSession } from '../../shared/rpc/server.ts';
import { HistoryService } from '../app/history/history-service.ts';
import { lightNodeSource, storeClientSource } from '../app/history/sources.ts';
import { StoredCheck } from '../app/history/stored-check.ts';
import { lightNodeTransport } from '../app/messenger/light-transport.ts';
import { MessagingService } from '../app/messenger/messaging-service.ts';
import { fullNodeTransport } from '../app/messenger/waku-transport.ts';
import { AccountManager } from '../identity/accounts.ts';
import type { ScryptParams } from '../identity/keystore.ts';
import { AccountsRepository } from '../storage/accounts-repository.ts';
import { type DataDirLock, DataFile, ensureDataDir, loadOrCreateHexSecret, lockDataDir } from '../storage/data-dir.ts';
import { closeDatabase, DATABASE_KEY_BYTES, type Db, openDatabase } from '../storage/database.ts';
import { PrefsRepository } from '../storage/prefs-repository.ts';
import { coreMigrations } from '../storage/schema/core-migrations.ts';
import { createApiHandlers } from './api-handlers.ts';
import type { Logger } from './log.ts';
import { lightModeProblem, Network, type NetworkSettings, NODE_MODE_PREF, resolveStartMode } from './network.ts';

export interface CoreOptions {
  dataDir: string;
  appVersion: string;
  log: Logger;
  mode?: NodeMode;
  /** How often a running core pushes its status to sessions. */
  statusIntervalMs?: number;
  now?: () => number;
  /** Keystore KDF cost for new seals; only tests lower it. */
  kdf?: ScryptParams;
  /** The Waku node to run; without it the core runs offline (tests of other layers). */
  network?: NetworkSettings;
  /**
   * The launcher chose `network.mode` explicitly (headless --light/--full): it wins over the
   * mode saved by node.setMode. Otherwise (Electron, or no flag) the saved mode applies.
   */
  explicitMode?: boolean;
  /** How often the node dashboard's stats are pushed. */
  statsIntervalMs?: number;
}

/** What handlers may use once the core has started. */
export interface CoreServices {
  db: Db;
  prefs: PrefsRepository;
  accounts: AccountManager;
  network: Network | undefined;
}

export class Core {
  readonly rpc: RpcServer<Api>;
  readonly dataDir: string;
  readonly #options: CoreOptions;
  readonly #log: Logger;
  readonly #now: () => number;
  #state: NodeState = NodeState.Starting;
  #startedAt = 0;
  #services: CoreServices | undefined;
  #lock: DataDirLock | undefined;
  #schemaVersion = 0;
  #statusTimer: ReturnType<typeof setInterval> | undefined;
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #stopping: Promise<void> | undefined;
  #messaging: MessagingService | undefined;
  #history: HistoryService | undefined;
  #storedCheck: StoredCheck | undefined;
  /** The mode a node.setMode call is switching to; one switch at a time. */
  #switching: NodeMode | undefined;

  constructor(options: CoreOptions) {
    this.#options = options;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.dataDir = path.resolve(options.dataDir);
    this.rpc = new RpcServer(api, createApiHandlers(this), { log: this.#log.child('rpc') });
  }

  get state(): NodeState {
    return this.#state;
  }

  /** The started core's services; throws while starting or after stopping. */
  get services(): CoreServices | undefined {
    return this.#services;
  }

  get rpcStats(): RpcServerStats {
    return this.rpc.stats;
  }

  /** Sessions may attach before start() finishes: they see the core come up. */
  attach(channel: RpcChannel): RpcSession {
    const session = this.rpc.attach(channel);
    // The session count is part of the status: every window sees others come and go.
    this.#emitStatus();
    channel.onClose(() => this.#emitStatus());
    return session;
  }

  async start(): Promise<void> {
    const began = performance.now();
    ensureDataDir(this.dataDir);
    this.#lock = lockDataDir(this.dataDir);
    let key: Buffer | undefined;
    try {
      key = loadOrCreateHexSecret(path.join(this.dataDir, DataFile.DatabaseKey), DATABASE_KEY_BYTES);
      const { db, migrated } = openDatabase({
        path: path.join(this.dataDir, DataFile.Database),
        key,
        migrations: coreMigrations,
      });
      this.#schemaVersion = coreMigrations.length;
      const accounts = new AccountManager({
        accountsDir: path.join(this.dataDir, DataFile.AccountsDir),
        repository: new AccountsRepository(db),
        onLoginChanged: (state) => {
          this.#onLoginChanged(state);
          this.rpc.emit('accounts.loginChanged', state);
        },
        ...(this.#options.kdf ? { kdf: this.#options.kdf } : {}),
      });
      this.#services = { db, prefs: new PrefsRepository(db), accounts, network: undefined };
      if (migrated.length > 0) this.#log.info('database migrated', { versions: migrated });
      if (this.#options.network) {
        // Flag, then saved choice, then default: see resolveStartMode.
        const saved = this.#services.prefs.get(NODE_MODE_PREF)?.value;
        const start = resolveStartMode(this.#options.network, this.#options.explicitMode === true, saved);
        if (start.problem) this.#log.warn('saved light mode ignored', { problem: start.problem });
        this.#log.info('node mode', { mode: start.mode, source: start.source });
        try {
          this.#services.network = await this.#startNetwork({ ...this.#options.network, mode: start.mode }, key);
        } catch (error) {
          await accounts.close();
          closeDatabase(db);
          this.#services = undefined;
          throw new Error(`the Waku node could not start: ${(error as Error).message}`, { cause: error });
        }
      }
    } catch (error) {
      this.#lock.release();
      throw error;
    } finally {
      key?.fill(0);
    }
    this.#startedAt = this.#now();
    this.#setState(NodeState.Running);
    const interval = this.#options.statusIntervalMs ?? 5000;
    this.#statusTimer = setInterval(() => this.#emitStatus(), interval);
    this.#statusTimer.unref();
    this.#statsTimer = setInterval(() => {
      if (this.rpc.stats.sessions > 0) this.rpc.emit('node.statsChanged', this.stats());
    }, this.#options.statsIntervalMs ?? 2000);
    this.#statsTimer.unref();
    this.#log.info('core started', { dataDir: this.dataDir, ms: Math.round(performance.now() - began) });
  }

  /** Idempotent: closes sessions, checkpoints and closes the database, releases the lock. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  info(): NodeInfo {
    const network = this.#services?.network;
    return {
      appVersion: this.#options.appVersion,
      runtime: process.version,
      platform: `${process.platform}-${process.arch}`,
      mode: network?.settings.mode ?? this.#options.network?.mode ?? this.#options.mode ?? 'full',
      dataDir: this.dataDir,
      schemaVersion: this.#schemaVersion,
      startedAt: this.#startedAt,
      peerId: network?.peerId ?? null,
      listenAddresses: network?.listenAddresses ?? [],
      clusterId: this.#options.network?.clusterId ?? 16,
      shards: network?.shards ?? [],
    };
  }

  /**
   * node.setMode: stops the account's messaging, the Waku node, starts it in `mode` with the same
   * settings (same peer key from the data dir), and brings the messaging back. The choice is
   * saved for the next start (pref 'node.mode'). One switch at a time: a second gets Conflict.
   * If the new node cannot start, the previous mode comes back and the call fails.
   */
  async setMode(mode: NodeMode): Promise<NodeInfo> {
    if (this.#switching) {
      throw new RpcError(RpcErrorCode.Conflict, `the node is already switching to ${this.#switching} mode`, {
        reason: 'SWITCHING',
      });
    }
    const services = this.#services;
    if (!services || this.#state !== NodeState.Running) {
      throw new RpcError(RpcErrorCode.Unavailable, `the core is ${this.#state}`);
    }
    const previous = services.network;
    if (!previous) throw new RpcError(RpcErrorCode.Unavailable, 'the core runs without a Waku node (offline)');
    if (previous.settings.mode === mode) {
      services.prefs.set(NODE_MODE_PREF, mode, this.#now());
      return this.info();
    }
    const problem = mode === 'light' ? lightModeProblem(previous.settings) : null;
    if (problem) throw new RpcError(RpcErrorCode.Conflict, problem, { reason: 'NO_SERVICE_PEER' });
    this.#switching = mode;
    try {
      return await this.#switchNetwork(services, previous, mode);
    } finally {
      this.#switching = undefined;
    }
  }

  async #switchNetwork(services: CoreServices, previous: Network, mode: NodeMode): Promise<NodeInfo> {
    const from = previous.settings.mode;
    this.#log.info('switching node mode', { from, to: mode });
    // Without a network, #onLoginChanged stops the account's messaging, history and
    // stored-check and starts nothing; with the new one it builds them again.
    services.network = undefined;
    this.#onLoginChanged(services.accounts.loginState());
    await previous.stop().catch((error: unknown) => this.#log.warn('waku node stop failed', { error: String(error) }));
    let next: Network;
    let failure: unknown;
    try {
      next = await this.#startNetwork({ ...previous.settings, mode });
    } catch (error) {
      failure = error;
      this.#log.error('node mode switch failed: back to the previous mode', { to: mode, error: String(error) });
      try {
        next = await this.#startNetwork(previous.settings);
      } catch (again) {
        this.#emitStatus();
        throw new RpcError(
          RpcErrorCode.Internal,
          `could not switch to ${mode} mode (${String(error)}) nor go back to ${from} mode (${String(again)})`,
          { reason: 'SWITCH_FAILED' },
        );
      }
    }
    if (this.#services !== services || this.#state !== NodeState.Running) {
      await next.stop().catch(() => {});
      throw new RpcError(RpcErrorCode.Unavailable, `the core is ${this.#state}`);
    }
    services.network = next;
    this.#onLoginChanged(services.accounts.loginState());
    if (failure === undefined) services.prefs.set(NODE_MODE_PREF, mode, this.#now());
    this.#emitStatus();
    this.rpc.emit('node.statsChanged', this.stats());
    if (failure !== undefined) {
      throw new RpcError(
        RpcErrorCode.Internal,
        `could not switch to ${mode} mode: ${(failure as Error).message ?? String(failure)}; the node runs in ${from} mode again`,
        { reason: 'SWITCH_FAILED' },
      );
    }
    this.#log.info('node mode switched', { mode });
    return this.info();
  }

  /** Starts the Waku node; the store archive's key is the core database's (zeroed after, if loaded here). */
  async #startNetwork(settings: NetworkSettings, databaseKey?: Uint8Array): Promise<Network> {
    const key = databaseKey ?? loadOrCreateHexSecret(path.join(this.dataDir, DataFile.DatabaseKey), DATABASE_KEY_BYTES);
    let network: Network;
    try {
      network = await Network.start(settings, this.dataDir, this.#log, {
        path: path.join(this.dataDir, DataFile.StoreDatabase),
        key,
      });
    } finally {
      if (!databaseKey) key.fill(0);
    }
    if (network.light && network.stats().peers === 0) {
      // The light node keeps dialling its static peers and discovery; say why nothing works yet.
      this.#log.warn('light mode: no service peer ready yet, still trying', {
        staticPeers: settings.staticPeers.length,
        discovery: settings.discovery,
      });
    }
    return network;
  }

  stats(): NodeStats {
    const network = this.#services?.network;
    if (network) {
      const stats = network.stats();
      // What the messenger refused, by reason: bad input is counted where people can see it.
      const messaging = this.#messaging;
      if (messaging) {
        const counted = (prefix: string, counts: ReadonlyMap<string, number>) =>
          [...counts].map(([reason, n]) => [`${prefix}.${reason}`, n] as const);
        stats.protocols.messenger = Object.fromEntries([
          ...counted('rejected', messaging.rejected),
          ...counted('rejected-image', messaging.rejectedImages),
          ...counted('group', messaging.groups.rejected),
          ...counted('action', messaging.actions.dropped),
          ...counted('contact-sync', messaging.contactSync.dropped),
          ...counted('chat-sync', messaging.chatSync.dropped),
        ]);
      }
      if (this.#storedCheck) stats.protocols['stored-check'] = Object.fromEntries(this.#storedCheck.counters);
      return stats;
    }
    return {
      mode: this.#options.mode ?? 'full',
      peerId: null,
      connections: 0,
      peers: 0,
      relay: { subscriptions: [], meshPeers: {} },
      protocols: {},
    };
  }

  status(): NodeStatus {
    return {
      state: this.#state,
      uptimeMs: this.#state === NodeState.Running ? this.#now() - this.#startedAt : 0,
      peers: this.#services?.network?.peerCount() ?? 0,
      rpcSessions: this.rpc.stats.sessions,
      databaseBytes: this.#databaseBytes(),
    };
  }

  async #stop(): Promise<void> {
    if (this.#state === NodeState.Stopped) return;
    this.#setState(NodeState.Stopping);
    clearInterval(this.#statusTimer);
    clearInterval(this.#statsTimer);
    this.rpc.closeAll(RpcCloseCode.ShuttingDown, 'core is shutting down');
    this.#history?.stop();
    this.#history = undefined;
    this.#storedCheck?.stop();
    this.#storedCheck = undefined;
    const services = this.#services;
    this.#services = undefined;
    try {
      if (services) {
        await services.network
          ?.stop()
          .catch((error: unknown) => this.#log.warn('waku node stop failed', { error: String(error) }));
        await services.accounts.close();
        closeDatabase(services.db);
      }
    } finally {
      this.#lock?.release();
      this.#state = NodeState.Stopped;
      this.#log.info('core stopped');
    }
  }

  /** The logged-in account's messaging, when there is an account and a Waku node. */
  get messaging(): MessagingService | undefined {
    return this.#messaging;
  }

  #onLoginChanged(state: LoginState): void {
    this.#history?.stop();
    this.#history = undefined;
    this.#storedCheck?.stop();
    this.#storedCheck = undefined;
    this.#messaging?.stop();
    this.#messaging = undefined;
    const session = this.#services?.accounts.session;
    const network = this.#services?.network;
    if (state.state !== 'logged-in' || !session || !network) return;
    const transport = network.full
      ? fullNodeTransport(network.full)
      : lightNodeTransport(network.light as NonNullable<typeof network.light>);
    this.#messaging = new MessagingService({
      session,
      transport,
      events: {
        onAdded: (message) => this.rpc.emit('messages.added', message),
        onUpdated: (update) => this.rpc.emit('messages.updated', update),
        onChanged: (message) => this.rpc.emit('messages.changed', message),
        onRemoved: (removed) => this.rpc.emit('messages.removed', removed),
        onContactUpdated: (contact) => this.rpc.emit('contacts.updated', contact),
        onContactRequest: (contact) => this.rpc.emit('contacts.requestReceived', contact),
        onPresence: (presence) => this.rpc.emit('contacts.presence', presence),
        onDevicesChanged: (devices) => this.rpc.emit('devices.changed', devices),
        onGroupUpdated: (group) => this.rpc.emit('groups.updated', group),
        onChatChanged: (chatId) => this.rpc.emit('chats.changed', { chatId }),
        onPublished: (published) => this.#storedCheck?.published(published),
      },
    });
    // History from store: what was sent to us while we were offline (main/app/history).
    this.#history = new HistoryService({
      full: network.full,
      light: network.light,
      messenger: this.#messaging.messenger,
      prefs: session.prefs,
      onProgress: (progress) => this.rpc.emit('sync.progress', progress),
      log: this.#log.child('history'),
    });
    this.#history.start();
    // The "stored" tick: the same store source asked whether it kept what we published.
    const messaging = this.#messaging;
    this.#storedCheck = new StoredCheck({
      db: session.db,
      source: this.#history.storeClient
        ? storeClientSource(this.#history.storeClient)
        : lightNodeSource(network.light as NonNullable<typeof network.light>),
      onStored: (id) => messaging.markStored(id),
      log: this.#log.child('stored-check'),
    });
    this.#storedCheck.start();
  }

  #setState(state: NodeState): void {
    this.#state = state;
    this.#emitStatus();
  }

  #emitStatus(): void {
    if (this.#state === NodeState.Stopped) return;
    this.rpc.emit('node.statusChanged', this.status());
  }

  #databaseBytes(): number {
    let total = 0;
    for (const file of [DataFile.Database, DataFile.StoreDatabase]) {
      for (const suffix of ['', '-wal']) {
        try {
          total += fs.statSync(path.join(this.dataDir, file + suffix)).size;
        } catch {
          // Not created yet, or checkpointed away.
        }
      }
    }
    return total;
  }
}

// Runs the core in a utility process, hands out one MessagePort per window, restarts the
// core when it dies unexpectedly (with back-off) and asks it to shut down cleanly on quit.
import { MessageChannelMain, type MessagePortMain, type UtilityProcess, utilityProcess } from 'electron';
import { CoreToHost, HostToCore } from '../core/host-messages.ts';

export interface CoreHostOptions {
  entry: string;
  dataDir: string;
  /** Called with a fresh port for each window after the core (re)started. */
  onRestart?: () => void;
  onFatal?: (message: string) => void;
  /** Restart delays; after the last one the host gives up. */
  backoffMs?: readonly number[];
  shutdownTimeoutMs?: number;
}

const DEFAULT_BACKOFF_MS = [500, 1000, 2000, 5000, 10000] as const;

export class CoreHost {
  readonly #options: CoreHostOptions;
  #child: UtilityProcess | undefined;
  #restarts = 0;
  #quitting = false;
  #failed = false;

  constructor(options: CoreHostOptions) {
    this.#options = options;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  start(): void {
    const child = utilityProcess.fork(this.#options.entry, ['--data-dir', this.#options.dataDir], {
      serviceName: 'Waku Status Core',
      stdio: 'inherit',
    });
    this.#child = child;
    child.on('message', (message: { type?: unknown; message?: unknown }) => {
      if (message?.type === CoreToHost.Ready) this.#restarts = 0;
      if (message?.type === CoreToHost.Failed) {
        // A core that cannot start (e.g. its database is unreadable) fails the same way
        // again: tell the user once instead of restarting into the same error.
        this.#failed = true;
        this.#options.onFatal?.(String(message.message));
      }
    });
    child.once('exit', (code) => {
      this.#child = undefined;
      if (!this.#quitting && !this.#failed) this.#scheduleRestart(code);
    });
  }

  /** A new RPC session: the core keeps one end, the caller gets the other. */
  connect(): MessagePortMain | undefined {
    if (!this.#child) return undefined;
    const { port1, port2 } = new MessageChannelMain();
    this.#child.postMessage({ type: HostToCore.Connect }, [port1]);
    return port2;
  }

  async stop(): Promise<void> {
    this.#quitting = true;
    const child = this.#child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, this.#options.shutdownTimeoutMs ?? 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.postMessage({ type: HostToCore.Shutdown });
    });
  }

  #scheduleRestart(code: number): void {
    const backoff = this.#options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const delay = backoff[this.#restarts];
    if (delay === undefined) {
      this.#options.onFatal?.(`the core exited (code ${code}) ${this.#restarts} times in a row`);
      return;
    }
    this.#restarts += 1;
    setTimeout(() => {
      if (this.#quitting) return;
      this.start();
      this.#options.onRestart?.();
    }, delay);
  }
}

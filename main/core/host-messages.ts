// Messages between Electron main and the core's utility process (over parentPort).

/** main → core */
export const HostToCore = {
  /** Carries one MessagePort: a new RPC session (one per window). */
  Connect: 'connect',
  Shutdown: 'shutdown',
} as const;

/** core → main */
export const CoreToHost = {
  Ready: 'ready',
  Failed: 'failed',
} as const;

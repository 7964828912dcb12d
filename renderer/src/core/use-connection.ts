import { useSyncExternalStore } from 'react';
import type { ConnectionState, CoreConnection } from './connection.ts';

export function useConnectionState(connection: CoreConnection): ConnectionState {
  return useSyncExternalStore(
    (listener) => connection.subscribe(listener),
    () => connection.state,
  );
}

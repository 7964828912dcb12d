import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncProgress } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';

/**
 * A running sync is shown only once it is worth noticing: it has fetched something, or it has
 * been running this long. Periodic syncs that find nothing finish well within it and never flash
 * a bar; a slow start-up or reconnect sync shows even before its first page arrives.
 */
export const SHOW_SYNC_AFTER_MS = 500;

export interface SyncProgressState {
  /** The running sync to show, or null (none running, or too quick and empty so far). */
  running: SyncProgress | null;
  /** The last sync failed (cleared by a later successful one, or dismissed). */
  failed: SyncProgress | null;
  dismissFailure: () => void;
}

/** History-from-store progress (`sync.progress`), filtered for display. */
export function useSyncProgress(client: CoreClient, showAfterMs = SHOW_SYNC_AFTER_MS): SyncProgressState {
  const [current, setCurrent] = useState<SyncProgress | null>(null);
  // Which sync runs (null: none): each `started` begins a new one, and a new wait before it
  // counts as slow; a `fetching` without a `started` (joined mid-sync) counts as one too.
  const [runId, setRunId] = useState<number | null>(null);
  const runs = useRef(0);
  const [slow, setSlow] = useState(false);
  const [failed, setFailed] = useState<SyncProgress | null>(null);

  useEffect(
    () =>
      client.on('sync.progress', (progress) => {
        switch (progress.phase) {
          case 'started':
            runs.current += 1;
            setRunId(runs.current);
            setSlow(false);
            setCurrent(progress);
            return;
          case 'fetching':
            setRunId((id) => id ?? ++runs.current);
            setCurrent(progress);
            return;
          case 'done':
            setRunId(null);
            setCurrent(null);
            setSlow(false);
            setFailed(null);
            return;
          case 'failed':
            setRunId(null);
            setCurrent(null);
            setSlow(false);
            setFailed(progress);
            return;
        }
      }),
    [client],
  );

  useEffect(() => {
    if (runId === null) return;
    const timer = setTimeout(() => setSlow(true), showAfterMs);
    return () => clearTimeout(timer);
  }, [runId, showAfterMs]);

  const dismissFailure = useCallback(() => setFailed(null), []);
  const running = current && (slow || current.fetched > 0) ? current : null;
  return { running, failed, dismissFailure };
}

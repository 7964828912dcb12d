import type { SyncProgress } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';
import { useSyncProgress } from './use-sync-progress.ts';

export function syncText(progress: SyncProgress): string {
  const parts: string[] = [];
  if (progress.fetched > 0) parts.push(`${progress.fetched} ${progress.fetched === 1 ? 'message' : 'messages'}`);
  if (progress.topicsTotal > 0) parts.push(`${progress.topicsDone}/${progress.topicsTotal} topics`);
  return `Fetching history…${parts.length > 0 ? ` ${parts.join(', ')}` : ''}`;
}

/** A thin bar at the top of the shell while history is fetched; a dismissible notice if it failed. */
export function SyncProgressBar({ client, showAfterMs }: { client: CoreClient; showAfterMs?: number }) {
  const { running, failed, dismissFailure } = useSyncProgress(client, showAfterMs);
  if (!running && !failed) return null;
  return (
    <div className="sync-progress">
      {running && (
        <div className="sync-running">
          <progress
            aria-label="History sync"
            max={running.topicsTotal > 0 ? running.topicsTotal : undefined}
            value={running.topicsTotal > 0 ? running.topicsDone : undefined}
          />
          <span role="status">{syncText(running)}</span>
        </div>
      )}
      {failed && !running && (
        <div className="sync-failed notice" role="alert">
          <span>Fetching history failed{failed.error ? `: ${failed.error}` : ''}. It will retry automatically.</span>
          <button type="button" className="small" aria-label="Dismiss sync error" onClick={dismissFailure}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

import { useState } from 'react';
import type { NodeInfo } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';
import { useNodeStatus } from '../core/use-node-status.ts';
import { formatBytes, formatDuration } from './format.ts';
import { NodeDashboard } from './NodeDashboard.tsx';

export function NodeStatusPanel({ client }: { client: CoreClient }) {
  const { info: read, status, error } = useNodeStatus(client);
  // A mode switch in the dashboard changes the info (mode, listen addresses) read at mount.
  const [switched, setSwitched] = useState<NodeInfo | null>(null);
  const info = switched ?? read;
  if (error) return <p role="alert">Could not read the node's status: {error}</p>;
  if (!info || !status) return <p aria-busy="true">Reading the node's status…</p>;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="node-status-title">
        <h2 id="node-status-title">Node</h2>
        <p className="state">
          <span className={`dot dot-${status.state}`} aria-hidden="true" />
          <span data-testid="node-state">{status.state}</span>
        </p>
        <dl>
          <dt>Uptime</dt>
          <dd data-testid="node-uptime">{formatDuration(status.uptimeMs)}</dd>
          <dt>Mode</dt>
          <dd data-testid="node-mode">{info.mode}</dd>
          <dt>Peers</dt>
          <dd data-testid="node-peers">{status.peers}</dd>
          <dt>App sessions</dt>
          <dd data-testid="node-sessions">{status.rpcSessions}</dd>
          <dt>Database</dt>
          <dd>{formatBytes(status.databaseBytes)}</dd>
          <dt>Version</dt>
          <dd data-testid="node-version">{info.appVersion}</dd>
          <dt>Runtime</dt>
          <dd>
            Node {info.runtime} on {info.platform}
          </dd>
          <dt>Data directory</dt>
          <dd className="mono">{info.dataDir}</dd>
        </dl>
      </section>
      <NodeDashboard client={client} info={info} onInfoChanged={setSwitched} />
    </div>
  );
}

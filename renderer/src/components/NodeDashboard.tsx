import { useState } from 'react';
import type { NodeInfo } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';
import { useNodeStats } from '../core/use-node-stats.ts';
import { ModeSwitch } from './ModeSwitch.tsx';
import { NodeSummary } from './NodeSummary.tsx';

function short(id: string): string {
  return id.length > 20 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id;
}

/** What the Waku node does for the network: peers, shards, and every protocol's counters. */
export function NodeDashboard({
  client,
  info: given,
  onInfoChanged,
}: {
  client: CoreClient;
  info: NodeInfo;
  /** After a mode switch: the node's new info (mode, listen addresses). */
  onInfoChanged?: (info: NodeInfo) => void;
}) {
  const { stats, peers } = useNodeStats(client);
  const [switched, setSwitched] = useState<NodeInfo | null>(null);
  const info = switched ?? given;
  if (!info.peerId) return <p className="muted">The Waku node is not running (offline mode).</p>;
  return (
    <section className="card" aria-labelledby="network-title">
      <h2 id="network-title">Waku network</h2>
      <NodeSummary stats={stats} />
      <ModeSwitch
        client={client}
        mode={info.mode}
        onSwitched={(next) => {
          setSwitched(next);
          onInfoChanged?.(next);
        }}
      />
      <dl>
        <dt>Peer id</dt>
        <dd className="mono" data-testid="peer-id">
          {info.peerId}
        </dd>
        <dt>Cluster / shards</dt>
        <dd data-testid="shards">
          {info.clusterId} / {info.shards.join(', ')}
        </dd>
        <dt>Listening on</dt>
        <dd className="mono">
          {info.listenAddresses.map((address) => (
            <div key={address}>{address}</div>
          ))}
        </dd>
        <dt>Connections</dt>
        <dd data-testid="connections">{stats?.connections ?? '…'}</dd>
      </dl>
      <h3>Relay mesh</h3>
      <table aria-label="Relay mesh">
        <tbody>
          {Object.entries(stats?.relay.meshPeers ?? {}).map(([topic, count]) => (
            <tr key={topic}>
              <td className="mono">{topic}</td>
              <td>{count} peers</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Served and refused</h3>
      <table aria-label="Protocol counters">
        <tbody>
          {Object.entries(stats?.protocols ?? {}).flatMap(([protocol, counters]) =>
            Object.entries(counters).map(([name, value]) => (
              <tr key={`${protocol}/${name}`}>
                <td>{protocol}</td>
                <td>{name}</td>
                <td>{value}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      <h3>Peers ({peers.length})</h3>
      <table aria-label="Peers">
        <tbody>
          {peers.map((peer) => (
            <tr key={peer.id}>
              <td className="mono" title={peer.id}>
                {short(peer.id)}
              </td>
              <td>{peer.direction}</td>
              <td>{peer.shards ? `shards ${peer.shards.join(', ')}` : 'no metadata'}</td>
              <td>{peer.protocols.filter((p) => p.startsWith('/vac/waku')).length} Waku protocols</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

import type { ReactNode } from 'react';
import type { NodeStats } from '../../../shared/api.ts';

const KIB = 1024;
const MIB = 1024 * 1024;
const GIB = 1024 * 1024 * 1024;

function oneDecimal(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** "12.3 KiB/s" from bytes per second. */
export function formatRate(bytesPerSec: number): string {
  return `${oneDecimal(bytesPerSec / KIB)} KiB/s`;
}

/** Bytes in the largest binary unit that keeps the number ≥ 1 (B, KiB, MiB, GiB). */
export function formatBytes(bytes: number): string {
  if (bytes >= GIB) return `${oneDecimal(bytes / GIB)} GiB`;
  if (bytes >= MIB) return `${oneDecimal(bytes / MIB)} MiB`;
  if (bytes >= KIB) return `${oneDecimal(bytes / KIB)} KiB`;
  return `${bytes} B`;
}

/** ↓ / ↑ with a spoken name, so a screen reader says "download 10.0 KiB/s". */
function Arrow({ direction }: { direction: 'in' | 'out' }) {
  return (
    <span role="img" aria-label={direction === 'in' ? 'download' : 'upload'}>
      {direction === 'in' ? '↓' : '↑'}
    </span>
  );
}

function Tile({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const headingId = `node-summary-${id}`;
  return (
    <section className="summary-tile" aria-labelledby={headingId} data-testid={`tile-${id}`}>
      <h3 id={headingId}>{title}</h3>
      {children}
    </section>
  );
}

/**
 * The node at a glance, live from `node.statsChanged`: peers, what a full node serves to light
 * clients (hidden in light mode), and bandwidth through libp2p.
 */
export function NodeSummary({ stats }: { stats: NodeStats | null }) {
  const served = stats?.mode === 'full' ? stats.served : undefined;
  const bandwidth = stats?.bandwidth;
  const pending = '…';
  return (
    <section className="node-summary" aria-label="Node summary">
      <Tile id="peers" title="Peers">
        <p className="summary-value">{stats ? stats.peers.toLocaleString('en-US') : pending}</p>
        <p className="summary-detail">{stats ? `${stats.connections} connections` : ''}</p>
      </Tile>
      {served && (
        <>
          <Tile id="light-clients" title="Light clients served">
            <p className="summary-value">{served.lightClients.toLocaleString('en-US')}</p>
            <p className="summary-detail">last 10 minutes</p>
          </Tile>
          <Tile id="filter" title="Filter subscriptions">
            <p className="summary-value">{served.filterSubscriptions.toLocaleString('en-US')}</p>
            <p className="summary-detail">
              {served.filterSubscribers} {served.filterSubscribers === 1 ? 'subscriber' : 'subscribers'}
            </p>
          </Tile>
          <Tile id="archive" title="Archive">
            <p className="summary-value">{served.archiveMessages.toLocaleString('en-US')} messages</p>
            <p className="summary-detail">{oneDecimal(served.archiveBytes / MIB)} MiB</p>
          </Tile>
        </>
      )}
      <Tile id="bandwidth" title="Bandwidth">
        {bandwidth ? (
          <>
            <p className="summary-value">
              <span data-testid="rate-in">
                <Arrow direction="in" /> {formatRate(bandwidth.inPerSec)}
              </span>{' '}
              <span data-testid="rate-out">
                <Arrow direction="out" /> {formatRate(bandwidth.outPerSec)}
              </span>
            </p>
            <p className="summary-detail" data-testid="bandwidth-totals">
              total <Arrow direction="in" /> {formatBytes(bandwidth.bytesIn)} <Arrow direction="out" />{' '}
              {formatBytes(bandwidth.bytesOut)}
            </p>
          </>
        ) : (
          <p className="summary-value">{pending}</p>
        )}
      </Tile>
    </section>
  );
}

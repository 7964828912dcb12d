import { useEffect, useState } from 'react';
import type { NodePeer, NodeStats } from '../../../shared/api.ts';
import type { CoreClient } from './connection.ts';

/** The node's stats as pushed by the core, and its peers (reloaded when the peer count changes). */
export function useNodeStats(client: CoreClient): { stats: NodeStats | null; peers: NodePeer[] } {
  const [stats, setStats] = useState<NodeStats | null>(null);
  const [peers, setPeers] = useState<NodePeer[]>([]);
  useEffect(() => {
    let live = true;
    const apply = (next: NodeStats) => {
      if (live) setStats(next);
    };
    const unsubscribe = client.on('node.statsChanged', apply);
    client.call('node.stats').then(apply, () => {});
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client]);
  const peerCount = stats?.peers;
  useEffect(() => {
    if (peerCount === undefined) return;
    let live = true;
    client.call('node.peers').then(
      (list) => {
        if (live) setPeers(list);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [client, peerCount]);
  return { stats, peers };
}

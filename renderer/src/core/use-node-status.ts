import { useEffect, useState } from 'react';
import type { NodeInfo, NodeStatus } from '../../../shared/api.ts';
import type { CoreClient } from './connection.ts';

export interface NodeView {
  info: NodeInfo | null;
  status: NodeStatus | null;
  error: string | null;
}

/** Node info once, then the status as the core pushes it. */
export function useNodeStatus(client: CoreClient): NodeView {
  const [view, setView] = useState<NodeView>({ info: null, status: null, error: null });
  useEffect(() => {
    let live = true;
    const unsubscribe = client.on('node.statusChanged', (status) => {
      if (live) setView((previous) => ({ ...previous, status }));
    });
    Promise.all([client.call('node.info'), client.call('node.status')]).then(
      ([info, status]) => {
        if (live) setView((previous) => ({ info, status: previous.status ?? status, error: null }));
      },
      (error: unknown) => {
        if (live) setView((previous) => ({ ...previous, error: String(error) }));
      },
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client]);
  return view;
}

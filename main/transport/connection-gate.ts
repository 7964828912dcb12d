// Caps inbound connections per remote IP. libp2p caps the total (maxConnections) and the
// per-host connection *rate*, but not how many a single host may hold open at once, which is
// what lets one machine exhaust our slots.
import type { ConnectionGater, Libp2p, MultiaddrConnection } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';

export function remoteHost(address: Multiaddr): string | null {
  const [first] = address.stringTuples();
  return first === undefined ? null : (first[1] ?? null);
}

export interface IpConnectionGate {
  gater: Partial<ConnectionGater>;
  /** Must be called once libp2p exists; the gate reads its live connections. */
  attach(libp2p: Libp2p): void;
  refused(): number;
}

export function ipConnectionGate(maxConnectionsPerIp: number): IpConnectionGate {
  let node: Libp2p | null = null;
  let refused = 0;
  return {
    gater: {
      denyInboundConnection: (maConn: MultiaddrConnection) => {
        const host = remoteHost(maConn.remoteAddr);
        if (node === null || host === null) return false;
        const open = node.getConnections().filter((connection) => remoteHost(connection.remoteAddr) === host).length;
        if (open < maxConnectionsPerIp) return false;
        refused += 1;
        return true;
      },
    },
    attach(libp2p) {
      node = libp2p;
    },
    refused: () => refused,
  };
}

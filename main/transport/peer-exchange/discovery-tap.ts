// Feeds the ENR cache from the discovery modules we already run. libp2p's 'peer:discovery'
// event only carries {id, multiaddrs}, and @waku/discovery keeps no ENR in the peer store, so
// the signed records are taken where the modules have them (pinned @waku/discovery 0.0.13,
// covered by test/unit/transport/peer-exchange-tap.test.ts):
// - PeerDiscoveryDns pulls every ENR of the tree from its `nextPeer` generator (which
//   discovery-config.ts sets, or findPeers() sets later for DNS-over-HTTPS): we wrap it.
// - PeerExchangeDiscovery gets decoded ENRs back from `peerExchange.query()`: we wrap that.
// Anything else passes through untouched. The wrappers only observe; errors in the callback
// never reach the module.
import { DNS_DISCOVERY_TAG, type IEnr } from '@waku/interfaces';
import type { PeerDiscoveryFactory } from '../discovery/discovery-config.ts';
import type { EnrSource } from './enr-cache.ts';

export type EnrListener = (enr: IEnr, source: EnrSource) => void;

const PEER_EXCHANGE_DISCOVERY_TAG = '@waku/peer-exchange';

type NextPeer = (...args: unknown[]) => AsyncGenerator<IEnr>;

interface DnsModuleShape {
  nextPeer?: NextPeer;
}

interface PeerExchangeModuleShape {
  peerExchange?: {
    query?: (params: unknown) => Promise<{ peerInfos: { ENR?: IEnr }[] | null }>;
  };
}

export function tapDiscovery(factory: PeerDiscoveryFactory, listener: EnrListener): PeerDiscoveryFactory {
  return (components) => {
    const module = factory(components);
    const tag = (module as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
    if (tag === DNS_DISCOVERY_TAG) tapDns(module as DnsModuleShape, listener);
    else if (tag === PEER_EXCHANGE_DISCOVERY_TAG) tapPeerExchange(module as PeerExchangeModuleShape, listener);
    return module;
  };
}

/** Whether `tapDiscovery` knows how to read ENRs from this module (for the tests). */
export function tappable(module: unknown): 'dns' | 'peer-exchange' | null {
  const tag = (module as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  if (tag === DNS_DISCOVERY_TAG && 'nextPeer' in (module as object)) return 'dns';
  if (
    tag === PEER_EXCHANGE_DISCOVERY_TAG &&
    typeof (module as PeerExchangeModuleShape).peerExchange?.query === 'function'
  )
    return 'peer-exchange';
  return null;
}

function notify(listener: EnrListener, enr: IEnr, source: EnrSource): void {
  try {
    listener(enr, source);
  } catch {
    // Observing must never break discovery.
  }
}

function tapDns(module: DnsModuleShape, listener: EnrListener): void {
  const wrap = (next: NextPeer): NextPeer =>
    async function* (...args: unknown[]) {
      for await (const enr of next(...args)) {
        notify(listener, enr, 'dns');
        yield enr;
      }
    };
  let current = module.nextPeer === undefined ? undefined : wrap(module.nextPeer);
  Object.defineProperty(module, 'nextPeer', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (next: NextPeer | undefined) => {
      current = next === undefined ? undefined : wrap(next);
    },
  });
}

function tapPeerExchange(module: PeerExchangeModuleShape, listener: EnrListener): void {
  const client = module.peerExchange;
  const query = client?.query;
  if (client === undefined || query === undefined) return;
  client.query = async (params: unknown) => {
    const result = await query.call(client, params);
    for (const info of result.peerInfos ?? []) if (info.ENR !== undefined) notify(listener, info.ENR, 'peer-exchange');
    return result;
  };
}

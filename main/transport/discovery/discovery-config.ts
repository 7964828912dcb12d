// Peer discovery for our libp2p nodes: EIP-1459 DNS discovery from the Status fleet's ENR tree
// and Waku peer exchange (34/WAKU2-PEER-EXCHANGE, client side), both from @waku/discovery
// 0.0.13. discoveryModules() returns the libp2p `peerDiscovery` array; `--no-discovery` gives [].
//
// What the modules do, and what they do not (checked in @waku/discovery 0.0.13's source):
// - PeerDiscoveryDns walks each tree once on start(), verifies the root signature against the
//   tree's public key, keeps ENRs that carry a `waku2` field, saves them in the peer store
//   (tag "bootstrap", plus their `rs` shard info) and emits libp2p 'peer' discovery events.
// - PeerExchangeDiscovery asks every identified peer that advertises
//   /vac/waku/peer-exchange/2.0.0-alpha1 for up to 60 ENRs, and again every 30 s.
// - Neither dials. libp2p 2.x has no autodialler: a js-waku light node dials discovered peers
//   through the SDK's DiscoveryDialer; a node built on plain libp2p (our full node) must dial
//   on 'peer:discovery' itself.
import { base32nopad } from '@scure/base';
import { DnsNodeDiscovery, PeerDiscoveryDns, wakuDnsDiscovery, wakuPeerExchangeDiscovery } from '@waku/discovery';
import type { DnsClient, IEnr } from '@waku/interfaces';
import type { Libp2pOptions } from 'libp2p';
import { systemDnsClient } from './system-dns.ts';

export type PeerDiscoveryFactory = NonNullable<Libp2pOptions['peerDiscovery']>[number];

/**
 * Status fleets' ENR trees (status-reference §3.2; status-go params/cluster.go). Their nodes
 * advertise cluster 16, shards 1, 32, 64, 128, 256, TCP 30303 and WSS 443.
 */
export const STATUS_ENR_TREES = {
  'status.prod': 'enrtree://AMOJVZX4V6EXP7NTJPMAYJYST2QP6AJXYW76IU6VGJS7UVSNDYZG4@boot.prod.status.nodes.status.im',
  'status.staging':
    'enrtree://AI4W5N5IFEUIHF5LESUAOSMV6TKWF2MB6GU2YK7PU4TYUGUNOCEPW@boot.staging.status.nodes.status.im',
} as const;
export type StatusFleet = keyof typeof STATUS_ENR_TREES;

export const DEFAULT_FLEET: StatusFleet = 'status.prod';

/** How discovered ENR trees are resolved: the OS resolver, DNS-over-HTTPS (js-waku's default), or a given client. */
export type DnsSource = 'system' | 'https' | DnsClient;

export interface DiscoveryOptions {
  /** false is `--no-discovery`: only configured peers are dialled. */
  enabled: boolean;
  /** EIP-1459 tree URLs (`enrtree://<base32 public key>@<domain>`). */
  enrTrees: readonly string[];
  /** Ask connected peers that serve peer exchange for more peers. */
  peerExchange: boolean;
  /** Default 'system'; see system-dns.ts for why. */
  dns?: DnsSource;
}

/**
 * Discovery as Status runs it (status-app-protocols: everyone starts from DNS discovery; light
 * clients add peer exchange; full nodes would add discv5, which we do not have, so they use
 * peer exchange too).
 */
export const DEFAULT_DISCOVERY: DiscoveryOptions = {
  enabled: true,
  enrTrees: [STATUS_ENR_TREES[DEFAULT_FLEET]],
  peerExchange: true,
  dns: 'system',
};

const ENR_TREE = /^enrtree:\/\/([A-Z2-7]+)@([a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

/** Throws a RangeError naming the problem, so a typo in a config file fails at start-up. */
export function assertEnrTree(url: string): void {
  const match = ENR_TREE.exec(url);
  if (!match?.[1]) throw new RangeError(`not an enrtree URL (enrtree://<key>@<domain>): ${url}`);
  let key: Uint8Array;
  try {
    key = base32nopad.decode(match[1].toUpperCase());
  } catch {
    throw new RangeError(`the public key of ${url} is not base32`);
  }
  // The root is signed with a secp256k1 key, given compressed (EIP-1459).
  if (key.length !== 33 || (key[0] !== 2 && key[0] !== 3)) {
    throw new RangeError(`the public key of ${url} is not a compressed secp256k1 key`);
  }
}

/** The libp2p `peerDiscovery` entries for `options`; [] when discovery is disabled. */
export function discoveryModules(options: DiscoveryOptions): PeerDiscoveryFactory[] {
  if (!options.enabled) return [];
  const trees = [...new Set(options.enrTrees)];
  for (const tree of trees) assertEnrTree(tree);
  const modules: PeerDiscoveryFactory[] = [];
  if (trees.length > 0) modules.push(dnsDiscovery(trees, options.dns ?? 'system'));
  if (options.peerExchange) modules.push(wakuPeerExchangeDiscovery());
  return modules;
}

function dnsDiscovery(enrTrees: string[], dns: DnsSource): PeerDiscoveryFactory {
  if (dns === 'https') return wakuDnsDiscovery(enrTrees);
  const client = dns === 'system' ? systemDnsClient() : dns;
  return (components) => {
    const discovery = new PeerDiscoveryDns(components, { enrUrls: enrTrees });
    // PeerDiscoveryDns has no resolver option: findPeers() builds a DNS-over-HTTPS walker unless
    // its `nextPeer` generator is already set. Setting it is the only way to keep the module's
    // peer-store tagging and events while choosing the resolver (pinned 0.0.13; the unit tests
    // fail if the field disappears).
    const walker = new DnsNodeDiscovery(client);
    (discovery as unknown as { nextPeer: () => AsyncGenerator<IEnr> }).nextPeer = () => walker.getNextPeer(enrTrees);
    return discovery;
  };
}

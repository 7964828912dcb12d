// Ethereum Node Records (EIP-778) for Waku (31/WAKU2-ENR): building and signing our own node's
// record, and re-encoding records we learned from others (peer exchange hands out the exact
// signed bytes).
//
// A record is rlp([signature, seq, k1, v1, k2, v2, …]) with keys sorted; the "v4" identity
// scheme signs keccak256(rlp([seq, k1, v1, …])) with the node's secp256k1 key (64-byte r‖s).
// Field values come from @waku/enr's own setters (ip/tcp/multiaddrs/waku2) and @waku/utils'
// encodeRelayShard (rs/rsv), so they are byte-for-byte what js-waku and nwaku decode. @waku/enr
// has an encoder but does not export it, and it writes seq as a single byte (seq ≤ 255), so the
// RLP framing and signing live here (synchronous: @noble/curves, no async crypto).
//
// Which addresses go in (the "dialable address" rule, see pickAddresses):
// - `ip`/`tcp` (and `ip6`/`tcp6`): one plain TCP listen address per family. Unspecified
//   (0.0.0.0, ::) addresses are never advertised: libp2p lists the concrete interface addresses
//   a wildcard listener is reachable on, and we pick among those by scope, public > private
//   (RFC 1918, fc00::/7, CGNAT) > link-local > loopback. A loopback-only node advertises
//   loopback, which is what tests on 127.0.0.1 need and harmless elsewhere (nobody dials it).
// - `multiaddrs`: the WebSocket listen addresses (without /p2p) of the best scope present, as
//   js-waku light clients (browsers, our light node) can only dial those. Only WebSocket ones:
//   the TCP address is already in ip/tcp.
// - A record must stay under 300 bytes: WebSocket addresses beyond the first are dropped first,
//   then all of them; if it still does not fit (an `rsv` vector with a long address) it is an
//   error, as a truncated record would be worse than none.
//
// seq: a record with a higher seq replaces an older one at the peers holding it. We start at
// the current Unix time in seconds (as go-ethereum's LocalNode does with milliseconds), so a
// restart with new ports still outranks the record from the previous run without persisting
// anything, and bump by at least one whenever the content changes.
import type { PrivateKey } from '@libp2p/interface';
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ENR } from '@waku/enr';
import type { IEnr } from '@waku/interfaces';
import { encodeRelayShard } from '@waku/utils';
import { keccak256 } from '../crypto/hash.ts';

export const ENR_PREFIX = 'enr:';
/** EIP-778: "the maximum encoded size of a node record is 300 bytes". */
export const MAX_ENR_BYTES = 300;

/** Waku capability flags for an ENR's `waku2` field (31/WAKU2-ENR). */
export interface Waku2Flags {
  relay: boolean;
  store: boolean;
  filter: boolean;
  lightPush: boolean;
}

export interface EnrShardInfo {
  clusterId: number;
  shards: readonly number[];
}

export interface EnrContent {
  waku2: Waku2Flags;
  shardInfo: EnrShardInfo;
  /** Listen multiaddrs (with or without /p2p); the ones advertised are picked by the rule above. */
  listenAddresses: readonly string[];
}

export interface SignedEnr {
  /** The RLP record, as carried by peer exchange. */
  bytes: Uint8Array;
  /** `enr:` + base64url of `bytes`. */
  uri: string;
  seq: bigint;
}

// --- RLP (only what records need: byte strings and one flat list) -----------------------------

function rlpLength(length: number, offset: number): Uint8Array {
  if (length <= 55) return new Uint8Array([offset + length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return new Uint8Array([offset + 55 + bytes.length, ...bytes]);
}

function rlpBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 1 && (bytes[0] ?? 0) < 0x80) return bytes;
  return concat([rlpLength(bytes.length, 0x80), bytes]);
}

function rlpList(items: readonly Uint8Array[]): Uint8Array {
  const payload = concat(items.map(rlpBytes));
  return concat([rlpLength(payload.length, 0xc0), payload]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** RLP integers are minimal big-endian byte strings; zero is the empty string. */
function seqBytes(seq: bigint): Uint8Array {
  if (seq < 0n) throw new RangeError('ENR seq must not be negative');
  const bytes: number[] = [];
  for (let rest = seq; rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn));
  return new Uint8Array(bytes);
}

const utf8 = new TextEncoder();

/** [seq, k, v, …] with keys sorted, as EIP-778 signs and encodes them. */
function contentItems(seq: bigint, kvs: ReadonlyMap<string, Uint8Array>): Uint8Array[] {
  const items = [seqBytes(seq)];
  for (const key of [...kvs.keys()].sort()) {
    const value = kvs.get(key);
    if (value !== undefined) items.push(utf8.encode(key), value);
  }
  return items;
}

/** Signs and encodes a record ("v4" scheme). `kvs` must hold id and secp256k1. */
export function signEnrRecord(privateKey: PrivateKey, seq: bigint, kvs: ReadonlyMap<string, Uint8Array>): SignedEnr {
  if (privateKey.type !== 'secp256k1') throw new Error('ENR v4 records need a secp256k1 key');
  const content = contentItems(seq, kvs);
  const digest = keccak256(rlpList(content));
  const signature = secp256k1.sign(digest, privateKey.raw, { prehash: false, format: 'compact' });
  const bytes = rlpList([signature, ...content]);
  return { bytes, uri: enrUri(bytes), seq };
}

/**
 * The record bytes of an ENR someone else signed (e.g. one decoded from a DNS tree), or null
 * when it has no valid "v4" signature over our canonical (sorted) encoding — a record whose
 * signer did not sort its keys cannot be passed on byte-exactly from a decoded object.
 */
export function encodeSignedEnr(enr: IEnr): Uint8Array | null {
  const signature = enr.signature;
  const publicKey = enr.get('secp256k1');
  if (signature === undefined || publicKey === undefined || signature.length < 64) return null;
  const kvs = new Map<string, Uint8Array>();
  for (const [key, value] of enr.entries()) kvs.set(key, value);
  const content = contentItems(enr.seq, kvs);
  let valid = false;
  try {
    valid = secp256k1.verify(signature.subarray(0, 64), keccak256(rlpList(content)), publicKey, {
      prehash: false,
      lowS: false,
    });
  } catch {
    valid = false;
  }
  return valid ? rlpList([signature, ...content]) : null;
}

export function enrUri(bytes: Uint8Array): string {
  return ENR_PREFIX + Buffer.from(bytes).toString('base64url');
}

// --- Our record -------------------------------------------------------------------------------

type Scope = 0 | 1 | 2 | 3;

/** Higher is better: 3 public, 2 private, 1 link-local, 0 loopback; null: never advertised. */
function addressScope(family: 'ip4' | 'ip6', host: string): Scope | null {
  if (family === 'ip4') {
    const octets = host.split('.').map(Number);
    const [a = -1, b = -1] = octets;
    if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return null;
    if (a === 0 || a >= 224) return null; // unspecified / "this network", multicast, reserved
    if (a === 127) return 0;
    if (a === 169 && b === 254) return 1;
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127))
      return 2;
    return 3;
  }
  const lower = host.toLowerCase();
  if (lower === '::' || lower.startsWith('ff')) return null;
  if (lower === '::1') return 0;
  if (/^fe[89ab]/.test(lower)) return 1;
  if (/^f[cd]/.test(lower)) return 2;
  return 3;
}

interface Candidate {
  address: Multiaddr;
  family: 'ip4' | 'ip6';
  host: string;
  port: number;
  ws: boolean;
  scope: Scope;
}

function candidate(text: string): Candidate | null {
  let address: Multiaddr;
  try {
    address = multiaddr(text);
  } catch {
    return null;
  }
  // Drop /p2p/<id>: the record's key already names the peer.
  const located = address.getPeerId() === null ? address : address.decapsulateCode(421);
  const tuples = located.stringTuples();
  const [ip, tcp, ...rest] = tuples;
  if (ip === undefined || tcp === undefined || tcp[0] !== 6 || tcp[1] === undefined) return null;
  const family = ip[0] === 4 ? 'ip4' : ip[0] === 41 ? 'ip6' : null;
  if (family === null || ip[1] === undefined) return null;
  const port = Number(tcp[1]);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) return null;
  // Plain TCP, or TCP + /ws (477) or /wss (478); anything else (/tls/ws, circuit…) is skipped.
  const ws = rest.length === 1 && (rest[0]?.[0] === 477 || rest[0]?.[0] === 478);
  if (rest.length > 0 && !ws) return null;
  const scope = addressScope(family, ip[1]);
  if (scope === null) return null;
  return { address: located, family, host: ip[1], port, ws, scope };
}

export interface PickedAddresses {
  ip4?: { host: string; port: number };
  ip6?: { host: string; port: number };
  /** WebSocket multiaddrs, best first, without /p2p. */
  ws: Multiaddr[];
}

/** Applies the advertised-address rule (top of file) to a node's listen addresses. */
export function pickAddresses(listenAddresses: readonly string[]): PickedAddresses {
  const candidates = listenAddresses.map(candidate).filter((c): c is Candidate => c !== null);
  const best = (list: Candidate[]) =>
    list.reduce<Candidate | undefined>((top, c) => (top === undefined || c.scope > top.scope ? c : top), undefined);
  const picked: PickedAddresses = { ws: [] };
  for (const family of ['ip4', 'ip6'] as const) {
    const top = best(candidates.filter((c) => !c.ws && c.family === family));
    if (top) picked[family] = { host: top.host, port: top.port };
  }
  const ws = candidates.filter((c) => c.ws);
  const topScope = best(ws)?.scope;
  const seen = new Set<string>();
  for (const c of ws) {
    const text = c.address.toString();
    if (c.scope !== topScope || seen.has(text)) continue;
    seen.add(text);
    picked.ws.push(c.address);
  }
  return picked;
}

/** The key/value pairs of our record (without seq and signature). */
export function enrKeyValues(
  publicKey: Uint8Array,
  content: EnrContent,
  maxWebSocketAddresses = Number.POSITIVE_INFINITY,
): Map<string, Uint8Array> {
  // ENR.create + the typed setters give exactly @waku/enr's encodings of each field.
  const enr = ENR.create({ id: utf8.encode('v4'), secp256k1: publicKey });
  const addresses = pickAddresses(content.listenAddresses);
  if (addresses.ip4) {
    enr.ip = addresses.ip4.host;
    enr.tcp = addresses.ip4.port;
  }
  if (addresses.ip6) {
    enr.ip6 = addresses.ip6.host;
    enr.tcp6 = addresses.ip6.port;
  }
  const ws = addresses.ws.slice(0, maxWebSocketAddresses);
  if (ws.length > 0) enr.multiaddrs = ws;
  enr.waku2 = content.waku2;
  const shards = [...new Set(content.shardInfo.shards)].sort((a, b) => a - b);
  // encodeRelayShard switches to the bit-vector form at 64 shards; that form is keyed `rsv`.
  enr.set(shards.length >= 64 ? 'rsv' : 'rs', encodeRelayShard({ clusterId: content.shardInfo.clusterId, shards }));
  return new Map(enr.entries());
}

/** Signs `content` into a record that fits MAX_ENR_BYTES, dropping WebSocket addresses if needed. */
export function buildEnr(privateKey: PrivateKey, content: EnrContent, seq: bigint): SignedEnr {
  const wsCount = pickAddresses(content.listenAddresses).ws.length;
  for (const limit of [...new Set([wsCount, Math.min(wsCount, 1), 0])]) {
    const record = signEnrRecord(privateKey, seq, enrKeyValues(privateKey.publicKey.raw, content, limit));
    if (record.bytes.length <= MAX_ENR_BYTES) return record;
  }
  throw new RangeError(`our ENR does not fit in ${MAX_ENR_BYTES} bytes`);
}

/**
 * Our node's record: rebuilt from the current content on every read, re-signed with a higher
 * seq only when the content differs from the last signed one.
 */
export class LocalEnr {
  readonly #privateKey: PrivateKey;
  readonly #now: () => number;
  #current: SignedEnr | null = null;
  #contentKey = '';

  constructor(privateKey: PrivateKey, options: { now?: () => number } = {}) {
    this.#privateKey = privateKey;
    this.#now = options.now ?? Date.now;
  }

  /** The signed record for `content` (cached while the content is unchanged). */
  update(content: EnrContent): SignedEnr {
    const key = contentKey(content);
    if (this.#current !== null && key === this.#contentKey) return this.#current;
    const bySeconds = BigInt(Math.floor(this.#now() / 1000));
    const previous = this.#current?.seq ?? 0n;
    const seq = bySeconds > previous ? bySeconds : previous + 1n;
    this.#current = buildEnr(this.#privateKey, content, seq);
    this.#contentKey = key;
    return this.#current;
  }
}

function contentKey(content: EnrContent): string {
  const addresses = pickAddresses(content.listenAddresses);
  return JSON.stringify([
    content.waku2,
    content.shardInfo.clusterId,
    [...new Set(content.shardInfo.shards)].sort((a, b) => a - b),
    addresses.ip4 ?? null,
    addresses.ip6 ?? null,
    addresses.ws.map(String),
  ]);
}

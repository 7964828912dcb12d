// /vac/waku/peer-exchange/2.0.0-alpha1 (34/WAKU2-PEER-EXCHANGE): a client asks a service node
// for ENRs of other peers it knows.
//
// Wire (@waku/proto's proto_peer_exchange, same field numbers as nwaku's rpc_codec.nim):
//   PeerExchangeRPC { query = 1: PeerExchangeQuery { num_peers = 1: uint64 },
//                     response = 2: PeerExchangeResponse { peer_infos = 1: repeated PeerInfo { enr = 1: bytes } } }
// nwaku (2024+) also sends `response_status = 10: { status_code = 1: uint32, status_desc = 2: string }`
// on the RPC and refuses a response without it; js-waku skips it as an unknown field. @waku/proto
// does not know the field, so we append it by hand: that is how a refusal (429) reaches nwaku
// clients, while js-waku clients just see an empty list.
import { proto_peer_exchange } from '@waku/proto';
import { accepted, type Decoded, describeError, refused } from '../decoded.ts';

export const PEER_EXCHANGE_CODEC = '/vac/waku/peer-exchange/2.0.0-alpha1';

/** A query is a handful of bytes (tags and one varint); anything past this is not one. */
export const MAX_PEER_EXCHANGE_REQUEST_BYTES = 256;

export const PeerExchangeStatus = {
  Success: 200,
  BadRequest: 400,
  TooManyRequests: 429,
  ServiceUnavailable: 503,
} as const;
export type PeerExchangeStatus = (typeof PeerExchangeStatus)[keyof typeof PeerExchangeStatus];

export const PeerExchangeReject = {
  Undecodable: 'undecodable',
  /** The RPC had no `query` (e.g. a client sent a response, or an empty frame). */
  NoQuery: 'no-query',
  /** More ENRs than the caller allowed, in a response. */
  TooManyPeers: 'too-many-peers',
  /** A response without a `response` field. */
  NoResponse: 'no-response',
} as const;
export type PeerExchangeReject = (typeof PeerExchangeReject)[keyof typeof PeerExchangeReject];

export interface PeerExchangeQuery {
  /** The peer's num_peers, clamped to Number.MAX_SAFE_INTEGER (it is a uint64). */
  numPeers: number;
}

export interface PeerExchangeAnswer {
  enrs: readonly Uint8Array[];
  status: PeerExchangeStatus;
  description?: string;
}

export interface PeerExchangeResult {
  enrs: Uint8Array[];
  /** null when the server sent no status (js-waku style servers). */
  status: number | null;
  description: string | null;
}

export function encodePeerExchangeQuery(numPeers: number | bigint): Uint8Array {
  return proto_peer_exchange.PeerExchangeRPC.encode({ query: { numPeers: BigInt(numPeers) } });
}

export function decodePeerExchangeQuery(bytes: Uint8Array): Decoded<PeerExchangeQuery, PeerExchangeReject> {
  let rpc: proto_peer_exchange.PeerExchangeRPC;
  try {
    // A query carries no repeated fields; refuse any response list outright.
    rpc = proto_peer_exchange.PeerExchangeRPC.decode(bytes, { limits: { response: { peerInfos: 0 } } });
  } catch (error) {
    return refused(PeerExchangeReject.Undecodable, describeError(error));
  }
  if (rpc.query === undefined) return refused(PeerExchangeReject.NoQuery);
  const requested = rpc.query.numPeers ?? 0n;
  const numPeers = requested > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(requested);
  return accepted({ numPeers });
}

export function encodePeerExchangeResponse(answer: PeerExchangeAnswer): Uint8Array {
  const rpc = proto_peer_exchange.PeerExchangeRPC.encode({
    response: { peerInfos: answer.enrs.map((enr) => ({ enr })) },
  });
  const status = concat([
    field(1, 0, varint(answer.status)),
    ...(answer.description === undefined ? [] : [field(2, 2, new TextEncoder().encode(answer.description))]),
  ]);
  return concat([rpc, field(10, 2, status)]);
}

/** Client side (tests, and a future full-node client): the ENR bytes, undecoded. */
export function decodePeerExchangeResponse(
  bytes: Uint8Array,
  maxPeers: number,
): Decoded<PeerExchangeResult, PeerExchangeReject> {
  let rpc: proto_peer_exchange.PeerExchangeRPC;
  try {
    rpc = proto_peer_exchange.PeerExchangeRPC.decode(bytes, { limits: { response: { peerInfos: maxPeers } } });
  } catch (error) {
    const tooMany = (error as { name?: string }).name === 'MaxLengthError';
    return refused(tooMany ? PeerExchangeReject.TooManyPeers : PeerExchangeReject.Undecodable, describeError(error));
  }
  if (rpc.response === undefined) return refused(PeerExchangeReject.NoResponse);
  const enrs = rpc.response.peerInfos
    .map((info) => info.enr)
    .filter((enr): enr is Uint8Array => enr !== undefined && enr.length > 0);
  const status = readStatus(bytes);
  return accepted({ enrs, status: status?.code ?? null, description: status?.description ?? null });
}

// --- The hand-written response_status field ---------------------------------------------------

function varint(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return new Uint8Array(out);
}

function field(number: number, wireType: 0 | 2, value: Uint8Array): Uint8Array {
  const key = varint(number * 8 + wireType);
  return wireType === 0 ? concat([key, value]) : concat([key, varint(value.length), value]);
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

/** Reads top-level field 10 of an RPC the protons decoder already accepted. Never throws. */
function readStatus(bytes: Uint8Array): { code: number; description: string | null } | null {
  const reader = new Reader(bytes);
  let found: Uint8Array | null = null;
  while (!reader.done) {
    const key = reader.varint();
    if (key === null) return null;
    const value = reader.skip(key % 8);
    if (value === undefined) return null;
    if (Math.floor(key / 8) === 10 && key % 8 === 2 && value !== null) found = value;
  }
  if (found === null) return null;
  const inner = new Reader(found);
  let code: number | null = null;
  let description: string | null = null;
  while (!inner.done) {
    const key = inner.varint();
    if (key === null) return null;
    if (key === 8) {
      code = inner.varint();
      if (code === null) return null;
      continue;
    }
    const value = inner.skip(key % 8);
    if (value === undefined) return null;
    if (key === 18 && value !== null) description = new TextDecoder().decode(value);
  }
  return code === null ? null : { code, description };
}

class Reader {
  readonly #bytes: Uint8Array;
  #pos = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get done(): boolean {
    return this.#pos >= this.#bytes.length;
  }

  varint(): number | null {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.#bytes[this.#pos++];
      if (byte === undefined) return null;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
    return null;
  }

  /** Skips one value of `wireType`: its bytes for length-delimited, null for others, undefined if malformed. */
  skip(wireType: number): Uint8Array | null | undefined {
    if (wireType === 0) return this.varint() === null ? undefined : null;
    if (wireType === 1 || wireType === 5) {
      this.#pos += wireType === 1 ? 8 : 4;
      return this.#pos <= this.#bytes.length ? null : undefined;
    }
    if (wireType === 2) {
      const length = this.varint();
      if (length === null || this.#pos + length > this.#bytes.length) return undefined;
      const value = this.#bytes.subarray(this.#pos, this.#pos + length);
      this.#pos += length;
      return value;
    }
    return undefined;
  }
}

// Defaults shared by the request/response services (see request-stream.ts for the why).
import type { RequestStreamLimits } from './request-stream.ts';

export interface StreamTimeouts {
  /** A stream a client opened but has not used yet (js-waku pre-opens them) is recycled after this. */
  idleTimeoutMs: number;
  /** Once a request started, it must be complete and the client's side closed within this. */
  requestTimeoutMs: number;
}

export const DEFAULT_STREAM_TIMEOUTS: StreamTimeouts = { idleTimeoutMs: 120_000, requestTimeoutMs: 15_000 };

/** Inbound streams per protocol per connection; js-waku keeps ~1 idle plus one per request in flight. */
export const MAX_INBOUND_STREAMS_PER_PROTOCOL = 32;

export function requestLimits(maxRequestBytes: number, timeouts: StreamTimeouts): RequestStreamLimits {
  return {
    maxRequestBytes,
    idleTimeoutMs: timeouts.idleTimeoutMs,
    requestTimeoutMs: timeouts.requestTimeoutMs,
    // Reading and dropping an oversize request keeps the connection healthy (the client gets a
    // proper 413); past this much we reset the stream instead.
    maxDiscardBytes: Math.max(4 * maxRequestBytes, 1024 * 1024),
  };
}

// One-request-per-stream exchanges (lightpush, metadata, filter-subscribe, store), both sides.
//
// Server side, and why it is shaped like this (shared/docs/waku-notes.md §5):
// - The size cap is checked on the length prefix, before buffering (FrameReader).
// - The answer goes out as soon as the request is complete, but the stream is only closed after
//   the client closed its write side. Closing first makes the client's CLOSE frame hit a stream
//   mplex already forgot, and mplex kills the whole connection after a few of those (pitfall 1).
// - Light clients pre-open streams and leave them idle (pitfall 8): an idle stream is legal and
//   is only recycled after `idleTimeoutMs`; a started request must finish in `requestTimeoutMs`.
// - Nothing here throws: every way a stream can go wrong comes back as an outcome to count.
import type { Connection, Stream } from '@libp2p/interface';
import { pushable } from 'it-pushable';
import { encodeFrame, FrameReader } from './frame.ts';

export const StreamOutcome = {
  /** A complete request was handed to the responder. */
  Request: 'request',
  /** The length prefix exceeded the cap; the responder was told so. */
  Oversize: 'oversize',
  /** The client closed without sending anything (e.g. a pre-opened stream it did not need). */
  Empty: 'empty',
  /** The client closed in the middle of a frame. */
  Truncated: 'truncated',
  BadLength: 'bad-length',
  IdleTimeout: 'idle-timeout',
  RequestTimeout: 'request-timeout',
  /** The stream was reset or the connection dropped before a complete request. */
  Reset: 'reset',
  /** The client kept sending far past its request; the stream was aborted. */
  TooMuchData: 'too-much-data',
} as const;
export type StreamOutcome = (typeof StreamOutcome)[keyof typeof StreamOutcome];

export interface RequestStreamLimits {
  maxRequestBytes: number;
  idleTimeoutMs: number;
  requestTimeoutMs: number;
  /** Bytes read and thrown away after the request (or of an oversize one) before aborting. */
  maxDiscardBytes: number;
}

export type IncomingRequest = { kind: 'request'; bytes: Uint8Array } | { kind: 'oversize'; length: number };

/** Returns the response payload, or null to answer nothing. Must not throw (it is guarded anyway). */
export type Responder = (request: IncomingRequest) => Promise<Uint8Array | null> | Uint8Array | null;

export async function serveRequestStream(
  stream: Stream,
  limits: RequestStreamLimits,
  respond: Responder,
): Promise<StreamOutcome> {
  const out = pushable<Uint8Array>();
  const sinkDone = stream.sink(out).then(
    () => undefined,
    () => undefined,
  );
  const reader = new FrameReader(limits.maxRequestBytes);
  let outcome: StreamOutcome | null = null;
  let discarded = 0;
  let timeout: StreamOutcome = StreamOutcome.IdleTimeout;
  let timedOut = false;
  let timer = setTimeout(onTimeout, limits.idleTimeoutMs);
  function onTimeout(): void {
    timedOut = true;
    stream.abort(new Error(`request stream ${timeout}`));
  }
  const answer = async (request: IncomingRequest) => {
    let response: Uint8Array | null = null;
    try {
      response = await respond(request);
    } catch {
      response = null;
    }
    if (response !== null) out.push(encodeFrame(response));
  };

  try {
    for await (const chunk of stream.source) {
      if (outcome !== null) {
        // Drain: keep reading until the client closes, within bounds.
        discarded += chunk.byteLength;
        if (discarded > limits.maxDiscardBytes) {
          stream.abort(new Error('too much data after the request'));
          return outcome === StreamOutcome.Request ? outcome : StreamOutcome.TooMuchData;
        }
        continue;
      }
      if (timeout === StreamOutcome.IdleTimeout) {
        clearTimeout(timer);
        timeout = StreamOutcome.RequestTimeout;
        timer = setTimeout(onTimeout, limits.requestTimeoutMs);
      }
      const state = reader.push(chunk);
      if (state.state === 'incomplete') continue;
      if (state.state === 'bad-length') {
        stream.abort(new Error('malformed length prefix'));
        return StreamOutcome.BadLength;
      }
      if (state.state === 'oversize') {
        outcome = StreamOutcome.Oversize;
        await answer({ kind: 'oversize', length: state.length });
        continue;
      }
      outcome = StreamOutcome.Request;
      discarded = state.trailingBytes;
      await answer({ kind: 'request', bytes: state.bytes });
    }
  } catch {
    if (outcome !== null) return outcome;
    return timedOut ? timeout : StreamOutcome.Reset;
  } finally {
    clearTimeout(timer);
    out.end();
  }
  await sinkDone;
  if (outcome !== null) return outcome;
  return reader.bufferedBytes === 0 ? StreamOutcome.Empty : StreamOutcome.Truncated;
}

export interface OutboundRequestOptions {
  maxResponseBytes: number;
  timeoutMs: number;
}

export type OutboundResult =
  | { ok: true; bytes: Uint8Array }
  | {
      ok: false;
      reason: 'unsupported' | 'no-response' | 'oversize' | 'bad-length' | 'timeout' | 'failed';
      detail: string;
    };

/** Sends one request on a new stream of `connection` and reads one response frame. Never throws. */
export async function requestOnce(
  connection: Connection,
  protocol: string,
  request: Uint8Array,
  options: OutboundRequestOptions,
): Promise<OutboundResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let stream: Stream;
  try {
    stream = await connection.newStream(protocol, { signal });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'UnsupportedProtocolError') return { ok: false, reason: 'unsupported', detail: String(error) };
    return { ok: false, reason: signal.aborted ? 'timeout' : 'failed', detail: String(error) };
  }
  const onAbort = () => stream.abort(new Error('request timed out'));
  signal.addEventListener('abort', onAbort, { once: true });
  let response: Uint8Array | null = null;
  try {
    await stream.sink([encodeFrame(request)]);
    const reader = new FrameReader(options.maxResponseBytes);
    for await (const chunk of stream.source) {
      // After the response, keep reading (and discarding) so the server's close arrives on a
      // stream we still know about (pitfall 1 from the other side).
      if (response !== null) continue;
      const state = reader.push(chunk);
      if (state.state === 'complete') response = state.bytes;
      else if (state.state === 'oversize' || state.state === 'bad-length') {
        stream.abort(new Error(state.state));
        return { ok: false, reason: state.state, detail: `response ${state.state}` };
      }
    }
    if (response !== null) return { ok: true, bytes: response };
    return { ok: false, reason: 'no-response', detail: 'stream closed without a response' };
  } catch (error) {
    if (response !== null) return { ok: true, bytes: response };
    return { ok: false, reason: signal.aborted ? 'timeout' : 'failed', detail: String(error) };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

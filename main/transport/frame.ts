// Incremental reader of one unsigned-varint length-prefixed frame (the framing of every Waku
// request/response protocol). The length is checked against the cap before a single payload
// byte is buffered, so an oversize or lying prefix costs nothing.
import { Uint8ArrayList } from 'uint8arraylist';

/** 7 varint bytes already encode 2^49: far beyond any cap, so longer prefixes are garbage. */
const MAX_VARINT_BYTES = 7;

export type FrameState =
  | { state: 'incomplete' }
  | { state: 'complete'; bytes: Uint8Array; trailingBytes: number }
  | { state: 'oversize'; length: number }
  | { state: 'bad-length' };

export class FrameReader {
  readonly #maxBytes: number;
  readonly #buffer = new Uint8ArrayList();
  #length: number | null = null;
  #done: FrameState | null = null;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Feeds a chunk; once a final state is reached it sticks and later chunks are ignored. */
  push(chunk: Uint8Array | Uint8ArrayList): FrameState {
    if (this.#done) return this.#done;
    this.#buffer.append(chunk);
    if (this.#length === null) {
      const prefix = readVarint(this.#buffer);
      if (prefix === 'incomplete') return { state: 'incomplete' };
      if (prefix === 'invalid') return this.#finish({ state: 'bad-length' });
      this.#buffer.consume(prefix.bytes);
      this.#length = prefix.value;
      if (prefix.value > this.#maxBytes) return this.#finish({ state: 'oversize', length: prefix.value });
    }
    if (this.#buffer.byteLength < this.#length) return { state: 'incomplete' };
    const bytes = this.#buffer.subarray(0, this.#length);
    return this.#finish({ state: 'complete', bytes, trailingBytes: this.#buffer.byteLength - this.#length });
  }

  /** Bytes received but not part of a complete frame (for "truncated" vs "empty"). */
  get bufferedBytes(): number {
    return this.#buffer.byteLength;
  }

  #finish(state: FrameState): FrameState {
    this.#done = state;
    this.#buffer.consume(this.#buffer.byteLength);
    return state;
  }
}

function readVarint(buffer: Uint8ArrayList): { value: number; bytes: number } | 'incomplete' | 'invalid' {
  let value = 0;
  for (let index = 0; index < MAX_VARINT_BYTES; index += 1) {
    if (index >= buffer.byteLength) return 'incomplete';
    const byte = buffer.get(index);
    value += (byte & 0x7f) * 2 ** (7 * index);
    if ((byte & 0x80) === 0) {
      // A non-minimal encoding (trailing 0x00 continuation) is tolerated, like it-length-prefixed.
      return { value, bytes: index + 1 };
    }
  }
  return 'invalid';
}

export function encodeVarint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot varint-encode ${value}`);
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return Uint8Array.from(out);
}

export function encodeFrame(payload: Uint8Array): Uint8Array {
  const prefix = encodeVarint(payload.length);
  const frame = new Uint8Array(prefix.length + payload.length);
  frame.set(prefix, 0);
  frame.set(payload, prefix.length);
  return frame;
}

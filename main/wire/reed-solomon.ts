// Reed-Solomon erasure coding over GF(2^8), byte-compatible with klauspost/reedsolomon's
// default encoder (what status-go uses for segment parity): field polynomial 0x11d,
// generator 2, and an encoding matrix made from a Vandermonde matrix whose top square is
// turned into the identity, so data shards are kept as they are and parity is appended.

const FIELD_POLYNOMIAL = 0x11d;
export const MAX_TOTAL_SHARDS = 256;

const EXP = new Uint8Array(510);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i += 1) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= FIELD_POLYNOMIAL;
  }
  for (let i = 255; i < 510; i += 1) EXP[i] = EXP[i - 255] ?? 0;
}

function mul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[(LOG[a] ?? 0) + (LOG[b] ?? 0)] ?? 0;
}

function div(a: number, b: number): number {
  if (b === 0) throw new RangeError('division by zero in GF(2^8)');
  if (a === 0) return 0;
  return EXP[((LOG[a] ?? 0) + 255 - (LOG[b] ?? 0)) % 255] ?? 0;
}

/** a^n in GF(2^8), with 0^0 = 1 as klauspost defines it. */
function pow(a: number, n: number): number {
  if (n === 0) return 1;
  if (a === 0) return 0;
  return EXP[((LOG[a] ?? 0) * n) % 255] ?? 0;
}

type Matrix = Uint8Array<ArrayBufferLike>[];

function identity(size: number): Matrix {
  return Array.from({ length: size }, (_, r) => {
    const row = new Uint8Array(size);
    row[r] = 1;
    return row;
  });
}

function multiply(left: Matrix, right: Matrix): Matrix {
  const inner = right.length;
  const cols = right[0]?.length ?? 0;
  return left.map((row) => {
    const out = new Uint8Array(cols);
    for (let c = 0; c < cols; c += 1) {
      let value = 0;
      for (let k = 0; k < inner; k += 1) value ^= mul(row[k] ?? 0, right[k]?.[c] ?? 0);
      out[c] = value;
    }
    return out;
  });
}

/** Gauss-Jordan inversion; throws for a singular matrix (cannot happen for valid shard sets). */
function invert(matrix: Matrix): Matrix {
  const size = matrix.length;
  const work: Matrix = matrix.map((row) => Uint8Array.from(row));
  const inverse = identity(size);
  for (let col = 0; col < size; col += 1) {
    let pivot = col;
    while (pivot < size && work[pivot]?.[col] === 0) pivot += 1;
    if (pivot === size) throw new RangeError('singular matrix');
    if (pivot !== col) {
      [work[col], work[pivot]] = [work[pivot] as Uint8Array, work[col] as Uint8Array];
      [inverse[col], inverse[pivot]] = [inverse[pivot] as Uint8Array, inverse[col] as Uint8Array];
    }
    const workRow = work[col] as Uint8Array;
    const invRow = inverse[col] as Uint8Array;
    const scale = workRow[col] ?? 1;
    for (let c = 0; c < size; c += 1) {
      workRow[c] = div(workRow[c] ?? 0, scale);
      invRow[c] = div(invRow[c] ?? 0, scale);
    }
    for (let r = 0; r < size; r += 1) {
      if (r === col) continue;
      const factor = work[r]?.[col] ?? 0;
      if (factor === 0) continue;
      const target = work[r] as Uint8Array;
      const targetInv = inverse[r] as Uint8Array;
      for (let c = 0; c < size; c += 1) {
        target[c] = (target[c] ?? 0) ^ mul(factor, workRow[c] ?? 0);
        targetInv[c] = (targetInv[c] ?? 0) ^ mul(factor, invRow[c] ?? 0);
      }
    }
  }
  return inverse;
}

/** Rows × dataShards: the identity on top, parity rows below. */
function encodingMatrix(dataShards: number, totalShards: number): Matrix {
  const vandermonde = Array.from({ length: totalShards }, (_, r) =>
    Uint8Array.from({ length: dataShards }, (_, c) => pow(r, c)),
  );
  return multiply(vandermonde, invert(vandermonde.slice(0, dataShards)));
}

/** out ^= coefficient × input, byte by byte. */
function addScaled(out: Uint8Array, input: Uint8Array, coefficient: number): void {
  if (coefficient === 0) return;
  const logC = LOG[coefficient] ?? 0;
  for (let i = 0; i < out.length; i += 1) {
    const value = input[i] ?? 0;
    if (value !== 0) out[i] = (out[i] ?? 0) ^ (EXP[logC + (LOG[value] ?? 0)] ?? 0);
  }
}

export class ReedSolomon {
  readonly dataShards: number;
  readonly parityShards: number;
  readonly #matrix: Matrix;

  constructor(dataShards: number, parityShards: number) {
    if (!Number.isInteger(dataShards) || !Number.isInteger(parityShards) || dataShards < 1 || parityShards < 1) {
      throw new RangeError('Reed-Solomon needs at least one data and one parity shard');
    }
    if (dataShards + parityShards > MAX_TOTAL_SHARDS) throw new RangeError(`at most ${MAX_TOTAL_SHARDS} shards`);
    this.dataShards = dataShards;
    this.parityShards = parityShards;
    this.#matrix = encodingMatrix(dataShards, dataShards + parityShards);
  }

  /** Parity shards for equally sized data shards. */
  encode(data: readonly Uint8Array[]): Uint8Array[] {
    const size = this.#checkSizes(data, this.dataShards);
    return Array.from({ length: this.parityShards }, (_, p) => {
      const out = new Uint8Array(size);
      const row = this.#matrix[this.dataShards + p] as Uint8Array;
      data.forEach((shard, d) => {
        addScaled(out, shard, row[d] ?? 0);
      });
      return out;
    });
  }

  /**
   * Recovers the data shards from any `dataShards` of the shards (data first, then parity;
   * missing ones undefined). Returns null when too few are present.
   */
  reconstructData(shards: ReadonlyArray<Uint8Array | undefined>): Uint8Array[] | null {
    const total = this.dataShards + this.parityShards;
    if (shards.length !== total) throw new RangeError(`expected ${total} shard slots`);
    const present: number[] = [];
    for (let i = 0; i < total && present.length < this.dataShards; i += 1) if (shards[i]) present.push(i);
    if (present.length < this.dataShards) return null;
    const size = this.#checkSizes(present.map((i) => shards[i] as Uint8Array), this.dataShards);
    if (present.every((index, i) => index === i)) return present.map((i) => shards[i] as Uint8Array);
    const decode = invert(present.map((i) => this.#matrix[i] as Uint8Array));
    return Array.from({ length: this.dataShards }, (_, d) => {
      const existing = shards[d];
      if (existing) return existing;
      const out = new Uint8Array(size);
      const row = decode[d] as Uint8Array;
      present.forEach((index, k) => {
        addScaled(out, shards[index] as Uint8Array, row[k] ?? 0);
      });
      return out;
    });
  }

  /** True when the parity shards are exactly what the data shards encode to. */
  verify(data: readonly Uint8Array[], parity: readonly Uint8Array[]): boolean {
    if (parity.length !== this.parityShards) return false;
    const expected = this.encode(data);
    return expected.every((shard, i) => Buffer.from(shard).equals(parity[i] ?? new Uint8Array()));
  }

  #checkSizes(shards: readonly Uint8Array[], count: number): number {
    if (shards.length !== count) throw new RangeError(`expected ${count} shards, got ${shards.length}`);
    const size = shards[0]?.length ?? 0;
    if (size === 0 || shards.some((shard) => shard.length !== size)) throw new RangeError('shards must be non-empty and equally sized');
    return size;
  }
}

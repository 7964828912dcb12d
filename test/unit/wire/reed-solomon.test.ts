import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ReedSolomon } from '../../../main/wire/reed-solomon.ts';

describe('Reed-Solomon (klauspost-compatible)', () => {
  test('klauspost/reedsolomon TestOneEncode vector: 5 data + 5 parity', () => {
    const rs = new ReedSolomon(5, 5);
    const data = [
      [0, 1],
      [4, 5],
      [2, 3],
      [6, 7],
      [8, 9],
    ].map((bytes) => Uint8Array.from(bytes));
    const parity = rs.encode(data).map((shard) => [...shard]);
    assert.deepEqual(parity, [
      [12, 13],
      [10, 11],
      [14, 15],
      [90, 91],
      [94, 95],
    ]);
  });

  test('2 data + 1 parity is 3·d0 + 2·d1 (hand-computed from the matrix construction)', () => {
    const rs = new ReedSolomon(2, 1);
    // Vandermonde rows [1,0],[1,1],[1,2]; times the inverse of the top square gives parity row [3, 2].
    const [parity] = rs.encode([Uint8Array.of(1, 0), Uint8Array.of(1, 0)]);
    assert.deepEqual([...(parity ?? [])], [3 ^ 2, 0]);
  });

  test('any data shards lost up to the parity count are recovered', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 64 }),
        fc.infiniteStream(fc.boolean()),
        fc.infiniteStream(fc.integer({ min: 0, max: 255 })),
        (dataCount, parityCount, size, dropStream, byteStream) => {
          const rs = new ReedSolomon(dataCount, parityCount);
          const bytes = byteStream[Symbol.iterator]();
          const data = Array.from({ length: dataCount }, () => Uint8Array.from({ length: size }, () => bytes.next().value as number));
          const shards: Array<Uint8Array | undefined> = [...data, ...rs.encode(data)];
          const drops = dropStream[Symbol.iterator]();
          let dropped = 0;
          for (let i = 0; i < shards.length && dropped < parityCount; i += 1) {
            if (drops.next().value) {
              shards[i] = undefined;
              dropped += 1;
            }
          }
          const recovered = rs.reconstructData(shards);
          assert.ok(recovered);
          assert.deepEqual(recovered.map((s) => [...s]), data.map((s) => [...s]));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('too few shards give null; verify spots corrupted parity', () => {
    const rs = new ReedSolomon(3, 1);
    const data = [Uint8Array.of(1, 2), Uint8Array.of(3, 4), Uint8Array.of(5, 6)];
    const parity = rs.encode(data);
    assert.equal(rs.reconstructData([undefined, undefined, data[2], parity[0]]), null);
    assert.equal(rs.verify(data, parity), true);
    assert.equal(rs.verify(data, [Uint8Array.of(0, 0)]), false);
  });

  test('bad shapes are refused', () => {
    assert.throws(() => new ReedSolomon(0, 1), RangeError);
    assert.throws(() => new ReedSolomon(200, 57), RangeError);
    const rs = new ReedSolomon(2, 1);
    assert.throws(() => rs.encode([Uint8Array.of(1), Uint8Array.of(1, 2)]), RangeError);
    assert.throws(() => rs.reconstructData([Uint8Array.of(1)]), RangeError);
  });
});

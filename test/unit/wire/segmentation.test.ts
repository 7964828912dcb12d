import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { keccak256 } from '../../../main/crypto/hash.ts';
import { ApplicationMetadataMessage, decodeOrError, encode, SegmentMessage, WireDecodeError } from '../../../main/wire/proto.ts';
import { ReedSolomon } from '../../../main/wire/reed-solomon.ts';
import { SegmentReassembler, segmentPayload } from '../../../main/wire/segmentation.ts';

const SIZE = 1000;
const random = (n: number) => new Uint8Array(crypto.randomBytes(n));
const decode = (bytes: Uint8Array) => {
  const decoded = decodeOrError(SegmentMessage, bytes, 1 << 21);
  assert.ok(!(decoded instanceof WireDecodeError));
  return decoded;
};

function feedAll(reassembler: SegmentReassembler, segments: Uint8Array[], sender = 'alice') {
  return segments.map((s) => reassembler.accept(s, sender));
}

describe('segmenting (status-go layout)', () => {
  test('a payload that fits is sent as is', () => {
    const payload = random(SIZE);
    assert.deepEqual(segmentPayload(payload, SIZE), [payload]);
  });

  test('data segments then floor(n × 0.125) parity segments, klauspost parity over zero-padded chunks', () => {
    const payload = random(9 * SIZE + 500);
    const segments = segmentPayload(payload, SIZE).map(decode);
    assert.equal(segments.length, 10 + 1);
    const hash = keccak256(payload);
    segments.slice(0, 10).forEach((s, i) => {
      assert.deepEqual(s.entireMessageHash, hash);
      assert.equal(s.index, i);
      assert.equal(s.segmentsCount, 10);
      assert.equal(s.payload.length, i === 9 ? 500 : SIZE);
    });
    const parity = segments[10];
    assert.ok(parity);
    assert.equal(parity.segmentsCount, 0);
    assert.equal(parity.paritySegmentIndex, 0);
    assert.equal(parity.paritySegmentsCount, 1);
    const chunks = Array.from({ length: 10 }, (_, i) => {
      const chunk = new Uint8Array(SIZE);
      chunk.set(payload.subarray(i * SIZE, (i + 1) * SIZE));
      return chunk;
    });
    assert.deepEqual(parity.payload, new ReedSolomon(10, 1).encode(chunks)[0]);
  });

  test('fewer than 8 segments carry no parity', () => {
    assert.equal(segmentPayload(random(7 * SIZE), SIZE).length, 7);
  });
});

describe('reassembly', () => {
  test('in any order, the payload comes back exactly once', () => {
    const payload = random(16 * SIZE + 1);
    const segments = segmentPayload(payload, SIZE).reverse();
    const outcomes = feedAll(new SegmentReassembler(), segments);
    const complete = outcomes.filter((o) => o.kind === 'complete');
    assert.equal(complete.length, 1);
    assert.deepEqual(complete[0]?.kind === 'complete' && complete[0].payload, payload);
  });

  test('any one lost data segment, including the short last one, is rebuilt from parity', () => {
    const payload = random(8 * SIZE + 123);
    const segments = segmentPayload(payload, SIZE);
    assert.equal(segments.length, 10);
    for (let lost = 0; lost < 9; lost += 1) {
      const outcomes = feedAll(new SegmentReassembler(), segments.filter((_, i) => i !== lost));
      const done = outcomes.find((o) => o.kind === 'complete');
      assert.ok(done?.kind === 'complete', `lost ${lost}`);
      assert.deepEqual(done.payload, payload);
    }
  });

  test('a lost last segment whose data ends in zeros is still found by its hash', () => {
    const payload = random(8 * SIZE + 10);
    payload.fill(0, payload.length - 4);
    const segments = segmentPayload(payload, SIZE);
    const outcomes = feedAll(new SegmentReassembler(), segments.filter((_, i) => i !== 8));
    const done = outcomes.find((o) => o.kind === 'complete');
    assert.ok(done?.kind === 'complete');
    assert.deepEqual(done.payload, payload);
  });

  test('more losses than parity leave the set pending', () => {
    const segments = segmentPayload(random(8 * SIZE), SIZE);
    const outcomes = feedAll(new SegmentReassembler(), segments.slice(2));
    assert.ok(outcomes.every((o) => o.kind === 'pending'));
  });

  test('duplicates and late segments are refused and counted', () => {
    const reassembler = new SegmentReassembler();
    const segments = segmentPayload(random(3 * SIZE), SIZE);
    assert.equal(reassembler.accept(segments[0] as Uint8Array, 'a').kind, 'pending');
    assert.deepEqual(reassembler.accept(segments[0] as Uint8Array, 'a'), { kind: 'rejected', reason: 'duplicate' });
    feedAll(reassembler, segments.slice(1), 'a');
    assert.deepEqual(reassembler.accept(segments[1] as Uint8Array, 'a'), { kind: 'rejected', reason: 'already_completed' });
    assert.equal(reassembler.rejected.duplicate, 1);
    assert.equal(reassembler.rejected.already_completed, 1);
  });

  test('segments of different senders never mix', () => {
    const segments = segmentPayload(random(4 * SIZE), SIZE);
    const reassembler = new SegmentReassembler();
    const outcomes = segments.map((s, i) => reassembler.accept(s, i % 2 === 0 ? 'alice' : 'mallory'));
    assert.ok(outcomes.every((o) => o.kind === 'pending'));
    assert.equal(reassembler.pendingSets, 2);
  });

  test('a tampered segment fails the hash; inconsistent counts are refused', () => {
    const payload = random(3 * SIZE);
    const segments = segmentPayload(payload, SIZE);
    const tampered = decode(segments[1] as Uint8Array);
    const bad = encode(SegmentMessage, { ...tampered.toJSON(), payload: random(SIZE) } as never);
    const reassembler = new SegmentReassembler();
    const outcomes = feedAll(reassembler, [segments[0] as Uint8Array, bad, segments[2] as Uint8Array]);
    assert.deepEqual(outcomes.at(-1), { kind: 'rejected', reason: 'hash_mismatch' });

    const other = new SegmentReassembler();
    other.accept(segments[0] as Uint8Array, 'a');
    const wrongCount = encode(SegmentMessage, { ...decode(segments[1] as Uint8Array).toJSON(), segmentsCount: 4 } as never);
    assert.deepEqual(other.accept(wrongCount, 'a'), { kind: 'rejected', reason: 'inconsistent' });
    const wrongSize = encode(SegmentMessage, { ...decode(segments[1] as Uint8Array).toJSON(), payload: random(SIZE - 1) } as never);
    assert.deepEqual(other.accept(wrongSize, 'a'), { kind: 'rejected', reason: 'inconsistent' });
    const badIndex = encode(SegmentMessage, { ...decode(segments[1] as Uint8Array).toJSON(), index: 7 } as never);
    assert.deepEqual(other.accept(badIndex, 'a'), { kind: 'rejected', reason: 'bad_index' });
  });

  test('memory stays bounded: oldest incomplete sets are evicted, stale ones expire', () => {
    let now = 0;
    const reassembler = new SegmentReassembler({ maxPendingSets: 2, ttlMs: 1000, now: () => now });
    for (let i = 0; i < 3; i += 1) reassembler.accept(segmentPayload(random(3 * SIZE), SIZE)[0] as Uint8Array, 'a');
    assert.equal(reassembler.pendingSets, 2);
    assert.equal(reassembler.rejected.evicted, 1);
    now = 5000;
    reassembler.accept(segmentPayload(random(3 * SIZE), SIZE)[0] as Uint8Array, 'a');
    assert.equal(reassembler.pendingSets, 1);
    const byBytes = new SegmentReassembler({ maxPendingBytes: 2 * SIZE });
    const big = segmentPayload(random(4 * SIZE), SIZE);
    feedAll(byBytes, big.slice(0, 3));
    assert.ok(byBytes.pendingBytes <= 2 * SIZE);
  });

  test('plain payloads are recognised as such', () => {
    const reassembler = new SegmentReassembler();
    assert.equal(reassembler.accept(new TextEncoder().encode('hello, not a segment'), 'a').kind, 'plain');
    const amm = encode(ApplicationMetadataMessage, { signature: random(65), payload: random(200), type: 1 });
    assert.equal(reassembler.accept(amm, 'a').kind, 'plain');
    const single = encode(SegmentMessage, { entireMessageHash: random(32), index: 0, segmentsCount: 1, payload: random(3) });
    assert.equal(reassembler.accept(single, 'a').kind, 'plain');
  });

  test('property: random sizes, order, duplicates and losses up to the parity count always reassemble', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 40 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 1000 }),
        (segmentCount, tail, seed) => {
          const payload = random((segmentCount - 1) * 64 + 1 + tail);
          const segments = segmentPayload(payload, 64);
          const parity = Math.floor(Math.ceil(payload.length / 64) * 0.125);
          const order = segments.map((s, i) => ({ s, key: (i * 7919 + seed) % 1009 })).sort((a, b) => a.key - b.key);
          const kept = order.slice(parity).map((o) => o.s);
          const reassembler = new SegmentReassembler();
          const outcomes = feedAll(reassembler, [...kept, kept[0] as Uint8Array]);
          const done = outcomes.find((o) => o.kind === 'complete');
          assert.ok(done?.kind === 'complete');
          assert.deepEqual(done.payload, payload);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('fuzz: any bytes give an outcome, never an exception', () => {
    const reassembler = new SegmentReassembler();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        assert.ok(['plain', 'pending', 'complete', 'rejected'].includes(reassembler.accept(bytes, 'x').kind));
      }),
      { numRuns: 1000 },
    );
  });
});

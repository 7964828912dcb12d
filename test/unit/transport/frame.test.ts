import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import * as lp from 'it-length-prefixed';
import { encodeFrame, encodeVarint, FrameReader } from '../../../main/transport/frame.ts';

test('frames match it-length-prefixed (what js-waku writes)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (payload) => {
      const theirs = lp.encode.single(payload).subarray();
      assert.deepEqual(encodeFrame(payload), theirs);
    }),
  );
});

test('reads a frame delivered in arbitrary chunks and reports trailing bytes', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 400 }),
      fc.uint8Array({ maxLength: 20 }),
      fc.array(fc.nat(50), { maxLength: 10 }),
      (payload, extra, cuts) => {
        const frame = encodeFrame(payload);
        const wire = new Uint8Array([...frame, ...extra]);
        const reader = new FrameReader(1000);
        let pushed = 0;
        for (const cut of [...cuts, wire.length]) {
          const end = Math.min(wire.length, pushed + cut);
          const state = reader.push(wire.subarray(pushed, end));
          pushed = end;
          if (state.state === 'incomplete') continue;
          assert.equal(state.state, 'complete');
          if (state.state === 'complete') {
            assert.deepEqual(state.bytes, payload);
            assert.equal(state.trailingBytes, pushed - frame.length);
          }
          return;
        }
        assert.fail('the frame never completed');
      },
    ),
  );
});

test('an oversize length is refused from the prefix alone', () => {
  const reader = new FrameReader(100);
  assert.deepEqual(reader.push(encodeVarint(101)), { state: 'oversize', length: 101 });
  assert.deepEqual(reader.push(new Uint8Array(5)), { state: 'oversize', length: 101 }, 'final states stick');
  assert.deepEqual(new FrameReader(100).push(encodeVarint(2 ** 40)), { state: 'oversize', length: 2 ** 40 });
});

test('a never-ending varint is a bad length, not a hang or a throw', () => {
  assert.deepEqual(new FrameReader(100).push(new Uint8Array(12).fill(0xff)), { state: 'bad-length' });
  assert.deepEqual(new FrameReader(100).push(new Uint8Array([0x80, 0x80])), { state: 'incomplete' });
});

test('fuzz: any byte chunks give a state, never a throw', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
      const reader = new FrameReader(128);
      for (const chunk of chunks)
        assert.ok(['incomplete', 'complete', 'oversize', 'bad-length'].includes(reader.push(chunk).state));
    }),
    { numRuns: 2000 },
  );
});

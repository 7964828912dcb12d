import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageHash as wakuCoreMessageHash } from '@waku/core';
import fc from 'fast-check';
import {
  MessageInvalid,
  messageHash,
  messageHashHex,
  messageInvalidReason,
  toHex,
  type WakuMessage,
} from '../../../main/transport/message.ts';

test('matches the 14/WAKU2-MESSAGE test vector', () => {
  const message: WakuMessage = {
    payload: Buffer.from('010203045445535405060708', 'hex'),
    contentTopic: '/waku/2/default-content/proto',
    meta: Buffer.from('73757065722d736563726574', 'hex'),
    timestamp: 0x175789bfa23f8400n,
  };
  assert.equal(
    messageHashHex('/waku/2/default-waku/proto', message),
    '64cce733fed134e83da02b02c6f689814872b1a0ac97ea56b76095c3c72bfe05',
  );
});

test('agrees with @waku/core for every message with a timestamp', () => {
  fc.assert(
    fc.property(
      fc.string(),
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ minLength: 1 }),
      fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
      fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
      fc.option(fc.boolean(), { nil: undefined }),
      (topic, payload, contentTopic, meta, timestamp, ephemeral) => {
        const message: WakuMessage = { payload, contentTopic, meta, timestamp, ephemeral, version: 1 };
        assert.equal(
          toHex(messageHash(topic, message)),
          toHex(wakuCoreMessageHash(topic, message as Parameters<typeof wakuCoreMessageHash>[1])),
        );
      },
    ),
  );
});

test('ephemeral and version do not change the hash; every hashed field does', () => {
  const base: WakuMessage = { payload: new Uint8Array([1]), contentTopic: '/a/1/b/proto', timestamp: 5n };
  const hash = messageHashHex('/waku/2/rs/16/32', base);
  assert.equal(messageHashHex('/waku/2/rs/16/32', { ...base, ephemeral: true, version: 1 }), hash);
  assert.notEqual(messageHashHex('/waku/2/rs/16/64', base), hash);
  assert.notEqual(messageHashHex('/waku/2/rs/16/32', { ...base, timestamp: 6n }), hash);
  assert.notEqual(messageHashHex('/waku/2/rs/16/32', { ...base, meta: new Uint8Array([0]) }), hash);
  // A missing timestamp is hashed as 8 zero bytes (spec, nwaku), unlike js-waku which skips it.
  assert.notEqual(messageHashHex('/waku/2/rs/16/32', { ...base, timestamp: undefined }), hash);
});

test('message rules: content topic required, meta at most 64 bytes', () => {
  const ok: WakuMessage = { payload: new Uint8Array(), contentTopic: '/a/1/b/proto', meta: new Uint8Array(64) };
  assert.equal(messageInvalidReason(ok), null);
  assert.equal(messageInvalidReason({ ...ok, contentTopic: '' }), MessageInvalid.EmptyContentTopic);
  assert.equal(messageInvalidReason({ ...ok, meta: new Uint8Array(65) }), MessageInvalid.MetaTooLong);
});

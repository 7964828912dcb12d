// Round trips, the wire values clients check, and fuzz: any bytes give a typed answer, never a throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LightPushStatusCode } from '@waku/interfaces';
import { proto_lightpush } from '@waku/proto';
import fc from 'fast-check';
import {
  decodeLightPushV2Request,
  decodeLightPushV2Response,
  decodeLightPushV3Request,
  decodeLightPushV3Response,
  encodeLightPushV2Request,
  encodeLightPushV2Response,
  encodeLightPushV3Request,
  encodeLightPushV3Response,
  LightPushReject,
  LightPushStatus,
  MAX_REQUEST_ID_LENGTH,
  salvageRequestId,
} from '../../../main/transport/lightpush/lightpush-codec.ts';
import type { WakuMessage } from '../../../main/transport/message.ts';
import {
  decodeMetadataRequest,
  decodeMetadataResponse,
  encodeMetadataRequest,
  encodeMetadataResponse,
  MetadataReject,
} from '../../../main/transport/metadata/metadata-codec.ts';
import { decodeRelayData, encodeRelayData, RelayReject } from '../../../main/transport/relay/relay-codec.ts';

const wakuMessage: fc.Arbitrary<WakuMessage> = fc.record(
  {
    payload: fc.uint8Array({ maxLength: 300 }),
    contentTopic: fc.string({ minLength: 1, maxLength: 60 }),
    version: fc.integer({ min: 0, max: 2 }),
    timestamp: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
    meta: fc.uint8Array({ maxLength: 64 }),
    ephemeral: fc.boolean(),
  },
  { requiredKeys: ['payload', 'contentTopic'] },
);

const anyBytes = fc.uint8Array({ maxLength: 512 });

test('lightpush status codes mirror @waku/interfaces', () => {
  assert.equal(LightPushStatus.Success, LightPushStatusCode.SUCCESS);
  assert.equal(LightPushStatus.BadRequest, LightPushStatusCode.BAD_REQUEST);
  assert.equal(LightPushStatus.PayloadTooLarge, LightPushStatusCode.PAYLOAD_TOO_LARGE);
  assert.equal(LightPushStatus.InvalidMessage, LightPushStatusCode.INVALID_MESSAGE);
  assert.equal(LightPushStatus.UnsupportedTopic, LightPushStatusCode.UNSUPPORTED_TOPIC);
  assert.equal(LightPushStatus.TooManyRequests, LightPushStatusCode.TOO_MANY_REQUESTS);
  assert.equal(LightPushStatus.InternalError, LightPushStatusCode.INTERNAL_ERROR);
  assert.equal(LightPushStatus.Unavailable, LightPushStatusCode.UNAVAILABLE);
  assert.equal(LightPushStatus.NoRlnProof, LightPushStatusCode.NO_RLN_PROOF);
  assert.equal(LightPushStatus.NoPeers, LightPushStatusCode.NO_PEERS);
});

test('relay data: round trip, size cap before decode, empty content topic refused', () => {
  fc.assert(
    fc.property(wakuMessage, (message) => {
      const decoded = decodeRelayData(encodeRelayData(message), 150 * 1024);
      assert.ok(decoded.ok);
      assert.deepEqual(decoded.value.payload, message.payload);
      assert.equal(decoded.value.contentTopic, message.contentTopic);
    }),
  );
  const big = encodeRelayData({ payload: new Uint8Array(2000), contentTopic: '/a/1/b/proto' });
  assert.deepEqual(decodeRelayData(big, 1000), {
    ok: false,
    reason: RelayReject.TooLarge,
    detail: `${big.length} > 1000 bytes`,
  });
  const empty = decodeRelayData(encodeRelayData({ payload: new Uint8Array([1]), contentTopic: '' }), 1000);
  assert.equal(empty.ok ? null : empty.reason, RelayReject.EmptyContentTopic);
  const garbage = decodeRelayData(new Uint8Array([0xff, 0xff, 0xff]), 1000);
  assert.equal(garbage.ok ? null : garbage.reason, RelayReject.Undecodable);
});

test('lightpush v3 and v2 requests round-trip', () => {
  fc.assert(
    fc.property(
      fc.uuid(),
      fc.constantFrom('/waku/2/rs/16/32', '/waku/2/rs/16/64'),
      wakuMessage,
      (requestId, pubsubTopic, message) => {
        for (const [encode, decode] of [
          [encodeLightPushV3Request, decodeLightPushV3Request],
          [encodeLightPushV2Request, decodeLightPushV2Request],
        ] as const) {
          const decoded = decode(encode({ requestId, pubsubTopic, message }));
          assert.ok(decoded.ok);
          assert.equal(decoded.value.requestId, requestId);
          assert.equal(decoded.value.pubsubTopic, pubsubTopic);
          assert.deepEqual(decoded.value.message.payload, message.payload);
        }
      },
    ),
  );
});

test('lightpush requests without a message or pubsub topic, or with a huge id, are bad requests', () => {
  const noMessage = decodeLightPushV3Request(
    proto_lightpush.LightPushRequestV3.encode({ requestId: 'x', pubsubTopic: '/waku/2/rs/16/32' }),
  );
  assert.equal(noMessage.ok ? null : noMessage.reason, LightPushReject.MissingMessage);
  const message = { payload: new Uint8Array([1]), contentTopic: '/a/1/b/proto' };
  const noTopic = decodeLightPushV3Request(proto_lightpush.LightPushRequestV3.encode({ requestId: 'x', message }));
  assert.equal(noTopic.ok ? null : noTopic.reason, LightPushReject.MissingPubsubTopic);
  const responseNotRequest = decodeLightPushV2Request(
    proto_lightpush.PushRpc.encode({ requestId: 'x', response: { isSuccess: true } }),
  );
  assert.equal(responseNotRequest.ok ? null : responseNotRequest.reason, LightPushReject.NotARequest);
  const longId = 'i'.repeat(MAX_REQUEST_ID_LENGTH + 1);
  const huge = encodeLightPushV3Request({ requestId: longId, pubsubTopic: '/waku/2/rs/16/32', message });
  assert.equal(decodeLightPushV3Request(huge).ok, false);
  assert.equal(salvageRequestId(huge, 'v3'), '', 'an oversize id is not echoed');
});

test('lightpush responses carry the status the clients read', () => {
  const v3 = decodeLightPushV3Response(
    encodeLightPushV3Response({ requestId: 'r', status: LightPushStatus.TooManyRequests, description: 'slow down' }),
  );
  assert.ok(v3.ok);
  assert.deepEqual([v3.value.requestId, v3.value.statusCode, v3.value.statusDesc], ['r', 429, 'slow down']);
  const ok = decodeLightPushV3Response(
    encodeLightPushV3Response({
      requestId: 'r',
      status: LightPushStatus.Success,
      description: 'OK',
      relayPeerCount: 3,
    }),
  );
  assert.equal(ok.ok && ok.value.relayPeerCount, 3);
  const v2 = decodeLightPushV2Response(
    encodeLightPushV2Response({ requestId: 'r', status: LightPushStatus.UnsupportedTopic, description: 'no' }),
  );
  assert.ok(v2.ok);
  assert.equal(v2.value.isSuccess, false);
  assert.match(v2.value.info ?? '', /^421 /);
  const v2ok = decodeLightPushV2Response(encodeLightPushV2Response({ requestId: 'r', status: 200, description: 'OK' }));
  assert.equal(v2ok.ok && v2ok.value.isSuccess, true);
});

test('metadata round-trips, dedupes and sorts shards, refuses out-of-range shards', () => {
  const info = decodeMetadataRequest(encodeMetadataRequest({ clusterId: 16, shards: [64, 32, 32] }));
  assert.deepEqual(info, { ok: true, value: { clusterId: 16, shards: [32, 64] } });
  const response = decodeMetadataResponse(encodeMetadataResponse({ clusterId: 16, shards: [32] }));
  assert.deepEqual(response, { ok: true, value: { clusterId: 16, shards: [32] } });
  const silent = decodeMetadataResponse(new Uint8Array());
  assert.deepEqual(silent, { ok: true, value: { clusterId: null, shards: [] } });
  const outOfRange = decodeMetadataRequest(encodeMetadataRequest({ clusterId: 16, shards: [5000] }));
  assert.equal(outOfRange.ok ? null : outOfRange.reason, MetadataReject.InvalidShard);
  const tooMany = decodeMetadataRequest(
    encodeMetadataRequest({ clusterId: 16, shards: Array.from({ length: 1100 }, (_, i) => i % 1024) }),
  );
  assert.equal(tooMany.ok ? null : tooMany.reason, MetadataReject.TooManyShards);
});

test('fuzz: arbitrary bytes never throw out of any decoder', () => {
  const decoders: Array<(bytes: Uint8Array) => { ok: boolean; reason?: string }> = [
    (bytes: Uint8Array) => decodeRelayData(bytes, 256),
    decodeLightPushV3Request,
    decodeLightPushV2Request,
    decodeLightPushV3Response,
    decodeLightPushV2Response,
    decodeMetadataRequest,
    decodeMetadataResponse,
    (bytes: Uint8Array) => ({ ok: true, value: salvageRequestId(bytes, 'v3') + salvageRequestId(bytes, 'v2') }),
  ];
  fc.assert(
    fc.property(anyBytes, (bytes) => {
      for (const decode of decoders) {
        const result = decode(bytes);
        assert.equal(typeof result.ok, 'boolean');
        if (!result.ok) assert.equal(typeof result.reason, 'string');
      }
    }),
    { numRuns: 2000 },
  );
});

test('fuzz: mutated valid requests never throw either', () => {
  const valid = encodeLightPushV3Request({
    requestId: 'abc',
    pubsubTopic: '/waku/2/rs/16/32',
    message: {
      payload: new Uint8Array([1, 2, 3]),
      contentTopic: '/a/1/b/proto',
      meta: new Uint8Array(8),
      timestamp: 1n,
    },
  });
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: valid.length - 1 }),
      fc.integer({ min: 0, max: 255 }),
      fc.nat(valid.length),
      (at, value, cut) => {
        const mutated = valid.slice(0, Math.max(cut, at + 1));
        mutated[at] = value;
        for (const decode of [decodeLightPushV3Request, decodeLightPushV2Request, decodeMetadataRequest]) {
          assert.equal(typeof decode(mutated).ok, 'boolean');
        }
      },
    ),
    { numRuns: 2000 },
  );
});

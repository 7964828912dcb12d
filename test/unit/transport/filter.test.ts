// Filter v2: codec round trips and fuzz, the subscription table's limits and expiry (injected
// clock), and the bounded per-subscriber push queue.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Stream } from '@libp2p/interface';
import { proto_filter_v2 } from '@waku/proto';
import fc from 'fast-check';
import {
  decodeFilterPush,
  decodeFilterRequest,
  decodeFilterResponse,
  encodeFilterPush,
  encodeFilterRequest,
  encodeFilterResponse,
  FilterReject,
  FilterRequestType,
  FilterStatus,
  MAX_CONTENT_TOPICS_PER_REQUEST,
  salvageFilterRequestId,
} from '../../../main/transport/filter/filter-codec.ts';
import { PushStream, type PushStreamEvents } from '../../../main/transport/filter/push-stream.ts';
import { FilterSubscriptions } from '../../../main/transport/filter/subscriptions.ts';
import type { WakuMessage } from '../../../main/transport/message.ts';

const TOPIC = '/waku/2/rs/16/32';
const anyBytes = fc.uint8Array({ maxLength: 512 });
const topic = fc.string({ minLength: 1, maxLength: 60 });

const wakuMessage: fc.Arbitrary<WakuMessage> = fc.record(
  {
    payload: fc.uint8Array({ maxLength: 300 }),
    contentTopic: topic,
    version: fc.integer({ min: 0, max: 2 }),
    timestamp: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
    meta: fc.uint8Array({ maxLength: 64 }),
    ephemeral: fc.boolean(),
  },
  { requiredKeys: ['payload', 'contentTopic'] },
);

describe('filter codec', () => {
  test('subscribe-type wire values are 0..3 as in the protobuf enum', () => {
    const base = proto_filter_v2.FilterSubscribeRequest.encode({
      requestId: 'r',
      pubsubTopic: TOPIC,
      contentTopics: ['/a/1/b/proto'],
    });
    for (const value of Object.values(FilterRequestType)) {
      // Field 2 (filter_subscribe_type), varint, written by hand.
      const decoded = decodeFilterRequest(Uint8Array.from([...base, 0x10, value]));
      assert.ok(decoded.ok);
      assert.equal(decoded.value.type, value);
      assert.deepEqual(
        decodeFilterRequest(encodeFilterRequest(decoded.value)),
        decoded,
        'our encoder writes the same value',
      );
    }
  });

  test('requests round-trip', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.constantFrom(FilterRequestType.Subscribe, FilterRequestType.Unsubscribe),
        topic,
        fc.uniqueArray(topic, { minLength: 1, maxLength: MAX_CONTENT_TOPICS_PER_REQUEST }),
        (requestId, type, pubsubTopic, contentTopics) => {
          const decoded = decodeFilterRequest(encodeFilterRequest({ requestId, type, pubsubTopic, contentTopics }));
          assert.deepEqual(decoded, { ok: true, value: { requestId, type, pubsubTopic, contentTopics } });
        },
      ),
    );
    const ping = decodeFilterRequest(
      encodeFilterRequest({
        requestId: 'p',
        type: FilterRequestType.SubscriberPing,
        pubsubTopic: '',
        contentTopics: [],
      }),
    );
    assert.deepEqual(ping, {
      ok: true,
      value: { requestId: 'p', type: FilterRequestType.SubscriberPing, pubsubTopic: '', contentTopics: [] },
    });
  });

  test('responses and pushes round-trip', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom(...Object.values(FilterStatus)), fc.string(), (id, status, text) => {
        const decoded = decodeFilterResponse(encodeFilterResponse({ requestId: id, status, description: text }));
        assert.ok(decoded.ok);
        assert.deepEqual(
          [decoded.value.requestId, decoded.value.statusCode, decoded.value.statusDesc],
          [id, status, text],
        );
      }),
    );
    fc.assert(
      fc.property(topic, wakuMessage, (pubsubTopic, message) => {
        const decoded = decodeFilterPush(encodeFilterPush({ pubsubTopic, message }));
        assert.ok(decoded.ok);
        assert.equal(decoded.value.pubsubTopic, pubsubTopic);
        assert.deepEqual(decoded.value.message.payload, message.payload);
        assert.equal(decoded.value.message.contentTopic, message.contentTopic);
      }),
    );
  });

  test('refusals: too many content topics, missing topics, long ids and topics, unknown type', () => {
    const reason = (bytes: Uint8Array) => {
      const decoded = decodeFilterRequest(bytes);
      return decoded.ok ? null : decoded.reason;
    };
    const topics = (count: number) => Array.from({ length: count }, (_, index) => `/t/1/${index}/proto`);
    const subscribe = (overrides: Partial<Parameters<typeof encodeFilterRequest>[0]>) =>
      encodeFilterRequest({
        requestId: 'r',
        type: FilterRequestType.Subscribe,
        pubsubTopic: TOPIC,
        contentTopics: ['/a/1/b/proto'],
        ...overrides,
      });
    assert.equal(reason(subscribe({ contentTopics: topics(MAX_CONTENT_TOPICS_PER_REQUEST) })), null);
    assert.equal(
      reason(subscribe({ contentTopics: topics(MAX_CONTENT_TOPICS_PER_REQUEST + 1) })),
      FilterReject.TooManyContentTopics,
    );
    assert.equal(reason(subscribe({ pubsubTopic: '' })), FilterReject.MissingTopics);
    assert.equal(reason(subscribe({ contentTopics: [] })), FilterReject.MissingTopics);
    assert.equal(
      reason(subscribe({ type: FilterRequestType.Unsubscribe, contentTopics: [''] })),
      FilterReject.MissingTopics,
    );
    assert.equal(reason(subscribe({ requestId: 'x'.repeat(129) })), FilterReject.RequestIdTooLong);
    assert.equal(reason(subscribe({ contentTopics: ['x'.repeat(1025)] })), FilterReject.TopicTooLong);
    // Unsubscribe-all needs no topics.
    assert.equal(
      reason(subscribe({ type: FilterRequestType.UnsubscribeAll, pubsubTopic: '', contentTopics: [] })),
      null,
    );
    // Field 2 = 9: not a subscribe type.
    assert.equal(reason(Uint8Array.from([0x10, 0x09])), FilterReject.Undecodable);
    assert.equal(salvageFilterRequestId(subscribe({ requestId: 'keep-me' })), 'keep-me');
    assert.equal(salvageFilterRequestId(Uint8Array.from([0xff])), '');
    // A push without its message or topic is useless to js-waku (it stops reading).
    assert.equal(decodeFilterPush(proto_filter_v2.MessagePush.encode({ pubsubTopic: TOPIC })).ok, false);
  });

  test('fuzz: any bytes give a typed answer, never a throw', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const request = decodeFilterRequest(bytes);
        assert.ok(request.ok || Object.values(FilterReject).includes(request.reason));
        assert.equal(typeof salvageFilterRequestId(bytes), 'string');
        const push = decodeFilterPush(bytes);
        assert.ok(push.ok || ['undecodable', 'incomplete'].includes(push.reason));
        const response = decodeFilterResponse(bytes);
        assert.ok(response.ok || response.reason === 'undecodable');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('filter subscription table', () => {
  function table(limits: { maxPeers?: number; maxCriteriaPerPeer?: number; ttlMs?: number } = {}) {
    const clock = { now: 1_000_000 };
    return { clock, subscriptions: new FilterSubscriptions(limits, () => clock.now) };
  }

  test('subscribe, look up, unsubscribe, unsubscribe all', () => {
    const { subscriptions } = table();
    assert.deepEqual(subscriptions.subscribe('a', TOPIC, ['x', 'y']), { ok: true, added: 2 });
    assert.deepEqual(subscriptions.subscribe('b', TOPIC, ['y']), { ok: true, added: 1 });
    // Re-subscribing is idempotent.
    assert.deepEqual(subscriptions.subscribe('a', TOPIC, ['x']), { ok: true, added: 0 });
    assert.deepEqual(subscriptions.subscribers(TOPIC, 'y').sort(), ['a', 'b']);
    assert.deepEqual(subscriptions.subscribers(TOPIC, 'x'), ['a']);
    assert.deepEqual(subscriptions.subscribers('/waku/2/rs/16/64', 'x'), []);
    assert.deepEqual([subscriptions.peerCount, subscriptions.criteriaCount], [2, 3]);

    assert.equal(subscriptions.unsubscribe('a', TOPIC, ['x', 'never']), 1);
    assert.equal(subscriptions.unsubscribe('a', TOPIC, ['never']), 0);
    assert.equal(subscriptions.unsubscribe('nobody', TOPIC, ['x']), null);
    assert.deepEqual(subscriptions.subscribers(TOPIC, 'x'), []);
    // Removing a peer's last criterion forgets the peer.
    assert.equal(subscriptions.unsubscribe('b', TOPIC, ['y']), 1);
    assert.equal(subscriptions.isSubscribed('b'), false);
    assert.equal(subscriptions.unsubscribeAll('a'), true);
    assert.equal(subscriptions.unsubscribeAll('a'), false);
    assert.deepEqual([subscriptions.peerCount, subscriptions.criteriaCount], [0, 0]);
  });

  test('peer and criteria limits', () => {
    const { subscriptions } = table({ maxPeers: 2, maxCriteriaPerPeer: 3 });
    assert.equal(subscriptions.subscribe('a', TOPIC, ['1', '2']).ok, true);
    assert.equal(subscriptions.subscribe('b', TOPIC, ['1']).ok, true);
    assert.deepEqual(subscriptions.subscribe('c', TOPIC, ['1']), { ok: false, reason: 'too-many-peers' });
    // Known criteria do not count twice: a has 2, asks for 2 of which 1 is new.
    assert.deepEqual(subscriptions.subscribe('a', TOPIC, ['2', '3']), { ok: true, added: 1 });
    assert.deepEqual(subscriptions.subscribe('a', TOPIC, ['4']), { ok: false, reason: 'too-many-criteria' });
    assert.deepEqual(subscriptions.subscribe('a', '/waku/2/rs/16/64', ['1']), {
      ok: false,
      reason: 'too-many-criteria',
    });
    assert.deepEqual(subscriptions.criteriaOf('a').length, 3);
    // Room again once a peer leaves.
    subscriptions.removePeer('b');
    assert.equal(subscriptions.subscribe('c', TOPIC, ['1']).ok, true);
  });

  test('the 1000 × 1000 default limits hold', () => {
    const subscriptions = new FilterSubscriptions();
    const topics = Array.from({ length: 100 }, (_, index) => `/t/1/${index}/proto`);
    for (let round = 0; round < 10; round += 1) {
      assert.equal(
        subscriptions.subscribe(
          'heavy',
          TOPIC,
          topics.map((t) => `${t}${round}`),
        ).ok,
        true,
      );
    }
    assert.equal(subscriptions.criteriaCount, 1000);
    assert.deepEqual(subscriptions.subscribe('heavy', TOPIC, ['one more']), { ok: false, reason: 'too-many-criteria' });
    for (let peer = 1; peer < 1000; peer += 1) assert.equal(subscriptions.subscribe(`p${peer}`, TOPIC, ['x']).ok, true);
    assert.deepEqual(subscriptions.subscribe('p1000', TOPIC, ['x']), { ok: false, reason: 'too-many-peers' });
    assert.equal(subscriptions.subscribers(TOPIC, 'x').length, 999);
  });

  test('subscriptions lapse after the TTL without requests; any request renews them', () => {
    const { clock, subscriptions } = table({ ttlMs: 300_000, maxPeers: 1 });
    subscriptions.subscribe('a', TOPIC, ['x']);
    clock.now += 299_000;
    assert.equal(subscriptions.refresh('a'), true);
    clock.now += 299_000;
    assert.deepEqual(subscriptions.subscribers(TOPIC, 'x'), ['a']);
    clock.now += 2_000;
    // Lapsed: not pushed to, ping answers 404, and the slot is free for another peer.
    assert.deepEqual(subscriptions.subscribers(TOPIC, 'x'), []);
    assert.equal(subscriptions.refresh('a'), false);
    assert.equal(subscriptions.isSubscribed('a'), false);
    assert.equal(subscriptions.unsubscribe('a', TOPIC, ['x']), null);
    assert.equal(subscriptions.subscribe('b', TOPIC, ['x']).ok, true, 'a full table sweeps lapsed peers first');
    assert.equal(subscriptions.peerCount, 1);
    clock.now += 300_001;
    assert.deepEqual(subscriptions.sweep(), ['b']);
    assert.deepEqual([subscriptions.peerCount, subscriptions.criteriaCount], [0, 0]);
  });

  test('a lapsed peer that subscribes again starts afresh', () => {
    const { clock, subscriptions } = table({ ttlMs: 1000 });
    subscriptions.subscribe('a', TOPIC, ['old']);
    clock.now += 5000;
    subscriptions.subscribe('a', TOPIC, ['new']);
    assert.deepEqual(subscriptions.criteriaOf('a'), [[TOPIC, 'new']]);
    assert.deepEqual(subscriptions.subscribers(TOPIC, 'old'), []);
    assert.equal(subscriptions.criteriaCount, 1);
  });
});

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('push stream', () => {
  function fakeStream() {
    const received: Uint8Array[] = [];
    let release: () => void = () => {};
    let gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let aborted = false;
    const stream = {
      sink: async (source: AsyncIterable<Uint8Array>) => {
        for await (const frame of source) {
          received.push(frame);
          await gate;
        }
      },
      abort: () => {
        aborted = true;
      },
    } as unknown as Stream;
    return {
      stream,
      received,
      open: () => {
        release();
        gate = Promise.resolve();
      },
      aborted: () => aborted,
    };
  }

  function recorder() {
    const log = { sent: 0, dropped: { overflow: 0, 'stream-failed': 0 }, failed: [] as string[], opened: 0 };
    const events: PushStreamEvents = {
      sent: () => {
        log.sent += 1;
      },
      dropped: (count, reason) => {
        log.dropped[reason] += count;
      },
      failed: (stage) => log.failed.push(stage),
      opened: () => {
        log.opened += 1;
      },
    };
    return { log, events };
  }

  test('a slow subscriber costs at most maxQueued frames: the oldest are dropped and counted', async () => {
    const fake = fakeStream();
    const { log, events } = recorder();
    const push = new PushStream(async () => fake.stream, { maxQueued: 3, maxQueuedBytes: 1 << 20 }, events);
    push.push(Uint8Array.of(0));
    // The stream opens; the sink takes frame 0 and is stuck writing it.
    for (let turn = 0; turn < 5 && fake.received.length === 0; turn += 1) await nextTurn();
    assert.equal(fake.received.length, 1);
    for (let index = 1; index < 10; index += 1) push.push(Uint8Array.of(index));
    assert.equal(push.queued, 3);
    assert.equal(log.dropped.overflow, 6);
    fake.open();
    for (let turn = 0; turn < 10 && push.queued > 0; turn += 1) await nextTurn();
    assert.equal(push.queued, 0);
    // What arrived: the frame being written, then the newest three.
    assert.deepEqual(
      fake.received.map((frame) => frame[0]),
      [0, 7, 8, 9],
    );
    assert.equal(log.opened, 1);
    assert.equal(log.sent, 4);
    push.close();
    assert.equal(fake.aborted(), true);
  });

  test('the byte bound applies too, and one oversized frame still goes through', async () => {
    const { log, events } = recorder();
    let sink: AsyncIterable<Uint8Array> | null = null;
    const stream = {
      sink: (source: AsyncIterable<Uint8Array>) => {
        sink = source;
        return new Promise(() => {});
      },
      abort: () => {},
    } as unknown as Stream;
    const push = new PushStream(async () => stream, { maxQueued: 100, maxQueuedBytes: 100 }, events);
    push.push(new Uint8Array(60));
    push.push(new Uint8Array(60));
    assert.equal(push.queued, 1);
    assert.equal(log.dropped.overflow, 1);
    push.push(new Uint8Array(500));
    assert.equal(push.queued, 1);
    assert.equal(push.queuedBytes, 500);
    assert.equal(sink, null);
    push.close();
  });

  test('a stream that cannot be opened drops what waits and is retried on the next frame', async () => {
    const { log, events } = recorder();
    let attempts = 0;
    const fake = fakeStream();
    fake.open();
    const push = new PushStream(
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('no connection');
        return fake.stream;
      },
      { maxQueued: 10, maxQueuedBytes: 1 << 20 },
      events,
    );
    push.push(Uint8Array.of(1));
    push.push(Uint8Array.of(2));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log.failed, ['open']);
    assert.equal(log.dropped['stream-failed'], 2);
    push.push(Uint8Array.of(3));
    for (let index = 0; index < 5 && fake.received.length === 0; index += 1)
      await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      fake.received.map((frame) => frame[0]),
      [3],
    );
    push.close();
  });
});

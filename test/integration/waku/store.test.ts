// Store v3 served to real @waku/sdk light nodes over WebSocket and TCP: forward and backward
// pagination (queryWithOrderedCallback, queryGenerator), time ranges, hash lookups; ephemeral
// messages are pushed but never archived; the archive survives a restart on the same database.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Connection } from '@libp2p/interface';
import { type IDecodedMessage, Protocols } from '@waku/interfaces';
import {
  decodeStoreResponse,
  encodeStoreQuery,
  STORE_CODEC,
  type StoreQuery,
  StoreStatus,
} from '../../../main/transport/store/store-codec.ts';
import {
  exchange,
  GLOBAL_TOPIC,
  type LightClient,
  linkRelay,
  nextMessage,
  openTestStoreDb,
  startServiceClient,
  startTestNode,
  type TestNode,
  type TestStoreDb,
  tcpAddress,
  testMessage,
  wsAddress,
} from '../../helpers/waku.ts';
import { nextMatching } from '../../helpers/wait.ts';

const TOPIC = '/wsd-test/1/store/proto';
const OTHER = '/wsd-test/1/store-other/proto';
const text = (payload: Uint8Array) => new TextDecoder().decode(payload);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function connectionOf(client: LightClient, node: TestNode): Connection {
  const connection = client.waku.libp2p.getConnections(node.node.peerId)[0];
  if (!connection) throw new Error('light client is not connected');
  return connection;
}

async function rawQuery(connection: Connection, query: Partial<StoreQuery>) {
  const decoded = decodeStoreResponse(
    await exchange(connection, STORE_CODEC, encodeStoreQuery({ requestId: randomUUID(), ...query })),
  );
  assert.ok(decoded.ok);
  return decoded.value;
}

describe('store served to real light nodes', () => {
  let db: TestStoreDb;
  let service: TestNode;
  let relayPeer: TestNode;
  let pusher: LightClient;
  let wsClient: LightClient;
  let tcpClient: LightClient;
  /** Payloads in archive order (timestamp, then hash). */
  let archived: string[] = [];
  const hashes = new Map<string, Uint8Array>();

  before(async () => {
    db = openTestStoreDb();
    [service, relayPeer] = await Promise.all([
      startTestNode({ store: { db: db.db }, filter: {}, lightpushRateLimit: { capacity: 100, perMinute: 100 } }),
      startTestNode(),
    ]);
    [pusher, wsClient, tcpClient] = await Promise.all([
      startServiceClient(wsAddress(service.node), { protocols: [Protocols.LightPush] }),
      startServiceClient(wsAddress(service.node), { protocols: [Protocols.Store, Protocols.Filter] }),
      startServiceClient(tcpAddress(service.node), { protocols: [Protocols.Store], transport: 'tcp' }),
    ]);
    // 25 lightpushed while the service node has no relay peer (200: the store took them)...
    const encoder = pusher.waku.createEncoder({ contentTopic: TOPIC, shardId: 32 });
    for (let index = 0; index < 25; index += 1) {
      const result = await pusher.waku.lightPush.send(encoder, { payload: new TextEncoder().encode(`lp ${index}`) });
      assert.equal(result.successes.length, 1, `lightpush ${index}`);
    }
    // ...then 10 relayed from another full node, and 3 on another content topic.
    await linkRelay(relayPeer.node, service.node, tcpAddress(service.node));
    for (let index = 0; index < 13; index += 1) {
      const payload = index < 10 ? `relay ${index}` : `other ${index}`;
      const seen = nextMessage(service.node, (m) => text(m.message.payload) === payload);
      await relayPeer.node.publish(GLOBAL_TOPIC, testMessage(payload, { contentTopic: index < 10 ? TOPIC : OTHER }));
      await seen;
    }
    const all = await rawQuery(connectionOf(wsClient, service), {
      pubsubTopic: GLOBAL_TOPIC,
      contentTopics: [TOPIC],
      pageSize: 100,
    });
    archived = all.messages.map((entry) => text(entry.message?.payload ?? new Uint8Array()));
    for (const entry of all.messages)
      hashes.set(text(entry.message?.payload ?? new Uint8Array()), entry.messageHash ?? new Uint8Array());
  });

  after(async () => {
    await Promise.all([pusher?.close(), wsClient?.close(), tcpClient?.close()]);
    await Promise.all([service?.close(), relayPeer?.close()]);
    db?.close();
  });

  test('everything lightpushed and relayed on the content topic was archived once', () => {
    assert.equal(archived.length, 35);
    assert.equal(new Set(archived).size, 35);
    const stats = service.node.stats();
    assert.equal(stats.lightpush['status:200'], 25, 'no relay peer, yet 200: the store took them');
    assert.equal(stats.store?.rows, 38);
    assert.ok((stats.store?.bytes ?? 0) > 0);
  });

  for (const transport of ['ws', 'tcp'] as const) {
    test(`queryWithOrderedCallback forward, page 7, over ${transport}`, async () => {
      const client = transport === 'ws' ? wsClient : tcpClient;
      const decoder = client.waku.createDecoder({ contentTopic: TOPIC, shardId: 32 });
      const got: string[] = [];
      await client.waku.store.queryWithOrderedCallback(
        [decoder],
        (message) => {
          got.push(text(message.payload));
        },
        { paginationForward: true, paginationLimit: 7 },
      );
      assert.deepEqual(got, archived);
    });

    test(`queryGenerator backward, page 10, over ${transport}`, async () => {
      const client = transport === 'ws' ? wsClient : tcpClient;
      const decoder = client.waku.createDecoder({ contentTopic: TOPIC, shardId: 32 });
      const pages: string[][] = [];
      for await (const page of client.waku.store.queryGenerator([decoder], {
        paginationForward: false,
        paginationLimit: 10,
      })) {
        const messages = (await Promise.all(page)).filter((m): m is IDecodedMessage => m !== undefined);
        pages.push(messages.map((m) => text(m.payload)));
      }
      assert.deepEqual(
        pages.map((page) => page.length),
        [10, 10, 10, 5],
      );
      // Newest page first, each page in ascending order.
      assert.deepEqual(pages.reverse().flat(), archived);
    });
  }

  test('a time range: start inclusive, end exclusive', async () => {
    const decoder = wsClient.waku.createDecoder({ contentTopic: TOPIC, shardId: 32 });
    const everything: IDecodedMessage[] = [];
    await wsClient.waku.store.queryWithOrderedCallback([decoder], (message) => {
      everything.push(message);
    });
    const from = everything[5]?.timestamp;
    const to = everything[30]?.timestamp;
    assert.ok(from && to);
    const got: string[] = [];
    await wsClient.waku.store.queryWithOrderedCallback(
      [decoder],
      (message) => {
        got.push(text(message.payload));
      },
      { timeStart: from, timeEnd: to, paginationLimit: 4 },
    );
    // js-waku sends `ms * 1e6` computed in floating point, so the ns bounds are rounded to a
    // multiple of 256 near 1.7e18: compare with the bounds as sent, not the exact ms.
    const sentStart = BigInt(from.getTime() * 1_000_000);
    const sentEnd = BigInt(to.getTime() * 1_000_000);
    const ns = (m: IDecodedMessage) => BigInt(m.timestamp?.getTime() ?? 0) * 1_000_000n;
    const want = everything.filter((m) => ns(m) >= sentStart && ns(m) < sentEnd).map((m) => text(m.payload));
    assert.ok(want.length > 0);
    assert.deepEqual(got, want);
  });

  test('hash lookups return exactly the requested messages', async () => {
    const decoder = tcpClient.waku.createDecoder({ contentTopic: TOPIC, shardId: 32 });
    const wanted = ['lp 3', 'relay 7'].map((payload) => hashes.get(payload) ?? new Uint8Array());
    const got: string[] = [];
    await tcpClient.waku.store.queryWithOrderedCallback(
      [decoder],
      (message) => {
        got.push(text(message.payload));
      },
      { messageHashes: wanted },
    );
    assert.deepEqual(got.sort(), ['lp 3', 'relay 7']);
    // A presence check without data, over the raw protocol.
    const presence = await rawQuery(connectionOf(tcpClient, service), {
      hashes: [...wanted, new Uint8Array(32).fill(1)],
      includeData: false,
    });
    assert.equal(presence.statusCode, StoreStatus.Ok);
    assert.deepEqual(
      presence.messages.map((m) => hex(m.messageHash ?? new Uint8Array())).sort(),
      wanted.map(hex).sort(),
    );
    assert.ok(presence.messages.every((m) => m.message === undefined && m.pubsubTopic === undefined));
  });

  test('bad queries get 400 without hurting the connection', async () => {
    const connection = connectionOf(wsClient, service);
    const unknownCursor = await rawQuery(connection, {
      pubsubTopic: GLOBAL_TOPIC,
      contentTopics: [TOPIC],
      cursor: new Uint8Array(32).fill(5),
    });
    const mixed = await rawQuery(connection, {
      pubsubTopic: GLOBAL_TOPIC,
      contentTopics: [TOPIC],
      hashes: [new Uint8Array(32).fill(5)],
    });
    const garbage = decodeStoreResponse(await exchange(connection, STORE_CODEC, Uint8Array.of(0xff, 0xff, 0xff)));
    assert.ok(garbage.ok);
    assert.deepEqual(
      [unknownCursor.statusCode, mixed.statusCode, garbage.value.statusCode],
      [StoreStatus.BadRequest, StoreStatus.BadRequest, StoreStatus.BadRequest],
    );
    const counters = service.node.stats().store?.counters;
    assert.equal(counters?.['refused:unknown-cursor'], 1);
    assert.equal(counters?.['refused:mixed-query'], 1);
    assert.equal(counters?.['refused:undecodable'], 1);
    assert.equal(wsClient.waku.libp2p.getConnections(service.node.peerId).length, 1);
  });

  test('ephemeral messages are relayed and pushed, never archived', async () => {
    const decoder = wsClient.waku.createDecoder({ contentTopic: OTHER, shardId: 32 });
    let push: (message: IDecodedMessage) => void = () => {};
    const pushed = nextMatching<IDecodedMessage>(
      (listener) => {
        push = listener;
        return () => {};
      },
      (message) => text(message.payload) === 'fleeting',
      10_000,
      'the ephemeral message pushed',
    );
    assert.equal(await wsClient.waku.filter.subscribe(decoder, (message) => push(message)), true);
    const atRelayPeer = nextMessage(relayPeer.node, (m) => text(m.message.payload) === 'fleeting');
    const encoder = pusher.waku.createEncoder({ contentTopic: OTHER, shardId: 32, ephemeral: true });
    const sent = await pusher.waku.lightPush.send(encoder, { payload: new TextEncoder().encode('fleeting') });
    assert.equal(sent.successes.length, 1);
    const [relayed, pushedMessage] = await Promise.all([atRelayPeer, pushed]);
    assert.equal(relayed.message.ephemeral, true);
    assert.equal(pushedMessage.ephemeral, true);
    const lookup = await rawQuery(connectionOf(wsClient, service), { hashes: [relayed.hash] });
    assert.equal(lookup.statusCode, StoreStatus.Ok);
    assert.deepEqual(lookup.messages, []);
    assert.equal(service.node.stats().store?.counters['skipped:ephemeral'], 1);
    await wsClient.waku.filter.unsubscribe(decoder);
  });

  test('a restart on the same database keeps the archive', async () => {
    const rows = service.node.stats().store?.rows;
    await Promise.all([wsClient.close(), tcpClient.close(), pusher.close()]);
    await service.close();
    const reopened = db.reopen();
    const again = await startTestNode({ store: { db: reopened } });
    try {
      const client = await startServiceClient(wsAddress(again.node), { protocols: [Protocols.Store] });
      try {
        assert.equal(again.node.stats().store?.rows, rows);
        const decoder = client.waku.createDecoder({ contentTopic: TOPIC, shardId: 32 });
        const got: string[] = [];
        await client.waku.store.queryWithOrderedCallback([decoder], (message) => {
          got.push(text(message.payload));
        });
        assert.deepEqual(got, archived);
      } finally {
        await client.close();
      }
    } finally {
      await again.close();
    }
  });
});

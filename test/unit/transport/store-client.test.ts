// The full node's store v3 client against a real WakuNode serving store: paging with the
// cursor, hash-only listings, hash lookups, time ranges, failover from a peer without store,
// typed errors (no peer, refused, bad query).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { messageHash, messageHashHex, type WakuMessage } from '../../../main/transport/message.ts';
import {
  StoreClient,
  type StoreClientEntry,
  StoreClientError,
  StoreClientFailure,
  type StoreClientQuery,
} from '../../../main/transport/store/store-client.ts';
import { startServiceNode } from '../../helpers/light.ts';
import { GLOBAL_TOPIC, startTestNode, type TestNode, tcpAddress } from '../../helpers/waku.ts';
import { eventually } from '../../helpers/wait.ts';

const TOPIC = '/wsd-test/1/history/proto';
const OTHER = '/wsd-test/1/history-other/proto';

async function all(client: StoreClient, query: StoreClientQuery) {
  const pages: StoreClientEntry[][] = [];
  for await (const page of client.query(query)) pages.push(page.entries);
  return pages;
}

describe('store client against a store-serving WakuNode', () => {
  let service: TestNode;
  let plain: TestNode;
  let us: TestNode;
  let client: StoreClient;
  /** In archive order (timestamp), with their hashes. */
  const archived: Array<{ message: WakuMessage; hashHex: string }> = [];
  const base = BigInt(Date.now() - 2000) * 1_000_000n;

  before(async () => {
    [service, plain, us] = await Promise.all([startServiceNode(), startTestNode(), startTestNode()]);
    const archive = service.node.archive;
    assert.ok(archive);
    for (let i = 0; i < 250; i += 1) {
      const message: WakuMessage = {
        payload: new TextEncoder().encode(`history ${i}`),
        contentTopic: TOPIC,
        version: 1,
        timestamp: base + BigInt(i) * 1_000_000n,
      };
      assert.deepEqual(archive.accept(GLOBAL_TOPIC, message, messageHash(GLOBAL_TOPIC, message)), { archived: true });
      archived.push({ message, hashHex: messageHashHex(GLOBAL_TOPIC, message) });
    }
    for (let i = 0; i < 20; i += 1) {
      const message: WakuMessage = {
        payload: new TextEncoder().encode(`other ${i}`),
        contentTopic: OTHER,
        version: 1,
        timestamp: base + BigInt(i) * 1_000_000n,
      };
      archive.accept(GLOBAL_TOPIC, message, messageHash(GLOBAL_TOPIC, message));
    }
    archive.flush();
    await us.node.dial(tcpAddress(plain.node));
    await us.node.dial(tcpAddress(service.node));
    client = new StoreClient(us.node.libp2p, { requestTimeoutMs: 5000 });
    await eventually(
      async () => ((await client.storePeers()).length === 1 ? true : undefined),
      10_000,
      'the service node to be identified as a store peer',
    );
  });

  after(async () => {
    await Promise.all([us?.close(), plain?.close(), service?.close()]);
  });

  test('only the peer that serves store is a store peer', async () => {
    const peers = await client.storePeers();
    assert.deepEqual(
      peers.map((p) => p.toString()),
      [service.node.peerId.toString()],
    );
  });

  test('content query: pages of 100 following the cursor, oldest first, hashes checked', async () => {
    const pages = await all(client, { pubsubTopic: GLOBAL_TOPIC, contentTopics: [TOPIC], pageSize: 100 });
    assert.deepEqual(
      pages.map((p) => p.length),
      [100, 100, 50],
    );
    const entries = pages.flat();
    assert.deepEqual(
      entries.map((e) => e.hashHex),
      archived.map((a) => a.hashHex),
    );
    for (const [i, entry] of entries.entries()) {
      assert.equal(entry.data?.pubsubTopic, GLOBAL_TOPIC);
      assert.equal(new TextDecoder().decode(entry.data?.message.payload), `history ${i}`);
    }
  });

  test('hash-only listing, a time range, and a hash lookup', async () => {
    const listed = (await all(client, { pubsubTopic: GLOBAL_TOPIC, contentTopics: [TOPIC, OTHER], includeData: false }))
      .flat();
    assert.equal(listed.length, 270);
    assert.ok(listed.every((e) => e.data === undefined));

    const ranged = (
      await all(client, {
        pubsubTopic: GLOBAL_TOPIC,
        contentTopics: [TOPIC],
        timeStart: base + 10n * 1_000_000n,
        timeEnd: base + 20n * 1_000_000n,
      })
    ).flat();
    assert.deepEqual(
      ranged.map((e) => e.hashHex),
      archived.slice(10, 20).map((a) => a.hashHex),
    );

    const wanted = [archived[3], archived[77], archived[201]].map((a) => a?.hashHex ?? '');
    const found = (await all(client, { hashes: wanted.map((h) => new Uint8Array(Buffer.from(h, 'hex'))) })).flat();
    assert.deepEqual(new Set(found.map((e) => e.hashHex)), new Set(wanted));
    assert.ok(found.every((e) => e.data !== undefined));
  });

  test('a peer without store fails over to the next; the stats say so', async () => {
    const failover = new StoreClient(us.node.libp2p, {
      peers: async () => [plain.node.peerId, service.node.peerId],
    });
    const entries = (await all(failover, { pubsubTopic: GLOBAL_TOPIC, contentTopics: [OTHER] })).flat();
    assert.equal(entries.length, 20);
    const stats = failover.stats();
    assert.equal(stats.failovers, 1);
    assert.equal(stats.failures.unsupported, 1);

    // Alone, that peer's failure is the query's typed error.
    const only = new StoreClient(us.node.libp2p, { peers: async () => [plain.node.peerId] });
    await assert.rejects(
      all(only, { pubsubTopic: GLOBAL_TOPIC, contentTopics: [OTHER] }),
      (error: unknown) => error instanceof StoreClientError && error.reason === StoreClientFailure.Unsupported,
    );
  });

  test('typed errors: no store peer, a refusal with its status, an invalid query', async () => {
    const lonely = new StoreClient(plain.node.libp2p, { peers: async () => [] });
    await assert.rejects(
      all(lonely, { pubsubTopic: GLOBAL_TOPIC, contentTopics: [TOPIC] }),
      (error: unknown) => error instanceof StoreClientError && error.reason === StoreClientFailure.NoPeer,
    );
    await assert.rejects(
      all(client, { pubsubTopic: GLOBAL_TOPIC, contentTopics: [`/${'x'.repeat(2000)}/1/t/proto`] }),
      (error: unknown) =>
        error instanceof StoreClientError && error.reason === StoreClientFailure.Refused && error.status === 400,
    );
    await assert.rejects(
      all(client, {
        pubsubTopic: GLOBAL_TOPIC,
        contentTopics: Array.from({ length: 11 }, (_, i) => `/t/1/${i}/proto`),
      }),
      (error: unknown) => error instanceof StoreClientError && error.reason === StoreClientFailure.BadQuery,
    );
    await assert.rejects(
      all(client, { contentTopics: [TOPIC] }),
      (error: unknown) => error instanceof StoreClientError && error.reason === StoreClientFailure.BadQuery,
    );
  });
});

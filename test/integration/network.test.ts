// Three headless nodes in separate processes relay to each other; the REST API publishes,
// subscribes and polls like nwaku's; RPC and metrics show the peers and counters.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type HeadlessProcess, startHeadlessProcess } from '../helpers/headless-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { eventually, withTimeout } from '../helpers/wait.ts';

const TOPIC = '/waku/2/rs/16/32';
const enc = encodeURIComponent;

describe('three full nodes in three processes', () => {
  const nodes: HeadlessProcess[] = [];
  const dirs: Array<{ dir: string; cleanup: () => void }> = [];
  const rest = (i: number) => nodes[i]?.ready.restUrl ?? '';

  before(async () => {
    for (let i = 0; i < 3; i += 1) dirs.push(tempDir());
    const start = async (i: number, extra: string[]) =>
      startHeadlessProcess(dirs[i]?.dir ?? '', ['--rest-port', '0', ...extra]);
    nodes.push(await start(0, []));
    const a = nodes[0]?.ready.listenAddresses[0] ?? '';
    nodes.push(await start(1, ['--static-node', a]));
    const b = nodes[1]?.ready.listenAddresses.find((addr) => addr.includes('/ws/')) ?? '';
    nodes.push(await start(2, ['--static-node', b]));
  });

  after(async () => {
    for (const node of nodes) node.child.kill('SIGTERM');
    await Promise.all(nodes.map((node) => node.exited));
    for (const { cleanup } of dirs) cleanup();
  });

  test('the ready line names the peer id and dialable addresses', () => {
    for (const node of nodes) {
      assert.match(node.ready.peerId ?? '', /^16Uiu2/);
      assert.ok(
        node.ready.listenAddresses.every(
          (addr) => addr.startsWith('/ip4/127.0.0.1/') && addr.endsWith(`/p2p/${node.ready.peerId}`),
        ),
      );
      assert.ok(node.ready.listenAddresses.some((addr) => addr.includes('/ws/')));
    }
  });

  test('a message published on A over REST reaches C through B (TCP then WS)', async () => {
    const subscribe = await fetch(`${rest(2)}/relay/v1/subscriptions`, {
      method: 'POST',
      body: JSON.stringify([TOPIC]),
    });
    assert.equal(subscribe.status, 200);
    const client = await nodes[1]?.connect();
    assert.ok(client);
    // B sits in both meshes once gossipsub's heartbeat has run.
    await eventually(
      async () => {
        const stats = await client.call('node.stats');
        return (stats.relay.meshPeers[TOPIC] ?? 0) >= 2 ? stats : undefined;
      },
      15_000,
      'B to mesh with A and C',
    );
    const payload = Buffer.from('hello over three hops').toString('base64');
    const body = JSON.stringify({ payload, contentTopic: '/waku/1/0x6c8c300c/rfc26', version: 1, ephemeral: true });
    const published = await fetch(`${rest(0)}/relay/v1/messages/${enc(TOPIC)}`, { method: 'POST', body });
    assert.equal(published.status, 200, await published.text());
    const received = await eventually(
      async () => {
        const list = (await (await fetch(`${rest(2)}/relay/v1/messages/${enc(TOPIC)}`)).json()) as Array<
          Record<string, unknown>
        >;
        return list.length > 0 ? list : undefined;
      },
      10_000,
      'C to receive the message',
    );
    assert.equal(received.length, 1);
    assert.equal(received[0]?.payload, payload);
    assert.equal(received[0]?.contentTopic, '/waku/1/0x6c8c300c/rfc26');
    assert.equal(received[0]?.version, 1);
    assert.equal(received[0]?.ephemeral, true);
    // Polling drains the cache.
    assert.deepEqual(await (await fetch(`${rest(2)}/relay/v1/messages/${enc(TOPIC)}`)).json(), []);

    const peers = await client.call('node.peers');
    assert.equal(peers.length, 2);
    assert.ok(peers.every((peer) => peer.clusterId === 16 && peer.protocols.includes('/vac/waku/relay/2.0.0')));
    const stats = await client.call('node.stats');
    assert.equal(stats.protocols.relay?.['messages-in'], 1, 'B relayed exactly the one message');
    client.close();
  });

  test('every node archives what it relays, except ephemeral messages; REST store queries read it', async () => {
    const post = (tag: string, ephemeral: boolean) =>
      fetch(`${rest(0)}/relay/v1/messages/${enc(TOPIC)}`, {
        method: 'POST',
        body: JSON.stringify({
          payload: Buffer.from(tag).toString('base64'),
          contentTopic: '/wsd/1/store-test/proto',
          ephemeral,
        }),
      });
    for (let i = 0; i < 3; i += 1) assert.equal((await post(`kept ${i}`, false)).status, 200);
    assert.equal((await post('fleeting', true)).status, 200);
    const query = (params: string) =>
      fetch(
        `${rest(2)}/store/v3/messages?pubsubTopic=${enc(TOPIC)}&contentTopics=${enc('/wsd/1/store-test/proto')}&${params}`,
      ).then(
        (r) =>
          r.json() as Promise<{
            messages: Array<{ messageHash: string; message?: { payload: string } }>;
            paginationCursor: string | null;
          }>,
      );
    const all = await eventually(
      async () => {
        const page = await query('pageSize=10');
        return page.messages.length >= 3 ? page : undefined;
      },
      10_000,
      'C to archive the relayed messages',
    );
    const texts = all.messages.map((m) => Buffer.from(m.message?.payload ?? '', 'base64').toString());
    assert.deepEqual(texts.sort(), ['kept 0', 'kept 1', 'kept 2']);
    // Pagination: two pages of two and one, with an exclusive cursor.
    const first = await query('pageSize=2');
    assert.equal(first.messages.length, 2);
    assert.ok(first.paginationCursor);
    const second = await query(`pageSize=2&cursor=${first.paginationCursor}`);
    assert.equal(second.messages.length, 1);
    assert.ok(!first.messages.some((m) => m.messageHash === second.messages[0]?.messageHash));
    const hashesOnly = await query('includeData=false');
    assert.ok(hashesOnly.messages.every((m) => m.message === undefined && /^0x[0-9a-f]{64}$/.test(m.messageHash)));
    assert.equal((await fetch(`${rest(2)}/store/v3/messages?hashes=zz`)).status, 400);
  });

  test('bad REST requests get 400/404 with a reason; the node keeps serving', async () => {
    const post = (path: string, body: string) => fetch(`${rest(0)}${path}`, { method: 'POST', body });
    assert.equal((await post(`/relay/v1/messages/${enc(TOPIC)}`, 'not json')).status, 400);
    assert.equal(
      (await post(`/relay/v1/messages/${enc(TOPIC)}`, JSON.stringify({ payload: '!!', contentTopic: 'x' }))).status,
      400,
    );
    assert.equal(
      (await post(`/relay/v1/messages/${enc(TOPIC)}`, JSON.stringify({ payload: '', contentTopic: '' }))).status,
      400,
    );
    assert.equal(
      (await post(`/relay/v1/messages/${enc('/waku/2/rs/1/32')}`, JSON.stringify({ payload: '', contentTopic: 'x' })))
        .status,
      400,
    );
    assert.equal((await post('/relay/v1/subscriptions', JSON.stringify(['/waku/2/default-waku/proto']))).status, 400);
    assert.equal((await fetch(`${rest(0)}/relay/v1/messages/${enc('/waku/2/rs/16/99')}`)).status, 404);
    assert.equal((await fetch(`${rest(0)}/health`)).status, 200);
  });

  test('debug info, admin peers and Prometheus metrics', async () => {
    const info = (await (await fetch(`${rest(1)}/debug/v1/info`)).json()) as { listenAddresses: string[]; enrUri: string };
    assert.deepEqual(info.listenAddresses, nodes[1]?.ready.listenAddresses);
    assert.match(info.enrUri, /^enr:[A-Za-z0-9_-]+$/);
    const peers = (await (await fetch(`${rest(1)}/admin/v1/peers`)).json()) as Array<{
      multiaddr: string;
      protocols: unknown[];
    }>;
    assert.equal(peers.length, 2);
    assert.ok(peers.every((peer) => /\/p2p\/16Uiu2/.test(peer.multiaddr) && peer.protocols.length > 0));
    const metrics = await (await fetch(`${rest(1)}/metrics`)).text();
    assert.match(metrics, /^waku_peers 2$/m);
    assert.match(metrics, /waku_protocol_events_total\{protocol="relay",/);
  });

  test('a restarted node keeps its peer id', async () => {
    const first = nodes[2] as HeadlessProcess;
    first.child.kill('SIGTERM');
    assert.equal(await withTimeout(first.exited, 10_000, 'exit'), 0);
    const again = await startHeadlessProcess(dirs[2]?.dir ?? '', ['--rest-port', '0']);
    nodes[2] = again;
    assert.equal(again.ready.peerId, first.ready.peerId);
  });
});

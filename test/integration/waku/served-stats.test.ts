// The dashboard's numbers from a real full node (Network, as the core composes it) serving a
// real @waku/sdk light client: light clients served, filter subscriptions, archive growth and
// bandwidth through libp2p.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { IDecodedMessage } from '@waku/interfaces';
import { Protocols } from '@waku/interfaces';
import type { NodeStats } from '../../../shared/api.ts';
import { createLogger } from '../../../main/core/log.ts';
import { DEFAULT_NETWORK, Network } from '../../../main/core/network.ts';
import { type LightClient, startServiceClient } from '../../helpers/waku.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { eventually, withTimeout } from '../../helpers/wait.ts';

const TOPIC = '/wsd-test/1/served/proto';

describe('a full node serving a real light client reports what it serves', () => {
  const dir = tempDir('wsd-served-');
  let network: Network;
  let client: LightClient;
  let first: NodeStats;

  before(async () => {
    network = await Network.start(
      { ...DEFAULT_NETWORK, host: '127.0.0.1', tcpPort: 0, wsPort: 0, clusterId: 16, shards: [32], discovery: false },
      dir.dir,
      createLogger({ level: 'silent' }),
      { path: path.join(dir.dir, 'store.db'), key: randomBytes(32) },
    );
    first = network.stats();
    const ws = network.listenAddresses.find((address) => address.includes('/ws'));
    assert.ok(ws);
    client = await startServiceClient(ws, { protocols: [Protocols.Filter, Protocols.LightPush, Protocols.Store] });
  });

  after(async () => {
    await client?.close();
    await network?.stop();
    dir.cleanup();
  });

  test('before any client: nothing served yet, no traffic', () => {
    assert.deepEqual(first.served, {
      lightClients: 0,
      filterSubscribers: 0,
      filterSubscriptions: 0,
      archiveMessages: 0,
      archiveBytes: 0,
    });
    assert.equal(first.bandwidth?.bytesIn, 0);
    assert.equal(first.bandwidth?.bytesOut, 0);
  });

  test('a filter subscription, a lightpush and a store query show up in served and bandwidth', async () => {
    const decoder = client.waku.createDecoder({ contentTopic: TOPIC, shardId: 32 });
    let onPush: (message: IDecodedMessage) => void = () => {};
    const pushed = new Promise<IDecodedMessage>((resolve) => {
      onPush = resolve;
    });
    assert.equal(await client.waku.filter.subscribe(decoder, (message) => onPush(message)), true);

    const subscribed = network.stats();
    assert.ok(subscribed.served);
    assert.ok(subscribed.served.lightClients >= 1, 'the subscriber counts as a light client');
    assert.equal(subscribed.served.filterSubscribers, 1);
    assert.ok(subscribed.served.filterSubscriptions >= 1);

    const encoder = client.waku.createEncoder({ contentTopic: TOPIC, shardId: 32 });
    const sent = await client.waku.lightPush.send(encoder, { payload: new TextEncoder().encode('served') });
    assert.equal(sent.successes.length, 1);
    await withTimeout(pushed, 10_000, 'the filter push back to the client');

    // A store query sees (and flushes) every accepted write, so the archive holds the message now.
    const stored: string[] = [];
    await client.waku.store.queryWithOrderedCallback([decoder], (message) => {
      stored.push(new TextDecoder().decode(message.payload));
    });
    assert.deepEqual(stored, ['served']);

    const stats = network.stats();
    assert.ok(stats.served && stats.bandwidth);
    assert.equal(stats.served.lightClients, 1, 'one peer, whichever services it used');
    assert.ok(stats.served.archiveMessages >= (subscribed.served.archiveMessages ?? 0) + 1);
    assert.ok(stats.served.archiveBytes > 0);
    assert.ok(stats.bandwidth.bytesIn > 0 && stats.bandwidth.bytesOut > 0);
    assert.ok(stats.bandwidth.bytesIn > (subscribed.bandwidth?.bytesIn ?? 0), 'the lightpush came in');
    assert.ok(stats.bandwidth.inPerSec >= 0 && stats.bandwidth.outPerSec >= 0);
  });

  test('a light-mode node counts its bandwidth and reports nothing served', async () => {
    const lightDir = tempDir('wsd-served-light-');
    const ws = network.listenAddresses.find((address) => address.includes('/ws')) ?? '';
    const light = await Network.start(
      { ...DEFAULT_NETWORK, mode: 'light', clusterId: 16, shards: [32], discovery: false, staticPeers: [ws] },
      lightDir.dir,
      createLogger({ level: 'silent' }),
    );
    try {
      await eventually(
        () => (light.stats().peers >= 1 ? true : undefined),
        15_000,
        'the light node to qualify its service peer',
      );
      const stats = light.stats();
      assert.equal(stats.mode, 'light');
      assert.equal(stats.served, undefined);
      assert.ok(stats.bandwidth && stats.bandwidth.bytesIn > 0 && stats.bandwidth.bytesOut > 0);
    } finally {
      await light.stop();
      lightDir.cleanup();
    }
  });

  test('the stats contract keeps served out of the protocol rows', () => {
    const stats = network.stats();
    assert.equal(stats.protocols.served, undefined);
    assert.ok(stats.protocols.filter);
  });
});

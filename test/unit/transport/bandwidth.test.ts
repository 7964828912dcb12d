import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import type { Libp2p } from '@libp2p/interface';
import { tcp } from '@libp2p/tcp';
import { createLibp2p } from 'libp2p';
import { ByteMeter, MIN_RATE_INTERVAL_MS } from '../../../main/transport/bandwidth.ts';
import { withTimeout } from '../../helpers/wait.ts';

const SINK_PROTOCOL = '/wsd-test/sink/1.0.0';

describe('byte counting on real libp2p connections', () => {
  const meters = { a: new ByteMeter(), b: new ByteMeter() };
  let a: Libp2p;
  let b: Libp2p;
  const received: Array<(bytes: number) => void> = [];

  before(async () => {
    const make = (meter: ByteMeter) =>
      createLibp2p({
        addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
        transports: [tcp()],
        connectionEncrypters: [noise()],
        streamMuxers: [yamux()],
        metrics: meter.factory(),
      });
    [a, b] = await Promise.all([make(meters.a), make(meters.b)]);
    // b drains every stream and reports how many bytes the application saw.
    await b.handle(SINK_PROTOCOL, ({ stream }) => {
      void (async () => {
        let total = 0;
        for await (const chunk of stream.source) total += chunk.byteLength;
        for (const listener of received) listener(total);
      })();
    });
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  test('N bytes sent over a stream grow the sender out and the receiver in by at least N', async () => {
    const before = { aOut: meters.a.bytesOut, bIn: meters.b.bytesIn };
    const N = 256 * 1024;
    const drained = new Promise<number>((resolve) => received.push(resolve));
    const stream = await a.dialProtocol(b.getMultiaddrs()[0] ?? assert.fail('b listens nowhere'), SINK_PROTOCOL);
    const chunk = new Uint8Array(16 * 1024).fill(7);
    await stream.sink(
      (function* () {
        for (let sent = 0; sent < N; sent += chunk.byteLength) yield chunk;
      })(),
    );
    assert.equal(await withTimeout(drained, 10_000, 'b to drain the stream'), N);
    assert.ok(meters.a.bytesOut - before.aOut >= N, `a sent ${meters.a.bytesOut - before.aOut}`);
    assert.ok(meters.b.bytesIn - before.bIn >= N, `b received ${meters.b.bytesIn - before.bIn}`);
    // The handshake and the muxer talk both ways.
    assert.ok(meters.a.bytesIn > 0 && meters.b.bytesOut > 0);
    const snapshot = meters.b.snapshot();
    assert.equal(snapshot.bytesIn, meters.b.bytesIn);
    assert.equal(snapshot.bytesOut, meters.b.bytesOut);
  });
});

describe('rates between snapshots', () => {
  test('bytes per second over the interval since the previous snapshot', () => {
    let now = 1_000;
    const meter = new ByteMeter(() => now);
    assert.deepEqual(meter.snapshot(), { bytesIn: 0, bytesOut: 0, inPerSec: 0, outPerSec: 0 });
    meter.bytesIn += 4_000;
    meter.bytesOut += 1_000;
    now += 2_000;
    assert.deepEqual(meter.snapshot(), { bytesIn: 4_000, bytesOut: 1_000, inPerSec: 2_000, outPerSec: 500 });
    now += 2_000;
    assert.deepEqual(meter.snapshot(), { bytesIn: 4_000, bytesOut: 1_000, inPerSec: 0, outPerSec: 0 }, 'idle');
  });

  test('a snapshot right after another keeps the last rate instead of dividing by ~0', () => {
    let now = 0;
    const meter = new ByteMeter(() => now);
    meter.bytesIn = 10_000;
    now = 1_000;
    assert.equal(meter.snapshot().inPerSec, 10_000);
    meter.bytesIn += 50;
    now += MIN_RATE_INTERVAL_MS - 1;
    const quick = meter.snapshot();
    assert.equal(quick.inPerSec, 10_000);
    assert.equal(quick.bytesIn, 10_050, 'totals are always current');
    now += 1;
    // The base did not move: the rate covers the whole 500 ms since the last real sample.
    assert.equal(meter.snapshot().inPerSec, 100);
  });

  test('the metrics libp2p registers are harmless no-ops', () => {
    const meter = new ByteMeter();
    meter.registerMetric('x').increment(3);
    meter.registerCounterGroup('y').increment({ a: true });
    meter.registerHistogram('z').timer()();
    const fn = () => 42;
    assert.equal(meter.traceFunction('f', fn), fn);
    assert.equal(meter.bytesIn + meter.bytesOut, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { keccak256, sha256 } from '../../../main/crypto/hash.ts';
import { compress, publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import { decodeMvdsPayload, encodeMvdsPayload } from '../../../main/reliability/mvds/codec.ts';
import { mvdsMessageId, oneToOneGroupId } from '../../../main/reliability/mvds/ids.ts';
import { MemoryMvdsStore, type MvdsMessage, MvdsNode, type MvdsPayload } from '../../../main/reliability/mvds/node.ts';
import { EPOCH_MS, epochAt, MAX_SEND_COUNT, nextEpoch } from '../../../main/reliability/mvds/schedule.ts';
import { WireDecodeError } from '../../../main/wire/proto.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const message = (body: string, timestamp = 1_700_000_000n): MvdsMessage => ({
  groupId: utf8('group'),
  timestamp,
  body: utf8(body),
});

describe('MVDS ids', () => {
  test('message id = sha256("MESSAGE_ID" ‖ group ‖ int64 LE seconds ‖ body)', () => {
    const ts = new Uint8Array([0x00, 0xf1, 0x53, 0x65, 0, 0, 0, 0]); // 1700000000 little-endian
    const expected = sha256(utf8('MESSAGE_ID'), utf8('group'), ts, utf8('hello'));
    assert.deepEqual(mvdsMessageId(utf8('group'), 1_700_000_000n, utf8('hello')), expected);
  });

  test('the 1:1 group id is symmetric and orders the keys by X', () => {
    const a = publicKey(randomPrivateKey());
    const b = publicKey(randomPrivateKey());
    const id = oneToOneGroupId(a, b);
    assert.deepEqual(oneToOneGroupId(b, compress(a)), id);
    const [low, high] =
      Buffer.compare(Buffer.from(a.subarray(1, 33)), Buffer.from(b.subarray(1, 33))) < 0 ? [a, b] : [b, a];
    assert.deepEqual(id, keccak256(compress(low), compress(high)));
  });
});

describe('MVDS back-off', () => {
  test('retries after 27 s, 54 s, 108 s ... plus up to 9 s of jitter', () => {
    const noJitter = () => 0;
    assert.equal((nextEpoch(1, 0, noJitter) * EPOCH_MS) / 1000, 27);
    assert.equal((nextEpoch(2, 0, noJitter) * EPOCH_MS) / 1000, 54);
    assert.equal((nextEpoch(3, 0, noJitter) * EPOCH_MS) / 1000, 108);
    assert.equal(nextEpoch(1, 100, () => 0.999) - 100, 90 + 29);
    assert.equal(epochAt(3000), 10);
  });
});

describe('MVDS node (batch mode)', () => {
  function pair() {
    const delivered: string[] = [];
    const expired: string[] = [];
    const alice = new MvdsNode(
      new MemoryMvdsStore(),
      {
        onDelivered: (_peer, id) => delivered.push(id),
        onExpired: (_peer, id) => expired.push(id),
      },
      () => 0,
    );
    const bob = new MvdsNode(new MemoryMvdsStore(), {}, () => 0);
    return { alice, bob, delivered, expired };
  }

  test('send → receive once → ack → delivered, and re-sends stop', () => {
    const { alice, bob, delivered } = pair();
    const id = alice.send('bob', message('hi'), 0);
    const out = alice.due(0).get('bob') as MvdsPayload;
    assert.equal(out.messages.length, 1);
    const got = bob.receive('alice', out);
    assert.deepEqual(
      got.map((m) => m.id),
      [id],
    );
    const ack = bob.due(1).get('alice') as MvdsPayload;
    assert.deepEqual(
      ack.acks.map((a) => Buffer.from(a).toString('hex')),
      [id],
    );
    alice.receive('bob', ack);
    assert.deepEqual(delivered, [id]);
    assert.equal(alice.due(1_000_000).size, 0);
  });

  test('a lost message is sent again after the back-off, a duplicate is acked again but handed up once', () => {
    const { alice, bob } = pair();
    alice.send('bob', message('again'), 0);
    alice.due(0); // lost
    assert.equal(alice.due(89).size, 0);
    const retry = alice.due(90).get('bob') as MvdsPayload;
    assert.equal(retry.messages.length, 1);
    assert.equal(bob.receive('alice', retry).length, 1);
    assert.equal(bob.receive('alice', retry).length, 0);
    assert.equal((bob.due(91).get('alice') as MvdsPayload).acks.length, 1);
  });

  test('after MAX_SEND_COUNT sends the record is given up', () => {
    const { alice, expired } = pair();
    const id = alice.send('bob', message('void'), 0);
    let epoch = 0;
    for (let sends = 0; sends < MAX_SEND_COUNT; sends += 1) {
      assert.equal(alice.due(epoch).get('bob')?.messages.length, 1, `send ${sends + 1}`);
      epoch = nextEpoch(sends + 1, epoch, () => 0);
    }
    assert.equal(alice.due(epoch).size, 0);
    assert.deepEqual(expired, [id]);
  });

  test('a peer coming online gets its pending messages within 18 s', () => {
    const { alice } = pair();
    alice.send('bob', message('waiting'), 0);
    alice.due(0);
    assert.equal(alice.due(10).size, 0);
    alice.peerOnline('bob', 10);
    assert.equal(alice.due(10).get('bob')?.messages.length, 1);
  });

  test('acks for messages of another peer or unknown ids change nothing', () => {
    const { alice, delivered } = pair();
    const id = alice.send('bob', message('x'), 0);
    alice.receive('carol', { acks: [new Uint8Array(Buffer.from(id, 'hex'))], messages: [] });
    alice.receive('bob', { acks: [new Uint8Array(32)], messages: [] });
    assert.deepEqual(delivered, []);
    assert.equal(alice.due(0).get('bob')?.messages.length, 1);
  });
});

describe('MVDS codec', () => {
  test('round trip of acks and messages', () => {
    const payload: MvdsPayload = { acks: [new Uint8Array(32).fill(7)], messages: [message('one'), message('two', 1n)] };
    const decoded = decodeMvdsPayload(encodeMvdsPayload(payload));
    assert.ok(!(decoded instanceof WireDecodeError));
    assert.deepEqual(decoded, payload);
  });

  test('any bytes decode to a payload or a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const decoded = decodeMvdsPayload(bytes);
        assert.ok(decoded instanceof WireDecodeError || Array.isArray(decoded.messages));
      }),
      { numRuns: 500 },
    );
  });
});

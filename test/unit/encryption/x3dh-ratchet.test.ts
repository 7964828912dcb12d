import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';
import {
  deserializeRatchet,
  initiateRatchet,
  MAX_SKIP,
  RatchetError,
  type RatchetHeader,
  type RatchetState,
  ratchetDecrypt,
  ratchetEncrypt,
  respondRatchet,
  serializeRatchet,
} from '../../../main/encryption/ratchet/double-ratchet.ts';
import { x3dhInitiate, x3dhRespond } from '../../../main/encryption/x3dh.ts';

const ascii = (c: string) => new TextEncoder().encode(c.repeat(32));
const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);

describe('X3DH', () => {
  test('status-go x3dh_test.go vector', () => {
    const ikA = ascii('0');
    const ekA = ascii('1');
    const ikB = ascii('2');
    const spkB = ascii('3');
    const initiated = x3dhInitiate(ikA, publicKey(ikB), publicKey(spkB), ekA);
    assert.equal(
      Buffer.from(initiated.sharedKey).toString('hex'),
      'a4e923d0af8fe78a056363be20e71c0a58e569ea8fc1f79289eca10d9f68133a',
    );
    const responded = x3dhRespond(ikB, spkB, publicKey(ikA), initiated.ephemeralPublicKey);
    assert.deepEqual(responded, initiated.sharedKey);
    assert.equal(initiated.ephemeralPublicKey.length, 33);
  });
});

interface Sent {
  header: RatchetHeader;
  ciphertext: Uint8Array;
}

function session() {
  const aliceIdentity = randomPrivateKey();
  const bobIdentity = randomPrivateKey();
  const bobSignedPreKey = randomPrivateKey();
  const x3dh = x3dhInitiate(aliceIdentity, publicKey(bobIdentity), publicKey(bobSignedPreKey, true));
  const bobShared = x3dhRespond(bobIdentity, bobSignedPreKey, publicKey(aliceIdentity), x3dh.ephemeralPublicKey);
  let alice: RatchetState = initiateRatchet(x3dh.sharedKey, publicKey(bobSignedPreKey, true));
  let bob: RatchetState = respondRatchet(bobShared, bobSignedPreKey);
  const send = (from: 'alice' | 'bob', message: string): Sent => {
    const out = ratchetEncrypt(from === 'alice' ? alice : bob, text(message));
    if (from === 'alice') alice = out.state;
    else bob = out.state;
    return { header: out.header, ciphertext: out.ciphertext };
  };
  const receive = (to: 'alice' | 'bob', sent: Sent): string => {
    const out = ratchetDecrypt(to === 'alice' ? alice : bob, sent.header, sent.ciphertext);
    if (to === 'alice') alice = out.state;
    else bob = out.state;
    return read(out.plaintext);
  };
  return { send, receive, state: () => ({ alice, bob }) };
}

const ratchetError = (code: string) => (error: unknown) => error instanceof RatchetError && error.code === code;

describe('double ratchet', () => {
  test('a conversation both ways, with the DH ratchet turning at each change of speaker', () => {
    const s = session();
    assert.equal(s.receive('bob', s.send('alice', 'hi bob')), 'hi bob');
    assert.equal(s.receive('bob', s.send('alice', 'still me')), 'still me');
    const reply = s.send('bob', 'hi alice');
    assert.equal(reply.header.n, 0);
    assert.equal(s.receive('alice', reply), 'hi alice');
    const third = s.send('alice', 'new chain');
    assert.equal(third.header.n, 0);
    assert.equal(third.header.pn, 2);
    assert.equal(s.receive('bob', third), 'new chain');
  });

  test('the responder cannot send first', () => {
    const s = session();
    assert.throws(() => s.send('bob', 'too early'), ratchetError('NO_SENDING_CHAIN'));
  });

  test('out of order and skipped messages are decrypted once each', () => {
    const s = session();
    const m = ['a', 'b', 'c', 'd'].map((x) => s.send('alice', x));
    assert.equal(s.receive('bob', m[2] as Sent), 'c');
    assert.equal(s.receive('bob', m[0] as Sent), 'a');
    const r = s.send('bob', 'reply');
    assert.equal(s.receive('alice', r), 'reply');
    const n = s.send('alice', 'after the turn');
    assert.equal(s.receive('bob', n), 'after the turn');
    // Messages of the previous chain still open with their skipped keys.
    assert.equal(s.receive('bob', m[3] as Sent), 'd');
    assert.equal(s.receive('bob', m[1] as Sent), 'b');
    assert.equal(s.state().bob.skipped.length, 0);
  });

  test('a replayed message is refused (its key is gone)', () => {
    const s = session();
    const m = s.send('alice', 'once');
    assert.equal(s.receive('bob', m), 'once');
    assert.throws(() => s.receive('bob', m), ratchetError('OLD_MESSAGE'));
  });

  test('more than MAX_SKIP missing messages are refused without touching the state', () => {
    const s = session();
    s.receive('bob', s.send('alice', 'start'));
    const before = serializeRatchet(s.state().bob);
    const forged: Sent = { ...s.send('alice', 'x'), header: { ...s.send('alice', 'y').header, n: MAX_SKIP + 5 } };
    assert.throws(() => s.receive('bob', forged), ratchetError('TOO_MANY_SKIPPED'));
    assert.equal(serializeRatchet(s.state().bob), before);
  });

  test('tampering with the ciphertext or the header fails the tag and changes nothing', () => {
    const s = session();
    s.receive('bob', s.send('alice', 'warm up'));
    const m = s.send('alice', 'secret');
    const before = serializeRatchet(s.state().bob);
    const flipped = Uint8Array.from(m.ciphertext);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    assert.throws(() => s.receive('bob', { ...m, ciphertext: flipped }), ratchetError('BAD_TAG'));
    assert.throws(
      () => s.receive('bob', { ...m, header: { ...m.header, pn: m.header.pn + 1 } }),
      ratchetError('BAD_TAG'),
    );
    assert.equal(serializeRatchet(s.state().bob), before);
    assert.equal(s.receive('bob', m), 'secret');
  });

  test('garbage headers and ciphertexts give typed errors only', () => {
    const s = session();
    s.receive('bob', s.send('alice', 'warm up'));
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 40 }),
        fc.integer({ min: -2, max: 3000 }),
        fc.integer({ min: -2, max: 3000 }),
        fc.uint8Array({ maxLength: 200 }),
        (key, n, pn, ciphertext) => {
          try {
            s.receive('bob', { header: { key, n, pn }, ciphertext });
            assert.fail('garbage decrypted');
          } catch (error) {
            assert.ok(error instanceof RatchetError, String(error));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a session survives serialisation at any point', () => {
    const s = session();
    const m1 = s.send('alice', 'one');
    const m2 = s.send('alice', 'two');
    s.receive('bob', m2);
    const bob = deserializeRatchet(serializeRatchet(s.state().bob));
    assert.equal(read(ratchetDecrypt(bob, m1.header, m1.ciphertext).plaintext), 'one');
  });
});

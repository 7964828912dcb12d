import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keccak256 } from '../../../main/crypto/hash.ts';
import { compress, publicKey, randomPrivateKey, recover } from '../../../main/crypto/secp256k1.ts';
import { type BundleContent, signBundle, verifyBundle } from '../../../main/encryption/bundle.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

function content(identity: Uint8Array, timestamp = 1_700_000_000_000_000_000n): BundleContent {
  return {
    identity: publicKey(identity, true),
    signedPreKeys: new Map([
      ['2', { signedPreKey: utf8('key'), version: 0, protocolVersion: 1 }],
      ['1', { signedPreKey: publicKey(randomPrivateKey(), true), version: 0, protocolVersion: 1 }],
    ]),
    timestamp,
  };
}

test('the signature covers installations in id order then the timestamp, as status-go TestSignBundle builds it', () => {
  const identity = randomPrivateKey();
  const bundle = signBundle(content(identity), identity);
  // Independent construction, the way the upstream test writes it out.
  const material = Buffer.concat([
    utf8('1'),
    bundle.signedPreKeys.get('1')?.signedPreKey ?? new Uint8Array(),
    utf8('0'),
    utf8('2'),
    utf8('key'),
    utf8('0'),
    utf8('1700000000000000000'),
  ]);
  assert.deepEqual(compress(recover(keccak256(material), bundle.signature)), publicKey(identity, true));
  assert.equal(verifyBundle(bundle), true);
});

test('a zero timestamp is left out of the material', () => {
  const identity = randomPrivateKey();
  const bundle = signBundle(content(identity, 0n), identity);
  const material = Buffer.concat([
    utf8('1'),
    bundle.signedPreKeys.get('1')?.signedPreKey ?? new Uint8Array(),
    utf8('0'),
    utf8('2'),
    utf8('key'),
    utf8('0'),
  ]);
  assert.deepEqual(compress(recover(keccak256(material), bundle.signature)), publicKey(identity, true));
});

test('forged or altered bundles do not verify', () => {
  const identity = randomPrivateKey();
  const bundle = signBundle(content(identity), identity);
  assert.equal(verifyBundle({ ...bundle, timestamp: bundle.timestamp + 1n }), false);
  assert.equal(verifyBundle({ ...bundle, identity: publicKey(randomPrivateKey(), true) }), false);
  const swapped = new Map(bundle.signedPreKeys);
  swapped.set('3', { signedPreKey: publicKey(randomPrivateKey(), true), version: 0, protocolVersion: 1 });
  assert.equal(verifyBundle({ ...bundle, signedPreKeys: swapped }), false);
  assert.equal(verifyBundle({ ...bundle, signature: new Uint8Array(65) }), false);
  assert.equal(verifyBundle({ ...bundle, signature: new Uint8Array(3) }), false);
});

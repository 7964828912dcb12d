import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  aesCtr,
  aesGcmOpen,
  aesGcmSeal,
  constantTimeEqual,
  hmacSha256,
  randomBytes,
} from '../../../main/crypto/symmetric.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

describe('symmetric primitives', () => {
  // NIST SP 800-38A F.5.1 (CTR-AES128.Encrypt), first block.
  it('AES-128-CTR matches SP 800-38A F.5.1', () => {
    const out = aesCtr(
      bytes('2b7e151628aed2a6abf7158809cf4f3c'),
      bytes('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff'),
      bytes('6bc1bee22e409f96e93d7e117393172a'),
    );
    assert.equal(hex(out), '874d6191b620e3261bef6864990db6ce');
  });

  it('AES-CTR carries the counter across all 128 bits, as Go does', () => {
    // With an IV of all ones the second block's counter wraps to zero; encrypting zeros exposes the keystream.
    const key = new Uint8Array(16).fill(7);
    const wrapped = aesCtr(key, new Uint8Array(16).fill(0xff), new Uint8Array(32));
    const fromZero = aesCtr(key, new Uint8Array(16), new Uint8Array(16));
    assert.deepEqual(wrapped.subarray(16), fromZero);
  });

  // RFC 4231 test case 2.
  it('HMAC-SHA256 matches RFC 4231 test case 2', () => {
    const mac = hmacSha256(new TextEncoder().encode('Jefe'), new TextEncoder().encode('what do ya want for nothing?'));
    assert.equal(hex(mac), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 14 (256-bit zero key, zero IV, one zero block).
  it('AES-256-GCM matches the GCM spec test case 14, output ciphertext ‖ tag', () => {
    const sealed = aesGcmSeal(new Uint8Array(32), new Uint8Array(12), new Uint8Array(16));
    assert.equal(hex(sealed), 'cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919');
    assert.deepEqual(aesGcmOpen(new Uint8Array(32), new Uint8Array(12), sealed), new Uint8Array(16));
  });

  it('AES-GCM opens what it sealed and returns undefined for any tampering', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(),
        (key, nonce, plaintext, position) => {
          const sealed = aesGcmSeal(key, nonce, plaintext);
          assert.deepEqual(aesGcmOpen(key, nonce, sealed), plaintext);
          const tampered = sealed.slice();
          const index = position % tampered.length;
          tampered[index] = (tampered[index] ?? 0) ^ 0x01;
          assert.equal(aesGcmOpen(key, nonce, tampered), undefined);
          assert.equal(aesGcmOpen(key, nonce, sealed.subarray(0, 15)), undefined);
        },
      ),
    );
  });

  it('compares in constant time and handles different lengths', () => {
    assert.equal(constantTimeEqual(bytes('0102'), bytes('0102')), true);
    assert.equal(constantTimeEqual(bytes('0102'), bytes('0103')), false);
    assert.equal(constantTimeEqual(bytes('0102'), bytes('010203')), false);
  });

  it('draws random bytes as a plain Uint8Array', () => {
    const random = randomBytes(32);
    assert.equal(random.length, 32);
    assert.equal(Object.getPrototypeOf(random), Uint8Array.prototype);
  });
});

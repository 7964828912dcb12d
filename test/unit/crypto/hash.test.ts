import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keccak256, sha256 } from '../../../main/crypto/hash.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('hash', () => {
  // The standard Keccak-256 digests (the Ethereum variant; NIST SHA3-256 of "" is a7ffc6f8…).
  it('keccak256 matches the well-known digests of "" and "abc"', () => {
    assert.equal(hex(keccak256(utf8(''))), 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    assert.equal(hex(keccak256(utf8('abc'))), '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
  });

  // FIPS 180-2 appendix B.1.
  it('sha256 matches FIPS 180-2 for "abc" and returns a plain Uint8Array', () => {
    const digest = sha256(utf8('abc'));
    assert.equal(hex(digest), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(Object.getPrototypeOf(digest), Uint8Array.prototype);
  });

  it('hashes several parts as their concatenation', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }), (parts) => {
        const joined = new Uint8Array(Buffer.concat(parts));
        assert.deepEqual(keccak256(...parts), keccak256(joined));
        assert.deepEqual(sha256(...parts), sha256(joined));
      }),
    );
  });
});

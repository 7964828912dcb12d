import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import fc from 'fast-check';
import { aliasFromSeed, generateAlias } from '../../../main/identity/alias.ts';
import { IdentityError } from '../../../main/identity/errors.ts';
import { compressPublicKey, parsePublicKey } from '../../../main/identity/keys.ts';

function lines(fileName: string): string[] {
  return readFileSync(new URL(`../../../main/identity/data/${fileName}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

describe('alias word lists', () => {
  it('have the sizes and ends of status-go protocol/identity/alias/data.go', () => {
    const adjectives = lines('alias-adjectives.txt');
    const animals = lines('alias-animals.txt');
    assert.equal(adjectives.length, 1389);
    assert.equal(animals.length, 1704);
    assert.equal(adjectives[0], 'Able');
    assert.equal(adjectives.at(-1), 'Yellowgreen');
    assert.equal(animals[0], 'Aardvark');
    assert.equal(animals.at(-1), 'Zorilla');
  });
});

describe('aliasFromSeed', () => {
  it('gives status-go TestGenerate: seed 42 → "Hard Tame Brownbutterfly"', () => {
    assert.equal(aliasFromSeed(42n), 'Hard Tame Brownbutterfly');
  });

  it('treats the seed as an unsigned 64-bit value, like Go uint64(X.Int64())', () => {
    assert.equal(aliasFromSeed(42n + (1n << 64n)), aliasFromSeed(42n));
    assert.equal(aliasFromSeed(-1n), aliasFromSeed((1n << 64n) - 1n));
  });

  it('always gives three capitalised words', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (seed) => {
        assert.match(aliasFromSeed(seed), /^[A-Z][a-z]+ [A-Z][a-z]+ [A-Z][a-z]+$/u);
      }),
    );
  });
});

describe('generateAlias', () => {
  it('gives status-go TestGenerateFromPublicKeyString (older revision): "Darkorange Blue Bubblefish"', () => {
    const key = parsePublicKey(
      '04eedbaafd6adf4a9233a13e7b1c3c14461fffeba2e9054b8d456ce5f6ebeafadcbf3dce3716253fbc391277fa5a086b60b283daf61fb5b1f26895f456c2f31ae3',
    );
    assert.equal(generateAlias(key), 'Darkorange Blue Bubblefish');
  });

  it('gives the name status-go api/backend_test.go stores for its test public key', () => {
    const key = parsePublicKey(
      '0x04211fe0f69772ecf7eb0b5bfc7678672508a9fb01f2d699096f0d59ef7fe1a0cb1e648a80190db1c0f5f088872444d846f2956d0bd84069f3f9f69335af852ac0',
    );
    assert.equal(generateAlias(key), 'Jittery Cornflowerblue Kingbird');
  });

  it('depends on the low 64 bits of X only, and accepts the compressed form', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => secp256k1.utils.isValidSecretKey(k)),
        (secret) => {
          const key = secp256k1.getPublicKey(secret, false);
          const lowX = key.subarray(25, 33).reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
          assert.equal(generateAlias(key), aliasFromSeed(lowX));
          assert.equal(generateAlias(compressPublicKey(key)), generateAlias(key));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses an invalid key', () => {
    assert.throws(
      () => generateAlias(new Uint8Array(65)),
      (error: unknown) => error instanceof IdentityError && error.code === 'INVALID_KEY',
    );
  });
});

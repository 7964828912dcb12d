import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import fc from 'fast-check';
import { colorHash, colorHashFromValue, colorId } from '../../../main/identity/color-hash.ts';
import { IdentityError } from '../../../main/identity/errors.ts';
import { parsePublicKey } from '../../../main/identity/keys.ts';

const STATUS_GO_KEY =
  '0x04e25da6994ea2dc4ac70727e07eca153ae92bf7609db7befb7ebdceaad348f4fc55bbe90abf9501176301db5aa103fc0eb3bc3750272a26c424a10887db2a7ea8';

const validPublicKey = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((k) => secp256k1.utils.isValidSecretKey(k))
  .map((secret) => secp256k1.getPublicKey(secret, false));

describe('colorHash: status-go colorhash_test.go', () => {
  it('TestGenerateFor', () => {
    assert.deepEqual(colorHash(parsePublicKey(STATUS_GO_KEY)), [
      [3, 30],
      [2, 10],
      [5, 5],
      [3, 14],
      [5, 4],
      [4, 19],
      [3, 16],
      [4, 0],
      [5, 28],
      [4, 13],
      [4, 15],
    ]);
  });

  it('TestColorHash with the 4-units × 4-colours alphabet, including the collision rule', () => {
    assert.deepEqual(colorHashFromValue(0x0n, 4, 4), [[1, 0]]);
    assert.deepEqual(colorHashFromValue(0x1n, 4, 4), [[1, 1]]);
    assert.deepEqual(colorHashFromValue(0x4n, 4, 4), [[2, 0]]);
    assert.deepEqual(colorHashFromValue(0xfn, 4, 4), [[4, 3]]);
    assert.deepEqual(colorHashFromValue(0xffn, 4, 4), [
      [4, 3],
      [4, 0],
    ]);
    assert.deepEqual(colorHashFromValue(0xfcn, 4, 4), [
      [4, 3],
      [4, 0],
    ]);
    assert.deepEqual(colorHashFromValue(0xffffn, 4, 4), [
      [4, 3],
      [4, 0],
      [4, 3],
      [4, 0],
    ]);
  });

  it('uses the 80-bit slice of status-go TestSlices', () => {
    const key = parsePublicKey('0x03086138b210f21d41c757ae8a5d2a4cb29c1350f7389517608378ebd9efcf4a55');
    assert.deepEqual(colorHash(key), colorHashFromValue(0x89517608378ebd9efcf4n));
  });

  it('TestColorHashOfInvalidKey', () => {
    for (const text of ['abc', '0x01', `0x01${STATUS_GO_KEY.slice(4)}`, `0x0442${STATUS_GO_KEY.slice(6)}`]) {
      assert.throws(
        () => colorHash(parsePublicKey(text)),
        (error: unknown) => error instanceof IdentityError && error.code === 'INVALID_KEY',
      );
    }
  });
});

describe('colorHash: properties', () => {
  it('has 1..11 segments of 1..5 units and 32 colours, never two neighbours of one colour', () => {
    fc.assert(
      fc.property(validPublicKey, (key) => {
        const hash = colorHash(key);
        assert.ok(hash.length >= 1 && hash.length <= 11);
        hash.forEach(([units, color], i) => {
          assert.ok(Number.isInteger(units) && units >= 1 && units <= 5);
          assert.ok(Number.isInteger(color) && color >= 0 && color < 32);
          if (i > 0) assert.notEqual(color, hash[i - 1]?.[1]);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('colorId', () => {
  it('is the uncompressed key as an integer mod 11, as status-go ToColorID("0x04…")', () => {
    assert.equal(colorId(parsePublicKey(STATUS_GO_KEY)), Number(BigInt(STATUS_GO_KEY) % 11n));
    assert.equal(colorId(parsePublicKey(STATUS_GO_KEY)), 2);
  });

  it('lies in 0..10 and does not depend on the input form', () => {
    fc.assert(
      fc.property(validPublicKey, (key) => {
        const id = colorId(key);
        assert.ok(Number.isInteger(id) && id >= 0 && id <= 10);
        assert.equal(id, Number(bytesToNumberBE(key) % 11n));
        assert.equal(colorId(secp256k1.Point.fromBytes(key).toBytes(true)), id);
      }),
    );
  });
});

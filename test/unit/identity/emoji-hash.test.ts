import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import fc from 'fast-check';
import { EMOJI_HASH_LENGTH, emojiHash, emojiHashFromValue, toBaseDigits } from '../../../main/identity/emoji-hash.ts';
import { IdentityError } from '../../../main/identity/errors.ts';
import { parsePublicKey } from '../../../main/identity/keys.ts';

const emojiLines = readFileSync(new URL('../../../shared/data/emojis.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '');

function emojiAt(index: number): string {
  const emoji = emojiLines[index];
  assert.ok(emoji !== undefined);
  return emoji;
}

describe('emoji list', () => {
  it('is status-go static/emojis.txt: 2800 lines, starting 😀', () => {
    assert.equal(emojiLines.length, 2800);
    assert.equal(emojiAt(0), '\u{1f600}');
  });
});

// status-go protocol/identity/utils_test.go TestToBigBase
describe('toBaseDigits', () => {
  it('reproduces status-go TestToBigBase', () => {
    assert.deepEqual(toBaseDigits(15n, 16), [15]);
    assert.deepEqual(toBaseDigits(495n, 16), [1, 14, 15]);
    assert.deepEqual(toBaseDigits(495n, 30), [16, 15]);
    assert.deepEqual(toBaseDigits(495n, 1024), [495]);
    assert.deepEqual(toBaseDigits(2048n, 1024), [2, 0]);
    const base = 2 ** 28;
    assert.deepEqual(toBaseDigits(0xffffffffffffffn, base), [base - 1, base - 1]);
    const max160 = (1n << 160n) - 1n;
    assert.equal(toBaseDigits(max160, 2757).length, 14);
    assert.equal(toBaseDigits(max160, 2756).length, 15);
  });

  it('pads on the left like status-go TestToEmojiHash', () => {
    assert.deepEqual(toBaseDigits(777n, 5, 5), [1, 1, 1, 0, 2]);
    assert.deepEqual(toBaseDigits(777n, 5), [1, 1, 1, 0, 2]);
    assert.deepEqual(toBaseDigits(777n, 5, 10), [0, 0, 0, 0, 0, 1, 1, 1, 0, 2]);
    assert.deepEqual(toBaseDigits(0n, 7), [0]);
  });
});

describe('emojiHash: status-go emojihash_test.go TestGenerateFor', () => {
  it('gives the 14 emojis of 0x04e25da6…', () => {
    const key = parsePublicKey(
      '0x04e25da6994ea2dc4ac70727e07eca153ae92bf7609db7befb7ebdceaad348f4fc55bbe90abf9501176301db5aa103fc0eb3bc3750272a26c424a10887db2a7ea8',
    );
    // Escaped so zero-width joiners and variation selectors survive editors.
    assert.deepEqual(emojiHash(key), [
      '\u{1f466}\u{1f3fd}',
      '\u{1f9b9}\u{1f3fb}',
      '\u{1f476}\u{1f3ff}',
      '\u{1f6c1}',
      '\u{1f301}',
      '\u{1f64c}\u{1f3fb}',
      '\u{1f647}\u{1f3fd}\u{200d}\u{2642}\u{fe0f}',
      '\u{1f64c}\u{1f3fe}',
      '\u{1f925}',
      '\u{1f41b}',
      '\u{1f469}\u{1f3fd}\u{200d}\u{1f527}',
      '\u{1f527}',
      '\u{2699}\u{fe0f}',
      '\u{1f9d2}\u{1f3fd}',
    ]);
  });

  it('gives all-first-emoji, then index 1 and 2 in the last place, for the crafted keys', () => {
    const first = emojiAt(0);
    const cases: Array<[string, string]> = [
      [
        '0x0400000000000000000000000000000000000000000000000000000000000000014218F20AE6C646B363DB68605822FB14264CA8D2587FDD6FBC750D587E76A7EE',
        first,
      ],
      [
        '0x04000000000000000000000000000000000000000010000000000000000000000033600332D373318ECC2F212A30A5750D2EAC827B6A32B33D326CCF369B12B1BE',
        emojiAt(1),
      ],
      [
        '0x040000000000000000000000000000000000000000200000000000000000000000353050BFE33B724E60A0C600FBA565A9B62217B1BD35BF9848F2AB847C598B30',
        emojiAt(2),
      ],
    ];
    for (const [text, last] of cases) {
      assert.deepEqual(emojiHash(parsePublicKey(text)), [...Array<string>(13).fill(first), last]);
    }
  });

  it('refuses the invalid keys of TestEmojiHashOfInvalidKey', () => {
    for (const text of [
      'abc',
      '0x01',
      '0x01e25da6994ea2dc4ac70727e07eca153ae92bf7609db7befb7ebdceaad348f4fc55bbe90abf9501176301db5aa103fc0eb3bc3750272a26c424a10887db2a7ea8',
      '0x04425da6994ea2dc4ac70727e07eca153ae92bf7609db7befb7ebdceaad348f4fc55bbe90abf9501176301db5aa103fc0eb3bc3750272a26c424a10887db2a7ea8',
    ]) {
      assert.throws(
        () => emojiHash(parsePublicKey(text)),
        (error: unknown) => error instanceof IdentityError && error.code === 'INVALID_KEY',
      );
    }
  });
});

describe('emojiHash: slicing', () => {
  it('uses the 160-bit slice of status-go TestSlices', () => {
    const key = parsePublicKey('0x03086138b210f21d41c757ae8a5d2a4cb29c1350f7389517608378ebd9efcf4a55');
    assert.deepEqual(emojiHash(key), emojiHashFromValue(0x86138b210f21d41c757ae8a5d2a4cb29c1350f73n));
  });

  it('the second TestSlices key has emoji slice 1', () => {
    const key = parsePublicKey('0x020000000000000000000000000000000000000000100000000000000000000000');
    assert.deepEqual(emojiHash(key), [...Array<string>(13).fill(emojiAt(0)), emojiAt(1)]);
  });

  it('fits any 160-bit value in 14 emojis from the first 2757 lines, and refuses wider values', () => {
    const allowed = new Set(emojiLines.slice(0, 2757));
    assert.deepEqual(emojiHashFromValue((1n << 160n) - 1n).length, EMOJI_HASH_LENGTH);
    assert.throws(() => emojiHashFromValue(1n << 160n), IdentityError);
    assert.throws(() => emojiHashFromValue(-1n), IdentityError);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => secp256k1.utils.isValidSecretKey(k)),
        (secret) => {
          const hash = emojiHash(secp256k1.getPublicKey(secret, false));
          assert.equal(hash.length, EMOJI_HASH_LENGTH);
          for (const emoji of hash) assert.ok(allowed.has(emoji));
          assert.deepEqual(emojiHash(secp256k1.getPublicKey(secret, true)), hash);
        },
      ),
      { numRuns: 100 },
    );
  });
});

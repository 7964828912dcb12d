import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { base58 } from '@scure/base';
import fc from 'fast-check';
import { IdentityError } from '../../../main/identity/errors.ts';
import {
  compressPublicKey,
  isPublicKeyText,
  parsePublicKey,
  publicKeyFromBytes,
  shortenChatKey,
  toChatKey,
  toCompressedHex,
  toUncompressedHex,
} from '../../../main/identity/keys.ts';

// status-go api/multiformat/utils_test.go and the deprecated account spec.
const VECTOR_UNCOMPRESSED =
  '0x04261c55675e55ff25edb50b345cfb3a3f35f60712d251cbaaab97bd50054c6ebc3cd4e22200c68daf7493e1f8da6a190a68a671e2d3977809612424c7c3888bc6';
const VECTOR_COMPRESSED = '0x02261c55675e55ff25edb50b345cfb3a3f35f60712d251cbaaab97bd50054c6ebc';
const VECTOR_CHAT_KEY = 'zQ3shPyZJnxZK4Bwyx9QsaksNKDYTPmpwPvGSjMYVHoXHeEgB';

// status-go protocol/identity/alias/generate_test.go (newer revision: shortened chat key).
const ALIAS_TEST_KEY =
  '0x04eedbaafd6adf4a9233a13e7b1c3c14461fffeba2e9054b8d456ce5f6ebeafadcbf3dce3716253fbc391277fa5a086b60b283daf61fb5b1f26895f456c2f31ae3';

function assertInvalidKey(text: string, message?: RegExp): void {
  assert.throws(
    () => parsePublicKey(text),
    (error: unknown) => {
      assert.ok(error instanceof IdentityError, `expected IdentityError for ${JSON.stringify(text)}`);
      assert.equal(error.code, 'INVALID_KEY');
      if (message !== undefined) assert.match(error.message, message);
      return true;
    },
  );
}

const validPrivateKey = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((bytes) => secp256k1.utils.isValidSecretKey(bytes));
const validPublicKey = validPrivateKey.map((secret) => secp256k1.getPublicKey(secret, false));

describe('public key formats: upstream vector', () => {
  it('prints the three formats of the status-go zQ3 vector', () => {
    const key = parsePublicKey(VECTOR_UNCOMPRESSED);
    assert.equal(key.length, 65);
    assert.equal(toUncompressedHex(key), VECTOR_UNCOMPRESSED);
    assert.equal(toCompressedHex(key), VECTOR_COMPRESSED);
    assert.equal(toChatKey(key), VECTOR_CHAT_KEY);
  });

  it('parses the chat key and the compressed key back to the same key', () => {
    assert.equal(toUncompressedHex(parsePublicKey(VECTOR_CHAT_KEY)), VECTOR_UNCOMPRESSED);
    assert.equal(toUncompressedHex(parsePublicKey(VECTOR_COMPRESSED)), VECTOR_UNCOMPRESSED);
  });

  it('shortens a chat key the way newer status-go does', () => {
    assert.equal(shortenChatKey(parsePublicKey(ALIAS_TEST_KEY)), 'zQ3shviW…k2bWB');
  });
});

describe('parsePublicKey accepts', () => {
  it('hex without 0x, with 0X, in upper case, with surrounding whitespace', () => {
    for (const text of [
      VECTOR_UNCOMPRESSED.slice(2),
      `0X${VECTOR_UNCOMPRESSED.slice(2)}`,
      VECTOR_UNCOMPRESSED.toUpperCase().replace('0X', '0x'),
      `  ${VECTOR_UNCOMPRESSED}\n`,
      VECTOR_COMPRESSED.slice(2),
      ` ${VECTOR_CHAT_KEY} `,
    ]) {
      assert.equal(toUncompressedHex(parsePublicKey(text)), VECTOR_UNCOMPRESSED, text);
    }
  });

  it('status-go emoji-hash vectors written in upper-case hex', () => {
    const key = parsePublicKey(
      '0x0400000000000000000000000000000000000000000000000000000000000000014218F20AE6C646B363DB68605822FB14264CA8D2587FDD6FBC750D587E76A7EE',
    );
    assert.equal(toCompressedHex(key), `0x02${'00'.repeat(31)}01`);
  });
});

describe('parsePublicKey refuses', () => {
  it('empty and whitespace-only text', () => {
    assertInvalidKey('', /empty/u);
    assertInvalidKey('  \n', /empty/u);
  });

  it('the invalid inputs of status-go tests', () => {
    assertInvalidKey('abc');
    assertInvalidKey('0x');
    assertInvalidKey('0X');
    assertInvalidKey('0x01');
    assertInvalidKey(ALIAS_TEST_KEY.slice(0, -32), /130 or 66 hex digits/u);
    assertInvalidKey(ALIAS_TEST_KEY.slice(0, -1), /130 or 66 hex digits/u);
    assertInvalidKey(ALIAS_TEST_KEY + ALIAS_TEST_KEY.slice(2));
    // wrong prefix byte; X/Y of a valid key
    assertInvalidKey(`0x01${ALIAS_TEST_KEY.slice(4)}`, /starting with 01/u);
    // emojihash_test.go: a key that is not on the curve
    assertInvalidKey(
      '0x04425da6994ea2dc4ac70727e07eca153ae92bf7609db7befb7ebdceaad348f4fc55bbe90abf9501176301db5aa103fc0eb3bc3750272a26c424a10887db2a7ea8',
      /not a point on the secp256k1 curve/u,
    );
  });

  it('compressed keys whose X has no point', () => {
    assertInvalidKey(`0x02${'00'.repeat(32)}`, /not a point/u);
    assertInvalidKey(`0x03${'00'.repeat(31)}05`, /not a point/u);
  });

  it('X beyond the field prime, hybrid 06/07 prefixes and non-hex digits', () => {
    assertInvalidKey(`0x02${'ff'.repeat(32)}`, /not a point/u);
    assertInvalidKey(`0x06${VECTOR_UNCOMPRESSED.slice(4)}`, /starting with 06/u);
    assertInvalidKey(`0x04${VECTOR_UNCOMPRESSED.slice(4, -1)}g`);
    assertInvalidKey(`0x 04${VECTOR_UNCOMPRESSED.slice(4)}`);
  });

  it('chat keys with bad base58, a wrong multicodec or a wrong length', () => {
    assertInvalidKey(`${VECTOR_CHAT_KEY.slice(0, 10)}0${VECTOR_CHAT_KEY.slice(11)}`, /not valid base58/u);
    assertInvalidKey(`${VECTOR_CHAT_KEY.slice(0, 10)}l${VECTOR_CHAT_KEY.slice(11)}`, /not valid base58/u);
    assertInvalidKey('z', /multicodec/u);
    const compressed = hexToBytes(VECTOR_COMPRESSED.slice(2));
    // 0xea 0x01 is bls12-381 G1, the erratum in the old spec
    assertInvalidKey(`z${base58.encode(Uint8Array.of(0xea, 0x01, ...compressed))}`, /multicodec \(0xe7\)/u);
    assertInvalidKey(`z${base58.encode(Uint8Array.of(0xe7, 0x01, ...compressed.subarray(0, 32)))}`, /holds 32 bytes/u);
    assertInvalidKey(
      `z${base58.encode(Uint8Array.of(0xe7, 0x01, ...hexToBytes(VECTOR_UNCOMPRESSED.slice(2))))}`,
      /holds 65 bytes/u,
    );
    assertInvalidKey(`z${base58.encode(Uint8Array.of(0xe7, 0x01, 0x02, ...new Uint8Array(32)))}`, /not a point/u);
  });

  it('over-long text quickly', () => {
    const started = performance.now();
    assertInvalidKey(`z${'Q'.repeat(100_000)}`, /49 characters/u);
    assertInvalidKey('0'.repeat(100_000));
    // base58 decoding is quadratic: 100k characters would take far longer than this.
    assert.ok(performance.now() - started < 1000);
  });

  it('non-string input with INVALID_KEY rather than a TypeError', () => {
    assertInvalidKey(undefined as unknown as string);
    assertInvalidKey(42 as unknown as string);
  });
});

describe('publicKeyFromBytes and formatters', () => {
  it('take 33 or 65 bytes and refuse anything else', () => {
    const uncompressed = hexToBytes(VECTOR_UNCOMPRESSED.slice(2));
    const compressed = hexToBytes(VECTOR_COMPRESSED.slice(2));
    assert.deepEqual(publicKeyFromBytes(compressed), uncompressed);
    assert.deepEqual(compressPublicKey(uncompressed), compressed);
    assert.equal(toChatKey(compressed), VECTOR_CHAT_KEY);
    for (const bad of [
      new Uint8Array(0),
      new Uint8Array(64),
      uncompressed.subarray(1),
      Uint8Array.of(0x04, ...compressed.subarray(1)),
    ]) {
      assert.throws(
        () => toUncompressedHex(bad),
        (error: unknown) => error instanceof IdentityError && error.code === 'INVALID_KEY',
      );
    }
  });

  it('returns a copy, not the caller buffer', () => {
    const input = hexToBytes(VECTOR_UNCOMPRESSED.slice(2));
    const output = publicKeyFromBytes(input);
    output.fill(0);
    assert.equal(bytesToHex(input), VECTOR_UNCOMPRESSED.slice(2));
  });
});

describe('properties', () => {
  it('every valid key survives every format round trip', () => {
    fc.assert(
      fc.property(validPublicKey, (key) => {
        const uncompressedHex = toUncompressedHex(key);
        const compressedHex = toCompressedHex(key);
        const chatKey = toChatKey(key);
        assert.match(uncompressedHex, /^0x04[0-9a-f]{128}$/u);
        assert.match(compressedHex, /^0x0[23][0-9a-f]{64}$/u);
        assert.match(chatKey, /^zQ3sh[1-9A-HJ-NP-Za-km-z]{44}$/u);
        for (const text of [
          uncompressedHex,
          compressedHex,
          chatKey,
          uncompressedHex.slice(2).toUpperCase(),
          compressedHex.slice(2),
        ]) {
          assert.deepEqual(parsePublicKey(text), key);
        }
        assert.deepEqual(publicKeyFromBytes(compressPublicKey(key)), key);
      }),
      { numRuns: 200 },
    );
  });

  it('any string either parses to 65 bytes or throws IdentityError INVALID_KEY', () => {
    const mutatedKeyText = fc
      .tuple(
        validPublicKey,
        fc.nat(),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
        fc.constantFrom(0, 1, 2),
      )
      .map(([key, at, insert, format]) => {
        const text = [toUncompressedHex(key), toCompressedHex(key), toChatKey(key)][format] ?? '';
        const index = at % (text.length + 1);
        return text.slice(0, index) + insert + text.slice(index + 1);
      });
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme' }), mutatedKeyText),
        (text) => {
          try {
            const key = parsePublicKey(text);
            assert.equal(key.length, 65);
            assert.equal(key[0], 0x04);
            assert.ok(isPublicKeyText(text));
          } catch (error) {
            assert.ok(
              error instanceof IdentityError,
              `not an IdentityError for ${JSON.stringify(text)}: ${String(error)}`,
            );
            assert.equal(error.code, 'INVALID_KEY');
            assert.ok(!isPublicKeyText(text));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

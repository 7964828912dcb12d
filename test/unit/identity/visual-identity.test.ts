import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import fc from 'fast-check';
import { IdentityError } from '../../../main/identity/errors.ts';
import { parsePublicKey } from '../../../main/identity/keys.ts';
import { describePublicKey } from '../../../main/identity/visual-identity.ts';

describe('describePublicKey', () => {
  it('combines every upstream vector for the status-go emoji/colour-hash key', () => {
    const description = describePublicKey(
      parsePublicKey(
        '0x04e25da6994ea2dc4ac70727e07eca153ae92bf7609db7befb7ebdceaad348f4fc55bbe90abf9501176301db5aa103fc0eb3bc3750272a26c424a10887db2a7ea8',
      ),
    );
    assert.deepEqual(Object.keys(description), [
      'publicKey',
      'compressedKey',
      'chatKey',
      'alias',
      'emojiHash',
      'colorHash',
      'colorId',
    ]);
    assert.equal(
      description.publicKey,
      '0x04e25da6994ea2dc4ac70727e07eca153ae92bf7609db7befb7ebdceaad348f4fc55bbe90abf9501176301db5aa103fc0eb3bc3750272a26c424a10887db2a7ea8',
    );
    assert.equal(description.compressedKey, '0x02e25da6994ea2dc4ac70727e07eca153ae92bf7609db7befb7ebdceaad348f4fc');
    assert.match(description.chatKey, /^zQ3sh/u);
    assert.equal(description.emojiHash.length, 14);
    assert.equal(description.emojiHash[0], '\u{1f466}\u{1f3fd}');
    assert.deepEqual(description.colorHash[0], [3, 30]);
    assert.equal(description.colorId, 2);
  });

  it('describes the zQ3 vector key with its chat key', () => {
    const description = describePublicKey(parsePublicKey('zQ3shPyZJnxZK4Bwyx9QsaksNKDYTPmpwPvGSjMYVHoXHeEgB'));
    assert.equal(
      description.publicKey,
      '0x04261c55675e55ff25edb50b345cfb3a3f35f60712d251cbaaab97bd50054c6ebc3cd4e22200c68daf7493e1f8da6a190a68a671e2d3977809612424c7c3888bc6',
    );
    assert.equal(description.chatKey, 'zQ3shPyZJnxZK4Bwyx9QsaksNKDYTPmpwPvGSjMYVHoXHeEgB');
  });

  it('gives the same JSON-serialisable description for the compressed and uncompressed key', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => secp256k1.utils.isValidSecretKey(k)),
        (secret) => {
          const full = describePublicKey(secp256k1.getPublicKey(secret, false));
          const short = describePublicKey(secp256k1.getPublicKey(secret, true));
          assert.deepEqual(short, full);
          assert.deepEqual(JSON.parse(JSON.stringify(full)), full);
          assert.deepEqual(describePublicKey(parsePublicKey(full.chatKey)), full);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses an invalid key', () => {
    assert.throws(
      () => describePublicKey(new Uint8Array(33)),
      (error: unknown) => error instanceof IdentityError && error.code === 'INVALID_KEY',
    );
  });
});

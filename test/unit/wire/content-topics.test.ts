import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keccak256 } from '../../../main/crypto/hash.ts';
import { compress, decompress, ecdh, publicKey } from '../../../main/crypto/secp256k1.ts';
import {
  clearSymmetricKeyCache,
  communityChannelTopic,
  communityControlTopic,
  communityDescriptionTopic,
  communityId,
  communityMagnetlinksTopic,
  communityMemberUpdateTopic,
  communityPingTopic,
  communityShardInfoTopic,
  contactCodeTopic,
  contentTopic,
  DISCOVERY_TOPIC,
  negotiatedTopic,
  parseContentTopic,
  partitionedTopic,
  personalTopic,
  publicChatTopic,
  symmetricKey,
  symmetricKeyAsync,
  TopicError,
  topicBytes,
} from '../../../main/wire/content-topics.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/^0x/u, ''), 'hex'));

// status-reference.md §2.3 worked examples; the key is the upstream zQ3 test key.
const P =
  '0x04deaafa03e3a646e54a36ec3f6968c1d3686847d88420f00c0ab6ee517ee1893398fca28aacd2af74f2654738c21d10bad3d88dc64201ebe0de5cf1e313970d3d';
const P_HEX = P.slice(2);

function assertTopicError(run: () => unknown, code: TopicError['code']): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof TopicError, String(error));
    assert.equal(error.code, code);
    return true;
  });
}

describe('topic strings', () => {
  it('builds the 1:1 topics of a key exactly as status-go does', () => {
    assert.equal(contactCodeTopic(P), `${P}-contact-code`);
    assert.equal(partitionedTopic(P), 'contact-discovery-2123');
    assert.equal(personalTopic(P), `contact-discovery-${P_HEX}`);
  });

  it('accepts the key as 65 or 33 bytes or as hex in any case, with or without 0x', () => {
    const full = bytes(P);
    for (const key of [full, compress(full), P_HEX, P.toUpperCase().replace('0X', '0x'), `0x${hex(compress(full))}`]) {
      assert.equal(contactCodeTopic(key), `${P}-contact-code`);
      assert.equal(partitionedTopic(key), 'contact-discovery-2123');
    }
  });

  it('computes the partition as X mod 5000', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (seed) => {
        fc.pre(seed.some((b) => b !== 0));
        let key: Uint8Array;
        try {
          key = publicKey(seed);
        } catch {
          return; // seed ≥ n: astronomically rare
        }
        const x = BigInt(`0x${hex(key.subarray(1, 33))}`);
        assert.equal(partitionedTopic(key), `contact-discovery-${x % 5000n}`);
      }),
      { numRuns: 100 },
    );
  });

  it('uses the lowercase hex of the 32-byte shared secret as the negotiated topic', () => {
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    const secret = ecdh(a, publicKey(b));
    assert.equal(negotiatedTopic(secret), hex(secret));
    assert.equal(negotiatedTopic(secret), negotiatedTopic(ecdh(b, publicKey(a))));
    assertTopicError(() => negotiatedTopic(new Uint8Array(31)), 'INVALID_ARGUMENT');
  });

  it('builds every community topic from the community key', () => {
    const id = `0x${hex(compress(bytes(P)))}`;
    assert.equal(id, '0x03deaafa03e3a646e54a36ec3f6968c1d3686847d88420f00c0ab6ee517ee18933');
    for (const key of [P, bytes(P), compress(bytes(P)), id, id.toUpperCase().replace('0X', '0x')]) {
      assert.equal(communityId(key), id);
      assert.equal(communityDescriptionTopic(key), id);
      assert.equal(communityMemberUpdateTopic(key), `${id}-memberUpdate`);
      assert.equal(communityShardInfoTopic(key), `${id}-shard-info`);
      assert.equal(communityControlTopic(key), P_HEX);
      assert.equal(communityPingTopic(key), `${id}-ping`);
      assert.equal(communityMagnetlinksTopic(key), `${id}-magnetlinks`);
      assert.equal(
        communityChannelTopic(key, '1dc14fd8-9a8b-4df5-a358-2c3067be5439'),
        `${id}1dc14fd8-9a8b-4df5-a358-2c3067be5439`,
      );
    }
  });

  it('keeps public chat names as they are', () => {
    assert.equal(publicChatTopic('status'), 'status');
    assertTopicError(() => publicChatTopic(''), 'INVALID_ARGUMENT');
  });

  it('rejects keys that are not secp256k1 points', () => {
    const offCurve = `${P.slice(0, -1)}e`;
    for (const key of [offCurve, '0x1234', 'zQ3shPyZJnxZK4Bwyx9QsaksNKDYTPmpwPvGSjMYVHoXHeEgB', new Uint8Array(64)]) {
      assertTopicError(() => contactCodeTopic(key), 'INVALID_KEY');
      assertTopicError(() => communityId(key), 'INVALID_KEY');
    }
    assertTopicError(() => communityChannelTopic(P, ''), 'INVALID_ARGUMENT');
  });
});

describe('content topics', () => {
  it('reproduces the worked examples of status-reference.md §2.3', () => {
    assert.equal(contentTopic(contactCodeTopic(P)), '/waku/1/0x6c8c300c/rfc26');
    assert.equal(contentTopic(partitionedTopic(P)), '/waku/1/0xd8d4f12a/rfc26');
    assert.equal(contentTopic(personalTopic(P)), '/waku/1/0xb2621261/rfc26');
    assert.equal(contentTopic(DISCOVERY_TOPIC), '/waku/1/0xf8946aac/rfc26');
    assert.equal(contentTopic('status'), '/waku/1/0xcd423760/rfc26');
  });

  it('is "/waku/1/0x" + keccak256(utf8)[0:4] + "/rfc26", parsed back by parseContentTopic', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (topic) => {
        const expected = keccak256(new TextEncoder().encode(topic)).subarray(0, 4);
        assert.deepEqual(topicBytes(topic), expected);
        assert.equal(contentTopic(topic), `/waku/1/0x${hex(expected)}/rfc26`);
        assert.deepEqual(parseContentTopic(contentTopic(topic)), expected);
      }),
    );
    assert.equal(parseContentTopic('/waku/2/default-content/proto'), undefined);
    assert.equal(parseContentTopic('/waku/1/0x6c8c300/rfc26'), undefined);
  });
});

describe('symmetric topic keys', () => {
  it('derives PBKDF2-HMAC-SHA256(topic, "", 65356, 32): §2.3 and status-web vectors', () => {
    clearSymmetricKeyCache();
    assert.equal(hex(symmetricKey('status')), '36224048e42c49e5c59c57bba5024fbb8822d6b4ee6ac5fbefd8b77f5323ecc4');
    // status-web packages/status-js/src/utils/generate-key-from-password.test.ts
    assert.equal(
      hex(symmetricKey('arbitrary data here')),
      'c49ad65ebf2a7b7253bf400e3d27719362a91b2c9b9f54d50a69117021666c33',
    );
    assert.equal(
      hex(
        symmetricKey(
          '0x02dcec6041fb999d65f1d33363e08c93d3c1f6f0fbbb26add383e2cf46c2b921f41dc14fd8-9a8b-4df5-a358-2c3067be5439',
        ),
      ),
      '76ff5bf0a74a8e724367c7fc003f066d477641f468768a8da2817addf5c2ce76',
    );
  });

  it('returns the same key asynchronously, sharing concurrent derivations, and serves repeats from the cache', async () => {
    clearSymmetricKeyCache();
    const topic = communityMemberUpdateTopic(P);
    const [first, second] = await Promise.all([symmetricKeyAsync(topic), symmetricKeyAsync(topic)]);
    assert.deepEqual(first, second);
    assert.deepEqual(symmetricKey(topic), first);
    const t0 = performance.now();
    for (let i = 0; i < 100; i += 1) symmetricKey(topic);
    assert.ok(performance.now() - t0 < 300, 'cached lookups cost no PBKDF2 (100 derivations take ~1 s)');
    assert.equal(
      hex(await symmetricKeyAsync('status')),
      '36224048e42c49e5c59c57bba5024fbb8822d6b4ee6ac5fbefd8b77f5323ecc4',
    );
  });

  it('hands out copies, so a caller cannot corrupt the cache', () => {
    const key = symmetricKey('status');
    key.fill(0);
    assert.equal(hex(symmetricKey('status')), '36224048e42c49e5c59c57bba5024fbb8822d6b4ee6ac5fbefd8b77f5323ecc4');
  });

  it('rejects empty topics', async () => {
    assertTopicError(() => symmetricKey(''), 'INVALID_ARGUMENT');
    await assert.rejects(symmetricKeyAsync(''), TopicError);
    assertTopicError(() => contentTopic(''), 'INVALID_ARGUMENT');
  });

  it('derives keys for decompressed and compressed forms of the same key identically', () => {
    const full = bytes(P);
    assert.deepEqual(decompress(compress(full)), full);
    assert.equal(contactCodeTopic(compress(full)), contactCodeTopic(full));
  });
});

import assert from 'node:assert/strict';
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keccak256 } from '../../../main/crypto/hash.ts';
import { isNativeAvailable, type Secp256k1, secp256k1With } from '../../../main/crypto/secp256k1.ts';
import { aesGcmSeal } from '../../../main/crypto/symmetric.ts';
import { concatKdfSha256, eciesDecrypt, eciesEncrypt } from '../../../main/encryption/envelope/ecies.ts';
import { decodePlaintext, encodePlaintext, plaintextLength } from '../../../main/encryption/envelope/plaintext.ts';
import {
  DEFAULT_MAX_ENVELOPE_SIZE,
  decryptAsymmetric,
  decryptSymmetric,
  ECIES_OVERHEAD,
  EnvelopeError,
  type EnvelopeErrorCode,
  encryptAsymmetric,
  encryptSymmetric,
  requireSigner,
  SYMMETRIC_OVERHEAD,
} from '../../../main/encryption/envelope.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/gu, ''), 'hex'));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const backends: Secp256k1[] = isNativeAvailable()
  ? [secp256k1With('native'), secp256k1With('noble')]
  : [secp256k1With('noble')];
const native = backends[0] as Secp256k1;

/** Deterministic stand-in for randomBytes: 0, 1, 2, … 255, 0, 1, … across calls. */
function counterRandom(start = 0): (length: number) => Uint8Array {
  let next = start;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 1) {
      out[i] = next & 0xff;
      next += 1;
    }
    return out;
  };
}

function assertEnvelopeError(run: () => unknown, code: EnvelopeErrorCode): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof EnvelopeError, `expected EnvelopeError(${code}), got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  });
}

/** Runs `run` and checks that it either succeeds or throws an EnvelopeError, never anything else. */
function onlyEnvelopeErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof EnvelopeError, `raw exception escaped: ${String(error)}`);
  }
}

const SIGNER = new Uint8Array(32).fill(0x11);
const SIGNER_PUBLIC = bytes(
  '044f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa385b6b1b8ead809ca67454d9683fcf2ba03456d6fe2c4abe2b07f0fbdbb2f1c1',
);
const TOPIC_KEY = bytes('36224048e42c49e5c59c57bba5024fbb8822d6b4ee6ac5fbefd8b77f5323ecc4'); // PBKDF2("status")

const privateKeyArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((key) => secp256k1With('noble').isValidPrivateKey(key));
const symmetricKeyArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((key) => key.some((b) => b !== 0));

describe('v1 envelope plaintext layout', () => {
  it('lays out flags ‖ size ‖ data ‖ padding ‖ signature exactly (fixed signer, counter padding)', () => {
    const plaintext = encodePlaintext(utf8('hello'), SIGNER, native, counterRandom());
    // rawSize = 1 + 1 + 5 + 65 = 72 → 184 bytes of padding → 256 in total.
    assert.equal(plaintext.length, 256);
    assert.equal(plaintext[0], 0x05, 'size-field length 1 | signed flag 0x04');
    assert.equal(plaintext[1], 5, 'little-endian size');
    assert.equal(hex(plaintext.subarray(2, 7)), hex(utf8('hello')));
    assert.deepEqual(plaintext.subarray(7, 191), counterRandom()(184));
    const signature = plaintext.subarray(191);
    // RFC 6979 makes the signature a function of key and hash; native and noble produce these bytes.
    assert.equal(
      hex(signature),
      '3c1ff598c7eb52c1964b4ed75c786c6e7eb723c9f52658a27629953370c43dc4' +
        '0f5e46a07d98352a334b0656854aa62eb2c72462a6fdebc7dfdd0263babede6e01',
    );
    for (const curve of backends) {
      assert.deepEqual(curve.recover(keccak256(plaintext.subarray(0, 191)), signature), SIGNER_PUBLIC);
    }
  });

  it('uses a 2-byte little-endian size field from 256 bytes of data', () => {
    const plaintext = encodePlaintext(new Uint8Array(300).fill(0xaa), SIGNER, native, counterRandom());
    assert.equal(plaintext[0], 0x06);
    assert.equal(hex(plaintext.subarray(1, 3)), '2c01');
    // 1 + 2 + 300 + 65 = 368 → 144 bytes of padding → 512.
    assert.equal(plaintext.length, 512);
  });

  // go-waku waku_payload_crypto_test.go TestPaddingAppendedToSymMessagesWithSignature: 246 bytes of signed
  // data pad to the next 256 boundary, 512 − 65 bytes before the signature.
  it('pads 246 signed bytes to 512 like go-waku', () => {
    const plaintext = encodePlaintext(new Uint8Array(246), SIGNER, native, counterRandom());
    assert.equal(plaintext.length, 512);
    assert.equal(plaintextLength(246, true), 512);
  });

  it('always pads 1..256 bytes to a multiple of 256', () => {
    fc.assert(
      fc.property(fc.nat({ max: 70_000 }), fc.boolean(), (length, signed) => {
        const total = plaintextLength(length, signed);
        assert.equal(total % 256, 0);
        const sizeLength = length < 256 ? 1 : length < 65536 ? 2 : 3;
        const padding = total - (1 + sizeLength + length + (signed ? 65 : 0));
        assert.ok(padding >= 1 && padding <= 256, `padding ${padding}`);
      }),
    );
  });

  it('decodes what it encodes, signed or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (data, signed) => {
        const decoded = decodePlaintext(encodePlaintext(data, signed ? SIGNER : null, native, counterRandom()), native);
        assert.deepEqual(decoded.data, data);
        assert.deepEqual(decoded.signer, signed ? SIGNER_PUBLIC : undefined);
        assert.equal(decoded.signature?.length, signed ? 65 : undefined);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects a zero-length size field (BAD_FLAGS), an overlong size (BAD_SIZE) and a bad signature (BAD_SIGNATURE)', () => {
    const unsigned = encodePlaintext(utf8('hi'), null, native, counterRandom());
    const noSizeField = unsigned.slice();
    noSizeField[0] = 0x00;
    assertEnvelopeError(() => decodePlaintext(noSizeField, native), 'BAD_FLAGS');
    const overlong = unsigned.slice();
    overlong[1] = 0xff;
    overlong[0] = 0x03;
    overlong.set([0xff, 0xff, 0xff], 1);
    assertEnvelopeError(() => decodePlaintext(overlong, native), 'BAD_SIZE');
    const signed = encodePlaintext(utf8('hi'), SIGNER, native, counterRandom());
    const badSignature = signed.slice();
    badSignature.fill(0, signed.length - 65, signed.length - 33); // R = 0 recovers nothing
    assertEnvelopeError(() => decodePlaintext(badSignature, native), 'BAD_SIGNATURE');
    assertEnvelopeError(() => decodePlaintext(new Uint8Array(0), native), 'TOO_SHORT');
    assertEnvelopeError(() => decodePlaintext(Uint8Array.of(0x04, ...new Uint8Array(65)), native), 'TOO_SHORT');
  });
});

describe('symmetric envelope (AES-256-GCM, nonce appended)', () => {
  it('produces ciphertext ‖ tag ‖ nonce over the exact plaintext (independent AES-GCM check)', () => {
    const envelope = encryptSymmetric(utf8('hello'), TOPIC_KEY, SIGNER, { curve: native, random: counterRandom() });
    const random = counterRandom();
    const plaintext = encodePlaintext(utf8('hello'), SIGNER, native, random);
    const nonce = random(12);
    const cipher = createCipheriv('aes-256-gcm', TOPIC_KEY, nonce);
    const expected = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag(), nonce]);
    assert.equal(hex(envelope), expected.toString('hex'));
    assert.equal(envelope.length, 256 + SYMMETRIC_OVERHEAD);
    const opened = requireSigner(decryptSymmetric(envelope, TOPIC_KEY));
    assert.deepEqual(opened.data, utf8('hello'));
    assert.deepEqual(opened.signer, SIGNER_PUBLIC);
  });

  for (const curve of backends) {
    it(`round-trips random data and keys and recovers the signer (${curve.backend})`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2048 }), symmetricKeyArb, privateKeyArb, (data, key, signer) => {
          const envelope = encryptSymmetric(data, key, signer, { curve });
          const opened = decryptSymmetric(envelope, key, { curve });
          assert.deepEqual(opened.data, data);
          assert.deepEqual(opened.signer, curve.publicKey(signer));
          assert.equal(opened.signature?.length, 65);
        }),
        { numRuns: curve.backend === 'native' ? 100 : 15 },
      );
    });
  }

  it('rejects a wrong key with BAD_TAG', () => {
    fc.assert(
      fc.property(symmetricKeyArb, symmetricKeyArb, (key, other) => {
        fc.pre(hex(key) !== hex(other));
        const envelope = encryptSymmetric(utf8('secret'), key, SIGNER);
        assertEnvelopeError(() => decryptSymmetric(envelope, other), 'BAD_TAG');
      }),
      { numRuns: 50 },
    );
  });

  it('rejects any tampered byte with BAD_TAG', () => {
    const envelope = encryptSymmetric(utf8('do not touch'), TOPIC_KEY, SIGNER);
    fc.assert(
      fc.property(fc.nat({ max: envelope.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const tampered = envelope.slice();
        tampered[index] = (tampered[index] ?? 0) ^ flip;
        assertEnvelopeError(() => decryptSymmetric(tampered, TOPIC_KEY), 'BAD_TAG');
      }),
      { numRuns: 300 },
    );
  });

  it('throws only EnvelopeErrors for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (random) => {
        assert.throws(() => decryptSymmetric(random, TOPIC_KEY), EnvelopeError);
      }),
      { numRuns: 300 },
    );
  });

  it('throws only EnvelopeErrors for authenticated garbage (random plaintext under the right key)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        (plaintext, nonce) => {
          const envelope = new Uint8Array([...aesGcmSeal(TOPIC_KEY, nonce, plaintext), ...nonce]);
          onlyEnvelopeErrors(() => decryptSymmetric(envelope, TOPIC_KEY));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses all-zero, short and non-byte keys with BAD_KEY', () => {
    const envelope = encryptSymmetric(utf8('x'), TOPIC_KEY, SIGNER);
    for (const key of [new Uint8Array(32), new Uint8Array(16).fill(1), new Uint8Array(33).fill(1)]) {
      assertEnvelopeError(() => encryptSymmetric(utf8('x'), key, SIGNER), 'BAD_KEY');
      assertEnvelopeError(() => decryptSymmetric(envelope, key), 'BAD_KEY');
    }
    assertEnvelopeError(() => encryptSymmetric(utf8('x'), TOPIC_KEY, new Uint8Array(32)), 'BAD_KEY');
  });

  it('checks the size cap before any work', () => {
    // A bad key would be BAD_KEY: TOO_LARGE first shows the cap is checked before the key or any crypto.
    assertEnvelopeError(
      () => decryptSymmetric(new Uint8Array(DEFAULT_MAX_ENVELOPE_SIZE + 1), new Uint8Array(32)),
      'TOO_LARGE',
    );
    assertEnvelopeError(() => decryptSymmetric(new Uint8Array(1000), TOPIC_KEY, { maxSize: 999 }), 'TOO_LARGE');
    assertEnvelopeError(
      () => encryptSymmetric(new Uint8Array(DEFAULT_MAX_ENVELOPE_SIZE), TOPIC_KEY, SIGNER),
      'TOO_LARGE',
    );
    // The largest status-go segment (768 KiB) fits under the default cap.
    const segment = new Uint8Array(786_432);
    assert.equal(decryptSymmetric(encryptSymmetric(segment, TOPIC_KEY, SIGNER), TOPIC_KEY).data.length, 786_432);
    assertEnvelopeError(() => decryptSymmetric(new Uint8Array(27), TOPIC_KEY), 'TOO_SHORT');
  });

  it('returns unsigned envelopes with signer undefined, and requireSigner turns them into UNSIGNED', () => {
    const nonce = new Uint8Array(12).fill(5);
    const plaintext = encodePlaintext(utf8('anonymous'), null, native, counterRandom());
    const envelope = new Uint8Array([...aesGcmSeal(TOPIC_KEY, nonce, plaintext), ...nonce]);
    const opened = decryptSymmetric(envelope, TOPIC_KEY);
    assert.deepEqual(opened.data, utf8('anonymous'));
    assert.equal(opened.signer, undefined);
    assert.equal(opened.signature, undefined);
    assertEnvelopeError(() => requireSigner(opened), 'UNSIGNED');
  });
});

describe('go-ethereum ECIES (ECIES_AES128_SHA256)', () => {
  // go-ethereum crypto/ecies/ecies_test.go TestKDF: concatKDF(sha256, "input", nil, length).
  it('reproduces go-ethereum TestKDF', () => {
    const full =
      '858b192fa2ed4395e2bf88dd8d5770d67dc284ee539f12da8bceaa45d06ebae0700f1ab918a5f0413b8140f9940d6955f3467fd6672cce1024c5b1effccc0f61';
    for (const length of [6, 32, 48, 64]) {
      assert.equal(hex(concatKdfSha256(utf8('input'), new Uint8Array(0), length)), full.slice(0, length * 2));
    }
  });

  // EIP-8 "(Auth₁) RLPx v4 format (sent from A to B)": a pre-EIP-8 handshake message, go-ethereum ECIES with
  // s1 = s2 = empty, i.e. exactly the v1 envelope's asymmetric layer. Its plaintext is
  // signature(65) ‖ keccak256(ephemeral pubkey A)(32) ‖ static pubkey A(64) ‖ nonce A(32) ‖ 0x00.
  const AUTH1 = bytes(`
    048ca79ad18e4b0659fab4853fe5bc58eb83992980f4c9cc147d2aa31532efd29a3d3dc6a3d89eaf
    913150cfc777ce0ce4af2758bf4810235f6e6ceccfee1acc6b22c005e9e3a49d6448610a58e98744
    ba3ac0399e82692d67c1f58849050b3024e21a52c9d3b01d871ff5f210817912773e610443a9ef14
    2e91cdba0bd77b5fdf0769b05671fc35f83d83e4d3b0b000c6b2a1b1bba89e0fc51bf4e460df3105
    c444f14be226458940d6061c296350937ffd5e3acaceeaaefd3c6f74be8e23e0f45163cc7ebd7622
    0f0128410fd05250273156d548a414444ae2f7dea4dfca2d43c057adb701a715bf59f6fb66b2d1d2
    0f2c703f851cbf5ac47396d9ca65b6260bd141ac4d53e2de585a73d1750780db4c9ee4cd4d225173
    a4592ee77e2bd94d0be3691f3b406f9bba9b591fc63facc016bfa8`);
  // EIP-8 "(Auth₂)" = go-ethereum p2p/rlpx/rlpx_test.go eip8HandshakeAuthTests[0]: 2-byte size prefix, then
  // ECIES with s2 = that prefix; plaintext RLP [sig, pubA, nonceA, 4] ‖ random padding.
  const AUTH2 = bytes(`
    01b304ab7578555167be8154d5cc456f567d5ba302662433674222360f08d5f1534499d3678b513b
    0fca474f3a514b18e75683032eb63fccb16c156dc6eb2c0b1593f0d84ac74f6e475f1b8d56116b84
    9634a8c458705bf83a626ea0384d4d7341aae591fae42ce6bd5c850bfe0b999a694a49bbbaf3ef6c
    da61110601d3b4c02ab6c30437257a6e0117792631a4b47c1d52fc0f8f89caadeb7d02770bf999cc
    147d2df3b62e1ffb2c9d8c125a3984865356266bca11ce7d3a688663a51d82defaa8aad69da39ab6
    d5470e81ec5f2a7a47fb865ff7cca21516f9299a07b1bc63ba56c7a1a892112841ca44b6e0034dee
    70c9adabc15d76a54f443593fafdc3b27af8059703f88928e199cb122362a4b35f62386da7caad09
    c001edaeb5f8a06d2b26fb6cb93c52a9fca51853b68193916982358fe1e5369e249875bb8d0d0ec3
    6f917bc5e1eafd5896d46bd61ff23f1a863a8a8dcd54c7b109b771c8e61ec9c8908c733c0263440e
    2aa067241aaa433f0bb053c7b31a838504b148f570c0ad62837129e547678c5190341e4f1693956c
    3bf7678318e2d5b5340c9e488eefea198576344afbdf66db5f51204a6961a63ce072c8926c`);
  const KEY_A = bytes('49a7b37aa6f6645917e7b807e9d1c00d4fa71f18343b0d4122a4d2df64dd6fee');
  const KEY_B = bytes('b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291');
  const EPHEMERAL_A = bytes('869d6ecf5211f1cc60418a13b9d870b22959d0c16f02bec714c960dd2298a32d');
  const NONCE_A = '7e968bba13b6c50e2c4cd7f241cc0d64d1ac25c7f5952df231ac6a2bda8ee5d6';
  const AUTH_SIGNATURE =
    '299ca6acfd35e3d72d8ba3d1e2b60b5561d5af5218eb5bc182045769eb4226910a301acae3b369fffc4a4899d6b02531e89fd4fe36a2cf0d93607ba470b50f7800';

  for (const curve of backends) {
    it(`decrypts the EIP-8 Auth₁ ciphertext made by another implementation (${curve.backend})`, () => {
      const plaintext = eciesDecrypt(AUTH1, KEY_B, curve);
      assert.equal(plaintext.length, 194);
      assert.equal(hex(plaintext.subarray(0, 65)), AUTH_SIGNATURE);
      assert.deepEqual(plaintext.subarray(65, 97), keccak256(curve.publicKey(EPHEMERAL_A).subarray(1)));
      assert.deepEqual(plaintext.subarray(97, 161), curve.publicKey(KEY_A).subarray(1));
      assert.equal(hex(plaintext.subarray(161)), `${NONCE_A}00`);
      assertEnvelopeError(() => eciesDecrypt(AUTH1, KEY_A, curve), 'BAD_TAG');
    });

    it(`decrypts the EIP-8 Auth₂ ciphertext with shared MAC data (${curve.backend})`, () => {
      const prefix = AUTH2.subarray(0, 2);
      const plaintext = eciesDecrypt(AUTH2.subarray(2), KEY_B, curve, { sharedMacData: prefix });
      const pubA = hex(curve.publicKey(KEY_A).subarray(1));
      assert.equal(hex(plaintext.subarray(0, 169)), `f8a7b841${AUTH_SIGNATURE}b840${pubA}a0${NONCE_A}04`);
      assertEnvelopeError(() => eciesDecrypt(AUTH2.subarray(2), KEY_B, curve), 'BAD_TAG');
    });
  }

  it('lays out R(65, uncompressed) ‖ IV(16) ‖ AES-128-CTR ciphertext ‖ HMAC-SHA256(32) (independent check)', () => {
    const recipient = native.publicKey(KEY_B);
    const plaintext = utf8('layout check');
    const random = counterRandom(1); // first 32 bytes 01..20 form the ephemeral key, then the IV
    const ciphertext = eciesEncrypt(recipient, plaintext, native, random, {});
    const ephemeral = counterRandom(1)(32);
    const iv = ciphertext.subarray(65, 81);
    assert.deepEqual(ciphertext.subarray(0, 65), native.publicKey(ephemeral));
    assert.deepEqual(iv, counterRandom(33)(16));
    const z = native.ecdh(ephemeral, recipient);
    const k = createHash('sha256')
      .update(Uint8Array.of(0, 0, 0, 1))
      .update(z)
      .digest();
    const macKey = createHash('sha256').update(k.subarray(16)).digest();
    const cipher = createCipheriv('aes-128-ctr', k.subarray(0, 16), iv);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    assert.equal(hex(ciphertext.subarray(81, 81 + plaintext.length)), body.toString('hex'));
    const tag = createHmac('sha256', macKey).update(iv).update(body).digest();
    assert.equal(hex(ciphertext.subarray(81 + plaintext.length)), tag.toString('hex'));
    assert.equal(ciphertext.length, plaintext.length + ECIES_OVERHEAD);
  });
});

describe('asymmetric envelope (ECIES)', () => {
  for (const curve of backends) {
    it(`round-trips random data to random recipients and recovers the signer (${curve.backend})`, () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 2048 }),
          privateKeyArb,
          privateKeyArb,
          fc.boolean(),
          (data, recipient, signer, compressed) => {
            const envelope = encryptAsymmetric(data, curve.publicKey(recipient, compressed), signer, { curve });
            const opened = requireSigner(decryptAsymmetric(envelope, recipient, { curve }));
            assert.deepEqual(opened.data, data);
            assert.deepEqual(opened.signer, curve.publicKey(signer));
          },
        ),
        { numRuns: curve.backend === 'native' ? 100 : 10 },
      );
    });
  }

  it('interoperates across backends in both directions', () => {
    if (backends.length < 2) return;
    const [a, b] = backends as [Secp256k1, Secp256k1];
    const recipient = new Uint8Array(32).fill(0x22);
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const envelope = encryptAsymmetric(utf8('cross'), from.publicKey(recipient), SIGNER, { curve: from });
      assert.deepEqual(decryptAsymmetric(envelope, recipient, { curve: to }).signer, SIGNER_PUBLIC);
      const sealed = encryptSymmetric(utf8('cross'), TOPIC_KEY, SIGNER, { curve: from });
      assert.deepEqual(decryptSymmetric(sealed, TOPIC_KEY, { curve: to }).signer, SIGNER_PUBLIC);
    }
  });

  it('rejects the wrong private key with BAD_TAG', () => {
    fc.assert(
      fc.property(privateKeyArb, privateKeyArb, (recipient, other) => {
        fc.pre(hex(recipient) !== hex(other));
        const envelope = encryptAsymmetric(utf8('for one only'), native.publicKey(recipient), SIGNER);
        assertEnvelopeError(() => decryptAsymmetric(envelope, other), 'BAD_TAG');
      }),
      { numRuns: 50 },
    );
  });

  it('rejects any tampered byte with BAD_TAG', () => {
    const recipient = new Uint8Array(32).fill(0x33);
    const envelope = encryptAsymmetric(utf8('do not touch'), native.publicKey(recipient), SIGNER);
    fc.assert(
      fc.property(fc.nat({ max: envelope.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const tampered = envelope.slice();
        tampered[index] = (tampered[index] ?? 0) ^ flip;
        assertEnvelopeError(() => decryptAsymmetric(tampered, recipient), 'BAD_TAG');
      }),
      { numRuns: 300 },
    );
  });

  it('throws only EnvelopeErrors for random bytes, including a valid-looking ephemeral key', () => {
    const recipient = new Uint8Array(32).fill(0x44);
    const ephemeral = native.publicKey(new Uint8Array(32).fill(0x55));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (random, withKey) => {
        const envelope = withKey ? new Uint8Array([...ephemeral, ...random]) : random;
        assert.throws(() => decryptAsymmetric(envelope, recipient), EnvelopeError);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses bad recipient and signer keys with BAD_KEY', () => {
    const recipient = new Uint8Array(32).fill(0x66);
    const envelope = encryptAsymmetric(utf8('x'), native.publicKey(recipient), SIGNER);
    assertEnvelopeError(() => decryptAsymmetric(envelope, new Uint8Array(32)), 'BAD_KEY');
    assertEnvelopeError(() => encryptAsymmetric(utf8('x'), new Uint8Array(65).fill(4), SIGNER), 'BAD_KEY');
    assertEnvelopeError(() => encryptAsymmetric(utf8('x'), native.publicKey(recipient), new Uint8Array(31)), 'BAD_KEY');
    assertEnvelopeError(() => decryptAsymmetric(new Uint8Array(ECIES_OVERHEAD - 1), recipient), 'TOO_SHORT');
    assertEnvelopeError(
      () => decryptAsymmetric(new Uint8Array(DEFAULT_MAX_ENVELOPE_SIZE + 1), new Uint8Array(32)),
      'TOO_LARGE',
    );
  });
});

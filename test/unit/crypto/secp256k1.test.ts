import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { CryptoError } from '../../../main/crypto/errors.ts';
import { keccak256 } from '../../../main/crypto/hash.ts';
import {
  compress,
  decompress,
  defaultSecp256k1,
  ecdh,
  isNativeAvailable,
  isValidPrivateKey,
  isValidPublicKey,
  publicKey,
  randomPrivateKey,
  recover,
  type Secp256k1,
  secp256k1With,
  sign,
} from '../../../main/crypto/secp256k1.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/gu, ''), 'hex'));

// secp256k1 group order n.
const ORDER = bytes('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');
const halfOrder = Buffer.from('7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0', 'hex');

// The native addon ships prebuilt for linux-x64 (glibc/musl), darwin-arm64 and win32-x64.
const NATIVE_EXPECTED =
  (process.platform === 'linux' && process.arch === 'x64') ||
  (process.platform === 'darwin' && process.arch === 'arm64') ||
  (process.platform === 'win32' && process.arch === 'x64');

const backends: Secp256k1[] = isNativeAvailable()
  ? [secp256k1With('native'), secp256k1With('noble')]
  : [secp256k1With('noble')];

function assertCryptoError(run: () => unknown, code: CryptoError['code']): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof CryptoError, `expected CryptoError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}

const privateKeyArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((key) => secp256k1With('noble').isValidPrivateKey(key));
const hashArb = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('secp256k1 backends', () => {
  it('loads the native addon (not the elliptic fallback) on platforms with a prebuild', () => {
    if (!NATIVE_EXPECTED) return;
    assert.equal(isNativeAvailable(), true);
    assert.equal(secp256k1With('native').backend, 'native');
  });

  it('uses native by default when it loads, unless WSD_CRYPTO says otherwise', () => {
    const forced = process.env.WSD_CRYPTO;
    const expected = forced === 'noble' || forced === 'native' ? forced : isNativeAvailable() ? 'native' : 'noble';
    assert.equal(defaultSecp256k1().backend, expected);
  });

  it('honours WSD_CRYPTO=noble and refuses unknown values', () => {
    const moduleUrl = new URL('../../../main/crypto/secp256k1.ts', import.meta.url).href;
    const script = `import('${moduleUrl}').then((m) => { try { console.log(m.defaultSecp256k1().backend); } catch (e) { console.log(e.code); } })`;
    const runWith = (value: string): string =>
      spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, WSD_CRYPTO: value },
        encoding: 'utf8',
        cwd: fileURLToPath(new URL('.', import.meta.url)),
      }).stdout.trim();
    assert.equal(runWith('noble'), 'noble');
    assert.equal(runWith('elliptic'), 'BACKEND_UNAVAILABLE');
    if (isNativeAvailable()) assert.equal(runWith('native'), 'native');
  });

  for (const curve of backends) {
    describe(`${curve.backend}`, () => {
      // go-ethereum crypto/ecies/ecies_test.go TestSharedKeyStatic: GenerateShared(…, 16, 16) is the raw x.
      it('reproduces go-ethereum TestSharedKeyStatic', () => {
        const a = bytes('7ebbc6a8358bc76dd73ebc557056702c8cfc34e5cfcd90eb83af0347575fd2ad');
        const b = bytes('6a3d6396903245bba5837752b9e0348874e72db0c4e11e9c485a81b4ea4353b9');
        const expected = '167ccc13ac5e8a26b131c3446030c60fbfac6aa8e31149d0869f93626a4cdf62';
        assert.equal(hex(curve.ecdh(a, curve.publicKey(b))), expected);
        assert.equal(hex(curve.ecdh(b, curve.publicKey(a, true))), expected);
      });

      // go-ethereum TestSharedKeyPadding: fixed keys, one with a leading zero byte; public coordinates given.
      it('reproduces go-ethereum TestSharedKeyPadding public keys, and ECDH is symmetric', () => {
        const k0 = bytes('1adf5c18167d96a1f9a0b1ef63be8aa27eaf6032c233b2b38f7850cf5b859fd9');
        const k1 = bytes('0097a076fc7fcd9208240668e31c9abee952cbb6e375d1b8febc7499d6e16f1a');
        assert.equal(
          hex(curve.publicKey(k0)),
          '04' +
            '1a8ed022ff7aec59dc1b440446bdda5ff6bcb3509a8b109077282b361efffbd8' +
            'e040bd480b1deccc3bc40bd5b1fdcb7bfd352500b477cb9471366dbd4493f923',
        );
        assert.equal(
          hex(curve.publicKey(k1)),
          '04' +
            '6ab3ac374251f638d0abb3ef596d1dc67955b507c104e5f2009724812dc027b8' +
            '8ad915f2b503a8be6facab6588731fefeb584fd2dfa9a77a5e0bba1ec439e4fa',
        );
        const shared = curve.ecdh(k0, curve.publicKey(k1));
        assert.equal(shared.length, 32);
        assert.deepEqual(shared, curve.ecdh(k1, curve.publicKey(k0)));
      });

      // status-web packages/status-js/src/utils/recover-public-key.test.ts "should recover public key from
      // fixture": an ApplicationMetadataMessage signed by a Status client; signer = recover(keccak256(payload)).
      it('recovers the signer of the status-web AMM fixture', () => {
        const signature = Uint8Array.from([
          250, 132, 234, 119, 159, 124, 98, 93, 197, 108, 99, 52, 186, 234, 142, 101, 147, 180, 50, 190, 102, 61, 219,
          189, 95, 124, 29, 74, 43, 46, 106, 108, 102, 234, 77, 209, 130, 140, 87, 96, 210, 34, 11, 115, 56, 98, 223,
          154, 30, 239, 23, 197, 243, 196, 248, 63, 162, 20, 108, 84, 250, 150, 230, 129, 0,
        ]);
        const payload = Uint8Array.from([
          8, 138, 245, 146, 158, 148, 48, 18, 104, 48, 120, 48, 50, 57, 102, 49, 57, 54, 98, 98, 102, 101, 102, 52, 102,
          97, 54, 97, 53, 101, 98, 56, 49, 100, 100, 56, 48, 50, 49, 51, 51, 97, 54, 51, 52, 57, 56, 51, 50, 53, 52, 52,
          53, 99, 97, 49, 97, 102, 49, 100, 49, 53, 52, 98, 49, 98, 98, 52, 53, 52, 50, 57, 53, 53, 49, 51, 51, 51, 48,
          56, 48, 52, 101, 97, 55, 45, 98, 100, 54, 54, 45, 52, 100, 53, 100, 45, 57, 49, 101, 98, 45, 98, 50, 100, 99,
          102, 101, 50, 53, 49, 53, 98, 51, 26, 66, 48, 120, 53, 97, 57, 49, 99, 52, 54, 48, 97, 97, 100, 101, 99, 51,
          99, 55, 54, 100, 48, 56, 48, 98, 54, 99, 55, 50, 97, 50, 48, 101, 49, 53, 97, 51, 51, 55, 102, 55, 99, 48, 98,
          55, 55, 97, 55, 99, 48, 97, 53, 101, 98, 97, 53, 102, 97, 57, 100, 52, 100, 57, 49, 98, 97, 56, 32, 5, 40, 2,
        ]);
        const signer = Uint8Array.from([
          4, 172, 65, 157, 172, 154, 139, 187, 88, 130, 90, 60, 222, 96, 238, 240, 238, 113, 184, 207, 108, 99, 223, 97,
          30, 238, 252, 142, 122, 172, 124, 121, 181, 89, 84, 182, 121, 210, 76, 245, 236, 130, 218, 126, 217, 33, 202,
          242, 64, 98, 138, 155, 251, 52, 80, 197, 17, 26, 156, 255, 229, 78, 99, 24, 17,
        ]);
        assert.deepEqual(curve.recover(keccak256(payload), signature), signer);
      });

      // EIP-8 / go-ethereum p2p/rlpx handshake vectors: the initiator's auth signature is made by ephemeral
      // key A over ECDH(static A, static B) XOR nonce A. (Its nonce was not RFC 6979, so only recovery
      // is comparable; signing determinism is covered by native == noble below.)
      it('recovers the ephemeral key from the EIP-8 auth signature', () => {
        const keyA = bytes('49a7b37aa6f6645917e7b807e9d1c00d4fa71f18343b0d4122a4d2df64dd6fee');
        const keyB = bytes('b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291');
        const ephemeralA = bytes('869d6ecf5211f1cc60418a13b9d870b22959d0c16f02bec714c960dd2298a32d');
        const nonceA = bytes('7e968bba13b6c50e2c4cd7f241cc0d64d1ac25c7f5952df231ac6a2bda8ee5d6');
        const signature = bytes(
          '299ca6acfd35e3d72d8ba3d1e2b60b5561d5af5218eb5bc182045769eb4226910a301acae3b369fffc4a4899d6b02531e89fd4fe36a2cf0d93607ba470b50f7800',
        );
        const token = curve.ecdh(keyA, curve.publicKey(keyB)).map((byte, i) => byte ^ (nonceA[i] ?? 0));
        assert.deepEqual(curve.recover(token, signature), curve.publicKey(ephemeralA));
      });

      it('signs R ‖ S ‖ V with V in {0,1} and low S, and recovers the uncompressed signer', () => {
        fc.assert(
          fc.property(privateKeyArb, hashArb, (key, hash) => {
            const signature = curve.sign(hash, key);
            assert.equal(signature.length, 65);
            assert.ok(signature[64] === 0 || signature[64] === 1);
            assert.ok(Buffer.compare(signature.subarray(32, 64), halfOrder) <= 0, 'low S');
            assert.deepEqual(curve.recover(hash, signature), curve.publicKey(key));
          }),
          { numRuns: curve.backend === 'native' ? 200 : 30 },
        );
      });

      it('compresses and decompresses consistently', () => {
        fc.assert(
          fc.property(privateKeyArb, (key) => {
            const full = curve.publicKey(key);
            const short = curve.publicKey(key, true);
            assert.equal(full.length, 65);
            assert.equal(short.length, 33);
            assert.deepEqual(curve.compress(full), short);
            assert.deepEqual(curve.decompress(short), full);
            assert.deepEqual(curve.decompress(full), full);
            assert.ok(curve.isValidPublicKey(full) && curve.isValidPublicKey(short));
          }),
          { numRuns: curve.backend === 'native' ? 200 : 30 },
        );
      });

      it('rejects invalid private keys with INVALID_PRIVATE_KEY', () => {
        const hash = new Uint8Array(32).fill(1);
        for (const key of [new Uint8Array(32), ORDER, new Uint8Array(32).fill(0xff), new Uint8Array(31).fill(1)]) {
          assert.equal(curve.isValidPrivateKey(key), false);
          assertCryptoError(() => curve.sign(hash, key), 'INVALID_PRIVATE_KEY');
          assertCryptoError(() => curve.publicKey(key), 'INVALID_PRIVATE_KEY');
          assertCryptoError(() => curve.ecdh(key, curve.publicKey(hash)), 'INVALID_PRIVATE_KEY');
        }
      });

      it('rejects invalid public keys with INVALID_PUBLIC_KEY, including SEC1 hybrid 06/07 keys', () => {
        const full = curve.publicKey(new Uint8Array(32).fill(7));
        const hybrid = full.slice();
        hybrid[0] = ((full[64] ?? 0) & 1) === 0 ? 0x06 : 0x07;
        const offCurve = full.slice();
        offCurve[64] = (offCurve[64] ?? 0) ^ 1;
        const tooShort = full.subarray(0, 64);
        for (const key of [hybrid, offCurve, tooShort, new Uint8Array(33), new Uint8Array(65).fill(4)]) {
          assert.equal(curve.isValidPublicKey(key), false);
          assertCryptoError(() => curve.compress(key), 'INVALID_PUBLIC_KEY');
          assertCryptoError(() => curve.ecdh(new Uint8Array(32).fill(1), key), 'INVALID_PUBLIC_KEY');
        }
      });

      it('rejects malformed signatures and hashes with typed errors', () => {
        const key = new Uint8Array(32).fill(3);
        const hash = new Uint8Array(32).fill(9);
        const signature = curve.sign(hash, key);
        const highV = signature.slice();
        highV[64] = 27;
        const zeroR = signature.slice();
        zeroR.fill(0, 0, 32);
        assertCryptoError(() => curve.recover(hash, highV), 'INVALID_SIGNATURE');
        assertCryptoError(() => curve.recover(hash, zeroR), 'INVALID_SIGNATURE');
        assertCryptoError(() => curve.recover(hash, signature.subarray(0, 64)), 'INVALID_SIGNATURE');
        assertCryptoError(() => curve.recover(hash.subarray(1), signature), 'INVALID_HASH');
        assertCryptoError(() => curve.sign(new Uint8Array(33), key), 'INVALID_HASH');
      });

      it('never throws anything but CryptoError on random signatures', () => {
        fc.assert(
          fc.property(hashArb, fc.uint8Array({ minLength: 65, maxLength: 65 }), (hash, signature) => {
            try {
              assert.equal(curve.recover(hash, signature).length, 65);
            } catch (error) {
              assert.ok(error instanceof CryptoError, String(error));
            }
          }),
          { numRuns: curve.backend === 'native' ? 300 : 40 },
        );
      });

      it('draws valid random private keys', () => {
        const first = curve.randomPrivateKey();
        assert.ok(curve.isValidPrivateKey(first));
        assert.notDeepEqual(curve.randomPrivateKey(), first);
      });
    });
  }
});

describe('native and noble agree', { skip: !isNativeAvailable() && 'native addon unavailable' }, () => {
  const native = secp256k1With('native');
  const noble = secp256k1With('noble');

  it('on sign (byte for byte), recover, ecdh and public keys for random keys', () => {
    fc.assert(
      fc.property(privateKeyArb, privateKeyArb, hashArb, (a, b, hash) => {
        const signature = native.sign(hash, a);
        assert.deepEqual(noble.sign(hash, a), signature);
        assert.deepEqual(noble.recover(hash, signature), native.recover(hash, signature));
        assert.deepEqual(noble.publicKey(a), native.publicKey(a));
        assert.deepEqual(noble.publicKey(a, true), native.publicKey(a, true));
        assert.deepEqual(noble.ecdh(a, native.publicKey(b)), native.ecdh(a, native.publicKey(b)));
        assert.deepEqual(noble.ecdh(a, native.publicKey(b, true)), native.ecdh(b, native.publicKey(a, true)));
      }),
      { numRuns: 40 },
    );
  });

  it('on high-S signatures (accepted by both, as go-ethereum recovery does)', () => {
    fc.assert(
      fc.property(privateKeyArb, hashArb, (key, hash) => {
        const signature = native.sign(hash, key);
        const s = BigInt(`0x${hex(signature.subarray(32, 64))}`);
        const flipped = signature.slice();
        flipped.set(bytes((BigInt(`0x${hex(ORDER)}`) - s).toString(16).padStart(64, '0')), 32);
        flipped[64] = (signature[64] ?? 0) ^ 1;
        assert.deepEqual(native.recover(hash, flipped), native.publicKey(key));
        assert.deepEqual(noble.recover(hash, flipped), native.publicKey(key));
      }),
      { numRuns: 20 },
    );
  });

  it('on which random 33/65-byte strings are valid public keys', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ minLength: 33, maxLength: 33 }), fc.uint8Array({ minLength: 65, maxLength: 65 })),
        fc.constantFrom(0x02, 0x03, 0x04, 0x06, 0x07),
        (key, prefix) => {
          key[0] = prefix;
          assert.equal(noble.isValidPublicKey(key), native.isValidPublicKey(key));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('module-level functions use the default backend', () => {
  it('round-trips through sign/recover/ecdh/compress/decompress', () => {
    const a = randomPrivateKey();
    const b = randomPrivateKey();
    assert.ok(isValidPrivateKey(a));
    const hash = keccak256(new TextEncoder().encode('hello'));
    assert.deepEqual(recover(hash, sign(hash, a)), publicKey(a));
    assert.deepEqual(ecdh(a, publicKey(b)), ecdh(b, publicKey(a)));
    assert.deepEqual(decompress(compress(publicKey(a))), publicKey(a));
    assert.ok(isValidPublicKey(publicKey(a, true)));
  });
});

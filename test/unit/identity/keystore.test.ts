import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { IdentityErrorCode } from '../../../main/identity/errors.ts';
import { IdentityError } from '../../../main/identity/errors.ts';
import type { KeystoreFile, ScryptParams } from '../../../main/identity/keystore.ts';
import {
  changePassword,
  DEFAULT_SCRYPT_PARAMS,
  openKeystore,
  parseKeystore,
  sealKeystore,
  serializeKeystore,
} from '../../../main/identity/keystore.ts';

/** Cheap parameters so the suite stays fast; the defaults are exercised once below. */
const FAST: ScryptParams = { n: 2 ** 10, r: 8, p: 1 };
const PASSWORD = 'correct horse battery staple';
const SECRET = {
  mnemonic: 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
};
const SEED = Uint8Array.from({ length: 64 }, (_, i) => i);

async function rejection(promise: Promise<unknown>): Promise<IdentityError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof IdentityError, `expected IdentityError, got ${String(error)}`);
    assert.ok(!/\n\s+at /u.test(error.message), 'no stack in the message');
    return error;
  }
  assert.fail('expected a rejection');
}

async function rejectsWith(promise: Promise<unknown>, code: IdentityErrorCode, message?: RegExp): Promise<void> {
  const error = await rejection(promise);
  assert.equal(error.code, code, error.message);
  if (message !== undefined) assert.match(error.message, message);
}

function clone(file: KeystoreFile): KeystoreFile {
  return structuredClone(file);
}

/** What someone who edits the file deliberately would do: recompute the unkeyed checksum. */
function withFreshChecksum(file: KeystoreFile): KeystoreFile {
  const header = Buffer.from(
    JSON.stringify({
      format: file.format,
      version: file.version,
      payload: file.payload,
      kdf: {
        name: file.kdf.name,
        n: file.kdf.n,
        r: file.kdf.r,
        p: file.kdf.p,
        dkLen: file.kdf.dkLen,
        salt: file.kdf.salt,
      },
      cipher: { name: file.cipher.name, nonce: file.cipher.nonce },
    }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  const ciphertext = Buffer.from(file.ciphertext, 'base64');
  return { ...file, checksum: createHash('sha256').update(length).update(header).update(ciphertext).digest('hex') };
}

function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

describe('sealKeystore / openKeystore round trip', () => {
  it('returns the same bytes', async () => {
    const file = await sealKeystore(SEED, PASSWORD, { kdf: FAST });
    const opened = await openKeystore(file, PASSWORD);
    assert.ok(opened instanceof Uint8Array);
    assert.deepEqual(opened, SEED);
  });

  it('returns the same JSON object, also from the serialised text', async () => {
    const file = await sealKeystore(SECRET, PASSWORD, { kdf: FAST });
    assert.deepEqual(await openKeystore(file, PASSWORD), SECRET);
    assert.deepEqual(await openKeystore(serializeKeystore(file), PASSWORD), SECRET);
  });

  it('writes a versioned JSON file with its parameters and nothing secret in clear', async () => {
    const file = await sealKeystore(SECRET, PASSWORD, { kdf: FAST });
    const text = serializeKeystore(file);
    assert.deepEqual(JSON.parse(text), file);
    assert.equal(file.version, 1);
    assert.equal(file.payload, 'json');
    assert.deepEqual({ n: file.kdf.n, r: file.kdf.r, p: file.kdf.p }, FAST);
    assert.equal(file.kdf.name, 'scrypt');
    assert.equal(file.cipher.name, 'aes-256-gcm');
    assert.equal(Buffer.from(file.cipher.nonce, 'base64').length, 12);
    assert.ok(Buffer.from(file.kdf.salt, 'base64').length >= 16);
    assert.ok(!text.includes('abandon'));
    assert.ok(!text.includes(PASSWORD));
    assert.deepEqual(parseKeystore(text), file);
  });

  it('uses a fresh salt and nonce for every seal', async () => {
    const [a, b] = await Promise.all([
      sealKeystore(SEED, PASSWORD, { kdf: FAST }),
      sealKeystore(SEED, PASSWORD, { kdf: FAST }),
    ]);
    assert.notEqual(a.kdf.salt, b.kdf.salt);
    assert.notEqual(a.cipher.nonce, b.cipher.nonce);
    assert.notEqual(a.ciphertext, b.ciphertext);
  });

  it('accepts byte passwords and treats Unicode normal forms of a password alike', async () => {
    const file = await sealKeystore(SEED, 'caf\u00e9', { kdf: FAST });
    assert.deepEqual(await openKeystore(file, 'cafe\u0301'), SEED);
    const bytesFile = await sealKeystore(SEED, Uint8Array.of(1, 2, 3), { kdf: FAST });
    assert.deepEqual(await openKeystore(bytesFile, Uint8Array.of(1, 2, 3)), SEED);
  });

  it('uses strong defaults (N=2^17, r=8, p=1) and they run within node:crypto memory limits', async () => {
    assert.deepEqual({ ...DEFAULT_SCRYPT_PARAMS }, { n: 131072, r: 8, p: 1 });
    const file = await sealKeystore(SEED, PASSWORD);
    assert.deepEqual({ n: file.kdf.n, r: file.kdf.r, p: file.kdf.p }, { n: 131072, r: 8, p: 1 });
    assert.deepEqual(await openKeystore(file, PASSWORD), SEED);
  });

  it('round-trips any bytes and any JSON object', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }))),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
        async (secret, password) => {
          const file = await sealKeystore(secret, password, { kdf: FAST });
          const opened = await openKeystore(serializeKeystore(file), password);
          assert.deepEqual(opened, secret instanceof Uint8Array ? secret : JSON.parse(JSON.stringify(secret)));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('sealKeystore refuses bad input', () => {
  it('an empty password, non-secret values and unusable parameters', async () => {
    await rejectsWith(sealKeystore(SEED, '', { kdf: FAST }), 'INVALID_ARGUMENT', /empty/u);
    await rejectsWith(sealKeystore('text' as unknown as Uint8Array, PASSWORD, { kdf: FAST }), 'INVALID_ARGUMENT');
    await rejectsWith(sealKeystore([1, 2] as unknown as Uint8Array, PASSWORD, { kdf: FAST }), 'INVALID_ARGUMENT');
    await rejectsWith(
      sealKeystore(new Map([['a', 1]]) as unknown as Uint8Array, PASSWORD, { kdf: FAST }),
      'INVALID_ARGUMENT',
    );
    await rejectsWith(sealKeystore({ toJSON: () => [1] }, PASSWORD, { kdf: FAST }), 'INVALID_ARGUMENT');
    await rejectsWith(sealKeystore(SEED, PASSWORD, { kdf: { n: 2 ** 30, r: 8, p: 1 } }), 'INVALID_ARGUMENT');
    await rejectsWith(sealKeystore(SEED, PASSWORD, { kdf: { n: 1000, r: 8, p: 1 } }), 'INVALID_ARGUMENT');
    await rejectsWith(sealKeystore(new Uint8Array(65 * 1024), PASSWORD, { kdf: FAST }), 'INVALID_ARGUMENT');
  });
});

describe('openKeystore: wrong password', () => {
  it('says WRONG_PASSWORD, for strings and bytes', async () => {
    const file = await sealKeystore(SECRET, PASSWORD, { kdf: FAST });
    await rejectsWith(openKeystore(file, 'Correct horse battery staple'), 'WRONG_PASSWORD', /password is wrong/u);
    await rejectsWith(openKeystore(file, ''), 'WRONG_PASSWORD');
    await rejectsWith(openKeystore(file, Uint8Array.of(0)), 'WRONG_PASSWORD');
  });

  it('does not leak the password or secret in the error', async () => {
    const file = await sealKeystore(SECRET, PASSWORD, { kdf: FAST });
    const error = await rejection(openKeystore(file, 'hunter2-secret-guess'));
    assert.ok(!error.message.includes('hunter2'));
    assert.ok(!error.message.includes('abandon'));
    assert.equal(error.cause, undefined);
  });
});

describe('openKeystore: damaged files', () => {
  it('rejects every truncation of the file text as CORRUPT_KEYSTORE', async () => {
    const text = serializeKeystore(await sealKeystore(SECRET, PASSWORD, { kdf: FAST }));
    for (let length = 0; length < text.length; length++) {
      await rejectsWith(openKeystore(text.slice(0, length), PASSWORD), 'CORRUPT_KEYSTORE');
    }
  });

  it('rejects a ciphertext cut short by whole bytes as CORRUPT_KEYSTORE', async () => {
    const file = await sealKeystore(SEED, PASSWORD, { kdf: FAST });
    const bytes = Buffer.from(file.ciphertext, 'base64');
    for (const cut of [1, 16, bytes.length - 1, bytes.length]) {
      const damaged = { ...clone(file), ciphertext: bytes.subarray(0, bytes.length - cut).toString('base64') };
      await rejectsWith(openKeystore(damaged, PASSWORD), 'CORRUPT_KEYSTORE');
    }
  });

  it('rejects every single-byte change of ciphertext, nonce and salt as CORRUPT_KEYSTORE', async () => {
    const file = await sealKeystore(SEED, PASSWORD, { kdf: FAST });
    const fields = [
      {
        name: 'ciphertext',
        length: Buffer.from(file.ciphertext, 'base64').length,
        apply: (f: KeystoreFile, i: number) => ({ ...f, ciphertext: flipByte(f.ciphertext, i) }),
      },
      {
        name: 'nonce',
        length: 12,
        apply: (f: KeystoreFile, i: number) => ({ ...f, cipher: { ...f.cipher, nonce: flipByte(f.cipher.nonce, i) } }),
      },
      {
        name: 'salt',
        length: Buffer.from(file.kdf.salt, 'base64').length,
        apply: (f: KeystoreFile, i: number) => ({ ...f, kdf: { ...f.kdf, salt: flipByte(f.kdf.salt, i) } }),
      },
    ];
    let count = 0;
    for (const field of fields) {
      for (let i = 0; i < field.length; i++) {
        await rejectsWith(openKeystore(field.apply(clone(file), i), PASSWORD), 'CORRUPT_KEYSTORE');
        count++;
      }
    }
    assert.equal(count, 64 + 16 + 12 + 32);
  });

  it('rejects the same changes even when the checksum is recomputed (authenticated by GCM)', async () => {
    const file = await sealKeystore(SEED, PASSWORD, { kdf: FAST });
    const tampered: KeystoreFile[] = [];
    for (let i = 0; i < Buffer.from(file.ciphertext, 'base64').length; i++)
      tampered.push({ ...clone(file), ciphertext: flipByte(file.ciphertext, i) });
    for (let i = 0; i < 12; i++)
      tampered.push({ ...clone(file), cipher: { ...file.cipher, nonce: flipByte(file.cipher.nonce, i) } });
    for (let i = 0; i < 32; i++)
      tampered.push({ ...clone(file), kdf: { ...file.kdf, salt: flipByte(file.kdf.salt, i) } });
    tampered.push({ ...clone(file), payload: 'json' });
    for (const params of [{ n: 2 ** 11 }, { r: 7 }, { r: 9 }, { p: 2 }])
      tampered.push({ ...clone(file), kdf: { ...file.kdf, ...params } });
    for (const file of tampered) {
      await rejectsWith(openKeystore(withFreshChecksum(file), PASSWORD), 'WRONG_PASSWORD');
    }
  });

  it('rejects a change to any character of the serialised file as CORRUPT_KEYSTORE', async () => {
    const text = serializeKeystore(await sealKeystore(SECRET, PASSWORD, { kdf: FAST }));
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const replacement = String.fromCharCode(code === 0x7e ? 0x7d : code + 1);
      await rejectsWith(openKeystore(text.slice(0, i) + replacement + text.slice(i + 1), PASSWORD), 'CORRUPT_KEYSTORE');
    }
  });

  it('rejects changed parameters as CORRUPT_KEYSTORE', async () => {
    const file = await sealKeystore(SEED, PASSWORD, { kdf: FAST });
    for (const change of [{ n: 2 ** 11 }, { r: 9 }, { p: 2 }, { dkLen: 16 }, { name: 'pbkdf2' }]) {
      await rejectsWith(
        openKeystore({ ...clone(file), kdf: { ...file.kdf, ...change } } as KeystoreFile, PASSWORD),
        'CORRUPT_KEYSTORE',
      );
    }
    await rejectsWith(
      openKeystore(
        { ...clone(file), cipher: { ...file.cipher, name: 'aes-128-gcm' } } as unknown as KeystoreFile,
        PASSWORD,
      ),
      'CORRUPT_KEYSTORE',
    );
    await rejectsWith(openKeystore({ ...clone(file), payload: 'json' }, PASSWORD), 'CORRUPT_KEYSTORE', /checksum/u);
  });

  it('rejects unknown versions with a clear message', async () => {
    const file = await sealKeystore(SEED, PASSWORD, { kdf: FAST });
    await rejectsWith(
      openKeystore({ ...clone(file), version: 2 } as unknown as KeystoreFile, PASSWORD),
      'CORRUPT_KEYSTORE',
      /unsupported version 2/u,
    );
    const { version: _dropped, ...withoutVersion } = clone(file);
    await rejectsWith(
      openKeystore(withoutVersion as unknown as KeystoreFile, PASSWORD),
      'CORRUPT_KEYSTORE',
      /unsupported version missing/u,
    );
  });

  it('rejects malformed JSON and shapes that are not keystores', async () => {
    const file = await sealKeystore(SEED, PASSWORD, { kdf: FAST });
    const cases: unknown[] = [
      '',
      '{',
      'null',
      '[]',
      '"text"',
      '42',
      null,
      [],
      { ...clone(file), extra: true },
      { ...clone(file), kdf: { ...file.kdf, extra: 1 } },
      { ...clone(file), cipher: null },
      { ...clone(file), ciphertext: 42 },
      { ...clone(file), ciphertext: `${file.ciphertext}!` },
      { ...clone(file), ciphertext: '' },
      { ...clone(file), cipher: { ...file.cipher, nonce: Buffer.alloc(16).toString('base64') } },
      { ...clone(file), kdf: { ...file.kdf, salt: Buffer.alloc(8).toString('base64') } },
      { ...clone(file), checksum: file.checksum.toUpperCase() },
      { ...clone(file), format: 'ethereum-keystore' },
    ];
    for (const input of cases) {
      await rejectsWith(openKeystore(input as KeystoreFile, PASSWORD), 'CORRUPT_KEYSTORE');
    }
    assert.throws(
      () => parseKeystore('{"version":1'),
      (error: unknown) => error instanceof IdentityError && error.code === 'CORRUPT_KEYSTORE',
    );
  });

  it('rejects absurd KDF parameters before running the KDF', async () => {
    const file = await sealKeystore(SEED, PASSWORD, { kdf: FAST });
    const absurd = [
      { n: 2 ** 40 },
      { n: 2 ** 30 },
      { n: 2 ** 19 },
      { n: 2 ** 18, r: 16 },
      { n: 2 ** 18, r: 8, p: 16 },
      { r: 1_000_000 },
      { p: 1_000_000 },
      { n: 1000 },
      { n: 0 },
      { n: -1024 },
      { r: 0 },
      { p: 1.5 },
      { n: '1024' },
      { n: Number.POSITIVE_INFINITY },
    ];
    const started = performance.now();
    for (const params of absurd) {
      // Recompute the checksum so the bounds check, not the checksum, must stop it.
      const crafted = withFreshChecksum({ ...clone(file), kdf: { ...file.kdf, ...params } } as KeystoreFile);
      await rejectsWith(openKeystore(crafted, PASSWORD), 'CORRUPT_KEYSTORE', /scrypt/u);
    }
    // One real derivation at the largest of these would take over a second on its own.
    assert.ok(performance.now() - started < 1000, 'rejected without running scrypt');
  });

  it('throws only IdentityError for arbitrary JSON input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary' })), async (input) => {
        const text = typeof input === 'string' ? input : JSON.stringify(input);
        await rejectsWith(openKeystore(text, PASSWORD), 'CORRUPT_KEYSTORE');
      }),
      { numRuns: 300 },
    );
  });
});

describe('openKeystore: concurrency', () => {
  it('opens the same file many times at once, right and wrong passwords mixed', async () => {
    const file = await sealKeystore(SECRET, PASSWORD, { kdf: { n: 2 ** 14, r: 8, p: 1 } });
    const text = serializeKeystore(file);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => openKeystore(i % 2 === 0 ? file : text, i % 3 === 2 ? 'wrong' : PASSWORD)),
    );
    outcomes.forEach((outcome, i) => {
      if (i % 3 === 2) {
        assert.equal(outcome.status, 'rejected');
        assert.ok(
          outcome.status === 'rejected' &&
            outcome.reason instanceof IdentityError &&
            outcome.reason.code === 'WRONG_PASSWORD',
        );
      } else {
        assert.equal(outcome.status, 'fulfilled');
        assert.ok(outcome.status === 'fulfilled');
        assert.deepEqual(outcome.value, SECRET);
      }
    });
    assert.equal(serializeKeystore(file), text, 'opening does not modify the file object');
  });
});

describe('changePassword', () => {
  it('re-encrypts under the new password with fresh salt and nonce', async () => {
    const file = await sealKeystore(SECRET, PASSWORD, { kdf: FAST });
    const changed = await changePassword(file, PASSWORD, 'new password', { kdf: FAST });
    assert.deepEqual(await openKeystore(changed, 'new password'), SECRET);
    await rejectsWith(openKeystore(changed, PASSWORD), 'WRONG_PASSWORD');
    assert.notEqual(changed.kdf.salt, file.kdf.salt);
    assert.notEqual(changed.cipher.nonce, file.cipher.nonce);
    assert.equal(changed.payload, 'json');
    assert.deepEqual(await openKeystore(file, PASSWORD), SECRET, 'the old file object is untouched');
  });

  it('keeps byte secrets as bytes and accepts the serialised file', async () => {
    const file = await sealKeystore(SEED, PASSWORD, { kdf: FAST });
    const changed = await changePassword(serializeKeystore(file), PASSWORD, 'other', { kdf: FAST });
    assert.deepEqual(await openKeystore(changed, 'other'), SEED);
  });

  it('refuses a wrong old password, a corrupt file and an empty new password', async () => {
    const file = await sealKeystore(SEED, PASSWORD, { kdf: FAST });
    await rejectsWith(changePassword(file, 'nope', 'new', { kdf: FAST }), 'WRONG_PASSWORD');
    await rejectsWith(
      changePassword(serializeKeystore(file).slice(0, 50), PASSWORD, 'new', { kdf: FAST }),
      'CORRUPT_KEYSTORE',
    );
    await rejectsWith(changePassword(file, PASSWORD, '', { kdf: FAST }), 'INVALID_ARGUMENT');
  });
});

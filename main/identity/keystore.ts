import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { IdentityError } from './errors.ts';

/**
 * Password-protected file for an account's secrets (mnemonic, master seed).
 *
 * Layout (version 1), a compact JSON object:
 *   { "format": "waku-status-desktop-keystore", "version": 1, "payload": "bytes" | "json",
 *     "kdf": { "name": "scrypt", "n", "r", "p", "dkLen": 32, "salt": base64 },
 *     "cipher": { "name": "aes-256-gcm", "nonce": base64 (12 bytes) },
 *     "ciphertext": base64 (encrypted payload ‖ 16-byte GCM tag),
 *     "checksum": hex sha256(len(header) ‖ header ‖ ciphertext) }
 * where `header` is the canonical JSON of every field except ciphertext and checksum; it is also
 * the GCM additional data, so the parameters are authenticated by the password-derived key.
 *
 * Why the unkeyed checksum: GCM alone cannot tell a wrong password from a damaged file, and
 * "wrong password" for a file that was truncated by a crash or a bad sync sends users hunting for
 * a password that was right. The checksum catches accidental damage (CORRUPT_KEYSTORE) before the
 * slow KDF runs; any deliberate change that also fixes the checksum still fails GCM.
 *
 * KDF: scrypt (memory-hard) through node:crypto, which runs on the libuv thread pool so the event
 * loop stays free. Default N = 2^17, r = 8, p = 1 needs 128 MiB and took 350–400 ms per derivation
 * on the 2-core development VM (2^16: ~170 ms, 2^18: ~700 ms); that is the cost of every unlock and
 * of every password guess. Parameters read from a file are bounded before the KDF runs, so a
 * crafted file cannot make us allocate gigabytes or spin for minutes.
 */

export const KEYSTORE_FORMAT = 'waku-status-desktop-keystore';
export const KEYSTORE_VERSION = 1;

export type ScryptParams = { n: number; r: number; p: number };

export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ n: 2 ** 17, r: 8, p: 1 });

/** Accepted from files and callers alike. The lower bound exists for fast tests, not for use. */
export const SCRYPT_LIMITS = Object.freeze({
  minN: 2 ** 10,
  maxN: 2 ** 18,
  maxR: 32,
  maxP: 16,
  /** scrypt's working memory, 128·N·r bytes */
  maxMemoryBytes: 256 * 1024 * 1024,
  /** total work, N·r·p (default is 2^20); 2^22 is about 1.5 s here */
  maxWork: 2 ** 22,
});

export type KeystorePayloadType = 'bytes' | 'json';
export type KeystoreJson = { [key: string]: unknown };
export type KeystoreSecret = Uint8Array | KeystoreJson;
export type KeystorePassword = string | Uint8Array;

export type KeystoreFile = {
  format: typeof KEYSTORE_FORMAT;
  version: typeof KEYSTORE_VERSION;
  payload: KeystorePayloadType;
  kdf: { name: 'scrypt'; n: number; r: number; p: number; dkLen: 32; salt: string };
  cipher: { name: 'aes-256-gcm'; nonce: string };
  ciphertext: string;
  checksum: string;
};

export type SealOptions = { kdf?: ScryptParams };

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SALT_BYTES = 32;
const MIN_SALT_BYTES = 16;
const MAX_SALT_BYTES = 64;
const MAX_SECRET_BYTES = 64 * 1024;
const MAX_CIPHERTEXT_BASE64_LENGTH = Math.ceil((MAX_SECRET_BYTES + TAG_BYTES) / 3) * 4;

function corrupt(reason: string): IdentityError {
  return new IdentityError('CORRUPT_KEYSTORE', `The keystore file is damaged or not a keystore: ${reason}.`);
}

/** Object literals and JSON.parse output only: a Map or class instance would not survive JSON. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function checkScryptParams(params: ScryptParams, fail: (reason: string) => IdentityError): void {
  const { n, r, p } = params;
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(r) || !Number.isSafeInteger(p)) {
    throw fail('the scrypt parameters must be integers');
  }
  if (n < SCRYPT_LIMITS.minN || n > SCRYPT_LIMITS.maxN || (n & (n - 1)) !== 0) {
    throw fail(`scrypt N must be a power of two from 2^10 to 2^18, not ${n}`);
  }
  if (r < 1 || r > SCRYPT_LIMITS.maxR || p < 1 || p > SCRYPT_LIMITS.maxP) {
    throw fail(`scrypt r must be 1..${SCRYPT_LIMITS.maxR} and p 1..${SCRYPT_LIMITS.maxP}`);
  }
  if (128 * n * r > SCRYPT_LIMITS.maxMemoryBytes || n * r * p > SCRYPT_LIMITS.maxWork) {
    throw fail('the scrypt parameters ask for more memory or time than allowed');
  }
}

function passwordBytes(password: KeystorePassword): Buffer {
  if (typeof password === 'string') {
    // One password, one key: the same characters typed on another OS may arrive in another
    // Unicode normal form.
    return Buffer.from(password.normalize('NFKC'), 'utf8');
  }
  if (password instanceof Uint8Array) {
    return Buffer.from(password);
  }
  throw new IdentityError('INVALID_ARGUMENT', 'The password must be a string or bytes.');
}

function deriveKey(
  password: Buffer,
  salt: Uint8Array,
  params: ScryptParams,
  failureCode: 'CORRUPT_KEYSTORE' | 'INVALID_ARGUMENT',
): Promise<Buffer> {
  const { n, r, p } = params;
  // Node's own limit is 128·N·r plus scratch for p; leave headroom above the bound we enforce.
  const maxmem = 128 * n * r + 128 * r * p + 1024 * 1024;
  return new Promise((resolve, reject) => {
    try {
      scrypt(password, salt, KEY_BYTES, { N: n, r, p, maxmem }, (error, key) => {
        if (error === null) resolve(key);
        else
          reject(
            new IdentityError(failureCode, 'The key derivation (scrypt) could not run with these parameters.', {
              cause: error,
            }),
          );
      });
    } catch (cause) {
      reject(
        new IdentityError(failureCode, 'The key derivation (scrypt) could not run with these parameters.', { cause }),
      );
    }
  });
}

function canonicalHeader(file: Omit<KeystoreFile, 'ciphertext' | 'checksum'>): Buffer {
  const header = {
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
  };
  return Buffer.from(JSON.stringify(header), 'utf8');
}

function checksumOf(header: Buffer, ciphertext: Uint8Array): string {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return createHash('sha256').update(length).update(header).update(ciphertext).digest('hex');
}

/** Strict base64: the canonical encoding only, so every change to the text is a change to the bytes. */
function decodeBase64(text: string, field: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(text) || bytes.toString('base64') !== text) {
    throw corrupt(`${field} is not canonical base64`);
  }
  return bytes;
}

function encodePayload(secret: KeystoreSecret): { type: KeystorePayloadType; bytes: Buffer } {
  if (secret instanceof Uint8Array) {
    return { type: 'bytes', bytes: Buffer.from(secret) };
  }
  if (isPlainObject(secret)) {
    let json: string;
    try {
      json = JSON.stringify(secret);
    } catch (cause) {
      throw new IdentityError('INVALID_ARGUMENT', 'The secret object cannot be serialised as JSON.', { cause });
    }
    // toJSON() can turn an object into anything; only an object opens as one.
    if (typeof json !== 'string' || !json.startsWith('{')) {
      throw new IdentityError('INVALID_ARGUMENT', 'The secret object must serialise to a JSON object.');
    }
    return { type: 'json', bytes: Buffer.from(json, 'utf8') };
  }
  throw new IdentityError('INVALID_ARGUMENT', 'The secret must be bytes or a plain object.');
}

function decodePayload(type: KeystorePayloadType, bytes: Buffer): KeystoreSecret {
  if (type === 'bytes') return new Uint8Array(bytes);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw corrupt('the decrypted secret is not valid JSON');
  }
  if (!isPlainObject(value)) throw corrupt('the decrypted secret is not a JSON object');
  return value;
}

async function sealPayload(
  type: KeystorePayloadType,
  plaintext: Buffer,
  password: KeystorePassword,
  options: SealOptions,
): Promise<KeystoreFile> {
  const params = options.kdf ?? DEFAULT_SCRYPT_PARAMS;
  checkScryptParams(
    params,
    (reason) => new IdentityError('INVALID_ARGUMENT', `Unusable scrypt parameters: ${reason}.`),
  );
  if (plaintext.length > MAX_SECRET_BYTES) {
    throw new IdentityError('INVALID_ARGUMENT', `A keystore holds at most ${MAX_SECRET_BYTES} bytes of secret.`);
  }
  const passwordData = passwordBytes(password);
  if (passwordData.length === 0) {
    throw new IdentityError('INVALID_ARGUMENT', 'The password must not be empty.');
  }

  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const headerFields = {
    format: KEYSTORE_FORMAT,
    version: KEYSTORE_VERSION,
    payload: type,
    kdf: { name: 'scrypt', n: params.n, r: params.r, p: params.p, dkLen: KEY_BYTES, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', nonce: nonce.toString('base64') },
  } as const;
  const header = canonicalHeader(headerFields);

  let key: Buffer;
  try {
    key = await deriveKey(passwordData, salt, params, 'INVALID_ARGUMENT');
  } finally {
    passwordData.fill(0);
  }
  try {
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(header);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { ...headerFields, ciphertext: ciphertext.toString('base64'), checksum: checksumOf(header, ciphertext) };
  } finally {
    key.fill(0);
  }
}

type ParsedKeystore = {
  file: KeystoreFile;
  header: Buffer;
  salt: Buffer;
  nonce: Buffer;
  ciphertext: Buffer;
};

function expectKeys(value: Record<string, unknown>, keys: readonly string[], where: string): void {
  const actual = Object.keys(value);
  const missing = keys.filter((key) => !Object.hasOwn(value, key));
  const extra = actual.filter((key) => !keys.includes(key));
  if (missing.length > 0) throw corrupt(`${where} lacks ${missing.join(', ')}`);
  if (extra.length > 0) {
    const names = extra.slice(0, 3).map((key) => JSON.stringify(key.slice(0, 32)));
    throw corrupt(`${where} has unexpected fields ${names.join(', ')}${extra.length > 3 ? ', …' : ''}`);
  }
}

function expectString(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.length > maxLength) throw corrupt(`${field} is not a valid string`);
  return value;
}

/** Structure, version, bounds and checksum; everything that needs no password. */
function parseAndVerify(input: unknown): ParsedKeystore {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw corrupt('it is not valid JSON (truncated?)');
    }
  }
  if (!isPlainObject(value)) throw corrupt('it is not a JSON object');
  if (value.format !== KEYSTORE_FORMAT) throw corrupt('the format marker is missing or wrong');
  if (value.version !== KEYSTORE_VERSION) {
    const version = typeof value.version === 'number' ? String(value.version) : 'missing';
    throw corrupt(`unsupported version ${version} (this app reads version ${KEYSTORE_VERSION})`);
  }
  expectKeys(value, ['format', 'version', 'payload', 'kdf', 'cipher', 'ciphertext', 'checksum'], 'the file');

  const payload = value.payload;
  if (payload !== 'bytes' && payload !== 'json') throw corrupt('the payload type is unknown');

  const kdf = value.kdf;
  if (!isPlainObject(kdf)) throw corrupt('kdf is not an object');
  expectKeys(kdf, ['name', 'n', 'r', 'p', 'dkLen', 'salt'], 'kdf');
  if (kdf.name !== 'scrypt') throw corrupt('the KDF is not scrypt');
  if (kdf.dkLen !== KEY_BYTES) throw corrupt('the derived key length is not 32');
  const { n, r, p } = kdf;
  if (typeof n !== 'number' || typeof r !== 'number' || typeof p !== 'number') {
    throw corrupt('the scrypt parameters are not numbers');
  }
  checkScryptParams({ n, r, p }, corrupt);

  const cipherInfo = value.cipher;
  if (!isPlainObject(cipherInfo)) throw corrupt('cipher is not an object');
  expectKeys(cipherInfo, ['name', 'nonce'], 'cipher');
  if (cipherInfo.name !== 'aes-256-gcm') throw corrupt('the cipher is not aes-256-gcm');

  const saltText = expectString(kdf.salt, 'the salt', 128);
  const nonceText = expectString(cipherInfo.nonce, 'the nonce', 32);
  const ciphertextText = expectString(value.ciphertext, 'the ciphertext', MAX_CIPHERTEXT_BASE64_LENGTH);
  const checksumText = expectString(value.checksum, 'the checksum', 64);

  const salt = decodeBase64(saltText, 'the salt');
  const nonce = decodeBase64(nonceText, 'the nonce');
  const ciphertext = decodeBase64(ciphertextText, 'the ciphertext');
  if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) throw corrupt('the salt has the wrong length');
  if (nonce.length !== NONCE_BYTES) throw corrupt('the nonce has the wrong length');
  if (ciphertext.length < TAG_BYTES) throw corrupt('the ciphertext is too short');

  const file: KeystoreFile = {
    format: KEYSTORE_FORMAT,
    version: KEYSTORE_VERSION,
    payload,
    kdf: { name: 'scrypt', n, r, p, dkLen: KEY_BYTES, salt: saltText },
    cipher: { name: 'aes-256-gcm', nonce: nonceText },
    ciphertext: ciphertextText,
    checksum: checksumText,
  };
  const header = canonicalHeader(file);
  const expected = Buffer.from(checksumOf(header, ciphertext), 'utf8');
  const actual = Buffer.from(checksumText, 'utf8');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw corrupt('the checksum does not match (the file was changed or cut short)');
  }
  return { file, header, salt, nonce, ciphertext };
}

async function openPayload(
  input: KeystoreFile | string,
  password: KeystorePassword,
): Promise<{ type: KeystorePayloadType; plaintext: Buffer }> {
  const parsed = parseAndVerify(input);
  const passwordData = passwordBytes(password);
  let key: Buffer;
  try {
    key = await deriveKey(passwordData, parsed.salt, parsed.file.kdf, 'CORRUPT_KEYSTORE');
  } finally {
    passwordData.fill(0);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parsed.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(parsed.header);
    decipher.setAuthTag(parsed.ciphertext.subarray(parsed.ciphertext.length - TAG_BYTES));
    const body = parsed.ciphertext.subarray(0, parsed.ciphertext.length - TAG_BYTES);
    const plaintext = Buffer.concat([decipher.update(body), decipher.final()]);
    return { type: parsed.file.payload, plaintext };
  } catch {
    throw new IdentityError('WRONG_PASSWORD', 'The password is wrong.');
  } finally {
    key.fill(0);
  }
}

/** Encrypts `secret` (bytes, or a plain JSON object such as { mnemonic }) under `password`. */
export async function sealKeystore(
  secret: KeystoreSecret,
  password: KeystorePassword,
  options: SealOptions = {},
): Promise<KeystoreFile> {
  const { type, bytes } = encodePayload(secret);
  try {
    return await sealPayload(type, bytes, password, options);
  } finally {
    bytes.fill(0);
  }
}

/**
 * Decrypts a keystore (the parsed object or its JSON text). Throws WRONG_PASSWORD or
 * CORRUPT_KEYSTORE; returns bytes or the JSON object, as sealed.
 */
export async function openKeystore(file: KeystoreFile | string, password: KeystorePassword): Promise<KeystoreSecret> {
  const { type, plaintext } = await openPayload(file, password);
  try {
    return decodePayload(type, plaintext);
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Re-encrypts under a new password with a fresh salt and nonce. The KDF parameters are the
 * defaults unless given, which also upgrades files sealed with weaker parameters.
 */
export async function changePassword(
  file: KeystoreFile | string,
  oldPassword: KeystorePassword,
  newPassword: KeystorePassword,
  options: SealOptions = {},
): Promise<KeystoreFile> {
  const { type, plaintext } = await openPayload(file, oldPassword);
  try {
    return await sealPayload(type, plaintext, newPassword, options);
  } finally {
    plaintext.fill(0);
  }
}

/** Validates structure and checksum without the password; throws CORRUPT_KEYSTORE. */
export function parseKeystore(text: string): KeystoreFile {
  return parseAndVerify(text).file;
}

export function serializeKeystore(file: KeystoreFile): string {
  return JSON.stringify(file);
}

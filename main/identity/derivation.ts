import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { keccak256 } from '../crypto/hash.ts';
import { IdentityError } from './errors.ts';
import { publicKeyFromBytes } from './keys.ts';
import { mnemonicToSeed } from './mnemonic.ts';

/** status-go api/defaults.go; see status-reference.md §1.1. */
export const DERIVATION_PATHS = {
  eip1581Root: "m/43'/60'/1581'",
  /** the chat / identity key ("whisper" key): its public key is the user's Status identity */
  chat: "m/43'/60'/1581'/0'/0",
  /** the EIP-1581 encryption key; we key the local database from it */
  encryption: "m/43'/60'/1581'/1'/0",
  walletRoot: "m/44'/60'/0'/0",
  /** "Account 1" of the wallet */
  defaultWallet: "m/44'/60'/0'/0/0",
} as const;

export type DerivationPath = (typeof DERIVATION_PATHS)[keyof typeof DERIVATION_PATHS];

export type DerivedKeyPair = {
  path: DerivationPath;
  /** 32 bytes. Secret. */
  privateKey: Uint8Array;
  /** 65 bytes, uncompressed (0x04‖X‖Y) */
  publicKey: Uint8Array;
  /** EIP-55 checksummed 0x address of the key */
  address: string;
};

export type DerivedAccount = {
  /** "0x" + hex(sha256(uncompressed master public key)); status-go's account identifier */
  keyUid: string;
  /** 65 bytes, uncompressed */
  masterPublicKey: Uint8Array;
  chatKey: DerivedKeyPair;
  encryptionKey: DerivedKeyPair;
  /** public part only: this app never signs wallet transactions */
  wallet: { path: DerivationPath; publicKey: Uint8Array; address: string };
};

const SEED_MIN_BYTES = 16;
const SEED_MAX_BYTES = 64;
const PRIVATE_KEY_BYTES = 32;
const DATABASE_KEY_BYTES = 32;
const DATABASE_KEY_INFO = utf8ToBytes('waku-status-desktop/sqlcipher-database-key/v1');

/** EIP-55: hex letters are upper-cased where the keccak of the lowercase address has a nibble >= 8. */
export function toChecksumAddress(address: string): string {
  const lower = address.replace(/^0x/iu, '').toLowerCase();
  if (!/^[0-9a-f]{40}$/u.test(lower)) {
    throw new IdentityError('INVALID_ARGUMENT', 'An Ethereum address has 40 hex digits.');
  }
  const hash = bytesToHex(keccak256(utf8ToBytes(lower)));
  let result = '0x';
  for (let i = 0; i < lower.length; i++) {
    const char = lower.charAt(i);
    result += Number.parseInt(hash.charAt(i), 16) >= 8 ? char.toUpperCase() : char;
  }
  return result;
}

/** The Ethereum address of a public key: last 20 bytes of keccak256(X‖Y). */
export function publicKeyToAddress(publicKey: Uint8Array): string {
  const uncompressed = publicKeyFromBytes(publicKey);
  return toChecksumAddress(bytesToHex(keccak256(uncompressed.subarray(1)).subarray(12)));
}

export function keyUidFromPublicKey(masterPublicKey: Uint8Array): string {
  return `0x${bytesToHex(sha256(publicKeyFromBytes(masterPublicKey)))}`;
}

function uncompressedPublicKey(node: HDKey): Uint8Array {
  if (node.publicKey === null) {
    throw new IdentityError('INVALID_ARGUMENT', 'The derived key has no public key.');
  }
  return publicKeyFromBytes(node.publicKey);
}

function deriveKeyPair(master: HDKey, path: DerivationPath): DerivedKeyPair {
  const node = master.derive(path);
  try {
    if (node.privateKey === null) {
      throw new IdentityError('INVALID_ARGUMENT', 'The derived key has no private key.');
    }
    const publicKey = uncompressedPublicKey(node);
    return { path, privateKey: Uint8Array.from(node.privateKey), publicKey, address: publicKeyToAddress(publicKey) };
  } finally {
    node.wipePrivateData();
  }
}

/** Derives the Status account of a BIP-39 seed (64 bytes for a mnemonic). */
export function deriveAccountFromSeed(seed: Uint8Array): DerivedAccount {
  if (!(seed instanceof Uint8Array) || seed.length < SEED_MIN_BYTES || seed.length > SEED_MAX_BYTES) {
    throw new IdentityError('INVALID_ARGUMENT', 'A BIP-32 seed has 16 to 64 bytes.');
  }
  const master = HDKey.fromMasterSeed(seed);
  try {
    const masterPublicKey = uncompressedPublicKey(master);
    const walletNode = master.derive(DERIVATION_PATHS.defaultWallet);
    const walletPublicKey = uncompressedPublicKey(walletNode);
    walletNode.wipePrivateData();
    return {
      keyUid: keyUidFromPublicKey(masterPublicKey),
      masterPublicKey,
      chatKey: deriveKeyPair(master, DERIVATION_PATHS.chat),
      encryptionKey: deriveKeyPair(master, DERIVATION_PATHS.encryption),
      wallet: {
        path: DERIVATION_PATHS.defaultWallet,
        publicKey: walletPublicKey,
        address: publicKeyToAddress(walletPublicKey),
      },
    };
  } finally {
    master.wipePrivateData();
  }
}

/**
 * Derives the account of a recovery phrase, with an empty BIP-39 passphrase as status-go does.
 * Throws a MnemonicError for a phrase that does not validate.
 */
export function deriveAccount(mnemonic: string): DerivedAccount {
  const seed = mnemonicToSeed(mnemonic);
  try {
    return deriveAccountFromSeed(seed);
  } finally {
    seed.fill(0);
  }
}

/**
 * The 32-byte SQLCipher key of the account's local database, from the private key at
 * m/43'/60'/1581'/1'/0: HKDF-SHA256(ikm = that private key, no salt,
 * info = "waku-status-desktop/sqlcipher-database-key/v1").
 *
 * Why not status-go's scheme: status-go uses the hex *public* key of this path as the database
 * password (Keycard / mnemonic login). We never open status-go's database files, and a password
 * that is a public key is only as secret as that key stays unpublished. Why HKDF instead of the
 * raw private key: domain separation, so a leaked database key is not a usable secp256k1 signing
 * key and the same private key can feed other purposes later without related outputs.
 * Pass the result to SQLCipher as a raw key (PRAGMA key = "x'<64 hex>'") so SQLCipher skips its
 * own password KDF: the key is already full-entropy.
 */
export function deriveDatabaseKey(encryptionPrivateKey: Uint8Array): Uint8Array {
  if (!(encryptionPrivateKey instanceof Uint8Array) || encryptionPrivateKey.length !== PRIVATE_KEY_BYTES) {
    throw new IdentityError('INVALID_ARGUMENT', 'The database key is derived from a 32-byte private key.');
  }
  if (!secp256k1.utils.isValidSecretKey(encryptionPrivateKey)) {
    throw new IdentityError('INVALID_ARGUMENT', 'The database key must be derived from a valid secp256k1 private key.');
  }
  return hkdf(sha256, encryptionPrivateKey, undefined, DATABASE_KEY_INFO, DATABASE_KEY_BYTES);
}

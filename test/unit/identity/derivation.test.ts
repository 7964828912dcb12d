import assert from 'node:assert/strict';
import { hkdfSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { entropyToMnemonic, mnemonicToSeedSync } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import fc from 'fast-check';
import { generateAlias } from '../../../main/identity/alias.ts';
import {
  DERIVATION_PATHS,
  deriveAccount,
  deriveAccountFromSeed,
  deriveDatabaseKey,
  keyUidFromPublicKey,
  publicKeyToAddress,
  toChecksumAddress,
} from '../../../main/identity/derivation.ts';
import { IdentityError, MnemonicError } from '../../../main/identity/errors.ts';
import { toCompressedHex, toUncompressedHex } from '../../../main/identity/keys.ts';

const ABANDON_ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

describe('deriveAccount: published vectors', () => {
  it('derives the well-known BIP-44 ETH address of the BIP-39 test phrase', () => {
    assert.equal(deriveAccount(ABANDON_ABOUT).wallet.address, '0x9858EfFD232B4033E47d90003D41EC34EcaEda94');
  });

  it('matches status-go generator_test.go / extkeys hdkey_test.go (phrase + "TREZOR" passphrase)', () => {
    const seed = mnemonicToSeedSync(ABANDON_ABOUT, 'TREZOR');
    const account = deriveAccountFromSeed(seed);
    assert.equal(account.wallet.address, '0x9c32F71D4DB8Fb9e1A58B0a80dF79935e7256FA6');
    assert.equal(
      toUncompressedHex(account.wallet.publicKey),
      '0x04986dee3b8afe24cb8ccb2ac23dac3f8c43d22850d14b809b26d6b8aa5a1f47784152cd2c7d9edd0ab20392a837464b5a750b2a7f3f06e6a5756b5211b6a6ed05',
    );
    // status-go's extendedMasterKey (also BIP-39 Trezor vector 0): our master key is that key.
    const statusGoMaster = HDKey.fromExtendedKey(
      'xprv9s21ZrQH143K3h3fDYiay8mocZ3afhfULfb5GX8kCBdno77K4HiA15Tg23wpbeF1pLfs1c5SPmYHrEpTuuRhxMwvKDwqdKiGJS9XFKzUsAF',
    );
    assert.equal(
      toCompressedHex(account.masterPublicKey),
      `0x${bytesToHex(statusGoMaster.publicKey ?? new Uint8Array())}`,
    );
    assert.equal(account.keyUid, keyUidFromPublicKey(account.masterPublicKey));
  });

  it('matches the Status mobile account in status-go old_mobile_user_upgrading_from_v1_to_v2_test.go', () => {
    // keyUID, chat-key address and alias, and wallet address recorded for that phrase.
    const account = deriveAccount('coin globe kit hamster notable proof orphan always mistake usual morning usage');
    assert.equal(account.keyUid, '0x855ab0a932e5325daab7a550b9fcd78d2a17de5e2b7a52241f82505ea9d87629');
    assert.equal(account.chatKey.address.toLowerCase(), '0x4851276e2b7dc3b8bef1749127031bcb3578492d');
    assert.equal(generateAlias(account.chatKey.publicKey), 'Cadetblue Fuzzy Flickertailsquirrel');
    assert.equal(account.wallet.address.toLowerCase(), '0x23a5cef34b18920785f4b895849936f65cbdef73');
    assert.equal(account.wallet.address, toChecksumAddress(account.wallet.address));
  });

  it('matches the imported seed-phrase account of the same status-go test', () => {
    const account = deriveAccount('vocal blouse script census island armor seek catch wool narrow peasant attract');
    assert.equal(account.wallet.address.toLowerCase(), '0xb7a1233d1309ce665a3a4db088e4a046eb333545');
  });
});

describe('deriveAccount: structure', () => {
  it('derives each key at its documented path', () => {
    const seed = mnemonicToSeedSync(ABANDON_ABOUT, '');
    const master = HDKey.fromMasterSeed(seed);
    const account = deriveAccount(ABANDON_ABOUT);
    assert.equal(account.chatKey.path, "m/43'/60'/1581'/0'/0");
    assert.equal(account.encryptionKey.path, "m/43'/60'/1581'/1'/0");
    assert.equal(account.wallet.path, "m/44'/60'/0'/0/0");
    for (const pair of [account.chatKey, account.encryptionKey]) {
      const node = master.derive(pair.path);
      assert.deepEqual(pair.privateKey, node.privateKey);
      assert.deepEqual(pair.publicKey, secp256k1.getPublicKey(pair.privateKey, false));
      assert.equal(pair.address, publicKeyToAddress(pair.publicKey));
    }
    assert.equal(DERIVATION_PATHS.chat, account.chatKey.path);
  });

  it('keyUid is sha256 of the uncompressed master public key', () => {
    const account = deriveAccount(ABANDON_ABOUT);
    assert.match(account.keyUid, /^0x[0-9a-f]{64}$/u);
    assert.equal(account.masterPublicKey.length, 65);
    assert.equal(account.keyUid, keyUidFromPublicKey(account.masterPublicKey));
    // computed here, not upstream: pins the value against regressions
    assert.equal(account.keyUid, '0x16f5b9c7657df5e0b45016292d852a36622fb39b63c28017ccf21633270858f1');
  });

  it('gives chat, encryption and wallet keys that are all different', () => {
    const account = deriveAccount(ABANDON_ABOUT);
    const keys = new Set(
      [
        account.chatKey.publicKey,
        account.encryptionKey.publicKey,
        account.wallet.publicKey,
        account.masterPublicKey,
      ].map(bytesToHex),
    );
    assert.equal(keys.size, 4);
  });

  it('refuses a bad phrase with MnemonicError and a bad seed with INVALID_ARGUMENT', () => {
    assert.throws(() => deriveAccount('abandon abandon'), MnemonicError);
    assert.throws(
      () => deriveAccountFromSeed(new Uint8Array(8)),
      (error: unknown) => error instanceof IdentityError && error.code === 'INVALID_ARGUMENT',
    );
  });

  it('derives the same account twice from the same phrase, however typed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.boolean(), (entropy, shout) => {
        const phrase = entropyToMnemonic(entropy, wordlist);
        const first = deriveAccount(phrase);
        const second = deriveAccount(shout ? `  ${phrase.toUpperCase()}\n` : phrase);
        assert.deepEqual(second, first);
      }),
      { numRuns: 25 },
    );
  });

  it('derives different accounts from different phrases', () => {
    const a = deriveAccount(ABANDON_ABOUT);
    const b = deriveAccount('legal winner thank year wave sausage worth useful legal winner thank yellow');
    assert.notEqual(a.keyUid, b.keyUid);
    assert.notDeepEqual(a.chatKey.publicKey, b.chatKey.publicKey);
  });
});

describe('EIP-55 addresses', () => {
  it('reproduces the checksums of the EIP-55 specification', () => {
    for (const address of [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
      '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    ]) {
      assert.equal(toChecksumAddress(address.toLowerCase()), address);
      assert.equal(toChecksumAddress(address.slice(2).toUpperCase()), address);
    }
  });

  it('refuses something that is not 20 bytes of hex', () => {
    assert.throws(() => toChecksumAddress('0x1234'), IdentityError);
    assert.throws(() => toChecksumAddress(`0x${'g'.repeat(40)}`), IdentityError);
  });
});

describe('deriveDatabaseKey', () => {
  it('is HKDF-SHA256 of the encryption private key with the documented info string', () => {
    const account = deriveAccount(ABANDON_ABOUT);
    const key = deriveDatabaseKey(account.encryptionKey.privateKey);
    const expected = new Uint8Array(
      hkdfSync(
        'sha256',
        account.encryptionKey.privateKey,
        new Uint8Array(0),
        'waku-status-desktop/sqlcipher-database-key/v1',
        32,
      ),
    );
    assert.equal(key.length, 32);
    assert.deepEqual(key, expected);
    assert.notDeepEqual(key, account.encryptionKey.privateKey);
    assert.deepEqual(deriveDatabaseKey(deriveAccount(ABANDON_ABOUT).encryptionKey.privateKey), key);
  });

  it('differs between accounts and refuses anything but a valid 32-byte private key', () => {
    const a = deriveDatabaseKey(deriveAccount(ABANDON_ABOUT).encryptionKey.privateKey);
    const b = deriveDatabaseKey(
      deriveAccount('legal winner thank year wave sausage worth useful legal winner thank yellow').encryptionKey
        .privateKey,
    );
    assert.notDeepEqual(a, b);
    for (const bad of [new Uint8Array(31), new Uint8Array(32), new Uint8Array(32).fill(0xff)]) {
      assert.throws(
        () => deriveDatabaseKey(bad),
        (error: unknown) => error instanceof IdentityError && error.code === 'INVALID_ARGUMENT',
      );
    }
  });
});

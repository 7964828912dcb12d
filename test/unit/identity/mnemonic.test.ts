import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex } from '@noble/hashes/utils.js';
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import fc from 'fast-check';
import { IdentityError, MnemonicError } from '../../../main/identity/errors.ts';
import type { NewMnemonicLength } from '../../../main/identity/mnemonic.ts';
import {
  createMnemonic,
  isValidMnemonic,
  mnemonicToSeed,
  normaliseMnemonic,
  validateMnemonic,
} from '../../../main/identity/mnemonic.ts';

const ABANDON_ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

function mnemonicError(fn: () => unknown): MnemonicError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof MnemonicError, `expected MnemonicError, got ${String(error)}`);
    assert.equal(error.code, 'INVALID_MNEMONIC');
    assert.ok(error instanceof IdentityError);
    return error;
  }
  assert.fail('expected the call to throw');
}

describe('createMnemonic', () => {
  it('makes 12 valid English words by default', () => {
    const words = createMnemonic().split(' ');
    assert.equal(words.length, 12);
    for (const word of words) assert.ok(wordlist.includes(word), word);
    assert.ok(isValidMnemonic(words.join(' ')));
  });

  it('makes 24 valid words on request', () => {
    const phrase = createMnemonic(24);
    assert.equal(phrase.split(' ').length, 24);
    assert.equal(validateMnemonic(phrase), phrase);
  });

  it('draws fresh entropy every time', () => {
    const phrases = new Set(Array.from({ length: 20 }, () => createMnemonic()));
    assert.equal(phrases.size, 20);
  });

  it('refuses other lengths', () => {
    assert.throws(
      () => createMnemonic(13 as NewMnemonicLength),
      (error: unknown) => {
        return error instanceof IdentityError && error.code === 'INVALID_ARGUMENT';
      },
    );
  });
});

describe('normaliseMnemonic', () => {
  it('trims, collapses any whitespace and lower-cases', () => {
    assert.equal(normaliseMnemonic('  Abandon\tABANDON \n\r  about  '), 'abandon abandon about');
    assert.equal(normaliseMnemonic(''), '');
    assert.equal(normaliseMnemonic(' \n '), '');
  });

  it('lets a messy copy of a valid phrase validate to the clean phrase', () => {
    const messy = `\n  ${ABANDON_ABOUT.toUpperCase().split(' ').join(' \t  ')}  \n`;
    assert.equal(validateMnemonic(messy), ABANDON_ABOUT);
  });
});

describe('validateMnemonic', () => {
  it('accepts the BIP-39 test phrase and every BIP-39 length', () => {
    assert.equal(validateMnemonic(ABANDON_ABOUT), ABANDON_ABOUT);
    for (const bytes of [16, 20, 24, 28, 32]) {
      const phrase = entropyToMnemonic(new Uint8Array(bytes).fill(0x7f), wordlist);
      assert.equal(validateMnemonic(phrase), phrase);
    }
  });

  it('reports an empty phrase', () => {
    const error = mnemonicError(() => validateMnemonic('   '));
    assert.equal(error.problem, 'WORD_COUNT');
    assert.match(error.message, /empty/u);
  });

  it('reports a wrong word count with the count', () => {
    const eleven = ABANDON_ABOUT.split(' ').slice(1).join(' ');
    const error = mnemonicError(() => validateMnemonic(eleven));
    assert.equal(error.problem, 'WORD_COUNT');
    assert.match(error.message, /12, 15, 18, 21 or 24 words; this one has 11/u);

    const thirteen = `${ABANDON_ABOUT} abandon`;
    assert.match(mnemonicError(() => validateMnemonic(thirteen)).message, /has 13/u);
  });

  it('names every unknown word and its position', () => {
    const words = ABANDON_ABOUT.split(' ');
    words[2] = 'abandn';
    words[8] = 'xyzzy';
    const error = mnemonicError(() => validateMnemonic(words.join(' ')));
    assert.equal(error.problem, 'UNKNOWN_WORDS');
    assert.deepEqual(error.positions, [3, 9]);
    assert.match(error.message, /2 words not in the BIP-39 English word list: #3 "abandn", #9 "xyzzy"/u);
  });

  it('uses the singular for one unknown word', () => {
    const error = mnemonicError(() => validateMnemonic(ABANDON_ABOUT.replace(/about$/u, 'aboot')));
    assert.match(error.message, /has a word not in .*#12 "aboot"/u);
    assert.deepEqual(error.positions, [12]);
  });

  it('reports a bad checksum separately', () => {
    const error = mnemonicError(() => validateMnemonic(Array(12).fill('abandon').join(' ')));
    assert.equal(error.problem, 'CHECKSUM');
    assert.match(error.message, /checksum/u);
  });

  it('gives three distinct messages for the three problems', () => {
    const messages = new Set([
      mnemonicError(() => validateMnemonic('abandon about')).message,
      mnemonicError(() => validateMnemonic(ABANDON_ABOUT.replace('about', 'qqq'))).message,
      mnemonicError(() => validateMnemonic(ABANDON_ABOUT.replace('about', 'zoo'))).message,
    ]);
    assert.equal(messages.size, 3);
  });

  it('never reveals a valid word of the phrase in a checksum error', () => {
    const phrase = 'legal winner thank year wave sausage worth useful legal winner thank thank';
    const error = mnemonicError(() => validateMnemonic(phrase));
    for (const word of new Set(phrase.split(' '))) assert.ok(!error.message.includes(word), word);
  });

  it('accepts every phrase built from random entropy, however it is typed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 20, 24, 28, 32).chain((length) => fc.uint8Array({ minLength: length, maxLength: length })),
        fc.constantFrom(' ', '  ', '\n', '\t', ' \r\n '),
        fc.boolean(),
        (entropy, separator, upper) => {
          const phrase = entropyToMnemonic(entropy, wordlist);
          const typed = ` ${phrase.split(' ').join(separator)} `;
          assert.equal(validateMnemonic(upper ? typed.toUpperCase() : typed), phrase);
        },
      ),
    );
  });

  it('either accepts or throws MnemonicError for any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.array(fc.constantFrom(...wordlist.slice(0, 50)), { maxLength: 25 }).map((w) => w.join(' ')),
        ),
        (text) => {
          try {
            validateMnemonic(text);
          } catch (error) {
            assert.ok(error instanceof MnemonicError);
          }
        },
      ),
    );
  });
});

describe('mnemonicToSeed', () => {
  it('uses an empty BIP-39 passphrase (standard vector)', () => {
    assert.equal(
      bytesToHex(mnemonicToSeed(ABANDON_ABOUT)),
      '5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4',
    );
  });

  it('normalises before hashing and refuses invalid phrases', () => {
    assert.deepEqual(mnemonicToSeed(` ${ABANDON_ABOUT.toUpperCase()} `), mnemonicToSeed(ABANDON_ABOUT));
    assert.throws(() => mnemonicToSeed('abandon'), MnemonicError);
  });
});

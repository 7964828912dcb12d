import { pbkdf2Sync } from 'node:crypto';
import { generateMnemonic, validateMnemonic as hasValidChecksum } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { IdentityError, MnemonicError } from './errors.ts';

/** status-go creates 12-word phrases (`defaultMnemonicLength = 12`); 24 is offered as an option. */
export type NewMnemonicLength = 12 | 24;

/** Every length BIP-39 defines, so phrases made by other wallets can be imported. */
export const ACCEPTED_WORD_COUNTS: readonly number[] = [12, 15, 18, 21, 24];

const ENTROPY_BITS: Record<NewMnemonicLength, number> = { 12: 128, 24: 256 };

const knownWords: ReadonlySet<string> = new Set(wordlist);

export function createMnemonic(length: NewMnemonicLength = 12): string {
  const bits = ENTROPY_BITS[length];
  if (bits === undefined) {
    throw new IdentityError(
      'INVALID_ARGUMENT',
      `A new recovery phrase must have 12 or 24 words, not ${String(length)}.`,
    );
  }
  return generateMnemonic(wordlist, bits);
}

/** Undoes what users do when they type or paste a phrase: stray spaces, line breaks, capitals. */
export function normaliseMnemonic(text: string): string {
  return text
    .trim()
    .split(/\s+/u)
    .filter((word) => word !== '')
    .join(' ')
    .toLowerCase();
}

/**
 * Returns the normalised phrase, or throws a MnemonicError that says which check failed:
 * word count first, then unknown words (with their positions), then the BIP-39 checksum.
 * The unknown words are echoed back because the user needs to see which one they mistyped;
 * a word that is not in the list is not itself part of the secret, but callers should still
 * not log these messages.
 */
export function validateMnemonic(text: string): string {
  const normalised = normaliseMnemonic(text);
  const words = normalised === '' ? [] : normalised.split(' ');

  if (words.length === 0) {
    throw new MnemonicError('WORD_COUNT', 'The recovery phrase is empty.');
  }
  if (!ACCEPTED_WORD_COUNTS.includes(words.length)) {
    throw new MnemonicError(
      'WORD_COUNT',
      `A recovery phrase has 12, 15, 18, 21 or 24 words; this one has ${words.length}.`,
    );
  }

  const unknown = words
    .map((word, index) => ({ word, position: index + 1 }))
    .filter(({ word }) => !knownWords.has(word));
  if (unknown.length > 0) {
    const list = unknown.map(({ word, position }) => `#${position} "${word}"`).join(', ');
    const count = unknown.length === 1 ? 'a word' : `${unknown.length} words`;
    throw new MnemonicError(
      'UNKNOWN_WORDS',
      `The recovery phrase has ${count} not in the BIP-39 English word list: ${list}.`,
      unknown.map(({ position }) => position),
    );
  }

  if (!hasValidChecksum(normalised, wordlist)) {
    throw new MnemonicError(
      'CHECKSUM',
      'The recovery phrase checksum does not match: a word is probably wrong or out of order.',
    );
  }
  return normalised;
}

export function isValidMnemonic(text: string): boolean {
  try {
    validateMnemonic(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * BIP-39 seed, PBKDF2-HMAC-SHA512(phrase, "mnemonic" + passphrase, 2048 rounds, 64 bytes), with
 * an empty passphrase as status-go uses for every account it creates or restores; a passphrase
 * would silently derive a different identity. node:crypto's native PBKDF2 is about ten times
 * faster than the pure-JS one; the validated phrase is plain ASCII, so NFKD changes nothing.
 */
export function mnemonicToSeed(text: string): Uint8Array {
  const phrase = validateMnemonic(text);
  const seed = pbkdf2Sync(phrase.normalize('NFKD'), 'mnemonic', 2048, 64, 'sha512');
  const copy = new Uint8Array(seed);
  seed.fill(0);
  return copy;
}

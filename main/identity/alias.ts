import { bytesToNumberBE } from '@noble/curves/utils.js';
import { readDataLines } from './data-files.ts';
import { IdentityError } from './errors.ts';
import { publicKeyFromBytes } from './keys.ts';

/**
 * The three-word pseudonym ("Hard Tame Brownbutterfly") status-go derives from a public key
 * (protocol/identity/alias): seed = low 64 bits of the key's X coordinate, a 64-bit Fibonacci
 * LFSR with taps 0xB8, then adjective, adjective, animal. Everyone computes it locally, so the
 * word lists and their order are part of the protocol.
 */

const LFSR_TAPS = 0xb8n;
const MASK_64 = (1n << 64n) - 1n;

const ADJECTIVE_COUNT = 1389;
const ANIMAL_COUNT = 1704;

type WordLists = { readonly adjectives: readonly string[]; readonly animals: readonly string[] };
let wordLists: WordLists | undefined;

function loadWordLists(): WordLists {
  wordLists ??= {
    adjectives: readDataLines('alias-adjectives.txt', ADJECTIVE_COUNT, 'the alias adjectives'),
    animals: readDataLines('alias-animals.txt', ANIMAL_COUNT, 'the alias animals'),
  };
  return wordLists;
}

function lfsrStep(state: bigint): bigint {
  let feedback = 0n;
  for (let tap = 0n; tap < 64n; tap += 1n) {
    if ((LFSR_TAPS >> tap) & 1n) {
      feedback ^= state >> tap;
    }
  }
  return ((state << 1n) | (feedback & 1n)) & MASK_64;
}

function pick(list: readonly string[], state: bigint): string {
  const word = list[Number(state % BigInt(list.length))];
  if (word === undefined) {
    throw new IdentityError('DATA_UNAVAILABLE', 'The alias word list is empty.');
  }
  return word;
}

/** The name for a raw 64-bit seed; exposed for status-go's test vector (42 → "Hard Tame Brownbutterfly"). */
export function aliasFromSeed(seed: bigint): string {
  const { adjectives, animals } = loadWordLists();
  const first = lfsrStep(BigInt.asUintN(64, seed));
  const second = lfsrStep(first);
  const third = lfsrStep(second);
  return `${pick(adjectives, first)} ${pick(adjectives, second)} ${pick(animals, third)}`;
}

/** The three-word name of a 33- or 65-byte public key. */
export function generateAlias(publicKey: Uint8Array): string {
  const x = bytesToNumberBE(publicKeyFromBytes(publicKey).subarray(1, 33));
  // Go's uint64(X.Int64()): the low 64 bits of X.
  return aliasFromSeed(BigInt.asUintN(64, x));
}

/**
 * Every failure of the identity library surfaces as an IdentityError, so callers (RPC handlers,
 * the CLI, the UI) can switch on `code` and show `message` without ever seeing a raw crypto or
 * parser error. Messages never contain private keys, seeds, passwords or whole mnemonics.
 */
import { CodedError } from '../../shared/coded-error.ts';
export type IdentityErrorCode =
  | 'INVALID_KEY'
  | 'INVALID_MNEMONIC'
  | 'INVALID_ARGUMENT'
  | 'WRONG_PASSWORD'
  | 'CORRUPT_KEYSTORE'
  | 'DATA_UNAVAILABLE'
  | 'ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_EXISTS'
  | 'NOT_LOGGED_IN'
  | 'MNEMONIC_REMOVED';

export class IdentityError extends CodedError<IdentityErrorCode> {}

export type MnemonicProblem = 'WORD_COUNT' | 'UNKNOWN_WORDS' | 'CHECKSUM';

/**
 * A recovery phrase that failed validation. `problem` and `positions` (1-based word positions)
 * let a UI highlight the offending words instead of parsing the message.
 */
export class MnemonicError extends IdentityError {
  readonly problem: MnemonicProblem;
  readonly positions: readonly number[];

  constructor(problem: MnemonicProblem, message: string, positions: readonly number[] = []) {
    super('INVALID_MNEMONIC', message);
    this.name = 'MnemonicError';
    this.problem = problem;
    this.positions = positions;
  }
}

export function isIdentityError(value: unknown): value is IdentityError {
  return value instanceof IdentityError;
}

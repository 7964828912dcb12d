import { generateAlias } from '../identity/alias.ts';
import { deriveAccount } from '../identity/derivation.ts';
import { isIdentityError } from '../identity/errors.ts';
import { toChatKey, toUncompressedHex } from '../identity/keys.ts';
import type { CommandIo } from './key-command.ts';

export type AccountCommandIo = CommandIo & {
  readStdin: () => Promise<string>;
};

const USAGE = 'usage: account derive   (reads the recovery phrase from stdin; prints the public account as JSON)';

/**
 * `account derive`: recovery phrase on stdin → one JSON line
 * {"publicKey","chatKey","alias","keyUid","walletAddress"}. Only public values are printed.
 * The phrase is read from stdin, never from arguments, so it stays out of shell history and
 * process listings.
 */
export async function accountCommand(args: string[], io: AccountCommandIo): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === '--help' || subcommand === '-h') {
    io.stdout(USAGE);
    return 0;
  }
  if (subcommand !== 'derive' || rest.length > 0) {
    io.stderr(USAGE);
    return 2;
  }

  let input: string;
  try {
    input = await io.readStdin();
  } catch {
    io.stderr('account derive: cannot read the recovery phrase from stdin.');
    return 2;
  }

  try {
    const account = deriveAccount(input);
    io.stdout(
      JSON.stringify({
        publicKey: toUncompressedHex(account.chatKey.publicKey),
        chatKey: toChatKey(account.chatKey.publicKey),
        alias: generateAlias(account.chatKey.publicKey),
        keyUid: account.keyUid,
        walletAddress: account.wallet.address,
      }),
    );
    account.chatKey.privateKey.fill(0);
    account.encryptionKey.privateKey.fill(0);
    return 0;
  } catch (error) {
    const reason = isIdentityError(error) ? error.message : 'Unexpected error while deriving the account.';
    io.stderr(`account derive: ${reason}`);
    return 2;
  }
}

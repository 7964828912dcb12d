import { isIdentityError } from '../identity/errors.ts';
import { parsePublicKey } from '../identity/keys.ts';
import { describePublicKey } from '../identity/visual-identity.ts';
import { contactCodeTopic, contentTopic, partitionedTopic, personalTopic } from '../wire/content-topics.ts';

export type CommandIo = {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
};

/**
 * The part every list-taking command shares: `--help` prints the usage on stdout (exit 0), no
 * arguments prints it on stderr (exit 2); null means "go on with the arguments".
 */
export function helpOrUsage(args: string[], usage: string, io: CommandIo): number | null {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    io.stdout(usage);
    return 0;
  }
  if (args.length === 0) {
    io.stderr(usage);
    return 2;
  }
  return null;
}

const USAGE = 'usage: key <public-key>...   (0x04… uncompressed, 0x02…/0x03… compressed, or zQ3… chat key)';

/** Long input is cut in error messages so one bad argument cannot flood the terminal. */
function preview(text: string): string {
  const oneLine = text.replace(/\s+/gu, ' ').trim();
  return oneLine.length > 24 ? `${oneLine.slice(0, 12)}…${oneLine.slice(-8)}` : oneLine;
}

function reasonOf(error: unknown): string {
  return isIdentityError(error) ? error.message : 'Unexpected error while reading the key.';
}

/** The Waku content topics where this key's owner can be reached (status-reference.md §2.2). */
function topicsOf(key: Uint8Array): { contactCode: string; partitioned: string; personal: string } {
  return {
    contactCode: contentTopic(contactCodeTopic(key)),
    partitioned: contentTopic(partitionedTopic(key)),
    personal: contentTopic(personalTopic(key)),
  };
}

/**
 * `key <public-key>...`: one JSON line per key, in argument order, with its formats, alias,
 * emoji hash, colour hash, colour ID and the content topics of its contact code, 1:1 inbox
 * (partitioned) and self-addressed (personal) traffic.
 *
 * All or nothing: every argument is parsed before anything is printed. If any is invalid, stdout
 * stays empty, each invalid argument gets one line on stderr, and the exit code is 2. A script
 * reading stdout therefore never mistakes a partial list for the answer, and the user sees every
 * bad key at once.
 */
export async function keyCommand(args: string[], io: CommandIo): Promise<number> {
  const early = helpOrUsage(args, USAGE, io);
  if (early !== null) return early;

  const lines: string[] = [];
  let failed = false;
  for (const [index, arg] of args.entries()) {
    try {
      const key = parsePublicKey(arg);
      lines.push(JSON.stringify({ ...describePublicKey(key), topics: topicsOf(key) }));
    } catch (error) {
      failed = true;
      io.stderr(`key: argument ${index + 1} "${preview(arg)}": ${reasonOf(error)}`);
    }
  }
  if (failed) return 2;
  for (const line of lines) io.stdout(line);
  return 0;
}

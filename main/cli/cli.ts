// Entry of `npm run -s cli -- <command> …`: small tools whose output scripts rely on
// (one JSON line per result on stdout; errors as one line on stderr, exit code 2).
import { accountCommand } from './account-command.ts';
import { type CommandIo, keyCommand } from './key-command.ts';
import { topicCommand } from './topic-command.ts';

const USAGE = `usage: npm run -s cli -- <command> [args]

commands:
  key <key>...       describe public keys (0x04…, 0x02…/0x03…, zQ3…): formats, alias, emoji hash, colours, topics
  topic <string>...  content topic and PBKDF2 key of status-go topic strings
  account derive     read a mnemonic on stdin, print the account's public identity`;

const io: CommandIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  key: (args) => keyCommand(args, io),
  topic: (args) => topicCommand(args, io),
  account: (args) => accountCommand(args, { ...io, readStdin }),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout)(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`error: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  return command(args);
}

process.exitCode = await main(process.argv.slice(2));

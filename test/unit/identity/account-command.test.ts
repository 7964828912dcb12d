import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex } from '@noble/hashes/utils.js';
import { accountCommand } from '../../../main/cli/account-command.ts';
import { deriveAccount } from '../../../main/identity/derivation.ts';

const ABANDON_ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const STATUS_GO_MOBILE_PHRASE = 'coin globe kit hamster notable proof orphan always mistake usual morning usage';

async function run(
  args: string[],
  stdin: string | Error = '',
): Promise<{ code: number; stdout: string[]; stderr: string[]; stdinReads: number }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let stdinReads = 0;
  const code = await accountCommand(args, {
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    readStdin: async () => {
      stdinReads++;
      if (stdin instanceof Error) throw stdin;
      return stdin;
    },
  });
  return { code, stdout, stderr, stdinReads };
}

function assertOneCleanLine(lines: string[]): string {
  assert.equal(lines.length, 1, `expected one line, got ${JSON.stringify(lines)}`);
  const line = lines[0] ?? '';
  assert.ok(!line.includes('\n'));
  assert.ok(!/\bat .*:\d+:\d+/u.test(line), 'no stack trace');
  return line;
}

type DeriveOutput = { publicKey: string; chatKey: string; alias: string; keyUid: string; walletAddress: string };

describe('accountCommand derive', () => {
  it('prints one JSON line with the public account of the phrase on stdin', async () => {
    const { code, stdout, stderr } = await run(['derive'], `${ABANDON_ABOUT}\n`);
    assert.equal(code, 0);
    assert.deepEqual(stderr, []);
    const output = JSON.parse(assertOneCleanLine(stdout)) as DeriveOutput;
    assert.deepEqual(Object.keys(output), ['publicKey', 'chatKey', 'alias', 'keyUid', 'walletAddress']);
    assert.equal(output.walletAddress, '0x9858EfFD232B4033E47d90003D41EC34EcaEda94');
    assert.match(output.publicKey, /^0x04[0-9a-f]{128}$/u);
    assert.match(output.chatKey, /^zQ3sh/u);
    assert.match(output.keyUid, /^0x[0-9a-f]{64}$/u);
  });

  it('reproduces the status-go mobile test account', async () => {
    const { code, stdout } = await run(['derive'], `  ${STATUS_GO_MOBILE_PHRASE.toUpperCase()}  `);
    assert.equal(code, 0);
    const output = JSON.parse(assertOneCleanLine(stdout)) as DeriveOutput;
    assert.equal(output.keyUid, '0x855ab0a932e5325daab7a550b9fcd78d2a17de5e2b7a52241f82505ea9d87629');
    assert.equal(output.alias, 'Cadetblue Fuzzy Flickertailsquirrel');
    assert.equal(output.walletAddress.toLowerCase(), '0x23a5cef34b18920785f4b895849936f65cbdef73');
  });

  it('prints no private material', async () => {
    const { stdout } = await run(['derive'], ABANDON_ABOUT);
    const account = deriveAccount(ABANDON_ABOUT);
    const line = stdout.join('\n');
    for (const secret of [account.chatKey.privateKey, account.encryptionKey.privateKey]) {
      assert.ok(!line.includes(bytesToHex(secret)));
    }
    assert.ok(!line.includes('abandon'));
  });

  for (const [name, phrase, message] of [
    ['a wrong word count', 'abandon abandon about', /has 3/u],
    ['an unknown word', ABANDON_ABOUT.replace('about', 'abuot'), /#12 "abuot"/u],
    ['a bad checksum', Array(12).fill('abandon').join(' '), /checksum/u],
    ['empty input', '\n', /empty/u],
  ] as const) {
    it(`returns 2 with one clear stderr line for ${name}`, async () => {
      const { code, stdout, stderr } = await run(['derive'], phrase);
      assert.equal(code, 2);
      assert.deepEqual(stdout, []);
      assert.match(assertOneCleanLine(stderr), message);
    });
  }

  it('returns 2 when stdin cannot be read', async () => {
    const { code, stdout, stderr } = await run(['derive'], new Error('EIO'));
    assert.equal(code, 2);
    assert.deepEqual(stdout, []);
    assert.match(assertOneCleanLine(stderr), /cannot read/u);
  });
});

describe('accountCommand usage', () => {
  for (const args of [[], ['create'], ['derive', ABANDON_ABOUT], ['DERIVE']]) {
    it(`prints usage and returns 2 for ${JSON.stringify(args).slice(0, 40)} without reading stdin`, async () => {
      const { code, stdout, stderr, stdinReads } = await run(args, ABANDON_ABOUT);
      assert.equal(code, 2);
      assert.deepEqual(stdout, []);
      assert.match(assertOneCleanLine(stderr), /^usage: account derive/u);
      assert.equal(stdinReads, 0);
    });
  }

  it('prints usage to stdout for --help', async () => {
    const { code, stdout } = await run(['--help']);
    assert.equal(code, 0);
    assert.match(assertOneCleanLine(stdout), /^usage: account derive/u);
  });
});

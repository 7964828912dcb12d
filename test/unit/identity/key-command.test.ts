import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyCommand } from '../../../main/cli/key-command.ts';

const KEY_UNCOMPRESSED =
  '0x04e25da6994ea2dc4ac70727e07eca153ae92bf7609db7befb7ebdceaad348f4fc55bbe90abf9501176301db5aa103fc0eb3bc3750272a26c424a10887db2a7ea8';
const KEY_COMPRESSED = '0x02e25da6994ea2dc4ac70727e07eca153ae92bf7609db7befb7ebdceaad348f4fc';
const VECTOR_CHAT_KEY = 'zQ3shPyZJnxZK4Bwyx9QsaksNKDYTPmpwPvGSjMYVHoXHeEgB';
const NOT_ON_CURVE =
  '0x04425da6994ea2dc4ac70727e07eca153ae92bf7609db7befb7ebdceaad348f4fc55bbe90abf9501176301db5aa103fc0eb3bc3750272a26c424a10887db2a7ea8';

async function run(args: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await keyCommand(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) });
  return { code, stdout, stderr };
}

function assertOneCleanLine(lines: string[]): string {
  assert.equal(lines.length, 1, `expected one line, got ${JSON.stringify(lines)}`);
  const line = lines[0] ?? '';
  assert.ok(!line.includes('\n'), 'a single line');
  assert.ok(!/\bat .*:\d+:\d+/u.test(line), 'no stack trace');
  return line;
}

describe('keyCommand', () => {
  it('prints one JSON line with every field for a valid key', async () => {
    const { code, stdout, stderr } = await run([KEY_UNCOMPRESSED]);
    assert.equal(code, 0);
    assert.deepEqual(stderr, []);
    const parsed: unknown = JSON.parse(assertOneCleanLine(stdout));
    assert.deepEqual(Object.keys(parsed as object), [
      'publicKey',
      'compressedKey',
      'chatKey',
      'alias',
      'emojiHash',
      'colorHash',
      'colorId',
      'topics',
    ]);
    const description = parsed as {
      publicKey: string;
      compressedKey: string;
      chatKey: string;
      alias: string;
      emojiHash: string[];
      colorHash: number[][];
      colorId: number;
    };
    assert.equal(description.publicKey, KEY_UNCOMPRESSED);
    assert.equal(description.compressedKey, KEY_COMPRESSED);
    assert.match(description.chatKey, /^zQ3sh/u);
    assert.match(description.alias, /^\w+ \w+ \w+$/u);
    assert.equal(description.emojiHash.length, 14);
    assert.equal(description.emojiHash[6], '\u{1f647}\u{1f3fd}\u{200d}\u{2642}\u{fe0f}');
    assert.deepEqual(description.colorHash, [
      [3, 30],
      [2, 10],
      [5, 5],
      [3, 14],
      [5, 4],
      [4, 19],
      [3, 16],
      [4, 0],
      [5, 28],
      [4, 13],
      [4, 15],
    ]);
    assert.equal(description.colorId, 2);
  });

  // status-reference.md §2.3 worked examples (the upstream zQ3 test key).
  it('prints the contact-code, partitioned and personal content topics of the key', async () => {
    const key =
      '0x04deaafa03e3a646e54a36ec3f6968c1d3686847d88420f00c0ab6ee517ee1893398fca28aacd2af74f2654738c21d10bad3d88dc64201ebe0de5cf1e313970d3d';
    const { code, stdout } = await run([key]);
    assert.equal(code, 0);
    const parsed = JSON.parse(assertOneCleanLine(stdout)) as { topics: Record<string, string> };
    assert.deepEqual(parsed.topics, {
      contactCode: '/waku/1/0x6c8c300c/rfc26',
      partitioned: '/waku/1/0xd8d4f12a/rfc26',
      personal: '/waku/1/0xb2621261/rfc26',
    });
  });

  it('prints exactly one line per key, in argument order, for every input format', async () => {
    const { code, stdout, stderr } = await run([
      KEY_COMPRESSED,
      VECTOR_CHAT_KEY,
      KEY_UNCOMPRESSED.slice(2).toUpperCase(),
    ]);
    assert.equal(code, 0);
    assert.deepEqual(stderr, []);
    assert.equal(stdout.length, 3);
    const [first, second, third] = stdout.map((line) => JSON.parse(line) as { publicKey: string; chatKey: string });
    assert.equal(first?.publicKey, KEY_UNCOMPRESSED);
    assert.equal(second?.chatKey, VECTOR_CHAT_KEY);
    assert.deepEqual(third, first);
  });

  it('returns 2 with one stderr line and no stdout for an invalid key', async () => {
    const { code, stdout, stderr } = await run([NOT_ON_CURVE]);
    assert.equal(code, 2);
    assert.deepEqual(stdout, []);
    const line = assertOneCleanLine(stderr);
    assert.match(line, /argument 1 .*not a point on the secp256k1 curve/u);
    assert.ok(line.length < 200, 'the long key is abbreviated');
  });

  it('prints nothing on stdout when any key is invalid (all or nothing), one stderr line per bad key', async () => {
    const { code, stdout, stderr } = await run([KEY_UNCOMPRESSED, 'zQ3notakey0', VECTOR_CHAT_KEY, '0x1234']);
    assert.equal(code, 2);
    assert.deepEqual(stdout, []);
    assert.equal(stderr.length, 2);
    assert.match(stderr[0] ?? '', /argument 2 "zQ3notakey0": Invalid public key: the chat key is not valid base58/u);
    assert.match(
      stderr[1] ?? '',
      /argument 4 "0x1234": Invalid public key: a hex key has 130 or 66 hex digits, this one has 4/u,
    );
  });

  it('prints usage to stderr and returns 2 without arguments', async () => {
    const { code, stdout, stderr } = await run([]);
    assert.equal(code, 2);
    assert.deepEqual(stdout, []);
    assert.match(assertOneCleanLine(stderr), /^usage: key /u);
  });

  it('prints usage to stdout and returns 0 for --help', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    assert.equal(code, 0);
    assert.deepEqual(stderr, []);
    assert.match(assertOneCleanLine(stdout), /^usage: key /u);
  });
});

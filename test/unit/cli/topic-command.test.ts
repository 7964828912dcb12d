import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { topicCommand } from '../../../main/cli/topic-command.ts';

async function run(args: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await topicCommand(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) });
  return { code, stdout, stderr };
}

const CONTACT_CODE =
  '0x04deaafa03e3a646e54a36ec3f6968c1d3686847d88420f00c0ab6ee517ee1893398fca28aacd2af74f2654738c21d10bad3d88dc64201ebe0de5cf1e313970d3d-contact-code';

describe('topicCommand', () => {
  it('prints one JSON line per topic string, in order, with content topic and PBKDF2 key', async () => {
    const { code, stdout, stderr } = await run(['status', 'contact-discovery-2123', CONTACT_CODE]);
    assert.equal(code, 0);
    assert.deepEqual(stderr, []);
    assert.equal(stdout.length, 3);
    const [first, second, third] = stdout.map((line) => JSON.parse(line) as Record<string, string>);
    assert.deepEqual(first, {
      topic: 'status',
      contentTopic: '/waku/1/0xcd423760/rfc26',
      symKey: '36224048e42c49e5c59c57bba5024fbb8822d6b4ee6ac5fbefd8b77f5323ecc4',
    });
    assert.equal(second?.contentTopic, '/waku/1/0xd8d4f12a/rfc26');
    assert.equal(third?.contentTopic, '/waku/1/0x6c8c300c/rfc26');
    assert.equal(third?.topic, CONTACT_CODE);
    for (const line of stdout) assert.ok(!line.includes('\n'));
    // status-web generate-key-from-password.test.ts
    const { stdout: web } = await run(['arbitrary data here']);
    assert.equal(
      (JSON.parse(web[0] ?? '{}') as { symKey: string }).symKey,
      'c49ad65ebf2a7b7253bf400e3d27719362a91b2c9b9f54d50a69117021666c33',
    );
  });

  it('takes the string verbatim: case and prefixes change the topic', async () => {
    const { stdout } = await run(['Status', 'status']);
    const [upper, lower] = stdout.map((line) => JSON.parse(line) as { contentTopic: string });
    assert.notEqual(upper?.contentTopic, lower?.contentTopic);
  });

  it('prints usage to stderr and returns 2 without arguments', async () => {
    const { code, stdout, stderr } = await run([]);
    assert.equal(code, 2);
    assert.deepEqual(stdout, []);
    assert.equal(stderr.length, 1);
    assert.match(stderr[0] ?? '', /^usage: topic /u);
  });

  it('prints usage to stdout and returns 0 for --help', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    assert.equal(code, 0);
    assert.deepEqual(stderr, []);
    assert.match(stdout[0] ?? '', /^usage: topic /u);
  });

  it('prints nothing on stdout when an argument is empty (all or nothing)', async () => {
    const { code, stdout, stderr } = await run(['status', '']);
    assert.equal(code, 2);
    assert.deepEqual(stdout, []);
    assert.equal(stderr.length, 1);
    assert.match(stderr[0] ?? '', /argument 2 .*not empty/u);
  });
});

import { contentTopic, symmetricKeyAsync, TopicError } from '../wire/content-topics.ts';
import { type CommandIo, helpOrUsage } from './key-command.ts';

const USAGE =
  'usage: topic <topic-string>...   (e.g. status, contact-discovery-2123, 0x04…-contact-code, 0x02…-memberUpdate)';

/** Long input is cut in error messages so one bad argument cannot flood the terminal. */
function preview(text: string): string {
  const oneLine = text.replace(/\s+/gu, ' ').trim();
  return oneLine.length > 24 ? `${oneLine.slice(0, 12)}…${oneLine.slice(-8)}` : oneLine;
}

/**
 * `topic <topic-string>...`: one JSON line per argument, in order, with the Waku content topic and
 * the PBKDF2 symmetric key status-go would use for that topic string:
 *   {"topic":"status","contentTopic":"/waku/1/0xcd423760/rfc26","symKey":"3622…ecc4"}
 *
 * The string is taken verbatim (case, "0x" and separators all change the hash), exactly like a
 * status-go chat ID. Keys derive in parallel on the thread pool (~10 ms each). All or nothing, like
 * `key`: any invalid argument leaves stdout empty and exits 2.
 */
export async function topicCommand(args: string[], io: CommandIo): Promise<number> {
  const early = helpOrUsage(args, USAGE, io);
  if (early !== null) return early;

  let failed = false;
  for (const [index, arg] of args.entries()) {
    if (arg === '') {
      failed = true;
      io.stderr(`topic: argument ${index + 1} "${preview(arg)}": a topic string is not empty.`);
    }
  }
  if (failed) return 2;

  try {
    const keys = await Promise.all(args.map((topic) => symmetricKeyAsync(topic)));
    for (const [index, topic] of args.entries()) {
      const symKey = Buffer.from(keys[index] ?? new Uint8Array(0)).toString('hex');
      io.stdout(JSON.stringify({ topic, contentTopic: contentTopic(topic), symKey }));
    }
    return 0;
  } catch (error) {
    io.stderr(
      `topic: ${error instanceof TopicError ? error.message : 'unexpected error while deriving the topic key.'}`,
    );
    return 2;
  }
}

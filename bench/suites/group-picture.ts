// What a group picture costs. Every membership update and group message carries the group's
// event log with its latest picture (as status-go's abridged events), and a member re-reads the
// log for each one. Side by side on one in-memory bus: `count` group messages Alice → Bob in a
// group whose log holds a 300 kB picture, the same in a group without one, and the baseline of
// verifying that log afresh for each message (what the receiver did before ParsedEvents).
import { EventType, makeGroupId, parseEvent, signEvent } from '../../main/app/groups/group-events.ts';
import { publicKey, randomPrivateKey } from '../../main/crypto/secp256k1.ts';
import { makePng } from '../../test/helpers/images.ts';
import { befriend, bus, closeAll, type Person, person, until } from '../../test/helpers/messaging-people.ts';
import { singleRun as row, type Timing } from '../measure.ts';

/** Milliseconds until Bob has `count` more texts of Alice's in this group. */
async function exchange(alice: Person, bob: Person, chatId: string, count: number): Promise<number> {
  const heard = () => bob.incoming().filter((m) => m.chatId === chatId).length;
  const before = heard();
  const t0 = performance.now();
  for (let i = 0; i < count; i += 1) await alice.service.sendText(chatId, `message ${i}`);
  await until(() => heard() === before + count, 'bob to hear every message');
  return performance.now() - t0;
}

export async function groupPictureBenchmarks(count: number): Promise<Timing[]> {
  try {
    const net = bus();
    const alice = person(net, 'Alice Bench');
    const bob = person(net, 'Bob Bench');
    await befriend(alice, bob);
    const plain = await alice.service.groups.create('Plain', [bob.key]);
    const pictured = await alice.service.groups.create('Pictured', [bob.key]);
    const picture = makePng(300, 250);
    await alice.service.groups.setImage(pictured.chatId, picture);
    await until(() => bob.service.groups.get(pictured.chatId).image !== null, 'bob to see the picture');

    const withPicture = await exchange(alice, bob, pictured.chatId, count);
    const withoutPicture = await exchange(alice, bob, plain.chatId, count);

    // Baseline: one fresh verification of a log holding such a picture, per message.
    const creator = randomPrivateKey();
    const chatId = makeGroupId(`0x${Buffer.from(publicKey(creator)).toString('hex')}`);
    const log = [
      signEvent(chatId, { clock: 1n, type: EventType.NAME_CHANGED, name: 'x' }, creator),
      signEvent(chatId, { clock: 2n, type: EventType.IMAGE_CHANGED, image: picture }, creator),
    ].map((e) => e.wire);
    const t0 = performance.now();
    for (let i = 0; i < count; i += 1) for (const wire of log) parseEvent(chatId, wire);
    const reverify = performance.now() - t0;

    const rate = (ms: number) => Math.round((count * 1000) / ms);
    const kb = Math.round(picture.length / 1000);
    return [
      row(
        `group: ${count} messages, log with a ${kb} kB picture`,
        withPicture,
        `${rate(withPicture)} messages/s end to end on a bus (each carries the picture); ` +
          `${(withPicture / withoutPicture).toFixed(1)}× the time without a picture`,
      ),
      row(`group: ${count} messages, no picture`, withoutPicture, `${rate(withoutPicture)} messages/s (baseline)`),
      row(
        `group: re-verifying that log ${count} times`,
        reverify,
        `${(reverify / count).toFixed(1)} ms per message: what each receipt cost before verified events were kept`,
      ),
    ];
  } finally {
    closeAll();
  }
}

if (import.meta.main) {
  const timings = await groupPictureBenchmarks(Number(process.argv[2] ?? 100));
  process.stdout.write(`${JSON.stringify(timings, null, 2)}\n`);
}

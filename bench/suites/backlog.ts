// A backlog waiting in store: Alice wrote `count` texts while Bob was offline; how fast does
// Bob's whole receive path (ECIES, signature recovery, X3DH/ratchet, MVDS, contacts gate,
// SQLCipher writes) take them in? Side by side: pages of 100 in one transaction each (what a
// history sync does) against one transaction per message, on two Bobs with their own copies.
import type { IncomingWakuMessage, MessengerTransport } from '../../main/app/messenger/ports.ts';
import { messageHashHex } from '../../main/transport/message.ts';
import { befriend, bus, closeAll, type Person, person } from '../../test/helpers/messaging-people.ts';
import { singleRun as row, type Timing } from '../measure.ts';

const PAGE = 100;
const TEXT = 'a typical chat line of about eighty characters, as people write them every day.';

export async function backlogBenchmarks(count: number): Promise<Timing[]> {
  const base = bus();
  let capture: IncomingWakuMessage[] | null = null;
  const transport: MessengerTransport = {
    publish: async (pubsubTopic, message) => {
      if (!capture) return base.publish(pubsubTopic, message);
      capture.push({ pubsubTopic, message, hashHex: messageHashHex(pubsubTopic, message) });
      return { ok: true };
    },
    subscribe: base.subscribe,
  };
  try {
    const alice = person(transport, 'Alice Bench');
    const bobs = [person(transport, 'Bob Paged'), person(transport, 'Bob Single')] as const;
    for (const bob of bobs) await befriend(alice, bob);

    // Bob is offline: what Alice publishes lands "in store" (here, an array per Bob).
    const backlogs: IncomingWakuMessage[][] = [];
    const generateStart = performance.now();
    for (const bob of bobs) {
      const stored: IncomingWakuMessage[] = [];
      capture = stored;
      for (let i = 0; i < count; i += 1) await alice.service.sendText(bob.key, `${TEXT} #${i}`);
      capture = null;
      // All of it, MVDS re-sends included: a store holds those too (Bob shows each text once).
      backlogs.push(stored);
    }
    const generateMs = performance.now() - generateStart;
    alice.service.stop();

    const ingest = async (bob: Person, backlog: IncomingWakuMessage[], pageSize: number) => {
      const before = bob.incoming().length;
      const t0 = performance.now();
      for (let i = 0; i < backlog.length; i += pageSize) {
        await bob.service.messenger.ingestAll(backlog.slice(i, i + pageSize));
      }
      // A shortfall is reported, not thrown: the table must still say what was measured.
      return { ms: performance.now() - t0, shown: bob.incoming().length - before };
    };
    const paged = await ingest(bobs[0], backlogs[0] ?? [], PAGE);
    const single = await ingest(bobs[1], backlogs[1] ?? [], 1);
    const pagedMs = paged.ms;
    const singleMs = single.ms;
    const rate = (ms: number) => Math.round((count * 1000) / ms);

    return [
      row(
        `backlog: ${count} messages, pages of ${PAGE}`,
        pagedMs,
        `${rate(pagedMs)} messages/s decrypted, verified and stored (one transaction per page; ` +
          `${backlogs[0]?.length} Waku messages incl. MVDS re-sends; ${paged.shown}/${count} shown); ` +
          `${(rate(pagedMs) / rate(singleMs)).toFixed(2)}× the one-transaction-per-message rate below; ` +
          `generating the backlog took ${Math.round(generateMs / 1000)} s`,
      ),
      row(
        `backlog: ${count} messages, one transaction each`,
        singleMs,
        `${rate(singleMs)} messages/s (baseline; ${backlogs[1]?.length} Waku messages; ${single.shown}/${count} shown)`,
      ),
    ];
  } finally {
    closeAll();
  }
}

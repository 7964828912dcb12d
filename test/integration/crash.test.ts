// Crash safety of the receive path: Bob's core is SIGKILLed while Alice's messages pour in.
// After a restart every message is there exactly once, in order, and all of Alice's turn
// "delivered": nothing lost, nothing decrypted twice (a ratchet step and the message it
// decrypted are one transaction; what was not committed comes back by store or MVDS).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MessageView } from '../../shared/api.ts';
import { ChatPeople, type ChatPerson, dialling, meshed, SLOW } from '../helpers/chat-people.ts';
import { eventually, withTimeout } from '../helpers/wait.ts';

const COUNT = 40;
const KILL_AFTER = 8;

describe('SIGKILL while receiving', () => {
  const people = new ChatPeople();
  let alice: ChatPerson;
  let bob: ChatPerson;

  before(async () => {
    [alice, bob] = await people.twoContacts();
  });
  after(() => people.stop());

  test(`bob is killed after ${KILL_AFTER} of ${COUNT} messages; after a restart he has each exactly once`, async (t) => {
    let received = 0;
    let sentAtKill = 0;
    const killed = withTimeout(
      new Promise<void>((resolve) => {
        bob.client.on('messages.added', (m: MessageView) => {
          if (m.outgoing) return;
          received += 1;
          if (received === KILL_AFTER) {
            bob.node.child.kill('SIGKILL');
            sentAtKill = sentIds.length;
            resolve();
          }
        });
      }),
      30_000,
      `bob to receive ${KILL_AFTER} messages`,
    );
    const texts = Array.from({ length: COUNT }, (_, i) => `message ${String(i).padStart(2, '0')}`);
    const sentIds: string[] = [];
    for (const text of texts) {
      sentIds.push((await alice.client.call('messages.sendText', { chatId: bob.account.publicKey, text }, SLOW)).id);
    }
    await killed;
    assert.equal(await bob.node.exited, 'SIGKILL');
    t.diagnostic(`killed when alice had sent ${sentAtKill} of ${COUNT}`);

    bob = await people.restart(bob, dialling(alice));
    const { client } = bob;

    // Everything arrives, from store at login and from Alice's MVDS re-sends.
    const history = await eventually(
      async () => {
        const page = await client.call('messages.list', { chatId: alice.account.publicKey, limit: 200 });
        return page.length >= COUNT ? page : undefined;
      },
      60_000,
      `bob to hold all ${COUNT} messages`,
    );
    const incoming = history.filter((m) => !m.outgoing).reverse();
    assert.deepEqual(
      incoming.map((m) => m.text),
      texts,
      'each message once, in order',
    );
    assert.deepEqual(
      incoming.map((m) => m.id),
      sentIds,
    );

    await eventually(
      async () => {
        const mine = await alice.client.call('messages.list', { chatId: bob.account.publicKey, limit: 200 });
        const pending = mine.filter((m) => m.outgoing && m.status !== 'delivered');
        return pending.length === 0 ? true : undefined;
      },
      60_000,
      'all of alice’s messages to be delivered',
    );

    // And the session still works both ways after the crash.
    await meshed(client);
    const reply = new Promise<string>((resolve) =>
      alice.client.on('messages.added', (m) => {
        if (!m.outgoing) resolve(m.text);
      }),
    );
    await client.call('messages.sendText', { chatId: alice.account.publicKey, text: 'back from the dead' }, SLOW);
    assert.equal(await withTimeout(reply, 30_000, 'alice to receive the reply'), 'back from the dead');
  });
});

// An edit that overtakes its message: Alice's text and her edit of it reach Bob in reverse
// order (in-memory bus, delivery held and then released backwards). Bob keeps the edit and
// applies it when the text arrives; the same for a reaction and a pin that overtake theirs.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { MessengerTransport } from '../../../main/app/messenger/ports.ts';
import { befriend, bus, closeAll, person, until } from '../../helpers/messaging-people.ts';

after(closeAll);

/** Alice's side of the bus: while holding, her publishes wait; release delivers them backwards. */
function reversible(inner: MessengerTransport) {
  let holding = false;
  const held: Array<() => void> = [];
  const transport: MessengerTransport = {
    ...inner,
    publish: async (pubsubTopic, message) => {
      if (!holding) return inner.publish(pubsubTopic, message);
      held.push(() => void inner.publish(pubsubTopic, message));
      return { ok: true };
    },
  };
  return {
    transport,
    hold: () => {
      holding = true;
    },
    releaseBackwards: () => {
      holding = false;
      for (const deliver of held.splice(0).reverse()) deliver();
    },
  };
}

describe('actions overtaking their message', () => {
  test('the edit, reaction and pin arrive first and apply when the text comes', async () => {
    const shared = bus();
    const gate = reversible(shared);
    const alice = person(gate.transport, 'Alice');
    const bob = person(shared, 'Bob');
    await befriend(alice, bob);

    gate.hold();
    const sent = await alice.service.sendText(bob.key, 'helo');
    await alice.service.actions.edit(sent.id, 'hello');
    await alice.service.actions.react(sent.id, 'laugh', false);
    await alice.service.actions.pin(sent.id, true);
    gate.releaseBackwards();

    await until(() => bob.incoming().some((m) => m.id === sent.id), 'bob to get the text');
    await until(() => bob.service.actions.pendingCount() === 0, 'the kept actions to apply');
    const view = bob.service.listMessages(alice.key, null, 10).find((m) => m.id === sent.id);
    assert.equal(view?.text, 'hello');
    assert.equal(view?.edited, true);
    assert.equal(view?.pinned, true);
    assert.deepEqual(view?.reactions, [{ emoji: 'laugh', count: 1, mine: false }]);
    assert.equal(bob.service.actions.pending.get('kept'), 3);
    assert.equal(bob.service.actions.pending.get('replayed'), 3);
    assert.equal(bob.service.actions.dropped.get('unknown-message') ?? 0, 0);
    // The UI heard about it: the last change of the message shows the edit.
    assert.equal(bob.changed.filter((m) => m.id === sent.id).at(-1)?.text, 'hello');
    assert.deepEqual(
      bob.service.actions.pinned(alice.key).map((m) => m.id),
      [sent.id],
    );
  });
});

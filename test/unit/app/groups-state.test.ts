// Private group events (sign/verify, tamper) and the state reducer (status-go's Group rules),
// with a property test: any delivery order, with duplicates, gives the same state.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  EventType,
  type GroupEvent,
  groupCreatorOf,
  isGroupId,
  makeGroupId,
  ParsedEvents,
  parseEvent,
  signEvent,
} from '../../../main/app/groups/group-events.ts';
import { type GroupState, groupState } from '../../../main/app/groups/group-state.ts';
import { publicKey, randomPrivateKey } from '../../../main/crypto/secp256k1.ts';

const NOW = 1_800_000_000_000;
function someone() {
  const priv = randomPrivateKey();
  return { priv, key: `0x${Buffer.from(publicKey(priv)).toString('hex')}` };
}
const alice = someone();
const bob = someone();
const carol = someone();
const dave = someone();
const chatId = makeGroupId(alice.key);
let clock = 1000n;
const tick = () => {
  clock += 1n;
  return clock;
};
const ev = (
  who: { priv: Uint8Array },
  type: number,
  extra: { members?: string[]; name?: string; color?: string; image?: Uint8Array; clock?: bigint } = {},
) => signEvent(chatId, { clock: extra.clock ?? tick(), type, ...extra }, who.priv);
const summary = (s: GroupState) => ({
  name: s.name,
  color: s.color,
  members: [...s.members].sort(),
  admins: [...s.admins].sort(),
  joined: [...s.joined].sort(),
});

describe('group events', () => {
  test('a chat id is uuid-creator and parses back', () => {
    assert.equal(groupCreatorOf(chatId), alice.key);
    assert.ok(isGroupId(chatId));
    assert.equal(groupCreatorOf(alice.key), null);
    assert.equal(groupCreatorOf(`${alice.key}-${chatId.slice(0, 36)}`), null); // spec 55's order is not ours
  });

  test('signed events verify, name their author and round-trip', () => {
    const e = ev(alice, EventType.CHAT_CREATED, { name: 'Trip', color: '#887af9' });
    const parsed = parseEvent(chatId, e.wire) as GroupEvent;
    assert.equal(parsed.from, alice.key);
    assert.equal(parsed.name, 'Trip');
    assert.equal(parsed.color, '#887af9');
    assert.equal(parsed.id, e.id);
  });

  test('a tampered event recovers another author; another chat id too; junk is refused', () => {
    const e = ev(alice, EventType.MEMBERS_ADDED, { members: [bob.key] });
    const tampered = Uint8Array.from(e.wire);
    tampered.set([(tampered.at(-1) ?? 0) ^ 1], tampered.length - 1);
    const t = parseEvent(chatId, tampered);
    assert.ok(typeof t === 'string' || t.from !== alice.key);
    const other = parseEvent(makeGroupId(alice.key), e.wire);
    assert.ok(typeof other === 'string' || other.from !== alice.key);
    assert.equal(parseEvent(chatId, new Uint8Array(65)), 'malformed');
    const badSig = Uint8Array.from(e.wire);
    badSig.fill(0, 0, 65);
    assert.equal(parseEvent(chatId, badSig), 'bad-signature');
  });
});

describe('group pictures on the wire', () => {
  test('a status-go-size picture (300 kB) verifies; a plain event that big is refused', () => {
    const picture = new Uint8Array(300_000).fill(7);
    const e = ev(alice, EventType.IMAGE_CHANGED, { image: picture });
    const parsed = parseEvent(chatId, e.wire) as GroupEvent;
    assert.equal(parsed.from, alice.key);
    assert.deepEqual(parsed.image, picture);
    // signEvent checks its own output: what it refuses to sign, the parser refuses to read.
    assert.throws(
      () => signEvent(chatId, { clock: tick(), type: EventType.NAME_CHANGED, name: 'x'.repeat(20_000) }, alice.priv),
      /does not verify: malformed/,
    );
    assert.throws(
      () =>
        signEvent(chatId, { clock: tick(), type: EventType.IMAGE_CHANGED, image: new Uint8Array(420_000) }, alice.priv),
      /does not verify: malformed/,
    );
  });
});

describe('ParsedEvents', () => {
  test('a repeat is served from memory; the same signature on other bytes is parsed anew', () => {
    const cache = new ParsedEvents(2);
    const e = ev(alice, EventType.NAME_CHANGED, { name: 'Trip' });
    const first = cache.parse(chatId, e.wire);
    assert.equal(cache.parse(chatId, Uint8Array.from(e.wire)), first, 'the very same object');
    const tampered = Uint8Array.from(e.wire);
    tampered.set([(tampered.at(-1) ?? 0) ^ 1], tampered.length - 1);
    const other = cache.parse(chatId, tampered);
    assert.notEqual(other, first);
    assert.deepEqual(other, parseEvent(chatId, tampered));
    // Another chat id is another entry (the signature covers the chat id).
    const otherChat = makeGroupId(alice.key);
    assert.deepEqual(cache.parse(otherChat, e.wire), parseEvent(otherChat, e.wire));
    assert.equal(cache.parse(chatId, new Uint8Array(10)), 'malformed');
  });

  test('at most `max` entries: the oldest goes first', () => {
    const cache = new ParsedEvents(2);
    const [a, b, c] = ['A', 'B', 'C'].map((name) => ev(alice, EventType.NAME_CHANGED, { name })) as [
      GroupEvent,
      GroupEvent,
      GroupEvent,
    ];
    const pa = cache.parse(chatId, a.wire);
    cache.parse(chatId, b.wire);
    cache.parse(chatId, c.wire);
    assert.notEqual(cache.parse(chatId, a.wire), pa, 'a was evicted and parsed again');
    assert.deepEqual(cache.parse(chatId, a.wire), pa);
  });
});

describe('group state (status-go rules)', () => {
  const created = ev(alice, EventType.CHAT_CREATED, { name: 'Trip', color: '#4360df' });
  const addBob = ev(alice, EventType.MEMBERS_ADDED, { members: [bob.key, carol.key] });

  test('the creator is admin, member and joined; members join; names change', () => {
    const joined = ev(bob, EventType.MEMBER_JOINED);
    const renamed = ev(bob, EventType.NAME_CHANGED, { name: 'Holiday' });
    const s = groupState(chatId, [created, addBob, joined, renamed], NOW);
    assert.deepEqual(s.members, [alice.key, bob.key, carol.key]);
    assert.deepEqual([...s.admins], [alice.key]);
    assert.deepEqual([...s.joined].sort(), [alice.key, bob.key].sort());
    assert.equal(s.name, 'Holiday');
    assert.equal(s.rejected.size, 0);
  });

  test('CHAT_CREATED must be signed by the key in the chat id, and only once', () => {
    const forged = signEvent(chatId, { clock: 5n, type: EventType.CHAT_CREATED, name: 'Mine' }, bob.priv);
    const s = groupState(chatId, [forged, created, ev(alice, EventType.CHAT_CREATED, { name: 'Again' })], NOW);
    assert.equal(s.name, 'Trip');
    assert.equal(s.rejected.get('chat-id'), 1);
    assert.equal(s.rejected.get('not-first'), 1);
  });

  test('non-members can do nothing; a member can leave but not remove others', () => {
    const strangerAdds = ev(dave, EventType.MEMBERS_ADDED, { members: [dave.key] });
    const strangerJoins = ev(dave, EventType.MEMBER_JOINED);
    const bobRemovesCarol = ev(bob, EventType.MEMBER_REMOVED, { members: [carol.key] });
    const s = groupState(chatId, [created, addBob, strangerAdds, strangerJoins, bobRemovesCarol], NOW);
    assert.deepEqual(s.members, [alice.key, bob.key, carol.key]);
    assert.equal(s.rejected.get('not-member'), 2);
    assert.equal(s.rejected.get('not-admin'), 1);
    const carolLeaves = ev(carol, EventType.MEMBER_REMOVED, { members: [carol.key] });
    assert.deepEqual(groupState(chatId, [created, addBob, carolLeaves], NOW).members, [alice.key, bob.key]);
  });

  test('a forged removal of the creator (or of any admin) cannot evict', () => {
    const makeBobAdmin = ev(alice, EventType.ADMINS_ADDED, { members: [bob.key] });
    const bobRemovesAlice = ev(bob, EventType.MEMBER_REMOVED, { members: [alice.key] });
    const carolRemovesBob = ev(carol, EventType.MEMBER_REMOVED, { members: [bob.key] });
    // A removal "by Alice" re-signed by Dave: recovers Dave, a non-member.
    const forged = signEvent(chatId, { clock: tick(), type: EventType.MEMBER_REMOVED, members: [bob.key] }, dave.priv);
    const s = groupState(chatId, [created, addBob, makeBobAdmin, bobRemovesAlice, carolRemovesBob, forged], NOW);
    assert.deepEqual(s.members, [alice.key, bob.key, carol.key]);
    assert.deepEqual([...s.admins].sort(), [alice.key, bob.key].sort());
    assert.equal(s.rejected.get('bad-target'), 1);
    assert.equal(s.rejected.get('not-admin'), 2);
  });

  test('admins remove members; admins only among members; admin removal is self only', () => {
    const remove = ev(alice, EventType.MEMBER_REMOVED, { members: [carol.key] });
    const adminOfStranger = ev(alice, EventType.ADMINS_ADDED, { members: [dave.key] });
    const bobAdmins = ev(bob, EventType.ADMINS_ADDED, { members: [bob.key] });
    const s = groupState(chatId, [created, addBob, remove, adminOfStranger, bobAdmins], NOW);
    assert.deepEqual(s.members, [alice.key, bob.key]);
    assert.deepEqual([...s.admins], [alice.key]);
    const makeBob = ev(alice, EventType.ADMINS_ADDED, { members: [bob.key] });
    const aliceUnadminsBob = ev(alice, EventType.ADMIN_REMOVED, { members: [bob.key] });
    const bobSteps = ev(bob, EventType.ADMIN_REMOVED, { members: [bob.key] });
    const t = groupState(chatId, [created, addBob, makeBob, aliceUnadminsBob], NOW);
    assert.ok(t.admins.has(bob.key));
    assert.ok(!groupState(chatId, [created, addBob, makeBob, bobSteps], NOW).admins.has(bob.key));
  });

  test('zero clocks, clocks from the future, unknown types and empty names are ignored and counted', () => {
    const future = ev(alice, EventType.NAME_CHANGED, { name: 'Later', clock: BigInt(NOW) + 121_000n });
    const nearFuture = ev(alice, EventType.COLOR_CHANGED, { color: '#000000', clock: BigInt(NOW) + 119_000n });
    const zero = ev(alice, EventType.NAME_CHANGED, { name: 'Zero', clock: 0n });
    const unknown = ev(alice, 42);
    const empty = ev(alice, EventType.NAME_CHANGED, { name: '' });
    const s = groupState(chatId, [created, addBob, future, nearFuture, zero, unknown, empty], NOW);
    assert.equal(s.name, 'Trip');
    assert.equal(s.color, '#000000');
    assert.deepEqual(Object.fromEntries(s.rejected), {
      future: 1,
      'zero-clock': 1,
      'unknown-type': 1,
      'empty-name': 1,
    });
  });

  test('events apply in clock order whatever the order they came in; equal clocks by signature', () => {
    const joinedBeforeAdded = ev(bob, EventType.MEMBER_JOINED, { clock: 3000n });
    const added = ev(alice, EventType.MEMBERS_ADDED, { members: [bob.key], clock: 2000n });
    const s = groupState(chatId, [joinedBeforeAdded, added, created], NOW);
    assert.ok(s.joined.has(bob.key));
    // Same clock: a rename by Alice and one by Bob; both orders of arrival agree.
    const r1 = ev(alice, EventType.NAME_CHANGED, { name: 'A', clock: 4000n });
    const r2 = ev(bob, EventType.NAME_CHANGED, { name: 'B', clock: 4000n });
    const x = groupState(chatId, [created, added, r1, r2], NOW).name;
    const y = groupState(chatId, [r2, r1, added, created], NOW).name;
    assert.equal(x, y);
    assert.equal(x, r1.id > r2.id ? 'A' : 'B');
  });

  test('a member changes the picture and the colour; an empty picture or an outsider changes nothing', () => {
    const first = ev(bob, EventType.IMAGE_CHANGED, { image: Uint8Array.of(1, 2, 3) });
    const second = ev(carol, EventType.IMAGE_CHANGED, { image: Uint8Array.of(4, 5) });
    const empty = ev(alice, EventType.IMAGE_CHANGED, { image: new Uint8Array() });
    const outsider = ev(dave, EventType.IMAGE_CHANGED, { image: Uint8Array.of(9) });
    const colour = ev(carol, EventType.COLOR_CHANGED, { color: '#26a69a' });
    const s = groupState(chatId, [created, addBob, outsider, second, first, empty, colour], NOW);
    assert.deepEqual(s.image, Uint8Array.of(4, 5), 'the latest by clock');
    assert.equal(s.color, '#26a69a');
    assert.equal(s.rejected.get('bad-target'), 1);
    assert.equal(s.rejected.get('not-member'), 1);
    assert.equal(groupState(chatId, [created], NOW).image, null);
  });

  test('at most 20 members', () => {
    const many = Array.from({ length: 20 }, () => someone().key);
    const s = groupState(chatId, [created, ev(alice, EventType.MEMBERS_ADDED, { members: many })], NOW);
    assert.deepEqual(s.members, [alice.key]);
    assert.equal(s.rejected.get('too-many-members'), 1);
  });

  test('property: any delivery order, with duplicates, yields the same state', () => {
    const people = [alice, bob, carol, dave];
    const pool: GroupEvent[] = [created];
    const types = [
      EventType.MEMBERS_ADDED,
      EventType.MEMBER_JOINED,
      EventType.MEMBER_REMOVED,
      EventType.ADMINS_ADDED,
      EventType.ADMIN_REMOVED,
      EventType.NAME_CHANGED,
      EventType.COLOR_CHANGED,
    ];
    let c = 2000n;
    for (let i = 0; i < 40; i += 1) {
      const who = people[i % 4] as (typeof people)[number];
      const target = people[(i * 7 + 1) % 4] as (typeof people)[number];
      const type = types[(i * 5) % types.length] as number;
      // Some clocks repeat on purpose (ties).
      c += BigInt(i % 3 === 0 ? 0 : 1);
      pool.push(
        signEvent(chatId, { clock: c, type, members: [target.key], name: `n${i}`, color: `#0000${i}` }, who.priv),
      );
    }
    const reference = summary(groupState(chatId, pool, NOW));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(pool, { minLength: pool.length, maxLength: pool.length }),
        fc.array(fc.nat(pool.length - 1), { maxLength: 20 }),
        (shuffled, dupes) => {
          const delivered = [...shuffled, ...dupes.map((i) => pool[i] as GroupEvent)];
          assert.deepEqual(summary(groupState(chatId, delivered, NOW)), reference);
        },
      ),
      { numRuns: 200 },
    );
  });
});

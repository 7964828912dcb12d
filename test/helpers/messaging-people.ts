// Whole MessagingServices on an in-memory bus, for unit tests of the messaging features: real
// encrypted account databases and the real messenger stack, no network, no timers.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { MessagingService } from '../../main/app/messenger/messaging-service.ts';
import type { MessengerTransport } from '../../main/app/messenger/ports.ts';
import type { AccountSession } from '../../main/identity/accounts.ts';
import { deriveAccountFromSeed } from '../../main/identity/derivation.ts';
import { describePublicKey } from '../../main/identity/visual-identity.ts';
import { closeDatabase, openDatabase } from '../../main/storage/database.ts';
import { PrefsRepository } from '../../main/storage/prefs-repository.ts';
import { accountMigrations } from '../../main/storage/schema/account-migrations.ts';
import type { AmmType } from '../../main/wire/proto.ts';
import type { ContactView, MessageView } from '../../shared/api.ts';
import { memoryBus, settle } from './memory-bus.ts';
import { tempDir } from './temp-dir.ts';

/** The transport of a fresh in-memory bus (memory-bus.ts). */
export const bus = (): MessengerTransport => memoryBus().transport;
export { settle };

/** What `person` opened; the test file's `after` runs `closeAll`. */
const cleanups: Array<() => void> = [];
export function closeAll(): void {
  for (const c of cleanups.reverse()) c();
  cleanups.length = 0;
}

/** `seed`: the same seed on two persons makes them two installations of one account. */
export function person(transport: MessengerTransport, displayName: string, seed: Uint8Array = crypto.randomBytes(64)) {
  const { dir, cleanup } = tempDir();
  const keys = deriveAccountFromSeed(seed);
  const { db } = openDatabase({
    path: path.join(dir, 'a.db'),
    key: crypto.randomBytes(32),
    migrations: accountMigrations,
  });
  const prefs = new PrefsRepository(db);
  prefs.set('profile.displayName', displayName, Date.now());
  const session: AccountSession = { keyUid: keys.keyUid, db, prefs, keys };
  const added: MessageView[] = [];
  const changed: MessageView[] = [];
  const removed: Array<{ id: string; chatId: string }> = [];
  const updates: ContactView[] = [];
  const requests: ContactView[] = [];
  const chatChanges: string[] = [];
  const service = new MessagingService({
    session,
    transport,
    events: {
      onAdded: (m) => added.push(m),
      onUpdated: () => {},
      onContactUpdated: (c) => updates.push(c),
      onContactRequest: (c) => requests.push(c),
      onChanged: (m) => changed.push(m),
      onRemoved: (r) => removed.push(r),
      onChatChanged: (chatId) => chatChanges.push(chatId),
    },
  });
  cleanups.push(() => {
    service.stop();
    closeDatabase(db);
    cleanup();
  });
  const identity = describePublicKey(keys.chatKey.publicKey);
  const incoming = () => added.filter((m) => !m.outgoing);
  return {
    service,
    key: identity.publicKey,
    identity,
    added,
    changed,
    removed,
    incoming,
    updates,
    requests,
    chatChanges,
    prefs,
    db,
    session,
  };
}
export type Person = ReturnType<typeof person>;

/** Lets the bus, the receivers and their acks run until `done` holds (no timers involved). */
export async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i += 1) {
    if (done()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.fail(`never happened: ${what}`);
}

export const stateOf = (p: Person, other: Person) => p.service.contacts.get(other.key)?.state ?? 'none';

/** Alice asks, Bob accepts: mutual contacts on both sides. */
export async function befriend(alice: Person, bob: Person) {
  await alice.service.contacts.sendRequest(bob.identity.chatKey, 'Hi Bob, it is Alice');
  await until(() => stateOf(bob, alice) === 'request-received', 'bob to get the request');
  await bob.service.contacts.accept(alice.key);
  await until(() => stateOf(alice, bob) === 'mutual', 'alice to see the accept');
}

/** Two installations of one account learn each other from their contact-code ads, then pair both ways. */
export async function pairDevices(a: Person, b: Person): Promise<void> {
  await a.service.contactCode.publish();
  await b.service.contactCode.publish();
  await until(
    () => a.service.devices.list().length === 2 && b.service.devices.list().length === 2,
    'the installations to learn each other',
  );
  const idA = a.service.devices.list()[0]?.installationId ?? '';
  const idB = b.service.devices.list()[0]?.installationId ?? '';
  await a.service.devices.setEnabled(idB, true);
  await b.service.devices.setEnabled(idA, true);
}

/** The payloads of one app-message type that `p` sends while `work` runs (what goes on the wire). */
export async function sentWhile(p: Person, type: AmmType, work: () => Promise<unknown>): Promise<Uint8Array[]> {
  const payloads: Uint8Array[] = [];
  const messenger = p.service.messenger;
  const original = messenger.sendApplication.bind(messenger);
  messenger.sendApplication = (async (peer: string, sent: AmmType, payload: Uint8Array, ...rest: never[]) => {
    if (sent === type) payloads.push(payload);
    return original(peer, sent, payload, ...rest);
  }) as typeof messenger.sendApplication;
  try {
    await work();
  } finally {
    messenger.sendApplication = original;
  }
  return payloads;
}

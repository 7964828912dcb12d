// The notifier reports the badge's unread count (muted chats excluded) to a callback, which
// is how the tray shows the same number without counting again.
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { api, type ChatView } from '../../../shared/api.ts';
import { channelFromMainPort } from '../../../main/core/main-port-channel.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { asMainPort } from '../../helpers/main-port.ts';
import { withTimeout } from '../../helpers/wait.ts';

const badges: number[] = [];
mock.module('electron', {
  namedExports: {
    app: { setBadgeCount: (count: number) => badges.push(count) },
    Notification: { isSupported: () => false },
  },
});
const { startNotifier } = await import('../../../main/electron/notifier.ts');

const chat = (id: string, unreadCount: number, muted = false): ChatView => ({
  id,
  name: id,
  unreadCount,
  muted,
  lastMessage: null,
  online: false,
});

/** A notifier on a core whose chat list is `chats()`; `next` waits for the next count. */
function notifierOn(chats: () => ChatView[]) {
  const server = new RpcServer(api, partialHandlers(api, { 'chats.list': chats }));
  const { port1, port2 } = new MessageChannel();
  server.attach(channelFromMainPort(asMainPort(port1)));
  const counts: number[] = [];
  let notify: (() => void) | undefined;
  const client = startNotifier({
    port: asMainPort(port2),
    window: () => undefined,
    onUnreadCount: (count) => {
      counts.push(count);
      notify?.();
    },
  });
  const next = () => withTimeout(new Promise<void>((resolve) => (notify = resolve)), 2000, 'an unread count');
  return { server, client, counts, next };
}

describe('notifier unread count callback', () => {
  it('gets the same count as the badge, on every refresh', async () => {
    let chats = [chat('a', 2), chat('b', 5, true), chat('c', 1)];
    const { server, client, counts, next } = notifierOn(() => chats);
    let counted = next();
    server.emit('accounts.loginChanged', { state: 'logged-out' } as never);
    await counted;
    chats = [chat('a', 0), chat('c', 4)];
    counted = next();
    server.emit('accounts.loginChanged', { state: 'logged-out' } as never);
    await counted;
    assert.deepEqual(counts, [3, 4]);
    assert.deepEqual(badges, counts);
    client.close();
  });

  it('follows a chat read (here or on a paired device) without waiting for a new message', async () => {
    let chats = [chat('a', 2), chat('c', 1)];
    const { server, client, counts, next } = notifierOn(() => chats);
    let counted = next();
    server.emit('accounts.loginChanged', { state: 'logged-out' } as never);
    await counted;
    chats = [chat('a', 0), chat('c', 1)];
    counted = next();
    server.emit('chats.changed', { chatId: 'a' });
    await counted;
    assert.deepEqual(counts, [3, 1]);
    client.close();
  });
});

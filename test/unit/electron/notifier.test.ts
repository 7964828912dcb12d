// The main-process notifier against a real RPC server over a Node MessageChannel, with
// electron's Notification and app faked: notifies incoming messages only while the window
// is not focused, sums unread counts onto the badge, and focuses the window on click.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { beforeEach, describe, it, mock } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { api, type ChatView, type MessageView } from '../../../shared/api.ts';
import { channelFromMainPort } from '../../../main/core/main-port-channel.ts';
import { messageView } from '../../../renderer/src/test/fixtures.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { asMainPort } from '../../helpers/main-port.ts';
import { withTimeout } from '../../helpers/wait.ts';

class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  readonly options: { title: string; body: string };
  constructor(options: { title: string; body: string }) {
    super();
    this.options = options;
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
}

const badges: number[] = [];
let badgeListener: (() => void) | undefined;
const fakeApp = {
  setBadgeCount: (count: number) => {
    badges.push(count);
    badgeListener?.();
    return true;
  },
};

mock.module('electron', { namedExports: { app: fakeApp, Notification: FakeNotification } });
const { notificationFor, startNotifier } = await import('../../../main/electron/notifier.ts');

class FakeWindow {
  focused = false;
  minimized = false;
  readonly focus = mock.fn(() => {
    this.focused = true;
  });
  readonly restore = mock.fn(() => {
    this.minimized = false;
  });
  isFocused(): boolean {
    return this.focused;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return false;
  }
}

const PEER = `0x04${'ab'.repeat(64)}`;

function message(overrides: Partial<MessageView> = {}): MessageView {
  return messageView({ chatId: PEER, sender: PEER, text: 'hello there', ...overrides });
}

function chat(unreadCount: number, id = PEER, muted = false): ChatView {
  return { id, name: 'peer', unreadCount, muted, lastMessage: null, online: false };
}

function setup(chats: ChatView[]) {
  const server = new RpcServer(api, partialHandlers(api, { 'chats.list': () => chats }));
  const { port1, port2 } = new MessageChannel();
  server.attach(channelFromMainPort(asMainPort(port1)));
  const window = new FakeWindow();
  const client = startNotifier({ port: asMainPort(port2), window: () => window as never });
  return { server, window, client };
}

/** Resolves at the next badge update. */
function nextBadge(): Promise<number> {
  return withTimeout(
    new Promise<number>((resolve) => {
      badgeListener = () => {
        badgeListener = undefined;
        resolve(badges.at(-1) as number);
      };
    }),
    2000,
    'a badge update',
  );
}

describe('notifier', () => {
  beforeEach(() => {
    FakeNotification.shown.length = 0;
    FakeNotification.supported = true;
    badges.length = 0;
  });

  it('shows a notification for an incoming message while the window is not focused', async () => {
    const { server, client } = setup([chat(2), chat(3, `0x04${'cd'.repeat(64)}`)]);
    const badge = nextBadge();
    server.emit('messages.added', message());
    assert.equal(await badge, 5, 'badge is the sum of unread counts');
    assert.equal(FakeNotification.shown.length, 1);
    assert.match(FakeNotification.shown[0]?.options.title ?? '', /^New message from 0x04abab/);
    assert.equal(FakeNotification.shown[0]?.options.body, 'hello there');
    client.close();
  });

  it('stays quiet for outgoing messages and while the window is focused, but still updates the badge', async () => {
    const { server, window, client } = setup([chat(1)]);
    let badge = nextBadge();
    server.emit('messages.added', message({ outgoing: true }));
    assert.equal(await badge, 1);
    window.focused = true;
    badge = nextBadge();
    server.emit('messages.added', message());
    assert.equal(await badge, 1);
    assert.equal(FakeNotification.shown.length, 0);
    client.close();
  });

  it('a muted chat neither notifies nor counts on the badge', async () => {
    const other = `0x04${'cd'.repeat(64)}`;
    const { server, client } = setup([chat(4, PEER, true), chat(2, other)]);
    let badge = nextBadge();
    server.emit('messages.added', message());
    assert.equal(await badge, 2, 'only the unmuted chat counts');
    badge = nextBadge();
    server.emit('messages.added', message({ chatId: other, sender: other }));
    await badge;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(FakeNotification.shown.length, 1, 'only the unmuted chat notifies');
    client.close();
  });

  it('does nothing where notifications are unsupported', async () => {
    FakeNotification.supported = false;
    const { server, client } = setup([chat(1)]);
    const badge = nextBadge();
    server.emit('messages.added', message());
    await badge;
    assert.equal(FakeNotification.shown.length, 0);
    client.close();
  });

  it('clicking the notification restores and focuses the window', async () => {
    const { server, window, client } = setup([chat(1)]);
    window.minimized = true;
    const badge = nextBadge();
    server.emit('messages.added', message());
    await badge;
    FakeNotification.shown[0]?.emit('click');
    assert.equal(window.restore.mock.callCount(), 1);
    assert.equal(window.focus.mock.callCount(), 1);
    client.close();
  });

  it('truncates long previews and shortens the sender key', () => {
    const long = 'x'.repeat(500);
    const { title, body } = notificationFor(message({ text: long }));
    assert.equal([...body].length, 120);
    assert.ok(body.endsWith('…'));
    assert.equal(title, `New message from ${PEER.slice(0, 8)}…${PEER.slice(-4)}`);
    assert.equal(notificationFor(message({ text: 'short' })).body, 'short');
  });

  it('says "Image" for a picture without a caption, and shows a caption when there is one', () => {
    const image = { format: 'png' as const, width: 10, height: 10, bytes: 100 };
    assert.equal(notificationFor(message({ text: '', image })).body, 'Image');
    assert.equal(notificationFor(message({ text: 'look', image })).body, 'look');
    assert.equal(notificationFor(message({ text: '' })).body, '');
  });
});

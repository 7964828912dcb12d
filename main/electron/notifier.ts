// Desktop integration fed by the core: a notification for each incoming message while the
// window is not in front, and the unread count on the dock/taskbar badge. Main is its own
// RPC client of the core (one more port), so the renderer stays the only UI code.
import { app, type BrowserWindow, Notification } from 'electron';
import type { Api, MessageView } from '../../shared/api.ts';
import { RpcClient } from '../../shared/rpc/client.ts';
import { channelFromMainPort, type MainMessagePortLike } from '../core/main-port-channel.ts';

export interface NotifierOptions {
  port: MainMessagePortLike;
  window: () => BrowserWindow | undefined;
  /** Told the unread count each time the badge is set (the tray shows it too). */
  onUnreadCount?: (count: number) => void;
}

const PREVIEW_CHARS = 120;

export function notificationFor(message: MessageView): { title: string; body: string } {
  const from = `${message.sender.slice(0, 8)}…${message.sender.slice(-4)}`;
  // A picture without a caption has no text: say what it is rather than show an empty line.
  const text = message.text || (message.image ? 'Image' : '');
  const body = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
  return { title: `New message from ${from}`, body };
}

export function startNotifier({ port, window, onUnreadCount }: NotifierOptions): RpcClient<Api> {
  const client = new RpcClient<Api>(channelFromMainPort(port));
  // Muted chats stay off the badge and never notify.
  let muted = new Set<string>();
  const refresh = () =>
    client.call('chats.list').then(
      (chats) => {
        muted = new Set(chats.filter((chat) => chat.muted).map((chat) => chat.id));
        const unread = chats.reduce((sum, chat) => sum + (chat.muted ? 0 : chat.unreadCount), 0);
        app.setBadgeCount(unread);
        onUnreadCount?.(unread);
      },
      () => {},
    );
  const refreshBadge = () => void refresh();
  client.on('messages.added', async (message) => {
    await refresh();
    const current = window();
    if (message.outgoing || (current && !current.isDestroyed() && current.isFocused())) return;
    if (muted.has(message.chatId) || !Notification.isSupported()) return;
    const notification = new Notification({ ...notificationFor(message), silent: false });
    notification.on('click', () => {
      const target = window();
      if (!target || target.isDestroyed()) return;
      if (target.isMinimized()) target.restore();
      target.focus();
    });
    notification.show();
  });
  client.on('accounts.loginChanged', refreshBadge);
  // Read here or on a paired device, muted or hidden: the count changes without a new message.
  client.on('chats.changed', refreshBadge);
  return client;
}

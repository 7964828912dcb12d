import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatView, GroupView, MessageView } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';

/**
 * The chat list, reloaded whenever a message comes or goes, a chat is read, muted or hidden, or a
 * group changes, with the groups among them (colour, invitation), kept current by `groups.updated`.
 */
export function useChats(client: CoreClient): {
  chats: ChatView[];
  groups: Readonly<Record<string, GroupView>>;
  reload: () => void;
} {
  const [chats, setChats] = useState<ChatView[]>([]);
  const [groups, setGroups] = useState<Record<string, GroupView>>({});
  const asked = useRef(new Set<string>());
  const reload = useCallback(() => {
    client.call('chats.list').then(
      (list) => {
        setChats(list);
        // Groups not seen yet: their view once; `groups.updated` keeps it after.
        for (const chat of list) {
          if (chat.kind !== 'private-group' || asked.current.has(chat.id)) continue;
          asked.current.add(chat.id);
          client.call('groups.get', { chatId: chat.id }).then(
            (group) =>
              setGroups((previous) => (previous[group.chatId] ? previous : { ...previous, [group.chatId]: group })),
            () => asked.current.delete(chat.id),
          );
        }
      },
      () => {},
    );
  }, [client]);
  useEffect(() => {
    reload();
    const offAdded = client.on('messages.added', reload);
    // Read, muted or hidden (here, or on a paired device of ours).
    const offChanged = client.on('chats.changed', reload);
    const offGroup = client.on('groups.updated', (group) => {
      asked.current.add(group.chatId);
      setGroups((previous) => ({ ...previous, [group.chatId]: group }));
      reload();
    });
    // A 1:1 chat's id is the other party's key: presence changes in place.
    const offPresence = client.on('contacts.presence', ({ publicKey, online }) => {
      setChats((previous) =>
        previous.some((chat) => chat.id === publicKey)
          ? previous.map((chat) => (chat.id === publicKey ? { ...chat, online } : chat))
          : previous,
      );
    });
    return () => {
      offAdded();
      offChanged();
      offGroup();
      offPresence();
    };
  }, [client, reload]);
  return { chats, groups, reload };
}

const PAGE = 50;
/** Older pages are bigger (the contract's maximum): scrolling back through thousands of messages takes fewer round trips. */
const OLDER_PAGE = 200;

/** A window on one chat: the newest page first, older pages on demand, live additions and status updates. */
export function useConversation(client: CoreClient, chatId: string) {
  const [messages, setMessages] = useState<MessageView[]>([]);
  const [complete, setComplete] = useState(false);
  const [loading, setLoading] = useState(false);
  const [unreadAtOpen, setUnreadAtOpen] = useState(0);

  useEffect(() => {
    let live = true;
    setMessages([]);
    setComplete(false);
    setUnreadAtOpen(0);
    // How many were unread before this visit marks them read: the list's "New messages" marker.
    const unread = client.call('chats.list').then(
      (chats) => chats.find((chat) => chat.id === chatId)?.unreadCount ?? 0,
      () => 0,
    );
    Promise.all([client.call('messages.list', { chatId, limit: PAGE }), unread]).then(
      ([page, unreadCount]) => {
        if (!live) return;
        setUnreadAtOpen(unreadCount);
        setMessages(page.slice().reverse());
        setComplete(page.length < PAGE);
        void client.call('chats.markRead', { chatId }).catch(() => {});
      },
      () => {},
    );
    const offAdded = client.on('messages.added', (message) => {
      if (message.chatId !== chatId) return;
      setMessages((previous) => (previous.some((m) => m.id === message.id) ? previous : [...previous, message]));
      // Read as it arrives in the open chat while the window is in front (the badge and list agree).
      if (!message.outgoing && document.visibilityState === 'visible')
        void client.call('chats.markRead', { chatId }).catch(() => {});
    });
    const offUpdated = client.on('messages.updated', ({ id, status }) => {
      setMessages((previous) => previous.map((m) => (m.id === id ? { ...m, status } : m)));
    });
    // Edits, deletes for everyone, pins and reactions (either side) replace the message; a
    // reply's preview follows the message it quotes.
    const offChanged = client.on('messages.changed', (changed) => {
      if (changed.chatId !== chatId) return;
      setMessages((previous) =>
        previous.map((m) => {
          if (m.id === changed.id) return changed;
          if (m.responseTo === changed.id && m.replyPreview) {
            return { ...m, replyPreview: { sender: changed.sender, text: changed.text, deleted: changed.deleted } };
          }
          return m;
        }),
      );
    });
    const offRemoved = client.on('messages.removed', ({ id }) => {
      setMessages((previous) => previous.filter((m) => m.id !== id));
    });
    return () => {
      live = false;
      offAdded();
      offUpdated();
      offChanged();
      offRemoved();
    };
  }, [client, chatId]);

  const loadOlder = useCallback(async () => {
    const oldest = messages[0];
    if (!oldest || complete || loading) return;
    setLoading(true);
    try {
      const page = await client.call('messages.list', {
        chatId,
        before: { clock: oldest.clock, id: oldest.id },
        limit: OLDER_PAGE,
      });
      setMessages((previous) => [...page.slice().reverse(), ...previous]);
      setComplete(page.length < OLDER_PAGE);
    } finally {
      setLoading(false);
    }
  }, [client, chatId, messages, complete, loading]);

  return { messages, complete, loading, loadOlder, unreadAtOpen };
}

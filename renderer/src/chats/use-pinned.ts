import { useEffect, useState } from 'react';
import type { MessageView } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';

/**
 * A chat's pinned messages, most recently pinned first, kept current by `messages.changed`
 * (a newly pinned message goes on top, an unpinned one leaves, others are replaced in place)
 * and `messages.removed`.
 */
export function usePinned(client: CoreClient, chatId: string): MessageView[] {
  const [pinned, setPinned] = useState<MessageView[]>([]);
  useEffect(() => {
    let live = true;
    setPinned([]);
    client.call('messages.pinned', { chatId }).then(
      (list) => {
        if (live) setPinned(list);
      },
      () => {},
    );
    const offChanged = client.on('messages.changed', (changed) => {
      if (changed.chatId !== chatId) return;
      setPinned((previous) => {
        const known = previous.some((m) => m.id === changed.id);
        if (!changed.pinned) return known ? previous.filter((m) => m.id !== changed.id) : previous;
        return known ? previous.map((m) => (m.id === changed.id ? changed : m)) : [changed, ...previous];
      });
    });
    const offRemoved = client.on('messages.removed', ({ id }) => {
      setPinned((previous) => (previous.some((m) => m.id === id) ? previous.filter((m) => m.id !== id) : previous));
    });
    return () => {
      live = false;
      offChanged();
      offRemoved();
    };
  }, [client, chatId]);
  return pinned;
}

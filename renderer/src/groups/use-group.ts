import { useCallback, useEffect, useState } from 'react';
import type { ContactView, GroupMemberView, GroupView } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';

/** A private group's chat id (status-go's uuid, a dash, the creator's key), as opposed to a 1:1 chat's key. */
export function isGroupChatId(chatId: string): boolean {
  return /^[0-9a-f-]{36}-0x04[0-9a-f]+$/.test(chatId);
}

function shortKey(key: string): string {
  return key.length > 16 ? `${key.slice(0, 8)}…${key.slice(-4)}` : key;
}

/** How a member is called: their known name, else a contact's name, else the three-word alias. */
export function memberName(member: GroupMemberView, contacts: readonly ContactView[] = []): string {
  if (member.displayName) return member.displayName;
  const contact = contacts.find((c) => c.publicKey === member.publicKey);
  return contact?.displayName || member.alias || shortKey(member.publicKey);
}

/** The name of a message sender in a group: a member's, a contact's, or the short key. */
export function senderNameIn(group: GroupView | null, contacts: readonly ContactView[], sender: string): string {
  const member = group?.members.find((m) => m.publicKey === sender);
  if (member) return memberName(member, contacts);
  const contact = contacts.find((c) => c.publicKey === sender);
  return contact?.displayName || contact?.alias || shortKey(sender);
}

/**
 * One private group (null chat id: none), kept current by `groups.updated`; `set` takes the
 * answer of an action (rename, add, join, ...) without waiting for its event.
 */
export function useGroup(
  client: CoreClient,
  chatId: string | null,
): { group: GroupView | null; set: (group: GroupView) => void } {
  const [group, setGroup] = useState<GroupView | null>(null);
  useEffect(() => {
    setGroup(null);
    if (!chatId) return;
    let live = true;
    client.call('groups.get', { chatId }).then(
      (view) => {
        if (live) setGroup(view);
      },
      () => {},
    );
    const off = client.on('groups.updated', (view) => {
      if (view.chatId === chatId) setGroup(view);
    });
    return () => {
      live = false;
      off();
    };
  }, [client, chatId]);
  const set = useCallback(
    (view: GroupView) => {
      if (view.chatId === chatId) setGroup(view);
    },
    [chatId],
  );
  return { group, set };
}

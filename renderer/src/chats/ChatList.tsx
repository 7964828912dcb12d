import { useState } from 'react';
import type { ChatView, GroupView } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';
import { GroupAvatar } from '../groups/GroupAvatar.tsx';
import { PresenceDot } from '../identity/PresenceDot.tsx';
import { neighbourChat, useShortcuts } from '../shell/shortcuts.ts';

/** The filter box's id: Ctrl/Cmd+K (in the shell) focuses it. */
export const CHAT_FILTER_ID = 'chat-filter';

function shortKey(key: string): string {
  return key.length > 16 ? `${key.slice(0, 8)}…${key.slice(-4)}` : key;
}

export function chatLabel(chat: ChatView): string {
  return chat.name === chat.id ? shortKey(chat.id) : chat.name;
}

export function ChatList({
  chats,
  selected,
  onSelect,
  groups = {},
  client,
}: {
  chats: ChatView[];
  selected: string | null;
  onSelect: (id: string) => void;
  /** The groups among the chats, by chat id (colour, invitation). */
  groups?: Readonly<Record<string, GroupView>>;
  /** Fetches the groups' pictures (`groups.image`); without it, group avatars show initials. */
  client?: CoreClient;
}) {
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? chats.filter((chat) => chatLabel(chat).toLowerCase().includes(needle) || chat.name.toLowerCase().includes(needle))
    : chats;

  // Alt+Up/Down and Ctrl+(Shift+)Tab walk the chats as listed (the filter applies).
  useShortcuts((shortcut) => {
    if (shortcut.action !== 'previous-chat' && shortcut.action !== 'next-chat') return false;
    const next = neighbourChat(
      shown.map((chat) => chat.id),
      selected,
      shortcut.action === 'next-chat' ? 1 : -1,
    );
    if (next === null) return false;
    onSelect(next);
    return true;
  });

  return (
    <>
      {/* Always there, so Ctrl/Cmd+K has a place to go even before the first chat. */}
      <input
        id={CHAT_FILTER_ID}
        type="search"
        className="chat-filter"
        aria-label="Search chats"
        placeholder="Search chats (Ctrl+K)"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && filter) {
            setFilter('');
            e.preventDefault();
          }
        }}
      />
      {chats.length === 0 && <p className="muted">No chats yet.</p>}
      {chats.length > 0 && shown.length === 0 && <p className="muted">No chat matches “{filter.trim()}”.</p>}
      {shown.length > 0 && (
        <ul className="chat-list" aria-label="Chats">
          {shown.map((chat) => (
            <li key={chat.id}>
              <button
                type="button"
                className="chat-item"
                aria-current={chat.id === selected ? 'true' : undefined}
                onClick={() => onSelect(chat.id)}
              >
                <span className="chat-name">
                  {chat.kind === 'private-group' && (
                    <GroupAvatar
                      client={client}
                      chatId={chat.id}
                      image={groups[chat.id]?.image}
                      name={chatLabel(chat)}
                      color={groups[chat.id]?.color}
                      size={20}
                      decorative
                    />
                  )}
                  {chatLabel(chat)}
                  {chat.kind !== 'private-group' && <PresenceDot online={chat.online} />}
                  {groups[chat.id]?.invitation && <span className="invitation-mark">Invitation</span>}
                  {chat.muted && <span title="Muted"> 🔕</span>}
                </span>
                <span className="chat-last">
                  {chat.lastMessage
                    ? `${chat.lastMessage.outgoing ? 'You: ' : ''}${chat.lastMessage.text || (chat.lastMessage.image ? 'Image' : '')}`
                    : ''}
                </span>
                {chat.unreadCount > 0 && (
                  <span className="badge" title={`${chat.unreadCount} unread`}>
                    {chat.unreadCount}
                    <span className="visually-hidden"> unread</span>
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

import type { ChatView } from '../../../shared/api.ts';

function shortKey(key: string): string {
  return key.length > 16 ? `${key.slice(0, 8)}…${key.slice(-4)}` : key;
}

export function ChatList({
  chats,
  selected,
  onSelect,
}: {
  chats: ChatView[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  if (chats.length === 0) return <p className="muted">No chats yet.</p>;
  return (
    <ul className="chat-list" aria-label="Chats">
      {chats.map((chat) => (
        <li key={chat.id}>
          <button
            type="button"
            className="chat-item"
            aria-current={chat.id === selected ? 'true' : undefined}
            onClick={() => onSelect(chat.id)}
          >
            <span className="chat-name">
              {chat.name === chat.id ? shortKey(chat.id) : chat.name}
              {chat.muted && <span title="Muted"> 🔕</span>}
            </span>
            <span className="chat-last">
              {chat.lastMessage ? `${chat.lastMessage.outgoing ? 'You: ' : ''}${chat.lastMessage.text}` : ''}
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
  );
}

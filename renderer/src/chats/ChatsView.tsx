import { type FormEvent, useState } from 'react';
import type { CoreClient } from '../core/connection.ts';
import { ChatList } from './ChatList.tsx';
import { Conversation } from './Conversation.tsx';
import { useChats } from './use-chats.ts';

/** Chats: the list on the left, the open conversation on the right, and a field to start one by key. */
export function ChatsView({ client }: { client: CoreClient }) {
  const { chats } = useChats(client);
  const [selected, setSelected] = useState<string | null>(null);
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const open = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      // The preview validates the key in any format and gives the canonical 0x04 form.
      const { publicKey } = (await client.call('contacts.preview' as never, { key: key.trim() } as never)) as {
        publicKey: string;
      };
      setSelected(publicKey);
      setKey('');
    } catch {
      setProblem('That is not a valid chat key (0x04…, 0x02…/0x03… or zQ3…).');
    }
  };

  const current = selected ?? chats[0]?.id ?? null;
  return (
    <div className="chats">
      <aside>
        <form onSubmit={open} className="new-chat" aria-label="New chat">
          <input
            aria-label="Chat key"
            placeholder="Paste a chat key (zQ3…)"
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
          <button type="submit" className="small">
            Open
          </button>
        </form>
        {problem && <p role="alert">{problem}</p>}
        <ChatList chats={chats} selected={current} onSelect={setSelected} />
      </aside>
      {current ? (
        <Conversation key={current} client={client} chatId={current} />
      ) : (
        <p className="muted">Pick a chat or paste a chat key.</p>
      )}
    </div>
  );
}

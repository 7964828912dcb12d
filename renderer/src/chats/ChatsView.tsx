import { type FormEvent, useState } from 'react';
import type { ContactView } from '../../../shared/api.ts';
import { contactName } from '../contacts/contact-name.ts';
import type { CoreClient } from '../core/connection.ts';
import { NewGroupDialog } from '../groups/NewGroupDialog.tsx';
import { isGroupChatId } from '../groups/use-group.ts';
import { ChatList, chatLabel } from './ChatList.tsx';
import { Conversation } from './Conversation.tsx';
import { useChats } from './use-chats.ts';

/**
 * Chats: the list on the left, the open conversation on the right, and a field to start one by
 * key. The selection lives in the shell so Contacts can open a chat here.
 */
export function ChatsView({
  client,
  contacts,
  selected,
  onSelect: setSelected,
}: {
  client: CoreClient;
  contacts: readonly ContactView[];
  selected: string | null;
  onSelect: (chatId: string | null) => void;
}) {
  const { chats, groups, reload } = useChats(client);
  const [key, setKey] = useState('');
  const [newGroup, setNewGroup] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const open = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      // The preview validates the key in any format and gives the canonical 0x04 form.
      const { publicKey } = await client.call('contacts.preview', { key: key.trim() });
      setSelected(publicKey);
      setKey('');
    } catch {
      setProblem('That is not a valid chat key (0x04…, 0x02…/0x03… or zQ3…).');
    }
  };

  const current = selected ?? chats[0]?.id ?? null;
  const contact = contacts.find((c) => c.publicKey === current);
  const currentChat = chats.find((c) => c.id === current);
  // Messages from people who are not contacts are dropped by the receiver: say so before typing.
  const isGroup =
    currentChat?.kind === 'private-group' || (current !== null && (current in groups || isGroupChatId(current)));
  const notAContact = current !== null && !isGroup && contact?.state !== 'mutual' && contact?.state !== 'request-sent';
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
        <button type="button" className="small new-group-button" onClick={() => setNewGroup(true)}>
          New group
        </button>
        {newGroup && (
          <NewGroupDialog
            client={client}
            contacts={contacts}
            onClose={() => setNewGroup(false)}
            onCreated={(chatId) => {
              setNewGroup(false);
              reload();
              setSelected(chatId);
            }}
          />
        )}
        <ChatList client={client} chats={chats} groups={groups} selected={current} onSelect={setSelected} />
      </aside>
      {current ? (
        <div className="chat-pane">
          <div className="chat-tools">
            <button
              type="button"
              className="small"
              onClick={() =>
                void client
                  .call('chats.mute', { chatId: current, muted: !chats.find((c) => c.id === current)?.muted })
                  .then(reload, () => {})
              }
              disabled={!chats.some((c) => c.id === current)}
            >
              {chats.find((c) => c.id === current)?.muted ? 'Unmute' : 'Mute'}
            </button>
            <button
              type="button"
              className="small"
              onClick={() =>
                void client.call('chats.delete', { chatId: current }).then(
                  () => {
                    setSelected(null);
                    reload();
                  },
                  () => {},
                )
              }
              disabled={!chats.some((c) => c.id === current)}
            >
              Delete chat
            </button>
          </div>
          {notAContact && (
            <p className="notice" role="status">
              Not a contact yet: they will not see your messages until they accept your contact request (send one from
              Contacts).
            </p>
          )}
          <Conversation
            key={current}
            client={client}
            chatId={current}
            title={currentChat ? chatLabel(currentChat) : contact && contactName(contact)}
            presence={
              isGroup
                ? undefined
                : { online: contact?.online ?? currentChat?.online ?? false, lastSeen: contact?.lastSeen ?? null }
            }
            group={isGroup}
            contacts={contacts}
            onDeclined={() => {
              setSelected(null);
              reload();
            }}
          />
        </div>
      ) : (
        <p className="muted">Pick a chat or paste a chat key.</p>
      )}
    </div>
  );
}

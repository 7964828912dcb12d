import { type DragEvent, useMemo, useRef, useState } from 'react';
import type { ContactView, MessageView } from '../../../shared/api.ts';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { GroupAvatar } from '../groups/GroupAvatar.tsx';
import { InvitationBanner } from '../groups/InvitationBanner.tsx';
import { MembersPanel } from '../groups/MembersPanel.tsx';
import { senderNameIn, useGroup } from '../groups/use-group.ts';
import { PresenceDot } from '../identity/PresenceDot.tsx';
import { Composer, type ComposerMode, imageFileOf } from './Composer.tsx';
import { type BubbleActions, MessageBubble } from './MessageBubble.tsx';
import { MessageList } from './MessageList.tsx';
import { PinnedPanel } from './PinnedPanel.tsx';
import { useConversation } from './use-chats.ts';
import { usePinned } from './use-pinned.ts';

function shortKey(key: string): string {
  return key.length > 16 ? `${key.slice(0, 8)}…${key.slice(-4)}` : key;
}

export function Conversation({
  client,
  chatId,
  title,
  presence,
  group: isGroup = false,
  contacts = [],
  onDeclined,
}: {
  client: CoreClient;
  chatId: string;
  /** The header's name for the chat (absent: no name shown). */
  title?: string;
  /** The other party's presence in a 1:1 chat (absent: no dot). */
  presence?: { online: boolean; lastSeen: number | null };
  /** A private group: members panel, invitation banner, sender names. */
  group?: boolean;
  /** Our contacts: names of senders and members, and whom an admin may add. */
  contacts?: readonly ContactView[];
  /** A group invitation was declined (the chat is hidden). */
  onDeclined?: () => void;
}) {
  const { messages, complete, loading, loadOlder, unreadAtOpen } = useConversation(client, chatId);
  const pinned = usePinned(client, chatId);
  const [showPinned, setShowPinned] = useState(false);
  const [showMembers, setShowMembers] = useState(false);
  const { group, set: setGroup } = useGroup(client, isGroup ? chatId : null);
  const senderName = (message: MessageView) =>
    message.outgoing
      ? 'You'
      : isGroup
        ? senderNameIn(group, contacts, message.sender)
        : message.sender === chatId && title
          ? title
          : shortKey(message.sender);
  const [mode, setMode] = useState<ComposerMode>({ kind: 'new' });
  const [dropped, setDropped] = useState<File | null>(null);
  const act = useAction((work: () => Promise<unknown>) => work());
  // Stable across renders, so memoised bubbles skip when only other rows change.
  const run = useRef(act.run);
  run.current = act.run;
  const actions = useMemo<BubbleActions>(
    () => ({
      reply: (to) => setMode({ kind: 'reply', to }),
      edit: (of) => setMode({ kind: 'edit', of }),
      remove: (message, forEveryone) =>
        void run.current(() => client.call('messages.delete', { messageId: message.id, forEveryone })),
      react: (message, emoji, remove) =>
        void run.current(() => client.call('messages.react', { messageId: message.id, emoji, remove })),
      pin: (message, pinned) => void run.current(() => client.call('messages.pin', { messageId: message.id, pinned })),
    }),
    [client],
  );
  // A picture dropped anywhere on the conversation goes to the composer.
  const dropTarget = {
    onDragOver: (e: DragEvent) => e.dataTransfer.types.includes('Files') && e.preventDefault(),
    onDrop: (e: DragEvent) => {
      const file = imageFileOf(e.dataTransfer.files);
      if (!file) return;
      e.preventDefault();
      setDropped(file);
    },
  };

  return (
    <section className="conversation" aria-label="Conversation" {...dropTarget}>
      <header className="conversation-header">
        {group && (
          <GroupAvatar
            client={client}
            chatId={chatId}
            image={group.image}
            name={group.name}
            color={group.color}
            size={28}
            decorative
          />
        )}
        {(group?.name || title) && <h2 className="conversation-title">{group?.name || title}</h2>}
        {presence && !isGroup && <PresenceDot online={presence.online} lastSeen={presence.lastSeen} />}
        {isGroup && (
          <button
            type="button"
            className="small members-toggle"
            aria-expanded={showMembers}
            aria-label={`Members: ${group?.members.length ?? 0}`}
            disabled={!group}
            onClick={() => {
              setShowPinned(false);
              setShowMembers((shown) => !shown);
            }}
          >
            👥 Members <span className="badge-count">{group?.members.length ?? 0}</span>
          </button>
        )}
        <button
          type="button"
          className="small pinned-toggle"
          aria-expanded={showPinned}
          aria-label={`Pinned messages: ${pinned.length}`}
          onClick={() => {
            setShowMembers(false);
            setShowPinned((shown) => !shown);
          }}
        >
          📌 Pinned <span className="badge-count">{pinned.length}</span>
        </button>
      </header>
      {showPinned && (
        <PinnedPanel
          pinned={pinned}
          senderName={senderName}
          busy={act.busy}
          onUnpin={(message) => actions.pin(message, false)}
          onClose={() => setShowPinned(false)}
        />
      )}
      {showMembers && group && (
        <MembersPanel
          client={client}
          group={group}
          contacts={contacts}
          onChanged={setGroup}
          onClose={() => setShowMembers(false)}
        />
      )}
      <MessageList
        messages={messages}
        complete={complete}
        loading={loading}
        loadOlder={loadOlder}
        unreadCount={unreadAtOpen}
        renderMessage={(message) => (
          <MessageBubble
            message={message}
            actions={actions}
            client={client}
            senderName={isGroup && !message.outgoing ? senderName(message) : undefined}
          />
        )}
      />
      {group?.invitation && (
        <InvitationBanner
          client={client}
          group={group}
          contacts={contacts}
          onJoined={setGroup}
          onDeclined={() => onDeclined?.()}
        />
      )}
      {group && !group.active && !group.invitation ? (
        <p className="notice no-longer-member" role="status">
          You are no longer a member of this group
        </p>
      ) : (
        <Composer
          client={client}
          chatId={chatId}
          mode={mode}
          onModeChange={setMode}
          dropped={dropped}
          onDroppedTaken={() => setDropped(null)}
          disabled={isGroup && (!group || group.invitation)}
        />
      )}
      {act.error && <p role="alert">{act.error}</p>}
    </section>
  );
}

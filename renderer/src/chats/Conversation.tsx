import { type DragEvent, useState } from 'react';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { Composer, type ComposerMode, imageFileOf } from './Composer.tsx';
import { type BubbleActions, MessageBubble } from './MessageBubble.tsx';
import { MessageList } from './MessageList.tsx';
import { useConversation } from './use-chats.ts';

export function Conversation({ client, chatId }: { client: CoreClient; chatId: string }) {
  const { messages, complete, loading, loadOlder, unreadAtOpen } = useConversation(client, chatId);
  const [mode, setMode] = useState<ComposerMode>({ kind: 'new' });
  const [dropped, setDropped] = useState<File | null>(null);
  const act = useAction((work: () => Promise<unknown>) => work());
  const actions: BubbleActions = {
    reply: (to) => setMode({ kind: 'reply', to }),
    edit: (of) => setMode({ kind: 'edit', of }),
    remove: (message, forEveryone) =>
      void act.run(() => client.call('messages.delete', { messageId: message.id, forEveryone })),
    react: (message, emoji, remove) =>
      void act.run(() => client.call('messages.react', { messageId: message.id, emoji, remove })),
    pin: (message, pinned) => void act.run(() => client.call('messages.pin', { messageId: message.id, pinned })),
  };
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
      <MessageList
        messages={messages}
        complete={complete}
        loading={loading}
        loadOlder={loadOlder}
        unreadCount={unreadAtOpen}
        renderMessage={(message) => <MessageBubble message={message} actions={actions} client={client} />}
      />
      <Composer
        client={client}
        chatId={chatId}
        mode={mode}
        onModeChange={setMode}
        dropped={dropped}
        onDroppedTaken={() => setDropped(null)}
      />
      {act.error && <p role="alert">{act.error}</p>}
    </section>
  );
}

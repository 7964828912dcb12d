import { type FormEvent, Fragment, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { MessageView } from '../../../shared/api.ts';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { type BubbleActions, MessageBubble } from './MessageBubble.tsx';
import { useConversation } from './use-chats.ts';

/** What the composer is doing besides writing a new message. */
type Mode = { kind: 'new' } | { kind: 'reply'; to: MessageView } | { kind: 'edit'; of: MessageView };

function dayOf(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function Conversation({ client, chatId }: { client: CoreClient; chatId: string }) {
  const { messages, complete, loading, loadOlder } = useConversation(client, chatId);
  const [draft, setDraft] = useState('');
  const [mode, setMode] = useState<Mode>({ kind: 'new' });
  const send = useAction((text: string, current: Mode) => {
    if (current.kind === 'edit') return client.call('messages.edit', { messageId: current.of.id, text });
    const responseTo = current.kind === 'reply' ? current.to.id : undefined;
    return client.call('messages.sendText', { chatId, text, ...(responseTo ? { responseTo } : {}) });
  });
  const act = useAction((work: () => Promise<unknown>) => work());
  const actions: BubbleActions = {
    reply: (to) => setMode({ kind: 'reply', to }),
    edit: (of) => {
      setMode({ kind: 'edit', of });
      setDraft(of.text);
    },
    remove: (message, forEveryone) =>
      void act.run(() => client.call('messages.delete', { messageId: message.id, forEveryone })),
    react: (message, emoji, remove) =>
      void act.run(() => client.call('messages.react', { messageId: message.id, emoji, remove })),
    pin: (message, pinned) => void act.run(() => client.call('messages.pin', { messageId: message.id, pinned })),
  };
  const cancelMode = () => {
    if (mode.kind === 'edit') setDraft('');
    setMode({ kind: 'new' });
  };
  const bottom = useRef<HTMLLIElement>(null);
  const count = messages.length;
  // Braces matter: Chromium's scrollIntoView now returns a promise, and an effect may only
  // return a cleanup function (React calls whatever comes back on unmount).
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the number of messages changes
  useEffect(() => {
    void bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [count]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = draft.trim();
    if (!text) return;
    const current = mode;
    setDraft('');
    setMode({ kind: 'new' });
    await send.run(text, current);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && mode.kind !== 'new') {
      cancelMode();
    }
  };

  let lastDay = '';
  return (
    <section className="conversation" aria-label="Conversation">
      <ol className="messages" onScroll={(e) => e.currentTarget.scrollTop === 0 && void loadOlder()}>
        {!complete && (
          <li className="load-older">
            <button type="button" className="link" onClick={() => void loadOlder()} disabled={loading}>
              {loading ? 'Loading…' : 'Load older messages'}
            </button>
          </li>
        )}
        {messages.map((message) => {
          const day = dayOf(message.timestamp);
          const separator = day !== lastDay;
          lastDay = day;
          // One keyed fragment per message: bubbles keep their DOM when pages are prepended
          // or a message is removed (bare arrays would be matched by position and remounted).
          return (
            <Fragment key={message.id}>
              {separator && <li className="day">{day}</li>}
              <MessageBubble message={message} actions={actions} />
            </Fragment>
          );
        })}
        <li ref={bottom} aria-hidden="true" />
      </ol>
      {mode.kind !== 'new' && (
        <div className="composer-mode" role="status">
          <span>
            {mode.kind === 'reply' ? 'Replying to: ' : 'Editing: '}
            <q>{mode.kind === 'reply' ? mode.to.text : mode.of.text}</q>
          </span>
          <button type="button" className="link" onClick={cancelMode}>
            Cancel
          </button>
        </div>
      )}
      <form className="composer" onSubmit={submit}>
        <textarea
          aria-label="Message"
          placeholder="Write a message"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          rows={2}
        />
        <button type="submit" disabled={send.busy || draft.trim() === ''}>
          {mode.kind === 'edit' ? 'Save' : 'Send'}
        </button>
      </form>
      {send.error && <p role="alert">{send.error}</p>}
      {act.error && <p role="alert">{act.error}</p>}
    </section>
  );
}

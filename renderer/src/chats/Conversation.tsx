import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { MessageView } from '../../../shared/api.ts';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { useConversation } from './use-chats.ts';

const STATUS_LABEL: Record<string, string> = {
  pending: 'Sending…',
  sent: 'Sent',
  stored: 'Stored',
  delivered: 'Delivered',
  failed: 'Not sent',
};

function dayOf(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

function Bubble({ message }: { message: MessageView }) {
  return (
    <li className={message.outgoing ? 'bubble out' : 'bubble in'} data-testid="message">
      <span className="text">{message.text}</span>
      <span className="meta">
        {new Date(message.timestamp).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
        {message.outgoing && message.status && (
          <span className={`status status-${message.status}`} data-testid="message-status">
            {' · '}
            {STATUS_LABEL[message.status] ?? message.status}
          </span>
        )}
      </span>
    </li>
  );
}

export function Conversation({ client, chatId }: { client: CoreClient; chatId: string }) {
  const { messages, complete, loading, loadOlder } = useConversation(client, chatId);
  const [draft, setDraft] = useState('');
  const send = useAction((text: string) => client.call('messages.sendText', { chatId, text }));
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
    setDraft('');
    await send.run(text);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void submit();
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
          return [
            separator ? (
              <li key={`day-${day}`} className="day">
                {day}
              </li>
            ) : null,
            <Bubble key={message.id} message={message} />,
          ];
        })}
        <li ref={bottom} aria-hidden="true" />
      </ol>
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
          Send
        </button>
      </form>
      {send.error && <p role="alert">{send.error}</p>}
    </section>
  );
}

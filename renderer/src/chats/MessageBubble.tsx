import { memo, useState } from 'react';
import { type MessageView, REACTION_EMOJIS, type ReactionEmoji } from '../../../shared/api.ts';
import type { CoreClient } from '../core/connection.ts';
import { MessageImage } from './MessageImage.tsx';
import { REACTION_GLYPH } from './reactions.ts';
import { SystemLine } from './SystemLine.tsx';

const STATUS_LABEL: Record<string, string> = {
  pending: 'Sending…',
  sent: 'Sent',
  stored: 'Stored',
  delivered: 'Delivered',
  failed: 'Not sent',
};

export interface BubbleActions {
  reply: (message: MessageView) => void;
  edit: (message: MessageView) => void;
  remove: (message: MessageView, forEveryone: boolean) => void;
  react: (message: MessageView, emoji: ReactionEmoji, remove: boolean) => void;
  pin: (message: MessageView, pinned: boolean) => void;
}

/** One message: quote, picture, text, reactions, and its actions (shown on hover or keyboard focus). Memoised: rows that did not change skip. */
export const MessageBubble = memo(function MessageBubble({
  message,
  actions,
  client,
  senderName,
}: {
  message: MessageView;
  actions: BubbleActions;
  /** Where a picture's bytes come from (`messages.image`). */
  client?: CoreClient;
  /** Shown above an incoming message's text (groups). */
  senderName?: string;
}) {
  const [menu, setMenu] = useState<'none' | 'react' | 'delete'>('none');
  if (message.system) return <SystemLine message={message} />;
  const close = () => setMenu('none');
  const mine = (emoji: ReactionEmoji) => message.reactions.some((r) => r.emoji === emoji && r.mine);
  return (
    <li className={message.outgoing ? 'bubble out' : 'bubble in'} data-testid="message">
      {senderName && !message.outgoing && (
        <span className="sender-name" data-testid="sender-name">
          {senderName}
        </span>
      )}
      {message.replyPreview && (
        <blockquote className="quote" data-testid="reply-preview">
          {message.replyPreview.deleted ? <em>Deleted message</em> : message.replyPreview.text || <em>Image</em>}
        </blockquote>
      )}
      {message.responseTo && !message.replyPreview && (
        <blockquote className="quote">
          <em>Reply to a message not on this device</em>
        </blockquote>
      )}
      {message.image && !message.deleted && client && (
        <MessageImage client={client} messageId={message.id} image={message.image} />
      )}
      {message.deleted ? (
        <em className="text deleted">This message was deleted</em>
      ) : (
        (message.text || !message.image) && <span className="text">{message.text}</span>
      )}
      <span className="meta">
        {message.pinned && <span title="Pinned">📌 </span>}
        {new Date(message.timestamp).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
        {message.edited && !message.deleted && <span className="edited"> · edited</span>}
        {message.outgoing && message.status && (
          <span className={`status status-${message.status}`} data-testid="message-status">
            {' · '}
            {STATUS_LABEL[message.status] ?? message.status}
          </span>
        )}
      </span>
      {message.reactions.length > 0 && (
        <span className="reactions">
          {message.reactions.map((r) => (
            <button
              key={r.emoji}
              type="button"
              className={r.mine ? 'reaction mine' : 'reaction'}
              aria-label={`${r.emoji} ${r.count}${r.mine ? ', yours' : ''}`}
              aria-pressed={r.mine}
              onClick={() => actions.react(message, r.emoji, r.mine)}
            >
              {REACTION_GLYPH[r.emoji]} {r.count}
            </button>
          ))}
        </span>
      )}
      {!message.deleted && (
        <span className="actions" role="toolbar" aria-label="Message actions">
          <button type="button" onClick={() => actions.reply(message)}>
            Reply
          </button>
          <button
            type="button"
            aria-expanded={menu === 'react'}
            onClick={() => setMenu(menu === 'react' ? 'none' : 'react')}
          >
            React
          </button>
          {message.outgoing && !message.image && (
            <button type="button" onClick={() => actions.edit(message)}>
              Edit
            </button>
          )}
          <button type="button" onClick={() => actions.pin(message, !message.pinned)}>
            {message.pinned ? 'Unpin' : 'Pin'}
          </button>
          <button
            type="button"
            aria-expanded={menu === 'delete'}
            onClick={() => setMenu(menu === 'delete' ? 'none' : 'delete')}
          >
            Delete
          </button>
        </span>
      )}
      {menu === 'react' && (
        <fieldset className="picker" aria-label="Pick a reaction">
          {REACTION_EMOJIS.map((emoji) => (
            <button
              key={emoji}
              type="button"
              aria-label={emoji}
              aria-pressed={mine(emoji)}
              onClick={() => {
                actions.react(message, emoji, mine(emoji));
                close();
              }}
            >
              {REACTION_GLYPH[emoji]}
            </button>
          ))}
        </fieldset>
      )}
      {menu === 'delete' && (
        <fieldset className="picker" aria-label="Delete the message">
          {message.outgoing && (
            <button
              type="button"
              onClick={() => {
                actions.remove(message, true);
                close();
              }}
            >
              Delete for everyone
            </button>
          )}
          <button
            type="button"
            onClick={() => {
              actions.remove(message, false);
              close();
            }}
          >
            Delete for me
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </fieldset>
      )}
    </li>
  );
});

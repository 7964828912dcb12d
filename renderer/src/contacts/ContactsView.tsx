import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { ContactState, ContactView, PublicIdentity } from '../../../shared/api.ts';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { Avatar } from '../identity/Avatar.tsx';
import { EmojiHash } from '../identity/EmojiHash.tsx';
import { PresenceDot } from '../identity/PresenceDot.tsx';

const STATE_LABEL: Record<ContactState, string> = {
  none: 'Not a contact',
  'request-sent': 'Request sent',
  'request-received': 'Wants to add you',
  mutual: 'Contact',
  dismissed: 'Declined',
  blocked: 'Blocked',
};

type ContactAction =
  | 'contacts.accept'
  | 'contacts.decline'
  | 'contacts.retract'
  | 'contacts.block'
  | 'contacts.unblock';

/** Requests waiting for us first, then everyone else; each row offers what its state allows. */
export function ContactsView({
  client,
  contacts,
  onChanged,
  onOpenChat,
  initialKey,
}: {
  client: CoreClient;
  contacts: ContactView[];
  onChanged: (contact: ContactView) => void;
  onOpenChat: (publicKey: string) => void;
  /** A chat key to prefill (from a status-app:// link), previewed so the user sees who it is. */
  initialKey?: string;
}) {
  const [key, setKey] = useState(initialKey ?? '');
  const [message, setMessage] = useState('');
  const [preview, setPreview] = useState<PublicIdentity | null>(null);
  const introduction = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!initialKey) return;
    let cancelled = false;
    introduction.current?.focus();
    client.call('contacts.preview', { key: initialKey }).then(
      (identity) => {
        if (!cancelled) setPreview(identity);
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [client, initialKey]);
  const send = useAction(async () => {
    const contact = await client.call('contacts.sendRequest', { key: key.trim(), message: message.trim() });
    onChanged(contact);
    setKey('');
    setMessage('');
    setPreview(null);
  });
  const act = useAction(async (method: ContactAction, publicKey: string) => {
    onChanged(await client.call(method, { key: publicKey }));
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send.run();
  };
  const requests = contacts.filter((c) => c.state === 'request-received');
  const others = contacts.filter((c) => c.state !== 'request-received');

  const actions = (contact: ContactView) => {
    const button = (label: string, method: ContactAction) => (
      <button
        type="button"
        className="small"
        disabled={act.busy}
        onClick={() => void act.run(method, contact.publicKey)}
      >
        {label}
      </button>
    );
    switch (contact.state) {
      case 'request-received':
        return (
          <>
            {button('Accept', 'contacts.accept')}
            {button('Decline', 'contacts.decline')}
            {button('Block', 'contacts.block')}
          </>
        );
      case 'mutual':
        return (
          <>
            <button type="button" className="small" onClick={() => onOpenChat(contact.publicKey)}>
              Message
            </button>
            {button('Remove', 'contacts.retract')}
            {button('Block', 'contacts.block')}
          </>
        );
      case 'request-sent':
        return (
          <>
            {button('Cancel request', 'contacts.retract')}
            {button('Block', 'contacts.block')}
          </>
        );
      case 'blocked':
        return button('Unblock', 'contacts.unblock');
      default:
        return button('Block', 'contacts.block');
    }
  };

  const row = (contact: ContactView) => (
    <li key={contact.publicKey} className="contact" aria-label={contact.displayName || contact.alias}>
      <span className="avatar-presence">
        <Avatar identity={contact} name={contact.displayName || contact.alias} size={32} />
        <PresenceDot online={contact.online} lastSeen={contact.lastSeen} />
      </span>
      <div className="contact-text">
        <strong>{contact.displayName || contact.alias}</strong>
        <span className="muted">
          {STATE_LABEL[contact.state]} · <code>{contact.chatKey.slice(0, 10)}…</code>
        </span>
        {contact.state === 'request-received' && contact.requestMessage && (
          <q className="request-message">{contact.requestMessage}</q>
        )}
      </div>
      <div className="contact-actions">{actions(contact)}</div>
    </li>
  );

  return (
    <section className="contacts" aria-label="Contacts">
      <h2>Contacts</h2>
      <form onSubmit={submit} aria-label="Add contact" className="add-contact">
        <input
          aria-label="Their chat key"
          placeholder="Their chat key (zQ3…, 0x04…)"
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            // The preview belongs to the linked key only.
            if (preview && e.target.value.trim() !== initialKey) setPreview(null);
          }}
          required
        />
        {preview && (
          <section className="contact contact-preview" aria-label="Linked profile">
            <Avatar identity={preview} name={preview.alias} size={32} />
            <div className="contact-text">
              <strong>{preview.alias}</strong>
              <code className="mono">{preview.chatKey}</code>
              <EmojiHash emojis={preview.emojiHash} />
            </div>
          </section>
        )}
        <input
          ref={introduction}
          aria-label="Introduce yourself"
          placeholder="Say hi (they see this with your request)"
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          required
          maxLength={4096}
        />
        <button type="submit" disabled={send.busy}>
          {send.busy ? 'Sending…' : 'Send contact request'}
        </button>
      </form>
      {send.error && <p role="alert">{send.error}</p>}
      {act.error && <p role="alert">{act.error}</p>}
      {requests.length > 0 && (
        <>
          <h3>Requests</h3>
          <ul className="contact-list" aria-label="Contact requests">
            {requests.map(row)}
          </ul>
        </>
      )}
      <h3>Everyone</h3>
      {others.length === 0 ? (
        <p className="muted">No contacts yet. Share your chat key from Profile, or paste someone's above.</p>
      ) : (
        <ul className="contact-list" aria-label="Contact list">
          {others.map(row)}
        </ul>
      )}
    </section>
  );
}

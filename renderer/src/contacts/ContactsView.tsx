import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type ContactState, type ContactView, MAX_NICKNAME_CHARS, type PublicIdentity } from '../../../shared/api.ts';
import { useAction } from '../components/use-action.ts';
import type { CoreClient } from '../core/connection.ts';
import { Avatar } from '../identity/Avatar.tsx';
import { EmojiHash } from '../identity/EmojiHash.tsx';
import { PresenceDot } from '../identity/PresenceDot.tsx';
import { contactName } from './contact-name.ts';

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
    <li key={contact.publicKey} className="contact" aria-label={contactName(contact)}>
      <span className="avatar-presence">
        <Avatar identity={contact} name={contactName(contact)} size={32} />
        <PresenceDot online={contact.online} lastSeen={contact.lastSeen} />
      </span>
      <div className="contact-text">
        <strong>{contactName(contact)}</strong>
        {contact.nickname && (contact.displayName || contact.alias) !== contact.nickname && (
          <span className="muted">{contact.displayName || contact.alias}</span>
        )}
        <span className="muted">
          {STATE_LABEL[contact.state]} · <code>{contact.chatKey.slice(0, 10)}…</code>
        </span>
        {contact.state !== 'blocked' && <NicknameEditor client={client} contact={contact} onChanged={onChanged} />}
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

/** Our own name for a contact: shown before theirs, never sent to them (only to our paired devices). */
function NicknameEditor({
  client,
  contact,
  onChanged,
}: {
  client: CoreClient;
  contact: ContactView;
  onChanged: (contact: ContactView) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(contact.nickname ?? '');
  const save = useAction(async () => {
    onChanged(await client.call('contacts.setNickname', { key: contact.publicKey, nickname: value.trim() }));
    setEditing(false);
  });
  const tooLong = [...value.trim()].length > MAX_NICKNAME_CHARS;
  if (!editing) {
    return (
      <button
        type="button"
        className="link small"
        onClick={() => {
          setValue(contact.nickname ?? '');
          setEditing(true);
        }}
      >
        {contact.nickname ? 'Change nickname' : 'Set nickname'}
      </button>
    );
  }
  return (
    <form
      className="nickname-form"
      aria-label={`Nickname for ${contact.displayName || contact.alias}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!tooLong) void save.run();
      }}
    >
      <input
        aria-label="Nickname"
        value={value}
        placeholder="Only you see it"
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setEditing(false);
        }}
        aria-invalid={tooLong}
        // biome-ignore lint/a11y/noAutofocus: the field the user just asked for
        autoFocus
      />
      <button type="submit" className="small" disabled={save.busy || tooLong}>
        Save
      </button>
      <button type="button" className="small secondary" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {tooLong && <p className="field-error">At most {MAX_NICKNAME_CHARS} characters</p>}
      {save.error && <p role="alert">{save.error}</p>}
    </form>
  );
}

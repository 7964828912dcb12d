import { type FormEvent, useRef, useState } from 'react';
import { type ContactView, MAX_GROUP_MEMBERS, MAX_GROUP_NAME_CHARS } from '../../../shared/api.ts';
import { Modal } from '../components/Modal.tsx';
import { useAction } from '../components/use-action.ts';
import { contactName } from '../contacts/contact-name.ts';
import type { CoreClient } from '../core/connection.ts';
import { Avatar } from '../identity/Avatar.tsx';

/** Others a group may have besides us. */
export const MAX_OTHER_MEMBERS = MAX_GROUP_MEMBERS - 1;

/** What is wrong with a group name (the contract's rule), or null. */
export function groupNameProblem(name: string): string | null {
  if (name.trim().length === 0) return 'A group needs a name.';
  if ([...name].length > MAX_GROUP_NAME_CHARS) return `A group name has at most ${MAX_GROUP_NAME_CHARS} characters.`;
  return null;
}

/**
 * Pick contacts with a filter box: a checkbox list with avatars and names, at most `max` picked.
 */
export function ContactPicker({
  contacts,
  picked,
  onChange,
  max,
}: {
  contacts: readonly ContactView[];
  picked: readonly string[];
  onChange: (picked: string[]) => void;
  max: number;
}) {
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? contacts.filter((c) => contactName(c).toLowerCase().includes(needle) || c.alias.toLowerCase().includes(needle))
    : contacts;
  const full = picked.length >= max;
  return (
    <fieldset className="contact-picker">
      <legend>
        Members{' '}
        <span className="muted">
          ({picked.length} of at most {max})
        </span>
      </legend>
      <input
        type="search"
        aria-label="Filter contacts"
        placeholder="Search contacts"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {contacts.length === 0 ? (
        <p className="muted">No contacts to add: only mutual contacts can be added to a group.</p>
      ) : shown.length === 0 ? (
        <p className="muted">No contact matches “{filter.trim()}”.</p>
      ) : (
        <ul className="picker-list" aria-label="Contacts">
          {shown.map((contact) => {
            const checked = picked.includes(contact.publicKey);
            return (
              <li key={contact.publicKey}>
                <label className="picker-item">
                  <input
                    type="checkbox"
                    checked={checked}
                    disabled={!checked && full}
                    onChange={() =>
                      onChange(checked ? picked.filter((k) => k !== contact.publicKey) : [...picked, contact.publicKey])
                    }
                  />
                  <Avatar identity={contact} name={contactName(contact)} size={28} />
                  <span>{contactName(contact)}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {full && <p className="muted">A group has at most {MAX_GROUP_MEMBERS} members.</p>}
    </fieldset>
  );
}

/** The "New group" dialog: a name and mutual contacts; Create makes it and opens its chat. */
export function NewGroupDialog({
  client,
  contacts,
  onCreated,
  onClose,
}: {
  client: CoreClient;
  contacts: readonly ContactView[];
  onCreated: (chatId: string) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const nameBox = useRef<HTMLInputElement>(null);
  const create = useAction((groupName: string, members: string[]) =>
    client.call('groups.create', { name: groupName, members }),
  );
  const mutual = contacts.filter((c) => c.state === 'mutual');
  const nameProblem = groupNameProblem(name);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (nameProblem || picked.length === 0) return;
    const group = await create.run(name.trim(), picked);
    if (group) onCreated(group.chatId);
  };
  // On top of everything (the chat pane stacks above the chat list).
  return (
    <Modal
      portal
      labelledBy="new-group-title"
      className="dialog card new-group"
      backdropClassName="new-group-backdrop"
      initialFocus={nameBox}
      onClose={onClose}
      onSubmit={submit}
      noValidate
    >
      <h2 id="new-group-title">New group</h2>
      <label className="field">
        <span>Group name</span>
        <input
          ref={nameBox}
          value={name}
          maxLength={MAX_GROUP_NAME_CHARS * 2}
          aria-invalid={touched && nameProblem !== null}
          aria-describedby="new-group-name-help"
          onChange={(e) => setName(e.target.value)}
          onBlur={() => setTouched(true)}
        />
      </label>
      <p id="new-group-name-help" className={touched && nameProblem ? 'field-error' : 'muted'}>
        {touched && nameProblem ? nameProblem : `${[...name].length}/${MAX_GROUP_NAME_CHARS} characters`}
      </p>
      <ContactPicker contacts={mutual} picked={picked} onChange={setPicked} max={MAX_OTHER_MEMBERS} />
      {touched && picked.length === 0 && <p className="field-error">Pick at least one member.</p>}
      {create.error && <p role="alert">{create.error}</p>}
      <div className="new-group-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" disabled={create.busy || (touched && (nameProblem !== null || picked.length === 0))}>
          {create.busy ? 'Creating…' : 'Create'}
        </button>
      </div>
    </Modal>
  );
}

import { useState } from 'react';
import type { AccountSummary } from '../../../shared/api.ts';
import { ChatsView } from '../chats/ChatsView.tsx';
import { NodeStatusPanel } from '../components/NodeStatusPanel.tsx';
import { ContactsView } from '../contacts/ContactsView.tsx';
import { pendingRequests, useContacts } from '../contacts/use-contacts.ts';
import type { CoreClient } from '../core/connection.ts';
import { Avatar } from '../identity/Avatar.tsx';
import { ProfileView } from '../profile/ProfileView.tsx';
import { useProfile } from '../profile/use-profile.ts';

type Section = 'chats' | 'contacts' | 'profile' | 'node';

/** The logged-in app: navigation on the left, the chosen section on the right. */
export function Shell({ client, account }: { client: CoreClient; account: AccountSummary }) {
  const profile = useProfile(client, account);
  const [section, setSection] = useState<Section>('chats');
  const [selectedChat, setSelectedChat] = useState<string | null>(null);
  const { contacts, upsert } = useContacts(client);
  const pending = pendingRequests(contacts);
  const openChat = (publicKey: string) => {
    setSelectedChat(publicKey);
    setSection('chats');
  };
  return (
    <div className="shell">
      <nav aria-label="Sections">
        <div className="me">
          <Avatar identity={profile} name={profile.displayName} size={36} />
          <span>{profile.displayName}</span>
        </div>
        <button
          type="button"
          aria-current={section === 'chats' ? 'page' : undefined}
          onClick={() => setSection('chats')}
        >
          Chats
        </button>
        <button
          type="button"
          aria-current={section === 'contacts' ? 'page' : undefined}
          onClick={() => setSection('contacts')}
        >
          Contacts
          {pending > 0 && (
            <span className="badge" title={`${pending} contact requests`}>
              {pending}
              <span className="visually-hidden"> requests</span>
            </span>
          )}
        </button>
        <button
          type="button"
          aria-current={section === 'profile' ? 'page' : undefined}
          onClick={() => setSection('profile')}
        >
          Profile
        </button>
        <button type="button" aria-current={section === 'node' ? 'page' : undefined} onClick={() => setSection('node')}>
          Node
        </button>
        <button type="button" className="logout" onClick={() => void client.call('accounts.logout')}>
          Log out
        </button>
      </nav>
      <div className="content">
        {section === 'chats' && (
          <ChatsView client={client} contacts={contacts} selected={selectedChat} onSelect={setSelectedChat} />
        )}
        {section === 'contacts' && (
          <ContactsView client={client} contacts={contacts} onChanged={upsert} onOpenChat={openChat} />
        )}
        {section === 'profile' && <ProfileView client={client} profile={profile} />}
        {section === 'node' && <NodeStatusPanel client={client} />}
      </div>
    </div>
  );
}

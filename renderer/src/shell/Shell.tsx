import { type ReactNode, useEffect, useState } from 'react';
import type { AccountSummary } from '../../../shared/api.ts';
import type { AppCommand, AppSection } from '../../../shared/app-command.ts';
import { CHAT_FILTER_ID } from '../chats/ChatList.tsx';
import { ChatsView } from '../chats/ChatsView.tsx';
import { NodeStatusPanel } from '../components/NodeStatusPanel.tsx';
import { ContactsView } from '../contacts/ContactsView.tsx';
import { pendingRequests, useContacts } from '../contacts/use-contacts.ts';
import type { CoreClient } from '../core/connection.ts';
import { Avatar } from '../identity/Avatar.tsx';
import { ProfileView } from '../profile/ProfileView.tsx';
import { ThemeSetting } from '../profile/ThemeSetting.tsx';
import { useProfile } from '../profile/use-profile.ts';
import { useAppCommands } from './app-commands.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { SyncProgressBar } from './SyncProgressBar.tsx';
import { type ShortcutAction, useShortcuts } from './shortcuts.ts';
import { useTheme } from './theme.ts';

/** Where keyboard focus should land once the section it lives in has rendered. */
const FOCUS_TARGET = {
  chatFilter: `#${CHAT_FILTER_ID}`,
  newChat: 'form[aria-label="New chat"] input',
  addContact: 'form[aria-label="Add contact"] input',
} as const;

/** The logged-in app: navigation on the left, the chosen section on the right. */
export function Shell({ client, account }: { client: CoreClient; account: AccountSummary }) {
  const profile = useProfile(client, account);
  const theme = useTheme(client);
  const [section, setSection] = useState<AppSection>('chats');
  const [selectedChat, setSelectedChat] = useState<string | null>(null);
  // A status-app:// link: the key to prefill, with a counter so the same link twice reopens it.
  const [link, setLink] = useState<{ chatKey: string; n: number } | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ selector: string; n: number } | null>(null);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const { contacts, upsert } = useContacts(client);
  const pending = pendingRequests(contacts);
  const openChat = (publicKey: string) => {
    setSelectedChat(publicKey);
    setSection('chats');
  };
  const focusAfterRender = (selector: string) => setFocusRequest((r) => ({ selector, n: (r?.n ?? 0) + 1 }));
  useEffect(() => {
    if (focusRequest) document.querySelector<HTMLElement>(focusRequest.selector)?.focus();
  }, [focusRequest]);

  useAppCommands((command: AppCommand) => {
    switch (command.command) {
      case 'open-section':
        setSection(command.section);
        return;
      case 'new-chat':
        setSection('chats');
        focusAfterRender(FOCUS_TARGET.newChat);
        return;
      case 'add-contact':
        setSection('contacts');
        if (command.chatKey) setLink((l) => ({ chatKey: command.chatKey ?? '', n: (l?.n ?? 0) + 1 }));
        else focusAfterRender(FOCUS_TARGET.addContact);
        return;
      case 'toggle-theme':
        void theme.toggle();
        return;
      case 'show-shortcuts':
        setShowShortcuts(true);
        return;
    }
  });

  useShortcuts((shortcut: ShortcutAction) => {
    switch (shortcut.action) {
      case 'open-section':
        setSection(shortcut.section);
        return true;
      case 'focus-chat-filter':
        setSection('chats');
        focusAfterRender(FOCUS_TARGET.chatFilter);
        return true;
      case 'show-shortcuts':
        setShowShortcuts(true);
        return true;
      case 'close-dialog':
        if (!showShortcuts) return false;
        setShowShortcuts(false);
        return true;
      default:
        // Previous/next chat belong to the chat list, which knows the order.
        return false;
    }
  });

  const navButton = (target: AppSection, label: string, extra?: ReactNode) => (
    <button type="button" aria-current={section === target ? 'page' : undefined} onClick={() => setSection(target)}>
      {label}
      {extra}
    </button>
  );
  return (
    <div className="shell">
      <nav aria-label="Sections">
        <div className="me">
          <Avatar identity={profile} name={profile.displayName} size={36} />
          <span>{profile.displayName}</span>
        </div>
        {navButton('chats', 'Chats')}
        {navButton(
          'contacts',
          'Contacts',
          pending > 0 && (
            <span className="badge" title={`${pending} contact requests`}>
              {pending}
              <span className="visually-hidden"> requests</span>
            </span>
          ),
        )}
        {navButton('profile', 'Profile')}
        {navButton('node', 'Node')}
        <button type="button" className="shortcuts-help" onClick={() => setShowShortcuts(true)}>
          Keyboard shortcuts
        </button>
        <button type="button" className="logout" onClick={() => void client.call('accounts.logout')}>
          Log out
        </button>
      </nav>
      <div className="content">
        <SyncProgressBar client={client} />
        {section === 'chats' && (
          <ChatsView client={client} contacts={contacts} selected={selectedChat} onSelect={setSelectedChat} />
        )}
        {section === 'contacts' && (
          <ContactsView
            key={link?.n ?? 0}
            client={client}
            contacts={contacts}
            onChanged={upsert}
            onOpenChat={openChat}
            initialKey={link?.chatKey}
          />
        )}
        {section === 'profile' && (
          <div className="stack">
            <ProfileView client={client} profile={profile} />
            <ThemeSetting theme={theme} />
          </div>
        )}
        {section === 'node' && <NodeStatusPanel client={client} />}
      </div>
      {showShortcuts && <ShortcutsDialog onClose={() => setShowShortcuts(false)} />}
    </div>
  );
}

import { act, cleanup, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, api, type ChatView, type ContactView } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { ChatList } from '../chats/ChatList.tsx';
import { useChats } from '../chats/use-chats.ts';
import { ContactsView } from '../contacts/ContactsView.tsx';
import { useContacts } from '../contacts/use-contacts.ts';
import { lastSeenAgo, PresenceDot } from './PresenceDot.tsx';

afterEach(cleanup);

const NOW = 1_700_000_000_000;

describe('PresenceDot', () => {
  it('online: a green dot titled Online, with the word for screen readers', () => {
    render(<PresenceDot online lastSeen={NOW - 1000} now={NOW} />);
    const dot = screen.getByTestId('presence-dot');
    expect(dot.className).toContain('online');
    expect(dot.getAttribute('title')).toBe('Online');
    expect(dot.textContent?.trim()).toBe('online');
    expect(within(dot).getByText('online', { exact: false }).className).toBe('visually-hidden');
  });

  it('offline: says when they were last seen; nothing at all when never seen', () => {
    const { rerender } = render(<PresenceDot online={false} lastSeen={NOW - 12 * 60_000} now={NOW} />);
    const dot = screen.getByTestId('presence-dot');
    expect(dot.className).toContain('offline');
    expect(dot.getAttribute('title')).toBe('Last seen 12 min ago');
    expect(dot.textContent?.trim()).toBe('last seen 12 min ago');
    rerender(<PresenceDot online={false} lastSeen={null} now={NOW} />);
    expect(screen.queryByTestId('presence-dot')).toBeNull();
  });

  it('words the time since', () => {
    expect(lastSeenAgo(NOW - 10_000, NOW)).toBe('just now');
    expect(lastSeenAgo(NOW - 59 * 60_000, NOW)).toBe('59 min ago');
    expect(lastSeenAgo(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago');
    expect(lastSeenAgo(NOW - 50 * 3_600_000, NOW)).toBe('2 d ago');
  });
});

const ALICE = `0x04${'aa'.repeat(64)}`;
const BOB = `0x04${'bb'.repeat(64)}`;
const chat = (id: string, name: string, online: boolean): ChatView => ({
  id,
  name,
  unreadCount: 0,
  muted: false,
  lastMessage: null,
  online,
});
const contact = (publicKey: string, name: string, online: boolean): ContactView =>
  ({
    publicKey,
    compressedKey: `0x02${'ab'.repeat(32)}`,
    chatKey: `zQ3${name}`,
    alias: name,
    emojiHash: [],
    colorHash: [[1, 2]],
    colorId: 1,
    displayName: name,
    state: 'mutual',
    nickname: null,
    requestMessage: null,
    online,
    lastSeen: online ? NOW : null,
  }) as ContactView;

function fakeCore() {
  const server = new RpcServer(
    api,
    partialHandlers(api, {
      'chats.list': () => [chat(ALICE, 'Alice', false), chat(BOB, 'Bob', true)],
      'contacts.list': () => [contact(ALICE, 'Alice', false), contact(BOB, 'Bob', true)],
    }),
  );
  const [coreEnd, uiEnd] = createChannelPair();
  server.attach(coreEnd);
  return { server, client: new RpcClient<Api>(uiEnd) };
}

const dotIn = (element: HTMLElement) => element.querySelector('[data-testid="presence-dot"]');

describe('live presence', () => {
  it('contacts.presence updates the chat list in place', async () => {
    const { server, client } = fakeCore();
    const { result } = renderHook(() => useChats(client));
    await waitFor(() => expect(result.current.chats).toHaveLength(2));
    const { rerender } = render(<ChatList chats={result.current.chats} selected={null} onSelect={() => {}} />);
    const item = (name: string) => screen.getByText(name).closest('button') as HTMLElement;
    expect(dotIn(item('Alice'))).toBeNull();
    expect(dotIn(item('Bob'))?.getAttribute('title')).toBe('Online');
    await act(async () => {
      server.emit('contacts.presence', { publicKey: ALICE, online: true, lastSeen: NOW });
      server.emit('contacts.presence', { publicKey: BOB, online: false, lastSeen: NOW });
    });
    await waitFor(() => expect(result.current.chats.find((c) => c.id === BOB)?.online).toBe(false));
    rerender(<ChatList chats={result.current.chats} selected={null} onSelect={() => {}} />);
    expect(result.current.chats.map((c) => c.name)).toEqual(['Alice', 'Bob']);
    expect(dotIn(item('Alice'))?.getAttribute('title')).toBe('Online');
    expect(dotIn(item('Bob'))).toBeNull();
  });

  it('contacts.presence updates the contact list in place, with last seen', async () => {
    const { server, client } = fakeCore();
    const { result } = renderHook(() => useContacts(client));
    await waitFor(() => expect(result.current.contacts).toHaveLength(2));
    await act(async () => {
      server.emit('contacts.presence', { publicKey: BOB, online: false, lastSeen: Date.now() - 5 * 60_000 });
      server.emit('contacts.presence', { publicKey: `0x04${'cc'.repeat(64)}`, online: true, lastSeen: NOW });
    });
    await waitFor(() => expect(result.current.contacts.find((c) => c.publicKey === BOB)?.online).toBe(false));
    expect(result.current.contacts.map((c) => c.displayName)).toEqual(['Alice', 'Bob']);
    render(
      <ContactsView client={client} contacts={result.current.contacts} onChanged={() => {}} onOpenChat={() => {}} />,
    );
    const bob = screen.getByRole('listitem', { name: 'Bob' });
    expect(dotIn(bob)?.getAttribute('title')).toBe('Last seen 5 min ago');
    expect(dotIn(screen.getByRole('listitem', { name: 'Alice' }))).toBeNull();
  });
});

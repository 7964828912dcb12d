import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../shared/api.ts';
import { connectedCore } from '../test/fake-core.ts';
import { numberedMessage } from '../test/fixtures.ts';
import { Conversation } from './Conversation.tsx';

afterEach(cleanup);

const CHAT = `0x04${'ab'.repeat(64)}`;

function message(i: number, overrides: Partial<MessageView> = {}): MessageView {
  return numberedMessage(i, { chatId: CHAT, sender: i % 2 ? CHAT : '0x04me', outgoing: i % 2 === 0, ...overrides });
}

function fakeCore() {
  const all = [
    message(0),
    message(1, { pinned: true }),
    message(2, { pinned: true, text: '', image: { format: 'png', width: 1, height: 1, bytes: 10 } }),
  ];
  const pins: Array<{ messageId: string; pinned: boolean }> = [];
  const { server, client } = connectedCore({
    'messages.list': () => all.slice().reverse(),
    'messages.pinned': ({ chatId }) => (chatId === CHAT ? [all[2], all[1]] : []) as MessageView[],
    'chats.list': () => [],
    'chats.markRead': () => ({ marked: 0 }),
    'messages.pin': (params) => {
      pins.push(params);
      const changed = { ...(all.find((m) => m.id === params.messageId) as MessageView), pinned: params.pinned };
      server.emit('messages.changed', changed);
      return changed;
    },
  });
  /** A round trip: events sent before it have arrived. */
  const settle = () => act(async () => void (await client.call('chats.markRead', { chatId: CHAT })));
  return { client, server, pins, settle };
}

const pinnedButton = () => screen.getByRole('button', { name: /^Pinned messages: \d+$/ });
const items = () =>
  within(screen.getByRole('list', { name: 'Pinned messages' }))
    .getAllByRole('listitem')
    .map((li) => li.querySelector('.pinned-text')?.textContent);

describe('Pinned messages panel', () => {
  it('the header button counts pins and opens a dialog listing them, most recent first, with sender and text', async () => {
    const { client, settle } = fakeCore();
    render(<Conversation client={client} chatId={CHAT} title="Alice" presence={{ online: true, lastSeen: null }} />);
    await screen.findByText('message 0');
    await settle();
    expect(screen.getByRole('heading', { name: 'Alice' })).toBeTruthy();
    expect(screen.getByTitle('Online')).toBeTruthy();
    expect(pinnedButton().getAttribute('aria-label')).toBe('Pinned messages: 2');
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(pinnedButton());
    expect(pinnedButton().getAttribute('aria-expanded')).toBe('true');
    const dialog = screen.getByRole('dialog', { name: 'Pinned messages' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close pinned messages' }));
    expect(items()).toEqual(['YouImage', 'Alicemessage 1']);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Unpin calls messages.pin with pinned false, and the list follows', async () => {
    const { client, pins, settle } = fakeCore();
    render(<Conversation client={client} chatId={CHAT} title="Alice" />);
    await screen.findByText('message 0');
    await settle();
    fireEvent.click(pinnedButton());
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /^Unpin message from Alice/ }));
    });
    await settle();
    expect(pins).toEqual([{ messageId: message(1).id, pinned: false }]);
    expect(items()).toEqual(['YouImage']);
    expect(pinnedButton().getAttribute('aria-label')).toBe('Pinned messages: 1');
  });

  it('follows pins from either side live: new pins on top, unpins and removals leave, edits replace', async () => {
    const { client, server, settle } = fakeCore();
    render(<Conversation client={client} chatId={CHAT} title="Alice" />);
    await screen.findByText('message 0');
    await settle();
    fireEvent.click(pinnedButton());
    server.emit('messages.changed', message(0, { pinned: true }));
    server.emit('messages.changed', message(1, { pinned: true, text: 'message 1, edited', edited: true }));
    server.emit('messages.changed', message(7, { chatId: '0x04other', pinned: true, text: 'elsewhere' }));
    await settle();
    expect(items()).toEqual(['Youmessage 0', 'YouImage', 'Alicemessage 1, edited']);
    server.emit('messages.changed', message(0, { pinned: false }));
    server.emit('messages.removed', { id: message(2).id, chatId: CHAT });
    await settle();
    expect(items()).toEqual(['Alicemessage 1, edited']);
    expect(pinnedButton().getAttribute('aria-label')).toBe('Pinned messages: 1');
    server.emit('messages.changed', message(1, { pinned: false }));
    await settle();
    expect(within(screen.getByRole('dialog')).getByText('No pinned messages.')).toBeTruthy();
  });
});

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../shared/api.ts';
import { connectedCore } from '../test/fake-core.ts';
import { numberedMessage } from '../test/fixtures.ts';
import { Conversation } from './Conversation.tsx';

afterEach(cleanup);

const CHAT = `0x04${'ab'.repeat(64)}`;

function message(i: number, overrides: Partial<MessageView> = {}): MessageView {
  return numberedMessage(i, {
    chatId: CHAT,
    sender: i % 2 ? CHAT : '0x04me',
    outgoing: i % 2 === 0,
    status: i % 2 === 0 ? 'delivered' : null,
    ...overrides,
  });
}

function fakeCore(total: number) {
  const all = Array.from({ length: total }, (_, i) => message(i));
  const sent: string[] = [];
  const calls: Array<[string, unknown]> = [];
  const byId = (id: string) => all.find((m) => m.id === id) as MessageView;
  const { server, client } = connectedCore({
    'messages.list': ({ before, limit }) => {
      const older = before ? all.filter((m) => m.clock < before.clock) : all;
      return older.slice(-limit).reverse();
    },
    'messages.sendText': ({ text, responseTo }) => {
      sent.push(text);
      calls.push(['messages.sendText', { text, responseTo }]);
      const quoted = responseTo ? byId(responseTo) : undefined;
      const m = message(total + sent.length, {
        text,
        outgoing: true,
        status: 'sent',
        responseTo: responseTo ?? null,
        replyPreview: quoted ? { sender: quoted.sender, text: quoted.text, deleted: false } : null,
      });
      server.emit('messages.added', m);
      return m;
    },
    'chats.markRead': () => ({ marked: 0 }),
    'messages.edit': (params) => {
      calls.push(['messages.edit', params]);
      return { ...byId(params.messageId), text: params.text, edited: true };
    },
    'messages.react': (params) => {
      calls.push(['messages.react', params]);
      return byId(params.messageId);
    },
    'messages.delete': (params) => {
      calls.push(['messages.delete', params]);
      return { id: params.messageId, chatId: CHAT };
    },
    'messages.pin': (params) => {
      calls.push(['messages.pin', params]);
      return byId(params.messageId);
    },
  });
  return { client, server, sent, calls };
}

describe('Conversation', () => {
  it('shows the newest page as a window of rows, loads older pages when scrolled to the top, in order', async () => {
    const { client } = fakeCore(320);
    render(<Conversation client={client} chatId={CHAT} />);
    await screen.findByText('message 319');
    // A window of the newest page, not all of it.
    expect(screen.getAllByTestId('message').length).toBeLessThan(50);
    expect(screen.queryByText('message 270')).toBeNull();
    const log = screen.getByRole('region', { name: 'Message history' });
    const scrollToTop = async () => {
      await act(async () => {
        log.scrollTop = 0;
        fireEvent.scroll(log);
      });
    };
    await scrollToTop();
    // An older page (200, with the `before` cursor) arrived; the reader stays where they were.
    await screen.findByText('message 270');
    await scrollToTop();
    // The last page (70 left), shown above message 270's page without moving it.
    await screen.findByText('message 60');
    await scrollToTop();
    await screen.findByText('message 0');
    const texts = screen.getAllByTestId('message').map((li) => li.querySelector('.text')?.textContent);
    expect(texts.slice(0, 3)).toEqual(['message 0', 'message 1', 'message 2']);
    expect(screen.queryByRole('button', { name: 'Load older messages' })).toBeNull();
  });

  it('sends with Enter, shows the new message and follows its status', async () => {
    const { client, server, sent } = fakeCore(3);
    render(<Conversation client={client} chatId={CHAT} />);
    await screen.findByText('message 2');
    const box = screen.getByLabelText('Message');
    fireEvent.change(box, { target: { value: 'hello there' } });
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    expect(sent).toEqual(['hello there']);
    const bubble = (await screen.findByText('hello there')).closest('li');
    expect(bubble?.textContent).toContain('Sent');
    await act(async () => {
      server.emit('messages.updated', { id: message(4).id, status: 'delivered' });
      await client.call('chats.markRead', { chatId: CHAT });
    });
    expect(screen.getByText('hello there').closest('li')?.textContent).toContain('Delivered');
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('replies: the composer says what it answers, and the reply carries responseTo and a quote', async () => {
    const { client, calls } = fakeCore(3);
    render(<Conversation client={client} chatId={CHAT} />);
    const bubble = (await screen.findByText('message 1')).closest('li') as HTMLElement;
    fireEvent.click(within(bubble).getByRole('button', { name: 'Reply' }));
    expect(screen.getByRole('status').textContent).toContain('Replying to: message 1');
    const box = screen.getByLabelText('Message');
    fireEvent.change(box, { target: { value: 'answer' } });
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    expect(calls).toEqual([['messages.sendText', { text: 'answer', responseTo: message(1).id }]]);
    const reply = (await screen.findByText('answer')).closest('li') as HTMLElement;
    expect(within(reply).getByTestId('reply-preview').textContent).toBe('message 1');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('edits our own message with the composer (Save), and Escape cancels an edit', async () => {
    const { client, calls } = fakeCore(3);
    render(<Conversation client={client} chatId={CHAT} />);
    const mine = (await screen.findByText('message 2')).closest('li') as HTMLElement;
    const theirs = screen.getByText('message 1').closest('li') as HTMLElement;
    expect(within(theirs).queryByRole('button', { name: 'Edit' })).toBeNull();
    fireEvent.click(within(mine).getByRole('button', { name: 'Edit' }));
    const box = screen.getByLabelText('Message') as HTMLTextAreaElement;
    expect(box.value).toBe('message 2');
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(box.value).toBe('');
    fireEvent.click(within(mine).getByRole('button', { name: 'Edit' }));
    fireEvent.change(box, { target: { value: 'message 2, fixed' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    });
    expect(calls).toEqual([['messages.edit', { messageId: message(2).id, text: 'message 2, fixed' }]]);
  });

  it('reacts from the picker, deletes for everyone or for me, pins', async () => {
    const { client, calls } = fakeCore(3);
    render(<Conversation client={client} chatId={CHAT} />);
    const mine = (await screen.findByText('message 2')).closest('li') as HTMLElement;
    const theirs = screen.getByText('message 1').closest('li') as HTMLElement;
    fireEvent.click(within(theirs).getByRole('button', { name: 'React' }));
    await act(async () => {
      fireEvent.click(within(theirs).getByRole('button', { name: 'thumbs-up' }));
    });
    await act(async () => {
      fireEvent.click(within(theirs).getByRole('button', { name: 'Delete' }));
    });
    expect(within(theirs).queryByRole('button', { name: 'Delete for everyone' })).toBeNull();
    await act(async () => {
      fireEvent.click(within(theirs).getByRole('button', { name: 'Delete for me' }));
    });
    fireEvent.click(within(mine).getByRole('button', { name: 'Delete' }));
    await act(async () => {
      fireEvent.click(within(mine).getByRole('button', { name: 'Delete for everyone' }));
    });
    await act(async () => {
      fireEvent.click(within(mine).getByRole('button', { name: 'Pin' }));
    });
    await act(async () => {
      await client.call('chats.markRead', { chatId: CHAT });
    });
    expect(calls).toEqual([
      ['messages.react', { messageId: message(1).id, emoji: 'thumbs-up', remove: false }],
      ['messages.delete', { messageId: message(1).id, forEveryone: false }],
      ['messages.delete', { messageId: message(2).id, forEveryone: true }],
      ['messages.pin', { messageId: message(2).id, pinned: true }],
    ]);
  });

  it('follows changes from either side: edits, deletes, reactions, pins, removals, and quotes of them', async () => {
    const { client, server } = fakeCore(3);
    render(<Conversation client={client} chatId={CHAT} />);
    await screen.findByText('message 2');
    const quoting = message(3, {
      text: 'quoting',
      responseTo: message(1).id,
      replyPreview: { sender: CHAT, text: 'message 1', deleted: false },
    });
    await act(async () => {
      server.emit('messages.added', quoting);
      server.emit('messages.changed', {
        ...message(1),
        text: 'message 1 (better)',
        edited: true,
        pinned: true,
        reactions: [{ emoji: 'love', count: 2, mine: true }],
      });
      await client.call('chats.markRead', { chatId: CHAT });
    });
    const edited = screen.getByText('message 1 (better)', { selector: '.text' }).closest('li') as HTMLElement;
    expect(edited.textContent).toContain('edited');
    expect(edited.textContent).toContain('📌');
    expect(within(edited).getByRole('button', { name: 'love 2, yours' }).getAttribute('aria-pressed')).toBe('true');
    const reply = screen.getByText('quoting').closest('li') as HTMLElement;
    expect(within(reply).getByTestId('reply-preview').textContent).toBe('message 1 (better)');
    await act(async () => {
      server.emit('messages.changed', { ...message(1), text: '', deleted: true });
      server.emit('messages.removed', { id: message(0).id, chatId: CHAT });
      await client.call('chats.markRead', { chatId: CHAT });
    });
    expect(screen.getByText('This message was deleted')).toBeTruthy();
    expect(reply.isConnected).toBe(true);
    expect(within(reply).getByTestId('reply-preview').textContent).toBe('Deleted message');
    expect(screen.queryByText('message 0')).toBeNull();
  });

  it('ignores messages of other chats', async () => {
    const { client, server } = fakeCore(1);
    render(<Conversation client={client} chatId={CHAT} />);
    await screen.findByText('message 0');
    await act(async () => {
      server.emit('messages.added', message(9, { chatId: '0x04other', text: 'elsewhere' }));
      await client.call('chats.markRead', { chatId: CHAT });
    });
    expect(screen.queryByText('elsewhere')).toBeNull();
  });
});

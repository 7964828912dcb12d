import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, api, type MessageView } from '../../../shared/api.ts';
import { RpcClient } from '../../../shared/rpc/client.ts';
import { partialHandlers, RpcServer } from '../../../shared/rpc/server.ts';
import { createChannelPair } from '../../../shared/rpc/transports/in-process.ts';
import { Conversation } from './Conversation.tsx';

afterEach(cleanup);

const CHAT = `0x04${'ab'.repeat(64)}`;

function message(i: number, overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: `0x${i.toString(16).padStart(64, '0')}`,
    chatId: CHAT,
    sender: i % 2 ? CHAT : '0x04me',
    text: `message ${i}`,
    clock: 1_700_000_000_000 + i,
    timestamp: 1_700_000_000_000 + i * 1000,
    outgoing: i % 2 === 0,
    status: i % 2 === 0 ? 'delivered' : null,
    ...overrides,
  };
}

function fakeCore(total: number) {
  const all = Array.from({ length: total }, (_, i) => message(i));
  const sent: string[] = [];
  const server = new RpcServer(
    api,
    partialHandlers(api, {
      'messages.list': ({ before, limit }) => {
        const older = before ? all.filter((m) => m.clock < before.clock) : all;
        return older.slice(-limit).reverse();
      },
      'messages.sendText': ({ text }) => {
        sent.push(text);
        const m = message(total + sent.length, { text, outgoing: true, status: 'sent' });
        server.emit('messages.added', m);
        return m;
      },
      'chats.markRead': () => ({ marked: 0 }),
    }),
  );
  const [coreEnd, uiEnd] = createChannelPair();
  server.attach(coreEnd);
  return { client: new RpcClient<Api>(uiEnd), server, sent };
}

describe('Conversation', () => {
  it('shows the newest page, loads older pages on demand, in order', async () => {
    const { client } = fakeCore(120);
    render(<Conversation client={client} chatId={CHAT} />);
    await screen.findByText('message 119');
    expect(screen.getAllByTestId('message')).toHaveLength(50);
    expect(screen.queryByText('message 69')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Load older messages' }));
    });
    await screen.findByText('message 69');
    expect(screen.getAllByTestId('message')).toHaveLength(100);
    const texts = screen.getAllByTestId('message').map((li) => li.querySelector('.text')?.textContent);
    expect(texts[0]).toBe('message 20');
    expect(texts.at(-1)).toBe('message 119');
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

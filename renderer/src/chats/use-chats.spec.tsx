import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatView } from '../../../shared/api.ts';
import { connectedCore } from '../test/fake-core.ts';
import { useChats } from './use-chats.ts';

afterEach(cleanup);

const BOB = `0x04${'bb'.repeat(64)}`;
const CAROL = `0x04${'cc'.repeat(64)}`;
const chat = (id: string, name: string, unreadCount: number): ChatView => ({
  id,
  kind: 'one-to-one',
  name,
  unreadCount,
  muted: false,
  lastMessage: null,
  online: false,
});

describe('useChats', () => {
  it('reloads the list when a chat is read or hidden elsewhere (chats.changed)', async () => {
    let chats = [chat(BOB, 'Bob', 3), chat(CAROL, 'Carol', 1)];
    const { server, client } = connectedCore({ 'chats.list': () => chats });
    const { result } = renderHook(() => useChats(client));
    await waitFor(() => expect(result.current.chats.map((c) => c.unreadCount)).toEqual([3, 1]));
    // Read on a paired device of ours: no message comes, only the change.
    chats = [chat(BOB, 'Bob', 0), chat(CAROL, 'Carol', 1)];
    await act(async () => server.emit('chats.changed', { chatId: BOB }));
    await waitFor(() => expect(result.current.chats.map((c) => c.unreadCount)).toEqual([0, 1]));
    // Hidden there too.
    chats = [chat(CAROL, 'Carol', 1)];
    await act(async () => server.emit('chats.changed', { chatId: BOB }));
    await waitFor(() => expect(result.current.chats.map((c) => c.name)).toEqual(['Carol']));
  });
});

import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatView } from '../../../shared/api.ts';
import { ChatList } from './ChatList.tsx';

afterEach(cleanup);

const chat = (id: string, name: string): ChatView => ({
  id,
  name,
  unreadCount: 0,
  muted: false,
  lastMessage: null,
  online: false,
});
const CHATS = [chat('0x04aa', 'Alice'), chat('0x04bb', 'Bob'), chat('0x04cc', 'Alfred')];

const names = () =>
  within(screen.getByRole('list', { name: 'Chats' }))
    .getAllByRole('button')
    .map((b) => b.textContent);

describe('ChatList', () => {
  it('filters chats by name, case-insensitively, and says when nothing matches', () => {
    render(<ChatList chats={CHATS} selected={null} onSelect={() => {}} />);
    const search = screen.getByRole('searchbox', { name: 'Search chats' });
    fireEvent.change(search, { target: { value: 'al' } });
    expect(names()).toEqual(['Alice', 'Alfred']);
    fireEvent.change(search, { target: { value: 'BOB' } });
    expect(names()).toEqual(['Bob']);
    fireEvent.change(search, { target: { value: 'zed' } });
    expect(screen.queryByRole('list', { name: 'Chats' })).toBeNull();
    expect(screen.getByText('No chat matches “zed”.')).toBeTruthy();
    fireEvent.keyDown(search, { key: 'Escape' });
    expect(names()).toEqual(['Alice', 'Bob', 'Alfred']);
  });

  it('has the search box even without chats (Ctrl+K lands there)', () => {
    render(<ChatList chats={[]} selected={null} onSelect={() => {}} />);
    expect(screen.getByRole('searchbox', { name: 'Search chats' }).id).toBe('chat-filter');
    expect(screen.getByText('No chats yet.')).toBeTruthy();
  });

  it('Alt+Down / Alt+Up and Ctrl+Tab select the next / previous chat as listed', () => {
    const onSelect = vi.fn();
    const { rerender } = render(<ChatList chats={CHATS} selected="0x04aa" onSelect={onSelect} />);
    fireEvent.keyDown(window, { key: 'ArrowDown', altKey: true });
    expect(onSelect).toHaveBeenLastCalledWith('0x04bb');
    fireEvent.keyDown(window, { key: 'ArrowUp', altKey: true });
    expect(onSelect).toHaveBeenLastCalledWith('0x04cc');
    fireEvent.keyDown(window, { key: 'Tab', ctrlKey: true });
    expect(onSelect).toHaveBeenLastCalledWith('0x04bb');
    // With a filter, only the chats shown are walked.
    rerender(<ChatList chats={CHATS} selected="0x04aa" onSelect={onSelect} />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search chats' }), { target: { value: 'al' } });
    fireEvent.keyDown(window, { key: 'ArrowDown', altKey: true });
    expect(onSelect).toHaveBeenLastCalledWith('0x04cc');
  });
});

import { cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { neighbourChat, type ShortcutAction, shortcutFor, useShortcuts } from './shortcuts.ts';

afterEach(cleanup);

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('shortcutFor', () => {
  it('Ctrl+1..4 open the sections (Cmd on macOS)', () => {
    expect(shortcutFor(key('1', { ctrlKey: true }), false)).toEqual({ action: 'open-section', section: 'chats' });
    expect(shortcutFor(key('4', { ctrlKey: true }), false)).toEqual({ action: 'open-section', section: 'node' });
    expect(shortcutFor(key('2', { metaKey: true }), true)).toEqual({ action: 'open-section', section: 'contacts' });
    expect(shortcutFor(key('2', { metaKey: true }), false)).toBeNull();
    expect(shortcutFor(key('2', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(key('5', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(key('1'), false)).toBeNull();
  });

  it('Ctrl+K focuses the chat search; Ctrl+/ shows the shortcuts', () => {
    expect(shortcutFor(key('k', { ctrlKey: true }), false)).toEqual({ action: 'focus-chat-filter' });
    expect(shortcutFor(key('K', { ctrlKey: true }), false)).toEqual({ action: 'focus-chat-filter' });
    expect(shortcutFor(key('k', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutFor(key('/', { ctrlKey: true }), false)).toEqual({ action: 'show-shortcuts' });
  });

  it('Alt+Up/Down and Ctrl+(Shift+)Tab switch chats', () => {
    expect(shortcutFor(key('ArrowUp', { altKey: true }), false)).toEqual({ action: 'previous-chat' });
    expect(shortcutFor(key('ArrowDown', { altKey: true }), true)).toEqual({ action: 'next-chat' });
    expect(shortcutFor(key('Tab', { ctrlKey: true }), true)).toEqual({ action: 'next-chat' });
    expect(shortcutFor(key('Tab', { ctrlKey: true, shiftKey: true }), false)).toEqual({ action: 'previous-chat' });
    expect(shortcutFor(key('Tab'), false)).toBeNull();
    expect(shortcutFor(key('ArrowUp'), false)).toBeNull();
  });

  it('Esc closes dialogs; ordinary typing is no shortcut', () => {
    expect(shortcutFor(key('Escape'), false)).toEqual({ action: 'close-dialog' });
    for (const k of ['a', 'Enter', ' ', 'k']) expect(shortcutFor(key(k), false)).toBeNull();
    expect(shortcutFor(key('Enter', { shiftKey: true }), false)).toBeNull();
  });
});

describe('neighbourChat', () => {
  it('walks the list and wraps around', () => {
    expect(neighbourChat(['a', 'b', 'c'], 'b', 1)).toBe('c');
    expect(neighbourChat(['a', 'b', 'c'], 'c', 1)).toBe('a');
    expect(neighbourChat(['a', 'b', 'c'], 'a', -1)).toBe('c');
    expect(neighbourChat(['a', 'b'], null, 1)).toBe('a');
    expect(neighbourChat(['a', 'b'], 'gone', -1)).toBe('b');
    expect(neighbourChat([], 'a', 1)).toBeNull();
  });
});

describe('useShortcuts', () => {
  function Probe({ onShortcut }: { onShortcut: (s: ShortcutAction) => boolean }) {
    useShortcuts(onShortcut);
    return <input aria-label="box" />;
  }

  it('calls the handler for shortcuts and prevents the default only when it used the key', () => {
    const handler = vi.fn((s: ShortcutAction) => s.action === 'open-section');
    const { getByLabelText } = render(<Probe onShortcut={handler} />);
    const used = new KeyboardEvent('keydown', { key: '2', ctrlKey: true, bubbles: true, cancelable: true });
    getByLabelText('box').dispatchEvent(used);
    expect(handler).toHaveBeenCalledWith({ action: 'open-section', section: 'contacts' });
    expect(used.defaultPrevented).toBe(true);
    const unused = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    window.dispatchEvent(unused);
    expect(unused.defaultPrevented).toBe(false);
    fireEvent.keyDown(window, { key: 'x' });
    expect(handler).toHaveBeenCalledTimes(2);
  });
});
